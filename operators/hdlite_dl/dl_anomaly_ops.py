"""train_dl_model_anomaly_dataset, and what the dl_model operators do for anomaly models.

``read_dl_model('initial_dl_anomaly_medium.hdl' | 'initial_dl_anomaly_large.hdl')`` gives
an untrained model of ``'type'`` ``'anomaly_detection'`` (engine and method:
:mod:`.dl_anomaly`). Its parameters: the generic image and runtime ones, plus
``'complexity'`` (integer 1..1024, default 15: the bottleneck's channels; a change starts the
weights anew) and ``'standard_deviation_factor'`` (real > 0, default 1.0: divides the
anomaly values). ``'image_num_channels'`` is 1 or 3; width and height are at least 32.

``train_dl_model_anomaly_dataset(DLModelHandle, DLSamples, DLTrainParam : DLTrainResult)``
trains on all samples at once (good images only). DLSamples need ``'image'``: a ``real``
image of the model's size; its domain is the part of the image that is learned and
scored (the 'keep_domain' preprocessing). DLTrainParam is a dict or ``[]`` with
'max_num_epochs' (int >= 1), 'error_threshold' (>= 0), 'domain_ratio' (in (0, 1]),
'regularization_noise' (>= 0); another key or value is a wrong value of DLTrainParam
(1303). DLTrainResult holds 'final_error' and 'final_epoch' [unverified key names].

``apply_dl_model`` returns per sample ``'anomaly_image'`` (one-channel ``real`` image of
the model's size) and ``'anomaly_score'`` (real), the keys HALCON's threshold procedures
read. ``train_dl_model_batch`` on an anomaly model is a wrong value of DLModelHandle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    Handle,
    Image,
    ObjectTuple,
    operator,
)

from . import batches, dl_samples, params, seeding
from .dl_model import KIND

if TYPE_CHECKING:
    from .dl_anomaly import DLAnomaly
    from .dl_model import DLModel

Values = params.Values
TYPE = "anomaly_detection"
RESULT_KEYS = ("anomaly_image", "anomaly_score")
#: the largest 'complexity' (bottleneck channels) hdlite accepts (hdlite's limit)
MAX_COMPLEXITY = 1024


def _engine(m: DLModel) -> DLAnomaly:
    return m.clf  # type: ignore[return-value]


def _set_complexity(v: Values, m: DLModel) -> None:
    complexity = v.integer(1)
    if complexity > MAX_COMPLEXITY:
        raise v.fail("value", f"must be at most {MAX_COMPLEXITY}, got {complexity}")
    _engine(m).rebuild(complexity=complexity)


def _set_factor(v: Values, m: DLModel) -> None:
    _engine(m).standard_deviation_factor = v.real(0.0, low_open=True)


#: anomaly parameters: name -> (getter, setter or None); see dl_model_params
PARAMS: dict[str, tuple[Any, Any]] = {
    "complexity": (lambda ctx, m: (_engine(m).net.complexity,), _set_complexity),
    "standard_deviation_factor": (
        lambda ctx, m: (_engine(m).standard_deviation_factor,),
        _set_factor,
    ),
}


def new_model(variant: str) -> DLModel:
    """The model read_dl_model gives for ``initial_dl_anomaly_<variant>.hdl``."""
    from .dl_anomaly import DLAnomaly
    from .dl_model import DLModel

    return DLModel(DLAnomaly.initial(variant), TYPE)


# -- samples -----------------------------------------------------------------------------------


def _stack(model: DLModel, batch: tuple, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The checked images (N, C, H, W) of sample dicts and their domains (N, H, W)."""
    engine = _engine(model)
    samples = dl_samples.entries(batch, what)
    images = dl_samples.images(samples, what)
    try:
        data = batches.stack(images, engine)
    except HalconError as exc:
        raise HalconError(exc.code, f"{what}, key 'image': {exc.detail}") from None
    masks = np.ones((len(images), engine.image_height, engine.image_width), dtype=bool)
    for index, image in enumerate(images.objects):
        assert isinstance(image, Image)
        if image.domain is not None:
            masks[index] = image.domain.to_mask(engine.image_height, engine.image_width)
    return data, masks


