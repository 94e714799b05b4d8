"""Literal helpers: string escapes, C-style integer literals, and their limits.

HALCON's integers are 64-bit: an integer literal beyond 2^63-1 (decimal, octal or hex) is an
error where it is written.
HALCON does not turn a too-large integer into a real: ``tuple_number`` raises an exception
for "strings with integers that cannot be represented as Hlong (... 64-bit signed integer
for 64-bit HALCON)" (HALCON 24.11 reference, tuple_number, "Exception: Out of range
integers"), error 5758 "Number too big for a string to number conversion (overflow)". How
HDevelop's editor treats such a literal is not documented; hdlite refuses it before the
run, so that every value is a 64-bit integer or a double and every tuple written reads back.
``-9223372036854775808`` is written ``-9223372036854775807 - 1``, as in C.
"""

from __future__ import annotations

import re

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


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a"}
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", re.S)
_CONTINUATION_RE = re.compile(r"\\\r?\n[ \t]*")


def _unescape_char(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8))
    return _ESCAPES.get(code, code)


def unescape(body: str) -> str:
    """Undo HDevelop's C-style escapes in the text between the quotes of a string literal.

    A backslash at the end of a line continues the string on the next line (HDevelop wraps
    long lines wherever they are): the backslash, the newline and the next line's leading
    blanks are dropped.
    """
    if "\\" not in body:
        return body
    return _ESCAPE_RE.sub(_unescape_char, _CONTINUATION_RE.sub("", body))


def int_literal(text: str) -> int:
    """Value of an integer literal; a leading 0 means octal, as in C."""
    if len(text) > 1 and text[0] == "0" and all(c in "01234567" for c in text):
        return int(text, 8)
    return int(text, 10)
