"""HALCON's tuple semantics for the expression operators (``+``, ``==``, ``[<]``, ``and``...).

Each function takes control tuples and returns a control tuple, raising
:class:`~hdlite.errors.HalconError` with the code of the matching ``tuple_*`` operator
(the in-line operation HALCON documents for it): 120N wrong type, 130N wrong value,
140N wrong number of values, where N is the operand position (1 = left, 2 = right).

The element-wise rule: two tuples of equal length combine pairwise; a tuple of length 1
combines with every element of the other; any other pair of lengths, or an empty operand,
is an error. The common case of two one-element tuples takes a fast path.
"""

from __future__ import annotations

import math
import operator as _op
from collections.abc import Callable

from hdlite import error_codes
from hdlite.errors import HalconError
from hdlite.values import tuple_sizes
from hdlite.values.control import Handle, element_to_str, element_type, wrap_int

# the size and indexed-assignment rules are tuple rules too (``hdlite.plugin.tuple_rules``)
check_length = tuple_sizes.check_length
fits_in_memory = tuple_sizes.fits_in_memory
memory_bytes = tuple_sizes.memory_bytes
replace_at = tuple_sizes.replace_at

Tuple = tuple

_NUM = (int, float)


def _fail(code: int, operator: str, detail: str) -> HalconError:
    return HalconError(code, detail, operator=operator)


def pairs(a: Tuple, b: Tuple, operator: str) -> zip | list:
    """Element pairs of two operands under the element-wise rule (see the module docstring)."""
    la, lb = len(a), len(b)
    if la == lb:
        if la == 0:
            raise _fail(1401, operator, "operands are empty tuples")
        return zip(a, b, strict=True)
    if la == 1:
        if lb == 0:
            raise _fail(1402, operator, "right operand is an empty tuple")
        return [(a[0], y) for y in b]
    if lb == 1:
        if la == 0:
            raise _fail(1401, operator, "left operand is an empty tuple")
        return [(x, b[0]) for x in a]
    if la == 0:
        raise _fail(1401, operator, "left operand is an empty tuple")
    if lb == 0:
        raise _fail(1402, operator, "right operand is an empty tuple")
    raise _fail(1402, operator, f"operands have {la} and {lb} values; lengths must match or be 1")


def _check_number(x: object, position: int, operator: str) -> None:
    if type(x) is not int and type(x) is not float:
        raise _fail(
            error_codes.wrong_type(position),
            operator,
            f"expected a number, got {element_type(x)} {x!r}",
        )


def _numeric(
    name: str, func: Callable[[object, object], object]
) -> Callable[[Tuple, Tuple], Tuple]:
    def apply(a: Tuple, b: Tuple) -> Tuple:
        if len(a) == 1 and len(b) == 1:
            x, y = a[0], b[0]
            tx, ty = type(x), type(y)
            if tx is int and ty is int:
                return (wrap_int(func(x, y)),)  # type: ignore[arg-type]
            if tx in _NUM and ty in _NUM:
                return (float(func(x, y)),)  # type: ignore[arg-type]
        out = []
        for x, y in pairs(a, b, name):
            _check_number(x, 1, name)
            _check_number(y, 2, name)
            r = func(x, y)
            out.append(wrap_int(r) if type(x) is int and type(y) is int else float(r))  # type: ignore[arg-type]
        return tuple(out)

    apply.__name__ = name
    apply.__doc__ = f"Element-wise ``{name}``."
    return apply


def _add_pair(x: object, y: object) -> object:
    tx, ty = type(x), type(y)
    if tx is str or ty is str:
        return element_to_str(x) + element_to_str(y)
    if tx is int and ty is int:
        return wrap_int(x + y)  # type: ignore[operator]
    if tx in _NUM and ty in _NUM:
        return float(x + y)  # type: ignore[operator]
    bad, position = (x, 1) if isinstance(x, Handle) else (y, 2)
    raise _fail(error_codes.wrong_type(position), "tuple_add", f"cannot add a {element_type(bad)}")


def add(a: Tuple, b: Tuple) -> Tuple:
    """``A + B``: numbers add; if either element is a string both are concatenated as text."""
    if len(a) == 1 and len(b) == 1:
        return (_add_pair(a[0], b[0]),)
    return tuple(_add_pair(x, y) for x, y in pairs(a, b, "tuple_add"))


sub = _numeric("tuple_sub", _op.sub)
mul = _numeric("tuple_mult", _op.mul)


