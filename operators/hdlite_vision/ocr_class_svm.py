"""OCR with support vector machines: create_ocr_class_svm, trainf_ocr_class_svm,
do_ocr_single_class_svm, do_ocr_multi_class_svm, do_ocr_word_svm,
get_features_ocr_class_svm, get_params_ocr_class_svm, get_support_vector_num_ocr_class_svm,
get_support_vector_ocr_class_svm, reduce_ocr_class_svm, write/read/clear_ocr_class_svm.

Facts from HALCON's reference (create_ocr_class_svm, trainf_ocr_class_svm,
do_ocr_*_class_svm, do_ocr_word_svm, write_ocr_class_svm pages, found with the ``search``
tool; docs.mvtec.com): the classifier is an SVM (create_class_svm) whose features follow
from Features and the character size and whose classes are the names in Characters;
KernelType, KernelParam, Nu, Mode, Preprocessing and NumComponents mean what they mean for
create_class_svm, and trainf_ocr_class_svm's Epsilon and TrainMode what they mean for
train_class_svm; training characters whose class is not in Characters are discarded. Mode
is 'one-versus-one' or 'one-versus-all'. The defaults are 8 x 10, 'constant', 'default',
the digits, 'rbf', 0.02, 0.05, 'one-versus-one', 'normalization', 10; trainf 'ocr.trf',
0.001, 'default'; reduce 'bottom_up', 2, 0.001. do_ocr_multi_class_svm gives one class per
region (no confidence: an SVM has none), do_ocr_single_class_svm the Num best classes of
one region, ranked as classify_class_svm ranks them. Machines, training, reduction:
:mod:`._svm`, :mod:`.class_svm`; features: :mod:`._ocr_features`; word rules:
:mod:`._ocr_common` (a class's score is its votes, 'one-versus-one', or its machine's
value, 'one-versus-all'); files: :mod:`._ocr_svm_model`.

Settled by hdlite [unverified against HALCON]: Characters needs at least two names (an SVM
needs two classes; else the wrong value of Characters); every class of Characters needs
training characters (else 3392, as train_class_svm); the trained classifier keeps no
training samples; get_support_vector_ocr_class_svm, which "maps support vectors ... to the
original training data set" (its reference page), gives the index of the support vector's
character among all characters of the training files in the order given (training
characters of other classes counted), or -1 for a vector made by reduce_ocr_class_svm.
"""

from __future__ import annotations

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
from ._ocr_svm_model import MODES, OcrSvm, load, save
from ._svm import KERNELS, PREPROCESSING, Svm
from ._svm_reduce import reduce_svm
from .class_svm import NOT_TRAINED, check_settings, train

_KIND = "ocr_svm"
_HANDLE = ControlIn("OCRHandle", types="handle", count=1, sem=_KIND)
_CHAR_IN = (IconicIn("Character"), IconicIn("Image"), _HANDLE)


def _int(name: str, default: int) -> Param:
    return ControlIn(name, types="integer", count=1, default=default)


@operator(
    "create_ocr_class_svm",
    _int("WidthCharacter", 8),
    _int("HeightCharacter", 10),
    ControlIn("Interpolation", types="string", count=1, default="constant", values=INTERPOLATIONS),
    ControlIn("Features", types="string", count=(1, None), default="default"),
    ControlIn("Characters", types="string", count=(1, None), default=DIGITS),
    ControlIn("KernelType", types="string", count=1, default="rbf", values=KERNELS),
    ControlIn("KernelParam", types="number", count=1, default=0.02),
    ControlIn("Nu", types="number", count=1, default=0.05),
    ControlIn("Mode", types="string", count=1, default="one-versus-one", values=MODES),
    ControlIn(
        "Preprocessing", types="string", count=1, default="normalization", values=PREPROCESSING
    ),
    _int("NumComponents", 10),
    ControlOut("OCRHandle", types="handle", count=1),
)
def create_ocr_class_svm(
    ctx: CallContext,
    width: tuple,
    height: tuple,
    interpolation: tuple,
    names: tuple,
    characters: tuple,
    kernel: tuple,
    param: tuple,
    nu: tuple,
    mode: tuple,
    prep: tuple,
    components: tuple,
) -> tuple:
    """Create an OCR classifier (an SVM) for characters scaled to WidthCharacter x
    HeightCharacter, described by Features and classified into Characters."""
    num_input = check_layout(ctx, width[0], height[0], names, characters)
    if len(characters) < 2:
        raise ctx.param_error("value", "Characters", "an SVM needs at least 2 classes")
    values = (num_input, kernel[0], float(param[0]), float(nu[0]), len(characters), mode[0])
    check_settings(ctx, *values, prep[0], components[0], "WidthCharacter", "Characters")
    svm = Svm(*values, prep[0], components[0])
    ocr = OcrSvm(width[0], height[0], interpolation[0], tuple(names), tuple(characters), svm)
    return ((ctx.new_handle(_KIND, ocr),),)


