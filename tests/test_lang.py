"""Language tests written in the language: tests/lang/*.hdtxt and tests/errors/*.hdtxt.

In ``tests/lang``, a comment line ``* expect: EXPR`` checks that EXPR is true after the
statement before it ran (it becomes a call of the test operator ``hdlite_expect`` on the same
line, so line numbers stay the file's). In ``tests/errors``, files are split into chunks by
``---`` lines; every chunk is a separate program whose last expectation is
``* expect error [CODE]: REGEX``: running the chunk must fail on the line just above, with the
HALCON code CODE (if given) and a message matching REGEX.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hdlite import operators as ops
from hdlite.errors import HalconError, HdliteError, ParseError, ResolveError
from hdlite.hookspecs import hookimpl
from hdlite.interpreter import Interpreter
from hdlite.plugins import make_plugin_manager
from hdlite.program import load_program

HERE = Path(__file__).parent
EXPECT = re.compile(r"^(\s*)\*\s*expect:\s*(.+?)\s*$")
EXPECT_ERROR = re.compile(r"^\s*\*\s*expect error(?:\s+(\d+))?:\s*(.*?)\s*$")


class ExpectationFailed(HalconError):
    """An ``* expect:`` line was false."""


@ops.operator(
    "hdlite_expect", ops.ControlIn("Value"), ops.ControlIn("Source", types="string", count=1)
)
def hdlite_expect(ctx: ops.CallContext, value: tuple, source: tuple) -> tuple:
    """Fail the test unless Value is the single integer 1."""
    if value != (1,):
        raise ExpectationFailed(30999, f"expectation failed: {source[0]} (got {value!r})")
    return ()


class ExpectPlugin:
    """Registers ``hdlite_expect`` for the language tests."""

    @hookimpl
    def hdlite_register_operators(self, registry: ops.OperatorRegistry) -> None:
        registry.add(hdlite_expect)


@pytest.fixture(scope="module")
def test_host():
    return make_plugin_manager(plugins=[ExpectPlugin()])


def rewrite(text: str) -> str:
    """Turn ``* expect: EXPR`` comment lines into ``hdlite_expect (EXPR, 'EXPR')`` calls."""
    out = []
    for line in text.splitlines():
        match = EXPECT.match(line)
        if match:
            indent, expr = match.groups()
            quoted = expr.replace("\\", "\\\\").replace("'", "\\'")
            line = f"{indent}hdlite_expect ({expr}, '{quoted}')"
        out.append(line)
    return "\n".join(out) + "\n"


LANG_FILES = sorted((HERE / "lang").glob("*.hdtxt"))


@pytest.mark.parametrize("path", LANG_FILES, ids=[p.stem for p in LANG_FILES])
def test_language(path: Path, test_host) -> None:
    program = load_program(str(path), rewrite(path.read_text(encoding="utf-8")))
    try:
        Interpreter(test_host).run(program)
    except HdliteError as exc:
        pytest.fail(exc.render())


def error_chunks(path: Path) -> list[tuple[int, str, int | None, str, int]]:
    """(first line, chunk text with other lines blanked, code, regex, expected line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    chunks = []
    start = 0
    for number, line in enumerate([*lines, "---"]):
        if line.strip() != "---":
            continue
        body = lines[start:number]
        expectation = None
        for offset, text in enumerate(body):
            match = EXPECT_ERROR.match(text)
            if match:
                code = int(match.group(1)) if match.group(1) else None
                expectation = (code, match.group(2), start + offset)  # 1-based line above
        if expectation is None:
            raise AssertionError(f"{path}:{start + 1}: chunk without '* expect error'")
        blanked = [""] * start + body + [""] * (len(lines) - number)
        chunks.append((start + 1, rewrite("\n".join(blanked)), *expectation))
        start = number + 1
    return chunks


ERROR_CASES = [
    pytest.param(path, chunk, id=f"{path.stem}:{chunk[0]}")
    for path in sorted((HERE / "errors").glob("*.hdtxt"))
    for chunk in error_chunks(path)
]


@pytest.mark.parametrize(("path", "chunk"), ERROR_CASES)
def test_error(path: Path, chunk: tuple, test_host) -> None:
    _first, text, code, regex, line = chunk
    try:
        Interpreter(test_host).run(load_program(str(path), text))
    except (HalconError, ParseError, ResolveError) as exc:
        if isinstance(exc, ResolveError):
            span, message, got_code = exc.problems[0].span, exc.problems[0].message, None
        elif isinstance(exc, ParseError):
            span, message, got_code = exc.span, exc.message, None
        else:
            span, message, got_code = exc.span, exc.message, exc.code
        assert not isinstance(exc, ExpectationFailed), exc.render()
        assert span is not None and span.line == line, (
            f"error at {span}, expected line {line}: {message}"
        )
        assert span.file == str(path)
        assert re.search(regex, message), f"{message!r} does not match {regex!r}"
        if code is not None:
            assert got_code == code, f"error code {got_code}, expected {code}: {message}"
    else:
        pytest.fail(f"{path}:{line}: expected an error matching {regex!r}")
