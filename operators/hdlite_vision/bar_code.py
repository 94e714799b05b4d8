"""Bar code reading: create_bar_code_model, find_bar_code and the result, object and
parameter operators of a bar code model (zxing-cpp decodes; see _codes.py).

CodeType names are HALCON's. Supported: 'EAN-13', 'EAN-8', 'UPC-A', 'UPC-E', 'Code 128',
'GS1-128', 'Code 39', 'Code 32', 'Code 93', 'Codabar', '2/5 Interleaved', 'GS1 DataBar
Omnidir', 'GS1 DataBar Truncated', 'GS1 DataBar Stacked', 'GS1 DataBar Stacked Omnidir',
'GS1 DataBar Limited', 'GS1 DataBar Expanded', 'GS1 DataBar Expanded Stacked', and 'auto'
(all of them). '2/5 Industrial', 'MSI', 'PharmaCode' and the add-on variants are HALCON
types that zxing-cpp cannot read: wrong value.

Results: decoded symbols are numbered 0, 1, ... in the order found (CandidateHandle of
get_bar_code_result/get_bar_code_object; 'all' = every one). A UPC-A string has 12 digits;
UPC-E is given as its 12-digit UCC-12 expansion unless 'upce_encodation' is
'zero-suppressed' (8 digits). 'orientation' is the reading direction in degrees,
counter-clockwise on screen, in [-180, 180) (0: read from left to right).

Parameters that change what is found: 'stop_after_result_num' (0 = all),
'min_code_length', 'orientation'/'orientation_tol' (results outside the tolerance are
dropped), 'upce_encodation'. The others are kept and returned by get_bar_code_param but do
not steer zxing's search (HALCON uses them as search hints; a symbol they would exclude is
still read) [unverified how strictly HALCON applies each].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Element,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from . import _code_params as P
from ._codes import Found, linear_candidates, prepare, quad_polygon, read_linear
from ._model_files import read_json_model, write_json_model
from ._region_tools import fill_polygon_rows

#: HALCON code type -> zxing-cpp BarcodeFormat attribute
TYPES = {
    "EAN-13": "EAN13",
    "EAN-8": "EAN8",
    "UPC-A": "UPCA",
    "UPC-E": "UPCE",
    "Code 128": "Code128",
    "GS1-128": "Code128",
    "Code 39": "Code39",
    "Code 32": "Code32",
    "Code 93": "Code93",
    "Codabar": "Codabar",
    "2/5 Interleaved": "ITF",
    "GS1 DataBar Omnidir": "DataBarOmni",
    "GS1 DataBar Truncated": "DataBarOmni",
    "GS1 DataBar Stacked": "DataBarStk",
    "GS1 DataBar Stacked Omnidir": "DataBarStkOmni",
    "GS1 DataBar Limited": "DataBarLtd",
    "GS1 DataBar Expanded": "DataBarExp",
    "GS1 DataBar Expanded Stacked": "DataBarExpStk",
}
_MAGIC = "HDLITE-BAR-CODE-MODEL"


@dataclass
class BarCodeModel:
    """Parameters and the results of the last find_bar_code."""

    params: dict[str, Element]
    results: list[tuple[str, str, Found, Region]] = field(default_factory=list)
    candidates: list[Region] = field(default_factory=list)


def _defaults() -> dict[str, Element]:
    return {name: spec.default for name, spec in P.BAR_CODE.items()}


def _set(ctx: CallContext, model: BarCodeModel, names: tuple, values: tuple) -> None:
    P.apply(ctx, model.params, names, values, P.BAR_CODE.get)


_HANDLE = ControlIn("BarCodeHandle", types="handle", count=1, sem="bar_code")


@operator(
    "create_bar_code_model",
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types=("number", "string"), default=()),
    ControlOut("BarCodeHandle", types="handle", count=1),
)
def create_bar_code_model(ctx: CallContext, names: tuple, values: tuple) -> tuple:
    """A bar code model with HALCON's default parameters, changed by the given pairs."""
    model = BarCodeModel(_defaults())
    _set(ctx, model, names, values)
    return ((ctx.new_handle("bar_code", model),),)


@operator(
    "set_bar_code_param",
    _HANDLE,
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue", types=("number", "string")),
)
def set_bar_code_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Set parameters of the model (a wrong name or value changes nothing)."""
    _set(ctx, handle[0].obj, names, values)
    return ()


@operator(
    "get_bar_code_param",
    _HANDLE,
    ControlIn("GenParamName", types="string"),
    ControlOut("GenParamValue"),
)
def get_bar_code_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The values of the named parameters, in order."""
    return (P.get(ctx, handle[0].obj.params, names),)


