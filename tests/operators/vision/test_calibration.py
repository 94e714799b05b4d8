"""Camera calibration end to end on synthetic plate images: gen_caltab writes the plate,
sim_caltab renders it with a known camera at known poses (then blur and noise), and
find_calib_object + calibrate_cameras must give the camera and the poses back."""

from __future__ import annotations

import io

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.plugin import Image, ObjectTuple
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.runtime.session import Session

TRUE_CAM = ("area_scan_division", 0.012, -3000.0, 5.2e-6, 5.2e-6, 330.0, 250.0, 640, 480)
START_CAM = ("area_scan_division", 0.0125, 0.0, 5.2e-6, 5.2e-6, 320.0, 240.0, 640, 480)
POSES = [
    (0.0, 0.0, 0.26, 5, -5, 10, 0),
    (0.016, 0.011, 0.27, -20, 10, 100, 0),
    (-0.016, 0.011, 0.27, 15, -20, 200, 0),
    (-0.016, -0.011, 0.27, 20, 15, 300, 0),
    (0.016, -0.011, 0.27, -15, -20, 30, 0),
    (0.0, 0.0, 0.25, -35, -20, 70, 0),
    (0.006, 0.0, 0.26, 5, 35, 150, 0),
    (-0.006, 0.0, 0.26, 30, 0, 250, 0),
]


def _caller(host):
    session = Session(out=io.StringIO())

    def call(name, *inputs):
        op = host.registry.get(name)
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    return call


def _noisy(image: ObjectTuple, seed: int) -> ObjectTuple:
    from scipy import ndimage

    data = ndimage.gaussian_filter(image[0].data[0].astype(float), 0.7)
    data += np.random.default_rng(seed).normal(0.0, 1.5, data.shape)
    return ObjectTuple([Image(np.clip(np.rint(data), 0, 255).astype(np.uint8), "byte")])


@pytest.fixture(scope="module")
def scene(host, tmp_path_factory):
    """The plate description and one noisy image per pose."""
    call = _caller(host)
    folder = tmp_path_factory.mktemp("calib")
    descr, ps = str(folder / "caltab_30mm.descr"), str(folder / "caltab.ps")
    call("gen_caltab", 7, 7, 0.00375, 0.5, descr, ps)
    images = []
    for i, pose in enumerate(POSES):
        (sim,) = call("sim_caltab", descr, TRUE_CAM, pose, 40, 210, 25, 0.5)
        images.append(_noisy(sim, i))
    return descr, ps, images


def _pose_matrix(call, pose):
    (m,) = call("pose_to_hom_mat3d", pose)
    return np.vstack([np.reshape(m, (3, 4)), [0, 0, 0, 1]])


def test_gen_caltab_writes_halcons_description(scene, call):
    descr, ps, _ = scene
    text = open(descr).read()
    assert "r 7\n" in text and "c 7\n" in text
    assert "o -0.015375 0.015375 0.015375 -0.015375" in text  # rim: MarkDist / 10
    assert "i -0.015 0.015 0.015 -0.015" in text
    assert "t -0.015 -0.01125 -0.01125 -0.015" in text
    assert "w 0.0009375" in text
    assert "-0.01125 -0.01125 0.0009375" in text
    assert open(ps).read().startswith("%!PS")
    x, y, z = call("caltab_points", descr)
    assert len(x) == 49 and x[:2] == (-0.01125, -0.0075) and y[7] == -0.0075
    assert set(z) == {0.0} and abs(sum(x)) < 1e-12 and abs(sum(y)) < 1e-12


def test_gen_caltab_wrong_values(call, tmp_path):
    d, p = str(tmp_path / "a.descr"), str(tmp_path / "a.ps")
    assert call.code("gen_caltab", 1, 7, 0.01, 0.5, d, p) == 1301
    assert call.code("gen_caltab", 7, 7, 0.0, 0.5, d, p) == 1303
    assert call.code("gen_caltab", 7, 7, 0.01, 1.0, d, p) == 1304
    assert call.code("caltab_points", str(tmp_path / "missing.descr")) == 8414
    (tmp_path / "bad.descr").write_text("r 7\nc 7\n0 0 0.001\n")
    assert call.code("caltab_points", str(tmp_path / "bad.descr")) == 8405