def _int_div(x: int, y: int) -> int:
    q = abs(x) // abs(y)
    return q if (x >= 0) == (y >= 0) else -q


def _div_pair(x: object, y: object) -> object:
    _check_number(x, 1, "tuple_div")
    _check_number(y, 2, "tuple_div")
    if y == 0:
        raise _fail(1302, "tuple_div", "division by zero")
    if type(x) is int and type(y) is int:
        return wrap_int(_int_div(x, y))
    return float(x) / float(y)  # type: ignore[arg-type]


def div(a: Tuple, b: Tuple) -> Tuple:
    """``A / B``: integer division (toward zero) for two integers, else real division."""
    if len(a) == 1 and len(b) == 1:
        return (_div_pair(a[0], b[0]),)
    return tuple(_div_pair(x, y) for x, y in pairs(a, b, "tuple_div"))


def _mod_pair(x: object, y: object) -> int:
    for v, position in ((x, 1), (y, 2)):
        if type(v) is not int:
            raise _fail(
                error_codes.wrong_type(position), "tuple_mod", f"expected an integer, got {v!r}"
            )
    if y == 0:
        raise _fail(1302, "tuple_mod", "division by zero")
    return x - y * _int_div(x, y)  # type: ignore[operator, arg-type]


def mod(a: Tuple, b: Tuple) -> Tuple:
    """``A % B``: integer remainder with the sign of the dividend (C semantics)."""
    return tuple(_mod_pair(x, y) for x, y in pairs(a, b, "tuple_mod"))


def neg(a: Tuple) -> Tuple:
    """``-A``, element-wise."""
    out = []
    for x in a:
        _check_number(x, 1, "tuple_neg")
        out.append(wrap_int(-x) if type(x) is int else -x)  # type: ignore[operator]
    return tuple(out)


# ----------------------------------------------------------------------------- comparison


def _elem_eq(x: object, y: object) -> bool:
    if type(x) is str or type(y) is str:
        return type(x) is type(y) and x == y
    if isinstance(x, Handle) or isinstance(y, Handle):
        return x is y
    return x == y


def equal(a: Tuple, b: Tuple) -> bool:
    """Whole-tuple equality: same length and equal elements (1 == 1.0, '1' != 1)."""
    if len(a) != len(b):
        return False
    return all(_elem_eq(x, y) for x, y in zip(a, b, strict=True))


def _elem_cmp(x: object, y: object, operator: str) -> int:
    tx, ty = type(x), type(y)
    if tx in _NUM and ty in _NUM:
        return (x > y) - (x < y)  # type: ignore[operator]
    if tx is str and ty is str:
        return (x > y) - (x < y)  # type: ignore[operator]
    if isinstance(x, Handle) and isinstance(y, Handle):
        return (x.id > y.id) - (x.id < y.id)
    position = 2 if tx in _NUM or tx is str else 1
    raise _fail(
        error_codes.wrong_type(position),
        operator,
        f"cannot order {element_type(x)} {x!r} and {element_type(y)} {y!r}",
    )


def compare(a: Tuple, b: Tuple, operator: str = "tuple_less") -> int:
    """Lexicographic comparison of whole tuples: -1, 0 or 1 (a longer tuple wins a tie)."""
    for x, y in zip(a, b, strict=False):
        c = _elem_cmp(x, y, operator)
        if c:
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


def _whole(op: str) -> Callable[[Tuple, Tuple], Tuple]:
    tests = {
        "==": lambda a, b: equal(a, b),
        "!=": lambda a, b: not equal(a, b),
        "<": lambda a, b: compare(a, b, "tuple_less") < 0,
        ">": lambda a, b: compare(a, b, "tuple_greater") > 0,
        "<=": lambda a, b: compare(a, b, "tuple_less_equal") <= 0,
        ">=": lambda a, b: compare(a, b, "tuple_greater_equal") >= 0,
    }
    test = tests[op]

    def apply(a: Tuple, b: Tuple) -> Tuple:
        if len(a) == 1 and len(b) == 1:
            x, y = a[0], b[0]
            tx, ty = type(x), type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                if op == "==":
                    return (1 if x == y else 0,)
                if op == "<":
                    return (1 if x < y else 0,)
                if op == ">":
                    return (1 if x > y else 0,)
                # as C compares doubles: NaN is neither below, above nor equal to anything
                if op == "<=":
                    return (1 if x <= y else 0,)
                if op == ">=":
                    return (1 if x >= y else 0,)
                return (1 if x != y else 0,)
        return (1 if test(a, b) else 0,)

    apply.__doc__ = f"Whole-tuple ``{op}``: one 0/1 value."
    return apply


