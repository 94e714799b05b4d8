"""Images and iconic objects, matrices and 2-D transforms (numpy and Pillow)."""

from __future__ import annotations

from hdlite.plugin import OperatorRegistry, declare_kind, hookimpl

from . import modules


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the image, object, matrix and transform operators."""
    registry.add_modules(__name__, modules.NAMES)
    # object files may hold XLD contours before any operator has made one
    for kind in ("xld_cont", "xld_poly", "xld_para", "xld_mod_para", "xld_ext_para"):
        declare_kind(kind, f"{__name__}.xld_objects")
