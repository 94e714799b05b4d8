"""HALCON's number/string formatting: ``tuple_string`` and the ``$`` operator.

A format is a printf conversion without the ``%``: ``[flags][width][.precision][conversion]``.

* flags: ``-`` left-justify, ``+`` always a sign, space for a blank before positive
  numbers, ``#`` alternate form (``0x`` prefix, leading ``0`` for octal, a decimal point
  that stays), ``0`` pad numbers with zeros;
* conversions: ``d o x X`` (integers), ``f e E g G`` (reals), ``s`` (strings);
  without a conversion letter the value's own type decides (``d`` for an integer, ``f``
  for a real, ``s`` for a string), so ``'.2'``, ``'10'`` and ``'.'`` are valid formats;
* integers formatted with ``f e E g G`` are converted to reals, reals formatted with
  ``d o x X`` are truncated toward zero; numbers formatted with ``s`` use the text that
  ``+`` concatenation would give; a string with a number conversion is an error;
* ``s`` with a width pads and with a precision truncates the string.

Negative integers printed with ``o x X`` show their 64-bit two's complement, as C's
``printf`` does with HALCON's 64-bit integers. The formatting is applied element-wise:
one format for every value, one value for every format, or pairwise.
"""

from __future__ import annotations

import math
import re

from hdlite.errors import HalconError
from hdlite.values.control import element_to_str, element_type

_OPERATOR = "tuple_string"
_SPEC = re.compile(r"([-+ #0]*)(\d*)(?:\.(\d*))?([doxXfeEgGs]?)")
_INT_CONVERSIONS = "doxX"
_REAL_CONVERSIONS = "feEgG"


def format_tuple(values: tuple, fmt: tuple) -> tuple:
    """Format each value with a HALCON format string (``tuple_string`` / ``Value$Format``).

    Args:
        values: the control tuple to convert (integers, reals, strings).
        fmt: one format string, or one per value.

    Returns:
        A tuple of strings, one per (value, format) pair.

    Raises:
        HalconError: 1201 for a value that the format cannot take (a string formatted as a
            number, a handle), 1202 for a format that is not a string, 1302 for a format
            that does not parse, 1402 for a number of formats that does not fit.
    """
    if not fmt:
        raise HalconError(1402, "Format is an empty tuple", operator=_OPERATOR)
    for f in fmt:
        if type(f) is not str:
            raise HalconError(
                1202, f"Format must be a string, got {element_type(f)} {f!r}", operator=_OPERATOR
            )
    if len(fmt) == 1:
        spec = _parse(fmt[0])
        return tuple(_format_one(v, spec) for v in values)
    if len(values) == 1:
        return tuple(_format_one(values[0], _parse(f)) for f in fmt)
    if len(values) != len(fmt):
        raise HalconError(
            1402,
            f"{len(fmt)} formats for {len(values)} values; give one format or one per value",
            operator=_OPERATOR,
        )
    return tuple(_format_one(v, _parse(f)) for v, f in zip(values, fmt, strict=True))


def _parse(text: str) -> tuple[str, int | None, int | None, str, str]:
    match = _SPEC.fullmatch(text)
    if match is None:
        raise HalconError(1302, f"invalid format {text!r}", operator=_OPERATOR)
    flags, width, precision, conversion = match.groups()
    return (
        flags,
        int(width) if width else None,
        None if precision is None else int(precision or "0"),
        conversion,
        text,
    )


def _format_one(value: object, spec: tuple[str, int | None, int | None, str, str]) -> str:
    flags, width, precision, conversion, text = spec
    kind = type(value)
    if kind is not int and kind is not float and kind is not str:
        raise HalconError(
            1201, f"cannot format a {element_type(value)} with {text!r}", operator=_OPERATOR
        )
    if not conversion:
        conversion = "d" if kind is int else "f" if kind is float else "s"
    if conversion == "s":
        string = value if kind is str else element_to_str(value)
        return _c_format(flags, width, precision, "s", string)
    if kind is str:
        raise HalconError(
            1201, f"cannot format the string {value!r} with {text!r}", operator=_OPERATOR
        )
    if conversion in _REAL_CONVERSIONS:
        return _c_format(flags, width, precision, conversion, float(value))  # type: ignore[arg-type]
    if kind is float:
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise HalconError(
                1201, f"cannot format {value!r} as an integer with {text!r}", operator=_OPERATOR
            )
        value = int(value)  # type: ignore[call-overload]  # truncation toward zero, as C's cast
    return _format_int(value, flags, width, precision, conversion)  # type: ignore[arg-type]


def _c_format(
    flags: str, width: int | None, precision: int | None, conv: str, value: object
) -> str:
    spec = "%" + flags + ("" if width is None else str(width))
    spec += "" if precision is None else f".{precision}"
    return (spec + conv) % (value,)


def _format_int(value: int, flags: str, width: int | None, precision: int | None, conv: str) -> str:
    if conv != "d" and value < 0:
        value += 1 << 64
    digits = format(abs(value), conv)
    if precision is not None:
        digits = digits.zfill(precision)
    prefix = ""
    if "#" in flags:
        if conv == "o" and not digits.startswith("0"):
            digits = "0" + digits
        elif conv in "xX" and value != 0:
            prefix = "0" + conv
    if value < 0:
        prefix = "-" + prefix
    elif conv == "d" and "+" in flags:
        prefix = "+" + prefix
    elif conv == "d" and " " in flags:
        prefix = " " + prefix
    body = prefix + digits
    if width is None or len(body) >= width:
        return body
    if "-" in flags:
        return body.ljust(width)
    if "0" in flags and precision is None:
        return prefix + digits.zfill(width - len(prefix))
    return body.rjust(width)
