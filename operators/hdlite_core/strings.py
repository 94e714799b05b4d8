"""String operators: conversion, search, cutting, splitting, joining and regular expressions.

Operators that take two string tuples (``tuple_strchr (String, ToFind, ...)``) pair them up
like the arithmetic operators: equal lengths pair element by element, a single string is
combined with every element of the other tuple; an empty operand gives an empty result.

Regular expressions are Perl-compatible in HALCON and run on Python's :mod:`re` here, after
translating the few PCRE spellings Python lacks (``(?<name>...)``, ``\\z``, ``\\Z``). The
``Expression`` parameter is ``[Pattern, Option...]`` with options ``'ignore_case'``,
``'multiline'``, ``'dot_matches_all'``, ``'newline_lf'``/``'newline_crlf'``/``'newline_cr'``
(accepted; Python treats ``\\n`` as the line end), ``'replace_all'`` (``tuple_regexp_replace``)
and ``'invert_match'`` (``tuple_regexp_select``/``tuple_regexp_test``). A replacement refers
to groups as ``$1``, ``${1}`` or ``\\1``; ``$0``/``\\0`` is the whole match.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    Handle,
    Operator,
    Param,
    element_to_str,
    format_tuple,
    operator,
)
from hdlite.plugin import tuple_rules as arith

from .tuples import as_index, as_indices

element_pairs = arith.pairs  # HALCON's element-wise pairing rule

_INT = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)")
_REAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT64 = 1 << 63


# ----------------------------------------------------------------------------- conversion


def parse_number(text: str) -> int | float | None:
    """The number a string spells as ``tuple_number`` reads it, or None.

    ``'0x20'`` is hexadecimal (32), ``'020'`` octal (16), ``'1e3'`` the real 1000.0;
    surrounding white space is ignored. Integers beyond 64 bits become reals.
    """
    s = text.strip()
    if _INT.fullmatch(s):
        sign = -1 if s[0] == "-" else 1
        body = s.lstrip("+-")
        if body[:2] in ("0x", "0X"):
            value = int(body[2:], 16)
        elif body.startswith("0") and len(body) > 1:
            if not set(body) <= set("01234567"):
                return float(s)
            value = int(body, 8)
        else:
            value = int(body)
        value *= sign
        return value if -_INT64 <= value < _INT64 else float(value)
    if _REAL.fullmatch(s):
        return float(s)
    return None


@operator("tuple_number", ControlIn("T"), ControlOut("Number"))
def tuple_number(ctx: CallContext, t: tuple) -> tuple:
    """Convert strings that spell numbers to numbers; other elements are kept as they are."""
    values = [parse_number(x) if type(x) is str else None for x in t]
    return (tuple(x if v is None else v for x, v in zip(t, values, strict=True)),)


@operator("tuple_is_number", ControlIn("T"), ControlOut("IsNumber", types="integer"))
def tuple_is_number(ctx: CallContext, t: tuple) -> tuple:
    """1 for numbers and for strings that spell a number, 0 for anything else."""
    return (tuple(int(type(x) in (int, float) or _spells_number(x)) for x in t),)


def _spells_number(x: object) -> bool:
    return type(x) is str and parse_number(x) is not None


@operator(
    "tuple_string",
    ControlIn("T"),
    ControlIn("Format", types="string"),
    ControlOut("String", types="string"),
)
def tuple_string(ctx: CallContext, t: tuple, fmt: tuple) -> tuple:
    """Format numbers or strings with a printf-like format (``T$Format``); see formatting."""
    return (format_tuple(t, fmt),)


@operator(
    "tuple_environment",
    ControlIn("Names", types="string"),
    ControlOut("Values", types="string"),
)
def tuple_environment(ctx: CallContext, names: tuple) -> tuple:
    """Values of environment variables; ``''`` for a variable that is not set."""
    return (tuple(os.environ.get(n, "") for n in names),)


@operator("tuple_ord", ControlIn("Char", types="string"), ControlOut("Ord", types="integer"))
def tuple_ord(ctx: CallContext, chars: tuple) -> tuple:
    """The code point of every one-character string."""
    for c in chars:
        if len(c) != 1:
            raise ctx.param_error("value", "Char", f"expected one character, got {c!r}")
    return (tuple(ord(c) for c in chars),)


def _char(ctx: CallContext, param: str, code: int) -> str:
    """One character; HALCON strings are UTF-8, which cannot hold the surrogates D800-DFFF."""
    if not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise ctx.param_error("value", param, f"{code} is not a character code")
    return chr(code) if code else ""


@operator("tuple_chr", ControlIn("Ord", types="integer"), ControlOut("Char", types="string"))
def tuple_chr(ctx: CallContext, codes: tuple) -> tuple:
    """A one-character string for every code point (0 gives the empty string)."""
    return (tuple(_char(ctx, "Ord", c) for c in codes),)


@operator("tuple_ords", ControlIn("T"), ControlOut("Ords", types="integer"))
def tuple_ords(ctx: CallContext, t: tuple) -> tuple:
    """The code points of all characters of all strings; integers are passed on."""
    out: list[int] = []
    for x in t:
        if type(x) is str:
            out.extend(ord(c) for c in x)
        elif type(x) is int:
            out.append(x)
        else:
            raise ctx.param_error("type", "T", f"expected strings or integers, got {x!r}")
    return (tuple(out),)


@operator("tuple_chrt", ControlIn("T", types="integer"), ControlOut("Chrt"))
def tuple_chrt(ctx: CallContext, codes: tuple) -> tuple:
    """Pack codes into strings; each 0 ends the current string and is output as 0."""
    out: list = []
    current: list[str] = []
    for c in codes:
        if c == 0:
            if current:
                out.append("".join(current))
                current = []
            out.append(0)
        else:
            current.append(_char(ctx, "T", c))
    if current:
        out.append("".join(current))
    return (tuple(out),)


# ----------------------------------------------------------------------------- length, cutting


@operator("tuple_strlen", ControlIn("T1", types="string"), ControlOut("Length", types="integer"))
def tuple_strlen(ctx: CallContext, t: tuple) -> tuple:
    """Number of characters of every string."""
    return (tuple(len(s) for s in t),)


def _broadcast(name: str, *args: tuple) -> list[tuple]:
    """Rows of HALCON's element-wise rule for any number of operands."""
    if any(not a for a in args):
        return []
    n = max(len(a) for a in args)
    for position, a in enumerate(args, start=1):
        if len(a) not in (1, n):
            raise HalconError(
                1400 + position, f"{len(a)} values where 1 or {n} are expected", operator=name
            )
    return [tuple(a[0] if len(a) == 1 else a[i] for a in args) for i in range(n)]


