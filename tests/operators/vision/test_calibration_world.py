"""The older calibration operators (find_caltab, find_marks_and_pose, camera_calibration)
and rectification onto a world plane (gen_image_to_world_plane_map, map_image,
image_to_world_plane), on plates rendered by sim_caltab."""

from __future__ import annotations

import numpy as np
import pytest

CAM = ("area_scan_division", 0.012, -2000.0, 5.2e-6, 5.2e-6, 322.0, 243.0, 640, 480)
START = ("area_scan_division", 0.0125, 0.0, 5.2e-6, 5.2e-6, 320.0, 240.0, 640, 480)
POSES = [
    (0.0, 0.0, 0.26, 5, -5, 10, 0),
    (0.016, 0.011, 0.27, -20, 10, 100, 0),
    (-0.016, 0.011, 0.27, 15, -20, 200, 0),
    (-0.016, -0.011, 0.27, 20, 15, 300, 0),
    (0.012, -0.007, 0.28, -15, -20, 30, 0),
    (0.0, 0.0, 0.25, -35, -20, 70, 0),
]


@pytest.fixture
def descr(call, tmp_path):
    path = str(tmp_path / "plate.descr")
    call("gen_caltab", 7, 7, 0.00375, 0.5, path, str(tmp_path / "plate.ps"))
    return path


def test_find_caltab_and_marks_then_camera_calibration(call, descr):
    x, y, z = call("caltab_points", descr)
    rows, cols, starts = [], [], []
    for pose in POSES:
        (img,) = call("sim_caltab", descr, CAM, pose, 30, 220, 20, 0.5)
        (region,) = call("find_caltab", img, descr, 3, 112, 5)
        ((area,), (r0,), (c0,)) = call("area_center", region)
        (pr,), (pc,) = call("project_3d_point", pose[0], pose[1], pose[2], CAM)
        assert abs(r0 - pr) < 8 and abs(c0 - pc) < 8 and area > 20000
        r, c, start = call(
            "find_marks_and_pose", img, region, descr, START, 128, 10, 18, 0.9, 15, 100
        )
        assert len(r) == 49 and len(start) == 7
        rows += r
        cols += c
        starts += start
    cam, final, errors = call(
        "camera_calibration", x, y, z, tuple(rows), tuple(cols), START, tuple(starts), "all"
    )
    assert errors[0] < 0.1
    assert abs(cam[1] - 0.012) < 0.012 * 0.005 and abs(cam[2] + 2000) < 200
    assert abs(cam[5] - 322) < 3 and abs(cam[6] - 243) < 3
    assert len(final) == 7 * len(POSES)
    assert np.allclose(final[7:10], POSES[1][:3], atol=5e-4)
    # only the poses: the camera stays as given
    cam2, _, errors2 = call(
        "camera_calibration", x, y, z, tuple(rows), tuple(cols), CAM, tuple(starts), "pose"
    )
    assert cam2 == CAM and errors2[0] < 0.1
    assert (
        call.code(
            "camera_calibration", x, y, z, tuple(rows), tuple(cols), START, tuple(starts), "alpha"
        )
        == 1308
    )


def test_find_caltab_without_plate(call, descr):
    from hdlite.plugin import Image, ObjectTuple

    blank = ObjectTuple([Image(np.full((480, 640), 200, np.uint8), "byte")])
    assert call.code("find_caltab", blank, descr, 3, 112, 5) == 8402
    assert call.code("find_caltab", blank, descr, 4, 112, 5) == 1302


