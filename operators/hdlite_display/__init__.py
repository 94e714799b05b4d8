"""A headless display: HDevelop's window operators draw into images saved as PNG files."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, hookimpl


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the window and dev_* display operators."""
    from . import modules

    for module in modules.ALL:
        registry.add_all(module)
