"""The pretrained networks by name: configuration plus a builder of the feature extractor.

Works like timm's or torchvision's model registries: :func:`register_backbone` adds a
name with a :class:`BackboneCfg` and a builder, :func:`create_backbone` builds it. A
builder returns the network up to (and including) global pooling and flattening, so the
classification head (one linear layer, replaced when ``classes`` changes) is separate.
With ``pretrained=True`` the ImageNet weights are loaded from local files only
(:mod:`.weights`); with ``pretrained=False`` the architecture is built with random
weights, to be overwritten by the tensors of a model file.

Names and architectures are kept apart: a HALCON name (``'compact'``) maps to an
architecture key (``'mobilenet_v2'``) that model files record, so a file keeps loading with
the architecture it was written with when a name is later mapped to another network. Files
written before the key was recorded carry only the name; :data:`LEGACY_ARCHITECTURES` says
what those names meant then (``'compact'`` was a MobileNetV2 reduced to 9 of its 19
feature layers, which learned badly and was replaced by the complete MobileNetV2).

Which network and weights each HALCON name maps to, and the measurements behind the
choice, are documented in ``docs/pretrained-networks.md``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from torch import nn

from . import weights

#: torchvision's ImageNet normalisation, in 8-bit gray-value units
IMAGENET_MEAN = (0.485 * 255, 0.456 * 255, 0.406 * 255)
IMAGENET_STD = (0.229 * 255, 0.224 * 255, 0.225 * 255)
#: MobileNetV2 feature layers kept by the old 'compact' ('mobilenet_v2_reduced9'), only
#: used to read model files written with it
REDUCED_LAYERS = (0, 1, 2, 4, 7, 11, 14, 17, 18)


@dataclass(frozen=True)
class BackboneCfg:
    """What HALCON and the weights expect from one network.

    Attributes:
        name: the HALCON name (``'compact'`` for ``pretrained_dl_classifier_compact.hdl``).
        architecture: a one-line description.
        weights_arch: key of :data:`weights.SOURCES` for the ImageNet weights.
        arch: key of the architecture builder; recorded in model files.
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
    arch: str = ""


Builder = Callable[[bool], nn.Module]
_REGISTRY: dict[str, BackboneCfg] = {}
_ARCHITECTURES: dict[str, Builder] = {}
#: the architecture of model files that record none (written before it was recorded)
LEGACY_ARCHITECTURES = {"compact": "mobilenet_v2_reduced9", "enhanced": "efficientnet_lite0"}


def register_architecture(arch: str, builder: Builder) -> None:
    """Add an architecture builder under a key that model files record.

    Raises:
        ValueError: the key is taken.
    """
    if arch in _ARCHITECTURES:
        raise ValueError(f"architecture {arch!r} is already registered")
    _ARCHITECTURES[arch] = builder


def register_backbone(cfg: BackboneCfg, builder: Builder | None = None) -> None:
    """Add a network name; a name can be registered only once.

    ``cfg.arch`` names its architecture (registered under the network's name with
    ``builder`` when ``cfg.arch`` is empty).

    Raises:
        ValueError: the name is taken, or the architecture is unknown.
    """
    if cfg.name in _REGISTRY:
        raise ValueError(f"backbone {cfg.name!r} is already registered")
    if not cfg.arch:
        if builder is None:
            raise ValueError(f"backbone {cfg.name!r} needs an architecture")
        register_architecture(cfg.name, builder)
        cfg = replace(cfg, arch=cfg.name)
    elif cfg.arch not in _ARCHITECTURES:
        raise ValueError(f"backbone {cfg.name!r}: unknown architecture {cfg.arch!r}")
    _REGISTRY[cfg.name] = cfg


def names() -> list[str]:
    """Registered network names, in registration order."""
    return list(_REGISTRY)


def architectures() -> list[str]:
    """Registered architecture keys (including those only old model files use)."""
    return list(_ARCHITECTURES)


def get_cfg(name: str) -> BackboneCfg | None:
    """The configuration of ``name``, or None if unknown."""
    return _REGISTRY.get(name)


def file_cfg(name: str, arch: str | None) -> BackboneCfg | None:
    """The configuration for a model file of network ``name`` with architecture ``arch``.

    ``arch`` None means a file that records no architecture (see
    :data:`LEGACY_ARCHITECTURES`). Returns None when the name or architecture is unknown.
    """
    cfg = _REGISTRY.get(name)
    if cfg is None:
        return None
    if arch is None:
        arch = LEGACY_ARCHITECTURES.get(name, cfg.arch)
    if arch not in _ARCHITECTURES:
        return None
    if arch == cfg.arch:
        return cfg
    legacy = _LEGACY_DESCRIPTIONS.get(arch, arch)
    return replace(cfg, arch=arch, architecture=legacy)


