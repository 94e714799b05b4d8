"""Limits of literals: HALCON's integers are 64-bit.

An integer literal beyond 2^63-1 (decimal, octal or hex) is an error where it is written.
HALCON does not turn a too-large integer into a real: ``tuple_number`` raises an exception
for "strings with integers that cannot be represented as Hlong (... 64-bit signed integer
for 64-bit HALCON)" (HALCON 24.11 reference, tuple_number, "Exception: Out of range
integers"), error 5758 "Number too big for a string to number conversion (overflow)". How
HDevelop's editor treats such a literal is not documented; hdlite refuses it before the
run, so that every value is a 64-bit integer or a double and every tuple written reads back.
``-9223372036854775808`` is written ``-9223372036854775807 - 1``, as in C.
"""

from __future__ import annotations

#: the largest integer literal
INT_LITERAL_MAX = 2**63 - 1


def int_literal_problem(value: int, text: str) -> str | None:
    """The error message for an integer literal ``text`` of ``value``, or None if it fits."""
    if value <= INT_LITERAL_MAX:
        return None
    shown = text if len(text) <= 30 else text[:27] + "..."
    return (
        f"integer literal {shown} does not fit 64 bits (HALCON's integers are 64-bit); "
        "write a real, such as 1.0e30"
    )
