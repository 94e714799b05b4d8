"""HALCON's text reader: create_text_model_reader, set_text_model_param,
get_text_model_param, find_text, get_text_result, get_text_object, clear_text_result,
clear_text_model.

Facts from HALCON's reference (create_text_model_reader, set_text_model_param,
get_text_model_param, find_text, get_text_result, get_text_object pages, found with the
``search`` tool): Mode is 'auto' or 'manual'; OCRClassifier is the file name of an OCR
classifier or the handle of one; find_text segments and reads the text of one image with a
text model and returns a result handle; get_text_result gives control results ('num_lines',
'num_classes', 'class', ['class', n], ['class_line', i], ['class_element', i], the same for
'confidence', 'polarity' and its '_line' / '_element' forms; 'manual_num_lines' and
'manual_thresholds' for manual models), get_text_object the character regions ('all_lines',
['line', i], ['element', i]; 'manual_all_lines', ['manual_line', i] and, with
'manual_persistence', 'manual_compensated_image'); 'manual_thresholds' also needs
'manual_persistence' [unverified]. Parameters: :mod:`._text_params`; segmentation:
:mod:`._text_segmentation`; reading and ordering: :mod:`._text_reading`.

hdlite [unverified]: 'auto' needs a classifier (an empty OCRClassifier is a wrong value);
'manual' reads characters without one, and then the class results are a wrong value of
ResultName. The classifier is copied into the model. hdlite's OCR classifiers are MLPs
(``*.omc``); CNN fonts (``*.occ``) are not provided (file not found, 5200). Line and
element indices outside the result are a wrong value of ResultName.
"""

from __future__ import annotations

import copy
from typing import Any

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Handle,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
    wrong_object_count,
)

from ._gray import images
from ._ocr_model import OcrMlp, load
from ._text_params import canonical, check, defaults, spec_of
from ._text_reading import TextModel, TextResult, read

_MODEL = ControlIn("TextModel", types="handle", count=1, sem="text_model")
_RESULT = ControlIn("TextResultID", types="handle", count=1, sem="text_result")
_DEFAULT_FONT = "Industrial_0-9A-Z_NoRej.omc"


def _classifier(ctx: CallContext, value: Any, param: str) -> OcrMlp:
    if isinstance(value, Handle):
        if value.cleared:
            raise ctx.error(2454, f"{param}: the OCR classifier was cleared")
        if value.kind != "ocr_mlp":
            raise ctx.error(2404, f"{param} expects an ocr_mlp handle, got a {value.kind} handle")
        return copy.deepcopy(value.obj)
    if not isinstance(value, str) or not value:
        raise ctx.param_error("value", param, "expected a classifier file name or handle")
    return load(ctx, value)


@operator(
    "create_text_model_reader",
    ControlIn("Mode", types="string", count=1, default="auto", values=("auto", "manual")),
    ControlIn("OCRClassifier", types=("string", "handle"), count=(0, 1), default=_DEFAULT_FONT),
    ControlOut("TextModel", types="handle", count=1, sem="text_model"),
)
def create_text_model_reader(ctx: CallContext, mode: tuple, classifier: tuple) -> tuple:
    """Create a text model that reads text with an OCR classifier (a file name or a
    handle); Mode 'auto' segments by itself, 'manual' with given character sizes."""
    if not classifier:
        if mode[0] == "auto":
            raise ctx.param_error("value", "OCRClassifier", "'auto' needs an OCR classifier")
        ocr = None
    else:
        ocr = _classifier(ctx, classifier[0], "OCRClassifier")
    model = TextModel(mode[0], defaults(mode[0]), ocr)
    return ((ctx.new_handle("text_model", model),),)


def _model(handle: tuple) -> TextModel:
    return handle[0].obj


