"""HALCON's control operators: tuples, strings, files, system, dictionaries, exceptions.

Built in, but registered exactly like a third-party plugin: through the ``hdlite``
entry point and the ``hdlite_register_operators`` hook.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hdlite.plugin import OperatorRegistry, hookimpl

#: the modules that declare operators, imported when one of their operators is first called
MODULES = (
    "control",
    "tuples",
    "tuple_math",
    "strings",
    "files",
    "system",
    "dicts",
    "serialized",
    "handles",
    "operator_info",
)


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the control, tuple, string, file, system and dictionary operators."""
    registry.add_modules(__name__, MODULES)


@hookimpl
def hdlite_procedure_dirs() -> list[Path]:
    """hdlite's own procedures (the ``procedures/`` folder, installed as package data)."""
    return [Path(str(resources.files("hdlite_procedures")))]
