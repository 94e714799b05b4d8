"""create_dl_model_detection, and what the dl_model operators do for ``'detection'`` models.

``create_dl_model_detection(Backbone, NumClasses, DLModelDetectionParam : DLModelHandle)``
builds a detector (:mod:`.dl_detection`) on one of the pretrained classifiers, named by
their file names as for read_dl_model ('pretrained_dl_classifier_compact.hdl',
'..._enhanced.hdl', '..._mobilenet_v2.hdl', '..._resnet18.hdl', '..._resnet50.hdl'); their
ImageNet weights come from local files (:mod:`.weights`); another name is 5200 (file not
found), 'pretrained_dl_classifier_alexnet.hdl' (no stride-4..32 stages in hdlite's
network) a wrong value of Backbone (1301). DLModelDetectionParam is a dict
(or ``[]``) with HALCON's keys; unknown keys and unsupported values are wrong values of
parameter 3 (1303) naming the key. 'instance_type' 'rectangle2' (oriented boxes) and
'instance_segmentation' 'true' are not provided by hdlite: wrong value, naming them.

Samples for training carry ``'image'`` and the tuples ``'bbox_row1'``, ``'bbox_col1'``,
``'bbox_row2'``, ``'bbox_col2'``, ``'bbox_label_id'`` (one entry per object; empty tuples
for an image without objects). Results of apply_dl_model hold the same box keys plus
``'bbox_class_id'``, ``'bbox_class_name'`` and ``'bbox_confidence'``, best first, in the
coordinates of the preprocessed image (HALCON's reference of apply_dl_model lists these
keys for 'rectangle1' models). 'class_weights' of a detector are the focal loss's alpha per
class (default 0.25 each; in [0, 1]). DLTrainResult holds ``'total_loss'`` and hdlite's parts
``'loss_cls'`` and ``'loss_box'`` [unverified names of HALCON's partial losses].
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, Handle, operator

from . import batches, dl_samples, model_io, params, seeding, training
from .dl_model import KIND

if TYPE_CHECKING:
    import torch

    from .dl_detection import DetectionSettings, DLDetector
    from .dl_model import DLModel

Values = params.Values
#: the focal loss's alpha, 'class_weights' of a detector by default [unverified: HALCON's]
FOCAL_ALPHA = 0.25
BOX_KEYS = ("bbox_row1", "bbox_col1", "bbox_row2", "bbox_col2")
RESULT_KEYS = (*BOX_KEYS, "bbox_class_id", "bbox_class_name", "bbox_confidence")
CAPACITIES = ("high", "medium", "low")
#: keys of DLModelDetectionParam read at creation (the settable parameters come on top)
CREATE_ONLY = (
    "min_level",
    "max_level",
    "anchor_num_subscales",
    "anchor_aspect_ratios",
    "anchor_angles",
    "capacity",
    "instance_type",
    "instance_segmentation",
    "ignore_direction",
    "class_ids_no_orientation",
)


# -- parameters ------------------------------------------------------------------------------


def _real_setting(name: str, low: float, high: float | None) -> tuple[Any, Any]:
    def put(v: Values, m: DLModel) -> None:
        value = v.one()
        if type(value) not in (int, float):
            raise v.fail("type", f"expects a number, got {value!r}")
        if value < low or (high is not None and value > high):
            raise v.fail("value", f"must lie in [{low:g}, {high:g}], got {value}")
        setattr(_detector(m).settings, name, float(value))

    return (lambda ctx, m: (getattr(_detector(m).settings, name),), put)


def _max_detections(v: Values, m: DLModel) -> None:
    _detector(m).settings.max_num_detections = v.integer(1)


def _detector(m: DLModel) -> DLDetector:
    return m.clf  # type: ignore[return-value]


def _set_class_weights(v: Values, m: DLModel) -> None:
    count = len(m.class_names)
    if len(v.values) not in (1, count):
        raise v.fail("count", f"expects 1 or {count} values (one per class)")
    weights = []
    for value in v.values:
        if type(value) not in (int, float):
            raise v.fail("type", f"expects numbers, got {value!r}")
        if not 0 <= value <= 1:
            raise v.fail("value", f"focal-loss weights lie in [0, 1], got {value}")
        weights.append(float(value))
    m.class_weights = tuple(weights * count if len(weights) == 1 else weights)


def _get_class_weights(ctx: CallContext, m: DLModel) -> tuple:
    return m.class_weights or (FOCAL_ALPHA,) * len(m.class_names)


def _getter(name: str) -> tuple[Any, None]:
    def get(ctx: CallContext, m: DLModel) -> tuple:
        value = getattr(_detector(m).settings, name)
        return tuple(value) if isinstance(value, tuple) else (value,)

    return (get, None)


#: detection parameters: name -> (getter, setter or None); see dl_model_params
PARAMS: dict[str, tuple[Any, Any]] = {
    "min_confidence": _real_setting("min_confidence", 0.0, 1.0),
    "max_overlap": _real_setting("max_overlap", 0.0, 1.0),
    "max_overlap_class_agnostic": _real_setting("max_overlap_class_agnostic", 0.0, 1.0),
    "class_heads_weight": _real_setting("class_heads_weight", 0.0, None),
    "bbox_heads_weight": _real_setting("bbox_heads_weight", 0.0, None),
    "max_num_detections": (_getter("max_num_detections")[0], _max_detections),
    "min_level": _getter("min_level"),
    "max_level": _getter("max_level"),
    "anchor_num_subscales": _getter("anchor_num_subscales"),
    "anchor_aspect_ratios": _getter("anchor_aspect_ratios"),
    "anchor_angles": _getter("anchor_angles"),
    "capacity": _getter("capacity"),
    "instance_type": _getter("instance_type"),
    "instance_segmentation": (lambda ctx, m: ("false",), None),
    "class_weights": (_get_class_weights, _set_class_weights),
}


# -- creation --------------------------------------------------------------------------------


def _bad(ctx: CallContext, key: str, detail: str) -> HalconError:
    return ctx.param_error("value", "DLModelDetectionParam", f"{key!r}: {detail}")


def _int_value(ctx: CallContext, key: str, value: tuple, low: int, high: int) -> int:
    if len(value) != 1 or type(value[0]) is not int or not low <= value[0] <= high:
        raise _bad(ctx, key, f"must be one integer in [{low}, {high}], got {list(value)}")
    return value[0]


def _settings(ctx: CallContext, entries: dict[str, tuple]) -> DetectionSettings:
    from .dl_detection import DetectionSettings

    s = DetectionSettings()
    for key in ("min_level", "max_level"):
        if key in entries:
            setattr(s, key, _int_value(ctx, key, entries[key], 2, 7))
    if s.min_level > s.max_level:
        raise _bad(ctx, "max_level", f"{s.max_level} is below 'min_level' {s.min_level}")
    if "anchor_num_subscales" in entries:
        s.anchor_num_subscales = _int_value(
            ctx, "anchor_num_subscales", entries["anchor_num_subscales"], 1, 10
        )
    if "anchor_aspect_ratios" in entries:
        ratios = entries["anchor_aspect_ratios"]
        if not ratios or not all(type(r) in (int, float) and r > 0 for r in ratios):
            raise _bad(ctx, "anchor_aspect_ratios", f"needs numbers > 0, got {list(ratios)}")
        s.anchor_aspect_ratios = tuple(float(r) for r in ratios)
    if "anchor_angles" in entries and tuple(entries["anchor_angles"]) not in ((0,), (0.0,)):
        raise _bad(ctx, "anchor_angles", "angles need 'instance_type' 'rectangle2'")
    for key, allowed in (
        ("capacity", CAPACITIES),
        ("instance_type", ("rectangle1",)),
        ("instance_segmentation", ("false",)),
        ("ignore_direction", ("false",)),
    ):
        if key in entries:
            value = entries[key]
            if len(value) != 1 or value[0] not in allowed:
                raise _bad(ctx, key, f"hdlite supports {list(allowed)}, got {list(value)}")
            if key in ("capacity", "instance_type"):
                setattr(s, key, value[0])
    if entries.get("class_ids_no_orientation", ()):
        raise _bad(ctx, "class_ids_no_orientation", "only for 'instance_type' 'rectangle2'")
    return s


def _set_all(ctx: CallContext, model: DLModel, entries: dict[str, tuple]) -> None:
    """Apply the settable keys of DLModelDetectionParam through set_dl_model_param's table."""
    from . import dl_model_params

    order = ["image_dimensions", "image_width", "image_height", "image_num_channels"]
    order += ["class_ids", "class_names"]
    keys = sorted(entries, key=lambda k: order.index(k) if k in order else len(order))
    for key in keys:
        if key in CREATE_ONLY:
            continue
        entry = dl_model_params.entry_for(
            ctx, model, key, settable=True, param="DLModelDetectionParam"
        )
        assert entry.set is not None
        entry.set(Values(ctx, key, entries[key]), model)


