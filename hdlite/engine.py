"""Deprecated module path, kept because earlier documentation named it.

Use ``hdlite (Engine, Program, ...)`` instead.
"""

from __future__ import annotations

import warnings

from hdlite.embed.engine import *  # noqa: F403

warnings.warn(
    "hdlite.engine is deprecated; import from hdlite (Engine, Program, ...) instead",
    DeprecationWarning,
    stacklevel=2,
)
