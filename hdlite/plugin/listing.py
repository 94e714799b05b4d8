"""Plugins and operators as JSON data (``hdlite plugins --json``, ``hdlite operators --json``).

The shapes are stable:

* a plugin: ``{"name", "version", "module", "hooks": [...], "operators": N}``; a plugin that
  failed to import and was skipped: ``{"name", "version", "skipped": true, "error"}``;
* an operator: ``{"name", "plugin", "signature", "doc", "params": [...]}`` with each parameter
  ``{"name", "kind": "iconic"|"control", "direction": "in"|"out", "types": [...],
  "count": N | [MIN, MAX|null] | null, "default", "sem", "values": [...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hdlite.values.control import to_json

if TYPE_CHECKING:
    from hdlite.plugin.host import PluginHost
    from hdlite.plugin.registry import Operator, Param


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    return to_json(value)


def param_json(param: Param) -> dict[str, Any]:
    """One parameter of a signature as JSON data."""
    count = list(param.count) if isinstance(param.count, tuple) else param.count
    return {
        "name": param.name,
        "kind": param.kind,
        "direction": param.direction,
        "types": sorted(param.types),
        "count": count,
        "default": _json_value(param.default),
        "sem": param.sem,
        "values": [_json_value(v) for v in param.values],
    }


def operators_json(ops: Iterable[Operator]) -> list[dict[str, Any]]:
    """Operators with their signatures as JSON data."""
    return [
        {
            "name": op.name,
            "plugin": op.plugin,
            "signature": op.signature,
            "doc": op.doc.split("\n\n")[0].replace("\n", " "),
            "params": [param_json(p) for p in op.params],
        }
        for op in ops
    ]


def plugins_json(host: PluginHost) -> list[dict[str, Any]]:
    """The loaded plugins, then the skipped ones, as JSON data."""
    out: list[dict[str, Any]] = [
        {
            "name": info.name,
            "version": info.version,
            "module": info.module,
            "hooks": list(info.hooks),
            "operators": info.operators,
        }
        for info in host.plugins()
    ]
    out.extend(
        {"name": s.name, "version": s.version, "skipped": True, "error": s.error}
        for s in host.skipped
    )
    return out


__all__ = ["operators_json", "param_json", "plugins_json"]
