"""gen_disc_se and gray morphology with structuring-element images (tophat, bothat)."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import grey_dilation, grey_erosion

from hdlite.plugin import Image, ObjectTuple

RNG = np.random.default_rng(11)
DATA = RNG.integers(20, 230, (18, 23)).astype(np.uint8)


def _img(data: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(data)[None], pixel_type)])


def test_gen_disc_se_shape_and_heights(call):
    (se,) = call("gen_disc_se", "byte", 5, 5, 0)
    support = se[0].domain.to_mask(5, 5)
    assert se[0].pixel_type == "byte" and support.sum() == 21 and not support[0, 0]
    assert (se[0].data == 0).all()
    (se,) = call("gen_disc_se", "real", 7, 3, 10.0)
    assert se[0].data.shape == (1, 3, 7) and se[0].pixel_type == "real"
    assert se[0].data[0, 1, 3] == 10.0
    # (2 dc / 7)^2 at dc = 2: 16/49, height 10 sqrt(33/49)
    assert np.isclose(se[0].data[0, 1, 5], 10 * np.sqrt(33 / 49))
    assert call.code("gen_disc_se", "byte", 0, 5, 0) == 1302
    assert call.code("gen_disc_se", "int2", 5, 5, 0) == 1301


def test_flat_element_matches_min_and_max_filters(call):
    (se,) = call("gen_disc_se", "byte", 5, 5, 0)
    support = se[0].domain.to_mask(5, 5)
    (ero,) = call("gray_erosion", _img(DATA), se)
    (dil,) = call("gray_dilation", _img(DATA), se)
    assert np.array_equal(ero[0].data[0], grey_erosion(DATA, footprint=support, mode="mirror"))
    assert np.array_equal(dil[0].data[0], grey_dilation(DATA, footprint=support, mode="mirror"))
    (rect,) = call("gen_image_const", "byte", 3, 3)
    (ero3,) = call("gray_erosion", _img(DATA), rect)
    (ref,) = call("gray_erosion_rect", _img(DATA), 3, 3)
    assert np.array_equal(ero3[0].data, ref[0].data)


def test_tophat_and_bothat(call):
    data = np.full((20, 20), 100, np.uint8)
    data[5, 5] = 180  # a bright speck
    data[12:14, 12:14] = 30  # a dark spot of 2 x 2
    (se,) = call("gen_disc_se", "byte", 5, 5, 0)
    (top,) = call("gray_tophat", _img(data), se)
    (bot,) = call("gray_bothat", _img(data), se)
    assert top[0].data[0, 5, 5] == 80 and top[0].data.sum() == 80
    assert (bot[0].data[0, 12:14, 12:14] == 70).all() and bot[0].data.sum() == 4 * 70
    (opening,) = call("gray_opening", _img(data), se)
    (closing,) = call("gray_closing", _img(data), se)
    assert (opening[0].data == 100).sum() == 400 - 4  # the speck is gone, the spot stays
    assert (closing[0].data == 100).sum() == 400 - 1  # the spot is filled, the speck stays


def test_non_flat_element_adds_and_subtracts_heights(call):
    se = ObjectTuple([Image(np.array([[0, 5, 0]], np.uint8)[None], "byte")])
    data = np.zeros((3, 7), np.uint8)
    data[:, 3] = 100
    (dil,) = call("gray_dilation", _img(data), se)
    assert list(dil[0].data[0, 1]) == [5, 5, 100, 105, 100, 5, 5]
    (ero,) = call("gray_erosion", _img(data + 50), se)
    assert list(ero[0].data[0, 1]) == [45, 45, 45, 50, 45, 45, 45]


def test_errors_and_empty_inputs(call):
    (se,) = call("gen_disc_se", "byte", 3, 3, 0)
    assert call.code("gray_tophat", _img(DATA), se + se) == 1502
    assert call("gray_bothat", ObjectTuple(), se) == (ObjectTuple(),)
