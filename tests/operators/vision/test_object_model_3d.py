"""3-D object models on generated point sets: parameters by hand, transforms against the
pose operators, primitives, processing and selection."""

from __future__ import annotations

import math

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _cube_points(n: int = 11, size: float = 0.1) -> np.ndarray:
    """Points on the six faces of an axis-parallel cube [0, size]^3."""
    g = np.linspace(0.0, size, n)
    a, b = (v.ravel() for v in np.meshgrid(g, g))
    faces = []
    for fixed in (0.0, size):
        f = np.full_like(a, fixed)
        faces += [np.stack(t, 1) for t in ((f, a, b), (a, f, b), (a, b, f))]
    return np.unique(np.round(np.vstack(faces), 12), axis=0)


def _model(call, pts: np.ndarray):
    cols = (tuple(float(v) for v in pts[:, i]) for i in range(3))
    (h,) = call("gen_object_model_3d_from_points", *cols)
    return h[0]


def _params(call, h, *names):
    return call("get_object_model_3d_params", h, names)[0]


def test_params_by_hand(call):
    h = _model(call, np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [2.0, 4.0, 1.0]]))
    assert _params(call, h, "num_points") == (3,)
    assert _params(call, h, "point_coord_y") == (0.0, 1.0, 4.0)
    assert _params(call, h, "bounding_box1") == (0.0, 0.0, 1.0, 2.0, 4.0, 1.0)
    assert _params(call, h, "center") == (1.0, 2.0, 1.0)
    assert math.isclose(_params(call, h, "diameter")[0], math.sqrt(20))
    assert _params(call, h, "has_points", "has_triangles", "has_point_normals") == (
        "true",
        "false",
        "false",
    )
    assert call.code("get_object_model_3d_params", h, "point_normal_x") == 1302
    assert call.code("get_object_model_3d_params", h, "no_such_name") == 1302
    assert call.code("gen_object_model_3d_from_points", (1.0, 2.0), (1.0,), (1.0, 2.0)) == 1402
    (empty,) = call("gen_empty_object_model_3d")
    assert _params(call, empty[0], "num_points", "has_points") == (0, "false")


def test_xyz_images_and_back(call):
    x = np.arange(12, dtype=float).reshape(3, 4)
    y, z = x * 2, x + 100.0
    dom = Region.rectangle(1, 1, 2, 2)
    imgs = [ObjectTuple([Image(a, "real", dom)]) for a in (x, y, z)]
    (h,) = call("xyz_to_object_model_3d", *imgs)
    h = h[0]
    assert _params(call, h, "num_points") == (4,)
    assert _params(call, h, "point_coord_x") == (5.0, 6.0, 9.0, 10.0)
    assert _params(call, h, "mapping_row", "mapping_col") == (1, 1, 2, 2, 1, 2, 1, 2)
    _xi, _yi, zi = call("object_model_3d_to_xyz", h, "from_xyz_map", (), ())
    assert np.array_equal(zi[0].data[0][1:3, 1:3], z[1:3, 1:3])
    assert zi[0].domain.area() == 4
    bad = ObjectTuple([Image(x.astype(np.uint8), "byte")])
    assert call.code("xyz_to_object_model_3d", bad, imgs[1], imgs[2]) == 9007


def test_rigid_and_affine_match_the_pose_operators(call):
    pts = np.array([[0.1, 0.2, 0.3], [-0.4, 0.5, 0.0], [1.0, 0.0, -1.0]])
    h = _model(call, pts)
    pose = (0.1, -0.2, 0.5, 30.0, 45.0, 60.0, 0)
    (moved,) = call("rigid_trans_object_model_3d", h, pose)
    (mat,) = call("pose_to_hom_mat3d", pose)
    qx, qy, qz = call(
        "affine_trans_point_3d", mat, *(tuple(map(float, pts[:, i])) for i in range(3))
    )
    got = _params(call, moved[0], "point_coord_x", "point_coord_y", "point_coord_z")
    assert np.allclose(got, qx + qy + qz, atol=1e-12)
    (aff,) = call("affine_trans_object_model_3d", h, mat)
    assert np.allclose(_params(call, aff[0], "point_coord_z"), qz, atol=1e-12)
    scale = (2.0, 0, 0, 0, 0, 2.0, 0, 0, 0, 0, 2.0, 0, 0, 0, 0, 1.0)
    (proj,) = call("projective_trans_object_model_3d", h, scale)
    assert np.allclose(_params(call, proj[0], "point_coord_x"), pts[:, 0] * 2)
    w2 = (1.0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 2.0)
    (half,) = call("projective_trans_object_model_3d", h, w2)
    assert np.allclose(_params(call, half[0], "point_coord_y"), pts[:, 1] / 2)
    assert call.code("rigid_trans_object_model_3d", h, (0, 0, 0, 0, 0, 0)) == 1402


