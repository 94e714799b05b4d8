"""The variation model behind the ``*_variation_model`` operators, and its byte format.

A model holds its training state (mode 'standard': count, mean and sum of squared
deviations, updated batch by batch; mode 'robust': every training image), the ideal and
variation images of mode 'direct', and, once prepared, the two threshold images. Errors are
:class:`~hdlite.plugin.HalconError` with HALCON's variation-model codes (see
``variation_model``); the operator turns them into its own errors.

Bytes (files and serialized items), never pickle: the ASCII line ``HDLITE-VARIATION-MODEL``,
one line of JSON (version, width, height, type, mode, flags, a table of arrays with dtype,
shape and offset, the payload size and its CRC-32), then the raw little-endian arrays.
"""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

import numpy as np

from hdlite.plugin import HalconError

MAGIC = b"HDLITE-VARIATION-MODEL\n"
VERSION = 1
TYPES = {"byte": np.dtype(np.uint8), "int2": np.dtype(np.int16), "uint2": np.dtype(np.uint16)}
MODES = ("standard", "robust", "direct")
#: scale of the median absolute deviation that makes it estimate the standard deviation of
#: normally distributed gray values (1 / Phi^-1(3/4)) [unverified: HALCON says "suitably
#: scaled median absolute deviation" without the factor]
MAD_SCALE = 1.4826
#: HALCON's variation-model errors (HErrorDef.h, HALCON 13/17: H_ERR_VARIATION_*)
ERR_SIZE, ERR_NOT_PREPARED, ERR_MODE, ERR_CLEARED, ERR_NO_ITEM = 8540, 8541, 8542, 8545, 8546
_MAX_HEADER = 1 << 16
_MAX_VALUE = 1e30
_ARRAY_DTYPES = ("<f8", "<f4")


