"""OCR with multilayer perceptrons: create_ocr_class_mlp, trainf_ocr_class_mlp,
do_ocr_single_class_mlp, do_ocr_multi_class_mlp, do_ocr_word_mlp,
get_features_ocr_class_mlp, get_params_ocr_class_mlp, write/read/clear_ocr_class_mlp.

Facts from HALCON's reference (create_ocr_class_mlp, trainf_ocr_class_mlp,
do_ocr_multi_class_mlp pages, found with the ``search`` tool): the classifier is an MLP with
OutputFunction 'softmax' whose input length follows from Features and the character size
and whose outputs are the names in Characters; Preprocessing and NumComponents mean what
they mean for create_class_mlp (hdlite: no 'canonical_variates', wrong value); the
defaults are 8 x 10, 'constant', 'default', the digits, 80 hidden units, 'none', 10, 42.
do_ocr_multi_class_mlp gives one class and its confidence (the softmax output) per region,
in region order; do_ocr_single_class_mlp the Num best classes of one region. Features and
normalisation: :mod:`._ocr_features`; files and look-up: :mod:`._ocr_model`.

Settled by hdlite [unverified against HALCON]: trainf_ocr_class_mlp ignores characters of
the training files whose class is not in Characters (no usable character at all is a
wrong value of TrainingFile); the trained classifier keeps no samples. do_ocr_word_mlp:
the word rules of :mod:`._ocr_common` (the score of a class is the logarithm of its
confidence).
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    Param,
    operator,
    wrong_object_count,
)

from ._mlp import Mlp
from ._ocr_common import (
    DIGITS,
    check_layout,
    domain_row,
    read_word,
    region_rows,
    training_rows,
    word_expression,
)
from ._ocr_features import INTERPOLATIONS
from ._ocr_model import OcrMlp, load, save

_HANDLE = ControlIn("OCRHandle", types="handle", count=1, sem="ocr_mlp")
_PREPROCESSING = ("none", "normalization", "principal_components", "canonical_variates")


def _int(name: str, default: int) -> Param:
    return ControlIn(name, types="integer", count=1, default=default)


@operator(
    "create_ocr_class_mlp",
    _int("WidthCharacter", 8),
    _int("HeightCharacter", 10),
    ControlIn("Interpolation", types="string", count=1, default="constant", values=INTERPOLATIONS),
    ControlIn("Features", types="string", count=(1, None), default="default"),
    ControlIn("Characters", types="string", count=(1, None), default=DIGITS),
    _int("NumHidden", 80),
    ControlIn("Preprocessing", types="string", count=1, default="none", values=_PREPROCESSING),
    _int("NumComponents", 10),
    _int("RandSeed", 42),
    ControlOut("OCRHandle", types="handle", count=1),
)
def create_ocr_class_mlp(
    ctx: CallContext,
    width: tuple,
    height: tuple,
    interpolation: tuple,
    names: tuple,
    characters: tuple,
    hidden: tuple,
    preprocessing: tuple,
    components: tuple,
    seed: tuple,
) -> tuple:
    """Create an OCR classifier (an MLP) for characters scaled to WidthCharacter x
    HeightCharacter, described by Features and classified into Characters."""
    num_input = check_layout(ctx, width[0], height[0], names, characters)
    if hidden[0] < 1:
        raise ctx.param_error("value", "NumHidden", f"must be at least 1, got {hidden[0]}")
    if preprocessing[0] == "canonical_variates":
        raise ctx.param_error("value", "Preprocessing", "'canonical_variates' is not supported")
    if preprocessing[0] == "principal_components" and not 1 <= components[0] <= num_input:
        raise ctx.param_error(
            "value", "NumComponents", f"must be 1 ... {num_input}, got {components[0]}"
        )
    weights = (num_input + 1) * hidden[0] + (hidden[0] + 1) * len(characters)
    if weights > 50_000_000:
        raise ctx.param_error("value", "NumHidden", f"{weights} weights are too many")
    mlp = Mlp(
        num_input,
        hidden[0],
        len(characters),
        "softmax",
        preprocessing[0],
        components[0],
        seed[0],
    )
    ocr = OcrMlp(width[0], height[0], interpolation[0], tuple(names), tuple(characters), mlp)
    return ((ctx.new_handle("ocr_mlp", ocr),),)


def _ocr(handle: tuple) -> OcrMlp:
    return handle[0].obj


def _probabilities(ctx: CallContext, ocr: OcrMlp, chars: ObjectTuple, image: ObjectTuple):
    x = region_rows(ctx, ocr, chars, image)
    return ocr.mlp.evaluate(x) if len(x) else np.zeros((0, len(ocr.characters)))


@operator(
    "trainf_ocr_class_mlp",
    _HANDLE,
    ControlIn("TrainingFile", types="string", count=(1, None), default="ocr.trf"),
    _int("MaxIterations", 200),
    ControlIn("WeightTolerance", types="number", count=1, default=1.0),
    ControlIn("ErrorTolerance", types="number", count=1, default=0.01),
    ControlOut("Error", types="real", count=1),
    ControlOut("ErrorLog", types="real"),
)
def trainf_ocr_class_mlp(
    ctx: CallContext,
    handle: tuple,
    files: tuple,
    max_iter: tuple,
    weight_tol: tuple,
    error_tol: tuple,
) -> tuple:
    """Train the classifier on the characters of training files; the mean error per
    character and the error of each iteration."""
    ocr = _ocr(handle)
    if max_iter[0] < 1:
        raise ctx.param_error("value", "MaxIterations", f"must be at least 1, got {max_iter[0]}")
    x, y, _ = training_rows(ctx, ocr, files)
    mlp = ocr.mlp
    if mlp.preprocessing == "principal_components" and len(x) < 2:
        raise ctx.param_error("value", "TrainingFile", "principal components need 2 characters")
    mlp.samples = list(x)
    mlp.targets = list(np.eye(len(ocr.characters))[y])
    try:
        err, log = mlp.train(max_iter[0], float(weight_tol[0]), float(error_tol[0]))
    finally:
        mlp.samples, mlp.targets = [], []
    return (err,), tuple(log)


_CHAR_IN = (IconicIn("Character"), IconicIn("Image"), _HANDLE)


@operator(
    "do_ocr_multi_class_mlp",
    *_CHAR_IN,
    ControlOut("Class", types="string"),
    ControlOut("Confidence", types="real"),
)
def do_ocr_multi_class_mlp(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, handle: tuple
) -> tuple:
    """Classify each character region: its most probable class and that probability."""
    ocr = _ocr(handle)
    p = _probabilities(ctx, ocr, chars, image)
    best = np.argmax(p, axis=1)
    classes = tuple(ocr.characters[k] for k in best)
    return classes, tuple(float(p[i, k]) for i, k in enumerate(best))


@operator(
    "do_ocr_single_class_mlp",
    *_CHAR_IN,
    ControlIn("Num", types="integer", count=1, default=1),
    ControlOut("Class", types="string"),
    ControlOut("Confidence", types="real"),
)
def do_ocr_single_class_mlp(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, handle: tuple, num: tuple
) -> tuple:
    """The Num most probable classes of one character region and their probabilities."""
    if len(chars) != 1:
        raise ctx.error(wrong_object_count(1), f"Character: {len(chars)} regions, expected one")
    if num[0] < 1:
        raise ctx.param_error("value", "Num", f"must be at least 1, got {num[0]}")
    ocr = _ocr(handle)
    p = _probabilities(ctx, ocr, chars, image)[0]
    order = np.argsort(-p, kind="stable")[: num[0]]
    return tuple(ocr.characters[k] for k in order), tuple(float(p[k]) for k in order)


@operator(
    "do_ocr_word_mlp",
    *_CHAR_IN,
    ControlIn("Expression", types="string", count=1, default=""),
    ControlIn("NumAlternatives", types="integer", count=1, default=3),
    ControlIn("NumCorrections", types="integer", count=1, default=2),
    ControlOut("Class", types="string"),
    ControlOut("Confidence", types="real"),
    ControlOut("Word", types="string", count=1),
    ControlOut("Score", types="real", count=1),
)
def do_ocr_word_mlp(
    ctx: CallContext,
    chars: ObjectTuple,
    image: ObjectTuple,
    handle: tuple,
    expression: tuple,
    alternatives: tuple,
    corrections: tuple,
) -> tuple:
    """Classify the character regions as one word, corrected to match Expression with at
    most NumCorrections replacements among each character's NumAlternatives best classes."""
    rx = word_expression(ctx, expression[0], alternatives[0], corrections[0])
    ocr = _ocr(handle)
    p = _probabilities(ctx, ocr, chars, image)
    order = np.argsort(-p, axis=1, kind="stable")[:, : alternatives[0]]
    options = [[(ocr.characters[k], float(p[i, k])) for k in row] for i, row in enumerate(order)]
    classes = tuple(o[0][0] for o in options)
    confidences = tuple(o[0][1] for o in options)
    scored = [[(c, math.log(max(p, 1e-300))) for c, p in o] for o in options]
    word, score = read_word(scored, rx, corrections[0])
    return classes, confidences, (word,), (score,)


