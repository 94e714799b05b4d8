"""Generic parameters of descriptor models: defaults, value checks, name/value tuples.

Defaults [unverified against HALCON's reference text, which the stored pages cut off before
the parameter lists; taken from points_harris / points_harris_binomial's suggested values and
the descriptor defaults programs use]: 'harris' sigma_grad 0.7, sigma_smooth 2.0, alpha
0.08, threshold 1000; 'harris_binomial' mask_size_grad 5, mask_size_smooth 15, alpha 0.08,
threshold 1000, subpix 'on'; descriptor depth 11, number_ferns 30, patch_size 17,
min_scale 0.5, max_scale 1.4, min_rot -180, max_rot 180 (degrees), tilt 'on'. depth and
number_ferns size HALCON's ferns; hdlite keeps and reports them but its ORB descriptors do
not use them. Search: min_score_descr 0.0, guided_matching 'on'.
"""

from __future__ import annotations

from typing import Any

from hdlite.plugin import CallContext

DETECTORS: dict[str, dict[str, Any]] = {
    "harris": {"sigma_grad": 0.7, "sigma_smooth": 2.0, "alpha": 0.08, "threshold": 1000.0},
    "harris_binomial": {
        "mask_size_grad": 5,
        "mask_size_smooth": 15,
        "alpha": 0.08,
        "threshold": 1000.0,
        "subpix": "on",
    },
}
DESCRIPTOR: dict[str, Any] = {
    "depth": 11,
    "number_ferns": 30,
    "patch_size": 17,
    "min_scale": 0.5,
    "max_scale": 1.4,
    "min_rot": -180.0,
    "max_rot": 180.0,
    "tilt": "on",
}
SEARCH: dict[str, Any] = {"min_score_descr": 0.0, "guided_matching": "on"}


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_value(name: str, v: Any) -> str | None:
    """Why ``v`` is not a valid value of ``name`` (None when it is)."""
    if name in ("sigma_grad", "sigma_smooth"):
        return None if _number(v) and 0 < v <= 50 else "a number in (0, 50]"
    if name == "alpha":
        return None if _number(v) and 0 <= v <= 1 else "a number in [0, 1]"
    if name == "threshold":
        return None if _number(v) and abs(v) < 1e300 else "a number"
    if name in ("mask_size_grad", "mask_size_smooth"):
        ok = isinstance(v, int) and 1 <= v <= 37 and v % 2 == 1
        return None if ok else "an odd integer from 1 to 37"
    if name in ("subpix", "tilt", "guided_matching"):
        return None if v in ("on", "off") else "'on' or 'off'"
    if name == "depth":
        return None if isinstance(v, int) and 1 <= v <= 24 else "an integer from 1 to 24"
    if name == "number_ferns":
        return None if isinstance(v, int) and 1 <= v <= 1000 else "an integer from 1 to 1000"
    if name == "patch_size":
        return None if isinstance(v, int) and 5 <= v <= 63 else "an integer from 5 to 63"
    if name in ("min_scale", "max_scale"):
        return None if _number(v) and 0.05 <= v <= 20 else "a number from 0.05 to 20"
    if name in ("min_rot", "max_rot"):
        return None if _number(v) and -180 <= v <= 180 else "an angle from -180 to 180"
    if name == "min_score_descr":
        return None if _number(v) and 0 <= v <= 1 else "a number from 0 to 1"
    return "unknown parameter"


def parse(
    ctx: CallContext,
    names: tuple,
    values: tuple,
    defaults: dict[str, Any],
    name_param: str,
    value_param: str,
) -> dict[str, Any]:
    """``defaults`` updated by the name/value pairs (HALCON's wrong-value errors)."""
    if len(names) != len(values):
        raise ctx.param_error(
            "count", value_param, f"{len(values)} values for {len(names)} parameter names"
        )
    out = dict(defaults)
    for n, v in zip(names, values, strict=True):
        if not isinstance(n, str) or n not in defaults:
            allowed = ", ".join(repr(k) for k in defaults)
            raise ctx.param_error("value", name_param, f"{n!r} (one of {allowed})")
        if isinstance(defaults[n], float) and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        why = check_value(n, v)
        if why is not None:
            raise ctx.param_error("value", value_param, f"{n} = {v!r} ({why})")
        out[n] = v
    return out


def check_descriptor(ctx: CallContext, params: dict[str, Any]) -> None:
    """The ranges that involve two descriptor parameters."""
    if params["min_scale"] > params["max_scale"]:
        raise ctx.param_error("value", "DescriptorParamValue", "min_scale exceeds max_scale")
    if params["min_rot"] > params["max_rot"]:
        raise ctx.param_error("value", "DescriptorParamValue", "min_rot exceeds max_rot")


def as_tuples(params: dict[str, Any]) -> tuple[tuple, tuple]:
    """Names and values as HALCON tuples."""
    return tuple(params), tuple(params.values())
