"""The modules of this plugin that declare operators, in registration order.

They are imported when one of their operators is first called (see
``OperatorRegistry.add_modules``).
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "objects",
    "image_io",
    "object_io",
    "image_info",
    "gray_ops",
    "channels",
    "regions",
    "painting",
    "domains",
    "geometry",
    "transforms",
    "matrices",
    "filters",
    "functions1d",
)
