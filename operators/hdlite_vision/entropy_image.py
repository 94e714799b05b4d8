"""Local entropy of gray values (entropy_image).

HALCON's reference [doc: entropy_image, mvtec.com/doc/halcon/2105]: the entropy of the
gray values in a Width x Height window, multiplied by 32; even sizes are changed to the
next odd size; gray values are mirrored at the image border. The entropy is the one of
entropy_gray [doc: entropy_gray]: ``-sum rel[i] * ld(rel[i])`` over the relative
frequencies of the gray values 0..255, so a window of one gray value gives 0.

hdlite's choices [unverified]: byte input and a byte result, rounded (so the largest
possible entropy, 8 bits = 256, is clipped to 255); default window 9 x 9; the computation
follows the filter conventions of :mod:`._filtering` (mirroring without repeating the
border pixel, the input domain kept, 0 outside it).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all, odd, positive_size

#: HALCON stores the entropy times 32 in a byte image
SCALE = 32.0


def local_entropy(plane: np.ndarray, height: int, width: int) -> np.ndarray:
    """Entropy in bits of the byte values in a ``height`` x ``width`` window (odd sizes).

    With counts c_g of the n window pixels, ``-sum p log2 p = log2 n - sum c log2 c / n``;
    ``c log2 c`` comes from a table of every possible count.
    """
    import cv2

    rh, rw = height // 2, width // 2
    h, w = plane.shape
    padded = np.pad(plane, ((rh, rh), (rw, rw)), mode="reflect")
    n = height * width
    counts = np.arange(n + 1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        c_log_c = np.where(counts > 0, counts * np.log2(counts), 0.0)
    acc = np.zeros(plane.shape, np.float64)
    for g in np.unique(plane):  # mirroring adds no new gray values
        sums = cv2.integral((padded == g).view(np.uint8), sdepth=cv2.CV_32S)
        count = sums[height:, width:] - sums[:h, width:] - sums[height:, :w] + sums[:h, :w]
        acc += c_log_c[count]
    return np.maximum(np.log2(n) - acc / n, 0.0)


@operator(
    "entropy_image",
    IconicIn("Image"),
    IconicOut("ImageEntropy"),
    ControlIn("Width", types="integer", count=1, default=9),
    ControlIn("Height", types="integer", count=1, default=9),
)
def entropy_image(ctx: CallContext, image: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """The entropy of the gray values in a Width x Height window, times 32, as a byte image."""
    w = odd(positive_size(ctx, width[0], "Width", 511))
    h = odd(positive_size(ctx, height[0], "Height", 511))

    def plane(p: np.ndarray) -> np.ndarray:
        return SCALE * local_entropy(p, h, w)

    return (filter_all(ctx, image, ("byte",), plane, (h // 2, w // 2)),)