def test_sim_caltab_draws_the_plate(scene, call):
    descr, _, _ = scene
    (sim,) = call("sim_caltab", descr, TRUE_CAM, (0.0, 0.0, 0.3, 0, 0, 0, 0), 40, 210, 25, 0.5)
    img = sim[0].data[0]
    assert img.dtype == np.uint8 and img.shape == (480, 640)
    assert img[5, 5] == 40  # background
    assert img[250, 330] == 25  # the middle mark lies on the optical axis
    (row,), (col,) = call("project_3d_point", 0.001875, 0.001875, 0.3, TRUE_CAM)
    assert img[round(row), round(col)] == 210  # plate between the four central marks
    (row,), (col,) = call("project_3d_point", 0.0075, 0.0, 0.3, TRUE_CAM)
    assert img[round(row), round(col)] == 25  # two marks to the right
    (row,), (col,) = call("project_3d_point", -0.0145, -0.0145, 0.3, TRUE_CAM)
    assert img[round(row), round(col)] == 25  # the black frame


def test_find_and_calibrate_recovers_camera_and_poses(scene, call):
    descr, _, images = scene
    (cid,) = call("create_calib_data", "calibration_object", 1, 1)
    call("set_calib_data_cam_param", cid, 0, (), START_CAM)
    call("set_calib_data_calib_object", cid, 0, descr)
    for i, image in enumerate(images):
        call("find_calib_object", image, cid, 0, 0, i, (), ())
    rows, cols, index, start = call("get_calib_data_observ_points", cid, 0, 0, 1)
    assert len(rows) == 49 and index == tuple(range(49))
    # the start pose (start camera, 4 % longer focus) is close; the centres are accurate
    assert np.allclose(start[:3], POSES[1][:3], rtol=0.06, atol=0.002)
    x, y, z = call("caltab_points", descr)
    m = _pose_matrix(call, POSES[1])
    p = m @ np.vstack([x, y, z, np.ones(49)])
    xyz = [tuple(float(v) for v in row) for row in p[:3]]
    tr, tc = call("project_3d_point", *xyz, TRUE_CAM)
    assert np.max(np.hypot(np.subtract(rows, tr), np.subtract(cols, tc))) < 0.1
    (error,) = call("calibrate_cameras", cid)
    assert 0.0 < error[0] < 0.1
    (cam,) = call("get_calib_data", cid, "camera", 0, "params")
    assert cam[0] == "area_scan_division"
    focus, kappa, sx, sy, cx, cy = cam[1:7]
    assert abs(focus - 0.012) < 0.012 * 0.005
    assert abs(kappa + 3000) < 3000 * 0.05
    assert abs(sx - 5.2e-6) < 5.2e-6 * 0.002 and sy == 5.2e-6
    assert abs(cx - 330) < 3 and abs(cy - 250) < 3
    assert cam[7:] == (640, 480)
    for i in (0, 3, 6):
        (pose,) = call("get_calib_data", cid, "calib_obj_pose", (0, i), "pose")
        assert np.allclose(pose[:3], POSES[i][:3], atol=5e-4)
        diff = _pose_matrix(call, pose)[:3, :3].T @ _pose_matrix(call, POSES[i])[:3, :3]
        assert np.degrees(np.arccos(np.clip((np.trace(diff) - 1) / 2, -1, 1))) < 0.5
    (dev,) = call("get_calib_data", cid, "camera", 0, "params_deviations")
    assert len(dev) == 6 and dev[3] == 0.0 and 0 < dev[0] < 1e-4
    (err2,) = call("get_calib_data", cid, "model", "general", "camera_calib_error")
    assert err2 == error
    (marks,) = call("get_calib_data_observ_contours", cid, "marks", 0, 0, 2)
    (frame,) = call("get_calib_data_observ_contours", cid, "caltab", 0, 0, 2)
    assert len(marks) == 49 and len(frame) == 1
    rr, cc = marks[24].rows, marks[24].cols
    rows2, cols2, _, _ = call("get_calib_data_observ_points", cid, 0, 0, 2)
    assert abs(rr.mean() - rows2[24]) < 0.5 and abs(cc.mean() - cols2[24]) < 0.5
    call("clear_calib_data", cid)
    assert call.code("get_calib_data", cid, "camera", 0, "params") == 2454


