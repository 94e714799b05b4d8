"""The last few decoded Pillow images, so that resizing a just-read image skips a copy.

``read_image`` turns a decoded Pillow image into a read-only numpy array. Resizing that
array with Pillow would copy it back into a new Pillow image; instead, ``zoom_image_size``
asks here for the Pillow image the array came from. A hit requires the very same memory,
shape, strides and dtype, and the arrays are read-only, so the pixels are the same.
"""

from __future__ import annotations

import numpy as np
from PIL import Image as PILImage

_SIZE = 2
_recent: list[tuple[np.ndarray, PILImage.Image]] = []


def _key(data: np.ndarray) -> tuple:
    return (data.__array_interface__["data"][0], data.shape, data.strides, data.dtype.str)


def remember(data: np.ndarray, image: PILImage.Image) -> None:
    """Record that the read-only ``data`` holds the pixels of ``image``."""
    if data.flags.writeable:
        return
    _recent.append((data, image))
    del _recent[:-_SIZE]


def lookup(data: np.ndarray) -> PILImage.Image | None:
    """The Pillow image ``data`` was made from, if it is still remembered."""
    key = _key(data)
    for known, image in reversed(_recent):
        if known is data or _key(known) == key:
            return image
    return None
