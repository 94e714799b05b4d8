"""The engine of ``'gc_anomaly_detection'`` models (Global Context Anomaly Detection).

HALCON reads ``pretrained_dl_anomaly_global_context.hdl`` and trains it with
train_dl_model_batch on good images; apply_dl_model gives ``'anomaly_image'`` and
``'anomaly_score'`` plus the ``_local`` and ``_global`` variants, and the parameter
``'gc_anomaly_networks'`` chooses the subnetworks. MVTec does not describe the networks;
hdlite's method (hdlite decision) is a teacher-student scheme:

* Teacher: the first 7 feature layers of MobileNetV2 with its ImageNet weights (stride 8,
  32 channels), frozen, loaded from local files only (:mod:`.weights`); its features are
  standardised per channel with running statistics of the training batches.
* ``'local'``: a student of three stride-2 convolutions (a small receptive field) learns to
  predict the teacher's features; where it fails, the image has a local defect.
* ``'global'``: an autoencoder down to 1/32 of the size and back to 1/8 predicts the same
  features from a compressed view of the whole image; it fails on defects of the global
  context (missing, misplaced or wrong parts).
* The per-pixel error (mean over channels of the squared difference, upsampled to the image)
  of each subnetwork is normalised with two reference levels ``(a, b)`` of that error on
  good images: ``(e - a) / (b - a)``, so 0 is ordinary and 1 the rare high end of good
  images. Training keeps running levels (the 90 % and 99.5 % quantiles of the training
  batches); normalize_dl_gc_anomaly_scores sets them from a dataset. ``'anomaly_image'`` is
  the maximum of the used subnetworks' images, each ``'anomaly_score*'`` the maximum of its
  image after ignoring the ``'anomaly_score_tolerance'`` fraction of highest pixels.

Sources: the model types 'anomaly_detection' and 'gc_anomaly_detection', the two
subnetworks and their reduction by 'gc_anomaly_networks' are described in HALCON's chapter
"Deep Learning / Anomaly Detection and Global Context Anomaly Detection"
(docs.mvtec.com/hdevelopevo/26.05-preview, toc_deeplearning_anomalydetection); the file name,
'anomaly_score_tolerance', training with train_dl_model_batch on samples with
'anomaly_label_id' and 'total_loss' appear in a public HALCON .NET program. The meaning of
'anomaly_score_tolerance' here is hdlite's reading of its name.

Model files: the container of :mod:`.codec` with header ``'type'`` ``'dl_gc_anomaly'``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from hdlite.plugin import HalconError

from . import backbones, codec
from .handles import PERSISTED, DLClassifier, InputAdapter, resolve_device

FILE_TYPE = "dl_gc_anomaly"
FILE_NAME = "pretrained_dl_anomaly_global_context"
NETWORKS = ("local", "global")
TEACHER_LAYERS = 7
CHANNELS = 32


def is_model_name(file_name: str) -> bool:
    """Whether ``file_name`` names HALCON's pretrained Global Context model."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return base in (FILE_NAME, FILE_NAME + ".hdl")