def _train_params(ctx: CallContext, param: tuple) -> Any:
    from .dl_anomaly import TrainParams

    p = TrainParams()
    if not param:
        return p
    handle = param[0]
    if not isinstance(handle, Handle) or handle.kind != "dict" or handle.cleared:
        raise ctx.param_error("type", "DLTrainParam", "expects a dict handle or []")
    for key, value in handle.obj.items():

        def bad(detail: str, key: Any = key) -> HalconError:
            return ctx.param_error("value", "DLTrainParam", f"{key!r}: {detail}")

        if not isinstance(value, tuple) or len(value) != 1:
            raise bad("expects one value")
        number = value[0]
        if key == "max_num_epochs":
            if type(number) is float and number.is_integer():
                number = int(number)
            if type(number) is not int or number < 1:
                raise bad(f"must be an integer >= 1, got {number!r}")
            p.max_num_epochs = number
            continue
        if key not in ("error_threshold", "domain_ratio", "regularization_noise"):
            raise bad(
                "unknown key; known are 'max_num_epochs', 'error_threshold', "
                "'domain_ratio', 'regularization_noise'"
            )
        if type(number) not in (int, float) or not np.isfinite(number):
            raise bad(f"expects a number, got {number!r}")
        number = float(number)
        if key == "domain_ratio" and not 0.0 < number <= 1.0:
            raise bad(f"must lie in (0, 1], got {number:g}")
        if number < 0.0:
            raise bad(f"must be >= 0, got {number:g}")
        setattr(p, key, number)
    return p


@operator(
    "train_dl_model_anomaly_dataset",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("DLSamples", types="handle", count=(1, None), sem="dict"),
    ControlIn("DLTrainParam", types="handle", count=(0, 1), sem="dict"),
    ControlOut("DLTrainResult", types="handle", count=1, sem="dict"),
)
def train_dl_model_anomaly_dataset(
    ctx: CallContext, handle: tuple, samples: tuple, param: tuple
) -> tuple:
    """Train an anomaly detection model on all given (good) samples at once."""
    seeding.attach(ctx.session)
    model: DLModel = handle[0].obj
    if model.type != TYPE:
        raise ctx.param_error(
            "value", "DLModelHandle", f"a {model.type} model; this needs 'anomaly_detection'"
        )
    p = _train_params(ctx, param)
    engine = _engine(model)
    engine.prepare(training=True)
    data, masks = _stack(model, samples, "DLSamples")
    with batches.out_of_memory(engine):
        error, epoch = engine.train_dataset(data, masks, p)
    result = {"final_error": (float(error),), "final_epoch": (int(epoch),)}
    return ((Handle("dict", result),),)


def apply(ctx: CallContext, model: DLModel, batch: tuple, outputs: tuple) -> tuple:
    """apply_dl_model for an anomaly model: anomaly image and score per sample."""
    for name in outputs:
        if name not in RESULT_KEYS:
            raise ctx.param_error(
                "value", "Outputs", f"unknown output {name!r}; anomaly models give {RESULT_KEYS}"
            )
    keys = tuple(k for k in RESULT_KEYS if not outputs or k in outputs)
    if not batch:
        return ((),)
    engine = _engine(model)
    engine.prepare(training=False)
    data, masks = _stack(model, batch, "DLSampleBatch")
    with batches.out_of_memory(engine):
        maps = engine.anomaly_maps(data, masks)
    results = []
    for anomaly, mask in zip(maps, masks, strict=True):
        score = float(anomaly[mask].max()) if mask.any() else 0.0
        values = {
            "anomaly_image": ObjectTuple([Image(anomaly, "real")]),
            "anomaly_score": (score,),
        }
        results.append(Handle("dict", {key: values[key] for key in keys}))
    return (tuple(results),)


# -- Global Context Anomaly Detection ---------------------------------------------------------

GC_TYPE = "gc_anomaly_detection"
GC_RESULT_KEYS = (
    "anomaly_image",
    "anomaly_score",
    "anomaly_image_local",
    "anomaly_score_local",
    "anomaly_image_global",
    "anomaly_score_global",
)


def _gc(m: DLModel) -> Any:
    return m.clf


def _set_networks(v: Values, m: DLModel) -> None:
    from .dl_gc_anomaly import NETWORKS

    names = v.values
    if not names or not all(type(n) is str and n in NETWORKS for n in names):
        raise v.fail("value", f"expects names out of {list(NETWORKS)}, got {list(names)}")
    _gc(m).networks = tuple(n for n in NETWORKS if n in names)


