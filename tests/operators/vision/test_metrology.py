"""2-D metrology on synthetic scenes with known geometry (anti-aliased shapes plus noise)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple

H, W = 240, 320


def _scene(inside, noise: float = 3.0, seed: int = 1, dark: float = 40, bright: float = 200):
    """A byte image: ``dark`` where ``inside(rows, cols)`` holds (8x8 supersampled per
    pixel, so edges are sub-pixel exact), ``bright`` elsewhere, plus Gaussian noise."""
    k = 8
    off = (np.arange(k) + 0.5) / k - 0.5
    rr = np.arange(H)[:, None, None, None] + off[None, None, :, None]
    cc = np.arange(W)[None, :, None, None] + off[None, None, None, :]
    cover = inside(rr, cc).mean(axis=(2, 3))
    img = bright + (dark - bright) * cover
    img = img + np.random.default_rng(seed).normal(0.0, noise, img.shape)
    data = np.clip(np.round(img), 0, 255).astype(np.uint8)
    return ObjectTuple([Image(data[None], "byte")])


def _disc(r0: float, c0: float, radius: float):
    return lambda r, c: (r - r0) ** 2 + (c - c0) ** 2 <= radius**2


def _model(call):
    (h,) = call("create_metrology_model")
    call("set_metrology_model_image_size", h, W, H)
    return h


def _result(call, h, index, what="all_param", instance="all"):
    return call("get_metrology_object_result", h, index, instance, "result_type", what)[0]


def test_circle_centre_and_radius(call):
    image = _scene(_disc(120.3, 161.7, 60.4))
    h = _model(call)
    (idx,) = call(
        "add_metrology_object_circle_measure", h, 118.0, 164.0, 57.0, 20.0, 5.0, 1.0, 30.0, (), ()
    )
    assert idx == (0,)
    call("apply_metrology_model", image, h)
    row, col, radius = _result(call, h, 0)
    # tolerance: 0.1 px for centre and radius (measured error: about 0.02 px)
    assert abs(row - 120.3) < 0.1 and abs(col - 161.7) < 0.1 and abs(radius - 60.4) < 0.1
    assert _result(call, h, 0, "radius") == (radius,)
    (score,) = _result(call, h, 0, "score")
    assert score > 0.9
    rows = call("get_metrology_object_result", h, 0, "all", "used_edges", "row")[0]
    cols = call("get_metrology_object_result", h, 0, "all", "used_edges", "column")[0]
    assert len(rows) == len(cols) >= 30
    dist = np.hypot(np.array(rows) - 120.3, np.array(cols) - 161.7) - 60.4
    assert np.abs(dist).max() < 0.5
    (contours,) = call("get_metrology_object_result_contour", h, 0, "all", 1.5)
    contour = contours[0]
    assert contour.closed
    assert abs(np.hypot(contour.rows - row, contour.cols - col) - radius).max() < 1e-9
    # the measure regions: 'measure_distance' 10 gives round(2 pi 57 / 10) = 36 regions
    assert call("get_metrology_object_param", h, 0, "num_measures") == ((36,),)
    regions, er, ec = call("get_metrology_object_measures", h, "all", "all")
    assert len(regions) == 36 and len(er) == len(ec) >= 36
    # the disc is dark on a bright background: outward edges are positive
    assert call("get_metrology_object_measures", h, "all", "negative")[1] == ()


def test_circle_polarity_and_no_edges(call):
    image = _scene(_disc(120.0, 160.0, 50.0))
    h = _model(call)
    call("add_metrology_object_circle_measure", h, 120, 160, 52, 15, 5, 1, 30, (), ())
    call("set_metrology_object_param", h, "all", "measure_transition", "negative")
    call("apply_metrology_model", image, h)
    assert _result(call, h, 0) == ()
    (contours,) = call("get_metrology_object_result_contour", h, "all", "all", 1.5)
    assert len(contours) == 0
    call("set_metrology_object_param", h, 0, "measure_transition", "positive")
    call("apply_metrology_model", image, h)
    assert abs(_result(call, h, 0, "radius")[0] - 50.0) < 0.1
    # a flat image has no edges at all
    flat = ObjectTuple([Image(np.full((1, H, W), 128, np.uint8), "byte")])
    call("apply_metrology_model", flat, h)
    assert _result(call, h, 0) == () and call("get_metrology_object_measures", h, 0, "all")[1] == ()


def test_line(call):
    # dark below the line row = 100 + 0.25 * (col - 160), bright above
    image = _scene(lambda r, c: r >= 100.0 + 0.25 * (c - 160.0))
    h = _model(call)
    (i,) = call("add_metrology_object_line_measure", h, 75, 40, 115, 280, 20, 5, 1, 30, (), ())
    call("apply_metrology_model", image, h)
    r0, c0, r1, c1 = _result(call, h, i[0])
    # the ends are the object's ends projected onto the fitted line
    assert (c0, c1) == pytest.approx((40.0, 280.0), abs=5.0)
    for r, c in ((r0, c0), (r1, c1)):
        assert abs(r - (100.0 + 0.25 * (c - 160.0))) < 0.1  # tolerance 0.1 px
    nr, nc = _result(call, h, i[0], "nr")[0], _result(call, h, i[0], "nc")[0]
    assert abs(nr * nr + nc * nc - 1) < 1e-9


def test_rectangle(call):
    r0, c0, phi, a, b = 118.4, 158.2, 0.2, 70.3, 40.6

    def inside(r, c):
        u = (c - c0) * math.cos(phi) - (r - r0) * math.sin(phi)
        v = (c - c0) * math.sin(phi) + (r - r0) * math.cos(phi)
        return (np.abs(u) <= a) & (np.abs(v) <= b)

    image = _scene(inside)
    h = _model(call)
    call("add_metrology_object_rectangle2_measure", h, 120, 156, 0.15, 68, 42, 15, 5, 1, 30, (), ())
    call("apply_metrology_model", image, h)
    row, col, p, l1, l2 = _result(call, h, 0)
    # tolerance: 0.1 px for position and half lengths, 0.005 rad for the angle
    assert abs(row - r0) < 0.1 and abs(col - c0) < 0.1
    assert abs(l1 - a) < 0.1 and abs(l2 - b) < 0.1 and abs(p - phi) < 0.005
    assert _result(call, h, 0, "phi") == (p,)
    neg = call(
        "get_metrology_object_result",
        h,
        0,
        "all",
        ("result_type", "angle_direction"),
        ("phi", "negative"),
    )[0]
    assert neg == (-p,)


def test_ellipse(call):
    r0, c0, phi, a, b = 121.0, 158.0, 0.5, 80.0, 45.0

    def inside(r, c):
        u = (c - c0) * math.cos(phi) - (r - r0) * math.sin(phi)
        v = (c - c0) * math.sin(phi) + (r - r0) * math.cos(phi)
        return (u / a) ** 2 + (v / b) ** 2 <= 1

    image = _scene(inside)
    h = _model(call)
    call("add_metrology_object_ellipse_measure", h, 120, 160, 0.45, 78, 47, 15, 5, 1, 30, (), ())
    call("apply_metrology_model", image, h)
    row, col, p, r1, r2 = _result(call, h, 0)
    assert abs(row - r0) < 0.1 and abs(col - c0) < 0.1 and abs(p - phi) < 0.01
    assert abs(r1 - a) < 0.15 and abs(r2 - b) < 0.15


def test_two_instances(call):
    # two concentric edges (ring): both circles are found as instances 0 and 1
    image = _scene(
        lambda r, c: (
            ((r - 120) ** 2 + (c - 160) ** 2 <= 55.2**2)
            & ((r - 120) ** 2 + (c - 160) ** 2 >= 45.7**2)
        )
    )
    h = _model(call)
    call(
        "add_metrology_object_circle_measure",
        h,
        120,
        160,
        50,
        15,
        3,
        1,
        30,
        ("num_instances", "measure_transition"),
        (2, "all"),
    )
    call("apply_metrology_model", image, h)
    radii = sorted(_result(call, h, 0, "radius"))
    assert len(radii) == 2
    assert abs(radii[0] - 45.7) < 0.1 and abs(radii[1] - 55.2) < 0.1
    assert len(_result(call, h, 0, "radius", 1)) == 1 and _result(call, h, 0, "radius", 5) == ()
    call("set_metrology_object_param", h, 0, "num_instances", 1)
    call("apply_metrology_model", image, h)
    assert len(_result(call, h, 0, "radius")) == 1


def test_generic_alignment_copy_and_files(call, tmp_path):
    image = _scene(_disc(130.0, 175.0, 40.0))
    h = _model(call)
    (i,) = call("add_metrology_object_generic", h, "circle", (110, 160, 40), 15, 5, 1, 30, (), ())
    call("set_metrology_model_param", h, "reference_system", (110, 160, 0))
    call("align_metrology_model", h, 130, 175, 0.3)
    assert call("get_metrology_object_param", h, i, "center")[0] == pytest.approx((130, 175))
    call("apply_metrology_model", image, h)
    assert _result(call, h, 0) == pytest.approx((130.0, 175.0, 40.0), abs=0.1)
    contour = call("get_metrology_object_model_contour", h, 0, 1.5)[0][0]
    assert abs(np.hypot(contour.rows - 130, contour.cols - 175) - 40).max() < 1e-9
    (dup,) = call("copy_metrology_model", h, "all")
    call("clear_metrology_object", h, 0)
    assert call("get_metrology_object_indices", h) == ((),)
    assert call("get_metrology_object_indices", dup) == ((0,),)
    path = str(tmp_path / "m.mtr")
    call("write_metrology_model", dup, path)
    (back,) = call("read_metrology_model", path)
    call("apply_metrology_model", image, back)
    assert _result(call, back, 0) == pytest.approx((130.0, 175.0, 40.0), abs=0.1)
    assert call("get_metrology_model_param", back, "reference_system") == ((110, 160, 0),)
    (tmp_path / "bad.mtr").write_text("{}")
    assert call.code("read_metrology_model", str(tmp_path / "bad.mtr")) == 8575
    call("clear_metrology_model", back)
    assert call.code("get_metrology_object_indices", back) == 2454


def test_parameters_and_errors(call):
    h = _model(call)
    (i,) = call("add_metrology_object_line_measure", h, 10, 10, 10, 110, 20, 5, 1, 30, (), ())
    get = lambda name: call("get_metrology_object_param", h, i, name)[0]  # noqa: E731
    assert get("measure_length1") == (20.0,) and get("min_score") == (0.7,)
    assert get("num_instances") == (1,) and get("distance_threshold") == (3.5,)
    assert get("measure_transition") == ("all",) and get("rand_seed") == (42,)
    assert get("object_type") == ("line",) and get("num_measures") == (10,)
    call("set_metrology_object_param", h, "all", ("num_measures", "min_score"), (4, 0.5))
    assert get("num_measures") == (4,) and get("min_score") == (0.5,)
    call("reset_metrology_object_param", h, "all")
    assert get("num_measures") == (10,) and get("min_score") == (0.7,)
    assert call.code("set_metrology_object_param", h, 0, "no_such_param", 1) == 1303
    assert call.code("set_metrology_object_param", h, 0, "min_score", 1.5) == 1304
    assert call.code("set_metrology_object_param", h, 0, "measure_select", "middle") == 1304
    assert call.code("set_metrology_object_param", h, 0, "measure_length1", 0.5) == 1304
    assert call.code("get_metrology_object_param", h, 0, "radius") == 1303
    assert call.code("set_metrology_object_param", h, 7, "min_score", 0.5) == 8572
    assert call.code("get_metrology_model_param", h, "camera_param") == 8579
    assert call.code("get_metrology_model_param", h, "plane_pose") == 8580
    assert call.code("set_metrology_model_param", h, "camera_param", 0.01) == 1302
    assert (
        call.code("add_metrology_object_circle_measure", h, 10, 10, -1, 20, 5, 1, 30, (), ())
        == 1304
    )
    assert call.code("get_metrology_object_result", h, 0, "all", "result_type", "radius") == 1305
    assert call("get_metrology_object_result", h, 0, "all", "result_type", "all_param") == ((),)
    (many,) = call(
        "add_metrology_object_circle_measure", h, (50, 60), (50, 70), 20, 10, 5, 1, 30, (), ()
    )
    assert many == (1, 2) and call("get_metrology_object_indices", h) == ((0, 1, 2),)


def test_circular_arc(call):
    # only the upper half of the disc's outline is measured (start_phi 0 to end_phi pi)
    image = _scene(_disc(150.0, 160.0, 50.3))
    h = _model(call)
    call(
        "add_metrology_object_circle_measure",
        h,
        151,
        161,
        48,
        15,
        5,
        1,
        30,
        ("start_phi", "end_phi"),
        (0.0, math.pi),
    )
    assert call("get_metrology_object_param", h, 0, ("start_phi", "end_phi")) == ((0.0, math.pi),)
    regions, _, _ = call("get_metrology_object_measures", h, 0, "all")
    assert all(c.rows[:4].mean() < 151 for c in regions)  # centres above the centre
    call("apply_metrology_model", image, h)
    row, col, radius = _result(call, h, 0)
    assert abs(row - 150) < 0.15 and abs(col - 160) < 0.15 and abs(radius - 50.3) < 0.1
    contour = call("get_metrology_object_result_contour", h, 0, "all", 1.5)[0][0]
    assert not contour.closed and contour.rows.max() <= row + 1e-9
    edge_rows = call("get_metrology_object_result", h, 0, "all", "used_edges", "row")[0]
    assert max(edge_rows) < 152
