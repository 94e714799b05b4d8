"""Matrices, 2-D homogeneous transformations and 1-D functions, against hand-computed values."""

from __future__ import annotations

import math

import pytest

from hdlite.errors import HalconError
from hdlite.values.control import Handle


def _matrix(call, rows: int, cols: int, values) -> tuple:
    (handle,) = call("create_matrix", (rows,), (cols,), tuple(values))
    assert isinstance(handle[0], Handle) and handle[0].kind == "matrix"
    return handle


def _full(call, m) -> list[float]:
    return list(call("get_full_matrix", m)[0])


def _size(call, m) -> tuple[int, int]:
    rows, cols = call("get_size_matrix", m)
    return rows[0], cols[0]


def test_create_matrix_forms(call):
    assert _full(call, _matrix(call, 2, 2, [7])) == [7.0] * 4
    assert _full(call, _matrix(call, 2, 3, range(1, 7))) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert _full(call, _matrix(call, 2, 2, [3, 4])) == [3.0, 0.0, 0.0, 4.0]
    assert _full(call, _matrix(call, 3, 3, ["identity"])) == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert _size(call, _matrix(call, 2, 3, [0])) == (2, 3)


@pytest.mark.parametrize(
    ("rows", "cols", "value", "code"),
    [(0, 2, (1,), 1301), (2, 0, (1,), 1302), (2, 3, (1, 2), 1403), (2, 3, ("identity",), 1303)],
)
def test_create_matrix_errors(call, rows, cols, value, code):
    with pytest.raises(HalconError) as info:
        call("create_matrix", (rows,), (cols,), value)
    assert info.value.code == code


def test_get_and_set_values(call):
    m = _matrix(call, 2, 3, range(1, 7))
    assert call("get_value_matrix", m, (0, 1, 1), (0, 2, 0)) == ((1.0, 6.0, 4.0),)
    call("set_value_matrix", m, (0, 1), (1, 1), (10, 20.5))
    assert _full(call, m) == [1.0, 10.0, 3.0, 4.0, 20.5, 6.0]
    call("set_full_matrix", m, (0,))
    assert _full(call, m) == [0.0] * 6
    call("set_full_matrix", m, tuple(range(6)))
    assert _full(call, m) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    with pytest.raises(HalconError) as info:
        call("get_value_matrix", m, (2,), (0,))
    assert info.value.code == 1302
    with pytest.raises(HalconError) as info:
        call("set_full_matrix", m, (1, 2))
    assert info.value.code == 1402


@pytest.mark.parametrize(
    ("op", "kind", "shape", "values"),
    [
        ("sum_matrix", "columns", (1, 3), [5.0, 7.0, 9.0]),
        ("sum_matrix", "rows", (2, 1), [6.0, 15.0]),
        ("sum_matrix", "full", (1, 1), [21.0]),
        ("max_matrix", "columns", (1, 3), [4.0, 5.0, 6.0]),
        ("max_matrix", "rows", (2, 1), [3.0, 6.0]),
        ("max_matrix", "full", (1, 1), [6.0]),
        ("min_matrix", "rows", (2, 1), [1.0, 4.0]),
        ("mean_matrix", "columns", (1, 3), [2.5, 3.5, 4.5]),
    ],
)
def test_reductions(call, op, kind, shape, values):
    m = _matrix(call, 2, 3, range(1, 7))
    (result,) = call(op, m, (kind,))
    assert _size(call, result) == shape
    assert _full(call, result) == values


def test_transpose_copy_clear(call):
    m = _matrix(call, 2, 3, range(1, 7))
    (t,) = call("transpose_matrix", m)
    assert _size(call, t) == (3, 2)
    assert _full(call, t) == [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
    (c,) = call("copy_matrix", m)
    call("set_value_matrix", c, (0,), (0,), (99,))
    assert _full(call, m)[0] == 1.0
    call("clear_matrix", m)
    with pytest.raises(HalconError) as info:
        call("get_full_matrix", m)
    assert info.value.code == 2454


def test_wrong_handle_kind(call):
    with pytest.raises(HalconError) as info:
        call("get_full_matrix", (Handle("dict", {}),))
    assert info.value.code == 2404


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("AB", [19.0, 22.0, 43.0, 50.0]),
        ("ATB", [26.0, 30.0, 38.0, 44.0]),
        ("ABT", [17.0, 23.0, 39.0, 53.0]),
        ("ATBT", [23.0, 31.0, 34.0, 46.0]),
    ],
)
def test_mult_matrix(call, kind, values):
    a, b = _matrix(call, 2, 2, [1, 2, 3, 4]), _matrix(call, 2, 2, [5, 6, 7, 8])
    assert _full(call, call("mult_matrix", a, b, (kind,))[0]) == values