@operator(
    "create_dl_model_detection",
    ControlIn("Backbone", types="string", count=1, default="pretrained_dl_classifier_compact.hdl"),
    ControlIn("NumClasses", types="integer", count=1, default=3),
    ControlIn("DLModelDetectionParam", types="handle", count=(0, 1), sem="dict"),
    ControlOut("DLModelHandle", types="handle", count=1, sem=KIND),
)
def create_dl_model_detection(
    ctx: CallContext, backbone: tuple, num_classes: tuple, param: tuple
) -> tuple:
    """Create an object detection model (RetinaNet-like) on a pretrained classifier."""
    from . import detection_net
    from .dl_detection import DLDetector
    from .dl_model import DLModel

    seeding.attach(ctx.session)
    name = model_io.pretrained_name(backbone[0])
    from . import backbones

    cfg = backbones.get_cfg(name) if name is not None else None
    if cfg is None:
        raise ctx.error(5200, f"{backbone[0]}: no such pretrained network")
    if cfg.arch not in detection_net.DETECTION_ARCHITECTURES:
        usable = [
            f"{model_io.PRETRAINED_PREFIX}{n}.hdl"
            for n in backbones.names()
            if backbones.get_cfg(n).arch in detection_net.DETECTION_ARCHITECTURES  # type: ignore[union-attr]
        ]
        raise ctx.param_error("value", "Backbone", f"{backbone[0]!r}; hdlite offers {usable}")
    if num_classes[0] < 1:
        raise ctx.param_error("value", "NumClasses", f"must be at least 1, got {num_classes[0]}")
    entries: dict[str, tuple] = {}
    if param:
        handle = param[0]
        if not isinstance(handle, Handle) or handle.kind != "dict" or handle.cleared:
            raise ctx.param_error("type", "DLModelDetectionParam", "expects a dict handle")
        for key, value in handle.obj.items():
            if not isinstance(value, tuple):
                raise _bad(ctx, str(key), "expects a tuple value")
            entries[str(key)] = value
    settings = _settings(ctx, entries)
    detector = DLDetector.build(cfg.name, num_classes[0], settings, pretrained=True)
    model = DLModel(detector, "detection")
    _set_all(ctx, model, entries)
    if len(model.class_ids) != num_classes[0]:
        raise _bad(ctx, "class_ids", f"needs {num_classes[0]} ids (NumClasses)")
    return ((ctx.new_handle(KIND, model),),)