def test_world_plane_rectification_and_points(call, descr):
    # the plate seen at a tilt; its own pose, shifted to the upper left frame corner, is the
    # world frame: the rectified image shows the plate frontally, 0.1 mm per pixel
    pose = (0.001, -0.002, 0.28, 15, -10, 5, 0)
    (img,) = call("sim_caltab", descr, CAM, pose, 30, 220, 20, 0.5)
    (world,) = call("set_origin_pose", pose, -0.015, -0.015, 0.0)
    (mapped_pose,) = call("image_to_world_plane", img, CAM, world, 300, 300, 0.0001, "bilinear")
    out = mapped_pose[0].data[0]
    # mark (0, 0) of the plate is at world (15 mm, 15 mm): pixel (150, 150); dark there
    assert out[150, 150] < 60 and out[150 + 19, 150] > 180  # between two marks: plate
    # the frame: 0.9375 mm wide from the world origin
    assert out[5, 150] < 60 and out[150, 5] < 60 and out[15, 150] > 180
    for map_type in ("bilinear", "nearest_neighbor", "coord_map_sub_pix"):
        (m,) = call(
            "gen_image_to_world_plane_map", CAM, world, 640, 480, 300, 300, 0.0001, map_type
        )
        (mapped,) = call("map_image", img, m)
        diff = np.abs(mapped[0].data[0].astype(int) - out.astype(int))
        assert np.mean(diff) < (1.0 if map_type != "nearest_neighbor" else 6.0)
    # image points of the marks back to the world plane, in mm
    x, y, z = call("caltab_points", descr)
    (hom,) = call("pose_to_hom_mat3d", pose)
    px, py, pz = call("affine_trans_point_3d", hom, x, y, z)
    rows, cols = call("project_3d_point", px, py, pz, CAM)
    wx, wy = call("image_points_to_world_plane", CAM, world, rows, cols, "mm")
    assert np.allclose(wx, np.add(x, 0.015) * 1000, atol=1e-6)
    assert np.allclose(wy, np.add(y, 0.015) * 1000, atol=1e-6)
    assert (
        call.code("gen_image_to_world_plane_map", CAM, world, 640, 480, 0, 300, 0.001, "bilinear")
        == 1305
    )
    assert call.code("image_to_world_plane", img, CAM, world, 30, 30, "inch", "bilinear") == 1305


def test_sizes_beyond_memory_or_range(call, descr, tmp_path):
    """Huge sizes and counts: HALCON's wrong-value error (beyond 2^31 - 1) or 6001 (beyond
    memory), before anything is allocated; a region where an image is expected is 9054."""
    from hdlite.plugin import ObjectTuple, Region

    pose = (0.0, 0.0, 0.3, 0, 0, 0, 0)
    none = ObjectTuple([])
    for args, code in (((2**63 - 1, 480), 1303), ((640, 10**25), 1304), ((2**31, 480), 1303)):
        assert call.code("image_to_world_plane", none, CAM, pose, *args, "m", "bilinear") == code
    side = 2**31 - 1
    assert call.code("image_to_world_plane", none, CAM, pose, side, side, "m", "bilinear") == 6001
    big = (CAM, pose, 640, 480, 2**31 - 1, 2**31 - 1, "m", "bilinear")
    assert call.code("gen_image_to_world_plane_map", *big) == 6001
    wide = (CAM, pose, 2**20, 2**20, 10, 10, "m", "nearest_neighbor")
    assert call.code("gen_image_to_world_plane_map", *wide) == 1303  # int4 index range
    ps = str(tmp_path / "p.ps")
    assert call.code("gen_caltab", 2**63, 7, 0.01, 0.5, str(tmp_path / "p.descr"), ps) == 6001
    assert call.code("gen_caltab", 7, 10**25, 0.01, 0.5, str(tmp_path / "p.descr"), ps) == 6001
    assert call.code("create_calib_data", "calibration_object", 2**63, 1) == 6001
    assert call.code("create_calib_data", "calibration_object", 1, 10**25) == 6001
    (cid,) = call("create_calib_data", "calibration_object", 100000, 2)
    assert call("get_calib_data", cid, "model", "general", "num_cameras") == ((100000,),)
    empty = ObjectTuple([Region.from_mask(np.zeros((0, 0), bool), 0, 0)])
    assert call.code("find_caltab", empty, descr, 3, 112, 5) == 9054
