"""Mask edge filters: kirsch_amp/_dir, prewitt_amp/_dir, robinson_amp/_dir, roberts.

Borders, domains and rounding follow :mod:`._filtering` (mirrored borders); the amplitude
keeps the input type (byte, int2, uint2) and is clipped; direction images follow
:mod:`.edges` (degrees / 2 counter-clockwise from the column axis, pointing from dark to
bright, 255 where the amplitude is 0; byte images, hdlite has no 'direction' type).

HALCON facts settled here [doc: kirsch_amp, kirsch_dir, prewitt_amp, prewitt_dir,
robinson_amp, roberts]:

* Kirsch: eight masks (a 5 5 5 / -3 0 -3 / -3 -3 -3 compass rotated in 45 degree steps),
  the amplitude is the largest response, the direction that of the mask giving it.
* Prewitt: masks A = 1 1 1 / 0 0 0 / -1 -1 -1 and B = 1 0 -1 (three rows); the amplitude
  is the larger response; the direction takes the sign of the change into account.
* Robinson: four masks (-1 0 1 / -2 0 2 / -1 0 1 and its 45, 90, 135 degree rotations) and
  their negatives; the amplitude is the largest response.
* roberts: with A B / C D the 2x2 window whose lower right pixel D is the result pixel,
  'roberts_max' max(|A - D|, |B - C|), 'gradient_max' max(|A + B - C - D|, |A + C - B - D|),
  'gradient_sum' their sum; clipped on overflow.
* [unverified] Prewitt's "larger response" is the larger absolute response; mask
  directions of the compass operators are k * 45 degrees (stored as round(k * 22.5)); on a
  tie the first mask in counter-clockwise order from 0 degrees wins.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import apply_planes, filter_all, images, pad_mirrored, to_type, work
from .edges import direction_of, two_outputs

EDGE_TYPES = ("byte", "int2", "uint2")
#: offsets (row, column) of the 8 neighbours counter-clockwise from the right (0 degrees)
RING = ((0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1))


def _ring_mask(weights: list[int]) -> np.ndarray:
    """A 3x3 mask with ``weights`` on :data:`RING` and 0 in the centre."""
    mask = np.zeros((3, 3))
    for (dr, dc), wgt in zip(RING, weights, strict=True):
        mask[1 + dr, 1 + dc] = wgt
    return mask


def _compass(base: list[int]) -> list[np.ndarray]:
    """The 8 rotations of a ring of weights; mask k points to k * 45 degrees."""
    return [_ring_mask(base[-k:] + base[:-k]) for k in range(8)]


#: Kirsch: 5 on the three neighbours around the mask's direction, -3 elsewhere
KIRSCH = _compass([5, 5, -3, -3, -3, -3, -3, 5])
#: Robinson: the Sobel-like compass, 2 in the mask's direction
ROBINSON = _compass([2, 1, 0, -1, -2, -1, 0, 1])
#: stored direction of mask k
MASK_DIRECTIONS = np.array([int(np.floor(k * 22.5 + 0.5)) for k in range(8)], np.uint8)


def responses(plane: np.ndarray, masks: list[np.ndarray]) -> np.ndarray:
    """The correlation of ``plane`` with each 3x3 mask (mirrored borders), stacked."""
    data = pad_mirrored(work(plane).astype(np.float64), (1, 1))
    h, w = plane.shape
    out = np.zeros((len(masks), h, w))
    for i, mask in enumerate(masks):
        for r in range(3):
            for c in range(3):
                if mask[r, c]:
                    out[i] += mask[r, c] * data[r : r + h, c : c + w]
    return out


def compass_plane(plane: np.ndarray, masks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(amplitude, index of the mask with the largest response) of a compass operator."""
    resp = responses(plane, masks)
    best = np.argmax(resp, axis=0)
    return np.take_along_axis(resp, best[None], axis=0)[0], best


def _compass_amp(ctx: CallContext, image: ObjectTuple, masks: list[np.ndarray]) -> tuple:
    return (filter_all(ctx, image, EDGE_TYPES, lambda p: compass_plane(p, masks)[0], (1, 1)),)


def _compass_dir(ctx: CallContext, image: ObjectTuple, masks: list[np.ndarray]) -> tuple:
    amps, dirs = [], []
    for img in images(ctx, image, EDGE_TYPES):

        def run(p: np.ndarray, pixel_type: str = img.pixel_type) -> tuple:
            amp, best = compass_plane(p, masks)
            stored = to_type(amp, pixel_type)
            return amp, np.where(stored > 0, MASK_DIRECTIONS[best], 255).astype(np.uint8)

        a, d = two_outputs(img, run, (1, 1), img.pixel_type)
        amps.append(a)
        dirs.append(d)
    return ObjectTuple(amps), ObjectTuple(dirs)


