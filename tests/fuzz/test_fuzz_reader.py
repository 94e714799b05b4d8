"""Fuzzing the reader, parser and resolver (``hdlite check``) with hypothesis.

Generated and mutated programs, in the XML and the plain-text form, must either load and
resolve, or fail with hdlite's own error carrying a position; never another exception.

CI runs a short budget. A long run:
``HDLITE_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/fuzz -q -p no:cacheprovider``
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hdlite.errors import HdliteError, ParseError, ReadError, ResolveError
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.syntax.program import load_program

ROOT = Path(__file__).parents[2]
EXAMPLES = int(os.environ.get("HDLITE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HOST = make_plugin_manager()
SEEDS = sorted(
    p
    for pattern in (
        "scripts/*.hdev",
        "procedures/*.hdvp",
        "tests/lang/*.hdtxt",
        "tests/errors/*.hdtxt",
    )
    for p in ROOT.glob(pattern)
)
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]


def check_text(text: str, name: str = "fuzz.hdtxt") -> None:
    """Load and resolve ``text``; only success or a positioned hdlite error is acceptable."""
    path = str(ROOT / "tests" / "fuzz" / name)  # never written; the name only labels errors
    try:
        program = load_program(path, text)
        resolution = Interpreter(HOST).resolve(program)
    except ParseError as exc:
        assert exc.span is not None and exc.span.line >= 1, exc
        return
    except ReadError as exc:
        assert exc.span is not None or "main" in exc.message, exc
        return
    except ResolveError as exc:
        assert all(p.span.line >= 1 for p in exc.problems)
        return
    except HdliteError:
        return
    for problem in resolution.problems:
        assert problem.span is not None and problem.span.line >= 1


# ----------------------------------------------------------------------------- mutation


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(["delete", "insert", "replace", "dup_line", "drop_line", "swap"])
        )
        if not text:
            text = "X := 1\n"
        i = draw(st.integers(0, len(text) - 1))
        if kind == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 8)) :]
        elif kind == "insert":
            piece = draw(
                st.sampled_from(
                    [
                        "(",
                        ")",
                        "[",
                        "]",
                        "{",
                        "}",
                        "'",
                        ":=",
                        "\\\n",
                        "endif",
                        "<",
                        "&",
                        "\x00",
                        "é",
                        "$",
                        "|",
                        "#",
                        "*",
                        "//",
                        "\n",
                        "proc p ()\n",
                        "endproc\n",
                    ]
                )
            )
            text = text[:i] + piece + text[i:]
        elif kind == "replace":
            text = text[:i] + draw(st.characters()) + text[i + 1 :]
        else:
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "dup_line":
                lines.insert(j, lines[j])
            elif kind == "drop_line":
                del lines[j]
            else:
                k = draw(st.integers(0, len(lines) - 1))
                lines[j], lines[k] = lines[k], lines[j]
            text = "\n".join(lines)
    return text


@FUZZ
@given(mutated())
def test_mutated_programs(text: str) -> None:
    check_text(text, "mutated.hdev" if text.lstrip().startswith("<") else "mutated.hdtxt")


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check_text(text)


# ----------------------------------------------------------------------------- generation

NAMES = st.sampled_from(["A", "B", "Tuple", "Value", "I", "X_1", "Result"])
LITERALS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: repr(abs(f))),
    st.text(
        alphabet=st.characters(blacklist_characters="'\\", blacklist_categories=("Cs", "Cc")),
        max_size=8,
    ).map(lambda s: f"'{s}'"),
    st.just("0x1F"),
    st.just("[]"),
)
BINARY = st.sampled_from(
    [
        "+",
        "-",
        "*",
        "/",
        "%",
        "==",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
        "and",
        "or",
        "xor",
        "band",
        "bor",
        "[==]",
        "[<]",
        "=",
    ]
)


def expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        st.one_of(NAMES, LITERALS),
        lambda inner: st.one_of(
            st.tuples(inner, BINARY, inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"not {e}"),
            inner.map(lambda e: f"|{e}|"),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.tuples(NAMES, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(NAMES, inner, inner).map(lambda t: f"{t[0]}[{t[1]}:{t[2]}]"),
            st.tuples(inner, LITERALS).map(lambda t: f"{t[0]}$'.2f'"),
            st.tuples(st.sampled_from(["sum", "max", "strlen", "sort", "abs"]), inner).map(
                lambda t: f"{t[0]}({t[1]})"
            ),
            st.lists(inner, max_size=3).map(lambda xs: "{" + ", ".join(xs) + "}"),
            st.tuples(NAMES, NAMES).map(lambda t: f"{t[0]}.{t[1].lower()}"),
        ),
        max_leaves=12,
    )


EXPRESSIONS = expressions()


@st.composite
def programs(draw: st.DrawFn) -> str:
    lines: list[str] = []
    depth: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(
            st.sampled_from(["assign", "call", "if", "for", "while", "end", "try", "index"])
        )
        expr = draw(EXPRESSIONS)
        name = draw(NAMES)
        if kind == "assign":
            lines.append(f"{name} := {expr}")
        elif kind == "index":
            lines.append(f"{name}[{draw(st.integers(0, 5))}] := {expr}")
        elif kind == "call":
            lines.append(f"tuple_length ({expr}, {name})")
        elif kind == "if":
            lines.append(f"if ({expr})")
            depth.append("endif")
        elif kind == "for":
            lines.append(f"for {name} := 0 to {expr} by 1")
            depth.append("endfor")
        elif kind == "while":
            lines.append(f"while ({expr})")
            depth.append("endwhile")
        elif kind == "try":
            lines.append("try")
            depth.append("catch (Exception)\nendtry")
        elif depth:
            lines.append(depth.pop())
    lines.extend(reversed(depth))
    return "\n".join(lines) + "\n"


@FUZZ
@given(programs())
def test_generated_programs_parse_and_resolve(text: str) -> None:
    """Generated programs are valid HDevelop: they must load and resolve without error."""
    path = str(ROOT / "tests" / "fuzz" / "generated.hdtxt")
    program = load_program(path, text)
    resolution = Interpreter(HOST).resolve(program)
    assert not resolution.errors, [p.render() for p in resolution.errors]


@FUZZ
@given(programs())
def test_generated_programs_as_xml(text: str) -> None:
    body = "\n".join(f"<l>{escape(line)}</l>" for line in text.splitlines())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<hdevelop file_version="1.2" halcon_version="24.11">\n'
        f'<procedure name="main">\n<interface/>\n<body>\n{body}\n</body>\n'
        "</procedure>\n</hdevelop>\n"
    )
    program = load_program(str(ROOT / "tests" / "fuzz" / "generated.hdev"), xml)
    assert not Interpreter(HOST).resolve(program).errors
