"""Tuple sizes and indexed assignment: the rules that need no arithmetic.

Part of HALCON's tuple rules (``hdlite.plugin.tuple_rules`` re-exports them): the one length
check before building a tuple whose length comes from the user, and ``T[I] := V``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hdlite.errors import HalconError

if TYPE_CHECKING:
    from hdlite.source import Span


def memory_bytes() -> int:
    """The machine's physical memory in bytes (1 TiB when the system does not say)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 1 << 40


def fits_in_memory(count: float, item_bytes: int = 32) -> bool:
    """Whether a new tuple (or array) of ``count`` items of ``item_bytes`` can fit at all.

    The one length check before building a result whose length comes from the user
    (``[1:N]``, ``tuple_gen_const``, ``tuple_gen_sequence``...): beyond it HALCON's 6001
    comes at once instead of after running out of memory (or time) value by value.
    """
    return count * item_bytes <= memory_bytes()


def check_length(count: int, operator: str, what: str, item_bytes: int = 32) -> None:
    """Raise HALCON's 6001 (not enough memory) for a tuple of ``count`` values that
    cannot fit (see :func:`fits_in_memory`)."""
    if not fits_in_memory(count, item_bytes):
        raise HalconError(
            6001, f"{what}: a tuple of {count} values does not fit into memory", operator=operator
        )


def replace_at(old: tuple, index: tuple, value: tuple, span: Span | None = None) -> tuple:
    """``T[I] := V``: replace elements, extending the tuple when an index is past the end.

    Gaps between the old end and a larger index are filled with 0. Several indices take
    as many values (or one value for all of them).
    """
    if not index:
        return old
    if len(value) != len(index) and len(value) != 1:
        raise HalconError(
            1402, f"{len(index)} indices but {len(value)} values", operator="assign_at", span=span
        )
    out = list(old)
    for n, i in enumerate(index):
        if type(i) is float and i.is_integer():
            i = int(i)
        if type(i) is not int or i < 0:
            raise HalconError(
                1201, f"index must be an integer >= 0, got {i!r}", operator="assign_at", span=span
            )
        while len(out) <= i:
            out.append(0)
        out[i] = value[n if len(value) > 1 else 0]
    return tuple(out)
