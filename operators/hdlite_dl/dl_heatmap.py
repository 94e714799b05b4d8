"""gen_dl_model_heatmap: Grad-CAM class-activation maps of a classification model.

For one preprocessed sample and each target class: the gradients of the class's logit with
respect to the activations of the network's last convolutional stage (the module right
before global pooling) are averaged over space to weight the activation channels; the
weighted sum goes through a ReLU, is upsampled bilinearly to the input size and divided by
its maximum, so the map lies in [0, 1] (all zeros when nothing activates the class).

From the HALCON 19.11 reference of gen_dl_model_heatmap: 'grad_cam' is the method; the
result dict holds the classification results and a dict ``'heatmap_grad_cam'`` with one
image ``'heatmap_image_class_<id>'`` per target class. hdlite's choices (unverified):
``TargetClasses = []`` means the top-1 class; ``GenParam`` keys 'use_conv_only' (accepted,
the target layer is always convolutional here) and 'scaling' ('scale_after_relu', the
default, or 'none' for the raw ReLU map).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

from . import dl_samples, seeding
from .dl_model import KIND

if TYPE_CHECKING:
    import numpy as np
    from torch import nn

    from .dl_model import DLModel

SCALINGS = ("scale_after_relu", "none")


def target_layer(net: Any) -> nn.Module:
    """The module whose output feeds the global pooling (the last convolutional stage)."""
    from torch import nn

    children = list(net.trunk.children())
    for index, child in enumerate(children):
        if isinstance(child, nn.AdaptiveAvgPool2d) and index > 0:
            return children[index - 1]
    return children[0]


def grad_cam(model: DLModel, image: np.ndarray, targets: list[int], scale: bool) -> tuple:
    """Confidences and one (H, W) map per target output index."""
    import torch
    import torch.nn.functional as F

    clf = model.clf
    net = clf.prepare(training=False)
    x = torch.from_numpy(image[None].astype("float32")).to(clf.device)
    stored: dict[str, torch.Tensor] = {}
    hook = target_layer(net).register_forward_hook(
        lambda _m, _i, out: stored.__setitem__("act", out)
    )
    try:
        with torch.enable_grad():
            logits = net(x)
            maps = []
            for target in targets:
                (grad,) = torch.autograd.grad(logits[0, target], stored["act"], retain_graph=True)
                weights = grad.mean(dim=(2, 3), keepdim=True)
                cam = F.relu((weights * stored["act"]).sum(dim=1, keepdim=True))
                cam = F.interpolate(cam, size=image.shape[1:], mode="bilinear", align_corners=False)
                cam = cam[0, 0].detach()
                if scale and float(cam.max()) > 0:
                    cam = cam / cam.max()
                maps.append(cam.float().cpu().numpy())
    finally:
        hook.remove()
    confidences = torch.softmax(logits.detach(), dim=1).float().cpu().numpy()
    return confidences, maps


def _options(ctx: CallContext, gen_param: tuple) -> bool:
    if not gen_param:
        return True
    handle = gen_param[0]
    if len(gen_param) != 1 or not isinstance(handle, Handle) or handle.kind != "dict":
        raise ctx.param_error("type", "GenParam", "expects a dict handle or []")
    scale = True
    for key, value in handle.obj.items():
        if key == "use_conv_only":
            if value not in (("true",), ("false",)):
                raise ctx.param_error("value", "GenParam", f"use_conv_only: {value!r}")
        elif key == "scaling":
            if value not in tuple((s,) for s in SCALINGS):
                raise ctx.param_error("value", "GenParam", f"scaling must be one of {SCALINGS}")
            scale = value[0] == "scale_after_relu"
        else:
            raise ctx.param_error("value", "GenParam", f"unknown key {key!r}")
    return scale


@operator(
    "gen_dl_model_heatmap",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("DLSample", types="handle", count=1, sem="dict"),
    ControlIn("HeatmapMethod", types="string", count=1, default="grad_cam"),
    ControlIn("TargetClasses", types="integer", count=None, default=()),
    ControlIn("GenParam", types="handle", count=None, default=()),
    ControlOut("DLResult", types="handle", count=1, sem="dict"),
)
def gen_dl_model_heatmap(
    ctx: CallContext, handle: tuple, sample: tuple, method: tuple, targets: tuple, gen: tuple
) -> tuple:
    """Grad-CAM heat maps of one preprocessed sample for the given class ids (or the top-1)."""
    from . import batches

    seeding.attach(ctx.session)
    model: DLModel = handle[0].obj
    if model.type != "classification":
        raise ctx.param_error(
            "value", "DLModelHandle", f"heat maps need a classification model, not {model.type}"
        )
    if getattr(model.clf, "layered", False):
        raise ctx.param_error(
            "value", "DLModelHandle", "hdlite computes heat maps of the pretrained classifier "
            "networks, not of a model built from layers"
        )  # fmt: skip
    if method[0] != "grad_cam":
        raise ctx.param_error("value", "HeatmapMethod", f"{method[0]!r}; supported: 'grad_cam'")
    scale = _options(ctx, gen)
    if model.clf.net.head is None:
        raise ctx.error(7788, "the model has no classes yet: set 'class_names'")
    entries = dl_samples.entries(sample, "DLSample")
    images = dl_samples.images(entries, "DLSample")
    try:
        stacked = batches.stack(images, model.clf)
        batches.check(images, model.clf, 1)
    except HalconError as exc:
        raise dl_samples.located("DLSample", exc) from None
    lookup = {class_id: index for index, class_id in enumerate(model.class_ids)}
    for class_id in targets:
        if class_id not in lookup:
            raise ctx.error(7793, f"TargetClasses: {class_id} is not one of the class ids")
    indices = [lookup[c] for c in targets]
    if not indices:  # the top-1 class, from a plain forward pass
        confidences, _ = grad_cam(model, stacked[0], [], scale)
        indices = [int(confidences[0].argmax())]
    confidences, maps = grad_cam(model, stacked[0], indices, scale)
    (result,) = dl_samples.classification_results(
        model, confidences, dl_samples.CLASSIFICATION_KEYS
    )
    heatmaps = {
        f"heatmap_image_class_{model.class_ids[index]}": ObjectTuple([Image(cam, "real")])
        for index, cam in zip(indices, maps, strict=True)
    }
    result.obj["heatmap_grad_cam"] = (Handle("dict", heatmaps),)
    return ((result,),)
