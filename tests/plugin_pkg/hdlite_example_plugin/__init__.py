"""An example third-party hdlite plugin: one operator, registered through the entry point."""

from __future__ import annotations

from hdlite import hookimpl
from hdlite.plugin.calls import CallContext
from hdlite.plugin.registry import ControlIn, ControlOut, OperatorRegistry, operator


@operator(
    "example_double",
    ControlIn("Value", types="number"),
    ControlOut("Doubled", types="number"),
)
def example_double(ctx: CallContext, value: tuple) -> tuple:
    """Multiply every element by two."""
    return (tuple(v * 2 for v in value),)


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register this plugin's operator."""
    registry.add(example_double)