def _formats(ctx: CallContext, types: tuple) -> tuple[Any, set[str]]:
    import zxingcpp

    wanted: set[str] = set()
    for t in types:
        if t == "auto":
            wanted |= set(TYPES)
        elif t in TYPES:
            wanted.add(str(t))
        else:
            raise ctx.param_error("value", "CodeType", f"{t!r} is not a supported bar code type")
    if not wanted:
        raise ctx.param_error("count", "CodeType", "no code type")
    fmts = tuple(getattr(zxingcpp.BarcodeFormat, TYPES[t]) for t in sorted(wanted))
    return fmts, wanted


def _upce_suppressed(ucc12: str) -> str:
    """The 8-digit zero-suppressed form of a UPC-A number that has one."""
    d = ucc12
    if len(d) != 12:
        return d
    if d[3:6] in ("000", "100", "200") and d[6:8] == "00":
        six = d[1:3] + d[8:11] + d[3]
    elif d[4:6] == "00" and d[6:9] == "000":
        six = d[1:4] + d[9:11] + "3"
    elif d[5] == "0" and d[6:10] == "0000":
        six = d[1:5] + d[10] + "4"
    else:
        six = d[1:6] + d[10]
    return d[0] + six + d[11]


def _halcon_type(f: Found, wanted: set[str]) -> str | None:
    names = {"EAN-13", "EAN-8", "UPC-A", "UPC-E", "Code 39", "Code 32", "Code 93", "Codabar"}
    if f.fmt in names:
        return f.fmt if f.fmt in wanted else None
    if f.fmt == "Code 128":
        gs1 = f.identifier == "]C1"
        if gs1 and "GS1-128" in wanted:
            return "GS1-128"
        return "Code 128" if "Code 128" in wanted else None
    if f.fmt == "ITF":
        return "2/5 Interleaved" if "2/5 Interleaved" in wanted else None
    if f.fmt.startswith("DataBar"):
        name = _bar(f)
        if name == "GS1 DataBar Omnidir" and name not in wanted:
            name = "GS1 DataBar Truncated"  # the same symbol, printed lower
        return name if name in wanted else None
    return None


def _bar(f: Found) -> str:
    table = {
        "DataBar Expanded": "GS1 DataBar Expanded",
        "DataBar Expanded Stacked": "GS1 DataBar Expanded Stacked",
        "DataBar Limited": "GS1 DataBar Limited",
        "DataBar Stacked": "GS1 DataBar Stacked",
        "DataBar Stacked Omni": "GS1 DataBar Stacked Omnidir",
    }
    return table.get(f.fmt, "GS1 DataBar Omnidir")


def _text(f: Found, ctype: str, params: dict[str, Element]) -> str:
    text = f.text
    if ctype in ("UPC-A", "UPC-E") and len(text) == 13 and text.startswith("0"):
        text = text[1:]
    if ctype == "UPC-E" and params["upce_encodation"] == "zero-suppressed":
        text = _upce_suppressed(text)
    return text


def _keep(orientation: float, params: dict[str, Element]) -> bool:
    tol = float(params["orientation_tol"])  # type: ignore[arg-type]
    if tol >= 90.0:
        return True
    diff = abs((orientation - float(params["orientation"]) + 90.0) % 180.0 - 90.0)  # type: ignore[arg-type]
    return diff <= tol


@operator(
    "find_bar_code",
    IconicIn("Image"),
    IconicOut("SymbolRegions"),
    _HANDLE,
    ControlIn("CodeType", types="string", default="auto"),
    ControlOut("DecodedDataStrings", types="string"),
)
def find_bar_code(ctx: CallContext, image: ObjectTuple, handle: tuple, types: tuple) -> tuple:
    """Find and decode the bar codes of the given types (tuple, or 'auto') in the image's
    domain, in any orientation: one symbol region and one string per symbol; nothing found
    gives empty outputs."""
    model: BarCodeModel = handle[0].obj
    fmts, wanted = _formats(ctx, types)
    model.results, model.candidates = [], []
    prep = prepare(ctx, image)
    if prep is None:
        return (ObjectTuple(), ())
    cands = linear_candidates(prep.gray)
    r0, c0 = prep.row0, prep.col0
    regions = [Region.from_runs(c.rows + r0, c.cols + c0, c.cols + c0) for c in cands]
    stop = int(model.params["stop_after_result_num"])  # type: ignore[arg-type]
    min_len = int(model.params["min_code_length"])  # type: ignore[arg-type]
    for f in read_linear(prep, fmts, cands):
        ctype = _halcon_type(f, wanted)
        if ctype is None or not _keep(f.orientation, model.params):
            continue
        text = _text(f, ctype, model.params)
        if len(text) < min_len:
            continue
        region = fill_polygon_rows(quad_polygon(f.corners))
        model.results.append((text, ctype, f, region))
        if stop and len(model.results) >= stop:
            break
    model.candidates = regions
    for _, _, f, region in model.results:
        r, c = round(f.center[0]), round(f.center[1])
        if not any(_contains(cand, r, c) for cand in model.candidates):
            model.candidates.append(region)
    return (ObjectTuple(r for *_, r in model.results), tuple(t for t, *_ in model.results))