def test_attributes_copy_union_select(call):
    h = _model(call, np.array([[0.0, 0, 0], [1.0, 0, 0], [2.0, 0, 0], [3.0, 0, 0]]))
    (h2,) = call("set_object_model_3d_attrib", h, "&weight", "points", (1.0, 2.0, 3.0, 4.0))
    assert _params(call, h2[0], "&weight") == (1.0, 2.0, 3.0, 4.0)
    assert _params(call, h, "has_extended_attribute") == ("false",)
    call("set_object_model_3d_attrib_mod", h, "&tag", "object", (7.0,))
    assert _params(call, h, "&tag", "extended_attribute_names") == (7.0, "&tag")
    assert call.code("set_object_model_3d_attrib", h, "&weight", "points", (1.0,)) == 1404
    (sel,) = call("select_points_object_model_3d", h2[0], "&weight", 2.0, 3.0)
    assert _params(call, sel[0], "point_coord_x") == (1.0, 2.0)
    (sel2,) = call(
        "select_points_object_model_3d", h2[0], ("point_coord_x", "&weight"), (0.0, 3.5), (2.5, 9.0)
    )
    assert _params(call, sel2[0], "num_points") == (0,)
    (cp,) = call("copy_object_model_3d", h2[0], "point_coord")
    assert _params(call, cp[0], "num_points", "has_extended_attribute") == (4, "false")
    (un,) = call("union_object_model_3d", (h, h2[0]), "points_surface")
    assert _params(call, un[0], "num_points") == (8,)
    call("clear_object_model_3d", (un[0], cp[0]))
    assert call.code("get_object_model_3d_params", un[0], "num_points") == 2454


def test_primitives(call):
    (sphere,) = call("gen_sphere_object_model_3d", (1.0, 2.0, 3.0, 0, 0, 0, 0), 0.5)
    assert _params(call, sphere[0], "primitive_type", "primitive_parameter") == (
        "sphere",
        1.0,
        2.0,
        3.0,
        0.5,
    )
    assert _params(call, sphere[0], "bounding_box1") == (0.5, 1.5, 2.5, 1.5, 2.5, 3.5)
    (c,) = call("gen_sphere_object_model_3d_center", 0.0, 0.0, 0.0, 2.0)
    assert _params(call, c[0], "diameter") == (math.sqrt(48),)
    (box,) = call("gen_box_object_model_3d", (0, 0, 0, 0, 0, 0, 0), 2.0, 4.0, 6.0)
    assert _params(call, box[0], "bounding_box1") == (-1.0, -2.0, -3.0, 1.0, 2.0, 3.0)
    (cyl,) = call("gen_cylinder_object_model_3d", (0, 0, 0, 90, 0, 0, 0), 1.0, -2.0, 2.0)
    p = _params(call, cyl[0], "primitive_parameter")
    assert np.allclose(p, (0, 0, 0, 0, -1, 0, 1.0), atol=1e-12)
    assert np.allclose(_params(call, cyl[0], "bounding_box1"), (-1, -2, -1, 1, 2, 1))
    (plane,) = call("gen_plane_object_model_3d", (0, 0, 1.0, 0, 0, 0, 0), (), ())
    assert _params(call, plane[0], "primitive_parameter") == (0.0, 0.0, 1.0, 1.0)
    assert call.code("gen_box_object_model_3d", (0, 0, 0, 0, 0, 0, 0), -1.0, 1.0, 1.0) == 1302
    # moved primitives keep their shape
    (moved,) = call("rigid_trans_object_model_3d", sphere[0], (1.0, 0, 0, 0, 0, 0, 0))
    assert _params(call, moved[0], "primitive_parameter")[:3] == (2.0, 2.0, 3.0)


