"""Variation models (``*_variation_model``): print and surface inspection by comparing an
image with an ideal image and the gray-value variation learnt from good images.

Facts from HALCON's reference (create_, train_, prepare_, prepare_direct_, compare_,
compare_ext_, get_, get_thresh_images_, clear_train_data_variation_model):

* Mode 'standard': the ideal image is the mean of the training images, the variation image
  their standard deviation; the model can be trained image by image. Mode 'robust': median
  and (scaled) median absolute deviation of all training images. Mode 'direct': no
  training; prepare_direct_variation_model takes the ideal (RefImage) and variation image
  (VarImage) as given.
* Thresholds: upper = ideal + max(AbsThreshold, VarThreshold * var), lower = ideal -
  max(AbsThreshold, VarThreshold * var). Each of AbsThreshold and VarThreshold holds one
  value (for both) or two: the first for too bright, the second for too dark pixels.
* compare_variation_model returns the pixels with value > upper or < lower;
  compare_ext_variation_model does the same for 'absolute', only > upper for 'light', only
  < lower for 'dark', and for 'light_dark' two regions (too bright, then too dark).
* After clear_train_data_variation_model the model compares, but cannot be trained,
  prepared again or asked for its images (8545).
* Error codes (HErrorDef.h, HALCON 13/17): 8540 image size differs from the model, 8541 not
  prepared, 8542 wrong training mode, 8545 training data cleared, 8546 serialized item
  without a variation model.

[unverified] choices where the reference is silent or was not available in full:

* the MAD scale is 1.4826 (the normal-consistency factor); the standard deviation divides
  by the number of images (population standard deviation);
* only the first channel of an image is used; the domain of training images is ignored,
  the comparison only reports pixels in the domain of the compared image;
* an image whose pixel type is not the model's Type is 9001 (wrong gray value type); the
  variation image of prepare_direct may also be 'real';
* images of compare_* are compared one by one, 'light_dark' gives two regions per image;
* prepare_variation_model and get_variation_model before any training image are 8541;
  prepare_direct_variation_model on a 'standard' or 'robust' model and training or
  prepare_variation_model on a 'direct' model are 8542; training after preparing keeps
  the thresholds until the next prepare;
* files and serialized items are hdlite's own format (:mod:`._variation`): a file that is
  not one, or is damaged, is 5238 (HALCON has 8543 for its own format), a missing one 5200;
  an unknown version 2403.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from hdlite_image._common import check_fits, extent

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._gray import domain_mask, result_region
from ._model_files import read_file, write_file
from ._variation import ERR_NO_ITEM, ERR_SIZE, MODES, TYPES, VariationModel

_T = TypeVar("_T")
KIND = "variation_model"
_HANDLE = ControlIn("ModelID", types="handle", count=1, sem=KIND)
_EXT_MODES = ("absolute", "light", "dark", "light_dark")


def _model(handle: tuple) -> VariationModel:
    model: VariationModel = handle[0].obj
    return model


def _run(ctx: CallContext, action: Callable[..., _T], *args: Any) -> _T:
    """Call a model method, reporting its HalconError as this operator's error."""
    try:
        return action(*args)
    except HalconError as exc:
        raise ctx.error(exc.code, exc.detail) from None


def _planes(
    ctx: CallContext, model: VariationModel, objects: ObjectTuple, what: str, types: tuple
) -> list[tuple[Image, np.ndarray]]:
    """Each image with its first channel; 9054 for a region, 9001 for a pixel type not in
    ``types``, 8540 for a size other than the model's."""
    out = []
    for obj in objects:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"{what}: expected an image, got a {obj.kind}")
        if obj.pixel_type not in types:
            raise ctx.error(
                9001, f"{what}: a {obj.pixel_type} image for a {model.pixel_type} model"
            )
        if (obj.width, obj.height) != (model.width, model.height):
            raise ctx.error(
                ERR_SIZE,
                f"{what} is {obj.width} x {obj.height}, the model {model.width} x {model.height}",
            )
        out.append((obj, obj.data[0]))
    return out


