"""The generated bad-input sweep: every non-deep-learning operator, one argument at a time.

For each registered operator of the plugins in :data:`PLUGINS`, each input argument in
turn is replaced by every hostile value of :data:`HOSTILE_CONTROL` (control inputs) or
:data:`HOSTILE_ICONIC` (iconic inputs) while the other arguments keep valid values: the
declared ``default`` of each :class:`~hdlite.plugin.Param` where it is usable, a value
derived from the declared types and name otherwise, and :data:`GOOD_ARGS` where neither
is enough. Every call goes through the one protocol,
:func:`hdlite.plugin.calls.call_operator`, in this process, under a per-case time limit.

Accepted outcomes (:func:`run_case`): success with well-formed outputs, or a
:class:`~hdlite.errors.HalconError` with a code, located at the call and naming the
operator. Anything else (another exception, a :class:`~hdlite.errors.PluginError`, a time
limit hit, an image with 0 rows or columns among the outputs) is a failure.
"""

from __future__ import annotations

import io
import math
import os
import signal
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image as PILImage
from sweep_models import (
    GOOD_BY_NAME,
    GOOD_BY_OPERATOR,
    GOOD_IN_FOLDER,
    HANDLE_KIND_BY_NAME,
    HANDLE_MAKERS,
    MODEL_FILES,
    direct_variation_model,
    model_file,
    object_model_3d_file,
    writer_file,
    xld_shape_model,
)

from hdlite.answers import Answers
from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext, VariableRef, call_operator
from hdlite.plugin.host import PluginHost
from hdlite.plugin.registry import Operator, Param
from hdlite.runtime.session import Session
from hdlite.source import Span
from hdlite.values.control import Handle, Vector
from hdlite.values.iconic import Image, ObjectTuple, Region

#: plugins whose operators the sweep covers (hdlite_dl has its own catalogue: too slow here)
PLUGINS = ("core", "image", "display", "vision", "hdlite")
#: a call that gets no result within this many seconds counts as a hang
CASE_SECONDS = 2.0
#: operators that may legitimately block for as long as they are told to
MAY_BLOCK = frozenset({"wait_seconds"})

CALL_SPAN = Span("sweep.hdtxt", 1, 1, 1, 40)

Value = Any
Factory = Callable[["SweepEnv"], Value]


class CaseTimeout(KeyboardInterrupt):
    """Raised by the alarm handler: the case ran past :data:`CASE_SECONDS`.

    A KeyboardInterrupt so that no ``except Exception`` in an operator swallows it and the
    call protocol passes it on untouched.
    """


# -- the environment one case runs in ----------------------------------------------------