def _elementwise(op: str, name: str) -> Callable[[Tuple, Tuple], Tuple]:
    def apply(a: Tuple, b: Tuple) -> Tuple:
        out = []
        for x, y in pairs(a, b, name):
            if op == "==":
                out.append(1 if _elem_eq(x, y) else 0)
            elif op == "!=":
                out.append(0 if _elem_eq(x, y) else 1)
            else:
                c = _elem_cmp(x, y, name)
                out.append(1 if {"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op] else 0)
        return tuple(out)

    apply.__doc__ = f"Element-wise ``[{op}]``: one 0/1 value per element pair."
    return apply


# ----------------------------------------------------------------------------- logic and bits


def _int_op(name: str, func: Callable[[int, int], int]) -> Callable[[Tuple, Tuple], Tuple]:
    def apply(a: Tuple, b: Tuple) -> Tuple:
        out = []
        for x, y in pairs(a, b, name):
            for v, position in ((x, 1), (y, 2)):
                if type(v) is not int:
                    raise _fail(
                        error_codes.wrong_type(position),
                        name,
                        f"expected an integer, got {element_type(v)} {v!r}",
                    )
            out.append(func(x, y))
        return tuple(out)

    apply.__doc__ = f"Element-wise ``{name}`` on integers."
    return apply


def not_(a: Tuple) -> Tuple:
    """``not A``: 1 for 0, 0 for any other integer, element-wise."""
    out = []
    for x in a:
        if type(x) is not int:
            raise _fail(1201, "tuple_not", f"expected an integer, got {element_type(x)} {x!r}")
        out.append(0 if x else 1)
    if not a:
        raise _fail(1401, "tuple_not", "operand is an empty tuple")
    return tuple(out)


def bnot(a: Tuple) -> Tuple:
    """``bnot A``: bitwise complement, element-wise."""
    out = []
    for x in a:
        if type(x) is not int:
            raise _fail(1201, "tuple_bnot", f"expected an integer, got {element_type(x)} {x!r}")
        out.append(~x)
    return tuple(out)


BINARY: dict[str, Callable[[Tuple, Tuple], Tuple]] = {
    "+": add,
    "-": sub,
    "*": mul,
    "/": div,
    "%": mod,
    "and": _int_op("tuple_and", lambda x, y: 1 if x and y else 0),
    "or": _int_op("tuple_or", lambda x, y: 1 if x or y else 0),
    "xor": _int_op("tuple_xor", lambda x, y: 1 if bool(x) != bool(y) else 0),
    "band": _int_op("tuple_band", lambda x, y: x & y),
    "bor": _int_op("tuple_bor", lambda x, y: x | y),
    "bxor": _int_op("tuple_bxor", lambda x, y: x ^ y),
    "=~": lambda a, b: (1 if equal(a, b) else 0,),
}
for _o in ("==", "!=", "<", ">", "<=", ">="):
    BINARY[_o] = _whole(_o)
for _o, _n in (
    ("==", "equal"),
    ("!=", "not_equal"),
    ("<", "less"),
    (">", "greater"),
    ("<=", "less_equal"),
    (">=", "greater_equal"),
):
    BINARY[f"[{_o}]"] = _elementwise(_o, f"tuple_{_n}_elem")

UNARY: dict[str, Callable[[Tuple], Tuple]] = {"-": neg, "not": not_, "bnot": bnot}


# ----------------------------------------------------------------------------- selection


def _index_value(i: object, operator: str, position: int = 2) -> int:
    """An index as an int: an integer, or a real without fraction (HALCON's tuple_select:
    "any floating point number within Index must represent an integer value")."""
    if type(i) is int:
        return i
    if type(i) is float and i.is_integer():
        return int(i)
    raise _fail(error_codes.wrong_type(position), operator, f"index must be an integer, got {i!r}")


def select(t: Tuple, index: Tuple) -> Tuple:
    """``T[I]``: the elements at the 0-based indices ``I`` (tuple_select)."""
    n = len(t)
    out = []
    for i in index:
        k = _index_value(i, "tuple_select")
        if not 0 <= k < n:
            raise _fail(1302, "tuple_select", f"index {k} out of range for a tuple of {n} values")
        out.append(t[k])
    return tuple(out)


def select_range(t: Tuple, low: Tuple, high: Tuple) -> Tuple:
    """``T[A:B]``: elements A..B, both included (tuple_select_range)."""
    if len(low) != 1:
        raise _fail(1402, "tuple_select_range", "start index must be one value")
    if len(high) != 1:
        raise _fail(1403, "tuple_select_range", "end index must be one value")
    a = _index_value(low[0], "tuple_select_range", 2)
    b = _index_value(high[0], "tuple_select_range", 3)
    n = len(t)
    if not 0 <= a <= n or (a > n - 1 and b >= a):
        raise _fail(
            1302, "tuple_select_range", f"start index {a} out of range for a tuple of {n} values"
        )
    if b >= n or b < a - 1:
        raise _fail(
            1303, "tuple_select_range", f"end index {b} out of range (start {a}, {n} values)"
        )
    return t[a : b + 1]


def sequence(start: Tuple, end: Tuple, step: Tuple | None) -> Tuple:
    """``[Start:End]`` / ``[Start:Step:End]``: an arithmetic sequence, End included."""
    step = step if step is not None else (1,)
    for v, position in ((start, 1), (end, 2), (step, 3)):
        if len(v) != 1:
            raise _fail(
                error_codes.wrong_count(position), "tuple_gen_sequence", "expected one value"
            )
        _check_number(v[0], position, "tuple_gen_sequence")
    s, e, d = start[0], end[0], step[0]
    if d == 0:
        raise _fail(1303, "tuple_gen_sequence", "step must not be 0")
    if type(s) is int and type(e) is int and type(d) is int:
        check_length(max((e - s) // d + 1, 0), "tuple_gen_sequence", "End")
        return tuple(range(s, e + (1 if d > 0 else -1), d))
    steps = (e - s) / d + 1e-9  # type: ignore[operator]
    if not math.isfinite(steps):
        raise _fail(1302, "tuple_gen_sequence", f"no finite sequence from {s} to {e} by {d}")
    count = max(math.floor(steps) + 1, 0)
    check_length(count, "tuple_gen_sequence", "End")
    return tuple(float(s + k * d) for k in range(count))  # type: ignore[operator]


def char_at(t: Tuple, index: Tuple) -> Tuple:
    """``S{I}``: character I of a string, or bit I of an integer (tuple_str_bit_select)."""
    if len(index) != 1:
        raise _fail(1402, "tuple_str_bit_select", "index must be one value")
    k = _index_value(index[0], "tuple_str_bit_select")
    out: list[object] = []
    for s in t:
        if type(s) is str:
            if not 0 <= k < len(s):
                raise _fail(1302, "tuple_str_bit_select", f"position {k} out of range for {s!r}")
            out.append(s[k])
        elif type(s) is int:
            if not 0 <= k < 64:
                raise _fail(1302, "tuple_str_bit_select", f"bit {k} out of range 0..63")
            out.append((s >> k) & 1)
        else:
            raise _fail(1201, "tuple_str_bit_select", f"expected a string or integer, got {s!r}")
    return tuple(out)


def substr(t: Tuple, low: Tuple, high: Tuple) -> Tuple:
    """``S{A:B}``: characters A..B of each string, both included (tuple_substr)."""
    if len(low) != 1 or len(high) != 1:
        raise _fail(
            1402 if len(low) != 1 else 1403, "tuple_substr", "positions must be one value each"
        )
    a = _index_value(low[0], "tuple_substr", 2)
    b = _index_value(high[0], "tuple_substr", 3)
    out = []
    for s in t:
        if type(s) is not str:
            raise _fail(1201, "tuple_substr", f"expected a string, got {s!r}")
        if a < 0 or b < a - 1 or (b >= len(s) and len(s) > 0 and a < len(s) and False):
            raise _fail(1302, "tuple_substr", f"positions {a}:{b} out of range for {s!r}")
        out.append(s[a : b + 1])
    return tuple(out)


def truth(value: Tuple, what: str) -> bool:
    """The value of a condition: exactly one integer; non-zero is true.

    Raises:
        HalconError: 1401 for not exactly one value, 1201 for a non-integer.
    """
    if len(value) != 1:
        raise _fail(1401, what, f"condition must be one value, got {len(value)}")
    x = value[0]
    if type(x) is not int:
        raise _fail(
            1201, what, f"condition must be an integer (boolean), got {element_type(x)} {x!r}"
        )
    return x != 0