@operator(
    "get_features_ocr_class_mlp",
    IconicIn("Character"),
    _HANDLE,
    ControlIn("Transform", types="string", count=1, default="true", values=("true", "false")),
    ControlOut("Features", types="real"),
)
def get_features_ocr_class_mlp(
    ctx: CallContext, chars: ObjectTuple, handle: tuple, transform: tuple
) -> tuple:
    """The feature vector the classifier computes for one character image (its domain is
    the character); Transform 'true' applies the classifier's preprocessing."""
    ocr = _ocr(handle)
    x = domain_row(ctx, ocr, chars)
    if transform[0] == "true":
        x = ocr.mlp.features(x[None])[0]
    return (tuple(float(v) for v in x),)


@operator(
    "get_params_ocr_class_mlp",
    _HANDLE,
    ControlOut("WidthCharacter", types="integer", count=1),
    ControlOut("HeightCharacter", types="integer", count=1),
    ControlOut("Interpolation", types="string", count=1),
    ControlOut("Features", types="string"),
    ControlOut("Characters", types="string"),
    ControlOut("NumHidden", types="integer", count=1),
    ControlOut("Preprocessing", types="string", count=1),
    ControlOut("NumComponents", types="integer", count=1),
)
def get_params_ocr_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """The parameters the classifier was created with."""
    o = _ocr(handle)
    m = o.mlp
    return (
        (o.width,),
        (o.height,),
        (o.interpolation,),
        o.features,
        o.characters,
        (m.num_hidden,),
        (m.preprocessing,),
        (m.num_components,),
    )


@operator("write_ocr_class_mlp", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_ocr_class_mlp(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the classifier (parameters and trained network) to a file."""
    save(ctx, name[0], _ocr(handle))
    return ()


@operator(
    "read_ocr_class_mlp",
    ControlIn("FileName", types="string", count=1),
    ControlOut("OCRHandle", types="handle", count=1),
)
def read_ocr_class_mlp(ctx: CallContext, name: tuple) -> tuple:
    """Load a classifier written by write_ocr_class_mlp ('.omc' is tried for a name
    without extension)."""
    return ((ctx.new_handle("ocr_mlp", load(ctx, name[0])),),)


@operator("clear_ocr_class_mlp", ControlIn("OCRHandle", types="handle", sem="ocr_mlp"))
def clear_ocr_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()
