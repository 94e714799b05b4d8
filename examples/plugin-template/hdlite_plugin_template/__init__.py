"""hdlite_plugin_template: one operator, ``clamp_values``, as a starting point.

Rename the package (and the entry point in ``pyproject.toml``), then replace the operator.
The guide to everything used here: hdlite's ``docs/plugins.md``.
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    ControlTuple,
    OperatorRegistry,
    hookimpl,
    operator,
)


@operator(
    "clamp_values",
    ControlIn("Values", types="number"),
    ControlIn("Low", types="number", count=1, default=0),
    ControlIn("High", types="number", count=1, default=255),
    ControlOut("Clamped", types="number"),
)
def clamp_values(
    ctx: CallContext, values: ControlTuple, low: ControlTuple, high: ControlTuple
) -> tuple[ControlTuple]:
    """Limit every value to the range [Low, High]; Low above High is a wrong value (1303)."""
    (lo,), (hi,) = low, high  # the signature guarantees one number each
    assert isinstance(lo, int | float) and isinstance(hi, int | float)
    if lo > hi:
        raise ctx.param_error("value", "High", f"{hi} is below Low {lo}")
    return (tuple(min(max(v, lo), hi) for v in values if isinstance(v, int | float)),)


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the plugin's operators."""
    registry.add(clamp_values)
