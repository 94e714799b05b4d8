"""The engine of ``'anomaly_detection'`` models: a convolutional autoencoder of good images.

HALCON reads the untrained models ``initial_dl_anomaly_medium.hdl`` and
``initial_dl_anomaly_large.hdl`` and trains them on good ('ok') images only with
train_dl_model_anomaly_dataset. The reference does not describe MVTec's network; hdlite's
method (hdlite decision, documented here) is a **reconstruction autoencoder**:

* Input: the preprocessed image, standardised per channel with the mean and standard
  deviation of the training images (measured when training starts, stored in the model).
* Network (:class:`AnomalyNet`): three stride-2 convolutions down to 1/8 of the size, a
  1x1 bottleneck of ``'complexity'`` channels, and upsampling convolutions back to the
  input size. ``medium`` has 32 base channels, ``large`` 48. The weights start random (the
  file names say "initial": nothing pretrained is claimed, so no ImageNet weights are
  needed) and are seeded by ``set_system ('seed_rand', N)``.
* Training: Adam (``'learning_rate'``, default 0.001) minimises the mean squared
  reconstruction error over a random ``'domain_ratio'`` fraction of the pixels of each
  image's domain; ``'regularization_noise'`` adds Gaussian noise of that standard deviation
  (in standardised units) to the input while the target stays clean (a denoising
  autoencoder). An epoch is one pass over the samples in batches of ``'batch_size'``;
  training stops after ``'max_num_epochs'`` or when an epoch's mean error falls below
  ``'error_threshold'``.
* Scoring: the per-pixel error (mean over channels of the squared difference) is smoothed
  with a 5x5 mean over the domain. After training, the mean ``mu`` and standard deviation
  ``sigma`` of that error over the domain pixels of the training images are stored. The
  ``'anomaly_image'`` is ``max(0, e - mu) / (standard_deviation_factor * sigma)`` (0
  outside the domain) and the ``'anomaly_score'`` its maximum over the domain. So a pixel
  of a good image is near 0 and ``'standard_deviation_factor'`` (default 1.0) scales the
  values; set it before the thresholds are computed, as MVTec's workflow does.

A model that was never trained still runs (mu 0, sigma 1: the raw error).
Model files: the container of :mod:`.codec` with header ``'type'`` ``'dl_anomaly'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from hdlite.plugin import HalconError

from . import backbones, codec
from .handles import PERSISTED, DLClassifier, resolve_device

FILE_TYPE = "dl_anomaly"
#: HALCON's initial model names -> base channel width of hdlite's network
VARIANTS = {"medium": 32, "large": 48}
PREFIX = "initial_dl_anomaly_"
DEFAULT_COMPLEXITY = 15
SMOOTH = 5
#: hdlite's defaults of a new model (image size: HALCON's example value; batch: hdlite's)
DEFAULT_SIZE = (256, 256, 3)
DEFAULT_BATCH = 8


@dataclass
class TrainParams:
    """train_dl_model_anomaly_dataset's DLTrainParam with HALCON's defaults.

    Defaults from HALCON's reference of train_dl_model_anomaly_dataset (19.11+):
    'max_num_epochs' 30, 'error_threshold' 0.001, 'domain_ratio' 0.1,
    'regularization_noise' 0.0 [defaults as recalled, the keys are confirmed by the C++
    export of MVTec's workflow].
    """

    max_num_epochs: int = 30
    error_threshold: float = 0.001
    domain_ratio: float = 0.1
    regularization_noise: float = 0.0


def variant_of(file_name: str) -> str | None:
    """``'medium'``/``'large'`` for HALCON's initial model names (with or without .hdl)."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.endswith(".hdl"):
        base = base[:-4]
    if not base.startswith(PREFIX):
        return None
    variant = base[len(PREFIX) :]
    return variant if variant in VARIANTS else None


class AnomalyNet(nn.Module):
    """Standardisation, an encoder to 1/8 size, a bottleneck and a decoder."""

    mean: torch.Tensor
    std: torch.Tensor
    err_mean: torch.Tensor
    err_std: torch.Tensor

    def __init__(self, channels: int, width: int, complexity: int) -> None:
        super().__init__()
        self.channels, self.width, self.complexity = channels, width, complexity
        self.head = None  # no classification head (class names cannot be set)
        w, w2 = width, 2 * width
        act = nn.LeakyReLU(0.1)
        self.encoder = nn.Sequential(
            nn.Conv2d(channels, w, 3, padding=1),
            act,
            nn.Conv2d(w, w, 4, stride=2, padding=1),
            act,
            nn.Conv2d(w, w2, 4, stride=2, padding=1),
            act,
            nn.Conv2d(w2, w2, 4, stride=2, padding=1),
            act,
            nn.Conv2d(w2, complexity, 1),
        )
        self.decoder = nn.Sequential(
            nn.Conv2d(complexity, w2, 1),
            act,
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(w2, w2, 3, padding=1),
            act,
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(w2, w, 3, padding=1),
            act,
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(w, w, 3, padding=1),
            act,
            nn.Conv2d(w, channels, 3, padding=1),
        )
        self.register_buffer("mean", torch.zeros(1, channels, 1, 1))
        self.register_buffer("std", torch.ones(1, channels, 1, 1))
        self.register_buffer("err_mean", torch.zeros(()))
        self.register_buffer("err_std", torch.ones(()))

    def standardise(self, x: torch.Tensor) -> torch.Tensor:
        """The input in the units the network learns in."""
        return (x - self.mean) / self.std

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """The reconstruction of standardised images (any size; padded to a multiple of 8)."""
        h, w = z.shape[-2:]
        ph, pw = (-h) % 8, (-w) % 8
        padded = F.pad(z, (0, pw, 0, ph), mode="replicate") if ph or pw else z
        out = self.decoder(self.encoder(padded))
        return out[..., :h, :w]


def error_map(recon: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """The per-pixel squared error, averaged over channels: (N, H, W)."""
    return (recon - z).pow(2).mean(dim=1)


def smoothed(error: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """A 5x5 mean of ``error`` over the pixels of ``mask`` (0 outside the mask)."""
    m = mask.unsqueeze(1).float()
    num = F.avg_pool2d(error.unsqueeze(1) * m, SMOOTH, stride=1, padding=SMOOTH // 2)
    den = F.avg_pool2d(m, SMOOTH, stride=1, padding=SMOOTH // 2)
    return (num / den.clamp_min(1e-6) * m).squeeze(1)


class DLAnomaly(DLClassifier):
    """An anomaly-detection model: the autoencoder, its settings, device and optimiser."""

    net: AnomalyNet  # type: ignore[assignment]

    def __init__(self, variant: str, net: AnomalyNet) -> None:
        width, height, _channels = DEFAULT_SIZE
        cfg = backbones.BackboneCfg(
            name=f"anomaly_{variant}",
            architecture=f"convolutional autoencoder ({VARIANTS[variant]} base channels)",
            weights_arch="",
            num_features=0,
            min_size=32,
            batch_size=DEFAULT_BATCH,
            input_size=(width, height, net.channels),
            arch=f"anomaly_{variant}",
        )
        super().__init__(cfg, net)  # type: ignore[arg-type]
        self.variant = variant
        self.standard_deviation_factor = 1.0
        self.trained = False

    @classmethod
    def initial(cls, variant: str) -> DLAnomaly:
        """A new, untrained model (HALCON's ``initial_dl_anomaly_<variant>.hdl``)."""
        return cls(variant, AnomalyNet(DEFAULT_SIZE[2], VARIANTS[variant], DEFAULT_COMPLEXITY))

    # -- structure -----------------------------------------------------------------------

    def rebuild(self, channels: int | None = None, complexity: int | None = None) -> None:
        """A new network for another channel count or complexity (weights start anew)."""
        channels = self.net.channels if channels is None else channels
        complexity = self.net.complexity if complexity is None else complexity
        if channels == self.net.channels and complexity == self.net.complexity:
            return
        net = AnomalyNet(channels, VARIANTS[self.variant], complexity)
        self.net = net.to(device=self.device, memory_format=torch.channels_last)  # type: ignore[call-overload]
        self._optimizer = None
        self.trained = False

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """Anomaly models have no classes to set."""
        raise HalconError(7788, "an anomaly_detection model has no classes")

    # -- running -------------------------------------------------------------------------

    def prepare(self, training: bool) -> AnomalyNet:  # type: ignore[override]
        """The network on its device in train or eval mode."""
        if self.net.channels != self.image_num_channels:
            self.rebuild(channels=self.image_num_channels)
        device = resolve_device(self.runtime, self.gpu)
        if device != self.device:
            self._move(device)
        self.net.train(training)
        self._training = training
        return self.net

    def init_runtime(self) -> None:
        """``runtime_init 'immediately'``: place the network on its device now."""
        self.prepare(training=False)

    def optimizer(self) -> torch.optim.Adam:  # type: ignore[override]
        """Adam with the model's learning rate, created at the first training step."""
        if not isinstance(self._optimizer, torch.optim.Adam):
            self._optimizer = torch.optim.Adam(  # type: ignore[assignment]
                self.net.parameters(), lr=self.learning_rate, weight_decay=self.weight_prior
            )
        assert self._optimizer is not None
        return self._optimizer  # type: ignore[return-value]

    def train_dataset(
        self, images: np.ndarray, masks: np.ndarray, p: TrainParams
    ) -> tuple[float, int]:
        """Train on (N, C, H, W) images with (N, H, W) domain masks; (final error, epochs)."""
        net = self.prepare(training=True)
        x_all = torch.from_numpy(images)
        m_all = torch.from_numpy(masks)
        weights = m_all.unsqueeze(1).float()
        count = weights.sum().clamp_min(1.0)
        mean = (x_all * weights).sum(dim=(0, 2, 3), keepdim=True) / count
        var = ((x_all - mean) ** 2 * weights).sum(dim=(0, 2, 3), keepdim=True) / count
        net.mean.copy_(mean.to(self.device))
        net.std.copy_(var.sqrt().clamp_min(1e-3).to(self.device))
        optimizer = self.optimizer()
        n = len(images)
        error, done = float("inf"), 0
        for epoch in range(1, p.max_num_epochs + 1):
            done = epoch
            order = torch.randperm(n)
            total, pixels = 0.0, 0.0
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                z = net.standardise(x_all[idx].to(self.device))
                keep = m_all[idx].to(self.device)
                if p.domain_ratio < 1.0:
                    keep = keep & (torch.rand(keep.shape, device=self.device) < p.domain_ratio)
                if not bool(keep.any()):
                    continue
                noisy = z
                if p.regularization_noise > 0:
                    noisy = z + p.regularization_noise * torch.randn_like(z)
                err = error_map(net(noisy), z)
                selected = float(keep.sum())
                loss = err[keep].mean()
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                if not torch.isfinite(loss):
                    raise HalconError(7720, "the training error is not finite; lower the rate")
                total += float(loss.detach()) * selected
                pixels += selected
            error = total / max(pixels, 1.0)
            if error < p.error_threshold:
                break
        self._calibrate(x_all, m_all)
        self.trained = True
        return error, done

    @torch.no_grad()
    def _errors(self, x: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        net = self.prepare(training=False)
        out = []
        for start in range(0, len(x), self.batch_size):
            z = net.standardise(x[start : start + self.batch_size].to(self.device))
            m = masks[start : start + self.batch_size].to(self.device)
            out.append(smoothed(error_map(net(z), z), m))
        return torch.cat(out)

    def _calibrate(self, x: torch.Tensor, masks: torch.Tensor) -> None:
        errors = self._errors(x, masks)
        values = errors[masks.to(errors.device)]
        self.net.err_mean.copy_(values.mean())
        if values.numel() > 1:
            self.net.err_std.copy_(values.std().clamp_min(1e-8))

    def anomaly_maps(self, images: np.ndarray, masks: np.ndarray) -> np.ndarray:
        """The anomaly images (N, H, W) of preprocessed images, 0 outside the domains."""
        m = torch.from_numpy(masks)
        errors = self._errors(torch.from_numpy(images), m)
        scale = self.standard_deviation_factor * self.net.err_std
        maps = ((errors - self.net.err_mean).clamp_min(0.0) / scale) * m.to(errors.device)
        return maps.cpu().numpy().astype(np.float32)

    # -- files ---------------------------------------------------------------------------

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout)."""
        header = {
            "type": FILE_TYPE,
            "variant": self.variant,
            "classes": [],
            "params": {name: getattr(self, name) for name in PERSISTED},
            "anomaly": {
                "channels": self.net.channels,
                "complexity": self.net.complexity,
                "standard_deviation_factor": self.standard_deviation_factor,
                "trained": self.trained,
            },
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLAnomaly:
        """Rebuild a model from the bytes :meth:`to_bytes` wrote.

        Raises:
            HalconError: 7780 for damaged content (also 5238/7782 from the container).
        """
        header, arrays = codec.decode(data, source)
        variant, section = header.get("variant"), header.get("anomaly")
        if variant not in VARIANTS or not isinstance(section, dict):
            raise HalconError(7780, f"{source}: bad anomaly detection header")
        channels, complexity = section.get("channels"), section.get("complexity")
        factor, trained = section.get("standard_deviation_factor"), section.get("trained")
        if (
            channels not in (1, 3)
            or type(complexity) is not int
            or complexity < 1
            or not isinstance(factor, int | float)
            or not factor > 0
            or type(trained) is not bool
        ):
            raise HalconError(7780, f"{source}: bad anomaly detection settings")
        model = cls(variant, AnomalyNet(channels, VARIANTS[variant], complexity))
        model._load_params(header.get("params"), source)
        model.standard_deviation_factor = float(factor)
        model.trained = trained
        state = {key: torch.from_numpy(array) for key, array in arrays.items()}
        try:
            model.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(7780, f"{source}: weights do not match ({first})") from None
        return model
