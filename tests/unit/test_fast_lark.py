"""The parser's inline LALR driver, lexer and rule callbacks build exactly what plain Lark builds.

hdlite/syntax/fast_lark.py replaces Lark's per-token lexer loop and its per-rule callback
wrappers for speed. Every program text the project has (language tests, error catalogues,
examples, procedures) and a generated program with every statement kind are parsed by both
parsers; the statements (with every position) and the errors must be the same.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lark import Lark, UnexpectedInput

import hdlite.syntax.parser as parser_module
from hdlite.syntax.fast_lark import NotFast

ROOT = Path(__file__).resolve().parents[2]


def _plain() -> Lark:
    builder = parser_module._Builder()
    return Lark.open_from_package(
        "hdlite.syntax",
        "grammar/hdevelop.lark",
        parser="lalr",
        maybe_placeholders=True,
        transformer=builder,
    )


def _texts() -> list[Path]:
    found = [
        *ROOT.glob("tests/**/*.hdtxt"),
        *ROOT.glob("scripts/**/*.hdtxt"),
        *ROOT.glob("procedures/*.hdvp"),
        *ROOT.glob("scripts/**/*.hdev"),
    ]
    return sorted(found)


def _outcome(lark: Lark | None, text: str) -> str:
    """What parsing ``text`` gives; ``None``: the inline driver with its fallback to Lark."""
    parser_module._state.file, parser_module._state.bad = "f", []
    try:
        if lark is None:
            try:
                result = parser_module._inline().parse(text)
            except NotFast:
                parser_module._state.bad = []
                result = parser_module._lark().parse(text)
        else:
            result = lark.parse(text)
        return re.sub(r" at 0x[0-9a-f]+", "", repr((result, parser_module._state.bad)))
    except UnexpectedInput as exc:
        return f"error at {exc.line}:{exc.column} {type(exc).__name__}"


def test_every_project_program_parses_the_same() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_interpreter import generate_program

    plain, fast = _plain(), None
    texts = [generate_program(3000)]
    for path in _texts():
        body = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".hdev", ".hdvp"):
            # the code lines of the XML, as the reader hands them to the parser
            body = "\n".join(
                line.split("<l>", 1)[1].rsplit("</l>", 1)[0]
                for line in body.splitlines()
                if "<l>" in line and "</l>" in line
            )
        texts.append(body + "\n")
    assert len(texts) > 50
    for text in texts:
        for line in text.splitlines():
            # line by line too: a bad line fails at the same place in both
            if line.strip() and not line.lstrip().startswith("*"):
                assert _outcome(plain, line + "\n") == _outcome(fast, line + "\n"), line
        assert _outcome(plain, text) == _outcome(fast, text)


@pytest.mark.parametrize(
    "text",
    ["X := 'abc\n", "X := 1 @ 2\n", "f (A,\\\n   B)\n", "\tX :=\t[1,\f2]  \n", "X := 1 ++ \n"],
)
def test_odd_blanks_continuations_and_errors(text: str) -> None:
    assert _outcome(_plain(), text) == _outcome(parser_module._lark(), text)
    assert _outcome(_plain(), text) == _outcome(None, text)


@pytest.mark.parametrize("text", ["X := 1 @ 2\n", "X := 'abc\n", "f (A B)\n", "endfor endfor\n"])
def test_the_inline_driver_leaves_syntax_errors_to_lark(text: str) -> None:
    parser_module._state.file, parser_module._state.bad = "f", []
    with pytest.raises(NotFast):
        parser_module._inline().parse(text)
