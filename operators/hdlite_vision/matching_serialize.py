"""Shape and NCC models as serialized items: serialize_shape_model,
deserialize_shape_model, serialize_ncc_model, deserialize_ncc_model.

The item's data are the bytes write_shape_model / write_ncc_model would write (hdlite's
own array model format, ``_model_files``), so fwrite_serialized_item produces a file that
read_shape_model / read_ncc_model accept, and the other way round. An item that holds no
such model is 8514 (shape, H_ERR_SM_NOSITEM) or 8508 (NCC, H_ERR_NCC_NOSITEM).
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._model_files import decode_model, encode_model

_ITEM = "serialized_item"
_NO_SHAPE_ITEM = 8514
_NO_NCC_ITEM = 8508


def _item(data: bytes, kind: str):
    from hdlite_dl.serialized import SerializedItem

    return SerializedItem(data, kind)


@operator(
    "serialize_shape_model",
    ControlIn("ModelID", types="handle", count=1, sem="shape_model"),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
)
def serialize_shape_model(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the model (the bytes of its model file) into a serialized item."""
    from .matching_shape_find import require_trained
    from .matching_shape_model import shape_model_payload

    model = handle[0].obj
    require_trained(ctx, model)
    data = encode_model("shape_model", *shape_model_payload(model))
    return ((ctx.new_handle(_ITEM, _item(data, "shape_model")),),)


@operator(
    "deserialize_shape_model",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
    ControlOut("ModelID", types="handle", count=1, sem="shape_model"),
)
def deserialize_shape_model(ctx: CallContext, item: tuple) -> tuple:
    """The shape model of a serialized item made by serialize_shape_model."""
    from .matching_shape_model import shape_model_from

    raw = bytes(getattr(item[0].obj, "data", b""))
    params, arrays = decode_model(ctx, raw, "shape_model", "serialized item", _NO_SHAPE_ITEM)
    try:
        model = shape_model_from(params, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(_NO_SHAPE_ITEM, f"serialized item: damaged shape model ({exc})") from None
    return ((ctx.new_handle("shape_model", model),),)


@operator(
    "serialize_ncc_model",
    ControlIn("ModelID", types="handle", count=1, sem="ncc_model"),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
)
def serialize_ncc_model(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the model (the bytes of its model file) into a serialized item."""
    from .matching_ncc import ncc_model_payload

    data = encode_model("ncc_model", *ncc_model_payload(handle[0].obj))
    return ((ctx.new_handle(_ITEM, _item(data, "ncc_model")),),)


@operator(
    "deserialize_ncc_model",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem=_ITEM),
    ControlOut("ModelID", types="handle", count=1, sem="ncc_model"),
)
def deserialize_ncc_model(ctx: CallContext, item: tuple) -> tuple:
    """The NCC model of a serialized item made by serialize_ncc_model."""
    from .matching_ncc import ncc_model_from

    raw = bytes(getattr(item[0].obj, "data", b""))
    params, arrays = decode_model(ctx, raw, "ncc_model", "serialized item", _NO_NCC_ITEM)
    try:
        model = ncc_model_from(params, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(_NO_NCC_ITEM, f"serialized item: damaged NCC model ({exc})") from None
    return ((ctx.new_handle("ncc_model", model),),)
