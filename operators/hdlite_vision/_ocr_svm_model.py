"""The OCR classifier behind ``*_ocr_class_svm``: character size, features, class names and
the support vector machine of :mod:`._svm`; its file format and how names are looked up.

Files (write_ocr_class_svm / read_ocr_class_svm) are hdlite's own, never pickle: the array
model format of :mod:`._model_files` (magic line, JSON header with a CRC-32 of the data,
raw little-endian arrays) of kind ``ocr_class_svm``, holding the character layout (size,
interpolation, features, class names, format version) and the SVM's settings and arrays as
write_class_svm writes them (:func:`.class_svm_files.contents`). Reading rebuilds the
classifier from these arrays, so it classifies exactly as the one written.

Errors (HALCON's error header, found with the ``find_string`` tool in a public copy of
HALCON's error list): a file that is not one of these, is cut short, fails its checksum or
whose arrays do not fit its settings is 8330 (H_ERR_OCR_SVM_NOCLASSFILE, "Invalid file
format for SVM classifier"); another format version 8331 (H_ERR_OCR_SVM_WRCLASSVERS); a
missing file 5200, an unreadable or unwritable one 5215.

Names (write_ocr_class_svm reference page: "If a file extension is not specified in
FileName, the default extension '.osc' is appended"): write adds '.osc' to a name without
extension; read tries the name as given, then with '.osc' added.

Pretrained fonts: HALCON's reference lists pretrained OCR fonts on the read_ocr_class_mlp
('.omc') and read_ocr_class_cnn ('.occ', CNN classifiers, not SVMs) pages; the
read_ocr_class_svm page names none, and HALCON ships no '.osc' fonts. hdlite ships no SVM
fonts either (its '.omc' fonts: :mod:`._ocr_model`), so read_ocr_class_svm does not look in
the ``ocr`` data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from hdlite.plugin import CallContext, HalconError

from ._model_files import read_model, write_model
from ._svm import Svm

KIND = "ocr_class_svm"
VERSION = 1
#: H_ERR_OCR_SVM_NOCLASSFILE, "Invalid file format for SVM classifier"
ERR_NOT_CLASSIFIER = 8330
#: H_ERR_OCR_SVM_WRCLASSVERS, "The version of the SVM classifier is not supported"
ERR_VERSION = 8331
MODES = ("one-versus-one", "one-versus-all")


@dataclass
class OcrSvm:
    """An OCR classifier: how characters become features, and the SVM."""

    width: int
    height: int
    interpolation: str
    features: tuple[str, ...]
    characters: tuple[str, ...]
    svm: Svm


def with_extension(name: str) -> str:
    """``name`` with '.osc' added when it has no extension."""
    return name if os.path.splitext(name)[1] else name + ".osc"


def save(ctx: CallContext, name: str, ocr: OcrSvm) -> None:
    """Write the classifier atomically (5215 when that fails)."""
    from .class_svm_files import contents

    params, arrays = contents(ocr.svm)
    layout = {
        "version": VERSION,
        "width": ocr.width,
        "height": ocr.height,
        "interpolation": ocr.interpolation,
        "features": list(ocr.features),
        "characters": list(ocr.characters),
    }
    write_model(ctx, with_extension(name), KIND, {"ocr": layout, "svm": params}, arrays)


def _path(name: str) -> str:
    if os.path.exists(name) or os.path.splitext(name)[1]:
        return name
    return with_extension(name)


def load(ctx: CallContext, name: str) -> OcrSvm:
    """Read a classifier (errors: module docstring)."""
    try:
        params, arrays = read_model(ctx, _path(name), KIND)
    except HalconError as exc:
        if exc.code in (5238, 2403):
            raise ctx.error(ERR_NOT_CLASSIFIER, exc.detail) from None
        raise
    layout = params.get("ocr")
    if not isinstance(layout, dict) or "version" not in layout:
        raise ctx.error(ERR_NOT_CLASSIFIER, f"{name}: not an hdlite SVM OCR classifier")
    if layout["version"] != VERSION:
        raise ctx.error(ERR_VERSION, f"{name}: version {layout['version']!r}")
    try:
        return _from_contents(layout, params["svm"], arrays)
    except (KeyError, ValueError, TypeError, HalconError) as exc:
        raise ctx.error(ERR_NOT_CLASSIFIER, f"{name}: damaged ({exc})") from None


def _from_contents(layout: dict[str, Any], params: Any, arrays: dict) -> OcrSvm:
    from ._ocr_features import INTERPOLATIONS, num_features, unknown
    from .class_svm_files import rebuild

    width, height = layout["width"], layout["height"]
    names = layout["features"]
    characters = layout["characters"]
    if not (isinstance(width, int) and isinstance(height, int) and 1 <= width <= 256):
        raise ValueError("bad character size")
    if not (1 <= height <= 256 and isinstance(names, list) and isinstance(characters, list)):
        raise ValueError("bad character size or names")
    if not all(isinstance(v, str) for v in (*names, *characters)):
        raise ValueError("names are not strings")
    if layout["interpolation"] not in INTERPOLATIONS or unknown(tuple(names)):
        raise ValueError("bad interpolation or features")
    if not isinstance(params, dict):
        raise ValueError("no SVM settings")
    svm = rebuild(params, arrays)
    if svm.num_features != num_features(tuple(names), width, height):
        raise ValueError("feature count does not match the character layout")
    if svm.num_classes != len(characters) or len(set(characters)) != len(characters):
        raise ValueError("class names do not match the SVM")
    if svm.mode not in MODES:
        raise ValueError(f"mode {svm.mode!r}")
    return OcrSvm(width, height, str(layout["interpolation"]), tuple(names), tuple(characters), svm)
