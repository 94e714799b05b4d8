"""texture_laws: Laws' texture energy filters.

[doc: texture_laws] The mask of FilterTypes 'ab' is the outer product of two of Laws'
vectors, the first letter convolving in the column direction (along a row) and the second in
the row direction; FilterSize 3 (l, e, s), 5 (l, e, s, w, r) or 7 (l, e, s, w, r, u, o);
the result is shifted right by Shift (0..9) and has the input's type (byte, int2, uint2).

[unverified]: the mask is applied as written (a correlation, as convol_image applies its
masks), so 'el' responds positively where the image gets brighter to the right; the shift
is an arithmetic shift of the exact integer filter response (floor division by 2^Shift);
negative results clip to 0 for byte and uint2 images; borders are mirrored like every
filter (:mod:`._filtering`).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all

VECTORS: dict[int, dict[str, tuple[int, ...]]] = {
    3: {"l": (1, 2, 1), "e": (-1, 0, 1), "s": (-1, 2, -1)},
    5: {
        "l": (1, 4, 6, 4, 1),
        "e": (-1, -2, 0, 2, 1),
        "s": (-1, 0, 2, 0, -1),
        "w": (-1, 2, 0, -2, 1),
        "r": (1, -4, 6, -4, 1),
    },
    7: {
        "l": (1, 6, 15, 20, 15, 6, 1),
        "e": (-1, -4, -5, 0, 5, 4, 1),
        "s": (-1, -2, 1, 4, 1, -2, -1),
        "w": (-1, 0, 3, 0, -3, 0, 1),
        "r": (1, -2, -1, 4, -1, -2, 1),
        "u": (1, -4, 5, 0, -5, 4, -1),
        "o": (-1, 6, -15, 20, -15, 6, -1),
    },
}
_NAMES = tuple(a + b for a in "leswruo" for b in "leswruo")


def laws_mask(filter_types: str, size: int) -> np.ndarray:
    """The 2-D mask (rows x columns) of a filter name: first letter along the columns."""
    vec = VECTORS[size]
    along_row = np.array(vec[filter_types[0]], dtype=np.int64)
    along_col = np.array(vec[filter_types[1]], dtype=np.int64)
    return np.outer(along_col, along_row)


@operator(
    "texture_laws",
    IconicIn("Image"),
    IconicOut("ImageTexture"),
    ControlIn("FilterTypes", types="string", count=1, default="el", values=_NAMES),
    ControlIn("Shift", types="integer", count=1, default=2, values=tuple(range(10))),
    ControlIn("FilterSize", types="integer", count=1, default=5, values=(3, 5, 7)),
)
def texture_laws(
    ctx: CallContext, image: ObjectTuple, filter_types: tuple, shift: tuple, size: tuple
) -> tuple:
    """Convolve with a Laws texture mask (e.g. 'el': e along the rows, l down the
    columns), shift the result right by Shift and clip it to the image type."""
    from scipy.ndimage import correlate

    name, n = filter_types[0], size[0]
    if any(ch not in VECTORS[n] for ch in name):
        raise ctx.param_error("value", "FilterTypes", f"{name!r} needs FilterSize 7")
    mask = laws_mask(name, n)
    half = n // 2

    def run(plane: np.ndarray) -> np.ndarray:
        data = plane.astype(np.int64)
        pad = max(0, half - min(data.shape) + 1)
        if pad:
            data = np.pad(data, pad, mode="symmetric")
        resp = correlate(data, mask, mode="mirror")
        if pad:
            resp = resp[pad:-pad, pad:-pad]
        return resp >> shift[0]

    return (filter_all(ctx, image, ("byte", "int2", "uint2"), run, (half, half)),)
