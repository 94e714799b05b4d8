"""The modules of this plugin that declare operators, in registration order.

They are imported when one of their operators is first called (see
``OperatorRegistry.add_modules``).
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "windows",
    "settings",
    "drawing",
    "shapes",
    "text",
    "dump",
    "xld",
    "mouse",
    "interactive",
    "interactive_objects",
    "drawing_objects",
    "drawing_object_windows",
    "window_modes",
    "dev_noops",
)
