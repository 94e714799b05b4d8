"""The OCR classifier behind ``*_ocr_class_mlp``: character size, features, class names and
the generic MLP of :mod:`._mlp`; its file format and how names are looked up.

Files (write_ocr_class_mlp / read_ocr_class_mlp) are hdlite's own: a NumPy ``.npz``
archive (compressed) read with :func:`hdlite.plugin.read_npz` (never pickle) holding ``meta`` (JSON:
format name ``hdlite-ocr-class-mlp``, version, character size, interpolation, features,
class names and the MLP's architecture) and the arrays ``w1``, ``w2``, ``mean`` and
``transform``. A file that is not one of these or is damaged is HALCON's 8320 ("Invalid file
format for MLP classifier"), another version 8321 ("The version of the MLP classifier is
not supported") [error numbers: HALCON's error header, spec §0 G9]; a missing file 5200.

Look-up (read_ocr_class_mlp): the name as given; then with '.omc' added when it has no
extension; then the same in hdlite's ``ocr`` data folder next to this module, where
HALCON looks in ``%HALCONROOT%/ocr`` for its pretrained fonts. hdlite ships its own
classifiers there under three of HALCON's names ('Industrial_0-9A-Z_NoRej.omc',
'Document_0-9A-Z_NoRej.omc', 'DotPrint_0-9A-Z_NoRej.omc'; built by
``scripts/build_ocr_fonts.py`` from the DejaVu fonts); other font names give 5200 (file
not found).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hdlite.plugin import CallContext, DamagedFile, read_npz

from ._mlp import Mlp
from ._model_files import write_file

FORMAT = "hdlite-ocr-class-mlp"
VERSION = 1
#: H_ERR_OCR_MLP_NOCLASSFILE, "Invalid file format for MLP classifier"
ERR_NOT_CLASSIFIER = 8320
#: H_ERR_OCR_MLP_WRCLASSVERS, "The version of the MLP classifier is not supported"
ERR_VERSION = 8321
OCR_FOLDER = Path(__file__).with_name("ocr")


@dataclass
class OcrMlp:
    """An OCR classifier: how characters become features, and the network."""

    width: int
    height: int
    interpolation: str
    features: tuple[str, ...]
    characters: tuple[str, ...]
    mlp: Mlp

    def params(self) -> dict:
        """Everything but the weights, for the file's ``meta``."""
        m = self.mlp
        return {
            "format": FORMAT,
            "version": VERSION,
            "width": self.width,
            "height": self.height,
            "interpolation": self.interpolation,
            "features": list(self.features),
            "characters": list(self.characters),
            "num_input": m.num_input,
            "num_hidden": m.num_hidden,
            "preprocessing": m.preprocessing,
            "num_components": m.num_components,
            "seed": m.seed,
        }


def save(ctx: CallContext, path: str, ocr: OcrMlp) -> None:
    """Write the classifier to ``path`` atomically (5215 when that fails)."""
    m = ocr.mlp
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        meta=np.array(json.dumps(ocr.params())),
        w1=m.w1,
        w2=m.w2,
        mean=m.mean,
        transform=m.transform,
    )
    write_file(ctx, path, buffer.getvalue(), reason=False)


def resolve(name: str) -> str | None:
    """The file read_ocr_class_mlp reads for ``name`` (look-up: module docstring)."""
    candidates = [name]
    if not os.path.splitext(name)[1]:
        candidates.append(name + ".omc")
    if not os.path.isabs(name):
        candidates += [str(OCR_FOLDER / c) for c in list(candidates)]
    for c in candidates:
        if os.path.isfile(c):
            return c
    return None


def load(ctx: CallContext, name: str) -> OcrMlp:
    """Read a classifier (errors: module docstring)."""
    path = resolve(name)
    if path is None:
        raise ctx.error(5200, name)
    try:
        arrays = read_npz(path)
    except OSError as exc:
        raise ctx.error(5215, f"{name}: {exc.strerror}") from None
    except DamagedFile as exc:
        raise ctx.error(
            ERR_NOT_CLASSIFIER, f"{name}: not an hdlite OCR classifier ({exc})"
        ) from None
    try:
        meta = json.loads(str(arrays["meta"]))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ValueError("not an hdlite OCR classifier")
    except (KeyError, ValueError) as exc:
        raise ctx.error(ERR_NOT_CLASSIFIER, f"{name}: {exc}") from None
    if meta.get("version") != VERSION:
        raise ctx.error(ERR_VERSION, f"{name}: version {meta.get('version')!r}")
    try:
        return _from_meta(meta, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(ERR_NOT_CLASSIFIER, f"{name}: damaged ({exc})") from None


def _from_meta(meta: dict, arrays: dict) -> OcrMlp:
    from ._ocr_features import INTERPOLATIONS, num_features, unknown

    width, height = int(meta["width"]), int(meta["height"])
    features = tuple(str(f) for f in meta["features"])
    characters = tuple(str(c) for c in meta["characters"])
    if meta["interpolation"] not in INTERPOLATIONS or unknown(features) or not characters:
        raise ValueError("bad parameters")
    num_input = num_features(features, width, height)
    if num_input != meta["num_input"] or width < 1 or height < 1:
        raise ValueError("feature count does not match")
    mlp = Mlp(
        num_input,
        int(meta["num_hidden"]),
        len(characters),
        "softmax",
        str(meta["preprocessing"]),
        int(meta["num_components"]),
        int(meta["seed"]),
    )
    loaded = {k: np.asarray(arrays[k], dtype=np.float64) for k in ("w1", "w2", "mean")}
    transform = np.asarray(arrays["transform"], dtype=np.float64)
    if (
        loaded["w1"].shape != mlp.w1.shape
        or loaded["w2"].shape != mlp.w2.shape
        or loaded["mean"].shape != mlp.mean.shape
        or transform.shape != mlp.transform.shape
    ):
        raise ValueError("weights do not fit the architecture")
    if not all(np.isfinite(a).all() for a in (*loaded.values(), transform)):
        raise ValueError("weights are not finite")
    mlp.w1, mlp.w2, mlp.mean, mlp.transform = loaded["w1"], loaded["w2"], loaded["mean"], transform
    return OcrMlp(width, height, str(meta["interpolation"]), features, characters, mlp)