def create_backbone(
    name: str, pretrained: bool, cfg: BackboneCfg | None = None
) -> tuple[BackboneCfg, nn.Module]:
    """Build the feature extractor of ``name`` (of ``cfg.arch`` when ``cfg`` is given).

    Raises:
        KeyError: unknown name.
        HalconError: pretrained weights missing (5200) or not matching (7780).
    """
    cfg = cfg or _REGISTRY[name]
    return cfg, _ARCHITECTURES[cfg.arch](pretrained)


def _pooled(*parts: tuple[str, nn.Module], dropout: float = 0.0) -> nn.Sequential:
    layers: list[tuple[str, nn.Module]] = list(parts)
    layers += [("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten())]
    if dropout:
        layers.append(("dropout", nn.Dropout(dropout)))
    return nn.Sequential(OrderedDict(layers))


def _mobilenet_v2(pretrained: bool) -> nn.Sequential:
    """MobileNetV2's feature layers (all 19), with ImageNet weights if ``pretrained``."""
    import torchvision

    net = torchvision.models.mobilenet_v2(weights=None)
    if pretrained:
        weights.load_into(net, "mobilenet_v2")
    return cast(nn.Sequential, net.features)


def _build_mobilenet_v2_reduced9(pretrained: bool) -> nn.Module:
    features = _mobilenet_v2(pretrained)
    kept = nn.Sequential(*[features[i] for i in REDUCED_LAYERS])
    return _pooled(("features", kept), dropout=0.2)


def _build_mobilenet_v2(pretrained: bool) -> nn.Module:
    return _pooled(("features", _mobilenet_v2(pretrained)), dropout=0.2)


def _efficientnet_lite(variant: int) -> Builder:
    def build(pretrained: bool) -> nn.Module:
        from .efficientnet_lite import EfficientNetLiteFeatures

        features = EfficientNetLiteFeatures(variant)
        if pretrained:
            weights.load_into(features, f"efficientnet_lite{variant}", drop_prefixes=("_fc.",))
        return _pooled(("features", features), dropout=0.2)

    return build


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


_LEGACY_DESCRIPTIONS = {
    "mobilenet_v2_reduced9": "MobileNetV2 reduced to its stem, the first block of every stage "
    "and its head convolution (9 of 19 feature layers; the 'compact' of model files written "
    "before the complete MobileNetV2 was used), global average pooling, linear head",
}
for _arch, _build in (
    ("mobilenet_v2", _build_mobilenet_v2),
    ("mobilenet_v2_reduced9", _build_mobilenet_v2_reduced9),
    ("efficientnet_lite0", _efficientnet_lite(0)),
    ("efficientnet_lite1", _efficientnet_lite(1)),
    ("efficientnet_lite2", _efficientnet_lite(2)),
    ("resnet50", _resnet(50)),
    ("resnet18", _resnet(18)),
    ("alexnet", _build_alexnet),
):
    register_architecture(_arch, _build)

for _cfg in (
    BackboneCfg(
        "compact",
        "torchvision MobileNetV2, complete (19 feature layers), global average pooling, "
        "dropout 0.2, linear head",
        "mobilenet_v2",
        1280,
        15,
        160,
        arch="mobilenet_v2",
    ),
    BackboneCfg(
        "enhanced",
        "EfficientNet-Lite0 (ReLU6, no squeeze-excitation, batch norm with the ImageNet "
        "statistics also in training), global average pooling, dropout 0.2, linear head",
        "efficientnet_lite0",
        1280,
        47,
        96,
        mean=(127.0, 127.0, 127.0),
        std=(128.0, 128.0, 128.0),
        arch="efficientnet_lite0",
    ),
    BackboneCfg("resnet50", "torchvision ResNet-50", "resnet50", 2048, 32, 23, arch="resnet50"),
    BackboneCfg(
        "mobilenet_v2",
        "torchvision MobileNetV2",
        "mobilenet_v2",
        1280,
        32,
        64,
        arch="mobilenet_v2",
    ),
    BackboneCfg(
        "alexnet",
        "torchvision AlexNet",
        "alexnet",
        4096,
        63,
        128,
        fully_connected=True,
        arch="alexnet",
    ),
    # batch_size 24: HALCON's documented default for pretrained_dl_classifier_resnet18.hdl
    BackboneCfg("resnet18", "torchvision ResNet-18", "resnet18", 512, 32, 24, arch="resnet18"),
):
    register_backbone(_cfg)
