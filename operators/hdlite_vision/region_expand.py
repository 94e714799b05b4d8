"""Growing regions into free space: expand_region, expand_gray and expand_gray_ref.

Facts from HALCON's reference (expand_gray, expand_gray_ref pages via the ``search`` tool,
and a translated copy of the expand_gray page): the operators "fill gaps between regions
(depending on gray value or color) or split overlapping regions"; Iterations is an integer
or 'maximal' (growth until nothing changes), Mode 'image' (grow into the free pixels until
regions touch each other or the image border; all regions grow at once, so a gap is shared
evenly) or 'region' (no growth: only the overlaps of regions are split evenly); expansion
never enters ForbiddenArea. expand_gray adds a boundary pixel when its gray value differs
from the neighbouring region pixel by at most Threshold (default 32); expand_gray_ref when
it differs from RefGray (default 128) by at most Threshold.

hdlite's details [unverified]: each iteration adds the free 4-neighbours of every region;
a pixel claimed by several regions in the same iteration goes to the region that comes
first; a pixel in several input regions belongs to none of them at the start and is shared
out by the same growth, restricted to the regions that held it; for colour images every
channel must meet the gray criterion. Regions grow inside the image (expand_gray) or the
system size 'width' x 'height' (expand_region).
"""

from __future__ import annotations

from collections.abc import Callable

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
    wrong_object_count,
)

from ._gray import WRONG_PIXEL_TYPE, domain_mask, images, regions
from ._region_tools import system_size
from ._structuring import region_from_mask

_MODES = ("image", "region")
_SHIFTS = ((-1, 0), (1, 0), (0, -1), (0, 1))


def _iterations(ctx: CallContext, value: object) -> int:
    if value == "maximal":
        return -1
    if isinstance(value, int) and value >= 0:
        return value
    raise ctx.param_error("value", "Iterations", f"'maximal' or a count >= 0, got {value!r}")


Accept = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _grow(
    found: list[Region],
    allowed_free: np.ndarray,
    mode: str,
    iterations: int,
    accept: Accept | None = None,
) -> list[Region]:
    """The shared growth, frontier by frontier. ``accept(rows, cols, from_rows, from_cols)``
    tells which candidate pixels may be taken from their region neighbour (the gray
    criterion), None for no criterion."""
    h, w = allowed_free.shape
    count = np.zeros((h, w), dtype=np.int32)
    label = np.zeros((h, w), dtype=np.int64)  # 0 free, k + 1 region k
    masks = [r.to_mask(h, w) for r in found]
    for k, m in enumerate(masks):
        count += m
        label[m] = k + 1
    contested = count > 1
    label[contested] = 0
    n = len(found) + 1
    keys = np.zeros(0, dtype=np.int64)  # flat index * n + label a contested pixel may take
    if contested.any():
        flat = np.flatnonzero(contested)
        keys = np.sort(
            np.concatenate([flat[m.ravel()[flat]] * n + k + 1 for k, m in enumerate(masks)])
        )
    open_ = (allowed_free & (count == 0)) if mode == "image" else np.zeros((h, w), bool)
    open_ |= contested
    fr, fc = np.nonzero(label > 0)
    step = 0
    while (iterations < 0 or step < iterations) and fr.size:
        step += 1
        cand_r, cand_c, cand_l = [], [], []
        for dr, dc in _SHIFTS:
            nr, nc = fr + dr, fc + dc
            ok = (nr >= 0) & (nr < h) & (nc >= 0) & (nc < w)
            nr, nc, sr, sc = nr[ok], nc[ok], fr[ok], fc[ok]
            ok = open_[nr, nc] & (label[nr, nc] == 0)
            nr, nc, sr, sc = nr[ok], nc[ok], sr[ok], sc[ok]
            if accept is not None and nr.size:
                ok = accept(nr, nc, sr, sc)
                nr, nc, sr, sc = nr[ok], nc[ok], sr[ok], sc[ok]
            lab = label[sr, sc]
            if keys.size and nr.size:
                inside = contested[nr, nc]
                allowed = ~inside | np.isin((nr * w + nc) * n + lab, keys)
                nr, nc, lab = nr[allowed], nc[allowed], lab[allowed]
            cand_r.append(nr)
            cand_c.append(nc)
            cand_l.append(lab)
        flat = np.concatenate(cand_r) * w + np.concatenate(cand_c)
        labs = np.concatenate(cand_l)
        if not flat.size:
            break
        order = np.lexsort((labs, flat))  # by pixel, then by region: the first region wins
        flat, labs = flat[order], labs[order]
        first = np.unique(flat, return_index=True)[1]
        flat, labs = flat[first], labs[first]
        fr, fc = flat // w, flat % w
        label[fr, fc] = labs
    return [region_from_mask(label == k + 1) for k in range(len(found))]


