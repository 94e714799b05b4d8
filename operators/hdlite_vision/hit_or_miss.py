"""Hit-or-miss morphology and the morphological skeleton: hit_or_miss, thinning,
thickening, morph_hat and morph_skeleton.

From HALCON's reference pages (found with the ``search`` tool):

* hit_or_miss: an erosion of the region with StructElement1 intersected with an erosion of
  its complement with StructElement2; (Row, Column) is the reference point of both
  elements. It selects the points p whose neighbourhood matches: ``p + (s - ref)`` is in
  the region for every pixel s of StructElement1 and outside it for every pixel of
  StructElement2. Default Row = Column = 16.
* thinning removes the hit-or-miss points from the region, thickening adds them; both
  Iterations times (the result of one iteration is the input of the next). "If the
  reference point is contained in StructElement1 the input region remains unchanged"
  (thickening) follows from the definition.
* morph_skeleton: the morphological skeleton with the Golay element 'h' (the 3x3 square,
  maximum norm), disconnected (gaps in the diagonals) and one or two pixels wide; hdlite
  computes Lantuejoul's formula, the union over n of ``(R ⊖ nB) - ((R ⊖ nB) ∘ B)``.
* morph_hat: the pixels an opening with the element removes together with the pixels a
  closing adds (the union of top_hat and bottom_hat; reference: the element's centre of
  gravity, as there).

[unverified] StructElement1 empty: every point fulfils the foreground condition (HALCON's
erosion with an empty element gives the maximum region: the system image size).
Iterations stop early once nothing changes.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_fits, repeat_count

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._structuring import (
    Offsets,
    clip_to_system,
    closing,
    erode,
    full_region,
    is_empty,
    offsets_about,
    offsets_about_center,
    opening,
    raster,
    region_from_mask,
)
from .morphology import _minus, _reference, _regions

_ROW = ControlIn("Row", types="integer", count=1, default=16)
_COL = ControlIn("Column", types="integer", count=1, default=16)
_ITER = ControlIn("Iterations", types="integer", count=1, default=1)
_HMT_IN = (IconicIn("Region"), IconicIn("StructElement1"), IconicIn("StructElement2"))


def _element(ctx: CallContext, objects: ObjectTuple, position: int, name: str) -> Region:
    regs = _regions(ctx, objects, name)
    if len(regs) != 1:
        raise ctx.error(wrong_object_count(position), f"{name}: {len(regs)} regions, expected one")
    return regs[0]


def _points(se: Offsets) -> np.ndarray:
    rr, cc = np.nonzero(se.mask)
    return np.stack([rr + se.r0, cc + se.c0], axis=1) if rr.size else np.zeros((0, 2), int)


def _shifted(mask: np.ndarray, dr: int, dc: int, fill: bool) -> np.ndarray:
    """out[p] = mask[p + (dr, dc)], ``fill`` where that lies outside."""
    h, w = mask.shape
    out = np.full((h, w), fill, dtype=bool)
    if abs(dr) >= h or abs(dc) >= w:
        return out
    src = mask[max(dr, 0) : h + min(dr, 0), max(dc, 0) : w + min(dc, 0)]
    out[max(-dr, 0) : h + min(-dr, 0), max(-dc, 0) : w + min(-dc, 0)] = src
    return out


def hit_or_miss_mask(
    r0: int, c0: int, mask: np.ndarray, fg: np.ndarray, bg: np.ndarray
) -> tuple[int, int, np.ndarray]:
    """The hit-or-miss points of a raster (a frame large enough for every candidate)."""
    pad = int(np.abs(np.concatenate([fg, bg])).max()) if len(fg) + len(bg) else 0
    frame = np.pad(mask, pad)
    hit = np.ones(frame.shape, dtype=bool)
    for dr, dc in fg.tolist():
        hit &= _shifted(frame, dr, dc, False)
    for dr, dc in bg.tolist():
        hit &= ~_shifted(frame, dr, dc, False)
    return r0 - pad, c0 - pad, hit


def hit_or_miss_region(ctx: CallContext, region: Region, fg: np.ndarray, bg: np.ndarray) -> Region:
    """hit_or_miss of one region with element offsets ``fg`` and ``bg`` (n x 2)."""
    pad = int(np.abs(np.concatenate([fg, bg])).max()) if len(fg) + len(bg) else 0
    _, _, mask = raster(region)
    check_fits(ctx, mask.shape[0] + 2 * pad, mask.shape[1] + 2 * pad, 1, 2, "hit-or-miss frame")
    if not len(fg):
        # every point fulfils the foreground condition: search the maximum region
        full = full_region(ctx)
        inside = Region.from_mask(np.ones((1, 1), bool)) if is_empty(region) else region
        fr, fc, fmask = raster(full)
        rr, rc, rmask = raster(inside)
        top, left = min(fr, rr), min(fc, rc)
        h = max(fr + fmask.shape[0], rr + rmask.shape[0]) - top
        w = max(fc + fmask.shape[1], rc + rmask.shape[1]) - left
        canvas = np.zeros((h, w), dtype=bool)
        if not is_empty(region):
            canvas[rr - top : rr - top + rmask.shape[0], rc - left : rc - left + rmask.shape[1]] = (
                rmask
            )
        r0, c0, hit = hit_or_miss_mask(top, left, canvas, fg, bg)
        inside_full = np.zeros_like(hit)
        inside_full[fr - r0 : fr - r0 + fmask.shape[0], fc - c0 : fc - c0 + fmask.shape[1]] = fmask
        return region_from_mask(hit & inside_full, r0, c0)
    if is_empty(region):
        return region
    return region_from_mask(*_order(hit_or_miss_mask(*raster(region), fg, bg)))


def _order(res: tuple[int, int, np.ndarray]) -> tuple[np.ndarray, int, int]:
    return res[2], res[0], res[1]


def _union(a: Region, b: Region) -> Region:
    if is_empty(b):
        return a
    if is_empty(a):
        return b
    ar, ac, am = raster(a)
    br, bc, bm = raster(b)
    top, left = min(ar, br), min(ac, bc)
    h = max(ar + am.shape[0], br + bm.shape[0]) - top
    w = max(ac + am.shape[1], bc + bm.shape[1]) - left
    out = np.zeros((h, w), dtype=bool)
    out[ar - top : ar - top + am.shape[0], ac - left : ac - left + am.shape[1]] |= am
    out[br - top : br - top + bm.shape[0], bc - left : bc - left + bm.shape[1]] |= bm
    return region_from_mask(out, top, left)


def _elements(ctx: CallContext, se1, se2, row, col) -> tuple[np.ndarray, np.ndarray]:
    ref = _reference(ctx, row, col)
    fg = _points(offsets_about(_element(ctx, se1, 2, "StructElement1"), *ref))
    bg = _points(offsets_about(_element(ctx, se2, 3, "StructElement2"), *ref))
    return fg, bg


@operator("hit_or_miss", *_HMT_IN, IconicOut("RegionHitMiss"), _ROW, _COL)
def hit_or_miss(ctx: CallContext, region: ObjectTuple, se1, se2, row, col) -> tuple:
    """The points whose neighbourhood has StructElement1 inside and StructElement2 outside
    the region (both referenced at (Row, Column))."""
    fg, bg = _elements(ctx, se1, se2, row, col)
    out = [clip_to_system(ctx, hit_or_miss_region(ctx, r, fg, bg)) for r in _regions(ctx, region)]
    return (ObjectTuple(out),)


def _iterate(ctx: CallContext, region: ObjectTuple, se1, se2, row, col, it, add: bool) -> tuple:
    fg, bg = _elements(ctx, se1, se2, row, col)
    times = repeat_count(ctx, it[0], "Iterations")
    out = []
    for reg in _regions(ctx, region):
        for _ in range(times):
            hits = hit_or_miss_region(ctx, reg, fg, bg)
            if is_empty(hits):
                break
            nxt = _union(reg, hits) if add else _minus(reg, hits)
            if nxt.same_pixels(reg):
                break
            reg = nxt
        out.append(clip_to_system(ctx, reg))
    return (ObjectTuple(out),)


@operator("thinning", *_HMT_IN, IconicOut("RegionThin"), _ROW, _COL, _ITER)
def thinning(ctx: CallContext, region: ObjectTuple, se1, se2, row, col, it) -> tuple:
    """Remove the hit-or-miss points from the region, Iterations times."""
    return _iterate(ctx, region, se1, se2, row, col, it, add=False)


@operator("thickening", *_HMT_IN, IconicOut("RegionThick"), _ROW, _COL, _ITER)
def thickening(ctx: CallContext, region: ObjectTuple, se1, se2, row, col, it) -> tuple:
    """Add the hit-or-miss points to the region, Iterations times."""
    return _iterate(ctx, region, se1, se2, row, col, it, add=True)


@operator("morph_hat", IconicIn("Region"), IconicIn("StructElement"), IconicOut("RegionMorphHat"))
def morph_hat(ctx: CallContext, region: ObjectTuple, se: ObjectTuple) -> tuple:
    """The pixels removed by an opening plus those added by a closing with the element."""
    offsets = offsets_about_center(_element(ctx, se, 2, "StructElement"))
    out = []
    for reg in _regions(ctx, region):
        if is_empty(reg):
            out.append(reg)
            continue
        top = _minus(reg, opening(reg, offsets))
        bottom = _minus(closing(reg, offsets), reg)
        out.append(clip_to_system(ctx, _union(top, bottom)))
    return (ObjectTuple(out),)


_SQUARE = Offsets(-1, -1, np.ones((3, 3), dtype=bool))


def morphological_skeleton(region: Region, full: Region) -> Region:
    """Lantuejoul's skeleton with the 3x3 square."""
    skeleton = region_from_mask(np.zeros((0, 0), bool))
    current = region
    while not is_empty(current):
        skeleton = _union(skeleton, _minus(current, opening(current, _SQUARE)))
        current = erode(current, _SQUARE, full)
    return skeleton


@operator("morph_skeleton", IconicIn("Region"), IconicOut("RegionSkeleton"))
def morph_skeleton(ctx: CallContext, region: ObjectTuple) -> tuple:
    """The morphological skeleton (3x3 square; disconnected, one or two pixels wide)."""
    full = full_region(ctx)
    out = [morphological_skeleton(r, full) for r in _regions(ctx, region)]
    return (ObjectTuple([clip_to_system(ctx, r) for r in out]),)
