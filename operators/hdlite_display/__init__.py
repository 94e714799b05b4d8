"""A headless display: HDevelop's window operators draw into images saved as PNG files."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, hookimpl

from . import modules


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the window and dev_* display operators."""
    registry.add_modules(__name__, modules.NAMES)