def _pair(ctx: CallContext, values: tuple, name: str) -> tuple:
    """One or two non-negative finite thresholds as an (upper, lower) pair."""
    for v in values:
        if not (math.isfinite(v) and v >= 0):
            raise ctx.param_error("value", name, f"{v!r} must be a finite number >= 0")
    return (float(values[0]), float(values[-1]))


def _thresholds() -> tuple:
    return (
        ControlIn("AbsThreshold", types="number", count=(1, 2), default=10),
        ControlIn("VarThreshold", types="number", count=(1, 2), default=2),
    )


def _real(plane: np.ndarray) -> Image:
    return Image(plane.astype(np.float32)[None], "real", None)


@operator(
    "create_variation_model",
    ControlIn("Width", types="integer", count=1, default=640),
    ControlIn("Height", types="integer", count=1, default=480),
    ControlIn("Type", types="string", count=1, default="byte", values=tuple(TYPES)),
    ControlIn("Mode", types="string", count=1, default="standard", values=MODES),
    ControlOut("ModelID", types="handle", count=1, sem=KIND),
)
def create_variation_model(
    ctx: CallContext, width: tuple, height: tuple, pixel_type: tuple, mode: tuple
) -> tuple:
    """Create a variation model for images of Width x Height pixels of type Type."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_fits(ctx, h, w, 3, 8, "variation model")  # mean, deviations and thresholds
    return ((ctx.new_handle(KIND, VariationModel(w, h, pixel_type[0], mode[0])),),)


@operator("train_variation_model", IconicIn("Images"), _HANDLE)
def train_variation_model(ctx: CallContext, images: ObjectTuple, handle: tuple) -> tuple:
    """Add good images to the model (mean and deviation, or median and MAD)."""
    model = _model(handle)
    planes = [p for _, p in _planes(ctx, model, images, "Images", (model.pixel_type,))]
    if planes or model.mode == "direct":
        _run(ctx, model.train, planes)
    return ()


@operator("prepare_variation_model", _HANDLE, *_thresholds())
def prepare_variation_model(
    ctx: CallContext, handle: tuple, absolute: tuple, relative: tuple
) -> tuple:
    """Compute the threshold images from the trained ideal and variation images."""
    model = _model(handle)
    pairs = _pair(ctx, absolute, "AbsThreshold"), _pair(ctx, relative, "VarThreshold")
    _run(ctx, model.prepare, *pairs)
    return ()


@operator(
    "prepare_direct_variation_model",
    IconicIn("RefImage"),
    IconicIn("VarImage"),
    _HANDLE,
    *_thresholds(),
)
def prepare_direct_variation_model(
    ctx: CallContext,
    ref: ObjectTuple,
    var: ObjectTuple,
    handle: tuple,
    absolute: tuple,
    relative: tuple,
) -> tuple:
    """Compute the threshold images from a given ideal and variation image."""
    model = _model(handle)
    refs = _planes(ctx, model, ref, "RefImage", (model.pixel_type,))
    variations = _planes(ctx, model, var, "VarImage", (model.pixel_type, "real"))
    for name, found, position in (("RefImage", refs, 1), ("VarImage", variations, 2)):
        if len(found) != 1:
            raise ctx.error(1500 + position, f"{name}: {len(found)} images, expected one")
    pairs = _pair(ctx, absolute, "AbsThreshold"), _pair(ctx, relative, "VarThreshold")
    if not np.all(np.isfinite(variations[0][1])):
        raise ctx.error(9003, "VarImage has undefined gray values")
    _run(ctx, model.prepare_direct, refs[0][1], variations[0][1], *pairs)
    return ()


def _compare(ctx: CallContext, images: ObjectTuple, handle: tuple, mode: str) -> tuple:
    model = _model(handle)
    out: list[Region] = []
    for image, plane in _planes(ctx, model, images, "Image", (model.pixel_type,)):
        light, dark = _run(ctx, model.compare, plane)
        domain = domain_mask(image)
        if domain is not None:
            light, dark = light & domain, dark & domain
        if mode == "light_dark":
            out += result_region(ctx, light) + result_region(ctx, dark)
        else:
            mask = {"light": light, "dark": dark}.get(mode)
            out += result_region(ctx, light | dark if mask is None else mask)
    return (ObjectTuple(out),)


@operator("compare_variation_model", IconicIn("Image"), IconicOut("Region"), _HANDLE)
def compare_variation_model(ctx: CallContext, images: ObjectTuple, handle: tuple) -> tuple:
    """The pixels brighter than the upper or darker than the lower threshold image."""
    return _compare(ctx, images, handle, "absolute")


@operator(
    "compare_ext_variation_model",
    IconicIn("Image"),
    IconicOut("Region"),
    _HANDLE,
    ControlIn("Mode", types="string", count=1, default="absolute", values=_EXT_MODES),
)
def compare_ext_variation_model(
    ctx: CallContext, images: ObjectTuple, handle: tuple, mode: tuple
) -> tuple:
    """Compare for too bright ('light'), too dark ('dark'), either ('absolute'), or both
    as two regions ('light_dark')."""
    return _compare(ctx, images, handle, mode[0])


@operator("get_variation_model", IconicOut("Image"), IconicOut("VarImage"), _HANDLE)
def get_variation_model(ctx: CallContext, handle: tuple) -> tuple:
    """The ideal image and the variation image of the model (type 'real')."""
    ideal, var = _run(ctx, _model(handle).images)
    return ObjectTuple([_real(ideal)]), ObjectTuple([_real(var)])


@operator(
    "get_thresh_images_variation_model", IconicOut("MinImage"), IconicOut("MaxImage"), _HANDLE
)
def get_thresh_images_variation_model(ctx: CallContext, handle: tuple) -> tuple:
    """The lower and upper threshold images of a prepared model (type 'real')."""
    lower, upper = _run(ctx, _model(handle).thresholds)
    return ObjectTuple([_real(lower)]), ObjectTuple([_real(upper)])


@operator("clear_train_data_variation_model", _HANDLE)
def clear_train_data_variation_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the training data; the prepared model still compares images."""
    _model(handle).clear_training()
    return ()


