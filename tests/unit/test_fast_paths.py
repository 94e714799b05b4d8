"""The generated fast paths give exactly what the tuple rules give, errors included.

Loops, conditions, assignments and operator calls run generated Python for single numbers
and strings (hdlite/runtime/fast_exprs.py, fast_blocks.py, fast_calls.py); anything else
falls back to the compiled closures. Each case here runs an expression inside a loop (the
fast path) and compares the result, or the error code, with HALCON's tuple rules applied
directly (hdlite.values.arith), over operands chosen to hit every boundary: 64-bit limits,
reals and integers mixed, NaN and infinities, strings, empty and two-element tuples.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest

from hdlite.errors import HalconError
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.syntax.program import load_program
from hdlite.values import arith
from hdlite.values.formatting import format_tuple

MAX, MIN = 2**63 - 1, -(2**63)
OPERANDS: list[tuple] = [
    (0,),
    (7,),
    (-7,),
    (3,),
    (-2,),
    (MAX,),
    (MIN,),
    (2.5,),
    (-0.5,),
    (0.0,),
    (math.inf,),
    (math.nan,),
    ("ab",),
    ("",),
    (1, 2),
    (),
]
BINARY = ["+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "and", "or", "xor"]


@pytest.fixture(scope="module")
def interpreter() -> Interpreter:
    return Interpreter(make_plugin_manager())


def _run(interpreter: Interpreter, tmp_path: Path, text: str, inputs: dict[str, Any]) -> Any:
    path = tmp_path / "case.hdtxt"
    path.write_text(text)
    try:
        return interpreter.run(load_program(str(path)), inputs).variables
    except HalconError as exc:
        return exc.code


def _expected(fn: Any, *args: tuple) -> Any:
    try:
        return fn(*args)
    except HalconError as exc:
        return exc.code


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, int) or isinstance(got, int):
        return got == want
    return len(got) == len(want) and all(
        type(g) is type(w) and (g == w or (g != g and w != w))
        for g, w in zip(got, want, strict=True)
    )


def _loop(body: str) -> str:
    return f"for K := 1 to 2 by 1\n    {body}\nendfor\n"


@pytest.mark.parametrize("op", BINARY)
def test_binary_operators_in_loops_follow_the_tuple_rules(
    op: str, interpreter: Interpreter, tmp_path: Path
) -> None:
    rule = arith.BINARY[op]
    program = _loop(f"X := A {op} B")
    for a, b in itertools.product(OPERANDS, repeat=2):
        want = _expected(rule, a, b)
        got = _run(interpreter, tmp_path, program, {"A": a, "B": b})
        got = got if isinstance(got, int) else got["X"]
        assert _same(got, want), (a, op, b, got, want)


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "%", "<", "==", "and"])
@pytest.mark.parametrize("literal", ["3", "-2", "2.5", "'s'", "0"])
def test_operators_with_literals_and_the_loop_variable(
    op: str, literal: str, interpreter: Interpreter, tmp_path: Path
) -> None:
    constant = (eval(literal),)
    rule = arith.BINARY[op]
    for a in OPERANDS:
        for left, program in (
            (a, _loop(f"X := A {op} {literal}")),
            (constant, _loop(f"X := {literal} {op} A")),
        ):
            right = constant if left is a else a
            want = _expected(rule, left, right)
            got = _run(interpreter, tmp_path, program, {"A": a})
            got = got if isinstance(got, int) else got["X"]
            assert _same(got, want), (program, a, got, want)
    # the loop variable itself (a Python int inside the loop)
    program = f"X := []\nfor K := -3 to 3 by 1\n    X := [X, K {op} {literal}]\nendfor\n"
    want_values: tuple = ()
    for k in range(-3, 4):
        step = _expected(rule, (k,), constant)
        if isinstance(step, int):
            want_values = step  # type: ignore[assignment]
            break
        want_values += step
    got = _run(interpreter, tmp_path, program, {})
    got = got if isinstance(got, int) else got["X"]
    assert _same(got, want_values), (op, literal, got, want_values)


@pytest.mark.parametrize("op", ["-", "not"])
def test_unary_operators(op: str, interpreter: Interpreter, tmp_path: Path) -> None:
    program = _loop(f"X := {op} A" if op == "not" else "X := -A")
    for a in OPERANDS:
        want = _expected(arith.UNARY[op], a)
        got = _run(interpreter, tmp_path, program, {"A": a})
        got = got if isinstance(got, int) else got["X"]
        assert _same(got, want), (op, a, got, want)


def test_conditions_follow_the_truth_rule(interpreter: Interpreter, tmp_path: Path) -> None:
    program = _loop("if (A)\n        X := 1\n    else\n        X := 0\n    endif")
    for a in OPERANDS:
        try:
            want: Any = (1,) if arith.truth(a, "if") else (0,)
        except HalconError as exc:
            want = exc.code
        got = _run(interpreter, tmp_path, program, {"A": a})
        got = got if isinstance(got, int) else got["X"]
        assert _same(got, want), (a, got, want)


def test_indexing_length_and_dict_access(interpreter: Interpreter, tmp_path: Path) -> None:
    program = _loop("X := T[A] * 2\n    Y := |T| + D.v")
    table = (4, 5.5, "s")
    for a in [(0,), (1,), (2,), (3,), (-1,), (1.0,), ("x",), ()]:
        try:
            want: Any = arith.mul(arith.select(table, a), (2,))
        except HalconError as exc:
            want = exc.code
        got = _run(
            interpreter,
            tmp_path,
            "D := dict{v: 10}\n" + program,
            {"A": a, "T": table},
        )
        if isinstance(got, int):
            assert got == want, (a, got, want)
        else:
            assert _same(got["X"], want), (a, got["X"], want)
            assert got["Y"] == (13,)


def test_text_building_matches_the_tuple_rules(interpreter: Interpreter, tmp_path: Path) -> None:
    program = _loop("X := 'item ' + A$'05d' + ': ' + (A * 2) + ' mm' + B")
    for a, b in itertools.product([(7,), (-3,), (2.5,), ("z",)], [(1,), (0.25,), ("q",)]):
        try:
            want: Any = ("item ",)
            for part in (format_tuple(a, ("05d",)), (": ",), arith.mul(a, (2,)), (" mm",), b):
                want = arith.add(want, part)
        except HalconError as exc:
            want = exc.code
        got = _run(interpreter, tmp_path, program, {"A": a, "B": b})
        got = got if isinstance(got, int) else got["X"]
        assert _same(got, want), (a, b, got, want)


def test_loop_variable_is_visible_to_calls_and_after_the_loop(
    interpreter: Interpreter, tmp_path: Path
) -> None:
    program = (
        "Seen := []\nfor I := 1 to 5 by 2\n    tuple_concat (Seen, I, Seen)\n"
        "    if (I == 3)\n        break\n    endif\nendfor\nAfter := I\n"
        "for J := 1 to 3 by 1\nendfor\n"
        "for R := 0.5 to 1.6 by 0.5\n    Seen := [Seen, R]\nendfor\n"
    )
    got = _run(interpreter, tmp_path, program, {})
    assert got["Seen"] == (1, 3, 0.5, 1.0, 1.5)
    assert got["After"] == (3,)
    assert got["J"] == (4,)
    assert got["R"] == (2.0,)


def test_operator_calls_in_loops_keep_errors_and_error_mode(
    interpreter: Interpreter, tmp_path: Path
) -> None:
    program = (
        "dev_set_check ('~give_error')\nCodes := []\nfor K := 0 to 3 by 1\n"
        "    dev_error_var (E, 1)\n    tuple_select_range ([1, 2, 3], K, 5, S)\n"
        "    Codes := [Codes, E]\n    dev_error_var (E, 0)\nendfor\n"
        "dev_set_check ('give_error')\ntuple_length ([1, 2], L)\n"
    )
    got = _run(interpreter, tmp_path, program, {})
    assert got["L"] == (2,)
    codes = got["Codes"]
    assert len(codes) == 4 and all(1302 <= c <= 1303 for c in codes)  # wrong values
    failing = _loop("tuple_select_range ([1, 2, 3], 0, A, S)")
    assert _run(interpreter, tmp_path, failing, {"A": (1,)})["S"] == (1, 2)
    assert _run(interpreter, tmp_path, failing, {"A": (9,)}) == codes[0]  # End past the end
    assert isinstance(_run(interpreter, tmp_path, failing, {"A": ("x",)}), int)