def _ocr(handle: tuple) -> OcrSvm:
    return handle[0].obj


def _trained(ctx: CallContext, handle: tuple) -> OcrSvm:
    ocr = _ocr(handle)
    if not ocr.svm.trained:
        raise ctx.error(NOT_TRAINED, "the OCR classifier is not trained")
    return ocr


@operator(
    "trainf_ocr_class_svm",
    _HANDLE,
    ControlIn("TrainingFile", types="string", count=(1, None), default="ocr.trf"),
    ControlIn("Epsilon", types="number", count=1, default=0.001),
    ControlIn(
        "TrainMode",
        types="string",
        count=1,
        default="default",
        values=("default", "add_sv_to_train_set"),
    ),
)
def trainf_ocr_class_svm(
    ctx: CallContext, handle: tuple, files: tuple, epsilon: tuple, mode: tuple
) -> tuple:
    """Train the classifier on the characters of training files; 'add_sv_to_train_set'
    also trains on the support vectors of the trained classifier."""
    ocr = _ocr(handle)
    if not 0 < epsilon[0] < 1:
        raise ctx.param_error("value", "Epsilon", f"must lie in (0, 1), got {epsilon[0]}")
    x, y, index = training_rows(ctx, ocr, files)
    svm = ocr.svm
    svm.samples, svm.classes = list(x), [int(c) for c in y]
    try:
        train(ctx, svm, float(epsilon[0]), mode[0], index)
    finally:
        svm.samples, svm.classes = [], []
    return ()


def _ranking(ctx: CallContext, ocr: OcrSvm, chars: ObjectTuple, image: ObjectTuple):
    """Classes of each region, best first, and the score of every class (n, classes)."""
    x = region_rows(ctx, ocr, chars, image)
    n = len(ocr.characters)
    if not len(x):
        return np.zeros((0, n), np.int64), np.zeros((0, n))
    scores = ocr.svm.class_scores(x)
    return np.argsort(-scores, axis=1, kind="stable"), scores


@operator("do_ocr_multi_class_svm", *_CHAR_IN, ControlOut("Class", types="string"))
def do_ocr_multi_class_svm(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, handle: tuple
) -> tuple:
    """Classify each character region: its best class."""
    ocr = _trained(ctx, handle)
    order, _ = _ranking(ctx, ocr, chars, image)
    return (tuple(ocr.characters[row[0]] for row in order),)


@operator(
    "do_ocr_single_class_svm",
    *_CHAR_IN,
    ControlIn("Num", types="integer", count=1, default=1),
    ControlOut("Class", types="string"),
)
def do_ocr_single_class_svm(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, handle: tuple, num: tuple
) -> tuple:
    """The Num best classes of one character region, best first."""
    if len(chars) != 1:
        raise ctx.error(wrong_object_count(1), f"Character: {len(chars)} regions, expected one")
    ocr = _trained(ctx, handle)
    if not 1 <= num[0] <= len(ocr.characters):
        raise ctx.param_error(
            "value", "Num", f"must lie in 1 ... {len(ocr.characters)}, got {num[0]}"
        )
    order, _ = _ranking(ctx, ocr, chars, image)
    return (tuple(ocr.characters[k] for k in order[0, : num[0]]),)


