"""Direct operator calls from Python (hdlite.direct, hdlite.ops)."""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pytest

import hdlite
from hdlite.embed.direct import (
    Operators,
    image_from_numpy,
    python_name,
    to_numpy,
    to_objects,
)
from hdlite.errors import HalconError, PluginError
from hdlite.plugin import registry as hops
from hdlite.plugin.hookspecs import hookimpl
from hdlite.plugin.host import make_plugin_manager
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple, Region


@pytest.fixture(scope="module")
def ops() -> Operators:
    return Operators()


def gradient(height: int = 12, width: int = 10) -> np.ndarray:
    return (np.arange(height * width) % 256).astype(np.uint8).reshape(height, width)


def test_package_exports_a_shared_instance() -> None:
    assert isinstance(hdlite.ops, Operators)
    assert hdlite.ops.tuple_length([1, 2, 3]) == 3
    assert "threshold" in dir(hdlite.ops)


@pytest.mark.parametrize(
    ("halcon", "python"),
    [
        ("DLClassifierHandle", "dlclassifier_handle"),
        ("GenParamName", "gen_param_name"),
        ("Row1", "row_1"),
        ("HomMat2D", "hom_mat_2d"),
        ("MatrixAID", "matrix_aid"),
        ("Image", "image"),
        ("ImageRGB", "image_rgb"),
        ("Lambda", "lambda_"),
    ],
)
def test_python_names(halcon: str, python: str) -> None:
    assert python_name(halcon) == python


def test_outputs_follow_the_signature(ops: Operators) -> None:
    assert ops.tuple_length([]) == 0  # Length: exactly one value -> scalar
    assert ops.tuple_add([1, 2], 3) == [4, 5]  # any number of values -> list
    assert ops.tuple_add(1, 2) == [3]  # still a list when it holds one value
    image = gradient()
    assert ops.get_image_size(image) == ([10], [12])
    assert ops.get_image_size_s(image) == (10, 12)
    assert ops.set_system("seed_rand", 1) is None  # no outputs


def test_scalar_variant_checks_the_count(ops: Operators) -> None:
    with pytest.raises(ValueError, match="holds 2 values"):
        ops.tuple_add_s([1, 2], 3)


def test_keywords_snake_case_and_halcon_names(ops: Operators) -> None:
    signature = inspect.signature(ops.affine_trans_point_2d)
    assert list(signature.parameters) == ["hom_mat_2d", "px", "py"]
    shift = ops.hom_mat2d_translate(ops.hom_mat2d_identity(), 10, 20)
    assert ops.affine_trans_point_2d(shift, px=1, py=2) == ([11.0], [22.0])
    assert ops.affine_trans_point_2d(HomMat2D=shift, Px=[0, 1], Py=0) == ([10.0, 11.0], [20, 20])
    with pytest.raises(TypeError):
        ops.affine_trans_point_2d(shift, 1)  # every input is required
    assert "affine_trans_point_2d(" in ops.affine_trans_point_2d.__doc__


def test_numpy_images_in_and_out(ops: Operators, tmp_path: Path) -> None:
    gray = gradient()
    color = np.stack([gray, 255 - gray, np.full_like(gray, 7)], axis=-1)
    assert ops.count_channels_s(gray) == 1
    assert ops.count_channels_s(color) == 3
    path = str(tmp_path / "color.png")
    ops.write_image(color, "png", 0, path)
    back = ops.read_image(path)
    assert isinstance(back, np.ndarray) and back.shape == (12, 10, 3)
    np.testing.assert_array_equal(back, color)
    red, green, _blue = ops.decompose3(back)
    np.testing.assert_array_equal(green, 255 - gray)
    assert red.shape == (12, 10)


def test_regions_and_reduced_domains_stay_objects(ops: Operators) -> None:
    gray = gradient()
    region = ops.threshold(gray, 0, 49)
    assert isinstance(region, ObjectTuple) and isinstance(region[0], Region)
    area, _row, _column = ops.area_center(region)
    assert area == [50]
    reduced = ops.reduce_domain(gray, region)
    assert isinstance(reduced, ObjectTuple)  # an array would lose the domain
    assert ops.area_center_s(ops.get_domain(reduced))[0] == 50
    np.testing.assert_array_equal(to_numpy(reduced), gray)
    plain = Operators(ops.host, numpy=False)
    assert isinstance(plain.read_image, object)
    assert isinstance(plain.gen_image_const("byte", 4, 3), ObjectTuple)