def _forbidden(ctx: CallContext, objs: ObjectTuple, h: int, w: int) -> np.ndarray:
    free = np.ones((h, w), dtype=bool)
    for region in regions(ctx, objs, "ForbiddenArea"):
        free &= ~region.to_mask(h, w)
    return free


@operator(
    "expand_region",
    IconicIn("Regions"),
    IconicIn("ForbiddenArea"),
    IconicOut("RegionExpanded"),
    ControlIn("Iterations", types=("integer", "string"), count=1, default="maximal"),
    ControlIn("Mode", types="string", count=1, default="image", values=_MODES),
)
def expand_region(
    ctx: CallContext, regs: ObjectTuple, forbidden: ObjectTuple, iterations: tuple, mode: tuple
) -> tuple:
    """Grow the regions into free pixels outside ForbiddenArea ('image') or only split
    their overlaps ('region')."""
    n = _iterations(ctx, iterations[0])
    found = regions(ctx, regs)
    if not found:
        return (ObjectTuple([]),)
    h, w = system_size(ctx)
    return (ObjectTuple(_grow(found, _forbidden(ctx, forbidden, h, w), mode[0], n)),)


def _gray_expand(
    ctx: CallContext,
    regs: ObjectTuple,
    image: ObjectTuple,
    forbidden: ObjectTuple,
    iterations: tuple,
    mode: tuple,
    threshold: tuple,
    ref: tuple | None,
) -> tuple:
    n = _iterations(ctx, iterations[0])
    if not 0 <= threshold[0]:
        raise ctx.param_error("value", "Threshold", f"must be at least 0, got {threshold[0]}")
    found = regions(ctx, regs)
    imgs = images(ctx, image)
    if not imgs:
        return (ObjectTuple([]),)
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
    img: Image = imgs[0]
    if img.pixel_type == "complex":
        raise ctx.error(WRONG_PIXEL_TYPE, "complex images are not supported")
    if not found:
        return (ObjectTuple([]),)
    g = img.data.astype(np.float64)
    t = float(threshold[0])
    free = _forbidden(ctx, forbidden, img.height, img.width) & domain_mask(img)
    accept: Accept
    if ref is not None:
        near_ref: np.ndarray = np.asarray((np.abs(g - float(ref[0])) <= t).all(axis=0))

        def accept(r: np.ndarray, c: np.ndarray, sr: np.ndarray, sc: np.ndarray) -> np.ndarray:
            return near_ref[r, c]

    else:

        def accept(r: np.ndarray, c: np.ndarray, sr: np.ndarray, sc: np.ndarray) -> np.ndarray:
            return np.asarray((np.abs(g[:, r, c] - g[:, sr, sc]) <= t).all(axis=0))

    return (ObjectTuple(_grow(found, free, mode[0], n, accept)),)


_GRAY_PARAMS = (
    IconicIn("Regions"),
    IconicIn("Image"),
    IconicIn("ForbiddenArea"),
    IconicOut("RegionExpand"),
    ControlIn("Iterations", types=("integer", "string"), count=1, default="maximal"),
    ControlIn("Mode", types="string", count=1, default="image", values=_MODES),
)


@operator("expand_gray", *_GRAY_PARAMS, ControlIn("Threshold", types="number", count=1, default=32))
def expand_gray(
    ctx: CallContext,
    regs: ObjectTuple,
    image: ObjectTuple,
    forbidden: ObjectTuple,
    iterations: tuple,
    mode: tuple,
    threshold: tuple,
) -> tuple:
    """Grow the regions into pixels whose gray value differs from the neighbouring region
    pixel by at most Threshold, or split their overlaps ('region')."""
    return _gray_expand(ctx, regs, image, forbidden, iterations, mode, threshold, None)


@operator(
    "expand_gray_ref",
    *_GRAY_PARAMS,
    ControlIn("RefGray", types="number", count=1, default=128),
    ControlIn("Threshold", types="number", count=1, default=32),
)
def expand_gray_ref(
    ctx: CallContext,
    regs: ObjectTuple,
    image: ObjectTuple,
    forbidden: ObjectTuple,
    iterations: tuple,
    mode: tuple,
    ref: tuple,
    threshold: tuple,
) -> tuple:
    """Grow the regions into pixels whose gray value differs from RefGray by at most
    Threshold, or split their overlaps ('region')."""
    return _gray_expand(ctx, regs, image, forbidden, iterations, mode, threshold, ref)
