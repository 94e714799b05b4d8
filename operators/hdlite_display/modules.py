"""The modules of this plugin whose operators are registered."""

from __future__ import annotations

from types import ModuleType

from . import dev_noops, drawing, dump, mouse, settings, shapes, text, windows, xld

ALL: list[ModuleType] = [windows, settings, drawing, shapes, text, dump, xld, mouse, dev_noops]