# -- training and inference ------------------------------------------------------------------


def _boxes(model: DLModel, samples: list[dict]) -> tuple[list[Any], list[Any]]:
    import torch

    lookup = {class_id: index for index, class_id in enumerate(model.class_ids)}
    boxes, labels = [], []
    for index, sample in enumerate(samples):
        columns = []
        for key in (*BOX_KEYS, "bbox_label_id"):
            if key not in sample:
                raise HalconError(7783, f"DLSampleBatch[{index}] has no key {key!r}")
            columns.append(sample[key])
        if len({len(c) for c in columns}) != 1:
            raise HalconError(7790, f"DLSampleBatch[{index}]: the bbox_* tuples differ in length")
        for value in (v for c in columns[:4] for v in c):
            if type(value) not in (int, float):
                raise HalconError(7790, f"DLSampleBatch[{index}]: box value {value!r}")
        ids = []
        for label in columns[4]:
            if type(label) is float and label.is_integer():
                label = int(label)
            if label not in lookup or type(label) is not int:
                raise HalconError(
                    7793,
                    f"DLSampleBatch[{index}].bbox_label_id {label!r} is not one of the class ids "
                    f"{list(model.class_ids)}",
                )
            ids.append(lookup[label])
        boxes.append(torch.tensor(list(zip(*columns[:4], strict=True)), dtype=torch.float32))
        labels.append(torch.tensor(ids, dtype=torch.long))
    for b in boxes:
        if len(b) and bool(((b[:, 2] < b[:, 0]) | (b[:, 3] < b[:, 1])).any()):
            raise HalconError(7790, "DLSampleBatch: a box has row2 < row1 or col2 < col1")
    return [b.reshape(-1, 4) for b in boxes], labels


