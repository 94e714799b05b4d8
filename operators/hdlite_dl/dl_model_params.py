"""set_dl_model_param and get_dl_model_param: HALCON's generic model parameters.

The parameters the legacy classifier already has (image size and range, batch size and
multiplier, learning rate, momentum, weight prior, runtime, gpu, runtime_init) reuse its
table in :mod:`.params`, with the same checks and codes. The ``dl_model`` API adds the ones
below. Errors for ``(DLModelHandle, GenParamName, GenParamValue)``: an unknown name, or
setting a read-only one, is a wrong value of parameter 2 (1302); a name HALCON has for
another model type (detection's ``'min_confidence'``...) is 7788 "parameter is not
available"; a bad value is 1203 (type), 1403 (count) or 1303 (value); duplicate class names
or ids 7716, negative ids 7793, image sizes 7722/7724 as for the legacy classifier.

Verified against HALCON's reference pages (mvtec.com/doc/halcon/1905 ... 2405,
get_dl_model_param): the names listed in :data:`PARAMS`; ``'summary'``, ``'layer_names'``
return one string per layer. Unverified, hdlite's choice: defaults of the Adam parameters
(torch's: 0.9, 0.999, 1e-8), the class id/name rules of :class:`.dl_model.DLModel`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, operator

from . import params
from .dl_model import FLAGS, KIND, SOLVERS

if TYPE_CHECKING:
    from .dl_model import DLModel

Values = params.Values
#: the legacy classifier's parameters that a classification model shares
SHARED = (
    "batch_size",
    "batch_size_multiplier",
    "gpu",
    "runtime",
    "runtime_init",
    "image_width",
    "image_height",
    "image_num_channels",
    "image_dimensions",
    "image_range_min",
    "image_range_max",
    "learning_rate",
    "momentum",
    "weight_prior",
)
#: HALCON's parameters of other model types: 7788 on a classifier
OTHER_TYPES = (
    "anchor_angles",
    "anchor_aspect_ratios",
    "anchor_num_subscales",
    "backbone_docking_layers",
    "bbox_heads_weight",
    "capacity",
    "class_heads_weight",
    "complexity",
    "ignore_class_ids",
    "ignore_direction",
    "instance_segmentation",
    "instance_type",
    "max_level",
    "max_num_detections",
    "max_overlap",
    "max_overlap_class_agnostic",
    "min_confidence",
    "min_level",
    "standard_deviation_factor",
)


@dataclass(frozen=True)
class Entry:
    """How one parameter is read and written (None: not readable / not writable)."""

    get: Callable[[CallContext, DLModel], tuple] | None
    set: Callable[[Values, DLModel], None] | None


def _shared(name: str) -> Entry:
    legacy = params.PARAMS[name]
    get = legacy.get
    put = legacy.set
    return Entry(
        None if get is None else (lambda ctx, m: get(m.clf)),
        None if put is None else (lambda v, m: put(v, m.clf)),
    )


def _set_class_names(v: Values, m: DLModel) -> None:
    names = v.values
    if not names:
        raise v.fail("value", "needs at least one class name")
    for name in names:
        if type(name) is not str:
            raise v.fail("type", f"class names are strings, got {name!r}")
    if len(set(names)) != len(names):
        raise v.ctx.error(7716, f"class_names: {next(n for n in names if names.count(n) > 1)!r}")
    m.set_class_names(tuple(names))


def _set_class_ids(v: Values, m: DLModel) -> None:
    ids = v.values
    if not ids:
        raise v.fail("value", "needs at least one class id")
    for value in ids:
        if type(value) is not int or value < 0:
            raise v.ctx.error(7793, f"class_ids: {value!r} is not an integer >= 0")
    if len(set(ids)) != len(ids):
        raise v.ctx.error(7716, f"class_ids: {next(i for i in ids if ids.count(i) > 1)} twice")
    m.set_class_ids(tuple(ids))


def _set_class_weights(v: Values, m: DLModel) -> None:
    count = len(m.class_names)
    if len(v.values) not in (1, count):
        raise v.fail("count", f"expects 1 or {count} values (one per class)")
    weights = [Values(v.ctx, v.name, (w,)).real(0.0) for w in v.values]
    m.class_weights = tuple(weights * count if len(weights) == 1 else weights)


def _set_image_size(v: Values, m: DLModel) -> None:
    if len(v.values) != 2:
        raise v.fail("count", f"expects [width, height], got {len(v.values)} values")
    params.PARAMS["image_dimensions"].set(v, m.clf)  # type: ignore[misc]


def _set_device(v: Values, m: DLModel) -> None:
    from .dl_devices import DEVICE_KIND

    value = v.one()
    if not isinstance(value, Handle):
        raise v.fail("type", f"expects a dl_device handle, got {value!r}")
    if value.cleared:
        raise v.ctx.error(2454, "device: the dl_device handle was cleared")
    if value.kind != DEVICE_KIND:
        raise v.fail("type", f"expects a dl_device handle, got a {value.kind} handle")
    device = value.obj
    m.clf.set_runtime(device.runtime, device.id if device.runtime == "gpu" else m.clf.gpu)


def _get_device(ctx: CallContext, m: DLModel) -> tuple:
    from .dl_devices import DEVICE_KIND, device_of

    return (ctx.new_handle(DEVICE_KIND, device_of(m.clf.runtime, m.clf.gpu)),)


def _set_meta_data(v: Values, m: DLModel) -> None:
    value = v.one()
    if not isinstance(value, Handle) or value.kind != "dict" or value.cleared:
        raise v.fail("type", f"expects a dict handle, got {value!r}")
    entries = {}
    for key, entry in value.obj.items():
        if type(key) is not str or not isinstance(entry, tuple):
            raise v.fail("value", f"meta_data: key {key!r} must be a string with a tuple")
        if not all(type(e) in (int, float, str) for e in entry):
            raise v.fail("value", f"meta_data: {key!r} must hold numbers or strings")
        entries[key] = entry
    m.meta_data = entries


def _flag(name: str) -> Entry:
    def put(v: Values, m: DLModel) -> None:
        value = v.one()
        if type(value) is int and value in (0, 1):
            value = "true" if value else "false"
        elif value not in ("true", "false"):
            raise v.fail("value", f"must be 'true' or 'false', got {value!r}")
        m.flags[name] = value

    return Entry(lambda ctx, m: (m.flags[name],), put)


def _layers(m: DLModel) -> list[tuple[str, Any]]:
    return [(n, mod) for n, mod in m.clf.net.named_modules() if n and not list(mod.children())]


def _adam(name: str, low: float, high: float | None) -> Entry:
    return Entry(
        lambda ctx, m: (getattr(m, name),),
        lambda v, m: m.set_adam(name, v.real(low, high, low_open=True)),
    )


PARAMS: dict[str, Entry] = {name: _shared(name) for name in SHARED}
PARAMS.update(
    {
        "type": Entry(lambda ctx, m: (m.type,), None),
        "class_names": Entry(lambda ctx, m: m.class_names, _set_class_names),
        "class_ids": Entry(lambda ctx, m: m.class_ids, _set_class_ids),
        "num_classes": Entry(lambda ctx, m: (len(m.class_names),), None),
        "class_weights": Entry(
            lambda ctx, m: m.class_weights or (1.0,) * len(m.class_names), _set_class_weights
        ),
        "image_size": Entry(
            lambda ctx, m: (m.clf.image_width, m.clf.image_height), _set_image_size
        ),
        "input_dimensions": Entry(
            lambda ctx, m: (m.clf.image_width, m.clf.image_height, m.clf.image_num_channels), None
        ),
        "solver_type": Entry(
            lambda ctx, m: (m.solver_type,), lambda v, m: m.set_solver(v.choice(SOLVERS))
        ),
        "adam_beta1": _adam("adam_beta1", 0.0, 1.0),
        "adam_beta2": _adam("adam_beta2", 0.0, 1.0),
        "adam_epsilon": _adam("adam_epsilon", 0.0, None),
        "batchnorm_momentum": Entry(
            lambda ctx, m: (0.1 if m.batchnorm_momentum is None else m.batchnorm_momentum,),
            lambda v, m: m.set_batchnorm_momentum(v.real(0.0, 1.0)),
        ),
        "device": Entry(_get_device, _set_device),
        "precision": Entry(lambda ctx, m: ("float32",), None),
        "precision_is_converted": Entry(lambda ctx, m: ("false",), None),
        "summary": Entry(
            lambda ctx, m: tuple(f"{n}: {mod!r}".replace("\n", " ") for n, mod in _layers(m)), None
        ),
        "layer_names": Entry(lambda ctx, m: tuple(n for n, _ in _layers(m)), None),
        "num_trainable_params": Entry(
            lambda ctx, m: (sum(p.numel() for p in m.clf.net.parameters() if p.requires_grad),),
            None,
        ),
        "meta_data": Entry(lambda ctx, m: (Handle("dict", dict(m.meta_data)),), _set_meta_data),
        "min_version": Entry(lambda ctx, m: ("19.11",), None),
    }
)
PARAMS.update({name: _flag(name) for name in FLAGS})


def _type_table(model_type: str) -> dict[str, Entry]:
    """The parameters a model type adds to the generic ones (imported on first use)."""
    if model_type == "detection":
        from . import dl_detection_ops

        return {n: Entry(g, s) for n, (g, s) in dl_detection_ops.PARAMS.items()}
    if model_type == "anomaly_detection":
        from . import dl_anomaly_ops

        return {n: Entry(g, s) for n, (g, s) in dl_anomaly_ops.PARAMS.items()}
    if model_type == "gc_anomaly_detection":
        from . import dl_anomaly_ops

        return {n: Entry(g, s) for n, (g, s) in dl_anomaly_ops.GC_PARAMS.items()}
    if model_type == "segmentation":
        from . import dl_segmentation_ops

        return {n: Entry(g, s) for n, (g, s) in dl_segmentation_ops.PARAMS.items()}
    return {}


def _table_of(model: DLModel) -> dict[str, Entry]:
    """The parameters of ``model``'s engine and type on top of the generic ones."""
    from . import dl_layered_ops

    if dl_layered_ops.is_layered(model):
        return {n: Entry(g, s) for n, (g, s) in dl_layered_ops.PARAMS.items()}
    return _type_table(model.type)


