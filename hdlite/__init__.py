"""hdlite: run HDevelop (HALCON) programs without HALCON.

The public Python API:

- :func:`run` runs a program and returns its variables;
- :class:`Engine`, :class:`Program`, :class:`ProgramCall`, :class:`Procedure`,
  :class:`ProcedureCall`: HDevEngine-style control of programs and procedures;
- :data:`ops`: every registered operator as a Python function (numpy images in and out),
  with :func:`to_numpy` for object tuples;
- :class:`HdliteError` is the base of every error a user can cause (:class:`ParseError`,
  :class:`ResolveError`, :class:`HalconError` with HALCON's error number, :class:`PluginError`);
- :data:`hookimpl` marks a plugin's hook implementations; everything else a plugin may use
  is in :mod:`hdlite.plugin`.
"""

from __future__ import annotations

from hdlite.embed.direct import ops, to_numpy
from hdlite.embed.engine import Engine, EngineError, Procedure, ProcedureCall, Program, ProgramCall
from hdlite.embed.run_api import run
from hdlite.errors import HalconError, HdliteError, ParseError, PluginError, ReadError, ResolveError
from hdlite.plugin.hookspecs import hookimpl
from hdlite.values.control import Handle, Vector
from hdlite.values.iconic import Image, ObjectTuple, Region

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "EngineError",
    "HalconError",
    "Handle",
    "HdliteError",
    "Image",
    "ObjectTuple",
    "ParseError",
    "PluginError",
    "Procedure",
    "ProcedureCall",
    "Program",
    "ProgramCall",
    "ReadError",
    "Region",
    "ResolveError",
    "Vector",
    "__version__",
    "hookimpl",
    "ops",
    "run",
    "to_numpy",
]