@operator(
    "tuple_substr",
    ControlIn("String", types="string"),
    ControlIn("Position1", types="number"),
    ControlIn("Position2", types="number"),
    ControlOut("Substring", types="string"),
)
def tuple_substr(ctx: CallContext, strings: tuple, pos1: tuple, pos2: tuple) -> tuple:
    """Characters ``Position1..Position2`` of each string, both included (``S{A:B}``)."""
    a, b = as_indices(ctx, "Position1", pos1), as_indices(ctx, "Position2", pos2)
    rows = _broadcast("tuple_substr", strings, a, b)
    return (tuple(arith.substr((s,), (i,), (j,))[0] for s, i, j in rows),)


def _cut(name: str, cut: Callable[[str, int], str], doc: str) -> Operator:
    def run(ctx: CallContext, strings: tuple, position: tuple) -> tuple:
        rows = _broadcast(name, strings, as_indices(ctx, "Position", position))
        return (tuple(cut(s, k) for s, k in rows),)

    run.__doc__ = doc
    return operator(
        name,
        ControlIn("String", types="string"),
        ControlIn("Position", types="number"),
        ControlOut("Substring", types="string"),
    )(run)


tuple_str_first_n = _cut(
    "tuple_str_first_n",
    lambda s, k: s[: k + 1] if k >= 0 else "",
    "Characters 0..Position of each string, Position included (``str_firstn``).",
)
tuple_str_last_n = _cut(
    "tuple_str_last_n",
    lambda s, k: s[max(k, 0) :],
    "Characters from Position to the end of each string (``str_lastn``).",
)


