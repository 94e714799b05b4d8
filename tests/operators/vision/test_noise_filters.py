"""sigma_image and eliminate_min_max against direct numpy computations."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def _img(data: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.ascontiguousarray(data)[None], pixel_type)])


def _sigma_direct(data: np.ndarray, mh: int, mw: int, sigma: float) -> np.ndarray:
    p = np.pad(data.astype(np.float64), ((mh // 2,) * 2, (mw // 2,) * 2), mode="reflect")
    out = np.zeros(data.shape)
    for r in range(data.shape[0]):
        for c in range(data.shape[1]):
            win = p[r : r + mh, c : c + mw]
            take = win[np.abs(win - data[r, c]) < sigma * win.std()]
            out[r, c] = take.mean() if take.size else data[r, c]
    return np.floor(out + 0.5)


def test_sigma_image_against_numpy(call):
    rng = np.random.default_rng(4)
    data = (rng.normal(100, 10, (9, 10)).clip(0, 255)).astype(np.uint8)
    data[:, 6:] += 80  # a step the filter keeps
    (out,) = call("sigma_image", _img(data), 3, 5, 1)
    np.testing.assert_array_equal(out[0].data[0], _sigma_direct(data, 3, 5, 1.0))
    (even,) = call("sigma_image", _img(data), 2, 4, 1)  # even sizes: the next odd ones
    np.testing.assert_array_equal(even[0].data[0], out[0].data[0])
    flat = _img(np.full((4, 4), 9, np.uint8))
    (same,) = call("sigma_image", flat, 3, 3, 2)
    assert (same[0].data == 9).all()
    assert call.code("sigma_image", flat, 1, 3, 2) == 1301
    assert call.code("sigma_image", flat, 3, 3, -1) == 1303


def _eliminate_direct(data: np.ndarray, mh: int, mw: int, gap: float, mode: int) -> np.ndarray:
    h, w = data.shape
    out = data.astype(np.float64).copy()
    for r in range(h):
        for c in range(w):
            win = data[max(0, r - mh // 2) : r + mh // 2 + 1, max(0, c - mw // 2) : c + mw // 2 + 1]
            win = win.astype(np.float64)
            others = list(win.ravel())
            others.remove(float(data[r, c]))
            g = float(data[r, c])
            if g >= gap + max(others):
                new = max(others) if mode == 1 else None
            elif g + gap <= min(others):
                new = min(others) if mode == 1 else None
            else:
                continue
            if mode == 2:
                new = win.mean()
            elif mode != 1:
                new = np.sort(win.ravel())[(win.size - 1) // 2]
            out[r, c] = new
    return np.floor(out + 0.5)


def test_eliminate_min_max_replaces_isolated_extrema_only(call):
    rng = np.random.default_rng(6)
    data = rng.integers(90, 110, (8, 9)).astype(np.uint8)
    data[:, 5:] += 100  # an edge: never an isolated extremum
    data[2, 2], data[6, 7], data[0, 0] = 250, 0, 255  # spikes, one in the corner
    for mode in (1, 2, 3):
        (out,) = call("eliminate_min_max", _img(data), 3, 3, 5.0, mode)
        expected = _eliminate_direct(data, 3, 3, 5.0, mode)
        np.testing.assert_array_equal(out[0].data[0], expected)
        limit = 150 if mode == 2 else 120  # the mean includes the spike itself
        assert out[0].data[0, 2, 2] < limit and out[0].data[0, 0, 0] < limit
    (big_gap,) = call("eliminate_min_max", _img(data), 3, 3, 300.0, 3)
    np.testing.assert_array_equal(big_gap[0].data[0], data)


def test_filters_keep_the_domain(call):
    data = np.arange(64, dtype=np.uint8).reshape(8, 8) * 3
    img = ObjectTuple([Image(data[None].copy(), "byte", Region.rectangle(2, 2, 5, 5))])
    (out,) = call("eliminate_min_max", img, 3, 3, 1.0, 3)
    assert out[0].domain is not None and out[0].domain.area() == 16
    (out,) = call("sigma_image", img, 3, 3, 3)
    assert out[0].domain is not None and out[0].domain.area() == 16
    assert call("sigma_image", ObjectTuple(), 3, 3, 3) == (ObjectTuple(),)
