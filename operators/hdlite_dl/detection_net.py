"""The detection network: backbone stages, a feature pyramid, class and box heads, loss.

The design is RetinaNet's (Lin et al. 2017), which matches what HALCON's reference
describes for its detector (a classification backbone, a feature pyramid over the levels
'min_level'..'max_level', anchors per level and two heads shared by all levels):

* backbone: the pretrained classifier's feature layers cut into stages that end at
  strides 4, 8, 16 and 32 (levels 2..5); levels above 5 come from extra stride-2
  convolutions on the last level. Batch normalisation of the backbone keeps its ImageNet
  statistics (eval mode) also in training, because detection batches are small.
* pyramid: 1x1 lateral convolutions to ``width`` channels of the stages from 'min_level' up
  to level 5 (also when 'max_level' is lower), top-down nearest upsampling and addition,
  a 3x3 convolution per output level.
* heads: ``depth`` 3x3 convolutions with ReLU, then one convolution to ``A * C`` class
  logits and one to ``A * 4`` box offsets (A anchors per cell, C classes). 'capacity'
  sets ``width`` and ``depth`` (hdlite's sizes: 'high' 128/4, 'medium' 96/3, 'low' 64/2).
* loss: sigmoid focal loss (alpha 0.25 or the class's 'class_weights' value, gamma 2) over
  all anchors that are not ignored,
  plus smooth-L1 on the box offsets of the positive anchors, both divided by the number
  of positive anchors; anchors with IoU >= 0.5 to a box are positive, < 0.4 negative, and
  every box's best anchor is positive as well, so that small boxes are learned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from . import backbones, detection_boxes
from .handles import InputAdapter

#: 'capacity' -> (channels of pyramid and heads, convolutions per head)
CAPACITY = {"high": (128, 4), "medium": (96, 3), "low": (64, 2)}
FOCAL_ALPHA = 0.25
FOCAL_GAMMA = 2.0
POSITIVE_IOU = 0.5
NEGATIVE_IOU = 0.4
PRIOR = 0.01
#: architectures that can serve as a detection backbone (those with stride-4..32 stages)
DETECTION_ARCHITECTURES = (
    "mobilenet_v2",
    "efficientnet_lite0",
    "efficientnet_lite1",
    "efficientnet_lite2",
    "resnet18",
    "resnet50",
)


class _EfficientStage(nn.Module):
    """A run of EfficientNet-Lite blocks, the first stage with the stem."""

    def __init__(self, trunk: Any, start: int, stop: int, stem: bool) -> None:
        super().__init__()
        self.stem = nn.ModuleList([trunk._conv_stem, trunk._bn0]) if stem else None
        self.blocks = nn.ModuleList(list(trunk._blocks)[start:stop])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stem is not None:
            x = F.relu6(self.stem[1](self.stem[0](x)))
        for block in self.blocks:
            x = block(x)
        return x


def _stages(arch: str, trunk: Any) -> list[nn.Module]:
    """The backbone cut into 4 stages ending at strides 4, 8, 16, 32."""
    if arch == "mobilenet_v2":
        features = list(trunk.features)
        cuts = ((0, 4), (4, 7), (7, 14), (14, 18))  # the 1x1 head convolution is left out
        return [nn.Sequential(*features[a:b]) for a, b in cuts]
    if arch.startswith("efficientnet_lite"):
        features = trunk.features
        strides = [block._depthwise_conv.stride[0] for block in features._blocks]
        starts = [i for i, s in enumerate(strides) if s == 2]  # strides 4, 8, 16, 32 begin
        bounds = [0, *starts[1:], len(strides)]
        return [_EfficientStage(features, bounds[i], bounds[i + 1], stem=i == 0) for i in range(4)]
    if arch in ("resnet18", "resnet50"):
        parts = dict(trunk.named_children())
        first = nn.Sequential(
            parts["conv1"], parts["bn1"], parts["relu"], parts["maxpool"], parts["layer1"]
        )
        return [first, parts["layer2"], parts["layer3"], parts["layer4"]]
    raise ValueError(arch)


class DetectorNet(nn.Module):
    """Input adapter, backbone stages, feature pyramid and the two heads."""

    def __init__(
        self,
        cfg: backbones.BackboneCfg,
        trunk: nn.Module,
        num_classes: int,
        levels: Sequence[int],
        anchors_per_cell: int,
        capacity: str,
    ) -> None:
        super().__init__()
        self.adapter = InputAdapter(cfg.mean, cfg.std)
        self.stages = nn.ModuleList(_stages(cfg.arch, trunk))
        self.levels = tuple(levels)
        self.anchors_per_cell = anchors_per_cell
        width, depth = CAPACITY[capacity]
        with torch.no_grad():
            x = torch.zeros(1, 3, 64, 64)
            channels = []
            for stage in self.stages:
                stage.eval()
                x = stage(x)
                channels.append(x.shape[1])
        # the top-down path starts at the deepest stage (level 5) whatever 'max_level' is,
        # so that fine levels get the semantics of the coarse ones
        self.merged = tuple(range(self.levels[0], 6))
        used = [level for level in self.levels if level <= 5]
        self.lateral = nn.ModuleList(nn.Conv2d(channels[lv - 2], width, 1) for lv in self.merged)
        self.smooth = nn.ModuleList(nn.Conv2d(width, width, 3, padding=1) for _ in used)
        extra = [level for level in self.levels if level > 5]
        extra_in = ([channels[3]] + [width] * len(extra))[: len(extra)]
        self.extra = nn.ModuleList(nn.Conv2d(c, width, 3, stride=2, padding=1) for c in extra_in)
        self.class_tower = self._tower(width, depth)
        self.box_tower = self._tower(width, depth)
        self.class_out = nn.Conv2d(width, anchors_per_cell * num_classes, 3, padding=1)
        self.box_out = nn.Conv2d(width, anchors_per_cell * 4, 3, padding=1)
        for module in [self.class_tower, self.box_tower, self.class_out, self.box_out]:
            for conv in module.modules():
                if isinstance(conv, nn.Conv2d):
                    nn.init.normal_(conv.weight, std=0.01)
                    nn.init.zeros_(conv.bias)  # type: ignore[arg-type]
        self.replace_head(num_classes)

    @staticmethod
    def _tower(width: int, depth: int) -> nn.Sequential:
        layers: list[nn.Module] = []
        for _ in range(depth):
            layers += [nn.Conv2d(width, width, 3, padding=1), nn.ReLU(inplace=True)]
        return nn.Sequential(*layers)

    @property
    def head(self) -> nn.Module:
        """The class output layer (what a classifier calls its head)."""
        return self.class_out

    @property
    def num_classes(self) -> int:
        """The number of classes of the class head."""
        return self.class_out.out_channels // self.anchors_per_cell

    def replace_head(self, num_classes: int) -> None:
        """A new class output layer for ``num_classes`` (bias: the focal-loss prior)."""
        reference = self.class_out.weight
        layer = nn.Conv2d(self.class_out.in_channels, self.anchors_per_cell * num_classes, 3, 1, 1)
        nn.init.normal_(layer.weight, std=0.01)
        nn.init.constant_(layer.bias, -math.log((1 - PRIOR) / PRIOR))  # type: ignore[arg-type]
        self.class_out = layer.to(reference.device)

    def train(self, mode: bool = True) -> DetectorNet:
        """Train or eval mode; the backbone's batch normalisation stays in eval mode."""
        super().train(mode)
        for module in self.stages.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.train(False)
        return self

    def pyramid(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The feature maps of the levels, finest first."""
        x = self.adapter(x)
        feats = []
        for stage in self.stages:
            x = stage(x)
            feats.append(x)
        merged = self.merged
        laterals = [conv(feats[lv - 2]) for conv, lv in zip(self.lateral, merged, strict=True)]
        for i in range(len(laterals) - 2, -1, -1):
            up = F.interpolate(laterals[i + 1], size=laterals[i].shape[-2:], mode="nearest")
            laterals[i] = laterals[i] + up
        outs = [conv(lat) for conv, lat in zip(self.smooth, laterals, strict=False)]
        top = feats[3]
        for i, conv in enumerate(self.extra):
            top = conv(top if i == 0 else F.relu(top))
            outs.append(top)
        return outs

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Class logits (N, anchors, C) and box offsets (N, anchors, 4)."""
        logits, deltas = [], []
        n = x.shape[0]
        for feature in self.pyramid(x):
            cls = self.class_out(self.class_tower(feature))
            box = self.box_out(self.box_tower(feature))
            logits.append(cls.permute(0, 2, 3, 1).reshape(n, -1, self.num_classes))
            deltas.append(box.permute(0, 2, 3, 1).reshape(n, -1, 4))
        return torch.cat(logits, 1), torch.cat(deltas, 1)


def targets(
    anchor_boxes: torch.Tensor, boxes: torch.Tensor, labels: torch.Tensor, num_classes: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-anchor training targets of one image.

    Returns:
        class targets (N, C) in {0, 1}, a mask of anchors that count for the class loss, and
        the matched box per anchor (N, 4) with ``-1`` labels where no box is matched.
    """
    count = len(anchor_boxes)
    cls = torch.zeros(count, num_classes, device=anchor_boxes.device)
    matched = torch.full((count,), -1, dtype=torch.long, device=anchor_boxes.device)
    valid = torch.ones(count, dtype=torch.bool, device=anchor_boxes.device)
    if len(boxes) == 0:
        return cls, valid, matched
    overlaps = detection_boxes.iou(anchor_boxes, boxes)  # (N, M)
    best, best_box = overlaps.max(dim=1)
    matched = torch.where(best >= POSITIVE_IOU, best_box, matched)
    valid = (best >= POSITIVE_IOU) | (best < NEGATIVE_IOU)
    forced = overlaps.argmax(dim=0)  # each box's best anchor
    has_overlap = overlaps.max(dim=0).values > 0
    for box_index in torch.nonzero(has_overlap, as_tuple=True)[0]:
        anchor = forced[box_index]
        matched[anchor] = box_index
        valid[anchor] = True
    positive = matched >= 0
    cls[positive, labels[matched[positive]]] = 1.0
    return cls, valid, matched


def loss(
    logits: torch.Tensor,
    deltas: torch.Tensor,
    anchor_boxes: torch.Tensor,
    gt_boxes: list[torch.Tensor],
    gt_labels: list[torch.Tensor],
    alphas: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Focal class loss and smooth-L1 box loss of a batch, each per positive anchor.

    ``alphas`` (one per class) replace the focal loss's alpha 0.25 for each class.
    """
    num_classes = logits.shape[2]
    alpha_pos = logits.new_full((num_classes,), FOCAL_ALPHA) if alphas is None else alphas
    class_losses, box_losses = [], []
    positives = 0
    for i in range(len(gt_boxes)):
        cls, valid, matched = targets(anchor_boxes, gt_boxes[i], gt_labels[i], num_classes)
        probs = torch.sigmoid(logits[i])
        ce = F.binary_cross_entropy_with_logits(logits[i], cls, reduction="none")
        p_t = probs * cls + (1 - probs) * (1 - cls)
        alpha = alpha_pos * cls + (1 - alpha_pos) * (1 - cls)
        focal = alpha * (1 - p_t) ** FOCAL_GAMMA * ce
        class_losses.append(focal[valid].sum())
        positive = matched >= 0
        positives += int(positive.sum())
        if positive.any():
            target = detection_boxes.encode(anchor_boxes[positive], gt_boxes[i][matched[positive]])
            box_losses.append(
                F.smooth_l1_loss(deltas[i][positive], target, beta=1 / 9, reduction="sum")
            )
    norm = max(positives, 1)
    box_loss = torch.stack(box_losses).sum() if box_losses else deltas.sum() * 0.0
    return torch.stack(class_losses).sum() / norm, box_loss / norm