@operator(
    "tuple_str_bit_select",
    ControlIn("Tuple"),
    ControlIn("Index", types="number", count=1),
    ControlOut("Selected"),
)
def tuple_str_bit_select(ctx: CallContext, t: tuple, index: tuple) -> tuple:
    """Character ``Index`` of each string, or bit ``Index`` of each integer (``S{I}``)."""
    k = as_index(ctx, "Index", index[0])
    if k < 0:
        raise ctx.param_error("value", "Index", f"position must not be negative, got {k}")
    return (arith.char_at(t, (k,)),)


# ----------------------------------------------------------------------------- search


def _search(name: str, find: Callable[[str, str], int], doc: str) -> Operator:
    def run(ctx: CallContext, strings: tuple, to_find: tuple) -> tuple:
        if not strings or not to_find:
            return ((),)
        return (tuple(find(s, f) for s, f in element_pairs(strings, to_find, name)),)

    run.__doc__ = doc + " -1 where there is none."
    return operator(
        name,
        ControlIn("String", types="string"),
        ControlIn("ToFind", types="string"),
        ControlOut("Position", types="integer"),
    )(run)


tuple_strchr = _search(
    "tuple_strchr",
    lambda s, f: s.find(f[0]) if f else -1,
    "Position of the first occurrence of the first character of ToFind.",
)
tuple_strrchr = _search(
    "tuple_strrchr",
    lambda s, f: s.rfind(f[0]) if f else -1,
    "Position of the last occurrence of the first character of ToFind.",
)
tuple_strstr = _search(
    "tuple_strstr", lambda s, f: s.find(f), "Position of the first occurrence of ToFind."
)
tuple_strrstr = _search(
    "tuple_strrstr", lambda s, f: s.rfind(f), "Position of the last occurrence of ToFind."
)


# ----------------------------------------------------------------------------- split, join, replace


def _split_one(text: str, separators: str) -> list[str]:
    if not separators:
        return [text]
    parts = [p for p in re.split("[" + re.escape(separators) + "]", text) if p]
    return parts or [""]


@operator(
    "tuple_split",
    ControlIn("String", types="string"),
    ControlIn("Separator", types="string"),
    ControlOut("Substrings", types="string"),
)
def tuple_split(ctx: CallContext, strings: tuple, separator: tuple) -> tuple:
    """Split at every character of the separator; runs of separators count as one.

    Empty pieces are dropped; a string without any piece gives one empty string.
    """
    if not strings or not separator:
        return ((),)
    out: list[str] = []
    for s, sep in element_pairs(strings, separator, "tuple_split"):
        out.extend(_split_one(s, sep))
    return (tuple(out),)


@operator(
    "tuple_join",
    ControlIn("Strings"),
    ControlIn("Separators", types="string"),
    ControlOut("JoinedString", types="string", count=1),
)
def tuple_join(ctx: CallContext, strings: tuple, separators: tuple) -> tuple:
    """Join the elements (numbers as text) with one separator, or one per gap."""
    if any(isinstance(x, Handle) for x in strings):
        raise ctx.param_error("type", "Strings", "handles cannot be joined")
    gaps = max(len(strings) - 1, 0)
    if len(separators) not in (1, gaps):
        raise ctx.param_error(
            "count", "Separators", f"{len(separators)} separators for {len(strings)} strings"
        )
    parts = [element_to_str(x) for x in strings]
    if len(separators) == 1:
        return ((separators[0].join(parts),),)
    text = parts[0] if parts else ""
    for sep, part in zip(separators, parts[1:], strict=True):
        text += sep + part
    return ((text,),)


@operator(
    "tuple_str_replace",
    ControlIn("String", types="string"),
    ControlIn("Before", types="string", count=1),
    ControlIn("After", types="string", count=1),
    ControlOut("Replaced", types="string"),
)
def tuple_str_replace(ctx: CallContext, strings: tuple, before: tuple, after: tuple) -> tuple:
    """Replace every occurrence of ``Before`` by ``After`` (an empty ``Before`` changes nothing)."""
    old, new = before[0], after[0]
    return (tuple(s.replace(old, new) if old else s for s in strings),)


# ----------------------------------------------------------------------------- regular expressions

_OPTION_FLAGS = {
    "ignore_case": re.IGNORECASE,
    "multiline": re.MULTILINE,
    "dot_matches_all": re.DOTALL,
    "newline_lf": 0,
    "newline_crlf": 0,
    "newline_cr": 0,
}


