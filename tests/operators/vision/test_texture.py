"""Co-occurrence features on checkerboards worked out by hand; deviation_image against a
direct numpy window computation."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type)])


def _checker(size: int = 16) -> np.ndarray:
    r, c = np.indices((size, size))
    return np.where((r + c) % 2 == 0, 0, 255).astype(np.uint8)


FULL = ObjectTuple([Region.rectangle(0, 0, 15, 15)])


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        (0, (0.5, -1.0, 0.5, 1.0)),  # every horizontal neighbour differs
        (90, (0.5, -1.0, 0.5, 1.0)),
        (45, (0.5, 1.0, 1.0, 0.0)),  # every diagonal neighbour is equal
        (135, (0.5, 1.0, 1.0, 0.0)),
        ("mean", (0.5, 0.0, 0.75, 0.5)),
    ],
)
def test_cooc_features_of_a_checkerboard(call, direction, expected):
    out = call("cooc_feature_image", FULL, _img(_checker()), 1, direction)
    # 15 x 15 diagonal pairs: the two colours differ by one pair, hence abs=1e-4
    assert [v[0] for v in out] == pytest.approx(expected, abs=1e-4)


def test_cooc_matrix_and_its_features(call):
    (m,) = call("gen_cooc_matrix", FULL, _img(_checker()), 1, 0)
    assert m[0].pixel_type == "real" and m[0].data.shape == (1, 2, 2)
    np.testing.assert_allclose(m[0].data[0], [[0, 0.5], [0.5, 0]])
    assert [v[0] for v in call("cooc_feature_matrix", m)] == pytest.approx((0.5, -1.0, 0.5, 1.0))
    # 2x2 blocks at LdGray 6: gray 255 is level 63; contrast = 63^2 * (share of unlike pairs)
    block = np.kron(_checker(8), np.ones((2, 2), np.uint8))
    (_e, _c, _h, contrast) = call("cooc_feature_image", FULL, _img(block), 6, 0)
    unlike = 7 / 15  # per row: 7 of the 15 horizontal pairs cross a block edge
    assert contrast[0] == pytest.approx(63**2 * unlike)


def test_cooc_per_region_and_empty(call):
    regions = ObjectTuple([Region.rectangle(0, 0, 7, 7), Region.rectangle(0, 0, 0, 0)])
    energy, corr, _h, contrast = call("cooc_feature_image", regions, _img(_checker()), 1, 0)
    assert len(energy) == 2 and contrast[0] == pytest.approx(1.0)
    assert energy[1] == 0.0 and corr[1] == 0.0  # a single pixel has no pair
    assert call("cooc_feature_image", ObjectTuple(), _img(_checker()), 6, 0) == ((), (), (), ())
    assert call.code("cooc_feature_image", FULL, _img(_checker()), 9, 0) == 1301
    assert call.code("cooc_feature_image", FULL, _img(_checker()), 6, 30) == 1302
    assert call.code("cooc_feature_image", FULL, _img(_checker(), "real"), 6, 0) == 9007


def test_deviation_image_matches_a_direct_window_computation(call):
    rng = np.random.default_rng(3)
    arr = rng.integers(0, 200, (12, 14)).astype(np.float32)
    (out,) = call("deviation_image", _img(arr, "real"), 5, 3)
    res = out[0].data[0]
    for r, c in ((1, 2), (6, 7), (10, 11)):
        window = arr[r - 1 : r + 2, c - 2 : c + 3]
        assert res[r, c] == pytest.approx(window.std(), abs=1e-3)
    (flat,) = call("deviation_image", _img(np.full((6, 6), 90, np.uint8)), 11, 11)
    assert flat[0].pixel_type == "byte" and flat[0].data.max() == 0
    assert len(call("deviation_image", ObjectTuple(), 11, 11)[0]) == 0
    assert call.code("deviation_image", _img(arr, "real"), 0, 3) == 1301