def test_elementwise_and_scale(call):
    a, b = _matrix(call, 1, 3, [2, 4, 6]), _matrix(call, 1, 3, [1, 2, 4])
    assert _full(call, call("add_matrix", a, b)[0]) == [3.0, 6.0, 10.0]
    assert _full(call, call("sub_matrix", a, b)[0]) == [1.0, 2.0, 2.0]
    assert _full(call, call("mult_element_matrix", a, b)[0]) == [2.0, 8.0, 24.0]
    assert _full(call, call("div_element_matrix", a, b)[0]) == [2.0, 2.0, 1.5]
    assert _full(call, call("scale_matrix", a, (0.5,))[0]) == [1.0, 2.0, 3.0]
    call("scale_matrix_mod", a, (2,))
    assert _full(call, a) == [4.0, 8.0, 12.0]
    call("add_matrix_mod", a, b)
    assert _full(call, a) == [5.0, 10.0, 16.0]


def test_division_by_zero_is_9212(call):
    a, b = _matrix(call, 1, 2, [1, 2]), _matrix(call, 1, 2, [1, 0])
    with pytest.raises(HalconError) as info:
        call("div_element_matrix", a, b)
    assert info.value.code == 9212


def test_size_mismatch(call):
    a, b = _matrix(call, 1, 2, [1, 2]), _matrix(call, 2, 1, [1, 2])
    with pytest.raises(HalconError) as info:
        call("add_matrix", a, b)
    assert info.value.code == 1302
    with pytest.raises(HalconError):
        call("mult_matrix", a, _matrix(call, 1, 2, [1, 2]), ("AB",))


def test_sub_matrix_and_invert(call):
    m = _matrix(call, 3, 3, range(1, 10))
    (sub,) = call("get_sub_matrix", m, (1,), (1,), (2,), (2,))
    assert _full(call, sub) == [5.0, 6.0, 8.0, 9.0]
    call("set_sub_matrix", m, _matrix(call, 1, 2, [0, 0]), (0,), (1,))
    assert _full(call, m)[:3] == [1.0, 0.0, 0.0]
    (inv,) = call("invert_matrix", _matrix(call, 2, 2, [2, 0, 0, 4]), ("general",), (0.0,))
    assert _full(call, inv) == [0.5, 0.0, 0.0, 0.25]
    with pytest.raises(HalconError):
        call("invert_matrix", _matrix(call, 2, 2, [1, 2, 2, 4]), ("general",), (0.0,))


def test_confusion_matrix_style_program(run_script):
    result = run_script(
        "create_matrix (2, 2, 0, M)\n"
        "set_value_matrix (M, [0,1,1], [0,1,0], [3,5,1])\n"
        "sum_matrix (M, 'columns', Sums)\n"
        "get_full_matrix (Sums, S)\n"
        "get_value_matrix (M, 1, 1, V)\n"
        "max_matrix (M, 'full', MaxM)\n"
        "get_full_matrix (MaxM, Max)\n"
        "clear_matrix ([Sums, MaxM])\n"
    )
    assert result.error is None, result.error
    assert result["S"] == (4.0, 5.0)
    assert result["V"] == (5.0,)
    assert result["Max"] == (5.0,)


# --- 2-D transformations ----------------------------------------------------------------

IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def _close(actual, expected) -> bool:
    return len(actual) == len(expected) and all(
        math.isclose(a, e, abs_tol=1e-12) for a, e in zip(actual, expected, strict=True)
    )


def test_identity_translate_scale(call):
    assert call("hom_mat2d_identity") == (IDENTITY,)
    (t,) = call("hom_mat2d_translate", IDENTITY, (3,), (4,))
    assert t == (1.0, 0.0, 3.0, 0.0, 1.0, 4.0)
    (s,) = call("hom_mat2d_scale", IDENTITY, (2,), (3,), (1,), (1,))
    assert call("affine_trans_point_2d", s, (2,), (2,)) == ((3.0,), (4.0,))


def test_rotate_about_a_point(call):
    (r,) = call("hom_mat2d_rotate", IDENTITY, (math.pi / 2,), (10,), (20,))
    qx, qy = call("affine_trans_point_2d", r, (10, 10), (21, 20))
    assert _close(qx, (9.0, 10.0)) and _close(qy, (20.0, 20.0))


def test_compose_and_invert(call):
    (t,) = call("hom_mat2d_translate", IDENTITY, (1,), (2,))
    (r,) = call("hom_mat2d_rotate", IDENTITY, (math.pi,), (0,), (0,))
    (rt,) = call("hom_mat2d_compose", r, t)  # translate first, then rotate
    qx, qy = call("affine_trans_point_2d", rt, (1,), (1,))
    assert _close(qx, (-2.0,)) and _close(qy, (-3.0,))
    (inv,) = call("hom_mat2d_invert", (2.0, 0.0, 1.0, 0.0, 4.0, 2.0))
    assert _close(inv, (0.5, 0.0, -0.5, 0.0, 0.25, -0.5))
    with pytest.raises(HalconError) as info:
        call("hom_mat2d_invert", (0.0, 0.0, 1.0, 0.0, 0.0, 2.0))
    assert info.value.code == 1301


