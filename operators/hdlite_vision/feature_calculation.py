"""calculate_features and get_feature_names: region and gray-value features by name.

In HALCON these are procedures of MVTec's standard procedure library (the classification
helpers beside select_feature_set_*), not operators; hdlite provides them as operators
with the same signatures: calculate_features(Region, Image : : FeatureNames : Features)
and get_feature_names( : : GroupNames : Names) [unverified: recalled from MVTec's examples;
no stored reference page]. Real programs call calculate_features with shape feature names
('roundness' in a public inspection program, corpus 2).

Names hdlite knows: every shape feature of region_features (group 'region', values from
the shared table in ``_feature_table.py``) and every gray_features feature with the prefix
'gray_' (group 'gray': 'gray_mean', 'gray_deviation', ...). MVTec's procedure also knows
colour, texture and projection features; hdlite answers those names with the wrong-value
error (1302) [unverified: which names the procedure knows]. Several regions give the
features of region 1, then region 2 (as region_features). GroupNames 'all' lists every
name; an unknown group is a wrong value.
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    operator,
    wrong_object_count,
)

from ._feature_table import FEATURES
from ._gray import images
from .gray_features import _FEATURES as GRAY_FEATURES
from .gray_features import region_features as gray_values
from .region_features import shapes

_GRAY_PREFIX = "gray_"
_GROUPS: dict[str, tuple[str, ...]] = {
    "region": tuple(FEATURES),
    "gray": tuple(_GRAY_PREFIX + name for name in GRAY_FEATURES),
}


@operator(
    "calculate_features",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn("FeatureNames", types="string", count=(1, None), default="area"),
    ControlOut("Features", types="real"),
)
def calculate_features(
    ctx: CallContext, regs: ObjectTuple, image: ObjectTuple, names: tuple
) -> tuple:
    """The named region and gray-value features of each region ('area', 'roundness',
    'gray_mean', ...): all features of region 1, then of region 2."""
    gray_names: list[str] = []
    for name in names:
        if name in FEATURES:
            continue
        if name.startswith(_GRAY_PREFIX) and name[len(_GRAY_PREFIX) :] in GRAY_FEATURES:
            gray_names.append(name[len(_GRAY_PREFIX) :])
            continue
        raise ctx.param_error("value", "FeatureNames", f"unknown feature {name!r}")
    img = None
    if gray_names:
        imgs = images(ctx, image, ("byte", "int1", "uint2", "int2", "int4", "int8", "real"))
        if len(imgs) != 1:
            raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
        img = imgs[0]
    out: list[float] = []
    for shape in shapes(ctx, regs):
        gray = iter(gray_values(img, shape.region, tuple(gray_names)) if img else ())
        for name in names:
            out.append(float(FEATURES[name](shape)) if name in FEATURES else next(gray))
    return (tuple(out),)


@operator(
    "get_feature_names",
    ControlIn("GroupNames", types="string", count=(1, None), default="all"),
    ControlOut("Names", types="string"),
)
def get_feature_names(ctx: CallContext, groups: tuple) -> tuple:
    """The feature names calculate_features knows in the groups ('region', 'gray', 'all')."""
    out: list[str] = []
    for group in groups:
        if group == "all":
            chosen = [n for names in _GROUPS.values() for n in names]
        elif group in _GROUPS:
            chosen = list(_GROUPS[group])
        else:
            raise ctx.param_error("value", "GroupNames", f"unknown feature group {group!r}")
        out.extend(n for n in chosen if n not in out)
    return (tuple(out),)
