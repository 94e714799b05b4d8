"""histo_2dim, class_2dim_sup/unsup, learn_ndim_norm and class_ndim_norm on images built
here, checked against counts worked out by hand and numpy."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def _byte(values: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(values, dtype=np.uint8)[None], "byte")])


def _rgb(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.stack([r, g, b]).astype(np.uint8), "byte")])


def _region(mask: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Region.from_mask(mask)])


def _rect(r1: int, c1: int, r2: int, c2: int) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])


def _pixels(region: Region) -> set[tuple[int, int]]:
    m = region.to_mask(64, 64)
    return {(int(r), int(c)) for r, c in np.argwhere(m)}


def _two_tone() -> tuple[np.ndarray, np.ndarray]:
    """10 x 20: left half (col, row) = (30, 200), right half (100, 50)."""
    col = np.full((10, 20), 30)
    col[:, 10:] = 100
    row = np.full((10, 20), 200)
    row[:, 10:] = 50
    return col, row


def test_histo_2dim_counts_pairs_at_row_imagerow_column_imagecol(call):
    col, row = _two_tone()
    (hist,) = call("histo_2dim", _rect(0, 5, 9, 14), _byte(col), _byte(row))
    h = hist[0]
    assert h.pixel_type == "int4" and (h.height, h.width) == (256, 256)
    # 10 rows x 5 columns of each half
    assert h.data[0, 200, 30] == 50 and h.data[0, 50, 100] == 50
    assert int(h.data.sum()) == 100
    # the image's domain is ignored: only the region counts; a region off the image is clipped
    img = ObjectTuple(
        [Image(np.asarray(col, np.uint8)[None], "byte", Region.rectangle(0, 0, 0, 0))]
    )
    (hist,) = call("histo_2dim", _rect(5, 15, 30, 40), img, _byte(row))
    assert int(hist[0].data.sum()) == 25 and hist[0].data[0, 50, 100] == 25
    # one histogram per region, none without regions
    (two,) = call("histo_2dim", ObjectTuple(list(_rect(0, 0, 0, 0)) * 2), _byte(col), _byte(row))
    assert len(two) == 2
    assert call("histo_2dim", ObjectTuple([]), _byte(col), _byte(row)) == (ObjectTuple([]),)


def test_histo_2dim_wrong_inputs(call):
    col, row = _two_tone()
    real = ObjectTuple([Image(col[None].astype(np.float32), "real")])
    assert call.code("histo_2dim", _rect(0, 0, 1, 1), real, _byte(row)) == 9007
    small = _byte(np.zeros((3, 3)))
    assert call.code("histo_2dim", _rect(0, 0, 1, 1), small, _byte(row)) == 9020


def test_histogram_threshold_and_class_2dim_sup_find_the_trained_colour(call):
    col, row = _two_tone()
    col[2, 3] = 100  # one left pixel has the right half's col value, with row value 200
    (hist,) = call("histo_2dim", _rect(0, 12, 9, 19), _byte(col), _byte(row))
    (space,) = call("threshold", hist, 1, 1e9)
    assert _pixels_of_space(space[0]) == {(50, 100)}
    (found,) = call("class_2dim_sup", _byte(col), _byte(row), space)
    assert found[0].area() == 100 and found[0].bbox() == (0, 10, 9, 19)
    # a feature space at (row 200, column 100) picks exactly the changed pixel
    (single,) = call("class_2dim_sup", _byte(col), _byte(row), _rect(200, 100, 200, 100))
    assert _pixels(single[0]) == {(2, 3)}
    # only the domain is classified
    dom_img = ObjectTuple(
        [Image(np.asarray(col, np.uint8)[None], "byte", Region.rectangle(0, 0, 4, 19))]
    )
    (part,) = call("class_2dim_sup", dom_img, _byte(row), space)
    assert part[0].area() == 50
    assert call("class_2dim_sup", ObjectTuple([]), ObjectTuple([]), space) == (ObjectTuple([]),)


def _pixels_of_space(region: Region) -> set[tuple[int, int]]:
    return {(int(r), int(c)) for r, c in np.argwhere(region.to_mask(256, 256))}


def test_class_2dim_unsup_clusters_by_histogram_maxima(call):
    # three populations: (10, 10) x 60 pixels, (12, 11) x 10, (200, 50) x 30
    a = np.zeros((10, 10), np.uint8)
    b = np.zeros((10, 10), np.uint8)
    a[:6], b[:6] = 10, 10
    a[6], b[6] = 12, 11
    a[7:], b[7:] = 200, 50
    (classes,) = call("class_2dim_unsup", _byte(a), _byte(b), 5, 5)
    # the (12, 11) pixels lie within 5 of the first maximum (distance sqrt(5))
    assert [c.area() for c in classes] == [70, 30]
    assert classes[1].bbox() == (7, 0, 9, 9)
    (tight,) = call("class_2dim_unsup", _byte(a), _byte(b), 2, 5)
    assert [c.area() for c in tight] == [60, 30, 10]
    (first,) = call("class_2dim_unsup", _byte(a), _byte(b), 2, 1)
    assert [c.area() for c in first] == [60]
    assert call.code("class_2dim_unsup", _byte(a), _byte(b), 5, 0) == 1302
    assert call.code("class_2dim_unsup", _byte(a), _byte(b), -1, 3) == 1301
    empty = call("class_2dim_unsup", ObjectTuple([]), ObjectTuple([]), 15, 5)
    assert empty == (ObjectTuple([]),)


def _colour_scene() -> ObjectTuple:
    """20 x 30 RGB: background (40, 40, 40), red patch (200, 30, 30) rows 2-7 cols 2-9,
    green patch (30, 180, 40) rows 10-15 cols 15-25, one noisy red pixel and one
    greenish pixel at (19, 0)."""
    r = np.full((20, 30), 40)
    g = np.full((20, 30), 40)
    b = np.full((20, 30), 40)
    r[2:8, 2:10], g[2:8, 2:10], b[2:8, 2:10] = 200, 30, 30
    r[3, 3] = 206
    r[10:16, 15:26], g[10:16, 15:26], b[10:16, 15:26] = 30, 180, 40
    r[19, 0], g[19, 0], b[19, 0] = 30, 168, 40  # 12 from the green patch's colour
    return _rgb(r, g, b)


def test_learn_ndim_norm_and_class_ndim_norm_find_the_learned_colour(call):
    img = _colour_scene()
    empty = ObjectTuple([Region.empty()])
    radius, center, quality = call(
        "learn_ndim_norm", _rect(2, 2, 7, 9), empty, img, "euclid", 10, 0.01
    )
    # one cluster: mean of 47 pixels of (200, 30, 30) and one of (206, 30, 30)
    assert radius == (10.0,)
    assert np.allclose(center, (200 + 6 / 48, 30, 30))
    assert quality == (1.0,)
    (found,) = call("class_ndim_norm", img, "euclid", "single", radius, center)
    assert found[0].area() == 48 and found[0].bbox() == (2, 2, 7, 9)
    # two clusters with 'multiple': one region each, in cluster order
    both = (10.0, 10.0)
    centres = (200, 30, 30, 30, 180, 40)
    (regs,) = call("class_ndim_norm", img, "maximum", "multiple", both, centres)
    assert [r.area() for r in regs] == [48, 66]
    (one,) = call("class_ndim_norm", img, "euclid", "single", both, centres)
    assert one[0].area() == 114


def test_learn_ndim_norm_splits_far_colours_and_shrinks_at_the_background(call):
    img = _colour_scene()
    fg = ObjectTuple([Region.rectangle(2, 2, 7, 9), Region.rectangle(10, 15, 15, 25)])
    empty = ObjectTuple([])
    radius, center, _ = call("learn_ndim_norm", fg, empty, img, "maximum", 20, 0.01)
    assert len(radius) == 2 and len(center) == 6
    # MinNumberPercent drops the smaller cluster (48 of 114 pixels = 42 %)
    radius, center, _ = call("learn_ndim_norm", fg, empty, img, "maximum", 20, 50)
    assert len(radius) == 1 and np.allclose(center, (30, 180, 40))
    # a background pixel of the learned colour's neighbourhood shrinks the radius
    bg = _rect(19, 0, 19, 0)
    green = _rect(10, 15, 15, 25)
    radius, center, quality = call("learn_ndim_norm", green, bg, img, "maximum", 20, 0)
    assert 11.999 < radius[0] < 12
    assert quality == (1.0,)
    assert call.code("learn_ndim_norm", fg, empty, img, "euclid", 0, 1) == 1302
    assert call.code("learn_ndim_norm", fg, empty, img, "city", 10, 1) == 1301
    assert call.code("learn_ndim_norm", empty, empty, img, "euclid", 10, 1) == 1501


def test_class_ndim_norm_wrong_values_and_empty_input(call):
    img = _colour_scene()
    assert call.code("class_ndim_norm", img, "euclid", "single", (10.0,), (1, 2)) == 1404
    assert call.code("class_ndim_norm", img, "euclid", "single", (-1.0,), (1, 2, 3)) == 1303
    assert call.code("class_ndim_norm", img, "euclid", "both", (1.0,), (1, 2, 3)) == 1302
    assert call("class_ndim_norm", ObjectTuple([]), "euclid", "single", 10, 128) == (
        ObjectTuple([]),
    )
