"""Geometric image operators: zoom, mirror, rotation, affine maps, crops, tiling, filters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.resample import resize, resize_numpy

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(values, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    dtype = {"byte": np.uint8, "uint2": np.uint16, "real": np.float32}[pixel_type]
    arr = np.asarray(values, dtype=dtype)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], pixel_type, domain)])


def _data(objs: ObjectTuple) -> list:
    assert len(objs) == 1
    return objs[0].data.tolist()


def _domain(objs: ObjectTuple) -> np.ndarray:
    img = objs[0]
    return img.domain_region().to_mask(img.height, img.width)


# --- zoom ------------------------------------------------------------------------------------


def test_zoom_nearest_duplicates_pixels(call):
    (out,) = call("zoom_image_size", _img([[1, 2], [3, 4]]), (4,), (4,), ("nearest_neighbor",))
    assert _data(out) == [[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]


@pytest.mark.parametrize("pixel_type", ["byte", "uint2", "real"])
def test_zoom_bilinear_enlarging(call, pixel_type):
    (out,) = call("zoom_image_size", _img([[0, 100]], pixel_type), (4,), (1,), ("bilinear",))
    assert _data(out) == [[[0, 25, 75, 100]]]
    assert out[0].pixel_type == pixel_type


@pytest.mark.parametrize("pixel_type", ["byte", "uint2", "real"])
def test_zoom_shrinking_constant_averages_bilinear_samples(call, pixel_type):
    img = _img([[0, 10, 20, 40]], pixel_type)
    (mean,) = call("zoom_image_size", img, (1,), (1,), ("constant",))
    (sample,) = call("zoom_image_size", img, (1,), (1,), ("bilinear",))
    assert _data(mean)[0][0][0] == pytest.approx(17.5, abs=0.5)
    assert _data(sample) == [[[15]]]


@pytest.mark.parametrize("method", ["nearest_neighbor", "bilinear", "constant", "weighted"])
@pytest.mark.parametrize("size", [(7, 5), (30, 20), (7, 20)])
def test_pillow_and_numpy_resizing_agree(method, size):
    rng = np.random.default_rng(3)
    data = rng.integers(0, 256, (3, 13, 11), dtype=np.uint8)
    hwc = np.ascontiguousarray(data.transpose(1, 2, 0)).transpose(2, 0, 1)
    h, w = size
    fast = resize(hwc, "byte", h, w, method).astype(int)
    exact = resize_numpy(data, h, w, method, "byte").astype(int)
    assert fast.shape == (3, h, w)
    assert np.abs(fast - exact).max() <= 1


def test_zoom_keeps_domain_and_checks_size(call):
    domain = Region.rectangle(0, 0, 0, 1)
    (out,) = call(
        "zoom_image_size", _img(np.zeros((2, 2)), domain=domain), (4,), (4,), ("constant",)
    )
    assert _domain(out)[:2].all() and not _domain(out)[2:].any()
    with pytest.raises(HalconError) as info:
        call("zoom_image_size", _img([[1]]), (0,), (4,), ("constant",))
    assert info.value.code == 1301
    with pytest.raises(HalconError) as info:
        call("zoom_image_size", _img([[1]]), (2,), (4,), ("cubic",))
    assert info.value.code == 1303


def test_zoom_image_factor(call):
    (out,) = call("zoom_image_factor", _img(np.zeros((10, 20))), (0.5,), (0.25,), ("constant",))
    assert out[0].width == 10 and out[0].height == 3


# --- mirror and rotate ----------------------------------------------------------------------


def test_mirror_modes(call):
    img = _img([[1, 2, 3], [4, 5, 6]])
    assert _data(call("mirror_image", img, ("row",))[0]) == [[[4, 5, 6], [1, 2, 3]]]
    assert _data(call("mirror_image", img, ("column",))[0]) == [[[3, 2, 1], [6, 5, 4]]]
    assert _data(call("mirror_image", img, ("diagonal",))[0]) == [[[1, 4], [2, 5], [3, 6]]]
    assert _data(call("mirror_image", img, ("anti_diagonal",))[0]) == [[[6, 3], [5, 2], [4, 1]]]


@pytest.mark.parametrize("mode", ["row", "column", "diagonal", "anti_diagonal"])
def test_mirror_moves_the_domain_with_the_pixels(call, mode):
    mask = np.zeros((3, 4), bool)
    mask[0, 1] = mask[2, 3] = True
    values = np.where(mask, 9, 0)
    img = _img(values, domain=Region(0, 0, mask))
    (out,) = call("mirror_image", img, (mode,))
    assert np.array_equal(_domain(out), np.asarray(out[0].data[0]) == 9)


def test_rotate_multiples_of_90(call):
    img = _img([[1, 2, 3], [4, 5, 6]])
    assert _data(call("rotate_image", img, (90,), ("constant",))[0]) == [[[3, 6], [2, 5], [1, 4]]]
    assert _data(call("rotate_image", img, (180,), ("constant",))[0]) == [[[6, 5, 4], [3, 2, 1]]]
    assert _data(call("rotate_image", img, (270,), ("constant",))[0]) == [[[4, 1], [5, 2], [6, 3]]]
    assert _data(call("rotate_image", img, (-90,), ("constant",))[0]) == [[[4, 1], [5, 2], [6, 3]]]
    masked = _img([[1, 2, 3], [4, 5, 6]], domain=Region.rectangle(0, 0, 0, 0))
    (out,) = call("rotate_image", masked, (90,), ("nearest_neighbor",))
    assert _domain(out).tolist() == [[False, False], [False, False], [True, False]]


def test_rotate_other_angles_about_the_center(call):
    rng = np.random.default_rng(5)
    img = _img(rng.integers(0, 256, (9, 9)))
    (out,) = call("rotate_image", img, (45,), ("bilinear",))
    assert (out[0].height, out[0].width) == (9, 9)
    assert out[0].data[0, 4, 4] == img[0].data[0, 4, 4]
    mask = _domain(out)
    assert mask[4, 4] and not mask[0, 0] and not mask[8, 8]
    (back,) = call("rotate_image", out, (-45,), ("nearest_neighbor",))
    assert back[0].data[0, 4, 4] == img[0].data[0, 4, 4]


# --- affine transformation ------------------------------------------------------------------


def test_affine_translation(call):
    img = _img(np.arange(12).reshape(3, 4))
    mat = (1.0, 0.0, 1.0, 0.0, 1.0, 2.0)
    (out,) = call("affine_trans_image", img, mat, ("nearest_neighbor",), ("false",))
    assert (out[0].height, out[0].width) == (3, 4)
    assert _data(out)[0][1][2:] == [0, 1] and _data(out)[0][2][2:] == [4, 5]
    assert _domain(out).tolist() == [
        [False] * 4,
        [False, False, True, True],
        [False, False, True, True],
    ]
    (grown,) = call("affine_trans_image", img, mat, ("bilinear",), ("true",))
    assert (grown[0].height, grown[0].width) == (4, 6)
    assert _domain(grown)[1:, 2:].all() and _data(grown)[0][3][5] == 11


def test_affine_scaling_matches_bilinear_values(call):
    img = _img([[0, 100], [100, 200]], "real")
    mat = (2.0, 0.0, 0.0, 0.0, 2.0, 0.0)
    (out,) = call("affine_trans_image", img, mat, ("bilinear",), ("true",))
    assert (out[0].height, out[0].width) == (3, 3)
    assert _data(out)[0][1] == [50.0, 100.0, 150.0]
    with pytest.raises(HalconError) as info:
        call("affine_trans_image", img, (0.0,) * 6, ("bilinear",), ("true",))
    assert info.value.code == 1301


def test_affine_trans_region(call):
    (out,) = call(
        "affine_trans_region",
        ObjectTuple([Region.rectangle(0, 0, 1, 2)]),
        (1.0, 0.0, 5.0, 0.0, 1.0, -1.0),
        ("nearest_neighbor",),
    )
    assert out[0].bbox() == (5, -1, 6, 1) and out[0].area() == 6


# --- domains and crops ----------------------------------------------------------------------


def test_domain_operators(call):
    img = _img(np.arange(20).reshape(4, 5))
    (reduced,) = call("reduce_domain", img, ObjectTuple([Region.rectangle(1, 1, 10, 2)]))
    (domain,) = call("get_domain", reduced)
    assert domain[0].bbox() == (1, 1, 3, 2)
    (twice,) = call("reduce_domain", reduced, ObjectTuple([Region.rectangle(0, 0, 1, 4)]))
    assert call("area_center", twice)[0] == (2,)
    (changed,) = call("change_domain", reduced, ObjectTuple([Region.rectangle(0, 0, 1, 4)]))
    assert call("area_center", changed)[0] == (10,)
    (full,) = call("full_domain", reduced)
    assert full[0].domain is None and call("area_center", full)[0] == (20,)
    (cropped,) = call("crop_domain", reduced)
    assert _data(cropped) == [[[6, 7], [11, 12], [16, 17]]] and cropped[0].domain is None
    (rect,) = call("rectangle1_domain", img, (0,), (0,), (1,), (1,))
    assert call("area_center", rect) == ((4,), (0.5,), (0.5,))


def test_crops_clip_to_the_image(call):
    img = _img(np.arange(20).reshape(4, 5))
    assert _data(call("crop_rectangle1", img, (1,), (1,), (2,), (3,))[0]) == [
        [[6, 7, 8], [11, 12, 13]]
    ]
    assert _data(call("crop_rectangle1", img, (-5,), (3,), (0,), (99,))[0]) == [[[3, 4]]]
    assert _data(call("crop_part", img, (2,), (3,), (5,), (5,))[0]) == [[[13, 14], [18, 19]]]
    with pytest.raises(HalconError) as info:
        call("crop_part", img, (10,), (10,), (2,), (2,))
    assert info.value.code == 3010
    empty = _img(np.zeros((2, 2)), domain=Region(0, 0, np.zeros((0, 0), bool)))
    with pytest.raises(HalconError) as info:
        call("crop_domain", empty)
    assert info.value.code == 3013


# --- tiling --------------------------------------------------------------------------------


def test_tile_images_orders_and_domain(call):
    imgs = ObjectTuple(_img(np.full((2, 2), v))[0] for v in (1, 2, 3))
    (horizontal,) = call("tile_images", imgs, (2,), ("horizontal",))
    assert _data(horizontal)[0] == [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 0, 0], [3, 3, 0, 0]]
    assert not _domain(horizontal)[2:, 2:].any() and _domain(horizontal)[:, :2].all()
    (vertical,) = call("tile_images", imgs, (2,), ("vertical",))
    assert _data(vertical)[0][0] == [1, 1, 3, 3] and _data(vertical)[0][2] == [2, 2, 0, 0]
    (column,) = call("tile_images", imgs, (1,), ("vertical",))
    assert column[0].height == 6 and column[0].domain is None
    mixed = ObjectTuple([imgs[0], _img(np.full((3, 1), 4))[0]])
    (tiled,) = call("tile_images", mixed, (2,), ("horizontal",))
    assert _data(tiled)[0] == [[1, 1, 4, 0], [1, 1, 4, 0], [0, 0, 4, 0]]
    assert _domain(tiled).astype(int).tolist() == [[1, 1, 1, 0], [1, 1, 1, 0], [0, 0, 1, 0]]
    rgb = ObjectTuple([imgs[0], _img(np.zeros((3, 2, 2)))[0]])
    with pytest.raises(HalconError) as info:
        call("tile_images", rgb, (2,), ("vertical",))
    assert info.value.code == 3122


def test_tile_images_offset_and_channels(call):
    a, b = _img(np.full((2, 2), 5))[0], _img(np.full((2, 3), 7))[0]
    (out,) = call(
        "tile_images_offset", ObjectTuple([a, b]), (0, 1), (0, 3), (-1, 0), (-1, 1), (-1, 0),
        (-1, 2), (6,), (3,),
    )  # fmt: skip
    assert _data(out)[0] == [[5, 5, 0, 0, 0, 0], [5, 5, 0, 7, 7, 0], [0, 0, 0, 0, 0, 0]]
    assert call("area_center", out)[0] == (6,)
    (tiled,) = call("tile_channels", _img([[[1]], [[2]], [[3]]]), (3,), ("horizontal",))
    assert _data(tiled) == [[[1, 2, 3]]]


# --- filters ------------------------------------------------------------------------------


def test_gen_gauss_filter(call):
    (centered,) = call(
        "gen_gauss_filter", (2.0,), (2.0,), (0.0,), ("none",), ("dc_center",), (8,), (6,)
    )
    data = centered[0].data[0]
    assert centered[0].pixel_type == "real" and data.shape == (6, 8)
    assert data[3, 4] == pytest.approx(1.0) and data.max() == pytest.approx(1.0)
    expected = math.exp(-2 * math.pi**2 * 4 * (1 / 8) ** 2)
    assert data[3, 5] == pytest.approx(expected, rel=1e-6)
    (edge,) = call("gen_gauss_filter", (2.0,), (2.0,), (0.0,), ("n",), ("dc_edge",), (8,), (6,))
    assert edge[0].data[0, 0, 0] == pytest.approx(1.0 / 48)
    (rft,) = call("gen_gauss_filter", (2.0,), (2.0,), (0.0,), ("none",), ("rft",), (8,), (6,))
    assert rft[0].width == 5


def test_smoothing_filters(call):
    flat = _img(np.full((5, 6), 80))
    assert (_data(call("gauss_filter", flat, (5,))[0]) == np.full((1, 5, 6), 80)).all()
    step = _img([[0, 0, 90, 90]] * 3)
    (mean,) = call("mean_image", step, (3,), (1,))
    assert _data(mean)[0][0] == [0, 30, 60, 90]


def test_zoom_of_a_read_image_matches_zoom_of_its_pixels(call, tmp_path):
    from PIL import Image as PILImage

    rng = np.random.default_rng(11)
    pixels = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    PILImage.fromarray(pixels).save(tmp_path / "p.png")
    (image,) = call("read_image", (str(tmp_path / "p.png"),))
    copy = ObjectTuple([Image(np.array(image[0].data), "byte")])
    for method in ("constant", "bilinear", "weighted", "nearest_neighbor"):
        (a,) = call("zoom_image_size", image, (13,), (9,), (method,))
        (b,) = call("zoom_image_size", copy, (13,), (9,), (method,))
        assert np.array_equal(a[0].data, b[0].data), method
    (mirrored,) = call("mirror_image", image, ("row",))
    (a,) = call("zoom_image_size", mirrored, (13,), (9,), ("constant",))
    (b,) = call(
        "zoom_image_size",
        ObjectTuple([Image(np.array(mirrored[0].data), "byte")]),
        (13,),
        (9,),
        ("constant",),
    )
    assert np.array_equal(a[0].data, b[0].data)


def test_rotation_augmentation_in_a_program(run_script):
    result = run_script(
        "gen_image_const (Image, 'real', 64, 48)\n"
        "scale_image (Image, Image, 1, 0.5)\n"
        "get_image_size (Image, Width, Height)\n"
        "hom_mat2d_identity (HomMat2D)\n"
        "hom_mat2d_rotate (HomMat2D, rad(20), (Height - 1) / 2.0, (Width - 1) / 2.0, HomMat2D)\n"
        "affine_trans_image (Image, Rotated, HomMat2D, 'constant', 'false')\n"
        "get_domain (Rotated, Domain)\n"
        "inner_rectangle1 (Domain, Row1, Column1, Row2, Column2)\n"
        "crop_rectangle1 (Rotated, Cropped, Row1, Column1, Row2, Column2)\n"
        "get_image_size (Cropped, CroppedWidth, CroppedHeight)\n"
        "min_max_gray (Cropped, Cropped, 0, Min, Max, Range)\n"
        "mirror_image (Cropped, Mirrored, 'column')\n"
        "rotate_image (Mirrored, Turned, 90, 'constant')\n"
        "get_image_size (Turned, TurnedWidth, TurnedHeight)\n"
    )
    assert result.error is None, result.error
    w, h = result["CroppedWidth"][0], result["CroppedHeight"][0]
    assert 20 < w < 64 and 20 < h < 48
    assert result["Min"] == (0.5,) and result["Max"] == (0.5,)
    assert (result["TurnedWidth"][0], result["TurnedHeight"][0]) == (h, w)