class SweepEnv:
    """A working folder with one valid file of each format, and a fresh session per case."""

    def __init__(self, host: PluginHost, folder: Path) -> None:
        self.host = host
        self.folder = folder
        self.session = Session(out=io.StringIO())
        self.handles: list[Handle] = []
        self._write_files()

    def _write_files(self) -> None:
        d = self.folder
        rng = np.random.default_rng(1)
        PILImage.fromarray(rng.integers(0, 255, (12, 16), dtype=np.uint8)).save(d / "good.png")
        (d / "lines.txt").write_text("first line\nsecond line\n", encoding="utf-8")
        self.call("write_tuple", (1, 2.5, "three"), (str(d / "good.tup"),))
        handle = self.dict_handle()
        self.call("write_dict", (handle,), (str(d / "good.hdict"),), (), ())
        (plain,) = self.call("json_to_dict", ('{"a": [1, 2], "b": {"c": "x"}}',), (), ())[0]
        self.call("write_dict", (plain,), (str(d / "good.json"),), (), ())
        self.call("write_object", ObjectTuple([gray_image(), rectangle()]), (str(d / "good"),))

    def fresh(self, display: bool) -> None:
        """A new session for the next case (with an open window for display operators)."""
        self.session = Session(out=io.StringIO())
        # a person's answer for each interactive operator (docs/interactive.md), so that their
        # valid calls succeed and the hostile values reach their argument checks
        self.session.answers = Answers(INTERACTIVE_ANSWERS, "the sweep's answers")
        self.handles = []
        (self.folder / "victim.txt").write_text("delete me", encoding="utf-8")
        (self.folder / "emptydir").mkdir(exist_ok=True)
        if display:
            self.call("dev_open_window", (0,), (0,), (48,), (40,), ("black",))

    def close(self) -> None:
        """Clear every handle the case created (closing files and windows)."""
        for handle in self.handles:
            if not handle.cleared:
                try:
                    handle.clear()
                except Exception:
                    pass
        self.session.notify_stop("end")

    def call(self, name: str, *inputs: Value) -> tuple:
        """Call an operator in the current session (for building valid arguments)."""
        op = self.host.registry.get(name)
        assert op is not None, name
        outputs = call_operator(CallContext(self.session, op, CALL_SPAN), list(inputs))
        for value in outputs:
            if isinstance(value, tuple):
                self.handles += [v for v in value if isinstance(v, Handle)]
        return outputs

    # valid handles of each kind
    def dict_handle(self) -> Handle:
        (handle,) = self.call("create_dict")[0]
        self.call("set_dict_tuple", (handle,), ("a",), (1, 2, 3))
        self.call("set_dict_object", ObjectTuple([gray_image()]), (handle,), ("obj",))
        return handle

    def matrix_handle(self) -> Handle:
        return self.call("create_matrix", (3,), (3,), (2.0, 1, 0, 0, 3.0, 1, 1, 0, 4.0))[0][0]

    def window_handle(self) -> Handle:
        return self.call("open_window", (0,), (0,), (48,), (40,), (0,), ("visible",), ("",))[0][0]

    def file_handle(self, mode: str = "output") -> Handle:
        name = "lines.txt" if mode.startswith("input") else f"out_{mode}.txt"
        return self.call("open_file", (str(self.folder / name),), (mode,))[0][0]

    def handle(self, kind: str, depth: int = 0) -> Handle:
        """A live handle of ``kind``: made by the sweep's own makers, or by the first
        registered operator that returns such a handle and succeeds on valid inputs (a
        plain dict handle when none does)."""
        make = {
            "dict": self.dict_handle,
            "matrix": self.matrix_handle,
            "window": self.window_handle,
            "file": self.file_handle,
        }.get(kind)
        if make is not None:
            return make()
        if kind in HANDLE_MAKERS:
            return HANDLE_MAKERS[kind](self)
        if depth < 2:
            for op in self._creators(kind):
                try:
                    values = valid_inputs(self, op, depth + 1)
                    outputs = self.call(op.name, *values)
                except HalconError:
                    continue
                for param, value in zip(op.outputs, outputs, strict=True):
                    if param.sem == kind and value and isinstance(value[0], Handle):
                        return value[0]
        return self.dict_handle()

    def _creators(self, kind: str) -> list[Operator]:
        ops = [
            op
            for op in self.host.registry.match()
            if op.plugin in PLUGINS and any(p.sem == kind for p in op.outputs)
        ]
        first = ("create_", "gen_", "open_", "read_")
        return sorted(ops, key=lambda op: (not op.name.startswith(first), op.name))


# -- objects -------------------------------------------------------------------------------


def gray_image(height: int = 12, width: int = 16, pixel_type: str = "byte", channels: int = 1):
    """A gradient image with full domain."""
    dtype = {"byte": np.uint8, "real": np.float32, "uint2": np.uint16, "int2": np.int16}
    ramp = np.arange(channels * height * width, dtype=np.float64).reshape(channels, height, width)
    return Image((ramp % 200 + 10).astype(dtype[pixel_type]), pixel_type)


def rectangle() -> Region:
    """A small rectangle inside :func:`gray_image`."""
    return Region.rectangle(2, 3, 7, 10)


def contour() -> Any:
    """An XLD contour, made by the display plugin's own operator."""
    return None  # replaced in valid_object through gen_contour_polygon_xld


def _object_kind(op: Operator, param: Param) -> str:
    """'image', 'region' or 'xld': what a valid object of ``param`` is."""
    special = GOOD_OBJECTS.get((op.name, param.name))
    if special is not None:
        return special
    name = param.name.lower()
    if "xld" in name or "contour" in name:
        return "xld"
    if "region" in name or name in ("sub", "newdomain"):
        return "region"
    return "image"


