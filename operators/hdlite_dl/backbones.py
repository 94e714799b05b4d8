"""The pretrained networks by name: configuration plus a builder of the feature extractor.

Works like timm's or torchvision's model registries: :func:`register_backbone` adds a
name with a :class:`BackboneCfg` and a builder, :func:`create_backbone` builds it. A
builder returns the network up to (and including) global pooling and flattening, so the
classification head (one linear layer, replaced when ``classes`` changes) is separate.
With ``pretrained=True`` the ImageNet weights are loaded from local files only
(:mod:`.weights`); with ``pretrained=False`` the architecture is built with random
weights, to be overwritten by the tensors of a model file.

Which network and weights each HALCON name maps to is documented in
``docs/pretrained-networks.md``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from . import weights

#: torchvision's ImageNet normalisation, in 8-bit gray-value units
IMAGENET_MEAN = (0.485 * 255, 0.456 * 255, 0.406 * 255)
IMAGENET_STD = (0.229 * 255, 0.224 * 255, 0.225 * 255)
#: MobileNetV2 feature layers kept by 'compact': stem, one block per stage, head conv
COMPACT_LAYERS = (0, 1, 2, 4, 7, 11, 14, 17, 18)


@dataclass(frozen=True)
class BackboneCfg:
    """What HALCON and the weights expect from one network.

    Attributes:
        name: the HALCON name (``'compact'`` for ``pretrained_dl_classifier_compact.hdl``).
        architecture: a one-line description.
        weights_arch: key of :data:`weights.SOURCES` for the ImageNet weights.
        num_features: width of the feature vector the head receives.
        min_size: smallest image width and height the network accepts.
        batch_size: the default ``batch_size`` of the pretrained network.
        mean: per-channel mean the weights were trained with (8-bit units).
        std: per-channel standard deviation (8-bit units).
        fully_connected: whether layers other than the head are fully connected.
        input_size: default (width, height, channels).
    """

    name: str
    architecture: str
    weights_arch: str
    num_features: int
    min_size: int
    batch_size: int
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD
    fully_connected: bool = False
    input_size: tuple[int, int, int] = (224, 224, 3)


Builder = Callable[[bool], nn.Module]
_REGISTRY: dict[str, tuple[BackboneCfg, Builder]] = {}


def register_backbone(cfg: BackboneCfg, builder: Builder) -> None:
    """Add a network; a name can be registered only once.

    Raises:
        ValueError: the name is taken.
    """
    if cfg.name in _REGISTRY:
        raise ValueError(f"backbone {cfg.name!r} is already registered")
    _REGISTRY[cfg.name] = (cfg, builder)


def names() -> list[str]:
    """Registered network names, in registration order."""
    return list(_REGISTRY)


def get_cfg(name: str) -> BackboneCfg | None:
    """The configuration of ``name``, or None if unknown."""
    entry = _REGISTRY.get(name)
    return entry[0] if entry else None


def create_backbone(name: str, pretrained: bool) -> tuple[BackboneCfg, nn.Module]:
    """Build the feature extractor of ``name``.

    Raises:
        KeyError: unknown name.
        HalconError: pretrained weights missing (5200) or not matching (7780).
    """
    cfg, builder = _REGISTRY[name]
    return cfg, builder(pretrained)


def _pooled(*parts: tuple[str, nn.Module], dropout: float = 0.0) -> nn.Sequential:
    layers: list[tuple[str, nn.Module]] = list(parts)
    layers += [("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten())]
    if dropout:
        layers.append(("dropout", nn.Dropout(dropout)))
    return nn.Sequential(OrderedDict(layers))


def _mobilenet_v2(pretrained: bool) -> nn.Module:
    import torchvision

    net = torchvision.models.mobilenet_v2(weights=None)
    if pretrained:
        weights.load_into(net, "mobilenet_v2")
    return net


def _build_compact(pretrained: bool) -> nn.Module:
    features = _mobilenet_v2(pretrained).features
    kept = nn.Sequential(*[features[i] for i in COMPACT_LAYERS])
    return _pooled(("features", kept), dropout=0.2)


def _build_mobilenet_v2(pretrained: bool) -> nn.Module:
    return _pooled(("features", _mobilenet_v2(pretrained).features), dropout=0.2)


def _build_enhanced(pretrained: bool) -> nn.Module:
    from .efficientnet_lite import EfficientNetLite0Features

    features = EfficientNetLite0Features()
    if pretrained:
        weights.load_into(features, "efficientnet_lite0", drop_prefixes=("_fc.",))
    return _pooled(("features", features), dropout=0.2)


def _resnet(depth: int) -> Builder:
    def build(pretrained: bool) -> nn.Module:
        import torchvision

        net = getattr(torchvision.models, f"resnet{depth}")(weights=None)
        if pretrained:
            weights.load_into(net, f"resnet{depth}")
        children = [(n, m) for n, m in net.named_children() if n not in ("avgpool", "fc")]
        return _pooled(*children)

    return build


def _build_alexnet(pretrained: bool) -> nn.Module:
    import torchvision

    net = torchvision.models.alexnet(weights=None)
    if pretrained:
        weights.load_into(net, "alexnet")
    hidden = nn.Sequential(*list(net.classifier.children())[:-1])  # up to fc7 + ReLU
    return nn.Sequential(
        OrderedDict(
            [
                ("features", net.features),
                ("avgpool", net.avgpool),
                ("flatten", nn.Flatten()),
                ("classifier", hidden),
            ]
        )
    )


for _cfg, _builder in (
    (
        BackboneCfg(
            "compact",
            "MobileNetV2 reduced to its stem, the first block of every stage and its head "
            "convolution (9 of 19 feature layers), global average pooling, linear head",
            "mobilenet_v2",
            1280,
            15,
            160,
        ),
        _build_compact,
    ),
    (
        BackboneCfg(
            "enhanced",
            "EfficientNet-Lite0 (ReLU6, no squeeze-excitation), global average pooling, "
            "linear head",
            "efficientnet_lite0",
            1280,
            47,
            96,
            mean=(127.0, 127.0, 127.0),
            std=(128.0, 128.0, 128.0),
        ),
        _build_enhanced,
    ),
    (
        BackboneCfg("resnet50", "torchvision ResNet-50", "resnet50", 2048, 32, 23),
        _resnet(50),
    ),
    (
        BackboneCfg("mobilenet_v2", "torchvision MobileNetV2", "mobilenet_v2", 1280, 32, 64),
        _build_mobilenet_v2,
    ),
    (
        BackboneCfg(
            "alexnet", "torchvision AlexNet", "alexnet", 4096, 63, 128, fully_connected=True
        ),
        _build_alexnet,
    ),
    (
        BackboneCfg("resnet18", "torchvision ResNet-18", "resnet18", 512, 32, 64),
        _resnet(18),
    ),
):
    register_backbone(_cfg, _builder)