def pcre_to_python(pattern: str) -> str:
    """Rewrite the PCRE spellings that Python's ``re`` lacks: ``(?<name>``, ``\\z``, ``\\Z``."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            out.append({"z": r"\Z", "Z": r"(?=\n?\Z)"}.get(nxt, c + nxt))
            i += 2
            continue
        if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _regex(ctx: CallContext, expression: tuple, extra: str = "") -> tuple[re.Pattern, set[str]]:
    """Compile ``[Pattern, Option...]``; ``extra`` names the option this operator adds."""
    pattern, options = expression[0], set(expression[1:])
    flags = 0
    for option in options:
        if option in _OPTION_FLAGS:
            flags |= _OPTION_FLAGS[option]
        elif option != extra:
            raise ctx.param_error("value", "Expression", f"unknown option {option!r}")
    try:
        return re.compile(pcre_to_python(pattern), flags), options
    except re.error as exc:
        raise ctx.param_error(
            "value", "Expression", f"bad regular expression {pattern!r}: {exc}"
        ) from None


def _expression() -> Param:
    return ControlIn("Expression", types="string", count=(1, None))


@operator(
    "tuple_regexp_match",
    ControlIn("Data", types="string"),
    _expression(),
    ControlOut("Matches", types="string"),
)
def tuple_regexp_match(ctx: CallContext, data: tuple, expression: tuple) -> tuple:
    """The first match in each string ('' if none).

    With capturing groups, one input string gives all its captured groups (nothing if it does
    not match); several input strings give the first group of each.
    """
    rx, _ = _regex(ctx, expression)
    matches = [rx.search(s) for s in data]
    if rx.groups and len(data) == 1:
        m = matches[0]
        return ((tuple(g or "" for g in m.groups()) if m else ()),)
    group = 1 if rx.groups else 0
    return (tuple((m.group(group) or "") if m else "" for m in matches),)


def _expand(template: str) -> Callable[[re.Match], str]:
    tokens = re.findall(r"\$\{\d+\}|\$\d|\\\d|\$\$|\\\\|[^$\\]+|.", template, re.S)

    def build(m: re.Match) -> str:
        out = []
        for tok in tokens:
            if tok in ("$$", "\\\\"):
                out.append(tok[0])
            elif re.fullmatch(r"\$\{\d+\}|\$\d|\\\d", tok):
                k = int(tok.strip("${}\\"))
                out.append((m.group(k) or "") if k <= m.re.groups else "")
            else:
                out.append(tok)
        return "".join(out)

    return build


@operator(
    "tuple_regexp_replace",
    ControlIn("Data", types="string"),
    _expression(),
    ControlIn("Replace", types="string", count=1),
    ControlOut("Result", types="string"),
)
def tuple_regexp_replace(ctx: CallContext, data: tuple, expression: tuple, replace: tuple) -> tuple:
    """Replace the first match (every match with ``'replace_all'``) in each string."""
    rx, options = _regex(ctx, expression, "replace_all")
    count = 0 if "replace_all" in options else 1
    build = _expand(replace[0])
    return (tuple(rx.sub(build, s, count=count) for s in data),)


def _selected(ctx: CallContext, data: tuple, expression: tuple) -> list[str]:
    rx, options = _regex(ctx, expression, "invert_match")
    invert = "invert_match" in options
    return [s for s in data if (rx.search(s) is None) == invert]


@operator(
    "tuple_regexp_select",
    ControlIn("Data", types="string"),
    _expression(),
    ControlOut("Selection", types="string"),
)
def tuple_regexp_select(ctx: CallContext, data: tuple, expression: tuple) -> tuple:
    """The strings that match (that do not match, with ``'invert_match'``)."""
    return (tuple(_selected(ctx, data, expression)),)


@operator(
    "tuple_regexp_test",
    ControlIn("Data", types="string"),
    _expression(),
    ControlOut("NumMatches", types="integer", count=1),
)
def tuple_regexp_test(ctx: CallContext, data: tuple, expression: tuple) -> tuple:
    """Number of strings that match (that do not match, with ``'invert_match'``)."""
    return ((len(_selected(ctx, data, expression)),),)
