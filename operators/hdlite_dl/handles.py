"""The objects behind the classifier handles: the network with its parameters, and results.

A :class:`DLClassifier` keeps in one place the torch module, the HALCON-visible
parameters, the device it runs on and the optimiser (created at the first training step).
This module imports torch; the operator modules import it only inside their functions,
so loading the plugin stays cheap.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import torch
from torch import nn

from hdlite.plugin import HalconError

from . import backbones, codec

RANGE_MIN = -127.0
RANGE_MAX = 128.0
#: parameters stored in model files (runtime settings are not)
PERSISTED = (
    "batch_size",
    "batch_size_multiplier",
    "learning_rate",
    "momentum",
    "weight_prior",
    "image_width",
    "image_height",
    "image_num_channels",
)


class InputAdapter(nn.Module):
    """Maps HALCON's input (gray values in [-127, 128]) to the network's normalisation.

    A one-channel input is repeated to three channels, which is the same as summing the
    first convolution's weights over the color channels.
    """

    scale: torch.Tensor  # buffers registered in __init__
    shift: torch.Tensor

    def __init__(self, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
        super().__init__()
        offset = -RANGE_MIN  # input g' = g - 127 for 8-bit gray values g
        scale = [1.0 / s for s in std]
        shift = [(offset - m) / s for m, s in zip(mean, std, strict=True)]
        self.register_buffer("scale", torch.tensor(scale).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("shift", torch.tensor(shift).view(1, 3, 1, 1), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        return torch.addcmul(self.shift, x, self.scale)


class ClassifierNet(nn.Module):
    """Input adapter, feature extractor and a linear head over ``classes``."""

    def __init__(self, cfg: backbones.BackboneCfg, trunk: nn.Module) -> None:
        super().__init__()
        self.adapter = InputAdapter(cfg.mean, cfg.std)
        self.trunk = trunk
        self.num_features = cfg.num_features
        self.head: nn.Linear | None = None

    def replace_head(self, num_classes: int) -> None:
        """Put a new, randomly initialised classification layer for ``num_classes``."""
        reference = next(self.trunk.parameters())
        self.head = nn.Linear(self.num_features, num_classes).to(reference.device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert self.head is not None
        return self.head(self.trunk(self.adapter(x)))


def resolve_device(runtime: str, gpu: int) -> torch.device:
    """The torch device for HALCON's ``runtime`` and ``gpu`` settings.

    In a distributed run the processes of one machine take one GPU each: the process with
    local rank ``r`` uses device ``gpu + r``.

    Raises:
        HalconError: 7709 when 'gpu' is asked for and CUDA cannot be used.
    """
    from .distributed import local_rank

    if runtime == "cpu":
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise HalconError(
            7709, "runtime 'gpu' needs CUDA, which is not available here; use runtime 'cpu'"
        )
    offset = local_rank()
    if gpu + offset >= torch.cuda.device_count():
        where = f" (gpu {gpu} + local rank {offset})" if offset else ""
        raise HalconError(7709, f"there is no CUDA device {gpu + offset}{where}")
    return torch.device("cuda", gpu + offset)


class DLClassifier:
    """A deep-learning classifier: network, parameters, device and optimiser."""

    def __init__(self, cfg: backbones.BackboneCfg, net: ClassifierNet) -> None:
        self.cfg = cfg
        # Channels-last is faster on CPU as well as on CUDA: one training step of 16 images
        # of 128 px on 2 cores, NCHW -> NHWC: compact 237 -> 184 ms, enhanced 289 -> 223 ms,
        # resnet50 (8 images) 413 -> 396 ms, alexnet (224 px) 357 -> 339 ms.
        self.net = net.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
        self.classes: tuple[str, ...] = ()
        self.batch_size = cfg.batch_size
        self.batch_size_multiplier = 1
        self.learning_rate = 0.001
        self.momentum = 0.9
        self.weight_prior = 0.0
        self.image_width, self.image_height, self.image_num_channels = cfg.input_size
        self.runtime = "gpu" if torch.cuda.is_available() else "cpu"
        self.gpu = 0
        self.device = torch.device("cpu")
        self._optimizer: torch.optim.SGD | None = None
        self._training: bool | None = None
        #: the head whose weights the processes of a distributed run last made equal
        self.synced_head: nn.Module | None = None

    # -- creation and files --------------------------------------------------------------

    @classmethod
    def pretrained(cls, name: str) -> DLClassifier:
        """The pretrained network ``name`` with its ImageNet weights (no classes yet)."""
        cfg, trunk = backbones.create_backbone(name, pretrained=True)
        return cls(cfg, ClassifierNet(cfg, trunk))

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLClassifier:
        """Rebuild a classifier from the bytes :meth:`to_bytes` wrote.

        Raises:
            HalconError: 5238/7782/7780 for foreign, wrong-version or damaged content.
        """
        header, arrays = codec.decode(data, source)
        name, arch = header.get("backbone"), header.get("architecture")
        known = header.get("type") == "dl_classifier" and isinstance(name, str)
        if not known or (arch is not None and not isinstance(arch, str)):
            raise HalconError(7780, f"{source}: unknown network {name!r}")
        cfg = backbones.file_cfg(cast(str, name), arch)  # a str: checked by `known`
        if cfg is None:
            what = f"network {name!r}" if arch is None else f"architecture {arch!r} of {name!r}"
            raise HalconError(7780, f"{source}: unknown {what}")
        _cfg, trunk = backbones.create_backbone(cfg.name, pretrained=False, cfg=cfg)
        clf = cls(cfg, ClassifierNet(cfg, trunk))
        classes = header.get("classes")
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
            raise HalconError(7780, f"{source}: bad class list")
        if classes:
            clf.set_classes(tuple(classes))
        clf._load_params(header.get("params"), source)
        state = {name: torch.from_numpy(array) for name, array in arrays.items()}
        try:
            clf.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(
                7780, f"{source}: weights do not match the network ({first})"
            ) from None
        return clf

    def _load_params(self, params: Any, source: str) -> None:
        if not isinstance(params, dict) or set(params) != set(PERSISTED):
            raise HalconError(7780, f"{source}: bad parameter table")
        for name in PERSISTED:
            value = params[name]
            expected = float if name in ("learning_rate", "momentum", "weight_prior") else int
            if type(value) is int and expected is float:
                value = float(value)
            if type(value) is not expected or value < 0:
                raise HalconError(7780, f"{source}: bad value for {name}")
            setattr(self, name, value)

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout).

        ``extra`` adds header entries (the ``dl_model`` section of models written by
        ``write_dl_model``); readers of the legacy API ignore them.
        """
        header = {
            "type": "dl_classifier",
            "backbone": self.cfg.name,
            "architecture": self.cfg.arch,
            "classes": list(self.classes),
            "params": {name: getattr(self, name) for name in PERSISTED},
            "preprocessing": {
                "image_range_min": RANGE_MIN,
                "image_range_max": RANGE_MAX,
                "mean": list(self.cfg.mean),
                "std": list(self.cfg.std),
            },
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    # -- parameters with side effects ----------------------------------------------------

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """Set the class names; a different number of classes gets a new head."""
        if len(classes) != len(self.classes) or self.net.head is None:
            self.net.replace_head(len(classes))
            self._optimizer = None  # the parameters changed
        self.classes = classes

    def set_learning_rate(self, value: float) -> None:
        """Change the learning rate, keeping HALCON's update ``v <- mu*v - lr*grad``.

        torch's SGD keeps ``b`` with ``v = -lr*b``; rescaling ``b`` by ``old/new`` keeps
        the velocity ``v`` unchanged across the change.
        """
        if self._optimizer is not None and value != self.learning_rate:
            ratio = self.learning_rate / value
            for state in self._optimizer.state.values():
                buffer = state.get("momentum_buffer")
                if buffer is not None:
                    buffer.mul_(ratio)
            for group in self._optimizer.param_groups:
                group["lr"] = value
        self.learning_rate = value

    def set_momentum(self, value: float) -> None:
        """Change the momentum of the running optimiser too."""
        self.momentum = value
        if self._optimizer is not None:
            for group in self._optimizer.param_groups:
                group["momentum"] = value

    def set_weight_prior(self, value: float) -> None:
        """Change the L2 weight prior (torch's weight decay) of the running optimiser too."""
        self.weight_prior = value
        if self._optimizer is not None:
            for group in self._optimizer.param_groups:
                group["weight_decay"] = value

    def set_runtime(self, runtime: str, gpu: int) -> None:
        """Choose the device; checked now, applied at the next use."""
        resolve_device(runtime, gpu)
        self.runtime, self.gpu = runtime, gpu

    # -- running -------------------------------------------------------------------------

    def prepare(self, training: bool) -> ClassifierNet:
        """The network on its device in train or eval mode, ready for a batch.

        Raises:
            HalconError: 7788 when no classes are set, 7709 when the device is missing.
        """
        if self.net.head is None:
            raise HalconError(
                7788,
                "the classifier has no classes yet: set 'classes' with set_dl_classifier_param",
            )
        device = resolve_device(self.runtime, self.gpu)
        if device != self.device:
            self._move(device)
        if self._training is not training:
            self.net.train(training)
            self._training = training
        return self.net

    def _move(self, device: torch.device) -> None:
        self.net.to(device=device, memory_format=torch.channels_last)  # type: ignore[call-overload]
        if self._optimizer is not None:
            for state in self._optimizer.state.values():
                for key, value in state.items():
                    if torch.is_tensor(value):
                        state[key] = value.to(device)
        self.device = device

    def optimizer(self) -> torch.optim.SGD:
        """SGD with momentum and weight prior, created at the first training step."""
        if self._optimizer is None:
            self._optimizer = torch.optim.SGD(
                self.net.parameters(),
                lr=self.learning_rate,
                momentum=self.momentum,
                weight_decay=self.weight_prior,
            )
        return self._optimizer

    def init_runtime(self) -> None:
        """``runtime_init 'immediately'``: place the network now; on a GPU, run a batch.

        Raises:
            HalconError: 4104 when a batch does not fit into device memory.
        """
        device = resolve_device(self.runtime, self.gpu)
        if device != self.device:
            self._move(device)
        if device.type != "cuda" or self.net.head is None:
            return
        shape = (self.batch_size, self.image_num_channels, self.image_height, self.image_width)
        net = self.prepare(training=False)
        try:
            with torch.inference_mode():
                net(torch.zeros(shape, device=device))
        except getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError):
            raise HalconError(4104, f"batch_size {self.batch_size} does not fit") from None

    def close(self) -> None:
        """Release the network and optimiser (clear_dl_classifier)."""
        self._optimizer = None
        self.net = None  # type: ignore[assignment]


class DLClassifierResult:
    """Class confidences of the images of one apply_dl_classifier call."""

    def __init__(self, classes: tuple[str, ...], confidences: np.ndarray) -> None:
        self.classes = classes
        self.confidences = confidences  # (images, classes), rows sum to 1


class DLClassifierTrainResult:
    """The outcome of one training step; the loss stays a tensor until it is asked for."""

    def __init__(self, loss: torch.Tensor) -> None:
        self._loss = loss
        self._value: float | None = None

    @property
    def loss(self) -> float:
        """The loss of the step (cross-entropy plus weight prior)."""
        if self._value is None:
            self._value = float(self._loss)
        return self._value
