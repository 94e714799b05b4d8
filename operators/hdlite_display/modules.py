"""The modules of this plugin whose operators are registered."""

from __future__ import annotations

from types import ModuleType

from . import dev_noops, drawing, dump, mouse, settings, text, windows, xld

ALL: list[ModuleType] = [windows, settings, drawing, text, dump, xld, mouse, dev_noops]
