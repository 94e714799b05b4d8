"""Classic machine vision: regions, morphology, segmentation, filters, colour, XLD, 1-D
measuring, matching and image acquisition (OpenCV, SciPy and scikit-image, imported lazily).

Every public module of this package (a name without a leading underscore) declares a family
of operators; all of them are registered through the one hook below.
"""

from __future__ import annotations

import pkgutil

from hdlite.plugin import OperatorRegistry, hookimpl


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the operators of every module of this package."""
    found = sorted(info.name for info in pkgutil.iter_modules(__path__))
    registry.add_modules(__name__, [name for name in found if not name.startswith("_")])
