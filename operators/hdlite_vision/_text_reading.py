"""find_text's reading: segmentation settings from a text model, classification of each
character with the model's OCR classifier, and the result kept behind a TextResultID.

Facts from HALCON's reference (get_text_result, get_text_object pages): in 'auto' mode the
lines of each polarity are sorted top to bottom and left to right, the characters of a
line left to right; results are per character ('class', 'confidence'), per line
(['class_line', i]) or per character index (['class_element', i]); ['class', n] is the
(n+1)-th best class. hdlite [unverified]: lines of 'dark_on_light' come before those of
'light_on_dark'; three best classes are stored per character ('num_classes', fewer when
the classifier has fewer); a light character is classified on the inverted image (the
classifiers read dark print on a light background); 'uppercase_only' leaves lower-case
classes out; 'return_punctuation' / 'return_separators' 'false' drop characters classified
as one of ``.,;:!?'"`` / ``-/\\|+_=~``; with line structures a line is kept only when its
word lengths (:func:`._text_segmentation.blocks`) equal one of them; 'manual_max_line_num'
keeps the lines with the most characters. Manual models read with a classifier when they
have one (create_text_model_reader's OCRClassifier may be empty in 'manual' mode).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hdlite.plugin import Image, Region

from ._ocr_features import cut, features
from ._ocr_model import OcrMlp
from ._text_params import structures
from ._text_segmentation import Line, Segmentation, Settings, blocks, segment

NUM_CLASSES = 3
PUNCTUATION = frozenset(".,;:!?'\"")
SEPARATORS = frozenset("-/\\|+_=~")


@dataclass
class TextModel:
    """A text model: mode, parameters and (optionally, in 'manual' mode) a classifier."""

    mode: str
    params: dict[str, Any]
    ocr: OcrMlp | None


@dataclass
class ResultLine:
    """One read line: its polarity, character regions and best classes per character."""

    polarity: str
    regions: list[Region]
    classes: list[list[str]] = field(default_factory=list)
    confidences: list[list[float]] = field(default_factory=list)


@dataclass
class TextResult:
    """What find_text found."""

    mode: str
    lines: list[ResultLine]
    classified: bool
    num_classes: int
    thresholds: list[float] | None = None
    images: list[Image] | None = None

    def chars(self) -> list[tuple[ResultLine, int]]:
        """Every character as (line, index in line), in reading order."""
        return [(ln, k) for ln in self.lines for k in range(len(ln.regions))]


def _size(value: Any) -> float | None:
    return None if value == "default" else float(value)


def settings(model: TextModel) -> Settings:
    """Segmentation settings of the model's parameters."""
    p = model.params
    marks = PUNCTUATION | SEPARATORS
    punct = model.ocr is not None and any(c in marks for c in model.ocr.characters)
    if model.mode == "auto":
        polarity = p["polarity"]
        return Settings(
            polarities=("dark_on_light", "light_on_dark") if polarity == "both" else (polarity,),
            min_contrast=float(p["min_contrast"]),
            min_h=_size(p["min_char_height"]),
            max_h=_size(p["max_char_height"]),
            min_w=_size(p["min_char_width"]),
            max_w=_size(p["max_char_width"]),
            min_stroke=_size(p["min_stroke_width"]),
            max_stroke=_size(p["max_stroke_width"]),
            eliminate_border=p["eliminate_border_blobs"] == "true",
            add_fragments=p["add_fragments"] == "true",
            separate=p["separate_touching_chars"],
            dot_print=p["dot_print"] == "true",
            punctuation=punct and "true" in (p["return_punctuation"], p["return_separators"]),
        )
    height, width = _size(p["manual_char_height"]), _size(p["manual_char_width"])
    stroke = _size(p["manual_stroke_width"])
    fragment = _size(p["manual_fragment_size_min"])
    return Settings(
        polarities=(p["manual_polarity"],),
        min_contrast=15.0,
        min_h=0.6 * height if height else None,
        max_h=1.5 * height if height else None,
        max_w=None,
        min_stroke=0.5 * stroke if stroke else None,
        max_stroke=2.0 * stroke if stroke else None,
        char_w=width,
        dot_print=p["manual_is_dotprint"] == "true",
        horizontal_lines=p["manual_eliminate_horizontal_lines"] == "true",
        fragment_min_area=fragment if fragment else 2.0,
        punctuation=punct
        and "true" in (p["manual_return_punctuation"], p["manual_return_separators"]),
    )