class VariationModel:
    """Training state, ideal and variation images and thresholds of one model."""

    def __init__(self, width: int, height: int, pixel_type: str, mode: str) -> None:
        self.width, self.height, self.pixel_type, self.mode = width, height, pixel_type, mode
        self.count = 0  # training images so far
        self.mean: np.ndarray | None = None  # 'standard': running mean (float64)
        self.m2: np.ndarray | None = None  # 'standard': sum of squared deviations
        self.stack: list[np.ndarray] = []  # 'robust': every training image (float32)
        self.ideal: np.ndarray | None = None  # 'direct': the reference image
        self.var: np.ndarray | None = None  # 'direct': the variation image
        self.cleared = False  # clear_train_data_variation_model was called
        self.lower: np.ndarray | None = None  # thresholds, float32, after preparing
        self.upper: np.ndarray | None = None

    # --- training ---------------------------------------------------------------------

    def train(self, planes: list[np.ndarray]) -> None:
        """Add training images (2-D arrays of the model's size)."""
        if self.mode == "direct":
            raise HalconError(ERR_MODE, "a 'direct' model is not trained: use prepare_direct")
        if self.cleared:
            raise HalconError(ERR_CLEARED, "the training data has been cleared")
        if self.mode == "robust":
            self.stack.extend(p.astype(np.float32) for p in planes)
            self.count += len(planes)
            return
        batch = np.stack([p.astype(np.float64) for p in planes])
        n_b, mean_b = len(planes), batch.mean(axis=0)
        m2_b = ((batch - mean_b) ** 2).sum(axis=0)
        if self.mean is None or self.m2 is None:
            self.mean, self.m2 = mean_b, m2_b
        else:  # Chan et al.'s combination of two batches
            total = self.count + n_b
            delta = mean_b - self.mean
            self.m2 = self.m2 + m2_b + delta**2 * (self.count * n_b / total)
            self.mean = self.mean + delta * (n_b / total)
        self.count += n_b

    def images(self) -> tuple[np.ndarray, np.ndarray]:
        """The ideal and the variation image (float64)."""
        if self.cleared:
            raise HalconError(ERR_CLEARED, "the training data has been cleared")
        if self.mode == "direct":
            if self.ideal is None or self.var is None:
                raise HalconError(ERR_NOT_PREPARED, "no reference image: use prepare_direct")
            return self.ideal, self.var
        if self.count == 0:
            raise HalconError(ERR_NOT_PREPARED, "the model has not been trained")
        if self.mode == "robust":
            stack = np.stack(self.stack).astype(np.float64)
            median = np.median(stack, axis=0)
            return median, MAD_SCALE * np.median(np.abs(stack - median), axis=0)
        assert self.mean is not None and self.m2 is not None
        return self.mean, np.sqrt(self.m2 / self.count)

    def clear_training(self) -> None:
        """Drop the training data; the thresholds stay usable."""
        self.mean = self.m2 = self.ideal = self.var = None
        self.stack = []
        self.cleared = True

    # --- thresholds and comparison -----------------------------------------------------

    def prepare(self, absolute: tuple[float, float], relative: tuple[float, float]) -> None:
        """Thresholds from the trained images: ideal +- max(abs, var_threshold * var);
        the first value of each pair is for the upper (light), the second for the lower."""
        if self.mode == "direct":
            raise HalconError(ERR_MODE, "a 'direct' model is prepared with prepare_direct")
        self._thresholds(*self.images(), absolute, relative)

    def prepare_direct(
        self,
        ideal: np.ndarray,
        var: np.ndarray,
        absolute: tuple[float, float],
        relative: tuple[float, float],
    ) -> None:
        """Take the ideal and variation images as given, then compute the thresholds."""
        if self.mode != "direct":
            raise HalconError(ERR_MODE, f"prepare_direct needs a 'direct' model, not {self.mode!r}")
        self.ideal, self.var, self.cleared = ideal.astype(np.float64), var.astype(np.float64), False
        self._thresholds(self.ideal, self.var, absolute, relative)

    def _thresholds(
        self,
        ideal: np.ndarray,
        var: np.ndarray,
        absolute: tuple[float, float],
        relative: tuple[float, float],
    ) -> None:
        with np.errstate(over="ignore", invalid="ignore"):  # huge thresholds: +-inf
            upper = ideal + np.maximum(absolute[0], relative[0] * var)
            lower = ideal - np.maximum(absolute[1], relative[1] * var)
            self.upper, self.lower = upper.astype(np.float32), lower.astype(np.float32)

    def thresholds(self) -> tuple[np.ndarray, np.ndarray]:
        """The lower and the upper threshold image (float32)."""
        if self.lower is None or self.upper is None:
            raise HalconError(ERR_NOT_PREPARED, "the model has not been prepared")
        return self.lower, self.upper

    def compare(self, plane: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the pixels above the upper and below the lower threshold."""
        lower, upper = self.thresholds()
        values = plane.astype(np.float32)
        return values > upper, values < lower

    # --- bytes ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The model in hdlite's variation-model format (module docstring)."""
        arrays: dict[str, np.ndarray] = {}
        for name in ("mean", "m2", "ideal", "var"):
            value = getattr(self, name)
            if value is not None:
                arrays[name] = value.astype("<f8")
        if self.stack:
            arrays["stack"] = np.stack(self.stack).astype("<f4")
        if self.lower is not None and self.upper is not None:
            arrays["lower"], arrays["upper"] = self.lower, self.upper
        table, chunks, offset = [], [], 0
        for name, arr in arrays.items():
            a = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<"))
            table.append(
                {"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "offset": offset}
            )
            chunks.append(a.tobytes())
            offset += len(chunks[-1])
        payload = b"".join(chunks)
        header = {
            "version": VERSION,
            "width": self.width,
            "height": self.height,
            "type": self.pixel_type,
            "mode": self.mode,
            "count": self.count,
            "cleared": self.cleared,
            "arrays": table,
            "size": len(payload),
            "crc32": zlib.crc32(payload),
        }
        return MAGIC + json.dumps(header).encode("ascii") + b"\n" + payload

    @classmethod
    def from_bytes(cls, raw: bytes) -> VariationModel:
        """A model from :meth:`to_bytes`; ValueError (or KeyError, TypeError) when the bytes
        are not one, HalconError 2403 for an unknown version."""
        if not raw.startswith(MAGIC):
            raise ValueError("not an hdlite variation model")
        end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
        if end < 0:
            raise ValueError("no header")
        header = json.loads(raw[len(MAGIC) : end].decode("ascii"))
        if not isinstance(header, dict):
            raise ValueError("no header")
        if header.get("version") != VERSION:
            raise HalconError(
                2403, f"unsupported variation model version {header.get('version')!r}"
            )
        payload = raw[end + 1 :]
        if len(payload) != header["size"] or zlib.crc32(payload) != header["crc32"]:
            raise ValueError("size or checksum mismatch")
        width, height = header["width"], header["height"]
        pixel_type, mode, count = header["type"], header["mode"], header["count"]
        for value in (width, height, count):
            if type(value) is not int or value < 0:
                raise ValueError("bad size or count")
        if width < 1 or height < 1 or pixel_type not in TYPES or mode not in MODES:
            raise ValueError("bad parameters")
        model = cls(width, height, pixel_type, mode)
        model.count, model.cleared = count, bool(header["cleared"])
        arrays = _arrays(header["arrays"], payload)
        plane = (height, width)
        for name, arr in arrays.items():
            want = (count, *plane) if name == "stack" else plane
            if name not in ("mean", "m2", "ideal", "var", "stack", "lower", "upper"):
                raise ValueError(f"unknown array {name!r}")
            if arr.shape != want:
                raise ValueError(f"array {name!r} has shape {arr.shape}")
            # training data and images are gray values and their spreads: finite and
            # far below 1e30; thresholds may be infinite (huge thresholds), never NaN
            limit = math.inf if name in ("lower", "upper") else _MAX_VALUE
            if np.isnan(arr).any() or (np.abs(arr) > limit).any():
                raise ValueError(f"array {name!r} holds values out of range")
            if name in ("m2", "var") and (arr < 0).any():
                raise ValueError(f"array {name!r} is negative")
        model.mean, model.m2 = _f8(arrays.get("mean")), _f8(arrays.get("m2"))
        model.ideal, model.var = _f8(arrays.get("ideal")), _f8(arrays.get("var"))
        if "stack" in arrays:
            model.stack = list(arrays["stack"].astype(np.float32))
        if ("lower" in arrays) != ("upper" in arrays):
            raise ValueError("one threshold image only")
        if "lower" in arrays:
            model.lower = arrays["lower"].astype(np.float32)
            model.upper = arrays["upper"].astype(np.float32)
        _check_state(model)
        return model


def _f8(arr: np.ndarray | None) -> np.ndarray | None:
    return None if arr is None else arr.astype(np.float64)


def _arrays(table: Any, payload: bytes) -> dict[str, np.ndarray]:
    if not isinstance(table, list):
        raise ValueError("no array table")
    out: dict[str, np.ndarray] = {}
    for entry in table:
        if entry["dtype"] not in _ARRAY_DTYPES:
            raise ValueError(f"dtype {entry['dtype']!r}")
        dtype = np.dtype(entry["dtype"])
        shape = tuple(int(n) for n in entry["shape"])
        if any(n < 0 for n in shape) or len(shape) > 3:
            raise ValueError(f"shape {shape}")
        start = int(entry["offset"])
        stop = start + math.prod(shape) * dtype.itemsize
        if start < 0 or stop > len(payload):
            raise ValueError("array out of range")
        out[str(entry["name"])] = np.frombuffer(payload[start:stop], dtype=dtype).reshape(shape)
    return out


def _check_state(model: VariationModel) -> None:
    """The arrays a model of this mode and state must have."""
    trained = model.count > 0 and not model.cleared
    if model.mode == "standard" and trained and (model.mean is None or model.m2 is None):
        raise ValueError("training data missing")
    if model.mode == "robust" and trained and len(model.stack) != model.count:
        raise ValueError("training images missing")
    if model.mode == "robust" and not trained and model.stack:
        raise ValueError("training images of an untrained model")