@operator(
    "set_text_model_param",
    _MODEL,
    ControlIn("GenParamName", types="string", count=(1, None), default="min_contrast"),
    ControlIn("GenParamValue", types=("string", "integer", "real", "handle"), default=15),
)
def set_text_model_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Set parameters of a text model (which names exist depends on its Mode)."""
    model = _model(handle)
    if len(values) != len(names):
        raise ctx.param_error(
            "count", "GenParamValue", f"{len(values)} values for {len(names)} names"
        )
    updates: dict[str, Any] = {}
    ocr = None
    for name, value in zip(names, values, strict=True):
        if name == "ocr_classifier":
            ocr = _classifier(ctx, value, "GenParamValue")
            continue
        key = canonical(model.mode, name)
        if key is None:
            raise ctx.param_error(
                "value", "GenParamName", f"{name!r} is not a parameter of {model.mode} models"
            )
        problem = "a handle is not a value" if isinstance(value, Handle) else None
        problem = problem or check(spec_of(model.mode, key), value)
        if problem:
            raise ctx.param_error("value", "GenParamValue", f"{name}: {problem}")
        updates[key] = value
    model.params.update(updates)
    if ocr is not None:
        model.ocr = ocr
    return ()


@operator(
    "get_text_model_param",
    _MODEL,
    ControlIn("GenParamName", types="string", count=1, default="min_contrast"),
    ControlOut("GenParamValue"),
)
def get_text_model_param(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """The value of one parameter of a text model (every one but 'ocr_classifier')."""
    model = _model(handle)
    key = canonical(model.mode, name[0])
    if key is None:
        raise ctx.param_error(
            "value", "GenParamName", f"{name[0]!r} is not a parameter of {model.mode} models"
        )
    return ((model.params.get(key, ""),),)


@operator(
    "find_text",
    IconicIn("Image"),
    _MODEL,
    ControlOut("TextResultID", types="handle", count=1, sem="text_result"),
)
def find_text(ctx: CallContext, image: ObjectTuple, handle: tuple) -> tuple:
    """Segment and read the text lines of an image with a text model."""
    imgs = images(ctx, image, ("byte", "uint2"))
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(imgs)} images, expected one")
    result = read(_model(handle), imgs[0])
    return ((ctx.new_handle("text_result", result),),)


def _index(ctx: CallContext, spec: tuple, size: int, what: str) -> int:
    if len(spec) != 2 or not isinstance(spec[1], int) or isinstance(spec[1], bool):
        raise ctx.param_error("value", "ResultName", f"{spec[0]!r} needs an index")
    if not 0 <= spec[1] < size:
        raise ctx.param_error(
            "value", "ResultName", f"{what} index {spec[1]} out of range (0 ... {size - 1})"
        )
    return spec[1]


_CLASS_RESULTS = ("class", "confidence")


def _control(ctx: CallContext, res: TextResult, spec: tuple) -> tuple:
    name = spec[0]
    if not isinstance(name, str):
        raise ctx.param_error("value", "ResultName", "expected a result name")
    base = name.removesuffix("_line").removesuffix("_element")
    if res.mode == "manual" and name in ("manual_num_lines", "manual_thresholds"):
        if len(spec) != 1:
            raise ctx.param_error("value", "ResultName", f"{name!r} takes no index")
        if name == "manual_num_lines":
            return (len(res.lines),)
        if res.thresholds is None:
            raise ctx.param_error("value", "ResultName", "needs 'manual_persistence' 'true'")
        return tuple(res.thresholds)
    if res.mode == "auto" and name == "num_lines" and len(spec) == 1:
        return (len(res.lines),)
    if base not in (*_CLASS_RESULTS, "polarity") and name != "num_classes":
        raise ctx.param_error("value", "ResultName", f"{name!r} is not a {res.mode} result")
    if base != "polarity" and not res.classified:
        raise ctx.param_error("value", "ResultName", "the text model has no OCR classifier")
    if name == "num_classes":
        return (res.num_classes,)
    field = {"class": "classes", "confidence": "confidences"}.get(base)
    chars = res.chars()
    if name.endswith("_line"):
        line = res.lines[_index(ctx, spec, len(res.lines), "line")]
        if field is None:
            return (line.polarity,)
        return tuple(getattr(line, field)[k][0] for k in range(len(line.regions)))
    if name.endswith("_element"):
        ln, k = chars[_index(ctx, spec, len(chars), "element")]
        return (ln.polarity,) if field is None else tuple(getattr(ln, field)[k])
    if field is None:
        if len(spec) != 1:
            raise ctx.param_error("value", "ResultName", "'polarity' takes no index")
        return tuple(ln.polarity for ln, _ in chars)
    n = _index(ctx, spec, res.num_classes, "class") if len(spec) == 2 else 0
    return tuple(getattr(ln, field)[k][n] for ln, k in chars)


@operator(
    "get_text_result",
    _RESULT,
    ControlIn("ResultName", types=("string", "integer"), count=(1, 2), default="class"),
    ControlOut("ResultValue"),
)
def get_text_result(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """A control result of find_text: line count, classes, confidences or polarities,
    of every character, of one line or of one character."""
    return (_control(ctx, handle[0].obj, name),)


@operator(
    "get_text_object",
    IconicOut("Characters"),
    _RESULT,
    ControlIn("ResultName", types=("string", "integer"), count=(1, 2), default="all_lines"),
)
def get_text_object(ctx: CallContext, handle: tuple, spec: tuple) -> tuple:
    """An iconic result of find_text: the character regions of all lines, of one line or
    one character; for manual models with persistence the image segmented."""
    res: TextResult = handle[0].obj
    name = spec[0]
    prefix = "" if res.mode == "auto" else "manual_"
    if name == prefix + "all_lines" and len(spec) == 1:
        return (ObjectTuple([r for ln in res.lines for r in ln.regions]),)
    if name == prefix + "line":
        line = res.lines[_index(ctx, spec, len(res.lines), "line")]
        return (ObjectTuple(list(line.regions)),)
    if name == "element" and res.mode == "auto":
        ln, k = res.chars()[_index(ctx, spec, len(res.chars()), "element")]
        return (ObjectTuple([ln.regions[k]]),)
    if name == "manual_compensated_image" and res.mode == "manual" and len(spec) == 1:
        if res.images is None:
            raise ctx.param_error("value", "ResultName", "needs 'manual_persistence' 'true'")
        return (ObjectTuple(list[Image](res.images)),)
    raise ctx.param_error("value", "ResultName", f"{name!r} is not a {res.mode} result object")


@operator("clear_text_result", ControlIn("TextResultID", types="handle", sem="text_result"))
def clear_text_result(ctx: CallContext, handle: tuple) -> tuple:
    """Free text results; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()


@operator("clear_text_model", ControlIn("TextModel", types="handle", sem="text_model"))
def clear_text_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free text models; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()
