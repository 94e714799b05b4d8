"""Classic machine vision: regions, morphology, segmentation, filters, colour, XLD, 1-D
measuring, matching and image acquisition (OpenCV, SciPy and scikit-image, imported lazily).

Every public module of this package (a name without a leading underscore) declares a family
of operators; all of them are registered through the one hook below.
"""

from __future__ import annotations

import importlib
import pkgutil

from hdlite.plugin import OperatorRegistry, hookimpl


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the operators of every module of this package."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            registry.add_all(importlib.import_module(f"{__name__}.{info.name}"))
