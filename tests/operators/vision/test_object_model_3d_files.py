"""3-D object model files (PLY ASCII/binary, OFF, OBJ, om3), serialization, projection and
display."""

from __future__ import annotations

import math

import numpy as np
import pytest

CAM = ("area_scan_division", 0.01, 0.0, 1e-5, 1e-5, 320.0, 240.0, 640, 480)


def _mesh(call):
    """A tetrahedron with normals, triangles and a point attribute."""
    pts = np.array([[0.0, 0, 0], [0.1, 0, 0], [0, 0.2, 0], [0, 0, 0.3]])
    cols = (tuple(float(v) for v in pts[:, i]) for i in range(3))
    (h,) = call("gen_object_model_3d_from_points", *cols)
    names = ("point_normal_x", "point_normal_y", "point_normal_z")
    normals = (0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0)
    (h,) = call("set_object_model_3d_attrib", h, names, (), normals)
    (h,) = call(
        "set_object_model_3d_attrib", h, "triangles", (), (0, 1, 2, 0, 1, 3, 0, 2, 3, 1, 2, 3)
    )
    (h,) = call("set_object_model_3d_attrib", h, "&intensity", "points", (1.0, 2.0, 3.5, 4.0))
    return h[0]


def _all(call, h):
    names = ("num_points", "point_coord_x", "point_coord_y", "point_coord_z", "triangles")
    return call("get_object_model_3d_params", h, names)[0]


@pytest.mark.parametrize("kind", ["om3", "ply", "ply_binary", "off", "obj"])
def test_round_trips_are_exact(call, tmp_path, kind):
    h = _mesh(call)
    ext = {"ply_binary": "ply"}.get(kind, kind)
    path = str(tmp_path / f"model.{ext}")
    call("write_object_model_3d", h, kind, path, (), ())
    back, status = call("read_object_model_3d", path, "m", (), ())
    assert status == ()
    assert _all(call, back[0]) == _all(call, h)
    if kind in ("om3", "ply", "ply_binary", "obj"):
        get = ("point_normal_x", "point_normal_z")
        assert call("get_object_model_3d_params", back[0], get) == call(
            "get_object_model_3d_params", h, get
        )
    if kind in ("om3", "ply", "ply_binary"):
        assert call("get_object_model_3d_params", back[0], "&intensity")[0] == (1.0, 2.0, 3.5, 4.0)
    # units: millimetres in the file become metres
    mm, _ = call("read_object_model_3d", path, "mm", (), ())
    x = call("get_object_model_3d_params", mm[0], "point_coord_x")[0]
    assert np.allclose(x, (0.0, 1e-4, 0.0, 0.0))


def test_om3_keeps_primitives_and_mapping(call, tmp_path):
    (box,) = call("gen_box_object_model_3d", (1, 2, 3, 10, 20, 30, 0), 1.0, 2.0, 3.0)
    path = str(tmp_path / "box.om3")
    call("write_object_model_3d", box[0], "om3", path, (), ())
    back, _ = call("read_object_model_3d", str(tmp_path / "box"), "m", (), ())
    names = ("primitive_type", "primitive_pose", "primitive_parameter")
    assert call("get_object_model_3d_params", back[0], names) == call(
        "get_object_model_3d_params", box[0], names
    )
    (item,) = call("serialize_object_model_3d", _mesh(call))
    (again,) = call("deserialize_object_model_3d", item)
    assert _all(call, again[0]) == _all(call, _mesh(call))