def test_excluded_settings_and_observ_points(scene, call):
    """Fix the principal point and Kappa; feed the marks through set_calib_data_observ_points."""
    descr, _, images = scene
    (cid,) = call("create_calib_data", "calibration_object", 1, 1)
    call("set_calib_data_cam_param", cid, 0, (), START_CAM)
    call("set_calib_data_calib_object", cid, 0, descr)
    call("set_calib_data", cid, "camera", 0, "excluded_settings", ("kappa", "principal_point"))
    (excl,) = call("get_calib_data", cid, "camera", 0, "excluded_settings")
    assert set(excl) == {"kappa", "cx", "cy"}
    (obj,) = call("create_calib_data", "calibration_object", 1, 1)
    call("set_calib_data_cam_param", obj, 0, (), START_CAM)
    call("set_calib_data_calib_object", obj, 0, descr)
    for i, image in enumerate(images[:4]):
        call("find_calib_object", image, obj, 0, 0, i, (), ())
        r, c, idx, pose = call("get_calib_data_observ_points", obj, 0, 0, i)
        call("set_calib_data_observ_points", cid, 0, 0, i, r, c, idx, pose)
    call("calibrate_cameras", cid)
    (cam,) = call("get_calib_data", cid, "camera", 0, "params")
    assert cam[2] == 0.0 and cam[5:7] == (320.0, 240.0)  # kept
    (start,) = call("get_calib_data", cid, "camera", 0, "init_params")
    assert start == START_CAM
    assert call("get_calib_data", cid, "calib_obj", 0, "num_marks") == ((49,),)
    assert call.code("get_calib_data_observ_contours", cid, "marks", 0, 0, 0) == 1302


def test_calib_data_wrong_values(scene, call):
    descr, _, images = scene
    assert call.code("create_calib_data", "hand_eye_moving_cam", 1, 1) == 1301
    (cid,) = call("create_calib_data", "calibration_object", 1, 1)
    assert call.code("find_calib_object", images[0], cid, 0, 0, 0, (), ()) == 1302
    call("set_calib_data_cam_param", cid, 0, (), START_CAM)
    call("set_calib_data_calib_object", cid, 0, descr)
    assert call.code("find_calib_object", images[0], cid, 0, 0, 0, "bogus", 1) == 1305
    assert call.code("calibrate_cameras", cid) == 1301
    assert call.code("get_calib_data", cid, "camera", 0, "nonsense") == 1304
    assert call.code("set_calib_data", cid, "camera", 0, "excluded_settings", "xyz") == 1305
    blank = ObjectTuple([Image(np.full((480, 640), 128, np.uint8), "byte")])
    assert call.code("find_calib_object", blank, cid, 0, 0, 0, (), ()) == 8402
    small = ObjectTuple([Image(np.zeros((100, 100), np.uint8), "byte")])
    assert call.code("find_calib_object", small, cid, 0, 0, 0, (), ()) == 8428
    tele = ("area_scan_telecentric_division", 0.1, 0.0, 5e-6, 5e-6, 320.0, 240.0, 640, 480)
    assert call.code("set_calib_data_cam_param", cid, 0, (), tele) == 1304
    with pytest.raises(HalconError):
        call("set_calib_data_calib_object", cid, 0, (1.0, 2.0))