def _set_levels(v: Values, m: DLModel) -> None:
    values = v.values
    if len(values) != 4 or not all(type(x) in (int, float) for x in values):
        raise v.fail("count", "expects [a_local, b_local, a_global, b_global]")
    if not (values[1] > values[0] and values[3] > values[2]):
        raise v.fail("value", "each b must be above its a")
    _gc(m).set_levels(tuple(float(x) for x in values))


#: Global Context parameters: name -> (getter, setter or None); see dl_model_params.
#: 'gc_anomaly_networks' and 'anomaly_score_tolerance' are HALCON's; 'gc_anomaly_levels'
#: (the normalisation, set by normalize_dl_gc_anomaly_scores) is hdlite's.
GC_PARAMS: dict[str, tuple[Any, Any]] = {
    "gc_anomaly_networks": (lambda ctx, m: _gc(m).networks, _set_networks),
    "anomaly_score_tolerance": (
        lambda ctx, m: (_gc(m).score_tolerance,),
        lambda v, m: setattr(_gc(m), "score_tolerance", v.real(0.0, 1.0)),
    ),
    "gc_anomaly_levels": (
        lambda ctx, m: tuple(float(x) for x in _gc(m).net.levels[:2].flatten()),
        _set_levels,
    ),
}


def new_gc_model() -> DLModel:
    """The model read_dl_model gives for 'pretrained_dl_anomaly_global_context.hdl'."""
    from .dl_gc_anomaly import DLGCAnomaly
    from .dl_model import DLModel

    model = DLModel(DLGCAnomaly.pretrained(), GC_TYPE)
    model.solver_type = "adam"
    return model


def gc_train_batch(ctx: CallContext, model: DLModel, batch: tuple) -> tuple:
    """train_dl_model_batch for a Global Context model: one update on good images."""
    engine = _gc(model)
    samples = dl_samples.entries(batch)
    for index, sample in enumerate(samples):
        label = sample.get("anomaly_label_id", (0,))
        if label not in ((0,), (0.0,)):
            raise ctx.error(7793, f"DLSampleBatch[{index}].anomaly_label_id: train on 'ok' (0)")
    data, _masks = _stack(model, batch, "DLSampleBatch")
    engine.prepare(training=True)
    optimizer = model.optimizer()
    optimizer.zero_grad(set_to_none=True)
    total = 0.0
    import torch

    with batches.out_of_memory(engine):
        chunks = range(0, len(data), engine.batch_size)
        for start in chunks:
            x = torch.from_numpy(data[start : start + engine.batch_size]).to(engine.device)
            loss = engine.loss(x) / len(chunks)
            loss.backward()
            total += float(loss.detach())
        optimizer.step()
    if not np.isfinite(total):
        raise ctx.error(7720, f"the loss is {total}; lower the learning rate")
    return ((Handle("dict", {"total_loss": (total,)}),),)


def gc_apply(ctx: CallContext, model: DLModel, batch: tuple, outputs: tuple) -> tuple:
    """apply_dl_model for a Global Context model: combined, local and global results."""
    import torch

    engine = _gc(model)
    used = tuple(
        k
        for k in GC_RESULT_KEYS
        if not k.endswith(("_local", "_global")) or k.rsplit("_", 1)[1] in engine.networks
    )
    for name in outputs:
        if name not in used:
            raise ctx.param_error(
                "value", "Outputs", f"unknown output {name!r}; this model has {used}"
            )
    keys = tuple(k for k in used if not outputs or k in outputs)
    if not batch:
        return ((),)
    engine.prepare(training=False)
    data, masks = _stack(model, batch, "DLSampleBatch")
    results = []
    with batches.out_of_memory(engine):
        for start in range(0, len(data), engine.batch_size):
            x = torch.from_numpy(data[start : start + engine.batch_size]).to(engine.device)
            maps = engine.maps(x)
            for i in range(len(x)):
                mask = masks[start + i]
                values: dict[str, Any] = {}
                for suffix, key in (("", ""), ("local", "_local"), ("global", "_global")):
                    if suffix not in maps:
                        continue
                    image = (maps[suffix][i] * mask).astype(np.float32)
                    values["anomaly_image" + key] = ObjectTuple([Image(image, "real")])
                    inside = image[mask] if mask.any() else np.zeros(1, np.float32)
                    values["anomaly_score" + key] = (engine.score(inside),)
                results.append(Handle("dict", {k: values[k] for k in keys}))
    return (tuple(results),)
