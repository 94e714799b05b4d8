"""Complex images (pixel type 'complex', two 32-bit parts per pixel) through the operators
that HALCON's reference pages list with complex images, and HALCON's 9007 (wrong pixel type)
from those whose pages do not: get_grayval returns "two values for each channel for complex
or vector field images", set_grayval takes "two gray values per pixel (per channel)", and
convert_image_type converts "only the real part" of a complex image."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

ROWS, COLS = np.mgrid[0:3, 0:4]
VALUES = (ROWS * 4 + COLS + 1j * (10 - ROWS * 4 - COLS)).astype(np.complex64)


def _complex(channels: int = 1) -> ObjectTuple:
    data = np.stack([VALUES * (k + 1) for k in range(channels)])
    return ObjectTuple([Image(data, "complex")])


def test_size_type_and_gray_values(call):
    image = _complex()
    assert call("get_image_type", image) == (("complex",),)
    assert call("get_image_size", image) == ((4,), (3,))
    (values,) = call("get_grayval", image, (0, 2), (1, 3))
    assert values == (1.0, 9.0, 11.0, -1.0)  # (real, imaginary) per pixel
    assert all(type(v) is float for v in values)
    (two,) = call("get_grayval", _complex(2), 1, 2)
    assert two == (6.0, 4.0, 12.0, 8.0)  # per channel: real, imaginary
    (pointer, kind, width, height) = call("get_image_pointer1", image)
    assert kind == ("complex",) and (width, height) == ((4,), (3,)) and pointer[0] > 0


def test_set_grayval_takes_value_pairs(call):
    image = _complex(2)
    call("set_grayval", image, (0, 1), (0, 1), (7.5, -2.0, 3.0, 4.0))  # one pair per point
    assert call("get_grayval", image, 0, 0) == ((7.5, -2.0, 7.5, -2.0),)
    call("set_grayval", image, 2, 3, (1.0, 2.0, 3.0, 4.0))  # one pair per channel
    assert call("get_grayval", image, 2, 3) == ((1.0, 2.0, 3.0, 4.0),)
    assert call.code("set_grayval", image, 0, 0, (1.0, 2.0, 3.0)) == 1403


def test_copy_crop_and_object_files(call, tmp_path):
    image = _complex()
    (copy,) = call("copy_image", image)
    call("set_grayval", copy, 0, 0, (100.0, 100.0))
    assert call("get_grayval", image, 0, 0) == ((0.0, 10.0),)  # the original is unchanged
    (part,) = call("crop_part", image, 1, 1, 2, 2)
    assert part[0].pixel_type == "complex"
    assert np.array_equal(part[0].data[0], VALUES[1:3, 1:3])
    domain = Region.rectangle(0, 1, 1, 2)
    reduced = ObjectTuple([Image(image[0].data, "complex", domain)])
    path = str(tmp_path / "complex")
    call("write_object", reduced, path)
    (back,) = call("read_object", path)
    assert back[0].pixel_type == "complex" and back[0].data.dtype == np.complex64
    assert np.array_equal(back[0].data, image[0].data)
    assert call("area_center", back) == ((4,), (0.5,), (1.5,))


def test_convert_image_type_keeps_the_real_part(call):
    data = np.array([[300.7 + 5j, -3.2 + 1j, 12.9 - 7j]], dtype=np.complex64)
    image = ObjectTuple([Image(data[None], "complex")])
    (real,) = call("convert_image_type", image, "real")
    assert real[0].pixel_type == "real"
    assert np.allclose(real[0].data[0], [[300.7, -3.2, 12.9]])
    (byte,) = call("convert_image_type", image, "byte")
    assert byte[0].data[0].tolist() == [[255, 0, 12]]  # clipped and truncated
    (int2,) = call("convert_image_type", image, "int2")
    assert int2[0].data[0].tolist() == [[300, -3, 12]]
    (back,) = call("convert_image_type", real, "complex")
    assert back[0].pixel_type == "complex" and np.all(back[0].data.imag == 0)
    assert np.allclose(back[0].data.real, real[0].data)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("threshold", (0, 5)),
        ("mean_image", (3, 3)),
        ("gauss_filter", (3,)),
        ("invert_image", ()),
    ],
)
def test_operators_without_complex_images_refuse_them(call, name, args):
    assert call.code(name, _complex(), *args) == 9007


def test_gray_value_features_refuse_complex_images(call):
    region = ObjectTuple([Region.rectangle(0, 0, 2, 3)])
    assert call.code("min_max_gray", region, _complex(), 0) == 9007
    assert call.code("intensity", region, _complex()) == 9007
    assert call.code("gray_features", region, _complex(), "mean") == 9007
    assert call.code("area_center_gray", region, _complex()) == 9007


def test_fft_result_reads_back_as_pairs(call):
    """The spectrum of a constant image: the sum at the DC term, zero elsewhere."""
    (const,) = call("gen_image_const", "real", 8, 8)
    call("set_grayval", const, tuple(range(8)), tuple(range(8)), 2.0)
    (flat,) = call("gen_image_proto", const, 2.0)
    (spectrum,) = call("fft_generic", flat, "to_freq", -1, "none", "dc_edge", "complex")
    assert call("get_image_type", spectrum) == (("complex",),)
    assert call("get_grayval", spectrum, (0, 0), (0, 1)) == ((128.0, 0.0, 0.0, 0.0),)


def test_python_api_takes_and_returns_complex_arrays(host):
    from hdlite.embed.direct import image_from_numpy, to_numpy

    wide = VALUES.astype(np.complex128)
    image = image_from_numpy(wide)
    assert image.pixel_type == "complex" and image.data.dtype == np.complex64
    assert np.array_equal(to_numpy(image), VALUES)
    from hdlite import ops

    assert ops.get_grayval(wide, 1, 2) == [6.0, 4.0]
    assert ops.get_image_type_s(VALUES) == "complex"
    cropped = ops.crop_part(VALUES, 0, 1, 2, 3)  # Row, Column, Width, Height
    assert isinstance(cropped, np.ndarray) and cropped.dtype == np.complex64
    assert np.array_equal(cropped, VALUES[0:3, 1:3])
    stacked = image_from_numpy(np.dstack([VALUES, VALUES * 2]))
    assert stacked.channels == 2 and stacked.pixel_type == "complex"
