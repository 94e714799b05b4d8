"""The grammar: precedence, literals, every labelled typical mistake, positions."""

from __future__ import annotations

import pytest

from hdlite.errors import ParseError
from hdlite.syntax import ast
from hdlite.syntax.parser import friendly_labels, int_literal, parse_lines, unescape


def value_of(source: str) -> ast.Expr:
    (stmt,) = parse_lines(f"X := {source}\n", "t.hdtxt")
    assert isinstance(stmt, ast.Assign)
    return stmt.value


def shape(expr: ast.Expr) -> str:
    if isinstance(expr, ast.Binary):
        return f"({shape(expr.left)} {expr.op} {shape(expr.right)})"
    if isinstance(expr, ast.Unary):
        return f"({expr.op} {shape(expr.operand)})"
    if isinstance(expr, ast.Format):
        return f"({shape(expr.value)} $ {shape(expr.format)})"
    if isinstance(expr, ast.Var):
        return expr.name
    if isinstance(expr, ast.Const):
        return repr(expr.value[0])
    return type(expr).__name__


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A or B and C", "(A or (B and C))"),
        ("A xor B or C", "((A xor B) or C)"),
        ("A and B bor C", "(A and (B bor C))"),
        ("A bor B bxor C band D", "(A bor (B bxor (C band D)))"),
        ("A == B < C", "(A == (B < C))"),
        ("A < B [==] C", "(A < (B [==] C))"),
        ("A [==] B [<] C", "(A [==] (B [<] C))"),
        ("A [<] B + C", "(A [<] (B + C))"),
        ("A + B * C", "(A + (B * C))"),
        ("A - B - C", "((A - B) - C)"),
        ("A / B % C", "((A / B) % C)"),
        ("not A == B", "((not A) == B)"),
        ("-A * B", "((- A) * B)"),
        ("-A$'.2f'", "(- (A $ '.2f'))"),
        ("'x' + A$'d'", "('x' + (A $ 'd'))"),
        ("A = B", "(A == B)"),
        ("A # B", "(A != B)"),
        ("A [=] B", "(A [==] B)"),
        ("A [#] B", "(A [!=] B)"),
        ("bnot A band B", "((bnot A) band B)"),
    ],
)
def test_precedence(source: str, expected: str):
    assert shape(value_of(source)) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("7", 7), ("010", 8), ("073421", 30481), ("08", 8), ("4711", 4711)],
)
def test_int_literals(text: str, value: int):
    assert int_literal(text) == value


@pytest.mark.parametrize(
    ("body", "text"),
    [(r"a\nb", "a\nb"), (r"\\", "\\"), (r"\'", "'"), (r"\x41", "A"), (r"\101", "A"), (r"\q", "q")],
)
def test_string_escapes(body: str, text: str):
    assert unescape(body) == text


def test_negative_literal_folds():
    assert value_of("-5").value == (-5,)


@pytest.mark.parametrize(("label", "examples"), list(friendly_labels().items()))
def test_every_labelled_mistake_is_recognised(label: str, examples: list[str]):
    for example in examples:
        with pytest.raises(ParseError) as info:
            parse_lines(example, "m.hdtxt")
        assert label in info.value.message, (example, info.value.message)


def test_positions_are_one_based_lines_and_columns():
    (stmt,) = parse_lines("\n\n    Y := [1, 2]\n", "p.hdtxt")
    assert (stmt.span.line, stmt.span.column) == (3, 5)
    assert (stmt.value.span.line, stmt.value.span.column) == (3, 11)


def test_calls_without_space_and_keywords_with_parentheses():
    stmts = parse_lines("stop()\nstop ()\nreturn()\nread_image(I,'a')\nbreak\n", "k.hdtxt")
    assert [type(s).__name__ for s in stmts] == ["Stop", "Stop", "Return", "Call", "Break"]


def test_par_start_and_import_and_global():
    stmts = parse_lines(
        "par_start<T1> : gen_image (A, B)\nimport ./procs dir\nglobal def object vector(1) G\n",
        "x.hdtxt",
    )
    par, imp, glob = stmts
    assert (
        isinstance(par, ast.ParStart) and par.thread.name == "T1" and par.call.name == "gen_image"
    )
    assert isinstance(imp, ast.Import) and imp.path == "./procs dir"
    assert isinstance(glob, ast.Global) and (glob.kind, glob.dimension, glob.name) == (
        "object",
        1,
        "G",
    )


def test_par_start_into_a_vector_element_and_comparisons_still_parse():
    par, cmp_ = parse_lines(
        "par_start<IDs.at(I)> : median_image (A, B.at(I), 'circle', 3, 'mirrored')\nX := A > B\n",
        "v.hdtxt",
    )
    assert isinstance(par, ast.ParStart) and isinstance(par.thread, ast.MethodCall)
    assert isinstance(cmp_.value, ast.Binary) and cmp_.value.op == ">"


@pytest.mark.parametrize("line", ["OTemp", "endprocedure", "[1, 2]"])
def test_bare_expressions_are_not_statements(line: str):
    with pytest.raises(ParseError, match="not a statement"):
        parse_lines(line + "\n", "b.hdtxt")
