"""Deprecated module path, kept because earlier documentation named it.

Use ``hdlite.plugin`` instead.
"""

from __future__ import annotations

import warnings

from hdlite.plugin.calls import *  # noqa: F403
from hdlite.plugin.registry import *  # noqa: F403

warnings.warn(
    "hdlite.operators is deprecated; import from hdlite.plugin instead",
    DeprecationWarning,
    stacklevel=2,
)
