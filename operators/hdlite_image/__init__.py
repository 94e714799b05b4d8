"""Images and iconic objects, matrices and 2-D transforms (numpy and Pillow)."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, hookimpl


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the image, object, matrix and transform operators."""
    from . import modules

    for module in modules.ALL:
        registry.add_all(module)