def valid_object(env: SweepEnv, op: Operator, param: Param) -> ObjectTuple:
    """A valid object tuple for an iconic input."""
    kind = _object_kind(op, param)
    if kind == "region":
        return ObjectTuple([rectangle()])
    if kind == "xld":
        return env.call("gen_contour_polygon_xld", (1.0, 5.0, 9.0), (2.0, 8.0, 3.0))[0]
    if kind == "image_real":
        return ObjectTuple([gray_image(pixel_type="real")])
    if kind.startswith("image"):
        channels = int(kind[5:] or 1)
        return ObjectTuple([gray_image(channels=channels)])
    raise AssertionError(kind)


#: iconic inputs that need another object than their name suggests
GOOD_OBJECTS: dict[tuple[str, str], str] = {
    ("decompose2", "MultiChannelImage"): "image2",
    ("decompose3", "MultiChannelImage"): "image3",
    ("decompose4", "MultiChannelImage"): "image4",
    ("decompose5", "MultiChannelImage"): "image5",
    ("decompose6", "MultiChannelImage"): "image6",
    ("decompose7", "MultiChannelImage"): "image7",
    ("access_channel", "MultiChannelImage"): "image3",
    ("rgb1_to_gray", "RGBImage"): "image3",
    ("image_to_channels", "MultiChannelImage"): "image3",
    ("add_samples_image_class_mlp", "Image"): "image3",  # the sweep's MLP has 3 inputs
    ("classify_image_class_mlp", "Image"): "image3",
    ("add_samples_image_class_gmm", "Image"): "image3",  # the sweep's GMM has 3 features
    ("classify_image_class_gmm", "Image"): "image3",
    ("add_samples_image_class_knn", "Image"): "image3",  # the sweep's k-NN has 3 features
    ("classify_image_class_knn", "Image"): "image3",
    ("add_samples_image_class_svm", "Image"): "image3",  # the sweep's SVM has 3 features
    ("classify_image_class_svm", "Image"): "image3",
    ("disp_region", "DervRegions"): "region",
    ("area_center", "Regions"): "region",
    ("smallest_rectangle1", "Regions"): "region",
    ("inner_rectangle1", "Regions"): "region",
    ("intensity", "Regions"): "region",
    ("min_max_gray", "Regions"): "region",
    ("union1", "Region"): "region",
    ("xyz_to_object_model_3d", "X"): "image_real",
    ("xyz_to_object_model_3d", "Y"): "image_real",
    ("xyz_to_object_model_3d", "Z"): "image_real",
}


# -- valid control values ------------------------------------------------------------------


def _fixed(value: Value) -> Factory:
    return lambda env: value


def _in(name: str) -> Factory:
    return lambda env: (str(env.folder / name),)


_WARM: list[bool] = []


def _anomaly_model(env: SweepEnv) -> Value:
    """A small untrained anomaly detection model (32 x 32, one channel)."""
    (handle,) = env.call("read_dl_model", ("initial_dl_anomaly_medium.hdl",))[0]
    env.call("set_dl_model_param", (handle,), ("image_dimensions",), (32, 32, 1))
    env.call("set_dl_model_param", (handle,), ("complexity",), (2,))
    env.call("set_dl_model_param", (handle,), ("runtime",), ("cpu",))
    if not _WARM:  # one short training first: torch's one-time set-up is not timed
        param = _dict_of(max_num_epochs=(1,))
        env.call("train_dl_model_anomaly_dataset", (handle,), _anomaly_samples(env), (param,))
        _WARM.append(True)
    return (handle,)


def _dict_of(**entries: tuple) -> Any:
    from hdlite.values.control import Handle

    return Handle("dict", dict(entries))


def _anomaly_samples(env: SweepEnv) -> Value:
    """Two preprocessed sample dicts of 32 x 32 one-channel real images."""
    from hdlite.values.control import Handle
    from hdlite.values.iconic import Image, ObjectTuple

    rng = np.random.default_rng(0)
    return tuple(
        Handle(
            "dict",
            {"image": ObjectTuple([Image(rng.normal(size=(32, 32)).astype(np.float32), "real")])},
        )
        for _ in range(2)
    )


