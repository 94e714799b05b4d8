"""read/write/serialize/deserialize/clear_dl_model: model files without pickle.

``read_dl_model`` accepts the names of the pretrained classifiers
(``'pretrained_dl_classifier_compact.hdl'`` and the others the legacy ``read_dl_classifier``
knows; HALCON 19.11+ reads them with read_dl_model and gives 'type' 'classification'), files
written by ``write_dl_model`` and files written by ``write_dl_classifier`` (class ids become
``0..n-1``). As HALCON's pretrained name resolution, a name without a directory is looked up
as given, then with ``.hdl`` appended. Other shipped MVTec models (``pretrained_dl_model_*``,
``initial_dl_anomaly_*``, segmentation and detection backbones) are not provided: 5200,
except ``'pretrained_dl_segmentation_compact.hdl'`` and ``'..._enhanced.hdl'``
(:mod:`.dl_segmentation`).
ONNX files are not supported: 7801 (hdlite's choice). Runtime settings ('runtime', 'gpu',
'device') are not stored and come back at their defaults.

The format is the one of :mod:`.codec` (a JSON header and raw arrays, checked against the
file before use); see :mod:`.dl_model` for the ``dl_model`` header section.

Anomaly detection: ``'initial_dl_anomaly_medium.hdl'`` and ``'..._large.hdl'`` (in any
directory) give new, untrained anomaly detection models (:mod:`.dl_anomaly_ops`);
``'pretrained_dl_anomaly_global_context.hdl'`` a Global Context model (:mod:`.dl_gc_anomaly`).
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    atomic_write,
    operator,
)

from . import model_io, seeding
from .dl_model import KIND
from .serialized import SerializedItem


def _read(ctx: CallContext, path: str):
    from .dl_model import DLModel

    if path.lower().endswith(".onnx"):
        raise ctx.error(7801, f"{path}: ONNX models are not supported by hdlite")
    from .dl_anomaly import variant_of

    variant = variant_of(path)
    if variant is not None:  # HALCON's untrained anomaly models, in any directory
        from .dl_anomaly_ops import new_model as new_anomaly_model

        return new_anomaly_model(variant)
    from .dl_gc_anomaly import is_model_name

    if is_model_name(path):  # the Global Context model (its teacher: local ImageNet weights)
        from .dl_anomaly_ops import new_gc_model

        return new_gc_model()
    from .dl_segmentation import pretrained_name

    segmentation = pretrained_name(path)
    if segmentation is not None:  # the pretrained segmentation networks, in any directory
        from .dl_segmentation_ops import new_model

        return new_model(ctx, path, segmentation)
    clf = model_io.load_pretrained(ctx, path)
    if clf is not None:
        return DLModel(clf)
    candidates = [path] if path.endswith(".hdl") else [path, path + ".hdl"]
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, IsADirectoryError):
            continue
        except OSError as exc:
            raise ctx.error(5215, f"{candidate}: {exc.strerror or exc}") from None
        return DLModel.from_bytes(data, candidate)
    raise ctx.error(5200, path)


@operator(
    "read_dl_model",
    ControlIn("FileName", types="string", count=1, default="pretrained_dl_classifier_compact.hdl"),
    ControlOut("DLModelHandle", types="handle", count=1, sem=KIND),
)
def read_dl_model(ctx: CallContext, file_name: tuple) -> tuple:
    """Read a pretrained classifier by name, or a model written by write_dl_model."""
    seeding.attach(ctx.session)
    return ((ctx.new_handle(KIND, _read(ctx, file_name[0])),),)


@operator(
    "write_dl_model",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("FileName", types="string", count=1, default="model.hdl"),
)
def write_dl_model(ctx: CallContext, handle: tuple, file_name: tuple) -> tuple:
    """Write the model (network, weights, classes, persisted parameters) atomically."""
    if not ctx.session.writes_files:
        return ()
    data = handle[0].obj.to_bytes()
    try:
        atomic_write(file_name[0], data)
    except OSError as exc:
        raise ctx.error(7781, f"{file_name[0]}: {exc.strerror or exc}") from None
    return ()


@operator(
    "serialize_dl_model",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
)
def serialize_dl_model(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the model into a serialized item (the bytes of its model file)."""
    item = SerializedItem(handle[0].obj.to_bytes(), KIND)
    return ((ctx.new_handle("serialized_item", item),),)


@operator(
    "deserialize_dl_model",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
    ControlOut("DLModelHandle", types="handle", count=1, sem=KIND),
)
def deserialize_dl_model(ctx: CallContext, item: tuple) -> tuple:
    """Rebuild a model from a serialized item (of serialize_dl_model or _dl_classifier)."""
    from . import codec
    from .dl_model import DLModel

    seeding.attach(ctx.session)
    data = item[0].obj.data
    if not codec.is_classifier_file(data):
        raise ctx.error(7703, "the serialized item does not hold a deep-learning model")
    try:
        model = DLModel.from_bytes(data, "serialized item")
    except HalconError as exc:
        raise ctx.error(exc.code, exc.detail) from None
    return ((ctx.new_handle(KIND, model),),)


@operator(
    "clear_dl_model",
    ControlIn("DLModelHandle", types="handle", count=(1, None), sem=KIND),
)
def clear_dl_model(ctx: CallContext, handles: tuple) -> tuple:
    """Free models and their device memory; later uses of the handles fail with 2454."""
    model_io.clear_handles(handles)
    return ()
