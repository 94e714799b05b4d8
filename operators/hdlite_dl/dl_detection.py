"""The engine of ``'detection'`` models: a RetinaNet-like detector behind a dl_model handle.

:class:`DLDetector` reuses the classifier engine's machinery (device, SGD with HALCON's
momentum form, learning-rate and weight-prior changes, the checks of the shared image
parameters) and replaces the network (:mod:`.detection_net`), the class handling and the
file content. A :class:`~.dl_model.DLModel` of type ``'detection'`` wraps it as it wraps a
classifier, so the generic parameters, Adam, devices and the file container are shared.

Detection settings (:class:`DetectionSettings`) hold HALCON's names of
``create_dl_model_detection``: the architecture ('min_level', 'max_level',
'anchor_num_subscales', 'anchor_aspect_ratios', 'capacity', 'instance_type') is fixed at
creation; the inference settings ('min_confidence', 'max_overlap',
'max_overlap_class_agnostic', 'max_num_detections') and the loss weights
('class_heads_weight', 'bbox_heads_weight') can be changed with set_dl_model_param.

Model files: the container of :mod:`.codec` with header ``'type'`` ``'dl_detector'``, the
backbone, the classes, the persisted parameters and a ``'detection'`` section with the
settings. Nothing in a file is executed: JSON and raw arrays only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

import torch

from hdlite.plugin import HalconError

from . import backbones, codec, detection_boxes, detection_net
from .handles import PERSISTED, RANGE_MAX, RANGE_MIN, DLClassifier

FILE_TYPE = "dl_detector"


@dataclass
class DetectionSettings:
    """HALCON's detection parameters (defaults: create_dl_model_detection's, see docs).

    Defaults [unverified where the reference page was not read in full]: 'min_level' 2,
    'max_level' 4, 'anchor_num_subscales' 3, 'anchor_aspect_ratios' [1.0, 2.0, 0.5],
    'capacity' 'high', 'max_num_detections' 100, 'min_confidence' 0.5, 'max_overlap' 0.5,
    'max_overlap_class_agnostic' 1.0, 'instance_type' 'rectangle1'.
    """

    min_level: int = 2
    max_level: int = 4
    anchor_num_subscales: int = 3
    anchor_aspect_ratios: tuple[float, ...] = (1.0, 2.0, 0.5)
    anchor_angles: tuple[float, ...] = (0.0,)
    capacity: str = "high"
    instance_type: str = "rectangle1"
    max_num_detections: int = 100
    min_confidence: float = 0.5
    max_overlap: float = 0.5
    max_overlap_class_agnostic: float = 1.0
    class_heads_weight: float = 1.0
    bbox_heads_weight: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def levels(self) -> tuple[int, ...]:
        """The pyramid levels, finest first."""
        return tuple(range(self.min_level, self.max_level + 1))

    @property
    def anchors_per_cell(self) -> int:
        """Anchors at each feature cell."""
        return self.anchor_num_subscales * len(self.anchor_aspect_ratios)


class DLDetector(DLClassifier):
    """A detector: the detection network, its settings, device and optimiser."""

    net: detection_net.DetectorNet  # type: ignore[assignment]

    def __init__(
        self,
        cfg: backbones.BackboneCfg,
        net: detection_net.DetectorNet,
        settings: DetectionSettings,
    ) -> None:
        super().__init__(cfg, net)  # type: ignore[arg-type]
        self.settings = settings
        self.classes = tuple(str(i) for i in range(net.num_classes))
        self._anchors: dict[tuple[int, int, str], torch.Tensor] = {}

    @staticmethod
    def detection_cfg(cfg: backbones.BackboneCfg, settings: DetectionSettings) -> Any:
        """The backbone configuration with the smallest image the pyramid accepts."""
        return replace(cfg, min_size=max(cfg.min_size, 2**settings.max_level))

    @classmethod
    def build(
        cls, name: str, num_classes: int, settings: DetectionSettings, pretrained: bool
    ) -> DLDetector:
        """A new detector on the backbone ``name`` (ImageNet weights if ``pretrained``)."""
        cfg, trunk = backbones.create_backbone(name, pretrained=pretrained)
        net = detection_net.DetectorNet(
            cfg, trunk, num_classes, settings.levels, settings.anchors_per_cell, settings.capacity
        )
        detector = cls(cls.detection_cfg(cfg, settings), net, settings)
        # hdlite's defaults where DLModelDetectionParam gives none [unverified: HALCON's]
        detector.batch_size = 2
        detector.image_width, detector.image_height = 512, 512
        return detector

    # -- classes -------------------------------------------------------------------------

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """Set the class names; a different number of classes gets a new class head."""
        if len(classes) != self.net.num_classes:
            self.net.replace_head(len(classes))
            self._optimizer = None
        self.classes = classes

    # -- running -------------------------------------------------------------------------

    def anchors(self) -> torch.Tensor:
        """The anchors of the current image size, on the network's device."""
        key = (self.image_height, self.image_width, str(self.device))
        if key not in self._anchors:
            s = self.settings
            self._anchors = {
                key: detection_boxes.anchors(
                    self.image_height,
                    self.image_width,
                    s.levels,
                    s.anchor_num_subscales,
                    s.anchor_aspect_ratios,
                ).to(self.device)
            }
        return self._anchors[key]

    def detect(self, x: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
        """Boxes, class indices and confidences per image of a batch (eval mode)."""
        s = self.settings
        logits, deltas = self.net(x)
        anchor_boxes = self.anchors()
        out = []
        for i in range(len(x)):
            boxes = detection_boxes.decode(anchor_boxes, deltas[i].float())
            boxes[:, 0::2] = boxes[:, 0::2].clamp(-0.5, self.image_height - 0.5)
            boxes[:, 1::2] = boxes[:, 1::2].clamp(-0.5, self.image_width - 0.5)
            found = detection_boxes.select(
                boxes.cpu(),
                torch.sigmoid(logits[i].float()).cpu(),
                s.min_confidence,
                s.max_overlap,
                s.max_overlap_class_agnostic,
                s.max_num_detections,
            )
            out.append(found)
        return out

    def loss(
        self,
        x: torch.Tensor,
        boxes: list[torch.Tensor],
        labels: list[torch.Tensor],
        alphas: tuple[float, ...] | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The weighted class and box losses of a batch (training mode); ``alphas``: the
        focal loss's alpha per class (None: 0.25)."""
        logits, deltas = self.net(x)
        anchor_boxes = self.anchors()
        boxes = [b.to(self.device) for b in boxes]
        labels = [lb.to(self.device) for lb in labels]
        alpha = None if alphas is None else torch.tensor(alphas, device=self.device)
        cls_loss, box_loss = detection_net.loss(logits, deltas, anchor_boxes, boxes, labels, alpha)
        s = self.settings
        return s.class_heads_weight * cls_loss, s.bbox_heads_weight * box_loss

    # -- files ---------------------------------------------------------------------------

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout)."""
        settings = asdict(self.settings)
        settings["anchor_aspect_ratios"] = list(self.settings.anchor_aspect_ratios)
        settings["anchor_angles"] = list(self.settings.anchor_angles)
        header = {
            "type": FILE_TYPE,
            "backbone": self.cfg.name,
            "architecture": self.cfg.arch,
            "classes": list(self.classes),
            "params": {name: getattr(self, name) for name in PERSISTED},
            "detection": settings,
            "preprocessing": {"image_range_min": RANGE_MIN, "image_range_max": RANGE_MAX},
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLDetector:
        """Rebuild a detector from the bytes :meth:`to_bytes` wrote.

        Raises:
            HalconError: 7780 for damaged content (also 5238/7782 from the container).
        """
        header, arrays = codec.decode(data, source)
        settings = _settings(header.get("detection"), source)
        name, arch = header.get("backbone"), header.get("architecture")
        cfg = backbones.file_cfg(name, arch) if isinstance(name, str) else None
        if (
            cfg is None
            or not isinstance(arch, str)
            or arch not in detection_net.DETECTION_ARCHITECTURES
        ):
            raise HalconError(7780, f"{source}: unknown detection backbone {name!r}")
        classes = header.get("classes")
        if (
            not isinstance(classes, list)
            or not classes
            or not all(isinstance(c, str) for c in classes)
        ):
            raise HalconError(7780, f"{source}: bad class list")
        _cfg, trunk = backbones.create_backbone(cfg.name, pretrained=False, cfg=cfg)
        try:
            net = detection_net.DetectorNet(
                cfg,
                trunk,
                len(classes),
                settings.levels,
                settings.anchors_per_cell,
                settings.capacity,
            )
        except (KeyError, ValueError, IndexError, RuntimeError) as exc:
            raise HalconError(7780, f"{source}: bad detection settings ({exc})") from None
        detector = cls(cls.detection_cfg(cfg, settings), net, settings)
        detector.classes = tuple(classes)
        detector._load_params(header.get("params"), source)
        state = {key: torch.from_numpy(array) for key, array in arrays.items()}
        try:
            detector.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(
                7780, f"{source}: weights do not match the network ({first})"
            ) from None
        return detector


def _settings(section: Any, source: str) -> DetectionSettings:
    """The detection settings of a file, checked."""
    if not isinstance(section, dict):
        raise HalconError(7780, f"{source}: no detection section")
    defaults = DetectionSettings()
    values: dict[str, Any] = {}
    for key, default in asdict(defaults).items():
        value = section.get(key, default)
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(type(v) in (int, float) for v in value):
                raise HalconError(7780, f"{source}: bad detection entry {key!r}")
            value = tuple(float(v) for v in value)
        elif isinstance(default, float):
            if type(value) not in (int, float):
                raise HalconError(7780, f"{source}: bad detection entry {key!r}")
            value = float(value)
        elif type(value) is not type(default):
            raise HalconError(7780, f"{source}: bad detection entry {key!r}")
        values[key] = value
    settings = DetectionSettings(**values)
    ok = (
        2 <= settings.min_level <= settings.max_level <= 7
        and settings.anchor_num_subscales >= 1
        and settings.anchor_aspect_ratios
        and all(r > 0 for r in settings.anchor_aspect_ratios)
        and settings.capacity in detection_net.CAPACITY
        and settings.instance_type == "rectangle1"
        and settings.max_num_detections >= 1
    )
    if not ok:
        raise HalconError(7780, f"{source}: bad detection settings")
    return settings
