"""Tuple arithmetic, comparison, logic, mathematical functions and aggregates.

The arithmetic, comparison and logic operators are the statement forms of the expression
operators and run the very functions of :mod:`hdlite.plugin.tuple_rules` (``tuple_add`` is ``+``,
``tuple_less_elem`` is ``[<]``), so both forms share one implementation and one set of
error codes. The other two-operand functions follow the same element-wise rule (equal
lengths pair up, a single value combines with every element) but return an empty tuple
for an empty operand, as HALCON documents for ``tuple_pow``.

Results are reals for the mathematical functions; ``abs``, ``sgn``, ``round``, ``int``,
``min``/``max``/``min2``/``max2`` and ``sum``/``cumul`` of integers stay integers. A
result that is not a number for a number argument (``sqrt(-1)``, ``asin(2)``) is a wrong
value (130N); overflows give infinities, as in C.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Operator, operator, wrap_int
from hdlite.plugin import tuple_rules as arith

from .tuples import as_index, check_length, order_key

element_pairs = arith.pairs  # HALCON's element-wise pairing rule

# ----------------------------------------------------------------------------- arith-backed


def _arith_binary(
    name: str, fn: Callable[[tuple, tuple], tuple], names: tuple[str, str, str], doc: str
) -> Operator:
    def run(ctx: CallContext, a: tuple, b: tuple) -> tuple:
        return (fn(a, b),)

    run.__doc__ = doc
    p1, p2, out = names
    return operator(name, ControlIn(p1), ControlIn(p2), ControlOut(out))(run)


def _arith_unary(name: str, fn: Callable[[tuple], tuple], out: str, doc: str) -> Operator:
    def run(ctx: CallContext, a: tuple) -> tuple:
        return (fn(a),)

    run.__doc__ = doc
    return operator(name, ControlIn("T"), ControlOut(out))(run)


_B = arith.BINARY
tuple_add = _arith_binary(
    "tuple_add", arith.add, ("S1", "S2", "Sum"), "``S1 + S2``; strings concatenate."
)
tuple_sub = _arith_binary("tuple_sub", arith.sub, ("D1", "D2", "Diff"), "``D1 - D2``.")
tuple_mult = _arith_binary("tuple_mult", arith.mul, ("P1", "P2", "Prod"), "``P1 * P2``.")
tuple_div = _arith_binary(
    "tuple_div", arith.div, ("Q1", "Q2", "Quot"), "``Q1 / Q2``; integer division for integers."
)
tuple_mod = _arith_binary("tuple_mod", arith.mod, ("T1", "T2", "Mod"), "``T1 % T2`` on integers.")
tuple_neg = _arith_unary("tuple_neg", arith.neg, "Neg", "``-T``, element-wise.")
tuple_and = _arith_binary("tuple_and", _B["and"], ("T1", "T2", "And"), "``T1 and T2`` (0/1).")
tuple_or = _arith_binary("tuple_or", _B["or"], ("T1", "T2", "Or"), "``T1 or T2`` (0/1).")
tuple_xor = _arith_binary("tuple_xor", _B["xor"], ("T1", "T2", "Xor"), "``T1 xor T2`` (0/1).")
tuple_not = _arith_unary("tuple_not", arith.not_, "Not", "``not T``, element-wise (0/1).")
tuple_band = _arith_binary("tuple_band", _B["band"], ("T1", "T2", "BAnd"), "Bitwise and.")
tuple_bor = _arith_binary("tuple_bor", _B["bor"], ("T1", "T2", "BOr"), "Bitwise or.")
tuple_bxor = _arith_binary("tuple_bxor", _B["bxor"], ("T1", "T2", "BXor"), "Bitwise xor.")
tuple_bnot = _arith_unary("tuple_bnot", arith.bnot, "BNot", "Bitwise complement.")

_CMP = ("T1", "T2")
tuple_equal = _arith_binary("tuple_equal", _B["=="], (*_CMP, "Equal"), "Whole-tuple ``==``.")
tuple_not_equal = _arith_binary(
    "tuple_not_equal", _B["!="], (*_CMP, "Nequal"), "Whole-tuple ``!=``."
)
tuple_less = _arith_binary("tuple_less", _B["<"], (*_CMP, "Less"), "Whole-tuple ``<``.")
tuple_greater = _arith_binary("tuple_greater", _B[">"], (*_CMP, "Greater"), "Whole-tuple ``>``.")
tuple_less_equal = _arith_binary(
    "tuple_less_equal", _B["<="], (*_CMP, "Lesseq"), "Whole-tuple ``<=``."
)
tuple_greater_equal = _arith_binary(
    "tuple_greater_equal", _B[">="], (*_CMP, "Greatereq"), "Whole-tuple ``>=``."
)
tuple_equal_elem = _arith_binary(
    "tuple_equal_elem", _B["[==]"], (*_CMP, "Equal"), "Element-wise ``[==]``."
)
tuple_not_equal_elem = _arith_binary(
    "tuple_not_equal_elem", _B["[!=]"], (*_CMP, "Nequal"), "Element-wise ``[!=]``."
)
tuple_less_elem = _arith_binary(
    "tuple_less_elem", _B["[<]"], (*_CMP, "Less"), "Element-wise ``[<]``."
)
tuple_greater_elem = _arith_binary(
    "tuple_greater_elem", _B["[>]"], (*_CMP, "Greater"), "Element-wise ``[>]``."
)
tuple_less_equal_elem = _arith_binary(
    "tuple_less_equal_elem", _B["[<=]"], (*_CMP, "Lesseq"), "Element-wise ``[<=]``."
)
tuple_greater_equal_elem = _arith_binary(
    "tuple_greater_equal_elem", _B["[>=]"], (*_CMP, "Greatereq"), "Element-wise ``[>=]``."
)


# ----------------------------------------------------------------------------- real functions


def _real_results(ctx: CallContext, param: str, res: np.ndarray, *args: np.ndarray) -> tuple:
    bad = np.isnan(res)
    for a in args:
        bad &= ~np.isnan(a)
    if bad.any():
        k = int(np.argmax(bad))
        values = ", ".join(repr(float(a[k])) for a in args)
        raise ctx.param_error("value", param, f"no real result for ({values})")
    return tuple(res.tolist())


def _real_unary(name: str, fn: Callable, names: tuple[str, str], doc: str) -> Operator:
    param, out = names

    def run(ctx: CallContext, t: tuple) -> tuple:
        args = np.asarray(t, dtype=np.float64)
        with np.errstate(all="ignore"):
            res = np.asarray(fn(args), dtype=np.float64)
        return (_real_results(ctx, param, res, args),)

    run.__doc__ = doc + " The result is real; the empty tuple gives the empty tuple."
    return operator(name, ControlIn(param, types="number"), ControlOut(out, types="real"))(run)


_gamma = np.vectorize(lambda x: _safe(math.gamma, x), otypes=[np.float64])
_lgamma = np.vectorize(lambda x: _safe(math.lgamma, x), otypes=[np.float64])
_erf = np.vectorize(math.erf, otypes=[np.float64])
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _safe(fn: Callable[[float], float], x: float) -> float:
    try:
        return fn(x)
    except OverflowError:
        return math.inf
    except ValueError:  # pole of the gamma function
        return math.nan


_T = ("T",)
tuple_sqrt = _real_unary("tuple_sqrt", np.sqrt, (*_T, "Sqrt"), "Square root.")
tuple_cbrt = _real_unary("tuple_cbrt", np.cbrt, (*_T, "Cbrt"), "Cube root.")
tuple_exp = _real_unary("tuple_exp", np.exp, (*_T, "Exp"), "Exponential ``e**T``.")
tuple_exp2 = _real_unary("tuple_exp2", np.exp2, (*_T, "Exp"), "``2**T``.")
tuple_exp10 = _real_unary("tuple_exp10", lambda a: np.power(10.0, a), (*_T, "Exp"), "``10**T``.")
tuple_log = _real_unary("tuple_log", np.log, (*_T, "Log"), "Natural logarithm.")
tuple_log2 = _real_unary("tuple_log2", np.log2, (*_T, "Log"), "Base-2 logarithm.")
tuple_log10 = _real_unary("tuple_log10", np.log10, (*_T, "Log"), "Base-10 logarithm.")
tuple_sin = _real_unary("tuple_sin", np.sin, (*_T, "Sin"), "Sine (radians).")
tuple_cos = _real_unary("tuple_cos", np.cos, (*_T, "Cos"), "Cosine (radians).")
tuple_tan = _real_unary("tuple_tan", np.tan, (*_T, "Tan"), "Tangent (radians).")
tuple_asin = _real_unary("tuple_asin", np.arcsin, (*_T, "ASin"), "Arc sine.")
tuple_acos = _real_unary("tuple_acos", np.arccos, (*_T, "ACos"), "Arc cosine.")
tuple_atan = _real_unary("tuple_atan", np.arctan, (*_T, "ATan"), "Arc tangent.")
tuple_sinh = _real_unary("tuple_sinh", np.sinh, (*_T, "Sinh"), "Hyperbolic sine.")
tuple_cosh = _real_unary("tuple_cosh", np.cosh, (*_T, "Cosh"), "Hyperbolic cosine.")
tuple_tanh = _real_unary("tuple_tanh", np.tanh, (*_T, "Tanh"), "Hyperbolic tangent.")
tuple_asinh = _real_unary("tuple_asinh", np.arcsinh, (*_T, "ASinh"), "Inverse hyperbolic sine.")
tuple_acosh = _real_unary("tuple_acosh", np.arccosh, (*_T, "ACosh"), "Inverse hyperbolic cosine.")
tuple_atanh = _real_unary("tuple_atanh", np.arctanh, (*_T, "ATanh"), "Inverse hyperbolic tangent.")
tuple_tgamma = _real_unary("tuple_tgamma", _gamma, (*_T, "Tgamma"), "Gamma function.")
tuple_lgamma = _real_unary("tuple_lgamma", _lgamma, (*_T, "Lgamma"), "Log of the gamma function.")
tuple_erf = _real_unary("tuple_erf", _erf, (*_T, "Erf"), "Error function.")
tuple_erfc = _real_unary("tuple_erfc", _erfc, (*_T, "Erfc"), "Complementary error function.")
tuple_fabs = _real_unary("tuple_fabs", np.fabs, (*_T, "Abs"), "Absolute value as a real.")
tuple_floor = _real_unary("tuple_floor", np.floor, (*_T, "Floor"), "Largest integral value <= T.")
tuple_ceil = _real_unary("tuple_ceil", np.ceil, (*_T, "Ceil"), "Smallest integral value >= T.")
tuple_real = _real_unary("tuple_real", lambda a: a, (*_T, "Real"), "Convert numbers to reals.")
tuple_deg = _real_unary("tuple_deg", np.degrees, ("Rad", "Deg"), "Radians to degrees.")
tuple_rad = _real_unary("tuple_rad", np.radians, ("Deg", "Rad"), "Degrees to radians.")


def _real_binary(name: str, fn: Callable, names: tuple[str, str, str], doc: str) -> Operator:
    p1, p2, out = names

    def run(ctx: CallContext, a: tuple, b: tuple) -> tuple:
        if not a or not b:
            return ((),)
        x, y = zip(*element_pairs(a, b, name), strict=True)
        args1, args2 = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            res = np.asarray(fn(args1, args2), dtype=np.float64)
        blame = p2 if name == "tuple_fmod" else p1
        return (_real_results(ctx, blame, res, args1, args2),)

    run.__doc__ = doc + " The result is real; an empty operand gives the empty tuple."
    return operator(
        name,
        ControlIn(p1, types="number"),
        ControlIn(p2, types="number"),
        ControlOut(out, types="real"),
    )(run)


tuple_pow = _real_binary("tuple_pow", np.power, ("T1", "T2", "Pow"), "``T1 ** T2``.")
tuple_fmod = _real_binary("tuple_fmod", np.fmod, ("T1", "T2", "Fmod"), "Real remainder.")
tuple_atan2 = _real_binary("tuple_atan2", np.arctan2, ("Y", "X", "ATan"), "Arc tangent of Y/X.")
tuple_hypot = _real_binary("tuple_hypot", np.hypot, ("T1", "T2", "Hypot"), "``sqrt(T1²+T2²)``.")


@operator(
    "tuple_ldexp",
    ControlIn("T1", types="number"),
    ControlIn("T2", types="number"),
    ControlOut("Ldexp", types="real"),
)
def tuple_ldexp(ctx: CallContext, t1: tuple, t2: tuple) -> tuple:
    """``T1 * 2**T2`` with an integral exponent ``T2``; an empty operand gives ``[]``."""
    if not t1 or not t2:
        return ((),)
    out = []
    for x, e in element_pairs(t1, t2, "tuple_ldexp"):
        exponent = max(min(as_index(ctx, "T2", e), 100000), -100000)
        try:
            out.append(math.ldexp(float(x), exponent))
        except OverflowError:
            out.append(math.copysign(math.inf, x))
    return (tuple(out),)


# ----------------------------------------------------------------------------- integer-keeping


def _number_map(
    name: str, fn: Callable[[CallContext, Any], object], out: str, doc: str
) -> Operator:
    def run(ctx: CallContext, t: tuple) -> tuple:
        return (tuple(fn(ctx, x) for x in t),)

    run.__doc__ = doc
    return operator(name, ControlIn("T", types="number"), ControlOut(out, types="number"))(run)


def _integral(ctx: CallContext, x: float, how: Callable[[float], int]) -> int:
    if not math.isfinite(x):
        raise ctx.param_error("value", "T", f"{x!r} has no integer value")
    return wrap_int(how(x))


def _round_half_away(x: float) -> int:
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


tuple_abs = _number_map(
    "tuple_abs",
    lambda ctx, x: wrap_int(abs(x)) if type(x) is int else abs(x),
    "Abs",
    "Absolute value; integers stay integers.",
)
tuple_sgn = _number_map(
    "tuple_sgn", lambda ctx, x: (x > 0) - (x < 0), "Sgn", "Sign of each number: -1, 0 or 1."
)
tuple_round = _number_map(
    "tuple_round",
    lambda ctx, x: x if type(x) is int else _integral(ctx, x, _round_half_away),
    "Round",
    "Round to the nearest integer, halves away from zero.",
)
tuple_int = _number_map(
    "tuple_int",
    lambda ctx, x: x if type(x) is int else _integral(ctx, x, int),
    "Int",
    "Convert to integers, truncating reals toward zero.",
)


def _extreme2(name: str, pick: Callable[[int], bool], out: str, doc: str) -> Operator:
    def run(ctx: CallContext, a: tuple, b: tuple) -> tuple:
        if not a or not b:
            return ((),)
        result = []
        for x, y in element_pairs(a, b, name):
            r = x if pick(arith.compare((x,), (y,), name)) else y
            if type(x) is float or type(y) is float:
                r = float(r)  # type: ignore[arg-type]
            result.append(r)
        return (tuple(result),)

    run.__doc__ = doc
    return operator(name, ControlIn("T1"), ControlIn("T2"), ControlOut(out))(run)


tuple_min2 = _extreme2("tuple_min2", lambda c: c <= 0, "Min2", "Element-wise minimum.")
tuple_max2 = _extreme2("tuple_max2", lambda c: c >= 0, "Max2", "Element-wise maximum.")


def _shift(name: str, left: bool, doc: str) -> Operator:
    def run(ctx: CallContext, t: tuple, shift: tuple) -> tuple:
        out = []
        for x, s in element_pairs(t, shift, name):
            if type(x) is not int:
                raise ctx.param_error("type", "T", f"expected an integer, got {x!r}")
            if type(s) is not int:
                raise ctx.param_error("type", "Shift", f"expected an integer, got {s!r}")
            if s < 0:
                raise ctx.param_error("value", "Shift", f"shift must not be negative, got {s}")
            out.append(wrap_int(x << min(s, 64)) if left else x >> min(s, 64))
        return (tuple(out),)

    run.__doc__ = doc
    out_name = "Lsh" if left else "Rsh"
    return operator(name, ControlIn("T"), ControlIn("Shift"), ControlOut(out_name))(run)


tuple_lsh = _shift("tuple_lsh", True, "Shift integers left by ``Shift`` bits (64-bit wrap).")
tuple_rsh = _shift("tuple_rsh", False, "Shift integers right by ``Shift`` bits (sign kept).")


# ----------------------------------------------------------------------------- aggregates


def _numbers_or_strings(ctx: CallContext, t: tuple) -> None:
    order_key(ctx, "Tuple", t)


@operator("tuple_sum", ControlIn("Tuple"), ControlOut("Sum"))
def tuple_sum(ctx: CallContext, t: tuple) -> tuple:
    """Sum of all numbers, or concatenation of all strings; ``[]`` for the empty tuple."""
    if not t:
        return ((),)
    _numbers_or_strings(ctx, t)
    if all(type(x) is float for x in t):
        return ((math.fsum(t),),)
    total = (t[0],)
    for x in t[1:]:
        total = arith.add(total, (x,))
    return (total,)


def _needs_values(ctx: CallContext, t: tuple) -> None:
    if not t:
        raise ctx.param_error("count", "Tuple", "empty tuple")


@operator(
    "tuple_mean", ControlIn("Tuple", types="number"), ControlOut("Mean", types="real", count=1)
)
def tuple_mean(ctx: CallContext, t: tuple) -> tuple:
    """Arithmetic mean as a real; the empty tuple is an error (1401)."""
    _needs_values(ctx, t)
    return ((math.fsum(t) / len(t),),)


@operator(
    "tuple_deviation",
    ControlIn("Tuple", types="number"),
    ControlOut("Deviation", types="real", count=1),
)
def tuple_deviation(ctx: CallContext, t: tuple) -> tuple:
    """Sample standard deviation (divisor ``n - 1``; 0.0 for one value).

    The divisor is not stated on HALCON's page; ``n - 1`` is what HALCON is known to use.
    """
    _needs_values(ctx, t)
    if len(t) == 1:
        return ((0.0,),)
    mean = math.fsum(t) / len(t)
    return ((math.sqrt(math.fsum((x - mean) ** 2 for x in t) / (len(t) - 1)),),)


@operator("tuple_median", ControlIn("Tuple", types="number"), ControlOut("Median", count=1))
def tuple_median(ctx: CallContext, t: tuple) -> tuple:
    """The element of rank ``n/2`` (the upper median for an even count)."""
    _needs_values(ctx, t)
    return ((sorted(t)[len(t) // 2],),)


@operator("tuple_cumul", ControlIn("Tuple", types="number"), ControlOut("Cumul", types="number"))
def tuple_cumul(ctx: CallContext, t: tuple) -> tuple:
    """Running sums: element i is the sum of elements 0..i."""
    out: list = []
    for x in t:
        out.append(x if not out else arith.add((out[-1],), (x,))[0])
    return (tuple(out),)


def _extreme(name: str, pick: Callable, out: str, doc: str) -> Operator:
    def run(ctx: CallContext, t: tuple) -> tuple:
        _needs_values(ctx, t)
        _numbers_or_strings(ctx, t)
        value = pick(t)
        if type(value) is int and any(type(x) is float for x in t):
            value = float(value)
        return ((value,),)

    run.__doc__ = doc
    return operator(name, ControlIn("Tuple"), ControlOut(out, count=1))(run)


tuple_min = _extreme(
    "tuple_min", min, "Min", "Smallest element (numbers, or strings); real if any real."
)
tuple_max = _extreme(
    "tuple_max", max, "Max", "Largest element (numbers, or strings); real if any real."
)


@operator(
    "tuple_histo_range",
    ControlIn("Tuple", types="number"),
    ControlIn("Min", types="number", count=1),
    ControlIn("Max", types="number", count=1),
    ControlIn("NumBins", types="number", count=1),
    ControlOut("Histo", types="integer"),
    ControlOut("BinSize", types="real", count=1),
)
def tuple_histo_range(ctx: CallContext, t: tuple, low: tuple, high: tuple, bins: tuple) -> tuple:
    """Counts of the values in ``NumBins`` equal bins over ``[Min, Max]``.

    Values outside the range are ignored; ``Max`` itself falls into the last bin.
    """
    n = as_index(ctx, "NumBins", bins[0])
    if n < 1:
        raise ctx.param_error("value", "NumBins", f"must be at least 1, got {n}")
    check_length(ctx, "NumBins", n, item_bytes=8)
    lo, hi = float(low[0]), float(high[0])
    if not hi > lo:
        raise ctx.param_error("value", "Max", f"Max ({hi}) must be greater than Min ({lo})")
    size = (hi - lo) / n
    counts = [0] * n
    for x in t:
        if lo <= x <= hi:
            counts[min(int((x - lo) / size), n - 1)] += 1
    return (tuple(counts), (size,))
