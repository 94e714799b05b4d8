"""HALCON's dictionary value: a ``'dict'`` handle and the rules of its keys and entries.

``dict{...}`` literals and ``D.key`` / ``D.['key']`` are syntax, so the value type lives in the
core; the dictionary operators (``create_dict``, ``set_dict_tuple``, ...) are the core plugin's
and use these functions.

A dictionary is a handle of kind ``'dict'`` whose object is a plain Python ``dict`` mapping
keys (``str`` or ``int``; ``1`` and ``'1'`` are different keys) to either a control tuple or
an :class:`~hdlite.values.iconic.ObjectTuple`. Both are immutable, so storing a value *is*
storing a copy, as HALCON requires. Handles inside a stored tuple stay references.
"""

from __future__ import annotations

from typing import Any

from hdlite.errors import HalconError
from hdlite.values.control import Handle, Vector
from hdlite.values.iconic import ObjectTuple

Key = str | int
Entry = tuple | ObjectTuple

_KEY_TYPES = ("string", "integer")


def new_dict(entries: dict[Key, Entry] | None = None) -> Handle:
    """Create a dictionary handle, optionally filled (used for ``dict{...}`` literals)."""
    return Handle("dict", dict(entries) if entries else {})


def dict_entries(handle: Any) -> dict[Key, Entry]:
    """The entries of a live dict handle (or a one-element tuple holding one).

    Raises:
        HalconError: 2404 not one dict handle, 2454 cleared handle.
    """
    if isinstance(handle, tuple):
        if len(handle) != 1:
            raise HalconError(2404, f"a dictionary must be one handle, got {len(handle)} values")
        handle = handle[0]
    if not isinstance(handle, Handle):
        raise HalconError(2404, f"not a dictionary handle: {handle!r}")
    if handle.cleared:
        raise HalconError(2454, "the dictionary was cleared")
    if handle.kind != "dict":
        raise HalconError(2404, f"expected a dict handle, got a {handle.kind} handle")
    return handle.obj


def _plain_key(key: Any) -> Key:
    if isinstance(key, tuple):
        if len(key) != 1:
            raise HalconError(2894, f"a key must be one value, got {len(key)}")
        key = key[0]
    if type(key) is str or type(key) is int:
        return key
    raise HalconError(2894, f"a key must be a string or an integer, got {key!r}")


def dict_get(handle: Any, key: Any) -> Entry:
    """Read ``handle.[key]``: the stored tuple or object tuple.

    Args:
        handle: a dict handle, or a one-element tuple holding one.
        key: a string or integer, or a one-element tuple holding one.

    Raises:
        HalconError: 2894 missing key, 2404 not a dict handle, 2454 cleared handle.
    """
    entries = dict_entries(handle)
    plain = _plain_key(key)
    try:
        return entries[plain]
    except KeyError:
        raise HalconError(2894, f"key {plain!r}") from None


def dict_set(handle: Any, key: Any, value: Entry) -> None:
    """Write ``handle.[key] := value`` (creates or replaces the key).

    Args:
        handle: a dict handle, or a one-element tuple holding one.
        key: a string or integer, or a one-element tuple holding one.
        value: a control tuple or an object tuple.

    Raises:
        HalconError: 2404 not a dict handle, 2454 cleared handle, 2894 unusable key,
            2896 a value a dict cannot hold (a vector).
    """
    entries = dict_entries(handle)
    plain = _plain_key(key)
    if plain == "":
        raise HalconError(2894, "a key must not be empty")
    if isinstance(value, Vector) or not isinstance(value, tuple | ObjectTuple):
        raise HalconError(2896, f"a dict cannot hold a {type(value).__name__}")
    entries[plain] = value


__all__ = ["Entry", "Key", "dict_entries", "dict_get", "dict_set", "new_dict"]
