"""Deprecated module path, kept because earlier documentation named it.

Use ``hdlite.plugin (Image, Region, ObjectTuple)`` instead.
"""

from __future__ import annotations

import warnings

from hdlite.values.iconic import *  # noqa: F403

warnings.warn(
    "hdlite.iconic is deprecated; import from hdlite.plugin (Image, Region, ObjectTuple) instead",
    DeprecationWarning,
    stacklevel=2,
)
