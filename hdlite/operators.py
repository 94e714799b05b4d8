"""Deprecated module path: use ``hdlite.plugin``. Kept because earlier documentation named it."""

from __future__ import annotations

import warnings

from hdlite.plugin.registry import *  # noqa: F403

warnings.warn(
    "hdlite.operators is deprecated; import from hdlite.plugin instead",
    DeprecationWarning,
    stacklevel=2,
)