def _conv(cin: int, cout: int, kernel: int, stride: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, kernel, stride, padding=(kernel - stride + 1) // 2), nn.ReLU()]


class GCNet(nn.Module):
    """Input adapter, frozen teacher, local student and global autoencoder."""

    feat_mean: torch.Tensor
    feat_std: torch.Tensor
    levels: torch.Tensor

    def __init__(self, teacher: nn.Module) -> None:
        super().__init__()
        self.adapter = InputAdapter(backbones.IMAGENET_MEAN, backbones.IMAGENET_STD)
        self.teacher = teacher
        for p in self.teacher.parameters():
            p.requires_grad_(False)
        self.local = nn.Sequential(
            *_conv(3, 32, 4, 2),
            *_conv(32, 64, 4, 2),
            *_conv(64, 64, 3),
            *_conv(64, 64, 4, 2),
            nn.Conv2d(64, CHANNELS, 3, padding=1),
        )
        self.encoder = nn.Sequential(
            *_conv(3, 32, 4, 2),
            *_conv(32, 32, 4, 2),
            *_conv(32, 64, 4, 2),
            *_conv(64, 64, 4, 2),
            *_conv(64, 64, 4, 2),
            nn.Conv2d(64, 32, 1),
        )
        self.decoder = nn.Sequential(
            nn.Upsample(scale_factor=2),
            *_conv(32, 64, 3),
            nn.Upsample(scale_factor=2),
            *_conv(64, 64, 3),
            nn.Conv2d(64, CHANNELS, 3, padding=1),
        )
        self.head = None  # no classification head
        self.register_buffer("feat_mean", torch.zeros(1, CHANNELS, 1, 1))
        self.register_buffer("feat_std", torch.ones(1, CHANNELS, 1, 1))
        # rows: local, global; columns: a, b; row 2 column 0: 1 once statistics exist
        self.register_buffer("levels", torch.tensor([[0.0, 1.0], [0.0, 1.0], [0.0, 0.0]]))

    def train(self, mode: bool = True) -> GCNet:
        super().train(mode)
        self.teacher.eval()  # the frozen teacher keeps its ImageNet batch-norm statistics
        return self

    def errors(self, x: torch.Tensor, update: bool) -> dict[str, torch.Tensor]:
        """Per-pixel errors (N, H/8, W/8) of both subnetworks for (N, C, H, W) images."""
        h, w = x.shape[-2:]
        ph, pw = (-h) % 32, (-w) % 32
        z = self.adapter(x)
        if ph or pw:
            z = F.pad(z, (0, pw, 0, ph), mode="replicate")
        with torch.no_grad():
            t = self.teacher(z)
            if update:
                self._update_stats(t)
            t = (t - self.feat_mean) / self.feat_std
        g = self.decoder(self.encoder(z))
        hh, ww = -(-h // 8), -(-w // 8)
        out = {
            "local": (self.local(z) - t).pow(2).mean(dim=1)[:, :hh, :ww],
            "global": (g - t).pow(2).mean(dim=1)[:, :hh, :ww],
        }
        return out

    def _update_stats(self, t: torch.Tensor) -> None:
        mean = t.mean(dim=(0, 2, 3), keepdim=True)
        std = t.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-3)
        if self.levels[2, 0] == 0:
            self.feat_mean.copy_(mean)
            self.feat_std.copy_(std)
            self.levels[2, 0] = 1.0
        else:
            self.feat_mean.lerp_(mean, 0.1)
            self.feat_std.lerp_(std, 0.1)


class DLGCAnomaly(DLClassifier):
    """A Global Context Anomaly Detection model: network, settings, device, optimiser."""

    net: GCNet  # type: ignore[assignment]

    def __init__(self, net: GCNet) -> None:
        cfg = backbones.BackboneCfg(
            name="gc_anomaly",
            architecture="MobileNetV2 teacher, local student, global autoencoder",
            weights_arch="mobilenet_v2",
            num_features=0,
            min_size=32,
            batch_size=8,
            input_size=(256, 256, 3),
            arch="gc_anomaly",
        )
        super().__init__(cfg, net)  # type: ignore[arg-type]
        self.networks: tuple[str, ...] = NETWORKS
        self.score_tolerance = 0.0
        self.learned_levels = False  # running levels seen in training

    @classmethod
    def pretrained(cls, name: str = FILE_NAME) -> DLGCAnomaly:
        """A new model with the teacher's ImageNet weights (5200 without the local file)."""
        features = backbones._mobilenet_v2(True)
        return cls(GCNet(nn.Sequential(*list(features)[:TEACHER_LAYERS])))

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """Anomaly models have no classes to set."""
        raise HalconError(7788, "a gc_anomaly_detection model has no classes")

    def prepare(self, training: bool) -> GCNet:  # type: ignore[override]
        """The network on its device in train or eval mode (the teacher always in eval)."""
        if self.image_num_channels != 3:
            raise HalconError(7724, "a gc_anomaly_detection model needs 3 channels")
        device = resolve_device(self.runtime, self.gpu)
        if device != self.device:
            self._move(device)
        self.net.train(training)
        self._training = training
        return self.net

    def init_runtime(self) -> None:
        """``runtime_init 'immediately'``: place the network on its device now."""
        self.prepare(training=False)

    def loss(self, x: torch.Tensor) -> torch.Tensor:
        """The training loss of a batch: the mean errors of the chosen subnetworks."""
        errors = self.net.errors(x, update=True)
        total = sum(errors[name].mean() for name in self.networks)
        with torch.no_grad():
            for row, name in enumerate(NETWORKS):
                values = errors[name].detach().flatten()
                q = torch.quantile(values, torch.tensor([0.9, 0.995], device=values.device))
                q[1] = torch.maximum(q[1], q[0] + 1e-6)
                if self.learned_levels:
                    self.net.levels[row].lerp_(q, 0.1)
                else:
                    self.net.levels[row].copy_(q)
            self.learned_levels = True
        assert isinstance(total, torch.Tensor)
        return total

    @torch.no_grad()
    def raw_maps(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """The errors of both subnetworks, upsampled to the image size: (N, H, W) each."""
        errors = self.net.errors(x, update=False)
        size = x.shape[-2:]
        return {
            name: F.interpolate(e.unsqueeze(1), size=size, mode="bilinear").squeeze(1)
            for name, e in errors.items()
        }

    def maps(self, x: torch.Tensor) -> dict[str, np.ndarray]:
        """Normalised anomaly images per used subnetwork and combined ('')."""
        raw = self.raw_maps(x)
        out: dict[str, np.ndarray] = {}
        for row, name in enumerate(NETWORKS):
            if name in self.networks:
                a, b = self.net.levels[row]
                out[name] = ((raw[name] - a) / (b - a)).clamp_min(0.0).cpu().numpy()
        out[""] = np.maximum.reduce([out[n] for n in self.networks])
        return out

    def score(self, image: np.ndarray) -> float:
        """The anomaly score of one anomaly image (HALCON's 'anomaly_score_tolerance')."""
        if self.score_tolerance <= 0:
            return float(image.max())
        return float(np.quantile(image, 1.0 - self.score_tolerance))

    def set_levels(self, values: tuple[float, ...]) -> None:
        """Set (a, b) of local and global: [a_local, b_local, a_global, b_global]."""
        levels = torch.tensor(values, dtype=torch.float32).view(2, 2)
        self.net.levels[:2].copy_(levels.to(self.net.levels.device))
        self.learned_levels = True

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout)."""
        header = {
            "type": FILE_TYPE,
            "classes": [],
            "params": {name: getattr(self, name) for name in PERSISTED},
            "gc_anomaly": {
                "networks": list(self.networks),
                "anomaly_score_tolerance": self.score_tolerance,
                "learned_levels": self.learned_levels,
            },
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLGCAnomaly:
        """Rebuild a model from the bytes :meth:`to_bytes` wrote (no weights file needed).

        Raises:
            HalconError: 7780 for damaged content (also 5238/7782 from the container).
        """
        header, arrays = codec.decode(data, source)
        section = header.get("gc_anomaly")
        if not isinstance(section, dict):
            raise HalconError(7780, f"{source}: bad gc_anomaly_detection header")
        networks, tolerance = section.get("networks"), section.get("anomaly_score_tolerance")
        learned = section.get("learned_levels")
        if (
            not isinstance(networks, list)
            or not networks
            or not set(networks) <= set(NETWORKS)
            or not isinstance(tolerance, int | float)
            or not 0 <= tolerance < 1
            or type(learned) is not bool
        ):
            raise HalconError(7780, f"{source}: bad gc_anomaly_detection settings")
        features = backbones._mobilenet_v2(False)
        model = cls(GCNet(nn.Sequential(*list(features)[:TEACHER_LAYERS])))
        model._load_params(header.get("params"), source)
        model.networks = tuple(n for n in NETWORKS if n in networks)
        model.score_tolerance = float(tolerance)
        model.learned_levels = learned
        state = {key: torch.from_numpy(array) for key, array in arrays.items()}
        try:
            model.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(7780, f"{source}: weights do not match ({first})") from None
        return model