def _contains(region: Region, row: int, col: int) -> bool:
    rows, cb, ce = region.runs
    return bool(np.any((rows == row) & (cb <= col) & (ce >= col)))


def _selected(ctx: CallContext, model: BarCodeModel, cand: tuple) -> list:
    if len(cand) != 1:
        raise ctx.param_error("count", "CandidateHandle", "expects one value")
    if cand[0] == "all":
        return model.results
    if isinstance(cand[0], int) and 0 <= cand[0] < len(model.results):
        return [model.results[cand[0]]]
    raise ctx.param_error(
        "value", "CandidateHandle", f"{cand[0]!r} ('all' or 0..{len(model.results) - 1})"
    )


@operator(
    "get_bar_code_result",
    _HANDLE,
    ControlIn("CandidateHandle", types=("integer", "string"), default="all"),
    ControlIn("ResultName", types="string", count=1, default="decoded_strings"),
    ControlOut("BarCodeResults"),
)
def get_bar_code_result(ctx: CallContext, handle: tuple, cand: tuple, name: tuple) -> tuple:
    """Results of the last find_bar_code: 'decoded_strings', 'decoded_types',
    'orientation' (degrees), 'decoded_data' (the character codes of the string)."""
    sel = _selected(ctx, handle[0].obj, cand)
    what = name[0]
    if what == "decoded_strings":
        return (tuple(t for t, *_ in sel),)
    if what == "decoded_types":
        return (tuple(c for _, c, *_ in sel),)
    if what == "orientation":
        return (tuple(f.orientation for _, _, f, _ in sel),)
    if what == "decoded_data":
        return (tuple(ord(ch) for t, *_ in sel for ch in t),)
    raise ctx.param_error("value", "ResultName", f"{what!r} is not supported")


@operator(
    "get_bar_code_object",
    IconicOut("BarCodeObjects"),
    _HANDLE,
    ControlIn("CandidateHandle", types=("integer", "string"), default="all"),
    ControlIn("ObjectName", types="string", count=1, default="symbol_regions"),
)
def get_bar_code_object(ctx: CallContext, handle: tuple, cand: tuple, name: tuple) -> tuple:
    """Regions of the last find_bar_code: 'symbol_regions' (decoded symbols) or
    'candidate_regions' (every area searched as a possible bar code, CandidateHandle 'all')."""
    model: BarCodeModel = handle[0].obj
    if name[0] == "symbol_regions":
        return (ObjectTuple(r for *_, r in _selected(ctx, model, cand)),)
    if name[0] == "candidate_regions":
        if cand != ("all",):
            raise ctx.param_error("value", "CandidateHandle", "'candidate_regions' needs 'all'")
        return (ObjectTuple(model.candidates),)
    raise ctx.param_error("value", "ObjectName", f"{name[0]!r} is not supported")


@operator("clear_bar_code_model", _HANDLE)
def clear_bar_code_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator(
    "write_bar_code_model",
    _HANDLE,
    ControlIn("FileName", types="string", count=1),
)
def write_bar_code_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model's parameters to a file (hdlite's own text format: a magic line and
    JSON)."""
    write_json_model(ctx, str(path[0]), _MAGIC, handle[0].obj.params, sort_keys=True)
    return ()


@operator(
    "read_bar_code_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("BarCodeHandle", types="handle", count=1),
)
def read_bar_code_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_bar_code_model; 5200 missing file, 5238 a file that
    is not a bar code model."""
    params = read_json_model(ctx, str(path[0]), _MAGIC)
    model = BarCodeModel(_defaults())
    try:
        _set(ctx, model, tuple(params), tuple(params.values()))
    except Exception:
        raise ctx.error(5238, f"{path[0]}: damaged bar code model") from None
    return ((ctx.new_handle("bar_code", model),),)
