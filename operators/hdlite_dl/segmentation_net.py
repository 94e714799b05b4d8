"""The segmentation network: a pretrained encoder and a light decoder to full resolution.

HALCON's reference (chapter "Semantic Segmentation, Edge Extraction") describes its
segmentation networks as an encoder, which computes features as a classifier does, and a
decoder that brings them back to the size of the input image, one class per pixel. hdlite
builds that from its pretrained classifiers (:mod:`.backbones`, ImageNet weights from local
files only):

* encoder: the classifier's feature layers cut into four stages ending at strides 4, 8,
  16 and 32 (MobileNetV2 for 'compact', EfficientNet-Lite0 for 'enhanced'). Batch
  normalisation of the encoder keeps its ImageNet statistics (eval mode) also in training,
  because segmentation batches are small.
* decoder (hdlite's design, FPN-like): 1x1 lateral convolutions to :data:`WIDTH` channels,
  top-down upsampling (bilinear, to the size of the finer stage, so any image size works)
  and addition, then two 3x3 convolutions with ReLU at stride 4 and a 1x1 classification
  convolution (the ``head``, replaced when the number of classes changes); the class scores
  are upsampled bilinearly to the input size.

``forward`` returns the per-pixel class logits ``(N, classes, H, W)``.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from . import backbones
from .handles import InputAdapter

#: channels of the decoder
WIDTH = 64
#: architectures with a stride-4..32 cut (the pretrained segmentation names use them)
SEGMENTATION_ARCHITECTURES = ("mobilenet_v2", "efficientnet_lite0")


class _EfficientStage(nn.Module):
    """A run of EfficientNet-Lite blocks; the first stage starts with the stem."""

    def __init__(self, features: Any, start: int, stop: int, stem: bool) -> None:
        super().__init__()
        self.stem = nn.ModuleList([features._conv_stem, features._bn0]) if stem else None
        self.blocks = nn.ModuleList(list(features._blocks)[start:stop])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stem is not None:
            x = F.relu6(self.stem[1](self.stem[0](x)))
        for block in self.blocks:
            x = block(x)
        return x


def encoder_stages(arch: str, trunk: nn.Module) -> list[nn.Module]:
    """The classifier trunk cut into 4 stages that end at strides 4, 8, 16 and 32.

    Raises:
        ValueError: an architecture without such a cut.
    """
    features: Any = getattr(trunk, "features", None)
    if arch == "mobilenet_v2" and features is not None:
        layers = list(features)
        cuts = ((0, 4), (4, 7), (7, 14), (14, 18))  # the 1x1 head convolution is left out
        return [nn.Sequential(*layers[a:b]) for a, b in cuts]
    if arch == "efficientnet_lite0" and features is not None:
        strides = [block._depthwise_conv.stride[0] for block in features._blocks]
        starts = [i for i, s in enumerate(strides) if s == 2]  # strides 4, 8, 16, 32 begin
        bounds = [0, *starts[1:], len(strides)]
        return [_EfficientStage(features, bounds[i], bounds[i + 1], i == 0) for i in range(4)]
    raise ValueError(f"architecture {arch!r} cannot serve as a segmentation encoder")


class SegmentationNet(nn.Module):
    """Input adapter, encoder stages, FPN-like decoder and a 1x1 class head."""

    def __init__(self, cfg: backbones.BackboneCfg, trunk: nn.Module) -> None:
        super().__init__()
        self.adapter = InputAdapter(cfg.mean, cfg.std)
        self.stages = nn.ModuleList(encoder_stages(cfg.arch, trunk))
        with torch.no_grad():
            x = torch.zeros(1, 3, 64, 64)
            channels = []
            for stage in self.stages:
                stage.eval()
                x = stage(x)
                channels.append(int(x.shape[1]))
        self.lateral = nn.ModuleList(nn.Conv2d(c, WIDTH, 1) for c in channels)
        self.fuse = nn.Sequential(
            nn.Conv2d(WIDTH, WIDTH, 3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(WIDTH, WIDTH, 3, padding=1),
            nn.ReLU(inplace=True),
        )
        self.head: nn.Conv2d | None = None

    @property
    def num_classes(self) -> int:
        """The number of class scores per pixel (0 before classes are set)."""
        return 0 if self.head is None else self.head.out_channels

    def replace_head(self, num_classes: int) -> None:
        """A new, randomly initialised 1x1 classification convolution for ``num_classes``."""
        reference = next(self.lateral.parameters())
        self.head = nn.Conv2d(WIDTH, num_classes, 1).to(reference.device)

    def train(self, mode: bool = True) -> SegmentationNet:
        """Train or eval mode; the encoder's batch normalisation stays in eval mode."""
        super().train(mode)
        for module in self.stages.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.train(False)
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert self.head is not None
        height, width = x.shape[-2:]
        y = self.adapter(x)
        feats = []
        for stage in self.stages:
            y = stage(y)
            feats.append(y)
        top = self.lateral[3](feats[3])
        for level in (2, 1, 0):
            lateral = self.lateral[level](feats[level])
            size = lateral.shape[-2:]
            top = lateral + F.interpolate(top, size=size, mode="bilinear", align_corners=False)
        logits = self.head(self.fuse(top))
        return F.interpolate(logits, size=(height, width), mode="bilinear", align_corners=False)
