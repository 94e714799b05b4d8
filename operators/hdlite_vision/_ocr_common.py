"""What the OCR classifiers (``*_ocr_class_mlp`` and ``*_ocr_class_svm``) share: checks of the
character layout, the feature rows of character regions and of training files, and the
word correction of ``do_ocr_word_*``.

The word rules are hdlite's [unverified against HALCON]: a word is accepted when the whole
word matches Expression (Python regular expressions; '' accepts every word); up to
NumCorrections characters may be replaced by one of their NumAlternatives best classes,
fewer replacements first, then the highest summed score of the chosen classes (the MLP:
the logarithm of each confidence; the SVM: each class's votes or machine value). Score is
1 - replacements / characters for an accepted word, and 0 with the uncorrected word when
none is found. Lexicons ('<name>' expressions) are not provided.
"""

from __future__ import annotations

import itertools
import re
from typing import Protocol

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple, Region, wrong_object_count

from ._gray import images, regions
from ._ocr_features import FEATURE_NAMES, cut, features, num_features, unknown

MAX_SIZE = 256
DIGITS = tuple("0123456789")
_MAX_WORD_CANDIDATES = 200_000


class Layout(Protocol):
    """How a classifier turns a character into features, and its class names."""

    width: int
    height: int
    interpolation: str
    features: tuple[str, ...]
    characters: tuple[str, ...]


def check_layout(ctx: CallContext, width: int, height: int, names: tuple, characters: tuple) -> int:
    """Wrong-value errors of WidthCharacter, HeightCharacter, Features and Characters; the
    length of the feature vector."""
    for name, value in (("WidthCharacter", width), ("HeightCharacter", height)):
        if not 1 <= value <= MAX_SIZE:
            raise ctx.param_error("value", name, f"must be 1 ... {MAX_SIZE}, got {value}")
    bad = unknown(names)
    if bad:
        raise ctx.param_error("value", "Features", f"{bad[0]!r} is not one of {FEATURE_NAMES}")
    if len(set(characters)) != len(characters) or "" in characters:
        raise ctx.param_error("value", "Characters", "names must be distinct and non-empty")
    return num_features(names, width, height)


def _row(layout: Layout, image: Image, region: Region) -> np.ndarray:
    return features(
        cut(image, region), layout.features, layout.width, layout.height, layout.interpolation
    )


def region_rows(
    ctx: CallContext, layout: Layout, chars: ObjectTuple, image: ObjectTuple
) -> np.ndarray:
    """Feature rows (n, features) of the character regions on the one image."""
    regs = regions(ctx, chars, "Character")
    imgs = images(ctx, image, ("byte", "uint2"))
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
    size = num_features(layout.features, layout.width, layout.height)
    return np.array([_row(layout, imgs[0], r) for r in regs]).reshape(len(regs), size)


def domain_row(ctx: CallContext, layout: Layout, chars: ObjectTuple) -> np.ndarray:
    """The feature vector of one character image (its domain is the character)."""
    imgs = images(ctx, chars, ("byte", "uint2"))
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Character: {len(imgs)} images, expected one")
    return _row(layout, imgs[0], imgs[0].domain_region())


def training_rows(
    ctx: CallContext, layout: Layout, files: tuple
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows of the training files' characters whose class is one of the
    classifier's, their class indices and their indices among all characters of the files
    (the others are ignored); none at all is a wrong value of TrainingFile."""
    from .ocr_training_files import load as load_training

    index = {name: i for i, name in enumerate(layout.characters)}
    samples = [s for name in files for s in load_training(ctx, name)]
    used = [k for k, s in enumerate(samples) if s.name in index]
    if not used:
        raise ctx.param_error("value", "TrainingFile", "no character of the classifier's classes")
    size = num_features(layout.features, layout.width, layout.height)
    rows = [
        _row(layout, Image(s.gray, s.pixel_type), Region.from_mask(s.mask))
        for s in (samples[k] for k in used)
    ]
    x = np.array(rows, dtype=np.float64).reshape(len(used), size)
    y = np.array([index[samples[k].name] for k in used], dtype=np.int64)
    return x, y, np.array(used, dtype=np.int64)


def word_expression(
    ctx: CallContext, expression: str, alternatives: int, corrections: int
) -> re.Pattern | None:
    """Wrong-value errors of the word parameters; the compiled Expression (None for '')."""
    if alternatives < 1:
        raise ctx.param_error("value", "NumAlternatives", f"must be at least 1, got {alternatives}")
    if corrections < 0:
        raise ctx.param_error("value", "NumCorrections", f"must be at least 0, got {corrections}")
    try:
        return re.compile(expression) if expression else None
    except re.error as exc:
        raise ctx.param_error("value", "Expression", str(exc)) from None


def _best_word(
    options: list[list[tuple[str, float]]], rx: re.Pattern | None, corrections: int
) -> tuple[str, int] | None:
    """The accepted word with the fewest replacements (then the highest summed score)."""
    n = len(options)
    best: tuple[float, str] | None = None
    tried = 0
    for k in range(min(corrections, n) + 1):
        for places in itertools.combinations(range(n), k):
            choices = [options[i][1:] if i in places else options[i][:1] for i in range(n)]
            for combo in itertools.product(*choices):
                tried += 1
                if tried > _MAX_WORD_CANDIDATES:
                    return (best[1], k) if best else None
                word = "".join(c for c, _ in combo)
                if rx is None or rx.fullmatch(word):
                    score = sum(s for _, s in combo)
                    if best is None or score > best[0]:
                        best = (score, word)
        if best is not None:
            return best[1], k
    return None


def read_word(
    options: list[list[tuple[str, float]]], rx: re.Pattern | None, corrections: int
) -> tuple[str, float]:
    """Word and Score for each character's alternatives (class, score), best first."""
    found = _best_word(options, rx, corrections)
    if found is None:
        return "".join(o[0][0] for o in options), 0.0
    word, changed = found
    return word, (1.0 - changed / len(options) if options else 1.0)
