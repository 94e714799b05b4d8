"""The tuple operators of hdlite_core (tuples.py and tuple_math.py), called through the registry."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hdlite_core import strings, tuple_math, tuples

from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext
from hdlite.runtime.session import Session
from hdlite.values.control import Handle
from tests.conftest import Caller

RESULTS = [
    # length, selection
    ("tuple_length", ((1, 2, 3),), (3,)),
    ("tuple_length", ((),), (0,)),
    ("tuple_concat", ((1, "a"), (2.5,)), (1, "a", 2.5)),
    ("tuple_concat", ((), ()), ()),
    ("tuple_select", ((10, 20, 30), (2, 0)), (30, 10)),
    ("tuple_select", ((10, 20, 30), (1.0,)), (20,)),
    ("tuple_select", ((10, 20, 30), ()), ()),
    ("tuple_select_range", ((1, 2, 3, 4), (1,), (2,)), (2, 3)),
    ("tuple_select_range", ((1, 2, 3), (2,), (1,)), ()),
    ("tuple_first_n", ((1, 2, 3), (1,)), (1, 2)),
    ("tuple_first_n", ((1, 2, 3), (-1,)), ()),
    ("tuple_last_n", ((1, 2, 3), (1,)), (2, 3)),
    ("tuple_last_n", ((1, 2, 3), (3,)), ()),
    ("tuple_select_mask", ((1, 2, 3), (1, 0, 1)), (1, 3)),
    ("tuple_select_mask", ((1, 2), (-1, 2)), (2,)),
    ("tuple_select_rank", ((5, 1, 3.5), (2,)), (5,)),
    ("tuple_select_rank", ((5, 1, 3.5), (0,)), (1,)),
    # search
    ("tuple_find", ((3, 4, 5, 6, 1, 2, 3, 4, 0), (3, 4)), (0, 6)),
    ("tuple_find", ((1, 2), (7,)), (-1,)),
    ("tuple_find", ((), (7,)), (-1,)),
    ("tuple_find", ((1, "a", 1.0), (1,)), (0, 2)),
    ("tuple_find_first", ((3, 4, 5, 3, 4), (3, 4)), (0,)),
    ("tuple_find_first", ((3, 4), ("3",)), (-1,)),
    ("tuple_find_last", ((3, 4, 5, 3, 4), (3, 4)), (3,)),
    ("tuple_find_last", ((), ()), (-1,)),
    # order
    ("tuple_sort", ((3, 1.5, 2),), (1.5, 2, 3)),
    ("tuple_sort", (("b", "B", "a"),), ("B", "a", "b")),
    ("tuple_sort", ((),), ()),
    ("tuple_sort_index", ((30, 10, 20),), (1, 2, 0)),
    ("tuple_uniq", ((1, 1, 2, 2, 1),), (1, 2, 1)),
    ("tuple_uniq", ((),), ()),
    ("tuple_inverse", ((1, "a", 2.0),), (2.0, "a", 1)),
    # editing
    ("tuple_remove", ((1, 2, 3, 4), (0, 0, 9)), (2, 3, 4)),
    ("tuple_remove", ((), (0,)), ()),
    ("tuple_insert", ((1, 2, 3), (1,), (9, 8)), (1, 9, 8, 2, 3)),
    ("tuple_insert", ((1, 2), (2,), ("end",)), (1, 2, "end")),
    ("tuple_replace", ((1, 2, 3), (0, 2), (9,)), (9, 2, 9)),
    ("tuple_replace", ((1, 2, 3), (0, 2), ("a", "b")), ("a", 2, "b")),
    # generation
    ("tuple_gen_const", ((3,), (7,)), (7, 7, 7)),
    ("tuple_gen_const", ((0,), ("x",)), ()),
    ("tuple_gen_sequence", ((1,), (10,), (3,)), (1, 4, 7, 10)),
    ("tuple_gen_sequence", ((0,), (1,), (0.5,)), (0.0, 0.5, 1.0)),
    # sets: sorted, distinct, 1 and 1.0 differ
    ("tuple_union", ((0, 1, 3, 3, 5), (3, 4)), (0, 1, 3, 4, 5)),
    ("tuple_union", ((2, 5, 3), (4.0, 5.0)), (2, 3, 5, 4.0, 5.0)),
    ("tuple_union", ((), ()), ()),
    ("tuple_intersection", ((0, 1, 3, 3, 5), (2, 3, 5, 10)), (3, 5)),
    ("tuple_intersection", ((1,), (1.0,)), ()),
    ("tuple_difference", ((0, 1, 3, 3, 5), (2, 3, 5, 10)), (0, 1)),
    ("tuple_symmdiff", ((1, 2, 3), (2, 3, 4)), (1, 4)),
    # types
    ("tuple_type", ((),), (31,)),
    ("tuple_type", ((1, 2),), (1,)),
    ("tuple_type", ((1.5,),), (2,)),
    ("tuple_type", (("a",),), (4,)),
    ("tuple_type", ((1, 2.0),), (8,)),
    ("tuple_type_elem", ((1, 2.0, "a"),), (1, 2, 4)),
    ("tuple_is_int", ((1, 2),), (1,)),
    ("tuple_is_int", ((1, 2.0),), (0,)),
    ("tuple_is_int", ((),), (1,)),
    ("tuple_is_real", ((1.0,),), (1,)),
    ("tuple_is_real", ((1,),), (0,)),
    ("tuple_is_string", (("a", "b"),), (1,)),
    ("tuple_is_string", ((1,),), (0,)),
    ("tuple_is_handle", ((1,),), (0,)),
    ("tuple_is_mixed", ((1, "a"),), (1,)),
    ("tuple_is_mixed", ((1, 2),), (0,)),
    ("tuple_is_mixed", ((),), (1,)),
    ("tuple_is_int_elem", ((1, 2.0, "3"),), (1, 0, 0)),
    ("tuple_is_real_elem", ((1, 2.0),), (0, 1)),
    ("tuple_is_string_elem", ((1, "a"),), (0, 1)),
    ("tuple_is_handle_elem", ((1, "a"),), (0, 0)),
    # arithmetic (hdlite.values.arith)
    ("tuple_add", ((1, 2, 3), (2,)), (3, 4, 5)),
    ("tuple_add", (("img_",), (1, 2)), ("img_1", "img_2")),
    ("tuple_sub", ((5,), (2.5,)), (2.5,)),
    ("tuple_mult", ((1, 2, 3), (1, 2, 3)), (1, 4, 9)),
    ("tuple_div", ((7,), (2,)), (3,)),
    ("tuple_div", ((7,), (2.0,)), (3.5,)),
    ("tuple_mod", ((7, -7), (3,)), (1, -1)),
    ("tuple_neg", ((1, -2.5),), (-1, 2.5)),
    ("tuple_neg", ((),), ()),
    # real functions
    ("tuple_sqrt", ((4, 9.0),), (2.0, 3.0)),
    ("tuple_sqrt", ((),), ()),
    ("tuple_cbrt", ((27,),), (3.0,)),
    ("tuple_exp", ((0,),), (1.0,)),
    ("tuple_exp", ((1000,),), (math.inf,)),
    ("tuple_exp2", ((3,),), (8.0,)),
    ("tuple_exp10", ((2,),), (100.0,)),
    ("tuple_log", ((1,),), (0.0,)),
    ("tuple_log", ((0,),), (-math.inf,)),
    ("tuple_log2", ((8,),), (3.0,)),
    ("tuple_log10", ((1000,),), (3.0,)),
    ("tuple_sin", ((0,),), (0.0,)),
    ("tuple_cos", ((0,),), (1.0,)),
    ("tuple_tan", ((0,),), (0.0,)),
    ("tuple_asin", ((1,),), (math.pi / 2,)),
    ("tuple_acos", ((1,),), (0.0,)),
    ("tuple_atan", ((1,),), (math.pi / 4,)),
    ("tuple_sinh", ((0,),), (0.0,)),
    ("tuple_cosh", ((0,),), (1.0,)),
    ("tuple_tanh", ((0,),), (0.0,)),
    ("tuple_asinh", ((0,),), (0.0,)),
    ("tuple_acosh", ((1,),), (0.0,)),
    ("tuple_atanh", ((0,),), (0.0,)),
    ("tuple_tgamma", ((5,),), (24.0,)),
    ("tuple_lgamma", ((1,),), (0.0,)),
    ("tuple_erf", ((0,),), (0.0,)),
    ("tuple_erfc", ((0,),), (1.0,)),
    ("tuple_deg", ((math.pi,),), (180.0,)),
    ("tuple_rad", ((180,),), (math.pi,)),
    ("tuple_fabs", ((-3,),), (3.0,)),
    ("tuple_floor", ((2.5, -2.5, 3),), (2.0, -3.0, 3.0)),
    ("tuple_ceil", ((2.5, -2.5),), (3.0, -2.0)),
    ("tuple_real", ((2,),), (2.0,)),
    ("tuple_pow", ((2,), (3,)), (8.0,)),
    ("tuple_pow", ((2, 3), (2,)), (4.0, 9.0)),
    ("tuple_pow", ((), (3,)), ()),
    ("tuple_fmod", ((7.5, -7.5), (2,)), (1.5, -1.5)),
    ("tuple_atan2", ((1,), (1,)), (math.pi / 4,)),
    ("tuple_atan2", ((1,), (-1,)), (3 * math.pi / 4,)),
    ("tuple_hypot", ((3,), (4,)), (5.0,)),
    ("tuple_ldexp", ((1, 3), (10,)), (1024.0, 3072.0)),
    ("tuple_ldexp", ((), (1,)), ()),
    # integer-keeping
    ("tuple_abs", ((-3, 2.5),), (3, 2.5)),
    ("tuple_sgn", ((-3, 0, 2.5),), (-1, 0, 1)),
    ("tuple_round", ((2.5, -2.5, 3, 0.49),), (3, -3, 3, 0)),
    ("tuple_int", ((2.9, -2.9, 4),), (2, -2, 4)),
    ("tuple_min2", ((1, 5), (3,)), (1, 3)),
    ("tuple_min2", (("b",), ("a",)), ("a",)),
    ("tuple_min2", ((), (3,)), ()),
    ("tuple_max2", ((1, 5), (3.0,)), (3.0, 5.0)),
    ("tuple_lsh", ((1,), (3,)), (8,)),
    ("tuple_lsh", ((1,), (63,)), (-(2**63),)),
    ("tuple_rsh", ((-8, 8), (1,)), (-4, 4)),
    # logic and bits (hdlite.values.arith)
    ("tuple_and", ((1, 0), (1,)), (1, 0)),
    ("tuple_or", ((0, 0), (0, 5)), (0, 1)),
    ("tuple_xor", ((1, 1), (0, 1)), (1, 0)),
    ("tuple_not", ((0, 3),), (1, 0)),
    ("tuple_band", ((12,), (10,)), (8,)),
    ("tuple_bor", ((12,), (10,)), (14,)),
    ("tuple_bxor", ((12,), (10,)), (6,)),
    ("tuple_bnot", ((0, 5),), (-1, -6)),
    # comparison (hdlite.values.arith)
    ("tuple_equal", ((1,), (1.0,)), (1,)),
    ("tuple_equal", ((1, "2"), (1, 2)), (0,)),
    ("tuple_equal", ((), ()), (1,)),
    ("tuple_not_equal", ((1, 2), (1, 2)), (0,)),
    ("tuple_less", (("Hugo",), ("hugo",)), (1,)),
    ("tuple_greater", ((5, 4, 1), (5, 4)), (1,)),
    ("tuple_less_equal", ((1,), (1,)), (1,)),
    ("tuple_greater_equal", (("a",), ("b",)), (0,)),
    ("tuple_equal_elem", ((1, 2, 3), (2,)), (0, 1, 0)),
    ("tuple_not_equal_elem", ((1, 2, 3), (2,)), (1, 0, 1)),
    ("tuple_less_elem", ((1, 2, 3), (2,)), (1, 0, 0)),
    ("tuple_greater_elem", ((1, 2, 3), (2,)), (0, 0, 1)),
    ("tuple_less_equal_elem", ((1, 2, 3), (2,)), (1, 1, 0)),
    ("tuple_greater_equal_elem", ((1, 2, 3), (2,)), (0, 1, 1)),
    # aggregates
    ("tuple_sum", ((1, 2, 3),), (6,)),
    ("tuple_sum", ((1, 2.5),), (3.5,)),
    ("tuple_sum", (("a", "b", "c"),), ("abc",)),
    ("tuple_sum", ((),), ()),
    ("tuple_mean", ((1, 2, 3, 4),), (2.5,)),
    ("tuple_deviation", ((1, 2, 3),), (1.0,)),
    ("tuple_deviation", ((5,),), (0.0,)),
    ("tuple_median", ((3, 1, 4, 2),), (3,)),
    ("tuple_median", ((3, 1.5, 2),), (2,)),
    ("tuple_cumul", ((1, 2, 3),), (1, 3, 6)),
    ("tuple_cumul", ((1, 0.5),), (1, 1.5)),
    ("tuple_cumul", ((),), ()),
    ("tuple_min", ((3, 1, 2),), (1,)),
    ("tuple_min", ((3, 1, 1.5),), (1.0,)),
    ("tuple_max", (("b", "a"),), ("b",)),
    ("tuple_max", ((3, 7, 2),), (7,)),
]


@pytest.mark.parametrize(("name", "inputs", "expected"), RESULTS, ids=[r[0] for r in RESULTS])
def test_result(call, name, inputs, expected):
    (result,) = call(name, *inputs)
    if _has_reals(expected):
        assert result == pytest.approx(expected)
    else:
        assert result == expected
    assert [type(x) for x in result] == [type(x) for x in expected]


def _has_reals(values: tuple) -> bool:
    return any(type(x) is float and math.isfinite(x) for x in values)


ERRORS = [
    # (operator, inputs, HALCON error code)
    ("tuple_select", ((1, 2, 3), (3,)), 1302),
    ("tuple_select", ((1, 2, 3), (-1,)), 1302),
    ("tuple_select", ((1, 2, 3), (1.5,)), 1202),
    ("tuple_select", ((1, 2, 3), ("0",)), 1202),
    ("tuple_select_range", ((1, 2, 3), (0,), (3,)), 1303),
    ("tuple_select_range", ((1, 2, 3), (0, 1), (2,)), 1402),
    ("tuple_first_n", ((1, 2, 3), (3,)), 1302),
    ("tuple_last_n", ((1, 2, 3), (4,)), 1302),
    ("tuple_last_n", ((1, 2, 3), (-1,)), 1302),
    ("tuple_select_mask", ((1, 2, 3), (1, 0)), 1402),
    ("tuple_select_mask", ((1,), (1.0,)), 1202),
    ("tuple_select_rank", ((), (0,)), 1401),
    ("tuple_select_rank", ((1, 2), (2,)), 1302),
    ("tuple_select_rank", ((1, "a"), (0,)), 1201),
    ("tuple_sort", (("b", 1),), 1201),
    ("tuple_sort", ((Handle("dict", {}), 1),), 1201),
    ("tuple_sort_index", ((1, "a"),), 1201),
    ("tuple_remove", ((1, 2), (0.5,)), 1202),
    ("tuple_insert", ((1, 2, 3), (4,), (9,)), 1302),
    ("tuple_insert", ((1, 2, 3), (0, 1), (9,)), 1402),
    ("tuple_replace", ((1, 2, 3), (0, 2), (9, 8, 7)), 1403),
    ("tuple_replace", ((1, 2, 3), (3,), (9,)), 1302),
    ("tuple_gen_const", ((-1,), (7,)), 1301),
    ("tuple_gen_const", ((2,), ()), 1402),
    ("tuple_gen_sequence", ((1,), (5,), (0,)), 1303),
    ("tuple_gen_sequence", (("a",), (5,), (1,)), 1201),
    ("tuple_rand", ((-1,),), 1301),
    ("tuple_add", ((1, 2, 3), (1, 2)), 1402),
    ("tuple_add", ((), (1,)), 1401),
    ("tuple_sub", (("a",), (1,)), 1201),
    ("tuple_mult", ((2,), ("a",)), 1202),
    ("tuple_div", ((7,), (0,)), 1302),
    ("tuple_mod", ((7.5,), (2,)), 1201),
    ("tuple_neg", (("a",),), 1201),
    ("tuple_sqrt", ((-1,),), 1301),
    ("tuple_sqrt", (("a",),), 1201),
    ("tuple_log", ((-1,),), 1301),
    ("tuple_asin", ((2,),), 1301),
    ("tuple_tgamma", ((0,),), 1301),
    ("tuple_pow", ((-8,), (0.5,)), 1301),
    ("tuple_pow", ((1, 2), (1, 2, 3)), 1402),
    ("tuple_fmod", ((1,), (0,)), 1302),
    ("tuple_ldexp", ((1,), (1.5,)), 1202),
    ("tuple_round", ((math.nan,),), 1301),
    ("tuple_int", (("3",),), 1201),
    ("tuple_real", (("a",),), 1201),
    ("tuple_min2", (("a",), (1,)), 1202),
    ("tuple_lsh", ((1.0,), (1,)), 1201),
    ("tuple_rsh", ((8,), (-1,)), 1302),
    ("tuple_and", ((), (1,)), 1401),
    ("tuple_or", ((1.5,), (1,)), 1201),
    ("tuple_not", ((),), 1401),
    ("tuple_bnot", ((1.5,),), 1201),
    ("tuple_less", (("a",), (1,)), 1202),
    ("tuple_less_elem", ((1, 2, 3), (1, 2)), 1402),
    ("tuple_sum", (("a", 1),), 1201),
    ("tuple_mean", ((),), 1401),
    ("tuple_mean", (("a",),), 1201),
    ("tuple_deviation", ((),), 1401),
    ("tuple_median", ((),), 1401),
    ("tuple_cumul", (("a",),), 1201),
    ("tuple_min", ((),), 1401),
    ("tuple_max", ((1, "a"),), 1201),
    ("tuple_histo_range", ((1,), (5,), (0,), (2,)), 1303),
    ("tuple_histo_range", ((1,), (0,), (5,), (0,)), 1304),
]


@pytest.mark.parametrize(("name", "inputs", "code"), ERRORS, ids=[e[0] for e in ERRORS])
def test_error_code(call, name, inputs, code):
    with pytest.raises(HalconError) as info:
        call(name, *inputs)
    assert info.value.code == code, info.value.message


def test_rand_is_reproducible_with_seed_rand(host, call):
    first, second, other = Session(), Session(), Session()
    first.seed(42)
    second.seed(42)
    other.seed(7)
    (a,) = Caller(host, first)("tuple_rand", (5,))
    assert (a,) == Caller(host, second)("tuple_rand", (5,))
    assert (a,) != Caller(host, other)("tuple_rand", (5,))
    assert len(a) == 5 and all(type(x) is float and 0.0 <= x < 1.0 for x in a)
    assert call("tuple_rand", (0,)) == ((),)


def test_histo_range(call):
    histo, size = call("tuple_histo_range", (1, 2, 3, 4, 5, 10, -1), (0,), (5,), (5,))
    assert histo == (0, 1, 1, 1, 2)  # 5 == Max goes into the last bin; 10 and -1 are ignored
    assert size == (1.0,)


def test_handles_in_type_tests(call):
    handle = Handle("dict", {})
    assert call("tuple_type", (handle,)) == ((16,),)
    assert call("tuple_is_handle", (handle,)) == ((1,),)
    assert call("tuple_is_handle_elem", (handle, 1)) == ((1, 0),)
    assert call("tuple_is_valid_handle", (handle, 1, "a")) == ((1, 0, 0),)
    assert call("tuple_union", (handle, 1), (handle,)) == ((1, handle),)


def test_is_valid_handle_of_a_cleared_handle(host):
    # The interpreter's input check rejects cleared handles (2454) before any operator runs,
    # so the operator is called directly here.
    op = host.registry.get("tuple_is_valid_handle")
    handle = Handle("dict", {})
    handle.clear()
    assert op.func(CallContext(Session(), op, None), (handle,)) == ((0,),)


def test_arith_backed_operators_share_the_expression_semantics(call):
    from hdlite.values import arith

    assert call("tuple_add", (3.1,), (2,)) == (arith.add((3.1,), (2,)),)
    assert call("tuple_less_elem", (1, 5), (3,)) == (arith.BINARY["[<]"]((1, 5), (3,)),)
    with pytest.raises(HalconError) as info:
        call("tuple_mult", (1, 2, 3), (1, 2))
    assert info.value.operator == "tuple_mult"


PROGRAM = """\
Values := [3, 1, 4, 1, 5]
Sorted := sort(Values)
Unique := uniq(sort(Values))
Total := sum(Values)
Average := mean(Values)
Picked := subset(Values, [0, 2])
Where := find(Values, 1)
Seq := gen_sequence(1, 9, 4)
Const := gen_tuple_const(2, 'x')
Reduced := remove(Values, 0)
Both := union([3, 1], [2])
Power := pow(2, 10)
Rounded := round(2.5)
Smaller := min2([1, 5], 3)
tuple_length (Values, Length)
tuple_select_rank (Values, 0, Smallest)
"""


def test_inline_functions_and_statements_in_a_program(run_script):
    result = run_script(PROGRAM)
    assert result.error is None, result.error and result.error.render()
    expected = {
        "Sorted": (1, 1, 3, 4, 5),
        "Unique": (1, 3, 4, 5),
        "Total": (14,),
        "Average": (2.8,),
        "Picked": (3, 4),
        "Where": (1, 3),
        "Seq": (1, 5, 9),
        "Const": ("x", "x"),
        "Reduced": (1, 4, 1, 5),
        "Both": (1, 2, 3),
        "Power": (1024.0,),
        "Rounded": (3,),
        "Smaller": (1, 3),
        "Length": (5,),
        "Smallest": (1,),
    }
    for name, value in expected.items():
        assert result[name] == value, name


def test_an_operator_error_in_a_program_is_catchable(run_script):
    result = run_script(
        "try\n    M := mean([])\ncatch (Exception)\n    Code := Exception[0]\nendtry\n"
    )
    assert result.error is None, result.error and result.error.render()
    assert result["Code"] == (1401,)


def test_every_operator_has_a_test():
    """Each operator of the three modules is named in one of the operator test files."""
    here = Path(__file__).parent
    text = "".join(
        (here / f).read_text(encoding="utf-8")
        for f in ("test_tuples.py", "test_strings.py", "test_formatting.py")
    )
    names = [
        value.name
        for module in (tuples, tuple_math, strings)
        for value in vars(module).values()
        if type(value).__name__ == "Operator"
    ]
    assert len(names) > 130
    missing = [n for n in names if f'"{n}"' not in text]
    assert not missing
