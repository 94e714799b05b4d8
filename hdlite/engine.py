"""Deprecated module path: use ``hdlite (Engine, Program, ...)``. Kept because earlier documentation named it."""

from __future__ import annotations

import warnings

from hdlite.embed.engine import *  # noqa: F403

warnings.warn(
    "hdlite.engine is deprecated; import from hdlite (Engine, Program, ...) instead",
    DeprecationWarning,
    stacklevel=2,
)