def test_conversions(ops: Operators) -> None:
    image = image_from_numpy(np.zeros((3, 4), dtype=np.float64))
    assert image.pixel_type == "real" and image.data.dtype == np.float32
    assert image_from_numpy(np.ones((2, 2), dtype=bool)).pixel_type == "byte"
    assert image_from_numpy(np.zeros((2, 2), dtype=np.uint16)).pixel_type == "uint2"
    assert len(to_objects([])) == 0 and ops.count_obj_s([]) == 0
    several = to_objects([gradient(), gradient(5, 6)])
    assert [obj.height for obj in several] == [12, 5]
    assert [a.shape for a in to_numpy(several)] == [(12, 10), (5, 6)]
    source = gradient()
    copied = to_objects(source)[0]
    source[0, 0] = 99
    assert isinstance(copied, Image) and copied.data[0, 0, 0] == 0  # pixels are copied
    with pytest.raises(TypeError):
        to_numpy(ops.threshold(gradient(), 0, 10))


def test_errors_carry_code_and_operator(ops: Operators, tmp_path: Path) -> None:
    with pytest.raises(HalconError) as missing:
        ops.read_image(str(tmp_path / "missing.png"))
    assert missing.value.code == 5200 and missing.value.operator == "read_image"
    with pytest.raises(HalconError) as wrong_type:
        ops.tuple_select_range([1, 2], 0, {"a": 1})
    assert wrong_type.value.code == 1203  # HALCON's code for control parameter 3
    assert wrong_type.value.operator == "tuple_select_range"
    with pytest.raises(HalconError) as count:
        ops.gen_image_const("byte", [4, 5], 3)
    assert count.value.code == 1402
    with pytest.raises(HalconError) as not_iconic:
        ops.threshold("image", 0, 1)
    assert not_iconic.value.code == 2461
    with pytest.raises(HalconError) as shape:
        ops.threshold(np.zeros(5, dtype=np.uint8), 0, 1)
    assert shape.value.code == 2461
    with pytest.raises(HalconError) as dtype:
        ops.threshold(np.zeros((2, 2), dtype=np.complex128), 0, 1)
    assert dtype.value.code == 9007
    with pytest.raises(AttributeError, match="no operator named 'no_such_op'"):
        _ = ops.no_such_op


def test_handles_pass_through(ops: Operators) -> None:
    handle = ops.create_dict()
    assert isinstance(handle, Handle)
    ops.set_dict_tuple(handle, "key", [1, 2.5, "x"])
    assert ops.get_dict_tuple(handle, "key") == [1, 2.5, "x"]
    handle.clear()
    with pytest.raises(HalconError) as cleared:
        ops.get_dict_tuple(handle, "key")
    assert cleared.value.code == 2454


def test_calls_share_one_session(ops: Operators) -> None:
    ops.set_system("seed_rand", 7)
    first = ops.tuple_rand(3)
    ops.set_system("seed_rand", 7)
    assert ops.tuple_rand(3) == first


@hops.operator("broken_op", hops.ControlOut("Value", count=1))
def broken_op(ctx: hops.CallContext) -> tuple:
    """Raise a Python exception (a plugin bug)."""
    raise ZeroDivisionError("oops")


@hops.operator("bad_outputs", hops.ControlOut("Value", count=1))
def bad_outputs(ctx: hops.CallContext) -> tuple:
    """Return a list instead of a tuple of outputs."""
    return [1]  # type: ignore[return-value]


class BrokenPlugin:
    @hookimpl
    def hdlite_register_operators(self, registry: hops.OperatorRegistry) -> None:
        registry.add(broken_op)
        registry.add(bad_outputs)


def test_plugin_bugs_are_plugin_errors() -> None:
    ops = Operators(make_plugin_manager(autoload=False, plugins=[BrokenPlugin()]))
    assert {"bad_outputs", "broken_op"} <= set(ops.names())
    with pytest.raises(PluginError, match="ZeroDivisionError: oops") as info:
        ops.broken_op()
    assert info.value.operator == "broken_op" and info.value.plugin == "BrokenPlugin"
    with pytest.raises(PluginError, match="expected a tuple"):
        ops.bad_outputs()