def entry_for(
    ctx: CallContext, model: DLModel, name: Any, settable: bool, param: str = "GenParamName"
) -> Entry:
    """The table entry of ``name`` for ``model``'s type, or HALCON's error for it."""
    entry = None
    if type(name) is str:
        entry = _table_of(model).get(name) or PARAMS.get(name)
    if entry is None and name in OTHER_TYPES:
        raise ctx.error(7788, f"{name!r} is not a parameter of a {model.type} model")
    if entry is None:
        raise ctx.param_error("value", param, f"unknown parameter {name!r}")
    if settable and entry.set is None:
        raise ctx.param_error("value", param, f"{name!r} can only be read")
    if not settable and entry.get is None:
        raise ctx.param_error("value", param, f"{name!r} can only be set")
    return entry


@operator(
    "set_dl_model_param",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("GenParamName", types="string", count=1, default="batch_size"),
    ControlIn("GenParamValue", types=("integer", "real", "string", "handle"), count=None),
)
def set_dl_model_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Set one parameter of a deep-learning model (a tuple for class names, ids, sizes)."""
    entry = entry_for(ctx, handle[0].obj, names[0], True)
    assert entry.set is not None
    entry.set(Values(ctx, names[0], values), handle[0].obj)
    return ()


@operator(
    "get_dl_model_param",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("GenParamName", types="string", count=1, default="batch_size"),
    ControlOut("GenParamValue", count=None),
)
def get_dl_model_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The value of one parameter of a deep-learning model."""
    entry = entry_for(ctx, handle[0].obj, names[0], False)
    assert entry.get is not None
    return (tuple(entry.get(ctx, handle[0].obj)),)
