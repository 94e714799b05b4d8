"""Expectations written inside HDevelop programs, for testing them (see ``pytest_plugin.py``).

* ``* expect: EXPR`` is a comment line checked after the statement before it: it is rewritten
  into a call of the test operator ``hdlite_expect`` on the same line, so every line number
  stays the file's. When EXPR is one comparison (``Sum == 55``), a failure shows both sides.
* ``* expect error [CODE]: REGEX``: the nearest code line above it must fail, with HALCON
  error CODE (if given) and a message matching REGEX; the line may also be a procedure call
  whose body fails.
* ``* pytest: slow, golden``: marker names for the test, and ``golden`` to compare the final
  variables with ``PROGRAM.golden.json``.
* In plain-text files, lines ``---`` split the file into cases that run separately (each one
  sees only its own lines, at their own line numbers).

Both plain text and HDevelop XML (``<c>* expect: ...</c>``) are understood.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, unescape

from hdlite.errors import HalconError, HdliteError, ResolveError
from hdlite.plugin import registry as ops
from hdlite.plugin.hookspecs import hookimpl
from hdlite.source import Span, snippet
from hdlite.values.control import Vector, format_value, to_json
from hdlite.values.iconic import Image, ObjectTuple, Region

EXPECT = re.compile(r"^\*\s*expect:\s*(.+?)\s*$")
EXPECT_ERROR = re.compile(r"^\*\s*expect error(?:\s+(\d+))?:\s*(.*?)\s*$")
PYTEST_LINE = re.compile(r"^\*\s*pytest:\s*(.*?)\s*$")
_XML_LINE = re.compile(r"^(\s*)<(c|l)>(.*)</\2>\s*$")
_ENTITIES = {"&apos;": "'", "&quot;": '"'}
_SPELLINGS = {"==": ("==", "="), "!=": ("!=", "#")}
_COMPARISONS = ("==", "!=", "<", ">", "<=", ">=")


class ExpectationFailed(HdliteError):
    """An ``* expect:`` line was false; ``try ... catch`` in the program does not catch it."""

    def __init__(self, message: str, span: Span | None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span

    def render(self) -> str:
        where = f"{self.span}: " if self.span else ""
        quoted = snippet(self.span) if self.span else ""
        return f"{where}{self.message}" + ("\n" + quoted if quoted else "")


@ops.operator(
    "hdlite_expect",
    ops.ControlIn("Value"),
    ops.ControlIn("Source", types="string", count=1),
    ops.ControlIn("Left"),
    ops.ControlIn("Right"),
)
def hdlite_expect(
    ctx: ops.CallContext, value: tuple, source: tuple, left: tuple, right: tuple
) -> tuple:
    """Stop the program unless Value is the single integer 1 (Left/Right: shown on failure)."""
    if value != (1,):
        if left or right:
            detail = f"left side {format_value(left)}, right side {format_value(right)}"
        else:
            detail = f"got {format_value(value)}"
        raise ExpectationFailed(f"expectation failed: {source[0]} ({detail})", ctx.span)
    return ()


class ExpectPlugin:
    """An hdlite plugin that adds the ``hdlite_expect`` test operator."""

    @hookimpl
    def hdlite_register_operators(self, registry: ops.OperatorRegistry) -> None:
        """Register ``hdlite_expect``."""
        registry.add(hdlite_expect)


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def expect_call(expr: str) -> str:
    """The statement an ``* expect: EXPR`` line becomes."""
    from hdlite.syntax import parser

    plain = f"hdlite_expect ({expr}, {_quote(expr)}, [], [])"
    prefix = "__expect := "
    try:
        node = parser.parse_lines(prefix + expr, "<expect>")[0].value
    except (HdliteError, IndexError, AttributeError):
        return plain  # the real parse reports the error at the file's line
    if getattr(node, "op", None) not in _COMPARISONS:
        return plain
    start = node.left.span.end_column - 1 - len(prefix)
    stop = node.right.span.column - 1 - len(prefix)
    gap = expr[start:stop]
    for spelling in _SPELLINGS.get(node.op, (node.op,)):
        at = gap.find(spelling)
        rest = gap[:at] + gap[at + len(spelling) :] if at >= 0 else "x"
        if at >= 0 and not rest.strip("[]() \t"):
            left, right = expr[: start + at], expr[start + at + len(spelling) :]
            call = f"hdlite_expect ({expr}, {_quote(expr)}, {left.strip()}, {right.strip()})"
            try:
                parser.parse_lines(call, "<expect>")
            except HdliteError:
                return plain  # the sides do not stand alone, e.g. '(A == B)'
            return call
    return plain


@dataclass
class ExpectedError:
    """An ``* expect error`` line: the code, the pattern, and the code line it is for."""

    code: int | None
    regex: str
    line: int


@dataclass
class Case:
    """One program run of a test file: its (rewritten) text and what it must do."""

    name: str
    first_line: int
    text: str
    expected_error: ExpectedError | None = None
    markers: list[str] = field(default_factory=list)
    golden: bool = False
    whole_file: bool = True


class ExpectationSyntaxError(ValueError):
    """A malformed ``* pytest:`` or ``* expect error`` line."""


def _comment(line: str, xml: bool) -> tuple[str, str, bool] | None:
    """(indent, comment text, is-code) of a line; None for a blank line."""
    if xml:
        match = _XML_LINE.match(line)
        if not match:
            return None
        indent, _tag, content = match.groups()
        content = unescape(content, _ENTITIES)
        stripped = content.strip()
        return indent, stripped, bool(stripped) and not stripped.startswith("*")
    stripped = line.strip()
    if not stripped or stripped == "---":
        return None
    return line[: len(line) - len(line.lstrip())], stripped, not stripped.startswith("*")


def _case(name: str, first: int, lines: list[str], total: int, xml: bool) -> Case:
    """Rewrite lines ``first..first+len(lines)-1`` (1-based) of a file of ``total`` lines."""
    out = [""] * (first - 1)
    case = Case(name, first, "")
    last_code = 0
    for number, line in enumerate(lines, start=first):
        info = _comment(line, xml)
        if info is None:
            out.append(line)
            continue
        indent, text, is_code = info
        expect, error, marks = EXPECT.match(text), EXPECT_ERROR.match(text), PYTEST_LINE.match(text)
        if is_code:
            last_code = number
        elif expect:
            call = expect_call(expect.group(1))
            line = f"{indent}<l>{escape(call)}</l>" if xml else indent + call
        elif error:
            if case.expected_error is not None:
                raise ExpectationSyntaxError(f"line {number}: a second '* expect error' line")
            if not last_code:
                raise ExpectationSyntaxError(f"line {number}: '* expect error' before any code")
            code = int(error.group(1)) if error.group(1) else None
            case.expected_error = ExpectedError(code, error.group(2), last_code)
        elif marks:
            for word in re.split(r"[\s,]+", marks.group(1)):
                if word == "golden":
                    case.golden = True
                elif word.isidentifier():
                    case.markers.append(word)
                elif word:
                    raise ExpectationSyntaxError(f"line {number}: {word!r} is not a marker name")
        out.append(line)
    out += [""] * (total - len(out))
    case.text = "\n".join(out) + "\n"
    return case


def split_cases(stem: str, text: str, *, xml: bool | None = None) -> list[Case]:
    """The cases of a test program: one, or one per ``---`` chunk of a plain-text file.

    Raises:
        ExpectationSyntaxError: a malformed ``* pytest:`` or ``* expect error`` line.
    """
    if xml is None:
        xml = text.lstrip("\ufeff \t\r\n").startswith("<")
    lines = text.split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    separators = [] if xml else [i for i, line in enumerate(lines) if line.strip() == "---"]
    if not separators:
        return [_case(stem, 1, lines, len(lines), xml)]
    cases, start = [], 0
    for end in [*separators, len(lines)]:
        case = _case(f"{stem}:{start + 1}", start + 1, lines[start:end], len(lines), xml)
        case.whole_file = False
        cases.append(case)
        start = end + 1
    return cases


def _places(exc: HdliteError) -> list[tuple[Span | None, str, int | None]]:
    """(span, message, code) of each error an exception reports."""
    if isinstance(exc, ResolveError):
        return [(p.span, p.message, None) for p in exc.problems]
    if isinstance(exc, HalconError):
        spans = [exc.span, *(entry.span for entry in exc.stack)]
        return [(span, exc.message, exc.code) for span in spans]
    errors = getattr(exc, "errors", [exc])
    return [(getattr(e, "span", None), getattr(e, "message", str(e)), None) for e in errors]


def check_error(exc: HdliteError | None, expected: ExpectedError, path: str) -> str | None:
    """Whether a run ended as an ``* expect error`` line says; a failure text, or None."""
    want = f"an error{'' if expected.code is None else f' {expected.code}'}"
    want += f" matching {expected.regex!r} at {path}:{expected.line}"
    if exc is None:
        return f"expected {want}, but the program ran to its end"
    if isinstance(exc, ExpectationFailed):
        return f"expected {want}, but an expectation failed first:\n{exc.render()}"
    for span, message, code in _places(exc):
        if span is None or span.line != expected.line or span.file != path:
            continue
        if not re.search(expected.regex, message):
            return f"expected {want}; the message does not match:\n{exc.render()}"
        if expected.code is not None and code != expected.code:
            return f"expected {want}; got code {code}:\n{exc.render()}"
        return None
    return f"expected {want}; the program failed elsewhere:\n{exc.render()}"


# ----------------------------------------------------------------------------- golden files


def _describe(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Image):
        out: dict[str, Any] = {"image": obj.pixel_type, "channels": obj.channels}
        out.update(width=obj.width, height=obj.height)
        if obj.domain is not None:
            out["domain_area"] = obj.domain.area()
        return out
    if isinstance(obj, Region):
        return {"region": obj.area(), "bbox": list(obj.bbox())}
    return {"object": obj.kind}


def golden_value(value: Any) -> Any:
    """A variable value as JSON data for a golden file (objects are summarised)."""
    if isinstance(value, Vector):
        return {"vector": [golden_value(item) for item in value.items]}
    if isinstance(value, ObjectTuple):
        return {"objects": [_describe(obj) for obj in value]}
    return to_json(value)


def golden_data(variables: dict[str, Any]) -> dict[str, Any]:
    """The golden-file content for main's final variables."""
    return {name: golden_value(variables[name]) for name in sorted(variables)}


def _same(a: Any, b: Any, rel_tol: float) -> bool:
    if type(a) is float and type(b) is float:
        return a == b or math.isclose(a, b, rel_tol=rel_tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, rel_tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], rel_tol) for k in a)
    return type(a) is type(b) and a == b


def golden_differences(
    expected: dict[str, Any], actual: dict[str, Any], rel_tol: float
) -> list[str]:
    """One line per variable that differs between a golden file and a run."""
    lines = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            lines.append(f"{name}: in the golden file, but the program left it unset")
        elif name not in expected:
            lines.append(f"{name}: set by the program, but not in the golden file")
        elif not _same(expected[name], actual[name], rel_tol):
            lines.append(f"{name}: golden {expected[name]!r:.200}, got {actual[name]!r:.200}")
    return lines
