"""2-D data codes: create_data_code_2d_model, find_data_code_2d and the result, object and
parameter operators of a data code model (zxing-cpp decodes; see _codes.py).

Symbol types: 'Data Matrix ECC 200', 'QR Code', 'Micro QR Code', 'PDF417', 'Aztec Code' and
the GS1 variants 'GS1 DataMatrix', 'GS1 QR Code', 'GS1 Aztec Code' (which accept only
symbols that carry GS1 data). 'DotCode' and 'GS1 DotCode' are HALCON types zxing-cpp cannot
read: wrong value.

find_data_code_2d returns one closed XLD contour per decoded symbol (its four corners, the
first repeated; corners to about a pixel), a result handle per symbol and the decoded
strings. Result handles are candidate numbers 0, 1, ...: decoded symbols first, then
symbols found but not decoded (CandidateHandle 'all_undecoded') [unverified numbering].
GenParamName of find_data_code_2d: 'stop_after_result_num' (at least 1) and 'train'
('all': the model takes the polarity, module size and symbol size of the first symbol).

Parameters that change what is found: 'polarity' (searched in the image or its inverse),
'default_parameters' ('enhanced_recognition'/'maximum_recognition' search both polarities),
and with 'strict_model' = 'yes' the symbol size limits ('symbol_rows/cols_min/max' and
'symbol_shape' for Data Matrix, 'version_min/max' and 'symbol_size_min/max' for QR codes).
The others are stored and returned (HALCON's search hints) [unverified how strictly HALCON
applies each]. 'string_encoding' 'latin1'/'raw' gives the raw bytes as characters 0-255,
'utf8'/'locale' the text zxing decodes (ECI aware).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Element,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from . import _code_params as P
from ._codes import Found, linear_candidates, prepare, read_linear, read_matrix
from ._model_files import read_json_model, write_json_model
from ._region_tools import fill_polygon_rows

#: HALCON symbol type -> (zxing-cpp format attribute, GS1 symbology identifier or '')
TYPES = {
    "Data Matrix ECC 200": ("DataMatrix", ""),
    "GS1 DataMatrix": ("DataMatrix", "]d2"),
    "QR Code": ("QRCode", ""),
    "GS1 QR Code": ("QRCode", "]Q3"),
    "Micro QR Code": ("MicroQRCode", ""),
    "PDF417": ("PDF417", ""),
    "Aztec Code": ("Aztec", ""),
    "GS1 Aztec Code": ("Aztec", "]z1"),
}
_MAGIC = "HDLITE-DATA-CODE-2D-MODEL"


@dataclass
class DataCodeModel:
    """Symbol type, parameters and the candidates of the last find_data_code_2d."""

    symbol_type: str
    params: dict[str, Element]
    found: list[Found] = field(default_factory=list)
    gray: np.ndarray | None = None


def _spec_of(model: DataCodeModel):
    def spec(name: str) -> P.Spec | None:
        entry = P.DATA_CODE.get(name)
        if entry is None or (entry[1] and model.symbol_type not in entry[1]):
            return None
        return entry[0]

    return spec


def _set(ctx: CallContext, model: DataCodeModel, names: tuple, values: tuple) -> None:
    def reset(level: str) -> dict[str, Element]:
        return P.data_code_defaults(model.symbol_type, level)

    P.apply(ctx, model.params, names, values, _spec_of(model), reset)


_HANDLE = ControlIn("DataCodeHandle", types="handle", count=1, sem="data_code_2d")


@operator(
    "create_data_code_2d_model",
    ControlIn("SymbolType", types="string", count=1, default="Data Matrix ECC 200"),
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types=("number", "string"), default=()),
    ControlOut("DataCodeHandle", types="handle", count=1),
)
def create_data_code_2d_model(ctx: CallContext, stype: tuple, names: tuple, values: tuple):
    """A model for one symbol type with the 'standard_recognition' parameters, changed by
    the given pairs ('default_parameters' selects another set)."""
    if stype[0] not in TYPES:
        raise ctx.param_error("value", "SymbolType", f"{stype[0]!r} is not supported")
    model = DataCodeModel(str(stype[0]), P.data_code_defaults(str(stype[0])))
    _set(ctx, model, names, values)
    return ((ctx.new_handle("data_code_2d", model),),)


@operator(
    "set_data_code_2d_param",
    _HANDLE,
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue", types=("number", "string")),
)
def set_data_code_2d_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple):
    """Set parameters of the model (a wrong name or value changes nothing)."""
    _set(ctx, handle[0].obj, names, values)
    return ()


@operator(
    "get_data_code_2d_param",
    _HANDLE,
    ControlIn("GenParamName", types="string"),
    ControlOut("GenParamValue"),
)
def get_data_code_2d_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The values of the named parameters, in order (a pair name such as 'module_size'
    gives its minimum and maximum)."""
    return (P.get(ctx, handle[0].obj.params, names),)


