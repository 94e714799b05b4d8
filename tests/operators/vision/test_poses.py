"""3-D poses and homogeneous 3-D matrices against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest


def _mat(values) -> np.ndarray:
    return np.vstack([np.asarray(values, dtype=float).reshape(3, 4), [0, 0, 0, 1]])


def test_create_pose_type_codes(call):
    (pose,) = call("create_pose", 1, 2, 3, 10, 20, 30, "Rp+T", "gba", "point")
    assert pose == (1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 0)
    codes = {
        ("Rp+T", "abg", "point"): 2,
        ("Rp+T", "rodriguez", "point"): 4,
        ("R(p-T)", "gba", "point"): 1,
        ("Rp+T", "gba", "coordinate_system"): 8,
        ("R(p-T)", "rodriguez", "coordinate_system"): 13,
    }
    for kinds, code in codes.items():
        (p,) = call("create_pose", 0, 0, 0, 0, 0, 0, *kinds)
        assert p[6] == code
        assert call("get_pose_type", p) == tuple((k,) for k in kinds)
    assert call.code("create_pose", 0, 0, 0, 0, 0, 0, "Rp+T", "xyz", "point") == 1308


def test_pose_to_hom_mat3d_by_hand(call):
    # 90 degrees about x: y -> z, z -> -y; then the translation
    (pose,) = call("create_pose", 1, 2, 3, 90, 0, 0, "Rp+T", "gba", "point")
    (m,) = call("pose_to_hom_mat3d", pose)
    assert np.allclose(m, [1, 0, 0, 1, 0, 0, -1, 2, 0, 1, 0, 3], atol=1e-12)
    qx, qy, qz = call("affine_trans_point_3d", m, (0.0, 1.0), (1.0, 0.0), (0.0, 0.0))
    assert np.allclose([qx, qy, qz], [[1, 2], [2, 2], [4, 3]])


def test_gba_and_abg_orders(call):
    a, b, g = 30.0, 40.0, 50.0
    ra, rb, rg = (math.radians(x) for x in (a, b, g))

    def rx(t):
        return np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])

    def ry(t):
        return np.array([[math.cos(t), 0, math.sin(t)], [0, 1, 0], [-math.sin(t), 0, math.cos(t)]])

    def rz(t):
        return np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])

    (gba,) = call("create_pose", 0, 0, 0, a, b, g, "Rp+T", "gba", "point")
    (abg,) = call("create_pose", 0, 0, 0, a, b, g, "Rp+T", "abg", "point")
    assert np.allclose(_mat(call("pose_to_hom_mat3d", gba)[0])[:3, :3], rx(ra) @ ry(rb) @ rz(rg))
    assert np.allclose(_mat(call("pose_to_hom_mat3d", abg)[0])[:3, :3], rz(rg) @ ry(rb) @ rx(ra))
    # Rodriguez: axis z, tan(45 deg / 2)
    (rod,) = call(
        "create_pose", 0, 0, 0, 0, 0, math.tan(math.radians(22.5)), "Rp+T", "rodriguez", "point"
    )
    assert np.allclose(_mat(call("pose_to_hom_mat3d", rod)[0])[:3, :3], rz(math.radians(45)))


def test_hom_mat3d_to_pose_round_trip_and_range(call):
    (pose,) = call("create_pose", 0.1, -0.2, 0.5, -10, 20, 200, "Rp+T", "gba", "point")
    (m,) = call("pose_to_hom_mat3d", pose)
    (back,) = call("hom_mat3d_to_pose", m)
    assert np.allclose(back[:6], [0.1, -0.2, 0.5, 350, 20, 200])
    assert back[6] == 0
    (scaled,) = call("hom_mat3d_scale", m, 2, 2, 2, 0, 0, 0)
    assert call.code("hom_mat3d_to_pose", scaled) == 1301


@pytest.mark.parametrize(
    "kinds",
    [
        ("R(p-T)", "gba", "point"),
        ("Rp+T", "abg", "coordinate_system"),
        ("R(p-T)", "rodriguez", "point"),
        ("Rp+T", "rodriguez", "coordinate_system"),
    ],
)
def test_convert_pose_type_keeps_the_transformation(call, kinds):
    (pose,) = call("create_pose", 0.3, 0.1, -0.4, 15, 70, 120, "Rp+T", "gba", "point")
    (other,) = call("convert_pose_type", pose, *kinds)
    assert call("get_pose_type", other) == tuple((k,) for k in kinds)
    m1 = call("pose_to_hom_mat3d", pose)[0]
    m2 = call("pose_to_hom_mat3d", other)[0]
    assert np.allclose(m1, m2, atol=1e-10)


def test_r_p_minus_t_by_hand(call):
    # p' = R (p - T): with R = 90 degrees about z and T = (1, 0, 0), the point T maps to 0
    (pose,) = call("create_pose", 1, 0, 0, 0, 0, 90, "R(p-T)", "gba", "point")
    (m,) = call("pose_to_hom_mat3d", pose)
    q = call("affine_trans_point_3d", m, 1.0, 0.0, 0.0)
    assert np.allclose(q, [[0], [0], [0]], atol=1e-12)
    (cs,) = call("create_pose", 0, 0, 0, 0, 0, 90, "Rp+T", "gba", "coordinate_system")
    q = call("affine_trans_point_3d", call("pose_to_hom_mat3d", cs)[0], 1.0, 0.0, 0.0)
    assert np.allclose(q, [[0], [-1], [0]], atol=1e-12)  # the opposite direction of rotation


def test_pose_compose_and_invert(call):
    (a,) = call("create_pose", 1, 0, 0, 0, 0, 90, "Rp+T", "gba", "point")
    (b,) = call("create_pose", 0, 2, 0, 0, 0, 0, "Rp+T", "gba", "point")
    (ab,) = call("pose_compose", a, b)
    # b first: (0, 2, 0); then rotate 90 about z: (-2, 0, 0); then + (1, 0, 0)
    assert np.allclose(ab, [-1, 0, 0, 0, 0, 90, 0], atol=1e-12)
    (inv,) = call("pose_invert", a)
    (ident,) = call("pose_compose", a, inv)
    assert np.allclose(ident[:3], 0, atol=1e-12)
    assert all(abs(x) < 1e-9 or abs(x - 360) < 1e-9 for x in ident[3:6])
    (two,) = call("pose_invert", a + b)
    assert len(two) == 14 and np.allclose(two[7:10], [0, -2, 0])
    (mixed,) = call("pose_compose", call("convert_pose_type", a, "Rp+T", "abg", "point")[0], b)
    assert mixed[6] == 0
    assert call.code("pose_invert", (1, 2, 3)) == 1401
    assert call.code("pose_invert", (0, 0, 0, 0, 0, 0, 6)) == 1301


def test_set_origin_pose(call):
    (a,) = call("create_pose", 1, 0, 0, 0, 0, 90, "Rp+T", "gba", "point")
    (moved,) = call("set_origin_pose", a, 1, 0, 0)
    assert np.allclose(moved, [1, 1, 0, 0, 0, 90, 0], atol=1e-12)


def test_write_and_read_pose(call, tmp_path):
    (pose,) = call("create_pose", 0.1, 0.2, 0.3, 1.5, 2.5, 359.25, "Rp+T", "abg", "point")
    path = str(tmp_path / "campose.dat")
    call("write_pose", pose, path)
    text = (tmp_path / "campose.dat").read_text()
    assert "f 2" in text and text.splitlines()[0] == "#"
    assert call("read_pose", path) == (pose,)
    assert call("read_pose", str(tmp_path / "campose")) == (pose,)  # .dat appended
    assert call.code("read_pose", str(tmp_path / "missing.dat")) == 5200
    (tmp_path / "bad.dat").write_text("hello\n")
    assert call.code("read_pose", str(tmp_path / "bad.dat")) == 5238


def test_hom_mat3d_operations(call):
    (ident,) = call("hom_mat3d_identity")
    assert ident == (1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    (t,) = call("hom_mat3d_translate", ident, 1, 2, 3)
    (r,) = call("hom_mat3d_rotate", t, math.pi / 2, "z", 0, 0, 0)
    # translate then rotate about the global z axis: (1, 2, 3) -> (-2, 1, 3)
    assert np.allclose(call("affine_trans_point_3d", r, 0, 0, 0), [[-2], [1], [3]])
    (rl,) = call("hom_mat3d_rotate_local", t, math.pi / 2, "z")
    assert np.allclose(call("affine_trans_point_3d", rl, 1, 0, 0), [[1], [3], [3]])
    (tl,) = call("hom_mat3d_translate_local", rl, 1, 0, 0)
    assert np.allclose(call("affine_trans_point_3d", tl, 0, 0, 0), [[1], [3], [3]])
    (axis,) = call("hom_mat3d_rotate", ident, math.pi, (1.0, 1.0, 0.0), 0, 0, 0)
    assert np.allclose(call("affine_trans_point_3d", axis, 1, 0, 0), [[0], [1], [0]], atol=1e-12)
    (s,) = call("hom_mat3d_scale", ident, 2, 3, 4, 1, 1, 1)
    assert np.allclose(call("affine_trans_point_3d", s, 2, 2, 2), [[3], [4], [5]])
    (sl,) = call("hom_mat3d_scale_local", t, 2, 2, 2)
    assert np.allclose(call("affine_trans_point_3d", sl, 1, 1, 1), [[3], [4], [5]])
    (c,) = call("hom_mat3d_compose", r, s)
    assert np.allclose(_mat(c), _mat(r) @ _mat(s))
    (inv,) = call("hom_mat3d_invert", c)
    assert np.allclose(_mat(inv) @ _mat(c), np.eye(4))
    (tr,) = call("hom_mat3d_transpose", t)
    assert len(tr) == 16 and tr[12:15] == (1.0, 2.0, 3.0) and tr[15] == 1.0
    assert call("hom_mat3d_determinant", s)[0][0] == pytest.approx(24.0)
    assert call.code("hom_mat3d_rotate", ident, 1.0, "w", 0, 0, 0) == 1303
    assert call.code("hom_mat3d_invert", (0.0,) * 12) == 1301
    assert call("affine_trans_point_3d", ident, (), (), ()) == ((), (), ())


def test_projections_with_hom_mat3d(call):
    p = (100.0, 0, 50, 0, 0, 100, 40, 0, 0, 0, 1, 0)  # f = 100, centre (50, 40)
    qx, qy = call("project_point_hom_mat3d", p, (1.0, 0.0), (0.0, 2.0), (2.0, 4.0))
    assert np.allclose(qx, [100, 50]) and np.allclose(qy, [40, 90])
    hx, hy, hw = call("project_hom_point_hom_mat3d", p, 1.0, 0.0, 2.0, 1.0)
    assert np.allclose([hx[0] / hw[0], hy[0] / hw[0]], [100, 40])
    proj = (1.0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0)  # w = z
    assert np.allclose(call("projective_trans_point_3d", proj, 4, 6, 2), [[2], [3], [1]])