@operator(
    "do_ocr_word_svm",
    *_CHAR_IN,
    ControlIn("Expression", types="string", count=1, default=""),
    ControlIn("NumAlternatives", types="integer", count=1, default=3),
    ControlIn("NumCorrections", types="integer", count=1, default=2),
    ControlOut("Class", types="string"),
    ControlOut("Word", types="string", count=1),
    ControlOut("Score", types="real", count=1),
)
def do_ocr_word_svm(
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
    ocr = _trained(ctx, handle)
    order, scores = _ranking(ctx, ocr, chars, image)
    options = [
        [(ocr.characters[k], float(scores[i, k])) for k in row[: alternatives[0]]]
        for i, row in enumerate(order)
    ]
    word, score = read_word(options, rx, corrections[0])
    return tuple(o[0][0] for o in options), (word,), (score,)


@operator(
    "get_features_ocr_class_svm",
    IconicIn("Character"),
    _HANDLE,
    ControlIn("Transform", types="string", count=1, default="true", values=("true", "false")),
    ControlOut("Features", types="real"),
)
def get_features_ocr_class_svm(
    ctx: CallContext, chars: ObjectTuple, handle: tuple, transform: tuple
) -> tuple:
    """The feature vector the classifier computes for one character image (its domain is
    the character); Transform 'true' applies the classifier's preprocessing."""
    ocr = _ocr(handle)
    x = domain_row(ctx, ocr, chars)
    if transform[0] == "true":
        x = ocr.svm.features(x[None])[0]
    return (tuple(float(v) for v in x),)


@operator(
    "get_params_ocr_class_svm",
    _HANDLE,
    ControlOut("WidthCharacter", types="integer", count=1),
    ControlOut("HeightCharacter", types="integer", count=1),
    ControlOut("Interpolation", types="string", count=1),
    ControlOut("Features", types="string"),
    ControlOut("Characters", types="string"),
    ControlOut("KernelType", types="string", count=1),
    ControlOut("KernelParam", types="real", count=1),
    ControlOut("Nu", types="real", count=1),
    ControlOut("Mode", types="string", count=1),
    ControlOut("Preprocessing", types="string", count=1),
    ControlOut("NumComponents", types="integer", count=1),
)
def get_params_ocr_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """The parameters the classifier was created with."""
    o = _ocr(handle)
    s = o.svm
    return (
        (o.width,),
        (o.height,),
        (o.interpolation,),
        o.features,
        o.characters,
        *((v,) for v in (s.kernel_type, s.kernel_param, s.nu, s.mode, s.preprocessing)),
        (s.num_components,),
    )


@operator(
    "get_support_vector_num_ocr_class_svm",
    _HANDLE,
    ControlOut("NumSupportVectors", types="integer", count=1),
    ControlOut("NumSVPerSVM", types="integer"),
)
def get_support_vector_num_ocr_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Number of support vectors in all, and of each machine."""
    svm = _trained(ctx, handle).svm
    per = tuple(int(n) for n in np.count_nonzero(svm.coef, axis=1))
    return (len(svm.sv),), per


@operator(
    "get_support_vector_ocr_class_svm",
    _HANDLE,
    ControlIn("IndexSupportVector", types="integer", count=1),
    ControlOut("Index", types="real", count=1),
)
def get_support_vector_ocr_class_svm(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Index among the training files' characters of the support vector
    IndexSupportVector (0-based)."""
    svm = _trained(ctx, handle).svm
    if not 0 <= index[0] < len(svm.sv):
        raise ctx.param_error("value", "IndexSupportVector", f"{index[0]} out of range")
    return ((float(svm.sv_index[index[0]]),),)


@operator(
    "reduce_ocr_class_svm",
    _HANDLE,
    ControlIn("Method", types="string", count=1, default="bottom_up", values=("bottom_up",)),
    ControlIn("MinRemainingSV", types="integer", count=1, default=2),
    ControlIn("MaxError", types="number", count=1, default=0.001),
    ControlOut("OCRHandleReduced", types="handle", count=1),
)
def reduce_ocr_class_svm(
    ctx: CallContext, handle: tuple, method: tuple, keep: tuple, max_error: tuple
) -> tuple:
    """A new classifier approximating the trained one with fewer support vectors
    (bottom-up merging, at least MinRemainingSV per machine, error at most MaxError)."""
    ocr = _trained(ctx, handle)
    if keep[0] < 2:
        raise ctx.param_error("value", "MinRemainingSV", f"must be at least 2, got {keep[0]}")
    if not max_error[0] > 0:
        raise ctx.param_error("value", "MaxError", f"must be positive, got {max_error[0]}")
    svm = reduce_svm(ocr.svm, int(keep[0]), float(max_error[0]))
    reduced = OcrSvm(ocr.width, ocr.height, ocr.interpolation, ocr.features, ocr.characters, svm)
    return ((ctx.new_handle(_KIND, reduced),),)


@operator("write_ocr_class_svm", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_ocr_class_svm(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the classifier (layout and SVM) to a file ('.osc' added to a name without
    extension)."""
    save(ctx, name[0], _ocr(handle))
    return ()


@operator(
    "read_ocr_class_svm",
    ControlIn("FileName", types="string", count=1),
    ControlOut("OCRHandle", types="handle", count=1),
)
def read_ocr_class_svm(ctx: CallContext, name: tuple) -> tuple:
    """Load a classifier written by write_ocr_class_svm ('.osc' is tried for a name
    without extension)."""
    return ((ctx.new_handle(_KIND, load(ctx, name[0])),),)


@operator("clear_ocr_class_svm", ControlIn("OCRHandle", types="handle", sem=_KIND))
def clear_ocr_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()
