"""Measure objects in files and serialized items: write_measure, read_measure,
serialize_measure and deserialize_measure.

From HALCON's reference pages (write_measure, read_measure, serialize_measure,
deserialize_measure, found with the ``search`` tool): write_measure writes a measure object
made by gen_measure_rectangle2 or gen_measure_arc to FileName (default extension 'msr', not
added by the operator); read_measure reads it into a new measure handle; serialize_measure
converts "the same data that is written in a file by write_measure" into a serialized item.

The file (and the item's data) is the plugin's own array model format (``_model_files``,
kind 'measure', never pickle): the geometry, Width, Height and Interpolation as parameters
and the sampling grid as float64 arrays, so a read object measures exactly as the written
one, also after translate_measure. A missing file is 5200, a foreign or damaged one 5238;
an item that holds no measure object is 9580 [unverified: HALCON's code for a wrong item].
close_all_measures is left out: the reference marks it obsolete and, since HALCON 18.05,
inoperable (it only served HDevelop's "reset program").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._model_files import decode_model, encode_model, read_file, write_file
from .measure import _INTERP, MeasureObject

KIND = "measure"
_ITEM = "serialized_item"
_NO_ITEM = 9580
_GRID = ("rows", "cols", "profile_rows", "profile_cols")
_GEOMETRY = {"rectangle2": 5, "arc": 6}


def _measure(handle: tuple) -> MeasureObject:
    obj = handle[0].obj
    assert isinstance(obj, MeasureObject)
    return obj


def measure_bytes(m: MeasureObject) -> bytes:
    """The bytes of a measure file."""
    params = {
        "shape": m.shape,
        "geometry": [float(v) for v in m.geometry],
        "width": int(m.width),
        "height": int(m.height),
        "interpolation": m.interpolation,
    }
    arrays = {name: np.asarray(getattr(m, name), dtype="<f8") for name in _GRID}
    return encode_model(KIND, params, arrays)


def _checked(params: dict[str, Any], arrays: dict[str, np.ndarray]) -> MeasureObject:
    """The measure object of decoded file contents; ValueError when they do not form one."""
    shape = params["shape"]
    geometry = tuple(float(v) for v in params["geometry"])
    if shape not in _GEOMETRY or len(geometry) != _GEOMETRY[shape]:
        raise ValueError(f"shape {shape!r} with {len(geometry)} geometry values")
    width, height, interp = params["width"], params["height"], params["interpolation"]
    if type(width) is not int or type(height) is not int or width <= 0 or height <= 0:
        raise ValueError(f"size {width!r} x {height!r}")
    if interp not in _INTERP:
        raise ValueError(f"interpolation {interp!r}")
    grid = [np.array(arrays[name], dtype=np.float64) for name in _GRID]
    rows, cols, prow, pcol = grid
    if rows.ndim != 2 or rows.shape[0] < 1 or rows.shape[1] < 1 or cols.shape != rows.shape:
        raise ValueError("sampling grid shape")
    if prow.shape != (rows.shape[0],) or pcol.shape != prow.shape:
        raise ValueError("profile shape")
    if not all(np.isfinite(a).all() for a in grid) or not all(np.isfinite(geometry)):
        raise ValueError("values that are not finite")
    return MeasureObject(shape, geometry, width, height, interp, rows, cols, prow, pcol)


def measure_from_bytes(ctx: CallContext, raw: bytes, where: str, code: int) -> MeasureObject:
    """The measure object of a file's bytes; ``code`` when they hold none."""
    params, arrays = decode_model(ctx, raw, KIND, where, code)
    try:
        return _checked(params, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(code, f"{where}: damaged measure object ({exc})") from None


_HANDLE = ControlIn("MeasureHandle", types="handle", count=1, sem="measure")


@operator("write_measure", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_measure(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Write the measure object to a file that read_measure reads back."""
    write_file(ctx, name[0], measure_bytes(_measure(handle)))
    return ()


@operator(
    "read_measure",
    ControlIn("FileName", types="string", count=1),
    ControlOut("MeasureHandle", types="handle", count=1, sem="measure"),
)
def read_measure(ctx: CallContext, name: tuple) -> tuple:
    """Read a measure object written by write_measure."""
    m = measure_from_bytes(ctx, read_file(ctx, name[0]), name[0], 5238)
    return ((ctx.new_handle("measure", m),),)


@operator(
    "serialize_measure",
    _HANDLE,
    ControlOut("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
)
def serialize_measure(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the measure object (the bytes of its file) into a serialized item."""
    from hdlite_dl.serialized import SerializedItem

    item = SerializedItem(measure_bytes(_measure(handle)), KIND)
    return ((ctx.new_handle(_ITEM, item),),)


@operator(
    "deserialize_measure",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
    ControlOut("MeasureHandle", types="handle", count=1, sem="measure"),
)
def deserialize_measure(ctx: CallContext, item: tuple) -> tuple:
    """The measure object of a serialized item made by serialize_measure."""
    raw = bytes(getattr(item[0].obj, "data", b""))
    m = measure_from_bytes(ctx, raw, "serialized item", _NO_ITEM)
    return ((ctx.new_handle("measure", m),),)
