"""The engine of ``'segmentation'`` models: per-pixel classes behind a dl_model handle.

:class:`DLSegmenter` reuses the classifier engine's machinery (device, SGD with HALCON's
momentum form, learning-rate and weight-prior changes, the checks of the shared image
parameters) and replaces the network (:mod:`.segmentation_net`), the loss and the file
content. A :class:`~.dl_model.DLModel` of type ``'segmentation'`` wraps it as it wraps a
classifier, so the generic parameters, Adam, devices and the file container are shared.

``read_dl_model('pretrained_dl_segmentation_compact.hdl')`` and ``'..._enhanced.hdl'``
give a segmenter on the pretrained classifier of the same name (ImageNet weights from local
files via :mod:`.weights`; the decoder starts from random weights, as a new classification
head does). Like the pretrained classifiers it has no classes until 'class_ids' or
'class_names' are set (hdlite's choice; the classes of HALCON's shipped file were not
found in what we read).

Loss (hdlite's choice where HALCON's reference names none): the softmax cross-entropy of
every pixel, multiplied by the pixel's weight (the sample's ``'weight_image'`` when it has
one, else 1), summed and divided by the number of pixels that count. Pixels whose label
is one of 'ignore_class_ids' do not count (weight 0), as the reference of
set_dl_model_param says for 'ignore_class_ids'.

Model files: the container of :mod:`.codec` with header ``'type'`` ``'dl_segmenter'``,
the backbone, the classes, the persisted parameters and a ``'segmentation'`` section with
'ignore_class_ids'. Nothing in a file is executed: JSON and raw arrays only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from hdlite.plugin import HalconError

from . import backbones, codec, segmentation_net
from .handles import PERSISTED, RANGE_MAX, RANGE_MIN, DLClassifier

FILE_TYPE = "dl_segmenter"
PRETRAINED_PREFIX = "pretrained_dl_segmentation_"
#: pretrained segmentation names -> the backbone they are built on
PRETRAINED = {"compact": "compact", "enhanced": "enhanced"}
#: the default batch size of a new segmenter (hdlite's choice: segmentation batches are
#: small; HALCON's default for its shipped segmentation models was not found)
BATCH_SIZE = 8


def pretrained_name(file_name: str) -> str | None:
    """``'compact'`` for ``'pretrained_dl_segmentation_compact.hdl'`` (with or without
    ``.hdl``, any directory); None for a name of another kind."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if not base.startswith(PRETRAINED_PREFIX):
        return None
    base = base[len(PRETRAINED_PREFIX) :]
    return base[: -len(".hdl")] if base.endswith(".hdl") else base


class DLSegmenter(DLClassifier):
    """A segmenter: the encoder-decoder network, ignored classes, device and optimiser."""

    net: segmentation_net.SegmentationNet  # type: ignore[assignment]

    def __init__(self, cfg: backbones.BackboneCfg, net: segmentation_net.SegmentationNet) -> None:
        super().__init__(cfg, net)  # type: ignore[arg-type]
        self.ignore_class_ids: tuple[int, ...] = ()

    @staticmethod
    def segmentation_cfg(cfg: backbones.BackboneCfg) -> backbones.BackboneCfg:
        """The backbone configuration with the smallest image the stride-32 stage takes."""
        from dataclasses import replace

        return replace(cfg, min_size=max(cfg.min_size, 32))

    @classmethod
    def build(cls, name: str, pretrained: bool = True) -> DLSegmenter:
        """A new segmenter on the backbone ``name`` (ImageNet weights if ``pretrained``)."""
        cfg, trunk = backbones.create_backbone(name, pretrained=pretrained)
        segmenter = cls(cls.segmentation_cfg(cfg), segmentation_net.SegmentationNet(cfg, trunk))
        segmenter.batch_size = BATCH_SIZE
        return segmenter

    # -- running -------------------------------------------------------------------------

    def loss(self, x: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
        """The weighted mean per-pixel cross-entropy (training mode).

        ``target``: (N, H, W) output indices (any value where ``weight`` is 0);
        ``weight``: (N, H, W) pixel weights, 0 for pixels that do not count.
        """
        logits = self.net(x)
        counted = weight > 0
        safe = torch.where(counted, target, torch.zeros_like(target))
        per_pixel = F.cross_entropy(logits.float(), safe, reduction="none")
        count = counted.sum().clamp(min=1)
        return (per_pixel * weight).sum() / count

    def segment(self, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
        """Output indices and their softmax confidences, (N, H, W) each (eval mode)."""
        with torch.inference_mode():
            probabilities = torch.softmax(self.net(x).float(), dim=1)
            confidence, index = probabilities.max(dim=1)
        return index.cpu().numpy(), confidence.cpu().numpy()

    # -- files ---------------------------------------------------------------------------

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout)."""
        header = {
            "type": FILE_TYPE,
            "backbone": self.cfg.name,
            "architecture": self.cfg.arch,
            "classes": list(self.classes),
            "params": {name: getattr(self, name) for name in PERSISTED},
            "segmentation": {"ignore_class_ids": list(self.ignore_class_ids)},
            "preprocessing": {"image_range_min": RANGE_MIN, "image_range_max": RANGE_MAX},
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLSegmenter:
        """Rebuild a segmenter from the bytes :meth:`to_bytes` wrote.

        Raises:
            HalconError: 7780 for damaged content (also 5238/7782 from the container).
        """
        header, arrays = codec.decode(data, source)
        name, arch = header.get("backbone"), header.get("architecture")
        cfg = backbones.file_cfg(name, arch) if isinstance(name, str) else None
        if cfg is None or arch not in segmentation_net.SEGMENTATION_ARCHITECTURES:
            raise HalconError(7780, f"{source}: unknown segmentation backbone {name!r}")
        classes = header.get("classes")
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
            raise HalconError(7780, f"{source}: bad class list")
        section = header.get("segmentation")
        ignored = section.get("ignore_class_ids") if isinstance(section, dict) else None
        if not isinstance(ignored, list) or not all(type(i) is int and i >= 0 for i in ignored):
            raise HalconError(7780, f"{source}: bad segmentation section")
        _cfg, trunk = backbones.create_backbone(cfg.name, pretrained=False, cfg=cfg)
        segmenter = cls(cls.segmentation_cfg(cfg), segmentation_net.SegmentationNet(cfg, trunk))
        if classes:
            segmenter.set_classes(tuple(classes))
        segmenter.ignore_class_ids = tuple(ignored)
        segmenter._load_params(header.get("params"), source)
        state = {key: torch.from_numpy(array) for key, array in arrays.items()}
        try:
            segmenter.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(
                7780, f"{source}: weights do not match the network ({first})"
            ) from None
        return segmenter