def _size(f: Found) -> tuple[int, int] | None:
    """(rows, columns) of modules, where zxing reports the version."""
    version = str(f.extra.get("Version", ""))
    if "x" in version:
        rows, cols = version.split("x")
        return int(rows), int(cols)
    if f.fmt == "Micro QR Code" and version.startswith("M"):
        n = 9 + 2 * int(version[1:])
        return n, n
    if f.fmt.startswith("QR Code") and version.isdigit():
        n = 17 + 4 * int(version)
        return n, n
    return None


def _fits(model: DataCodeModel, f: Found) -> bool:
    gs1 = TYPES[model.symbol_type][1]
    if gs1 and not f.error and f.identifier != gs1:
        return False
    p = model.params
    size = _size(f)
    if p["strict_model"] != "yes" or size is None or f.error:
        return True
    rows, cols = size
    if "symbol_rows_min" in p:
        if not p["symbol_rows_min"] <= rows <= p["symbol_rows_max"]:  # type: ignore[operator]
            return False
        if not p["symbol_cols_min"] <= cols <= p["symbol_cols_max"]:  # type: ignore[operator]
            return False
        shape = p.get("symbol_shape", "any")
        if (shape == "square" and rows != cols) or (shape == "rectangle" and rows == cols):
            return False
    if "symbol_size_min" in p and not p["symbol_size_min"] <= rows <= p["symbol_size_max"]:  # type: ignore[operator]
        return False
    version = str(f.extra.get("Version", "")).lstrip("M")
    if "version_min" in p and version.isdigit():
        return bool(p["version_min"] <= int(version) <= p["version_max"])  # type: ignore[operator]
    return True


def _find_params(ctx: CallContext, names: tuple, values: tuple) -> tuple[int, bool]:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per name")
    stop, train = 0, False
    for name, value in zip(names, values, strict=True):
        if name == "stop_after_result_num" and isinstance(value, int) and value >= 1:
            stop = value
        elif name == "train" and value == "all":
            train = True
        elif name in ("stop_after_result_num", "train"):
            raise ctx.param_error("value", "GenParamValue", f"{name}: {value!r}")
        else:
            raise ctx.param_error("value", "GenParamName", f"{name!r}")
    return stop, train


def _text(model: DataCodeModel, f: Found) -> str:
    if model.params.get("string_encoding") in ("latin1", "raw"):
        return f.data.decode("latin-1")
    return f.text


def _outline(f: Found) -> Contour:
    rows = np.r_[f.corners[:, 0], f.corners[0, 0]]
    cols = np.r_[f.corners[:, 1], f.corners[0, 1]]
    return Contour(rows, cols)