def test_file_errors(call, tmp_path):
    assert call.code("read_object_model_3d", str(tmp_path / "none.ply"), "m", (), ()) == 5200
    good = tmp_path / "good.om3"
    call("write_object_model_3d", _mesh(call), "om3", str(good), (), ())
    raw = bytearray(good.read_bytes())
    raw[-3] ^= 0xFF
    bad = tmp_path / "bad.om3"
    bad.write_bytes(bytes(raw))
    assert call.code("read_object_model_3d", str(bad), "m", (), ()) == 5238
    cut = tmp_path / "cut.ply"
    call("write_object_model_3d", _mesh(call), "ply_binary", str(cut), (), ())
    cut.write_bytes(cut.read_bytes()[:-20])
    assert call.code("read_object_model_3d", str(cut), "m", (), ()) == 5238
    (tmp_path / "junk.off").write_text("OFF\n3 1 0\n0 0 0\n1 1\n")
    assert call.code("read_object_model_3d", str(tmp_path / "junk.off"), "m", (), ()) == 5238
    assert call.code("read_object_model_3d", str(good), "km", (), ()) == 1302
    assert call.code("write_object_model_3d", _mesh(call), "stl", str(good), (), ()) == 1302


def test_projection_and_xyz_images(call):
    h = _mesh(call)
    pose = (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0)
    (contours,) = call("project_object_model_3d", h, CAM, pose, (), ())
    assert len(contours) == 6  # the six edges of the tetrahedron
    rows, cols = call("project_3d_point", (0.1,), (0.0,), (1.0,), CAM)
    ends = {
        (round(float(r), 6), round(float(c), 6))
        for ct in contours
        for r, c in zip(ct.rows, ct.cols, strict=False)
    }
    assert (round(rows[0], 6), round(cols[0], 6)) in ends
    x, _y, z = call("object_model_3d_to_xyz", h, "cartesian", CAM, pose)
    img = z[0]
    assert img.domain.area() == 3  # (0, 0, 0) and (0, 0, 0.3) share the principal point
    assert math.isclose(float(img.data[0][240, 320]), 1.0)  # the nearer one wins
    assert math.isclose(float(x[0].data[0][240, 420]), 0.1)  # (0.1, 0, 0) -> column 420


def test_disp_object_model_3d_and_visualize(call, run_script):
    (win,) = call("open_window", 0, 0, 320, 240, 0, "invisible", "")
    (sphere,) = call("gen_sphere_object_model_3d", (0, 0, 0, 0, 0, 0, 0), 0.05)
    call("disp_object_model_3d", win, sphere, (), (), "color", "red")
    (img,) = call("dump_window_image", win)
    data = img[0].data
    red = (data[0] == 255) & (data[1] == 0)
    assert red.sum() > 20
    rr, cc = np.nonzero(red)
    assert abs(rr.mean() - 120) < 10 and abs(cc.mean() - 160) < 10  # centred automatically
    assert call.code("disp_object_model_3d", win, sphere, (), (), "color", "no_color") == 1306
    res = run_script(
        "dev_open_window (0, 0, 200, 150, 'black', WindowHandle)\n"
        "gen_box_object_model_3d ([0, 0, 0.5, 0, 0, 0, 0], 0.1, 0.1, 0.1, Box)\n"
        "visualize_object_model_3d (WindowHandle, Box, [], [], [], [], [], [], [], PoseOut)\n"
        "get_object_model_3d_params (Box, 'center', Center)\n"
    )
    assert res.error is None, res.error
    assert len(res["PoseOut"]) == 7


def test_primitive_outlines_project_like_points(call):
    (box,) = call("gen_box_object_model_3d", (0, 0, 0, 0, 0, 0, 0), 0.2, 0.2, 0.2)
    pose = (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0)
    (edges,) = call("project_object_model_3d", box[0], CAM, pose, (), ())
    assert len(edges) == 12 and all(len(e) == 2 for e in edges)
    rows, cols = call("project_3d_point", (0.1,), (0.1,), (0.9,), CAM)
    corners = {
        (round(float(r), 6), round(float(c), 6))
        for e in edges
        for r, c in zip(e.rows, e.cols, strict=True)
    }
    assert len(corners) == 8
    assert (round(rows[0], 6), round(cols[0], 6)) in corners