#: (operator, parameter) -> a valid value, where the declared default is not enough
GOOD_ARGS: dict[tuple[str, str], Factory] = {
    ("wait_seconds", "Seconds"): _fixed((0.0,)),
    ("get_dl_model_layer", "DLModelHandle"): lambda env: env.call(
        "create_dl_model", (env.handle("dl_layer"),)
    )[0],
    ("get_dl_model_layer", "LayerNames"): _fixed(("sweep_input",)),
    ("get_dl_model_layer_param", "DLModelHandle"): lambda env: env.call(
        "create_dl_model", (env.handle("dl_layer"),)
    )[0],
    ("get_dl_model_layer_param", "LayerName"): _fixed(("sweep_input",)),
    ("set_dl_model_layer_param", "DLModelHandle"): lambda env: env.call(
        "create_dl_model", (env.handle("dl_layer"),)
    )[0],
    ("set_dl_model_layer_param", "LayerName"): _fixed(("sweep_input",)),
    ("set_dl_model_layer_param", "ParamValue"): _fixed(("true",)),
    ("train_dl_model_anomaly_dataset", "DLModelHandle"): _anomaly_model,
    ("train_dl_model_anomaly_dataset", "DLSamples"): _anomaly_samples,
    ("train_dl_model_anomaly_dataset", "DLTrainParam"): lambda env: (
        _dict_of(max_num_epochs=(1,), domain_ratio=(0.5,)),
    ),
    ("set_shape_model_metric", "ModelID"): lambda env: (xld_shape_model(env),),
    ("deserialize_shape_model", "SerializedItemHandle"): lambda env: env.call(
        "serialize_shape_model", (env.handle("shape_model"),)
    )[0],
    ("deserialize_ncc_model", "SerializedItemHandle"): lambda env: env.call(
        "serialize_ncc_model", (env.handle("ncc_model"),)
    )[0],
    ("prepare_direct_variation_model", "ModelID"): lambda env: (direct_variation_model(env),),
    ("read_tuple", "FileName"): _in("good.tup"),
    ("read_object_model_3d", "FileName"): object_model_3d_file,
    ("write_tuple", "FileName"): _in("written.tup"),
    ("read_dict", "FileName"): _in("good.hdict"),
    ("write_dict", "FileName"): _in("written.hdict"),
    ("read_object", "FileName"): _in("good.hobj"),
    ("write_object", "FileName"): _in("written"),
    ("read_image", "FileName"): _in("good.png"),
    ("write_image", "FileName"): _in("written"),
    ("write_image", "Format"): _fixed(("png",)),
    ("dump_window", "FileName"): _in("dump"),
    ("open_file", "FileName"): _in("opened.txt"),
    ("delete_file", "FileName"): _in("victim.txt"),
    ("file_exists", "FileName"): _in("good.tup"),
    ("list_files", "Directory"): lambda env: (str(env.folder),),
    ("list_files", "Options"): _fixed(("files",)),
    ("make_dir", "DirName"): _in("made"),
    ("remove_dir", "DirName"): _in("emptydir"),
    ("set_current_dir", "DirName"): lambda env: (str(env.folder),),
    ("json_to_dict", "JsonString"): _fixed(('{"a": [1, 2], "b": "x"}',)),
    ("get_dict_object", "Key"): _fixed(("obj",)),
    ("get_dict_param", "Key"): _fixed(()),
    ("get_dict_tuple_at", "Index"): _fixed((0,)),
    ("set_dict_tuple_at", "Index"): _fixed((0,)),
    ("get_error_text", "ErrorCode"): _fixed((1302,)),
    ("fread_bytes", "NumberOfBytes"): _fixed((4,)),
    ("fwrite_bytes", "DataToWrite"): _fixed((65, 66)),
    ("tuple_gen_const", "Length"): _fixed((3,)),
    ("tuple_gen_sequence", "End"): _fixed((5,)),
    ("tuple_histo_range", "Max"): _fixed((10,)),
    ("tuple_histo_range", "NumBins"): _fixed((4,)),
    ("tuple_rand", "Length"): _fixed((3,)),
    ("tuple_first_n", "Index"): _fixed((1,)),
    ("tuple_last_n", "Index"): _fixed((1,)),
    ("tuple_select_range", "Rightindex"): _fixed((1,)),
    ("tuple_chr", "Ord"): _fixed((65, 66)),
    ("tuple_chrt", "T"): _fixed((65, 66)),
    ("tuple_regexp_replace", "Replace"): _fixed(("X",)),
    ("tuple_str_replace", "After"): _fixed(("X",)),
    ("tuple_string", "Format"): _fixed((".3f",)),
    ("tuple_select_mask", "Mask"): _fixed((1, 0, 1)),
    ("tuple_environment", "Names"): _fixed(("HOME",)),
    ("create_funct_1d_array", "YValues"): _fixed((1.0, 3.0, 2.0)),
    ("create_funct_1d_pairs", "XValues"): _fixed((0.0, 1.0, 2.0)),
    ("create_funct_1d_pairs", "YValues"): _fixed((1.0, 3.0, 2.0)),
    ("get_pair_funct_1d", "Index"): _fixed((1,)),
    ("get_y_value_funct_1d", "X"): _fixed((0.5,)),
    ("scale_matrix", "Factor"): _fixed((2.0,)),
    ("scale_matrix_mod", "Factor"): _fixed((2.0,)),
    ("set_full_matrix", "Values"): _fixed(tuple(float(v) for v in range(9))),
    ("set_value_matrix", "Value"): _fixed((1.5,)),
    ("gen_image_const", "Width"): _fixed((16,)),
    ("gen_image_const", "Height"): _fixed((12,)),
    ("gen_gauss_filter", "Width"): _fixed((16,)),
    ("gen_gauss_filter", "Height"): _fixed((12,)),
    ("region_to_bin", "Width"): _fixed((16,)),
    ("region_to_bin", "Height"): _fixed((12,)),
    ("tile_images_offset", "Width"): _fixed((16,)),
    ("tile_images_offset", "Height"): _fixed((12,)),
    ("zoom_image_size", "Width"): _fixed((8,)),
    ("zoom_image_size", "Height"): _fixed((6,)),
    ("crop_part", "Row"): _fixed((1,)),
    ("crop_part", "Column"): _fixed((2,)),
    ("crop_part", "Width"): _fixed((5,)),
    ("crop_part", "Height"): _fixed((4,)),
    ("crop_rectangle1", "Row1"): _fixed((1,)),
    ("crop_rectangle1", "Column1"): _fixed((2,)),
    ("crop_rectangle1", "Row2"): _fixed((6,)),
    ("crop_rectangle1", "Column2"): _fixed((9,)),
    ("rectangle1_domain", "Row1"): _fixed((1,)),
    ("rectangle1_domain", "Column1"): _fixed((2,)),
    ("rectangle1_domain", "Row2"): _fixed((6,)),
    ("rectangle1_domain", "Column2"): _fixed((9,)),
    ("mean_image", "MaskWidth"): _fixed((3,)),
    ("mean_image", "MaskHeight"): _fixed((3,)),
    ("open_window", "Width"): _fixed((48,)),
    ("open_window", "Height"): _fixed((40,)),
    ("dev_open_window", "Width"): _fixed((48,)),
    ("dev_open_window", "Height"): _fixed((40,)),
    ("set_window_extents", "Width"): _fixed((48,)),
    ("set_window_extents", "Height"): _fixed((40,)),
    ("dev_set_window_extents", "Width"): _fixed((48,)),
    ("dev_set_window_extents", "Height"): _fixed((40,)),
    ("set_font", "Font"): _fixed(("mono-12",)),
    ("get_window_param", "Param"): _fixed(("flush",)),
    ("set_window_param", "ParamName"): _fixed(("flush",)),
    ("set_window_param", "ParamValue"): _fixed(("false",)),
    ("set_window_attr", "AttributeValue"): _fixed(("black",)),
    ("get_window_attr", "AttributeName"): _fixed(("background_color",)),
    ("set_window_attr", "AttributeName"): _fixed(("background_color",)),
    ("dev_get_preferences", "PreferenceNames"): _fixed(("suppress_handle_fetch",)),
    ("dev_set_preferences", "PreferenceNames"): _fixed(("suppress_handle_fetch",)),
    ("dev_set_preferences", "PreferenceValues"): _fixed(("false",)),
    ("dev_get_system", "SystemName"): _fixed(("engine_environment",)),
    ("dev_show_tool", "Tool"): _fixed(("graphics_window",)),
    ("dev_show_tool", "Action"): _fixed(("show",)),
    ("dev_set_tool_geometry", "ToolId"): _fixed(("graphics_window",)),
    ("dev_get_exception_data", "Exception"): _fixed((1302, "Wrong value", 21000)),
    ("par_join", "ThreadID"): _fixed(()),
    ("assign_at", "Index"): _fixed((0,)),
    ("insert", "Index"): _fixed((0,)),
    ("insert", "Input"): _fixed((1, 2)),
    # a line needs two different points; read_sequence reads the first bytes of a file
    ("distance_pl", "Row2"): _fixed((9.0,)),
    ("projection_pl", "Row2"): _fixed((9.0,)),
    ("distance_sl", "RowB2"): _fixed((9.0,)),
    ("intersection_segment_line", "LineRow2"): _fixed((9.0,)),
    ("intersection_line_circle", "LineRow2"): _fixed((9.0,)),
    ("intersection_segment_circle", "SegmentRow2"): _fixed((9.0,)),
    ("read_sequence", "FileName"): _in("good.png"),
    ("read_sequence", "SourceWidth"): _fixed((4,)),
    ("read_sequence", "SourceHeight"): _fixed((2,)),
    ("read_sequence", "DestWidth"): _fixed((4,)),
    ("read_sequence", "DestHeight"): _fixed((2,)),
    ("clear_handle", "Handle"): lambda env: (env.dict_handle(),),
}

