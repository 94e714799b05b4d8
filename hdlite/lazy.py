"""Modules imported on first use, so that start-up imports only what a program uses.

``np = lazy_module("numpy", globals(), "np")`` binds a stand-in under ``np`` in the calling
module; the first attribute read (``np.zeros``) imports numpy and rebinds ``np`` in that
module to numpy itself, so later reads cost nothing extra. Type checkers see the real
import under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module until an attribute is read (see the module documentation)."""

    __slots__ = ("_alias", "_name", "_namespace")

    def __init__(self, name: str, namespace: dict[str, Any], alias: str) -> None:
        self._name = name
        self._namespace = namespace
        self._alias = alias

    def load(self) -> ModuleType:
        """Import the module and rebind it in the owning module's namespace."""
        module = importlib.import_module(self._name)
        self._namespace[self._alias] = module
        return module

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.load(), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str, namespace: dict[str, Any], alias: str) -> Any:
    """A stand-in for module ``name``, bound as ``alias`` in ``namespace`` on first use."""
    return LazyModule(name, namespace, alias)
