"""Expectations written inside HDevelop programs, for testing them (see ``pytest_plugin.py``).

* ``* expect: EXPR`` is a comment line checked after the statement before it: it is rewritten
  into a call of the test operator ``hdlite_expect`` on the same line, so every line number
  stays the file's. When EXPR is one comparison (``Sum == 55``), a failure shows both sides.
* ``* expect error [CODE]: REGEX``: the nearest code line above it must fail, with HALCON
  error CODE (if given) and a message matching REGEX; the line may also be a procedure call
  whose body fails.
* ``* pytest: slow, golden``: marker names for the test, and ``golden`` to compare the final
  variables with ``PROGRAM.golden.json``.
* ``* answers: FILE`` or ``* answers: {JSON}``: scripted answers for interactive operators
  (``hdlite run --answers``): a JSON file, relative to the program's folder, or the JSON
  object itself on the line.
* In plain-text files, lines ``---`` split the file into cases that run separately (each one
  sees only its own lines, at their own line numbers).

A failing ``* expect:`` line does not stop the program: every expectation is checked and every
failure reported (:func:`expectation_failures`). A comment that looks like an expectation but
is not one of these forms (``* Expect:``, ``* expects:``, ``* expect error 1302 text`` without
a colon, ``// expect:``), an ``* expect:`` expression that does not parse and an ``* expect
error`` pattern that is not a valid regular expression are errors of the test file
(:class:`ExpectationSyntaxError`, with file:line), never silently comments.

Both plain text and HDevelop XML (``<c>* expect: ...</c>``) are understood.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, unescape

from hdlite.answers import AnswerError, Answers
from hdlite.errors import HalconError, HdliteError, ResolveError
from hdlite.plugin import registry as ops
from hdlite.plugin.calls import CallContext
from hdlite.plugin.hookspecs import hookimpl
from hdlite.source import Span, snippet
from hdlite.values.control import format_value

EXPECT = re.compile(r"^\*\s*expect:\s*(.+?)\s*$")
EXPECT_ERROR = re.compile(r"^\*\s*expect error(?:\s+(\d+))?:\s*(.*?)\s*$")
PYTEST_LINE = re.compile(r"^\*\s*pytest:\s*(.*?)\s*$")
ANSWERS_LINE = re.compile(r"^\*\s*answers:\s*(.*?)\s*$")
#: a comment that is meant as an expectation or a pytest line (any case, any near spelling)
LOOKS_LIKE = re.compile(r"^\*\s*(?:(?:expects?|pytest)\b|answers?\s*:)", re.IGNORECASE)
#: an end-of-line or whole-line ``//`` comment that is meant as one (plain text only)
SLASH_LOOKS_LIKE = re.compile(r"(?:^|\s)//\s*(expects?|pytest)\b", re.IGNORECASE)
FORMS = (
    "'* expect: EXPR', '* expect error [CODE]: REGEX', '* pytest: MARKERS' or "
    "'* answers: FILE|{JSON}'"
)
#: where a run keeps the failed expectations (``session.state`` is per-plugin storage)
STATE_KEY = "hdlite.testing.expect"
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
    ctx: CallContext, value: tuple, source: tuple, left: tuple, right: tuple
) -> tuple:
    """Record a failure unless Value is the single integer 1 (Left/Right: shown on failure).

    The program goes on, so the expectations after a failing one are checked too.
    """
    if value != (1,):
        if left or right:
            detail = f"left side {format_value(left)}, right side {format_value(right)}"
        else:
            detail = f"got {format_value(value)}"
        failure = ExpectationFailed(f"expectation failed: {source[0]} ({detail})", ctx.span)
        ctx.session.state.setdefault(STATE_KEY, []).append(failure)
    return ()


def expectation_failures(session: Any) -> list[ExpectationFailed]:
    """The ``* expect:`` lines that failed during a run in ``session``, in order."""
    failures: list[ExpectationFailed] = session.state.get(STATE_KEY, [])
    return failures


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
    #: the ``* answers:`` line: (line number, file name or JSON text), or None
    answers: tuple[int, str] | None = None


class ExpectationSyntaxError(ValueError):
    """Lines of a test file that look like expectations but are not valid ones.

    ``str()`` lists every bad line as ``file:line: message`` (with the line quoted).
    """

    def __init__(
        self, problems: list[tuple[int, str]], path: str = "", lines: list[str] | None = None
    ):
        self.problems = problems
        self.path = path
        text = []
        for number, message in problems:
            where = f"{path}:{number}" if path else f"line {number}"
            text.append(f"{where}: {message}")
            if lines is not None and 0 < number <= len(lines):
                text.append(f"  {number:>4} | {lines[number - 1].strip()}")
        super().__init__("\n".join(text))


def _check_expression(expr: str) -> str | None:
    """Why ``expr`` is not a valid ``* expect:`` expression, or None."""
    from hdlite.syntax import parser

    prefix = "__expect := "
    try:
        parser.parse_lines(prefix + expr, "<expect>")
    except HdliteError as exc:
        errors = getattr(exc, "errors", None) or [exc]
        first = errors[0]
        span = getattr(first, "span", None)
        message = getattr(first, "message", str(first))
        column = "" if span is None else f" at column {max(span.column - len(prefix), 1)}"
        return f"the '* expect:' expression does not parse{column}: {message}"
    return None


def _check_regex(regex: str) -> str | None:
    """Why ``regex`` is not a valid ``* expect error`` pattern, or None."""
    try:
        re.compile(regex)
    except re.error as exc:
        where = "" if exc.pos is None else f" at position {exc.pos}"
        return (
            f"the '* expect error' pattern {regex!r} is not a regular expression{where}: {exc.msg}"
        )
    return None


def _check_answers(text: str, again: bool) -> str | None:
    """Why an ``* answers:`` line is not valid, or None."""
    if again:
        return "a second '* answers' line in one case"
    if not text:
        return "'* answers:' needs a JSON file name or a JSON object"
    if text.startswith("{"):
        try:
            json.loads(text)
        except ValueError as exc:
            return f"the '* answers:' JSON does not parse: {exc}"
    return None


def case_answers(case: Case, path: str) -> Answers:
    """The scripted answers of a case (none without an ``* answers:`` line).

    Raises:
        AnswerError: the file cannot be read or the answers are malformed (with file:line).
    """
    if case.answers is None:
        return Answers()
    line, text = case.answers
    where = f"{path}:{line}"
    if text.startswith("{"):
        return Answers(json.loads(text), where)  # its messages start with file:line
    try:
        return Answers.load(os.path.join(os.path.dirname(path), text))
    except AnswerError as exc:
        raise AnswerError(f"{where}: {exc.message}") from None


SLASH_MESSAGE = f"expectations are '*' comment lines, not '//' comments; write {FORMS}"


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


def _case(
    name: str, first: int, lines: list[str], total: int, xml: bool, problems: list[tuple[int, str]]
) -> Case:
    """Rewrite lines ``first..first+len(lines)-1`` (1-based) of a file of ``total`` lines.

    Malformed expectation lines are appended to ``problems`` as (line, message).
    """
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
        answers = ANSWERS_LINE.match(text)
        if is_code:
            last_code = number
            if not xml and SLASH_LOOKS_LIKE.search(line):
                problems.append((number, SLASH_MESSAGE))
        elif expect:
            why = _check_expression(expect.group(1))
            if why:
                problems.append((number, why))
            call = expect_call(expect.group(1))
            line = f"{indent}<l>{escape(call)}</l>" if xml else indent + call
        elif error:
            if case.expected_error is not None:
                problems.append((number, "a second '* expect error' line in one case"))
            elif not last_code:
                problems.append((number, "'* expect error' before any code line"))
            else:
                why = _check_regex(error.group(2))
                if why:
                    problems.append((number, why))
                code = int(error.group(1)) if error.group(1) else None
                case.expected_error = ExpectedError(code, error.group(2), last_code)
        elif marks:
            for word in re.split(r"[\s,]+", marks.group(1)):
                if word == "golden":
                    case.golden = True
                elif word.isidentifier():
                    case.markers.append(word)
                elif word:
                    problems.append((number, f"{word!r} is not a marker name"))
        elif answers:
            why = _check_answers(answers.group(1), case.answers is not None)
            if why:
                problems.append((number, why))
            case.answers = (number, answers.group(1))
        elif LOOKS_LIKE.match(text):
            problems.append(
                (number, f"this looks like an expectation but is not one; write {FORMS}")
            )
        out.append(line)
    out += [""] * (total - len(out))
    case.text = "\n".join(out) + "\n"
    return case


def split_cases(stem: str, text: str, *, xml: bool | None = None, path: str = "") -> list[Case]:
    """The cases of a test program: one, or one per ``---`` chunk of a plain-text file.

    Args:
        stem: the test name (the file name without its extension).
        text: the file's text.
        xml: whether the text is HDevelop XML (default: guessed from the first character).
        path: the file's path, for error messages.

    Raises:
        ExpectationSyntaxError: every line that looks like an expectation but is not a valid
            one, with its file:line.
    """
    if xml is None:
        xml = text.lstrip("\ufeff \t\r\n").startswith("<")
    lines = text.split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    problems: list[tuple[int, str]] = []
    separators = [] if xml else [i for i, line in enumerate(lines) if line.strip() == "---"]
    if not separators:
        cases = [_case(stem, 1, lines, len(lines), xml, problems)]
    else:
        cases, start = [], 0
        for end in [*separators, len(lines)]:
            chunk = lines[start:end]
            case = _case(f"{stem}:{start + 1}", start + 1, chunk, len(lines), xml, problems)
            case.whole_file = False
            cases.append(case)
            start = end + 1
    if problems:
        raise ExpectationSyntaxError(sorted(problems), path, lines)
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
