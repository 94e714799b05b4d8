"""HALCON's deep-learning classifier operators, backed by PyTorch and torchvision."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, hookimpl

from .launcher import hdlite_launch

__all__ = ["hdlite_launch", "hdlite_register_operators"]


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the deep-learning classifier operators (torch is imported lazily)."""
    from . import modules

    for module in modules.ALL:
        registry.add_all(module)