@operator("clear_variation_model", ControlIn("ModelID", types="handle", sem=KIND))
def clear_variation_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free variation models; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()


@operator("write_variation_model", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_variation_model(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the model (training data, images and thresholds) to a file."""
    write_file(ctx, name[0], _model(handle).to_bytes())
    return ()


def _decode(ctx: CallContext, raw: bytes, where: str, code: int) -> VariationModel:
    try:
        return VariationModel.from_bytes(raw)
    except HalconError as exc:
        raise ctx.error(exc.code, f"{where}: {exc.detail}") from None
    except (ValueError, KeyError, TypeError, IndexError, OverflowError) as exc:
        raise ctx.error(code, f"{where}: not an hdlite variation model ({exc})") from None


@operator(
    "read_variation_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("ModelID", types="handle", count=1, sem=KIND),
)
def read_variation_model(ctx: CallContext, name: tuple) -> tuple:
    """Load a model written by write_variation_model."""
    model = _decode(ctx, read_file(ctx, name[0]), name[0], 5238)
    return ((ctx.new_handle(KIND, model),),)


@operator(
    "serialize_variation_model",
    _HANDLE,
    ControlOut("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
)
def serialize_variation_model(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the model into a serialized item (the bytes of its file)."""
    from hdlite_dl.serialized import SerializedItem

    item = SerializedItem(_model(handle).to_bytes(), KIND)
    return ((ctx.new_handle("serialized_item", item),),)


@operator(
    "deserialize_variation_model",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
    ControlOut("ModelID", types="handle", count=1, sem=KIND),
)
def deserialize_variation_model(ctx: CallContext, item: tuple) -> tuple:
    """Rebuild a model from a serialized item of serialize_variation_model."""
    data = getattr(item[0].obj, "data", b"")
    model = _decode(ctx, bytes(data), "serialized item", ERR_NO_ITEM)
    return ((ctx.new_handle(KIND, model),),)