@operator("kirsch_amp", IconicIn("Image"), IconicOut("ImageEdgeAmp"))
def kirsch_amp(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Edge amplitude: the largest response of the eight Kirsch compass masks."""
    return _compass_amp(ctx, image, KIRSCH)


@operator("kirsch_dir", IconicIn("Image"), IconicOut("ImageEdgeAmp"), IconicOut("ImageEdgeDir"))
def kirsch_dir(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Kirsch edge amplitude and the direction of the strongest mask (degrees / 2)."""
    return _compass_dir(ctx, image, KIRSCH)


@operator("robinson_amp", IconicIn("Image"), IconicOut("ImageEdgeAmp"))
def robinson_amp(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Edge amplitude: the largest response of the eight Robinson compass masks."""
    return _compass_amp(ctx, image, ROBINSON)


@operator("robinson_dir", IconicIn("Image"), IconicOut("ImageEdgeAmp"), IconicOut("ImageEdgeDir"))
def robinson_dir(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Robinson edge amplitude and the direction of the strongest mask (degrees / 2)."""
    return _compass_dir(ctx, image, ROBINSON)


def prewitt_parts(plane: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(gradient along rows (down), gradient along columns (right)) of the Prewitt masks."""
    row_mask = np.array([[-1.0, -1.0, -1.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    resp = responses(plane, [row_mask, row_mask.T])
    return resp[0], resp[1]


def _prewitt_amp(plane: np.ndarray) -> np.ndarray:
    g_row, g_col = prewitt_parts(plane)
    return np.maximum(np.abs(g_row), np.abs(g_col))


@operator("prewitt_amp", IconicIn("Image"), IconicOut("ImageEdgeAmp"))
def prewitt_amp(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Edge amplitude: the larger absolute response of the two Prewitt masks."""
    return (filter_all(ctx, image, EDGE_TYPES, _prewitt_amp, (1, 1)),)


@operator("prewitt_dir", IconicIn("Image"), IconicOut("ImageEdgeAmp"), IconicOut("ImageEdgeDir"))
def prewitt_dir(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Prewitt edge amplitude and the gradient direction (degrees / 2, 255 = undefined)."""
    amps, dirs = [], []
    for img in images(ctx, image, EDGE_TYPES):

        def run(p: np.ndarray, pixel_type: str = img.pixel_type) -> tuple:
            g_row, g_col = prewitt_parts(p)
            amp = np.maximum(np.abs(g_row), np.abs(g_col))
            return amp, direction_of(g_row, g_col, to_type(amp, pixel_type))

        a, d = two_outputs(img, run, (1, 1), img.pixel_type)
        amps.append(a)
        dirs.append(d)
    return ObjectTuple(amps), ObjectTuple(dirs)


def roberts_plane(plane: np.ndarray, kind: str) -> np.ndarray:
    """Roberts' filter of ``kind``, stored at the lower right pixel of each 2x2 window."""
    data = work(plane).astype(np.float64)
    h, w = data.shape
    padded = np.pad(data, ((1, 0), (1, 0)), mode="reflect" if min(h, w) > 1 else "edge")
    a, b = padded[:h, :w], padded[:h, 1:]
    c, d = padded[1:, :w], padded[1:, 1:]
    if kind == "roberts_max":
        return np.maximum(np.abs(a - d), np.abs(b - c))
    horizontal, vertical = np.abs(a + b - c - d), np.abs(a + c - b - d)
    if kind == "gradient_max":
        return np.maximum(horizontal, vertical)
    return horizontal + vertical


@operator(
    "roberts",
    IconicIn("Image"),
    IconicOut("ImageRoberts"),
    ControlIn(
        "FilterType",
        types="string",
        count=1,
        default="gradient_sum",
        values=("gradient_max", "gradient_sum", "roberts_max"),
    ),
)
def roberts(ctx: CallContext, image: ObjectTuple, filter_type: tuple) -> tuple:
    """Roberts' 2x2 edge filter ('roberts_max', 'gradient_max', 'gradient_sum')."""
    kind = filter_type[0]
    out = [
        apply_planes(img, lambda p: roberts_plane(p, kind), (1, 1))
        for img in images(ctx, image, EDGE_TYPES)
    ]
    return (ObjectTuple(out),)