@operator(
    "find_data_code_2d",
    IconicIn("Image"),
    IconicOut("SymbolXLDs"),
    _HANDLE,
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types=("number", "string"), default=()),
    ControlOut("ResultHandles", types="integer"),
    ControlOut("DecodedDataStrings", types="string"),
)
def find_data_code_2d(ctx, image: ObjectTuple, handle: tuple, names: tuple, values: tuple):
    """Find and decode the model's symbols in the image's domain, in any orientation: one
    outline contour, result handle and string per decoded symbol; none gives empty
    outputs."""
    import zxingcpp

    model: DataCodeModel = handle[0].obj
    stop, train = _find_params(ctx, names, values)
    model.found, model.gray = [], None
    prep = prepare(ctx, image)
    if prep is None:
        return (ObjectTuple(), (), ())
    model.gray = prep.full
    polarity = model.params["polarity"]
    pols = {"dark_on_light": (False,), "light_on_dark": (True,)}.get(str(polarity), (False, True))
    fmt = getattr(zxingcpp.BarcodeFormat, TYPES[model.symbol_type][0])
    if model.symbol_type == "PDF417":  # a stacked code: searched like a bar code
        cands = linear_candidates(prep.gray)
        found = [f for inv in pols for f in read_linear(prep, fmt, cands, inverted=inv)]
    else:
        found = [f for f in read_matrix(prep, fmt, pols, errors=True) if _fits(model, f)]
    decoded = [f for f in found if not f.error]
    if stop:
        decoded = decoded[:stop]
    model.found = decoded + [f for f in found if f.error]
    if train and decoded:
        _train(model, decoded[0])
    outlines = ObjectTuple(_outline(f) for f in decoded)
    return (outlines, tuple(range(len(decoded))), tuple(_text(model, f) for f in decoded))


def _module(f: Found) -> tuple[float, float]:
    """(module height, module width) in pixels."""
    size = _size(f)
    if size is None:
        return 0.0, 0.0
    c = f.corners
    width = (np.hypot(*(c[1] - c[0])) + np.hypot(*(c[2] - c[3]))) / 2
    height = (np.hypot(*(c[3] - c[0])) + np.hypot(*(c[2] - c[1]))) / 2
    return float(height / size[0]), float(width / size[1])


def _train(model: DataCodeModel, f: Found) -> None:
    p = model.params
    p["polarity"] = "light_on_dark" if f.inverted else "dark_on_light"
    mh, mw = _module(f)
    if "module_size_min" in p and mh > 0:
        p["module_size_min"] = max(1.0, round(0.8 * min(mh, mw), 2))
        p["module_size_max"] = round(1.2 * max(mh, mw), 2)


def _selected(ctx: CallContext, model: DataCodeModel, cand: tuple) -> list[Found]:
    if len(cand) != 1:
        raise ctx.param_error("count", "CandidateHandle", "expects one value")
    key = cand[0]
    if key == "all_candidates":
        return model.found
    if key == "all_results":
        return [f for f in model.found if not f.error]
    if key == "all_undecoded":
        return [f for f in model.found if f.error]
    if isinstance(key, int) and 0 <= key < len(model.found):
        return [model.found[key]]
    raise ctx.param_error("value", "CandidateHandle", f"{key!r} is no candidate of the last search")


def _contrast(model: DataCodeModel, f: Found) -> float:
    if model.gray is None:
        return 0.0
    region = fill_polygon_rows(f.corners)
    h, w = model.gray.shape
    vals = model.gray[region.to_mask(h, w).astype(bool)]
    if vals.size == 0:
        return 0.0
    lo, hi = np.percentile(vals, [10, 90])
    return float(hi - lo)


_RESULTS = frozenset(
    (
        *("status", "decoded_string", "decoded_data", "polarity", "contrast", "symbol_rows"),
        *("symbol_cols", "module_height", "module_width", "version", "symbol_size"),
        *("error_correction_level", "mask_pattern_ref"),
    )
)


def _result(ctx: CallContext, model: DataCodeModel, f: Found, name: str) -> tuple:
    qr = f.fmt.startswith("QR Code") or f.fmt == "Micro QR Code"
    size = _size(f)
    if name == "status":
        return ("successfully decoded",) if not f.error else (f"not decoded: {f.error}",)
    if name == "decoded_string":
        return (_text(model, f),) if not f.error else ()
    if name == "decoded_data":
        return tuple(f.data) if not f.error else ()
    if name == "polarity":
        return ("light_on_dark" if f.inverted else "dark_on_light",)
    if name == "contrast":
        return (_contrast(model, f),)
    if name in ("symbol_rows", "symbol_cols") and size is not None:
        return (size[0] if name == "symbol_rows" else size[1],)
    if name in ("module_height", "module_width") and size is not None:
        mh, mw = _module(f)
        return (mh if name == "module_height" else mw,)
    if qr and name == "version" and "Version" in f.extra:
        return (int(str(f.extra["Version"]).lstrip("M")),)
    if qr and name == "symbol_size" and size is not None:
        return (size[0],)
    if qr and name == "error_correction_level" and "ECLevel" in f.extra:
        return (str(f.extra["ECLevel"]),)
    if qr and name == "mask_pattern_ref" and "DataMask" in f.extra:
        return (int(f.extra["DataMask"]),)
    return ()  # not reported for this symbology (PDF417 and Aztec sizes, QR data on others)