def train_batch(ctx: CallContext, model: DLModel, batch: tuple) -> tuple:
    """train_dl_model_batch for a detection model."""
    detector = _detector(model)
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    boxes, labels = _boxes(model, samples)
    detector.prepare(training=True)
    optimizer = model.optimizer()
    optimizer.zero_grad(set_to_none=True)
    size = detector.batch_size
    parts = -(-len(samples) // size)
    total_cls: torch.Tensor | float = 0.0
    total_box: torch.Tensor | float = 0.0
    with batches.out_of_memory(detector):
        for start in range(0, len(samples), size):
            try:
                x = batches.to_device(
                    batches.stack(images, detector, start, start + size), detector
                )
            except HalconError as exc:
                raise dl_samples.located("DLSampleBatch", exc) from None
            cls_loss, box_loss = detector.loss(
                x, boxes[start : start + size], labels[start : start + size], model.class_weights
            )
            ((cls_loss + box_loss) / parts).backward()
            total_cls = total_cls + cls_loss.detach() / parts
            total_box = total_box + box_loss.detach() / parts
        total = float(total_cls) + float(total_box)
        if detector.weight_prior:
            total += float(training.prior_loss(optimizer, detector.weight_prior))
        if total != total or total in (float("inf"), float("-inf")):
            raise ctx.error(7720, f"the loss is {total}; lower the learning rate")
        optimizer.step()
    result = {
        "total_loss": (total,),
        "loss_cls": (float(total_cls),),
        "loss_box": (float(total_box),),
    }
    return ((Handle("dict", result),),)


def apply(ctx: CallContext, model: DLModel, batch: tuple, outputs: tuple) -> tuple:
    """apply_dl_model for a detection model: one result dict of boxes per sample."""
    import torch

    for name in outputs:
        if name not in RESULT_KEYS:
            raise ctx.param_error(
                "value", "Outputs", f"unknown output {name!r}; a detector has {list(RESULT_KEYS)}"
            )
    keys = tuple(k for k in RESULT_KEYS if not outputs or k in outputs)
    detector = _detector(model)
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    detector.prepare(training=False)
    results = []
    with torch.inference_mode(), batches.out_of_memory(detector):
        for start in range(0, len(samples), detector.batch_size):
            try:
                chunk = batches.stack(images, detector, start, start + detector.batch_size)
            except HalconError as exc:
                raise dl_samples.located("DLSampleBatch", exc) from None
            for boxes, classes, scores in detector.detect(batches.to_device(chunk, detector)):
                rows = boxes.tolist()
                values: dict[str, tuple] = {
                    key: tuple(float(r[i]) for r in rows) for i, key in enumerate(BOX_KEYS)
                }
                values["bbox_class_id"] = tuple(model.class_ids[int(c)] for c in classes)
                values["bbox_class_name"] = tuple(model.class_names[int(c)] for c in classes)
                values["bbox_confidence"] = tuple(float(s) for s in scores)
                results.append(Handle("dict", {key: values[key] for key in keys}))
    return (tuple(results),)
