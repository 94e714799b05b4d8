"""Camera parameters, projection and back-projection onto a world plane, by hand."""

from __future__ import annotations

import numpy as np


def _division(call, kappa=0.0):
    return call("gen_cam_par_area_scan_division", 0.01, kappa, 1e-5, 1e-5, 320.0, 240.0, 640, 480)[
        0
    ]


def test_gen_and_query(call):
    cam = _division(call)
    assert cam == ("area_scan_division", 0.01, 0.0, 1e-5, 1e-5, 320.0, 240.0, 640, 480)
    assert call("get_cam_par_data", cam, ("camera_type", "focus", "image_width")) == (
        ("area_scan_division", 0.01, 640),
    )
    assert call.code("get_cam_par_data", cam, "k1") == 1302
    (poly,) = call(
        "gen_cam_par_area_scan_polynomial", 0.01, 1, 2, 3, 4, 5, 1e-5, 1e-5, 320.0, 240.0, 640, 480
    )
    assert poly[0] == "area_scan_polynomial" and poly[2:7] == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert call("get_cam_par_data", poly, "p2") == ((5.0,),)
    assert call.code("gen_cam_par_area_scan_division", 0.01, 0, -1e-5, 1e-5, 3, 2, 6, 4) == 1303


def test_cam_par_to_cam_mat(call):
    mat, w, h = call("cam_par_to_cam_mat", _division(call))
    assert np.allclose(mat, (1000.0, 0.0, 320.0, 0.0, 1000.0, 240.0, 0.0, 0.0, 1.0))
    assert (w, h) == ((640,), (480,))
    assert call.code("cam_par_to_cam_mat", _division(call, -500.0)) == 1301


def test_project_3d_point_pinhole_and_distortion(call):
    cam = _division(call)
    # (0.01, 0.02, 1) m -> image plane (1e-4, 2e-4) m -> 10 px right, 20 px down
    rows, cols = call("project_3d_point", (0.01, 0.0), (0.02, 0.0), (1.0, 2.0), cam)
    assert np.allclose(rows, [260, 240]) and np.allclose(cols, [330, 320])
    kappa = -2000.0
    rows, cols = call("project_3d_point", 0.1, 0.0, 1.0, _division(call, kappa))
    u_undist = 1e-3  # 0.01 * 0.1
    u = 2 * u_undist / (1 + np.sqrt(1 - 4 * kappa * u_undist**2))
    assert np.isclose(cols[0], 320 + u / 1e-5) and rows == (240.0,)
    # the division model undoes exactly: u / (1 + kappa u^2) == u_undist
    assert np.isclose(u / (1 + kappa * u * u), u_undist)
    assert call.code("project_3d_point", 0.0, 0.0, 0.0, cam) == 1303


def test_polynomial_round_trip_through_the_world_plane(call):
    (cam,) = call(
        "gen_cam_par_area_scan_polynomial",
        0.012, -800.0, 2e5, 0.0, 0.3, -0.2, 6e-6, 6e-6, 330.0, 250.0, 640, 480,
    )  # fmt: skip
    (pose,) = call("create_pose", -0.02, 0.01, 0.4, 10, -5, 30, "Rp+T", "gba", "point")
    xs, ys = (0.0, 0.03, -0.02, 0.01), (0.0, 0.01, 0.02, -0.03)
    (m,) = call("pose_to_hom_mat3d", pose)
    cx, cy, cz = call("affine_trans_point_3d", m, xs, ys, (0.0,) * 4)
    rows, cols = call("project_3d_point", cx, cy, cz, cam)
    wx, wy = call("image_points_to_world_plane", cam, pose, rows, cols, "m")
    assert np.allclose(wx, xs, atol=1e-9) and np.allclose(wy, ys, atol=1e-9)
    wx_mm, _ = call("image_points_to_world_plane", cam, pose, rows, cols, "mm")
    assert np.allclose(wx_mm, np.array(xs) * 1000, atol=1e-6)
    assert call.code("image_points_to_world_plane", cam, pose, rows, cols, "inch") == 1305


def test_world_plane_straight_down(call):
    cam = _division(call)
    (pose,) = call("create_pose", 0, 0, 0.5, 0, 0, 0, "Rp+T", "gba", "point")
    # 100 px right of the centre: 1e-3 m on the chip, f = 0.01 m, 0.5 m away -> 0.05 m
    x, y = call("image_points_to_world_plane", cam, pose, (240.0, 340.0), (420.0, 320.0), "cm")
    assert np.allclose(x, [5.0, 0.0]) and np.allclose(y, [0.0, 5.0])


def test_telecentric(call):
    (cam,) = call(
        "gen_cam_par_area_scan_telecentric_division", 0.5, 0.0, 1e-5, 1e-5, 320.0, 240.0, 640, 480
    )
    rows, cols = call("project_3d_point", 0.002, 0.001, 7.0, cam)
    assert np.allclose([rows[0], cols[0]], [290, 420])
    (pose,) = call("create_pose", 0, 0, 1, 0, 0, 0, "Rp+T", "gba", "point")
    x, y = call("image_points_to_world_plane", cam, pose, rows, cols, "m")
    assert np.allclose([x[0], y[0]], [0.002, 0.001])


def test_cam_par_files(call, tmp_path):
    for cam in (
        _division(call, -1234.5),
        call("gen_cam_par_area_scan_polynomial", 0.01, 1, 2, 3, 4, 5, 1e-5, 1.1e-5, 3.0, 2.0, 6, 4)[
            0
        ],
        call("gen_cam_par_area_scan_telecentric_division", 0.3, 10.0, 1e-5, 1e-5, 3.0, 2.0, 6, 4)[
            0
        ],
    ):
        path = str(tmp_path / "cam.dat")
        call("write_cam_par", cam, path)
        assert "ParGroup: Camera: Parameter;" in (tmp_path / "cam.dat").read_text()
        assert call("read_cam_par", path) == (cam,)
    assert call.code("read_cam_par", str(tmp_path / "none.dat")) == 5200
    (tmp_path / "bad.dat").write_text("Focus:foc: 0.01;\n")
    assert call.code("read_cam_par", str(tmp_path / "bad.dat")) == 5238
    legacy = (0.01, 0.0, 1e-5, 1e-5, 320.0, 240.0, 640, 480)
    rows, _ = call("project_3d_point", 0.0, 0.02, 1.0, legacy)
    assert np.allclose(rows, [260])
