"""Equality of iconic objects, as ``test_equal_obj`` and ``compare_obj`` define it.

Two object tuples are equal when they hold the same number of objects and the objects are
pairwise equal: regions with the same pixels; images of the same size, pixel type and
channel count with the same domain and gray values that differ by at most ``epsilon``
inside it; other kinds (XLD ...) with the same stored form. The expression operators
``==`` and ``!=`` on two iconic operands use the same rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdlite.values.iconic import IconicObject, Image, ObjectTuple, Region
from hdlite.values.iconic_io import encode_objects

if TYPE_CHECKING:
    import numpy as np


def objects_equal(a: IconicObject, b: IconicObject, epsilon: float = 0.0) -> bool:
    """Whether two objects have equal regions and, for images, equal gray values.

    Gray values are compared inside the domain only, with tolerance ``epsilon``.
    """
    import numpy as np  # imported when first needed: start-up stays free of numpy

    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, Region) and isinstance(b, Region):
        return a.area() == b.area() and a.same_pixels(b)
    if not isinstance(a, Image) or not isinstance(b, Image):
        return _same_encoding(a, b)
    if (a.channels, a.height, a.width, a.pixel_type) != (
        b.channels,
        b.height,
        b.width,
        b.pixel_type,
    ):
        return False
    if a.domain is None and b.domain is None:
        mask = None
    else:
        da, db = a.domain_region(), b.domain_region()
        if not (da.area() == db.area() and da.same_pixels(db)):
            return False
        mask = da.to_mask(a.height, a.width)
    diff = np.abs(a.data.astype(np.float64) - b.data.astype(np.float64))
    if mask is not None:
        diff = diff[:, mask]
    return bool(diff.size == 0 or diff.max() <= epsilon)


def tuples_equal(first: ObjectTuple, second: ObjectTuple, epsilon: float = 0.0) -> bool:
    """Whether two object tuples have the same length and pairwise equal objects."""
    if len(first) != len(second):
        return False
    return all(objects_equal(a, b, epsilon) for a, b in zip(first, second, strict=True))


def _same_encoding(a: IconicObject, b: IconicObject) -> bool:
    """Compare objects of other kinds (XLD ...) through their stored form."""
    import numpy as np

    arrays_a: dict[str, np.ndarray] = {}
    arrays_b: dict[str, np.ndarray] = {}
    try:
        rec_a = encode_objects(ObjectTuple([a]), "", arrays_a)
        rec_b = encode_objects(ObjectTuple([b]), "", arrays_b)
    except TypeError:
        return False
    return (
        rec_a == rec_b
        and arrays_a.keys() == arrays_b.keys()
        and all(np.array_equal(arrays_a[k], arrays_b[k]) for k in arrays_a)
    )