def test_distances_to_points_and_primitives(call):
    pts = np.array([[0.0, 0, 2.0], [0.0, 0, 0.5], [3.0, 0, 0]])
    h = _model(call, pts)
    (sphere,) = call("gen_sphere_object_model_3d", (0, 0, 0, 0, 0, 0, 0), 1.0)
    call("distance_object_model_3d", h, sphere[0], (), 0, (), ())
    assert np.allclose(_params(call, h, "&distance"), (1.0, 0.5, 2.0))
    call("distance_object_model_3d", h, sphere[0], (), 1.5, (), ())
    assert np.allclose(_params(call, h, "&distance"), (1.0, 0.5, 1.5))
    target = _model(call, np.array([[0.0, 0, 0]]))
    call("distance_object_model_3d", h, target, (1.0, 0, 0, 0, 0, 0, 0), 0, (), ())
    assert np.allclose(_params(call, h, "&distance"), (math.sqrt(5), math.sqrt(1.25), 4.0))
    (box,) = call("gen_box_object_model_3d", (0, 0, 0, 0, 0, 0, 0), 2.0, 2.0, 2.0)
    call("distance_object_model_3d", h, box[0], (), 0, "distance_to", "primitive")
    assert np.allclose(_params(call, h, "&distance"), (1.0, 0.5, 2.0))


def test_sampling_normals_moments_and_boxes(call):
    pts = _cube_points()
    h = _model(call, pts)
    (fast,) = call("sample_object_model_3d", h, "fast", 0.03, (), ())
    (acc,) = call("sample_object_model_3d", h, "accurate", 0.03, (), ())
    n_fast = _params(call, fast[0], "num_points")[0]
    assert 0 < n_fast < len(pts)
    xs = (
        np.array(_params(call, acc[0], "point_coord_x", "point_coord_y", "point_coord_z"))
        .reshape(3, -1)
        .T
    )
    from scipy.spatial.distance import pdist

    assert pdist(xs).min() >= 0.03 - 1e-12
    (nrm,) = call("surface_normals_object_model_3d", h, "mls", "mls_kNN", 8)
    nz = np.array(_params(call, nrm[0], "point_normal_z"))
    top = pts[:, 2] == 0.1
    inner = top & (pts[:, 0] > 0.01) & (pts[:, 0] < 0.09) & (pts[:, 1] > 0.01) & (pts[:, 1] < 0.09)
    assert np.allclose(np.abs(nz[inner]), 1.0, atol=1e-9)
    mean = call("moments_object_model_3d", h, "mean_points")[0]
    assert np.allclose(mean, (0.05, 0.05, 0.05))
    pose, l1, l2, l3 = call("smallest_bounding_box_object_model_3d", h, "axis_aligned")
    assert np.allclose(pose[:3], (0.05, 0.05, 0.05)) and np.allclose(l1 + l2 + l3, (0.1,) * 3)
    # an elongated, rotated box: the oriented box recovers its edge lengths
    g = np.random.default_rng(1).uniform(-1, 1, (2000, 3)) * (0.3, 0.1, 0.02)
    (rot,) = call("rigid_trans_object_model_3d", _model(call, g), (0, 0, 1, 20, 30, 40, 0))
    pose, l1, l2, l3 = call("smallest_bounding_box_object_model_3d", rot[0], "oriented")
    assert np.allclose((l1[0], l2[0], l3[0]), (0.6, 0.2, 0.04), atol=0.01)
    assert np.allclose(pose[:3], (0, 0, 1), atol=0.01)
    axes = call("moments_object_model_3d", rot[0], "principal_axes")[0]
    (m,) = call("pose_to_hom_mat3d", axes)
    (want,) = call("pose_to_hom_mat3d", (0, 0, 1, 20, 30, 40, 0))
    assert abs(abs(np.dot(np.reshape(m, (3, 4))[:, 0], np.reshape(want, (3, 4))[:, 0])) - 1) < 1e-3


def test_connection_selection_area_diameter(call):
    a = np.array([[0.0, 0, 0], [0.1, 0, 0], [0.2, 0, 0]])
    b = a + np.array([5.0, 0, 0])
    h = _model(call, np.vstack([a, b]))
    (parts,) = call("connection_object_model_3d", h, "distance_3d", 0.15)
    assert len(parts) == 2
    assert _params(call, parts[1], "point_coord_x") == (5.0, 5.1, 5.2)
    (sel,) = call("select_object_model_3d", parts, "mean_points_x", "and", 1.0, 10.0)
    assert sel == (parts[1],)
    assert call("max_diameter_object_model_3d", h)[0] == (5.2,)
    tri = call(
        "set_object_model_3d_attrib",
        _model(call, np.array([[0.0, 0, 0], [2.0, 0, 0], [0.0, 3.0, 0]])),
        "triangles",
        (),
        (0, 1, 2),
    )[0][0]
    assert call("area_object_model_3d", tri)[0] == (3.0,)
    assert _params(call, tri, "num_triangles", "triangles") == (1, 0, 1, 2)
    (mesh,) = call("connection_object_model_3d", tri, "mesh", 0)
    assert len(mesh) == 1
    assert call.code("connection_object_model_3d", h, "mesh", 0) == 1302
