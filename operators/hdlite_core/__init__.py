"""HALCON's control operators: tuples, strings, files, system, dictionaries, exceptions.

Built in, but registered exactly like a third-party plugin: through the ``hdlite``
entry point and the ``hdlite_register_operators`` hook.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hdlite.plugin import OperatorRegistry, hookimpl

from . import control, dicts, files, serialized, strings, system, tuple_math, tuples


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the control, tuple, string, file, system and dictionary operators."""
    for module in (control, tuples, tuple_math, strings, files, system, dicts, serialized):
        registry.add_all(module)


@hookimpl
def hdlite_procedure_dirs() -> list[Path]:
    """hdlite's own procedures (the ``procedures/`` folder, installed as package data)."""
    return [Path(str(resources.files("hdlite_procedures")))]
