"""hdlite: run HDevelop (HALCON) programs without HALCON.

The public API: :func:`run_file` runs a program, :class:`Interpreter` gives full control,
:data:`hookimpl` marks a plugin's hook implementations, :class:`HdliteError` is the base
of every error a user can cause.
"""

from __future__ import annotations

from .direct import ops
from .errors import HalconError, HdliteError, ParseError, PluginError, ReadError, ResolveError
from .hookspecs import hookimpl
from .run_api import run

__version__ = "0.1.0"

__all__ = [
    "HalconError",
    "HdliteError",
    "ParseError",
    "PluginError",
    "ReadError",
    "ResolveError",
    "__version__",
    "hookimpl",
    "ops",
    "run",
]
