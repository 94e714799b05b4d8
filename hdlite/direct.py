"""Deprecated module path, kept because earlier documentation named it.

Use ``hdlite (ops, to_numpy)`` instead.
"""

from __future__ import annotations

import warnings

from hdlite.embed.direct import *  # noqa: F403

warnings.warn(
    "hdlite.direct is deprecated; import from hdlite (ops, to_numpy) instead",
    DeprecationWarning,
    stacklevel=2,
)
