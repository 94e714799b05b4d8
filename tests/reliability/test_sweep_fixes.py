"""One test per failure the bad-input sweep found and hdlite fixed (each fails without its fix).

The sweep (test_sweep.py) samples its hostile values in CI; these pin the findings down.
"""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region

BIG = 2**63 - 1
EMPTY_REGION = ObjectTuple([Region(0, 0, np.zeros((0, 0), dtype=bool))])


def _canvas(call, window) -> np.ndarray:
    (image,) = call("dump_window_image", window)
    return image[0].data.copy()


@pytest.mark.parametrize("operator", ["dev_display", "disp_region", "disp_obj"])
def test_displaying_an_empty_region_draws_nothing(call, operator):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    before = _canvas(call, window)
    args = (EMPTY_REGION,) if operator == "dev_display" else (EMPTY_REGION, window)
    if operator == "dev_display":
        call("dev_set_window", window)
    call(operator, *args)
    assert np.array_equal(_canvas(call, window), before)


def test_lines_far_outside_the_window_are_clipped(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    call("set_color", window, "white")
    call("disp_line", window, 5, -BIG, 5, BIG)  # a horizontal line through the window
    row = _canvas(call, window)[:, 5, :]
    assert row.min() == 255
    call("disp_arrow", window, 0, 0, BIG, BIG, 2)


def test_text_at_huge_coordinates_is_off_the_canvas(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    before = _canvas(call, window)
    call("disp_text", window, "far", "window", BIG, -BIG, "white", (), ())
    assert np.array_equal(_canvas(call, window), before)


def test_disp_circle_refuses_a_negative_radius(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    assert call.code("disp_circle", window, 10, 10, -1) == 1304
    call("disp_circle", window, 10, 10, 1e18)  # covers the window: drawn without walking it


def test_insert_names_itself_in_its_errors(call):
    with pytest.raises(HalconError) as info:
        call("insert", (1, 2), (3, 4, 5), 0)
    assert info.value.operator == "insert"


@pytest.mark.parametrize(
    ("operator", "args"),
    [
        ("tuple_gen_const", (2**62, 0)),
        ("tuple_rand", (BIG,)),
        ("tuple_gen_sequence", (0, BIG, 1)),
        ("tuple_histo_range", ((1.0,), 0, 1, BIG)),
        ("create_matrix", (BIG, 3, 0)),
    ],
)
def test_results_beyond_memory_are_error_6001(call, operator, args):
    assert call.code(operator, *args) == 6001


def test_image_sizes_beyond_the_limit_are_wrong_values(call):
    assert call.code("gen_image_const", "byte", BIG, 4) == 1302
    image = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    assert call.code("zoom_image_size", image, 4, BIG, "constant") == 1302
    assert call.code("zoom_image_factor", image, 1e300, 1.0, "constant") == 1301
    assert call.code("tile_images_offset", image, 0, 0, -1, -1, -1, -1, BIG, 4) == 1307


def test_rectangle1_domain_far_beyond_the_image(call):
    image = ObjectTuple([Image(np.zeros((1, 4, 5), np.uint8), "byte")])
    (reduced,) = call("rectangle1_domain", image, -(2**63), 1, BIG, BIG)
    assert reduced[0].domain_region().area() == 16


def test_wait_seconds_beyond_the_sleep_limit_waits(call, monkeypatch):
    import time

    naps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt  # the user gives up

    monkeypatch.setattr(time, "sleep", fake_sleep)
    with pytest.raises(KeyboardInterrupt):
        call("wait_seconds", 9e18)  # beyond what time.sleep takes
    assert naps == [86400.0] * 3


def test_read_object_refuses_an_image_without_pixels(call, tmp_path):
    call(
        "write_object",
        ObjectTuple([Image(np.zeros((1, 2, 3), np.uint8), "byte")]),
        str(tmp_path / "one"),
    )
    import io
    import zipfile

    path = tmp_path / "one.hobj"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    data = io.BytesIO()
    np.save(data, np.zeros((1, 0, 3), np.uint8))
    members[next(n for n in members if n.endswith("data.npy"))] = data.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    assert call.code("read_object", str(path)) == 5238


# -- region constructors, filters and iteration counts -----------------------------------

HUGE_INT = 2**63


@pytest.mark.parametrize(
    ("operator", "args", "param"),
    [
        ("gen_rectangle1", (0, 0, HUGE_INT, 5), 3),
        ("gen_rectangle1", (-HUGE_INT, 0, 5, 5), 1),
        ("gen_rectangle2", (10, 10, 0.0, HUGE_INT, 5), 4),
        ("gen_circle", (10, 10, HUGE_INT), 3),
        ("gen_ellipse", (HUGE_INT, 10, 0.0, 5, 3), 1),
        ("gen_region_points", (HUGE_INT, 3), 1),
        ("gen_region_line", (0, 0, HUGE_INT, 0), 3),
        (
            "mean_image",
            (ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")]), HUGE_INT, 3),
            1,
        ),
        ("gen_gauss_filter", (1.0, 1.0, 0.0, "none", "dc_center", HUGE_INT, 8), 6),
        ("region_to_bin", (ObjectTuple([Region.rectangle(1, 1, 2, 2)]), 255, 0, 8, HUGE_INT), 4),
        ("region_to_label", (ObjectTuple([Region.rectangle(1, 1, 2, 2)]), "byte", HUGE_INT, 8), 2),
        ("dilation_rectangle1", (ObjectTuple([Region.rectangle(1, 1, 2, 2)]), HUGE_INT, 3), 1),
    ],
)
def test_coordinates_and_sizes_beyond_the_range_are_wrong_values(call, operator, args, param):
    code = call.code(operator, *args)
    assert code == 1300 + param, code


def test_huge_primitives_within_the_range_do_not_fit(call):
    assert call.code("gen_circle", 0, 0, 2.0**31 - 10) == 6001
    assert call.code("gen_rectangle2", 0, 0, 0.5, 2.0**30, 2.0**30) == 6001


def test_region_primitives_as_chords_equal_the_rasters(call):
    """gen_circle and gen_rectangle2 build chords row by row: the pixels of the raster rule."""
    import math

    from hdlite_image._circle import circle_raster

    rng = np.random.default_rng(5)
    for _ in range(200):
        r, c = (float(v) for v in rng.uniform(-20, 20, 2))
        rad = float(
            rng.choice([rng.uniform(0, 15), rng.integers(0, 15), rng.integers(0, 15) + 0.5])
        )
        r0, c0, mask = circle_raster(r, c, rad)
        ((circle,),) = call("gen_circle", r, c, rad)
        assert circle.same_pixels(Region.from_mask(mask, r0, c0))
        phi, a, b = float(rng.uniform(-4, 4)), float(rng.uniform(0, 12)), float(rng.uniform(0, 6))
        ((rect,),) = call("gen_rectangle2", r, c, phi, a, b)
        cos, sin = math.cos(phi), math.sin(phi)
        rows, cols = np.mgrid[-40:41, -40:41].astype(np.float64)
        along = (cols - c) * cos - (rows - r) * sin
        across = (cols - c) * sin + (rows - r) * cos
        inside = (np.abs(along) <= a + 1e-9) & (np.abs(across) <= b + 1e-9)
        assert rect.same_pixels(Region.from_mask(inside, -40, -40))


def test_a_thousand_circles_of_growing_radius(call):
    (circles,) = call("gen_circle", 500, 500, tuple(range(1000)))
    assert len(circles) == 1000 and circles[999].area() > 3.1e6


def test_clip_region_with_bounds_beyond_the_coordinates(call):
    region = ObjectTuple([Region.rectangle(2, 3, 9, 12)])
    (clipped,) = call("clip_region", region, -(2**63), 5, 2**63 - 1, 2**63 - 1)
    assert clipped[0].same_pixels(Region.rectangle(2, 5, 9, 12))
    (rel,) = call("clip_region_rel", region, 2**63 - 1, 0, 0, 0)
    assert rel[0].area() == 0


def test_points_beyond_the_coordinates_are_wrong_values(call):
    region = ObjectTuple([Region.rectangle(2, 3, 9, 12)])
    assert call.code("test_region_point", region, 2**63, 5) == 1301
    assert call.code("select_region_point", region, 5, 2**63) == 1302


@pytest.mark.parametrize("operator", ["dilation1", "minkowski_add1"])
def test_huge_iteration_counts_of_dilations_do_not_fit(call, operator):
    region = ObjectTuple([Region.rectangle(2, 3, 9, 12)])
    element = ObjectTuple([Region.rectangle(0, 0, 2, 2)])
    assert call.code(operator, region, element, 2**62) == 6001


def test_iterated_dilation_with_one_pixel_is_one_translation(call):
    call("set_system", "clip_region", "false")
    region = ObjectTuple([Region.rectangle(2, 3, 9, 12)])
    element = ObjectTuple([Region.rectangle(5, 5, 5, 5)])
    (moved,) = call("minkowski_add2", region, element, 4, 5, 10**6)
    assert moved[0].same_pixels(Region.rectangle(2 + 10**6, 3, 9 + 10**6, 12))
    assert call.code("minkowski_add2", region, element, 4, 5, 2**40) == 1303


def test_iterations_stop_at_a_fixed_point(call):
    region = ObjectTuple([Region.rectangle(2, 3, 9, 12)])
    element = ObjectTuple([Region.rectangle(0, 0, 0, 0)])
    (same,) = call("dilation1", region, element, 2**62)
    assert same[0].same_pixels(region[0])


def test_fit_line_with_a_huge_iteration_count(call):
    (contour,) = call("gen_contour_polygon_xld", (1.0, 5.0, 9.0, 12.0), (2.0, 8.0, 3.0, 7.0))
    few = call("fit_line_contour_xld", contour, "tukey", -1, 0, 50, 2.0)
    many = call("fit_line_contour_xld", contour, "tukey", -1, 0, 2**62, 2.0)
    assert few == many


def test_contours_with_huge_angles_or_radii(call):
    (arc,) = call("gen_circle_contour_xld", 10, 10, 5, 2**63, 0, "positive", 1)
    assert len(arc) == 1
    assert call.code("gen_circle_contour_xld", 10, 10, 2**63, 0, 6.28, "positive", 1) == 6001
    assert call.code("gen_ellipse_contour_xld", 0, 0, 0, 5, 3, 0, 1e17, "positive", 1e-300) == 6001


@pytest.mark.parametrize(
    ("operator", "args"),
    [
        ("derivate_gauss", (1e17, "x")),
        ("edges_sub_pix", ("canny", 1e17, 20, 40)),
        ("var_threshold", (2**30, 3, 0.2, 2, "dark")),
    ],
)
def test_filter_masks_beyond_memory(call, operator, args):
    image = ObjectTuple([Image(np.arange(48, dtype=np.uint8).reshape(1, 6, 8), "byte")])
    assert call.code(operator, image, *args) == 6001


def test_histogram_smoothing_with_a_huge_sigma_is_one_interval(call):
    histo = (0, 5, 9, 2, 0, 0, 7, 8, 1, 0)
    assert call("histo_to_thresh", histo, 2**63) == call("histo_to_thresh", histo, 1e4)
    image = ObjectTuple([Image(np.arange(48, dtype=np.uint8).reshape(1, 6, 8), "byte")])
    (regions,) = call("auto_threshold", image, 2**63)
    assert len(regions) == 1


def test_regiongrowing_with_cells_beyond_the_image(call):
    image = ObjectTuple([Image(np.full((1, 6, 8), 7, np.uint8), "byte")])
    (huge,) = call("regiongrowing", image, 2**63 - 1, 2**63 - 1, 6.0, 1)
    (exact,) = call("regiongrowing", image, 13, 17, 6.0, 1)
    assert [r.area() for r in huge] == [r.area() for r in exact]


def test_mlp_sizes_beyond_memory_and_negative_seeds(call):
    assert call.code("create_class_mlp", 2**62, 3, 2, "softmax", "none", 3, 42) == 6001
    (handle,) = call("create_class_mlp", 3, 4, 2, "softmax", "none", 3, -1)
    assert handle


def test_one_pixel_images_in_sub_pixel_thresholds_and_rectangles(call):
    image = ObjectTuple([Image(np.full((1, 1, 1), 9, np.uint8), "byte")])
    (contours,) = call("threshold_sub_pix", image, 5)
    assert len(contours) == 0
    row, col, *_ = call("smallest_rectangle2", image)
    assert type(row[0]) is float and type(col[0]) is float


def test_fread_bytes_with_a_count_beyond_the_file(call, tmp_path):
    path = tmp_path / "three.bin"
    path.write_bytes(b"abc")
    (handle,) = call("open_file", str(path), "input_binary")
    data, eof = call("fread_bytes", handle, 2**63 - 1)
    assert data == (97, 98, 99) and eof == (1,)


def test_read_tuple_of_a_deeply_nested_string_is_a_damaged_file(call, tmp_path):
    path = tmp_path / "deep.tup"
    path.write_text("HDLITE-TUPLE 1\n1\ns " + "[" * 100000 + "\n", encoding="utf-8")
    assert call.code("read_tuple", str(path)) == 5757


def test_a_range_beyond_memory_is_error_6001(run_script):
    result = run_script("T := [0:9223372036854775807]\n")
    assert result.error is not None and result.error.code == 6001
    result = run_script("T := [0.0:1e300]\n")
    assert result.error is not None and result.error.code == 6001
