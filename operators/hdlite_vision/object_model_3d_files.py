"""Reading, writing and serializing 3-D object models (formats: :mod:`._om3d_io`).

read_object_model_3d (reference page): FileName, Scale (a unit 'm', 'cm', 'mm', 'um',
'nm', '100um' or a factor the coordinates are multiplied by; 'm' keeps them), generic
parameter 'file_type' ('om3', 'ply', 'off', 'obj'; else from the file's extension; a name
without extension that does not exist is tried with '.om3'), and a Status output (hdlite
returns no status strings). write_object_model_3d: FileType 'om3', 'ply' (ASCII),
'ply_binary', 'off', 'obj'. A missing file is 5200, an unreadable or damaged one 5238, an
om3 of an unknown version 2403, a write failure 5215.
"""

from __future__ import annotations

import os

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, operator

from . import _om3d_io as io3
from ._model_files import read_file, write_file
from ._om3d import gen_params, handle_in, handle_out, model_of, new

_SCALES = {
    "m": 1.0,
    "cm": 0.01,
    "mm": 0.001,
    "um": 1e-6,
    "microns": 1e-6,
    "nm": 1e-9,
    "100um": 1e-4,
}
_READERS = {"ply": io3.read_ply, "off": io3.read_off, "obj": io3.read_obj, "om3": io3.decode_om3}
_WRITE_TYPES = ("om3", "ply", "ply_binary", "off", "obj")
_GEN = (
    ControlIn("GenParamName", types="string", count=(0, None), default=()),
    ControlIn("GenParamValue", types=("string", "number"), count=(0, None), default=()),
)


def _decode(ctx: CallContext, raw: bytes, kind: str, what: str):  # type: ignore[no-untyped-def]
    try:
        return _READERS[kind](raw)
    except HalconError as exc:
        raise ctx.error(exc.code, f"{what}: {exc.detail}") from None
    except Exception as exc:  # anything malformed inside is a damaged file
        raise ctx.error(5238, f"{what}: damaged {kind} file ({exc!r:.200})") from None


@operator(
    "read_object_model_3d",
    ControlIn("FileName", types="string", count=1),
    ControlIn("Scale", types=("string", "number"), count=1, default="m"),
    *_GEN,
    handle_out("ObjectModel3D"),
    ControlOut("Status", types="string"),
)
def read_object_model_3d(ctx: CallContext, name, scale, names, values) -> tuple:
    """Read a model from a PLY, OFF, OBJ or hdlite om3 file, coordinates scaled to metres
    by Scale."""
    opts = gen_params(ctx, names, values, {"file_type": "", "convert_to_triangles": "false"})
    factor = _scale(ctx, scale[0])
    path = str(name[0])
    if not os.path.exists(path) and not os.path.splitext(path)[1]:
        path += ".om3"
    kind = str(opts["file_type"]) or os.path.splitext(path)[1][1:].lower() or "om3"
    if kind not in _READERS:
        raise ctx.param_error("value", "GenParamValue", f"file_type {kind!r}")
    model = _decode(ctx, read_file(ctx, path), kind, path)
    if factor != 1.0:
        model.points = model.points * factor
    return ((new(ctx, model),), ())


def _scale(ctx: CallContext, scale) -> float:  # type: ignore[no-untyped-def]
    if isinstance(scale, str):
        if scale not in _SCALES:
            raise ctx.param_error("value", "Scale", f"{scale!r}")
        return _SCALES[scale]
    if not scale > 0:
        raise ctx.param_error("value", "Scale", "must be positive")
    return float(scale)


@operator(
    "write_object_model_3d",
    handle_in(),
    ControlIn("FileType", types="string", count=1, default="om3", values=_WRITE_TYPES),
    ControlIn("FileName", types="string", count=1),
    *_GEN,
)
def write_object_model_3d(ctx: CallContext, handle, kind, name, names, values) -> tuple:
    """Write the model as 'om3' (hdlite's own lossless format), 'ply', 'ply_binary', 'off'
    or 'obj' (points, normals and triangles; PLY also point attributes)."""
    gen_params(ctx, names, values, {"invert_normals": "false"})
    model = model_of(ctx, handle[0])
    if kind[0] == "om3":
        data = io3.encode_om3(model)
    elif kind[0] in ("ply", "ply_binary"):
        data = io3.write_ply(model, kind[0] == "ply_binary")
    elif kind[0] == "off":
        data = io3.write_off(model)
    else:
        data = io3.write_obj(model)
    write_file(ctx, str(name[0]), data)
    return ()


@operator(
    "serialize_object_model_3d",
    handle_in(),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
)
def serialize_object_model_3d(ctx: CallContext, handle: tuple) -> tuple:
    """The model as a serialized item (the bytes of its om3 file)."""
    from hdlite_dl.serialized import SerializedItem

    item = SerializedItem(io3.encode_om3(model_of(ctx, handle[0])), "object_model_3d")
    return ((ctx.new_handle("serialized_item", item),),)


@operator(
    "deserialize_object_model_3d",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
    handle_out("ObjectModel3D"),
)
def deserialize_object_model_3d(ctx: CallContext, item: tuple) -> tuple:
    """A model from a serialized item of serialize_object_model_3d; any other item is
    9580 (not a valid serialized item)."""
    data = bytes(getattr(item[0].obj, "data", b""))
    try:
        model = io3.decode_om3(data)
    except Exception:
        raise ctx.error(9580, "the item holds no 3D object model") from None
    return ((new(ctx, model),),)
