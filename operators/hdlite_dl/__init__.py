"""HALCON's deep-learning classifier operators, backed by PyTorch and torchvision."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, hookimpl

from . import modules
from .launcher import hdlite_launch

__all__ = ["hdlite_launch", "hdlite_register_operators"]


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the deep-learning classifier operators (torch is imported lazily)."""
    registry.add_modules(__name__, modules.NAMES)
