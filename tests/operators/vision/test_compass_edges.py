"""kirsch_amp/_dir, prewitt_amp/_dir, robinson_amp/_dir and roberts against numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple


def _img(data: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.ascontiguousarray(data)[None], pixel_type)])


def _correlate(data: np.ndarray, mask: np.ndarray) -> np.ndarray:
    p = np.pad(data.astype(np.float64), 1, mode="reflect")
    h, w = data.shape
    return sum(mask[r, c] * p[r : r + h, c : c + w] for r in range(3) for c in range(3))


def _ramp(angle_deg: float, size: int = 9) -> np.ndarray:
    """Gray values rising towards ``angle_deg`` (counter-clockwise from the column axis)."""
    r, c = np.mgrid[0:size, 0:size].astype(np.float64)
    t = math.radians(angle_deg)
    return (100 + 6 * (c * math.cos(t) - r * math.sin(t))).round().astype(np.uint8)


KIRSCH_EAST = np.array([[-3, -3, 5], [-3, 0, 5], [-3, -3, 5]], float)
KIRSCH_NORTH_EAST = np.array([[-3, 5, 5], [-3, 0, 5], [-3, -3, -3]], float)
ROBINSON_EAST = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)


@pytest.mark.parametrize("op", ["kirsch_dir", "robinson_dir", "prewitt_dir"])
def test_direction_of_ramps_in_every_orientation(call, op):
    for k in range(8):
        (amp, direction) = call(op, _img(_ramp(45 * k)))
        inner = direction[0].data[0, 2:-2, 2:-2]
        assert (inner == math.floor(22.5 * k + 0.5)).all(), (op, k, np.unique(inner))
        assert amp[0].pixel_type == "byte" and (amp[0].data[0, 2:-2, 2:-2] > 0).all()
    flat = _img(np.full((5, 6), 40, np.uint8))
    (amp, direction) = call(op, flat)
    assert (amp[0].data == 0).all() and (direction[0].data == 255).all()


def test_kirsch_and_robinson_amplitudes_are_the_largest_mask_response(call):
    rng = np.random.default_rng(1)
    data = rng.integers(0, 40, (7, 8)).astype(np.uint8)
    masks = [np.rot90(KIRSCH_EAST, -k) for k in range(4)]
    masks += [np.rot90(KIRSCH_NORTH_EAST, -k) for k in range(4)]
    expected = np.max([_correlate(data, m) for m in masks], axis=0)
    (amp,) = call("kirsch_amp", _img(data))
    np.testing.assert_array_equal(amp[0].data[0], np.clip(expected, 0, 255))  # borders too
    robinson = [np.rot90(ROBINSON_EAST, k) for k in range(4)]
    robinson += [
        np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]),
        np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]]),
    ]
    expected = np.max([np.abs(_correlate(data, m)) for m in robinson], axis=0)
    (amp,) = call("robinson_amp", _img(data, "int2"))
    np.testing.assert_array_equal(amp[0].data[0], expected)
    (amp,) = call("prewitt_amp", _img(data, "uint2"))
    a = _correlate(data, np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], float))
    b = _correlate(data, np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], float))
    np.testing.assert_array_equal(amp[0].data[0], np.maximum(np.abs(a), np.abs(b)))
    assert call.code("kirsch_amp", _img(data.astype(np.float32), "real")) == 9007


def test_roberts_filter_types_against_numpy(call):
    rng = np.random.default_rng(2)
    data = rng.integers(0, 200, (6, 7)).astype(np.uint8)
    p = np.pad(data.astype(np.float64), ((1, 0), (1, 0)), mode="reflect")
    a, b, c, d = p[:-1, :-1], p[:-1, 1:], p[1:, :-1], p[1:, 1:]
    expected = {
        "roberts_max": np.maximum(np.abs(a - d), np.abs(b - c)),
        "gradient_max": np.maximum(np.abs(a + b - c - d), np.abs(a + c - b - d)),
        "gradient_sum": np.abs(a + b - c - d) + np.abs(a + c - b - d),
    }
    for kind, values in expected.items():
        (out,) = call("roberts", _img(data), kind)
        np.testing.assert_array_equal(out[0].data[0], np.clip(values, 0, 255))
    assert call.code("roberts", _img(data), "sobel") == 1301