_NUMBER_TYPES = frozenset({"integer", "real", "number"})
_STRING_BY_NAME = {
    "Format": (".3f",),
    "Separator": (",",),
    "Separators": (",",),
    "Expression": ("b",),
    "Before": ("b",),
    "ToFind": ("b",),
    "Char": ("a", "b"),
}


def valid_control(env: SweepEnv, op: Operator, param: Param, depth: int = 0) -> Value:
    """A valid value for a control input."""
    factory = GOOD_ARGS.get((op.name, param.name))
    if factory is not None:
        return factory(env)
    if (op.name, param.name) in GOOD_IN_FOLDER:
        return (str(env.folder / GOOD_IN_FOLDER[op.name, param.name]),)
    if (op.name, param.name) in GOOD_BY_OPERATOR:
        return GOOD_BY_OPERATOR[op.name, param.name]
    if op.name in MODEL_FILES and param.types == {"string"}:
        return model_file(env, op.name)
    if op.name.startswith("write_") and param.name in ("FileName", "CamParFile", "PoseFile"):
        return writer_file(env, op.name)
    if param.name in GOOD_BY_NAME:
        return GOOD_BY_NAME[param.name]
    if param.name in HANDLE_KIND_BY_NAME:
        return (env.handle(HANDLE_KIND_BY_NAME[param.name], depth),)
    if param.sem == "variable":
        return VariableRef(object(), lambda value: None)
    if "vector" in param.types:
        return Vector([(1,), (2,), (3,)])
    if "handle" in param.types and param.sem:
        mode = "output"
        if op.name.startswith("fread"):
            mode = "input"
        if op.name.endswith("_bytes"):
            mode += "_binary"
        if param.sem == "file":
            return (env.file_handle(mode),)
        return (env.handle(param.sem, depth),)
    if param.default is not None:
        value = param.default if isinstance(param.default, tuple) else (param.default,)
        if param.values and any(v not in param.values for v in value):
            value = (param.values[0],)
        return value
    if param.values:
        return (param.values[0],)
    if (len(param.types) == 1 and "string" in param.types) or param.types == {"string"}:
        return _STRING_BY_NAME.get(param.name, ("abc",))
    count = param.count
    if isinstance(count, tuple) and count[0] >= 6:  # a 2-D homogeneous matrix
        return (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    if isinstance(count, tuple) and count[0] == 4:  # a 1-D function
        return env.call("create_funct_1d_array", (1.0, 3.0, 2.0))[0]
    if count == 1 or param.types & _NUMBER_TYPES:
        number = 2.0 if param.types <= {"real"} else 2
        return (
            (number,)
            if count == 1
            else (3, 1, 2)
            if "real" not in param.types
            else (
                1.5,
                0.5,
                2.0,
            )
        )
    return (3, 1, 2)


def valid_inputs(env: SweepEnv, op: Operator, depth: int = 0) -> list[Value]:
    """Valid values for every input of ``op``, in signature order."""
    return [
        valid_object(env, op, p) if p.kind == "iconic" else valid_control(env, op, p, depth)
        for p in op.inputs
    ]


# -- hostile values --------------------------------------------------------------------------


def _cleared(env: SweepEnv, param: Param) -> Value:
    handle = env.handle(param.sem) if param.sem and param.sem != "variable" else env.dict_handle()
    handle.clear()
    return (handle,)


def _wrong_kind(env: SweepEnv, param: Param) -> Value:
    return (env.matrix_handle(),) if param.sem == "dict" else (env.dict_handle(),)


#: label -> value for a control input (a function of the environment and the parameter)
HOSTILE_CONTROL: dict[str, Callable[[SweepEnv, Param], Value]] = {
    "empty": lambda env, p: (),
    "zero": lambda env, p: (0,),
    "minus_one": lambda env, p: (-1,),
    "two_pow_63": lambda env, p: (2**63,),
    "minus_two_pow_63": lambda env, p: (-(2**63),),
    "int64_max": lambda env, p: (2**63 - 1,),
    "inf": lambda env, p: (math.inf,),
    "minus_inf": lambda env, p: (-math.inf,),
    "nan": lambda env, p: (math.nan,),
    "1e300": lambda env, p: (1e300,),
    "26_digits": lambda env, p: (12345678901234567890123456,),
    "string": lambda env, p: ("hostile",),
    "empty_string": lambda env, p: ("",),
    "mixed": lambda env, p: (1, "a", 2.5),
    "long_tuple": lambda env, p: tuple(range(1000)),
    "cleared_handle": _cleared,
    "wrong_handle": _wrong_kind,
}


def _other_type(env: SweepEnv, valid: ObjectTuple) -> ObjectTuple:
    out = []
    for obj in valid:
        if isinstance(obj, Image):
            other = "real" if obj.pixel_type != "real" else "byte"
            obj = gray_image(obj.height, obj.width, other, obj.channels)
        out.append(obj)
    return ObjectTuple(out)


def _wrong_object(env: SweepEnv, valid: ObjectTuple) -> ObjectTuple:
    if any(isinstance(obj, Image) for obj in valid):
        return ObjectTuple([rectangle()])
    return ObjectTuple([gray_image()])


#: label -> value for an iconic input (a function of the environment and the valid value).
#: Images with 0 rows or columns are not among them: HALCON has no such images (every
#: image operator requires Width >= 1 and Height >= 1), so hdlite refuses them where they
#: could arise (read_object, read_dict, image-creating operators) and the sweep checks that
#: no operator returns one (:func:`_check_outputs`).
HOSTILE_ICONIC: dict[str, Callable[[SweepEnv, ObjectTuple], ObjectTuple]] = {
    "no_objects": lambda env, v: ObjectTuple(),
    "empty_region": lambda env, v: ObjectTuple([Region(0, 0, np.zeros((0, 0), dtype=bool))]),
    "empty_domain": lambda env, v: ObjectTuple(
        [Image(gray_image().data, "byte", Region(0, 0, np.zeros((0, 0), dtype=bool)))]
    ),
    "image_1x1": lambda env, v: ObjectTuple([gray_image(1, 1)]),
    "other_pixel_type": _other_type,
    "wrong_object_kind": _wrong_object,
    "two_objects": lambda env, v: v + v,
}


# -- running one case ------------------------------------------------------------------------


_POINTS = [[5.0, 5.0], [5.0, 30.0], [40.0, 20.0]]
INTERACTIVE_ANSWERS: dict[str, list[Any]] = {
    **{
        name: [answer]
        for names, answer in (
            (("draw_rectangle1", "draw_line"), [4.0, 6.0, 30.0, 35.0]),
            (("draw_rectangle2",), [20.0, 20.0, 0.3, 10.0, 5.0]),
            (("draw_circle",), [20.0, 20.0, 8.0]),
            (("draw_ellipse",), [20.0, 20.0, 0.3, 10.0, 5.0]),
            (("draw_point",), [12.0, 15.0]),
        )
        for base in names
        for name in (base, base + "_mod")
    },
    **{name: [_POINTS] for name in ("draw_region", "draw_polygon", "draw_xld")},
    "dev_open_file_dialog": ["victim.txt"],
    **{
        name: [[10, 12, 1]]
        for name in ("get_mbutton", "get_mposition", "get_mbutton_sub_pix", "get_mposition_sub_pix")
    },
}


@dataclass(frozen=True)
class Case:
    """One call: ``op`` with input ``index`` replaced by hostile value ``label``."""

    op: str
    index: int  # -1: the valid baseline call
    label: str

    @property
    def id(self) -> str:
        return f"{self.op}[{self.index}]={self.label}"


@dataclass
class Outcome:
    """How a case ended: 'ok', 'error' (a located HalconError) or 'failure'."""

    kind: str
    detail: str = ""
    code: int = 0


def generate_cases(
    host: PluginHost, *, full: bool, plugins: tuple[str, ...] = PLUGINS
) -> list[Case]:
    """Every case of the sweep (``full``) or a deterministic sample for CI.

    The sample keeps each operator's baseline and, for every argument, a rotating third
    of the hostile values (chosen by a CRC of operator and argument), so that every value
    meets every kind of argument across the operator set.
    """
    cases = []
    for name in host.registry.names():
        op = host.registry.get(name)
        assert op is not None
        if op.plugin not in plugins:
            continue
        cases.append(Case(name, -1, "valid"))
        for index, param in enumerate(op.inputs):
            if param.sem == "variable":
                continue
            labels = list(HOSTILE_ICONIC if param.kind == "iconic" else HOSTILE_CONTROL)
            if not full:
                offset = zlib.crc32(f"{name}/{param.name}".encode())
                labels = [lab for k, lab in enumerate(labels) if (k + offset) % 3 == 0]
            cases += [Case(name, index, label) for label in labels]
    return cases


def _check_outputs(outputs: tuple) -> str:
    for value in outputs:
        if isinstance(value, ObjectTuple):
            for obj in value:
                if isinstance(obj, Image) and (obj.height < 1 or obj.width < 1):
                    return f"an output image has {obj.height} rows and {obj.width} columns"
    return ""


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout


def run_case(env: SweepEnv, case: Case) -> Outcome:
    """Run one case in a fresh session; classify the outcome."""
    op = env.host.registry.get(case.op)
    assert op is not None
    env.fresh(display=op.plugin == "display")
    try:
        values = valid_inputs(env, op)
        if case.index >= 0:
            param = op.inputs[case.index]
            if param.kind == "iconic":
                values[case.index] = HOSTILE_ICONIC[case.label](env, values[case.index])
            else:
                values[case.index] = HOSTILE_CONTROL[case.label](env, param)
    except HalconError as exc:  # the sweep's own set-up failed
        env.close()
        return Outcome("failure", f"set-up: {exc}")
    ctx = CallContext(env.session, op, CALL_SPAN, [None] * len(op.inputs))
    cwd = os.getcwd()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.5 if case.op in MAY_BLOCK else CASE_SECONDS)
    try:
        outputs = call_operator(ctx, values)
        signal.setitimer(signal.ITIMER_REAL, 0)
        bad = _check_outputs(outputs)
        return Outcome("failure", bad) if bad else Outcome("ok")
    except CaseTimeout:
        if case.op in MAY_BLOCK:
            return Outcome("ok", "blocked as told")
        return Outcome("failure", f"no result within {CASE_SECONDS} s")
    except HalconError as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not isinstance(exc.code, int) or exc.code <= 0:
            return Outcome("failure", f"HalconError without a code: {exc!r}")
        if exc.span is None or exc.operator != case.op:
            return Outcome("failure", f"unlocated error {exc.code} ({exc.operator!r}): {exc}")
        return Outcome("error", str(exc), exc.code)
    except BaseException as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if isinstance(exc, KeyboardInterrupt) and not isinstance(exc, CaseTimeout):
            raise
        return Outcome("failure", f"{type(exc).__name__}: {exc}"[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if os.getcwd() != cwd:
            os.chdir(cwd)
        env.close()


def run_sweep(env: SweepEnv, cases: list[Case]) -> Iterator[tuple[Case, Outcome, float]]:
    """Run cases one after the other; yield each with its outcome and duration."""
    for case in cases:
        start = time.perf_counter()
        outcome = run_case(env, case)
        yield case, outcome, time.perf_counter() - start