def test_local_variants_multiply_from_the_right(call):
    (s,) = call("hom_mat2d_scale", IDENTITY, (2,), (2,), (0,), (0,))
    (local,) = call("hom_mat2d_translate_local", s, (1,), (1,))
    (glob,) = call("hom_mat2d_translate", s, (1,), (1,))
    assert local == (2.0, 0.0, 2.0, 0.0, 2.0, 2.0)
    assert glob == (2.0, 0.0, 1.0, 0.0, 2.0, 1.0)


def test_affine_trans_pixel_and_rigid(call):
    (s,) = call("hom_mat2d_scale", IDENTITY, (2,), (2,), (0,), (0,))
    assert call("affine_trans_pixel", s, (0,), (1,)) == ((0.5,), (2.5,))
    (rigid,) = call("vector_angle_to_rigid", (0,), (0,), (0,), (5,), (6,), (0,))
    assert rigid == (1.0, 0.0, 5.0, 0.0, 1.0, 6.0)
    with pytest.raises(HalconError) as info:
        call("hom_mat2d_translate", (1.0, 0.0), (1,), (1,))
    assert info.value.code == 1401


# --- 1-D functions -----------------------------------------------------------------------


def test_funct_1d_round_trip(call):
    (f,) = call("create_funct_1d_pairs", (0, 1, 3), (5, 6.5, 8))
    assert call("funct_1d_to_pairs", f) == ((0.0, 1.0, 3.0), (5.0, 6.5, 8.0))
    assert call("num_points_funct_1d", f) == ((3,),)
    assert call("get_y_value_funct_1d", f, (2,), ("constant",)) == ((7.25,),)
    assert call("x_range_funct_1d", f) == ((0.0,), (3.0,))
    assert call("y_range_funct_1d", f) == ((5.0,), (8.0,))
    assert call("get_pair_funct_1d", f, (1,)) == ((1.0,), (6.5,))
    (g,) = call("scale_y_funct_1d", f, (2,), (1,))
    assert call("funct_1d_to_pairs", g)[1] == (11.0, 14.0, 17.0)
    (a,) = call("create_funct_1d_array", (4, 5))
    assert call("funct_1d_to_pairs", a) == ((0.0, 1.0), (4.0, 5.0))


def test_funct_1d_errors(call):
    with pytest.raises(HalconError) as info:
        call("create_funct_1d_pairs", (0, 2, 1), (1, 2, 3))
    assert info.value.code == 1301
    with pytest.raises(HalconError) as info:
        call("create_funct_1d_pairs", (0, 1), (1,))
    assert info.value.code == 1402
    with pytest.raises(HalconError) as info:
        call("funct_1d_to_pairs", (7, 1, 0, 0))
    assert info.value.code == 1301


def test_more_in_place_and_elementwise_operators(call):
    a, b = _matrix(call, 1, 3, [2, -4, 6]), _matrix(call, 1, 3, [1, 2, 4])
    assert _full(call, call("abs_matrix", a)[0]) == [2.0, 4.0, 6.0]
    call("sub_matrix_mod", a, b)
    assert _full(call, a) == [1.0, -6.0, 2.0]
    call("mult_element_matrix_mod", a, b)
    assert _full(call, a) == [1.0, -12.0, 8.0]
    call("div_element_matrix_mod", a, b)
    assert _full(call, a) == [1.0, -6.0, 2.0]
    with pytest.raises(HalconError) as info:
        call("div_element_matrix_mod", a, _matrix(call, 1, 3, [0]))
    assert info.value.code == 9212


def test_local_rotation_scaling_and_determinant(call):
    (t,) = call("hom_mat2d_translate", IDENTITY, (1,), (2,))
    (local,) = call("hom_mat2d_rotate_local", t, (math.pi / 2,))
    qx, qy = call("affine_trans_point_2d", local, (0,), (1,))
    assert _close(qx, (0.0,)) and _close(qy, (2.0,))
    (scaled,) = call("hom_mat2d_scale_local", t, (2,), (3,))
    assert scaled == (2.0, 0.0, 1.0, 0.0, 3.0, 2.0)
    assert call("hom_mat2d_determinant", scaled) == ((6.0,),)


def test_distance_pp(call):
    assert call("distance_pp", (0, 1), (0, 1), (3, 1), (4, 1)) == ((5.0, 0.0),)
    with pytest.raises(HalconError) as info:
        call("distance_pp", (0, 1), (0,), (3,), (4,))
    assert info.value.code == 1402
