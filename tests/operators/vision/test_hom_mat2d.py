"""2-D transformations of the vision plugin against matrices worked out by hand."""

from __future__ import annotations

import math

import numpy as np

IDENT = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def _m(values) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return a.reshape(3, 3) if a.size == 9 else np.vstack([a.reshape(2, 3), [0, 0, 1]])


def test_slant_both_axes(call):
    t = 0.3
    (x,) = call("hom_mat2d_slant", IDENT, t, "x", 0, 0)
    assert np.allclose(x, [math.cos(t), 0, 0, math.sin(t), 1, 0])
    (y,) = call("hom_mat2d_slant", IDENT, t, "y", 0, 0)
    assert np.allclose(y, [1, -math.sin(t), 0, 0, math.cos(t), 0])
    (about,) = call("hom_mat2d_slant", IDENT, t, "x", 5, 7)
    assert np.allclose(call("affine_trans_point_2d", about, 5.0, 7.0), [[5], [7]])
    (moved,) = call("hom_mat2d_translate", IDENT, 1, 2)
    (local,) = call("hom_mat2d_slant_local", moved, t, "y")
    assert np.allclose(_m(local), _m(moved) @ _m(y))
    assert call.code("hom_mat2d_slant", IDENT, t, "z", 0, 0) == 1303


def test_reflect(call):
    (r,) = call("hom_mat2d_reflect", IDENT, 0, 0, 1, 1)  # the diagonal swaps x and y
    assert np.allclose(r, [0, 1, 0, 1, 0, 0], atol=1e-12)
    (r2,) = call("hom_mat2d_reflect", IDENT, 2, 0, 2, 5)  # the line x = 2
    assert np.allclose(call("affine_trans_point_2d", r2, 3.0, 4.0), [[1], [4]])
    (local,) = call("hom_mat2d_reflect_local", IDENT, 0, 1)  # the local y axis: x -> -x
    assert np.allclose(local, [-1, 0, 0, 0, 1, 0])
    assert call.code("hom_mat2d_reflect", IDENT, 1, 1, 1, 1) == 1304


def test_transpose_and_affine_par(call):
    (t,) = call("hom_mat2d_transpose", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0))
    assert t == (1.0, 4.0, 0.0, 2.0, 5.0, 0.0, 3.0, 6.0, 1.0)
    (m,) = call("hom_mat2d_scale", IDENT, 2.0, 3.0, 0, 0)
    (m,) = call("hom_mat2d_slant", m, 0.2, "y", 0, 0)
    (m,) = call("hom_mat2d_rotate", m, 0.7, 0, 0)
    (m,) = call("hom_mat2d_translate", m, 10.0, -4.0)
    sx, sy, phi, theta, tx, ty = call("hom_mat2d_to_affine_par", m)
    assert np.allclose([sx, sy, phi, theta, tx, ty], [[2], [3], [0.7], [0.2], [10], [-4]])
    (mirror,) = call("hom_mat2d_reflect_local", IDENT, 1, 0)  # y -> -y
    _, _, _, theta, _, _ = call("hom_mat2d_to_affine_par", mirror)
    assert abs(theta[0]) > math.pi / 2


def test_vector_fits(call):
    px, py = (0.0, 10.0, 0.0, 10.0), (0.0, 0.0, 10.0, 10.0)
    (rigid,) = call("hom_mat2d_rotate", IDENT, 0.5, 0, 0)
    (rigid,) = call("hom_mat2d_translate", rigid, 3.0, 4.0)
    qx, qy = call("affine_trans_point_2d", rigid, px, py)
    assert np.allclose(call("vector_to_rigid", px, py, qx, qy)[0], rigid)
    (sim,) = call("hom_mat2d_scale", rigid, 1.5, 1.5, 0, 0)
    qx, qy = call("affine_trans_point_2d", sim, px, py)
    assert np.allclose(call("vector_to_similarity", px, py, qx, qy)[0], sim)
    aff = (1.2, 0.3, 5.0, -0.2, 0.9, 1.0)
    qx, qy = call("affine_trans_point_2d", aff, px, py)
    assert np.allclose(call("vector_to_hom_mat2d", px, py, qx, qy)[0], aff)
    assert call.code("vector_to_hom_mat2d", px[:2], py[:2], qx[:2], qy[:2]) == 1401
    assert (
        call.code("vector_to_hom_mat2d", (0.0, 1, 2), (0.0, 1, 2), (0.0, 1, 2), (0.0, 1, 2)) == 1301
    )


def test_projective(call):
    h = (1.0, 0.2, 3.0, 0.1, 1.1, -2.0, 0.001, 0.002, 1.0)
    px, py = (0.0, 100.0, 0.0, 100.0, 50.0), (0.0, 0.0, 100.0, 100.0, 30.0)
    qx, qy, qw = call("projective_trans_point_2d", h, px, py, (1.0,) * 5)
    hm = _m(h)
    expect = hm @ np.array([px, py, [1.0] * 5])
    assert np.allclose([qx, qy, qw], expect)
    (fit,) = call("hom_vector_to_proj_hom_mat2d", px, py, (1.0,) * 5, qx, qy, qw, "normalized_dlt")
    assert np.allclose(fit, h, atol=1e-9)
    (fit,) = call("hom_vector_to_proj_hom_mat2d", px, py, (1.0,) * 5, qx, qy, qw, "dlt")
    assert np.allclose(fit, h, atol=1e-6)
    (shift,) = call("hom_mat2d_translate", IDENT, 2.0, 3.0)
    assert np.allclose(call("projective_trans_pixel", shift, 1.0, 1.0), [[3], [4]])