def _probabilities(ocr: OcrMlp, image: Image, regions: list[Region]) -> np.ndarray:
    rows = [
        features(cut(image, r), ocr.features, ocr.width, ocr.height, ocr.interpolation)
        for r in regions
    ]
    x = np.array(rows).reshape(len(rows), ocr.mlp.num_input)
    return ocr.mlp.evaluate(x) if len(rows) else np.zeros((0, len(ocr.characters)))


def _classify(ocr: OcrMlp, line: ResultLine, image: Image, upper_only: bool) -> None:
    p = _probabilities(ocr, image, line.regions)
    allowed = np.array([not (upper_only and c != c.upper()) for c in ocr.characters])
    p = np.where(allowed[None], p, -1.0)
    order = np.argsort(-p, axis=1, kind="stable")[:, :NUM_CLASSES]
    line.classes = [[ocr.characters[k] for k in row] for row in order]
    line.confidences = [[max(float(p[i, k]), 0.0) for k in row] for i, row in enumerate(order)]


def _keep(cls: str, params: dict[str, Any], prefix: str) -> bool:
    if params[prefix + "return_punctuation"] == "false" and cls in PUNCTUATION:
        return False
    return not (params[prefix + "return_separators"] == "false" and cls in SEPARATORS)


def _ocr_image(gray: np.ndarray, pixel_type: str) -> Image:
    dtype = np.uint16 if pixel_type == "uint2" else np.uint8
    return Image(gray.astype(dtype)[None], pixel_type)


def read(model: TextModel, image: Image) -> TextResult:
    """find_text on one image (byte or uint2; the first channel is read)."""
    full = 65535.0 if image.pixel_type == "uint2" else 255.0
    gray = image.data[0].astype(np.float64)
    if image.domain is None:
        domain = np.ones(gray.shape, dtype=bool)
    else:
        domain = image.domain.to_mask(image.height, image.width)
    seg: Segmentation = segment(gray, domain, full, settings(model))
    prefix = "" if model.mode == "auto" else "manual_"
    p = model.params
    wanted = structures(p, prefix + "text_line_structure")
    lines: list[Line] = [ln for ln in seg.lines if not wanted or blocks(ln) in wanted]
    if model.mode == "manual" and p["manual_max_line_num"] != "default":
        best = sorted(lines, key=lambda ln: -len(ln.chars))[: int(p["manual_max_line_num"])]
        lines = [ln for ln in lines if any(ln is b for b in best)]
    images = {
        pol: _ocr_image(g, image.pixel_type)
        for pol, g in zip(settings(model).polarities, seg.images, strict=True)
    }
    out = []
    for ln in lines:
        regions = [Region.from_mask(c.mask, c.r1, c.c1) for c in ln.chars]
        rl = ResultLine(ln.polarity, regions)
        if model.ocr is not None:
            upper = p[prefix + "uppercase_only"] == "true"
            _classify(model.ocr, rl, images[ln.polarity], upper)
            keep = [k for k, c in enumerate(rl.classes) if _keep(c[0], p, prefix)]
            rl.regions = [rl.regions[k] for k in keep]
            rl.classes = [rl.classes[k] for k in keep]
            rl.confidences = [rl.confidences[k] for k in keep]
        if rl.regions:
            out.append(rl)
    persist = model.mode == "manual" and p["manual_persistence"] == "true"
    return TextResult(
        model.mode,
        out,
        model.ocr is not None,
        min(NUM_CLASSES, len(model.ocr.characters)) if model.ocr is not None else 0,
        seg.thresholds if persist else None,
        list(images.values()) if persist else None,
    )
