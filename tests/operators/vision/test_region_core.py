"""The run-length Region: canonical chords, raster round trips, moments, object files."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import ObjectTuple, Region, decode_objects, encode_objects


def _random_masks(count: int) -> list[tuple[int, int, np.ndarray]]:
    rng = np.random.default_rng(7)
    out = []
    for _ in range(count):
        h, w = (int(v) for v in rng.integers(0, 14, 2))
        r0, c0 = (int(v) for v in rng.integers(-6, 6, 2))
        out.append((r0, c0, rng.random((h, w)) < rng.random()))
    return out


@pytest.mark.parametrize(("r0", "c0", "mask"), _random_masks(60))
def test_mask_runs_mask_round_trip_and_features(r0, c0, mask):
    region = Region.from_mask(mask, r0, c0)
    legacy = Region(r0, c0, mask)
    rr, cc = np.nonzero(mask)
    assert region.area() == legacy.area() == rr.size
    assert region.same_pixels(legacy)
    rows, cb, ce = region.runs
    assert rows.dtype == np.int32 and np.all(cb <= ce)
    # canonical: sorted, and chords of one row never touch
    same_row = rows[1:] == rows[:-1]
    assert np.all((rows[1:] > rows[:-1]) | (same_row & (cb[1:] > ce[:-1] + 1)))
    if rr.size:
        assert region.bbox() == (rr.min() + r0, cc.min() + c0, rr.max() + r0, cc.max() + c0)
        row, col = region.centroid()
        assert row == pytest.approx(rr.mean() + r0) and col == pytest.approx(cc.mean() + c0)
        m20, m02, m11 = region.moments()
        assert m20 == pytest.approx(rr.var(), abs=1e-9)
        assert m02 == pytest.approx(cc.var(), abs=1e-9)
        assert m11 == pytest.approx(((rr - rr.mean()) * (cc - cc.mean())).mean(), abs=1e-9)
        back = region.mask
        assert back.shape == (rr.max() - rr.min() + 1, cc.max() - cc.min() + 1)
        assert Region(region.row, region.column, back).same_pixels(region)
    else:
        assert region.bbox() == (0, 0, -1, -1) and region.mask.shape == (0, 0)
    assert np.array_equal(region.to_mask(9, 9), legacy.to_mask(9, 9))


def test_from_runs_sorts_and_merges_overlapping_and_touching_chords():
    region = Region.from_runs([3, 1, 1, 1, 3, 2], [5, 8, 0, 3, 0, 4], [7, 9, 2, 5, 4, 3])
    rows, cb, ce = region.runs
    assert rows.tolist() == [1, 1, 3]
    assert cb.tolist() == [0, 8, 0]
    assert ce.tolist() == [5, 9, 7]
    assert region.area() == 6 + 2 + 8
    assert Region.from_runs([], [], []).is_empty()
    with pytest.raises(ValueError, match="rows"):
        Region.from_runs([1, 2], [0], [0])


def test_rectangle_moments_match_the_spec_golden_values():
    rect = Region.rectangle(10, 20, 29, 59)
    assert rect.area() == 800 and rect.centroid() == (19.5, 39.5)
    m20, m02, m11 = rect.moments()
    assert (m20, m02, m11) == pytest.approx(((20**2 - 1) / 12, (40**2 - 1) / 12, 0.0))
    assert Region.rectangle(5, 5, 4, 9).is_empty()


def test_translate_clip_and_raster_padding():
    region = Region.from_runs([0, 1], [0, 2], [1, 4]).translate(-3, 10)
    assert region.runs[0].tolist() == [-3, -2] and region.bbox() == (-3, 10, -2, 14)
    clipped = region.clip(-2, 11, 5, 13)
    assert clipped.runs[1].tolist() == [12] and clipped.area() == 2
    r0, c0, mask = region.raster(pad=2)
    assert (r0, c0, mask.shape) == (-5, 8, (6, 9))
    assert Region.from_mask(mask, r0, c0).same_pixels(region)


def test_object_codec_stores_chords_and_reads_the_mask_layout():
    region = Region.from_runs([2, 2, 5], [-4, 3, 0], [0, 3, 7])
    arrays: dict[str, np.ndarray] = {}
    records = encode_objects(ObjectTuple([region]), "o", arrays)
    assert records[0]["kind"] == "region" and "runs" in records[0]
    assert all(arrays[name].dtype == np.int32 for name in records[0]["runs"])
    (back,) = decode_objects(records, arrays)
    assert back.same_pixels(region)
    # the layout written before chords: a packed mask at (row, column)
    mask = np.array([[1, 0, 1], [0, 1, 1]], dtype=bool)
    old = {"kind": "region", "row": 4, "column": -1, "shape": [2, 3], "mask": "m"}
    (legacy,) = decode_objects([old], {"m": np.packbits(mask, axis=None)})
    assert legacy.runs[0].tolist() == [4, 4, 5] and legacy.runs[1].tolist() == [-1, 1, 0]
