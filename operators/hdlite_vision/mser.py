"""segment_image_mser: maximally stable extremal regions, dark and light.

Parameters as HALCON documents them [doc: segment_image_mser]: Polarity 'dark', 'light' or
'both' (default); MinArea / MaxArea bound the areas (one value, or two: dark, light
[unverified]); MaxArea [] (default) keeps only true subsets of the connected components of
the domain; a larger Delta gives fewer regions. Generic parameters: 'max_variation' (>= 0,
default 0.2; larger gives more regions), 'min_diversity' (>= 0, default 0.8; smaller lets
more nested regions overlap), 'may_touch_border' ('false' for a full domain, 'true' for a
reduced one: whether regions touching the border of the input domain are returned),
'min_gray' / 'max_gray' (pixels outside the range are ignored; defaults 0 and 255, 65535
for uint2). The defaults MinArea 10 and Delta 15 are [unverified]. The definitions of
variation and diversity: :mod:`._mser` (own implementation; OpenCV's MSER has no polarity
output, domain or border rule and defines the variation with the parent's area, so it is
not used). Regions are ordered by their first pixel (row, then column) [unverified].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._mser import build_tree, select

_GEN = ("max_variation", "min_diversity", "may_touch_border", "min_gray", "max_gray")


def _gen_params(ctx: CallContext, names: tuple, values: tuple) -> dict:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(values)} values for {len(names)}")
    out: dict = {}
    for name, value in zip(names, values, strict=True):
        if name not in _GEN:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
        if name == "may_touch_border":
            if value not in ("true", "false"):
                raise ctx.param_error("value", "GenParamValue", f"{name}: {value!r}")
            out[name] = value == "true"
            continue
        if isinstance(value, str) or not math.isfinite(float(value)) or float(value) < 0:
            raise ctx.param_error("value", "GenParamValue", f"{name}: {value!r} must be >= 0")
        out[name] = float(value)
    return out


def _pair(ctx: CallContext, values: tuple, name: str, default: float) -> tuple[float, float]:
    if len(values) == 0:
        return default, default
    if len(values) > 2:
        raise ctx.param_error("count", name, "one or two values")
    nums = []
    for v in values:
        if isinstance(v, str) or math.isnan(float(v)) or float(v) < 0:
            raise ctx.param_error("value", name, f"{v!r} must be >= 0")
        nums.append(float(v))
    return nums[0], nums[-1]


def _border(mask: np.ndarray) -> np.ndarray:
    """Pixels of ``mask`` with a 4-neighbour outside it (or outside the image)."""
    padded = np.pad(mask, 1, constant_values=False)
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    return mask & ~inner


def _regions(
    v: np.ndarray, mask: np.ndarray, params: dict, border: np.ndarray | None
) -> list[Region]:
    from scipy import ndimage as ndi

    tree = build_tree(v, mask)
    nodes = select(
        tree,
        params["delta"],
        params["min_area"],
        params["max_area"],
        params["max_variation"],
        params["min_diversity"],
        params["allow_whole"],
    )
    cache: dict[float, tuple[np.ndarray, list]] = {}
    found = []
    for node in nodes:
        t = float(tree.value[node])
        if t not in cache:
            lab = ndi.label(mask & (v <= t), structure=np.ones((3, 3), bool))[0]
            cache[t] = (lab, ndi.find_objects(lab))
        lab, boxes = cache[t]
        k = int(lab.flat[int(tree.pixel[node])])
        box = boxes[k - 1]
        sel = lab[box] == k
        if border is not None and (sel & border[box]).any():
            continue
        r0, c0 = box[0].start, box[1].start
        first = int(np.argmax(sel[0]))
        found.append(((r0, c0 + first), Region.from_mask(sel, r0, c0)))
    found.sort(key=lambda item: item[0])
    return [r for _k, r in found]


@operator(
    "segment_image_mser",
    IconicIn("Image"),
    IconicOut("MSERDark"),
    IconicOut("MSERLight"),
    ControlIn(
        "Polarity", types="string", count=1, default="both", values=("dark", "light", "both")
    ),
    ControlIn("MinArea", types="number", count=(1, 2), default=10),
    ControlIn("MaxArea", types="number", count=(0, 2), default=()),
    ControlIn("Delta", types="number", count=1, default=15),
    ControlIn("GenParamName", types="string", count=(0, None), default=()),
    ControlIn("GenParamValue", count=(0, None), default=()),
)
def segment_image_mser(
    ctx: CallContext,
    image: ObjectTuple,
    polarity: tuple,
    min_area: tuple,
    max_area: tuple,
    delta: tuple,
    gen_names: tuple,
    gen_values: tuple,
) -> tuple:
    """Dark and light maximally stable extremal regions of each image."""
    min_dark, min_light = _pair(ctx, min_area, "MinArea", 0.0)
    max_dark, max_light = _pair(ctx, max_area, "MaxArea", math.inf)
    d = float(delta[0])
    if not math.isfinite(d) or d < 0:
        raise ctx.param_error("value", "Delta", f"{delta[0]!r} must be >= 0")
    gen = _gen_params(ctx, gen_names, gen_values)
    dark_out: list[Region] = []
    light_out: list[Region] = []
    for img in image:
        if not isinstance(img, Image):
            raise ctx.error(9054, f"Image: expects images, got a {img.kind}")
        if img.pixel_type not in ("byte", "uint2"):
            raise ctx.error(9007, f"Image: pixel type {img.pixel_type!r} (byte or uint2)")
        data = np.asarray(img.data[0], np.int64)
        top = 255 if img.pixel_type == "byte" else 65535
        dom = img.domain
        domain = np.ones(data.shape, bool) if dom is None else dom.to_mask(*data.shape)
        full = bool(domain.all())
        lo, hi = gen.get("min_gray", 0.0), gen.get("max_gray", float(top))
        mask = domain & (data >= lo) & (data <= hi)
        touch = gen.get("may_touch_border", not full)
        border = None if touch else _border(domain)
        base = {
            "delta": d,
            "max_variation": gen.get("max_variation", 0.2),
            "min_diversity": gen.get("min_diversity", 0.8),
            "allow_whole": len(max_area) > 0,
        }
        if not mask.any():
            continue
        if polarity[0] in ("dark", "both"):
            params = dict(base, min_area=min_dark, max_area=max_dark)
            dark_out.extend(_regions(data, mask, params, border))
        if polarity[0] in ("light", "both"):
            params = dict(base, min_area=min_light, max_area=max_light)
            light_out.extend(_regions(top - data, mask, params, border))
    return ObjectTuple(dark_out), ObjectTuple(light_out)