@operator(
    "get_data_code_2d_results",
    _HANDLE,
    ControlIn("CandidateHandle", types=("integer", "string"), default="all_candidates"),
    ControlIn("ResultNames", types="string", default="status"),
    ControlOut("ResultValues"),
)
def get_data_code_2d_results(ctx: CallContext, handle: tuple, cand: tuple, names: tuple):
    """Results of the last search for a candidate (or 'all_candidates', 'all_results',
    'all_undecoded'): 'status', 'decoded_string', 'decoded_data' (bytes), 'polarity',
    'contrast', 'symbol_rows', 'symbol_cols', 'module_height', 'module_width' and, for QR
    codes, 'version', 'symbol_size', 'error_correction_level', 'mask_pattern_ref'."""
    model: DataCodeModel = handle[0].obj
    if not names:
        raise ctx.param_error("count", "ResultNames", "at least one name")
    sel = _selected(ctx, model, cand)
    out: list = []
    for name in names:
        if name not in _RESULTS:
            raise ctx.param_error("value", "ResultNames", f"{name!r} is not supported")
        for f in sel:
            out += _result(ctx, model, f, str(name))
    return (tuple(out),)


@operator(
    "get_data_code_2d_objects",
    IconicOut("DataCodeObjects"),
    _HANDLE,
    ControlIn("CandidateHandle", types=("integer", "string"), default="all_candidates"),
    ControlIn("ObjectName", types="string", count=1, default="candidate_xld"),
)
def get_data_code_2d_objects(ctx: CallContext, handle: tuple, cand: tuple, name: tuple):
    """Objects of the last search: 'candidate_xld' (outline contours of the selected
    candidates), 'search_image' and 'process_image' (the searched byte image)."""
    model: DataCodeModel = handle[0].obj
    if name[0] == "candidate_xld":
        return (ObjectTuple(_outline(f) for f in _selected(ctx, model, cand)),)
    if name[0] in ("search_image", "process_image"):
        if model.gray is None:
            return (ObjectTuple(),)
        return (ObjectTuple([Image(model.gray[None].copy(), "byte")]),)
    raise ctx.param_error("value", "ObjectName", f"{name[0]!r} is not supported")


@operator("clear_data_code_2d_model", _HANDLE)
def clear_data_code_2d_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator(
    "write_data_code_2d_model",
    _HANDLE,
    ControlIn("FileName", types="string", count=1),
)
def write_data_code_2d_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model's symbol type and parameters (hdlite's own text format: a magic
    line and JSON)."""
    model: DataCodeModel = handle[0].obj
    doc = {"symbol_type": model.symbol_type, "params": model.params}
    write_json_model(ctx, str(path[0]), _MAGIC, doc)
    return ()


@operator(
    "read_data_code_2d_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("DataCodeHandle", types="handle", count=1),
)
def read_data_code_2d_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_data_code_2d_model; 5200 missing file, 5238 a file
    that is not a data code model."""
    table = read_json_model(ctx, str(path[0]), _MAGIC)
    try:
        stype, params = table["symbol_type"], table["params"]
        model = DataCodeModel(stype, P.data_code_defaults(stype))
        names = tuple(k for k in params if k != "default_parameters")
        _set(ctx, model, names, tuple(params[k] for k in names))
        model.params["default_parameters"] = params.get("default_parameters", "")
    except Exception:
        raise ctx.error(5238, f"{path[0]}: damaged data code model") from None
    return ((ctx.new_handle("data_code_2d", model),),)
