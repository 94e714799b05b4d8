"""texture_laws against an independent correlation with the outer product of Laws' vectors."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import correlate

from hdlite.plugin import Image, ObjectTuple

RNG = np.random.default_rng(3)
DATA = RNG.integers(0, 256, (20, 26)).astype(np.uint8)


def test_masks_shift_and_clipping(call):
    e5 = np.array([-1, -2, 0, 2, 1])
    l5 = np.array([1, 4, 6, 4, 1])
    # 'el': e along the rows (column direction), l down the columns
    ref = correlate(DATA.astype(np.int64), np.outer(l5, e5), mode="mirror") >> 2
    (out,) = call("texture_laws", ObjectTuple([Image(DATA[None], "byte")]), "el", 2, 5)
    assert out[0].pixel_type == "byte"
    assert np.array_equal(out[0].data[0], np.clip(ref, 0, 255))
    (le,) = call(
        "texture_laws", ObjectTuple([Image(DATA[None].astype(np.int16), "int2")]), "le", 4, 5
    )
    ref = correlate(DATA.astype(np.int64), np.outer(e5, l5), mode="mirror") >> 4
    assert le[0].pixel_type == "int2" and np.array_equal(le[0].data[0], ref)
    assert (le[0].data < 0).any()  # int2 keeps the signed response


def test_ramp_responds_to_edge_masks_only(call):
    ramp = np.tile(np.arange(0, 60, 3, dtype=np.uint8), (9, 1))  # rises by 3 per column
    image = ObjectTuple([Image(ramp[None], "byte")])
    (el,) = call("texture_laws", image, "el", 0, 3)
    # e = [-1 0 1] along the row gives 6, l = [1 2 1] down the column 4: 24 inside
    assert (el[0].data[0, :, 1:-1] == 24).all()
    (le,) = call("texture_laws", image, "le", 0, 3)
    assert (le[0].data == 0).all()
    (ll,) = call("texture_laws", image, "ll", 4, 3)  # 16 * value / 16
    assert np.array_equal(ll[0].data[0, :, 1:-1], ramp[:, 1:-1])


def test_wrong_values(call):
    image = ObjectTuple([Image(DATA[None], "byte")])
    assert call.code("texture_laws", image, "ou", 2, 5) == 1301  # u and o need size 7
    assert call.code("texture_laws", image, "el", 10, 5) == 1302
    assert call.code("texture_laws", image, "el", 2, 9) == 1303
    real = ObjectTuple([Image(DATA[None].astype(np.float32), "real")])
    assert call.code("texture_laws", real, "el", 2, 5) == 9007
    (out,) = call("texture_laws", image, "oo", 9, 7)
    assert out[0].data.shape == (1, 20, 26)
