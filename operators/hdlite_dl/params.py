"""set_dl_classifier_param and get_dl_classifier_param: a table from HALCON names to fields.

Errors, by HALCON's numbering for ``(DLClassifierHandle, GenParamName, GenParamValue)``:
an unknown name, or a name that cannot be set (read-only) or read (``runtime_init``), is
a wrong value of control parameter 2 (1302); a value of the wrong type is 1203, a wrong
number of values 1403, a value outside the allowed range 1303. Where HALCON has a
specific deep-learning code it is used instead: 7716 for duplicate class names, 7722 for
an image size below the network's minimum, 7724 for a channel count other than 1 or 3,
7709 for ``runtime`` ``'gpu'`` without CUDA.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, operator

if TYPE_CHECKING:
    from .handles import DLClassifier

VALUE = "GenParamValue"


class Values:
    """The values given for one parameter, with checks that raise HALCON's codes."""

    def __init__(self, ctx: CallContext, name: str, values: tuple) -> None:
        self.ctx = ctx
        self.name = name
        self.values = values

    def fail(self, kind: str, detail: str) -> Exception:
        """The error for a bad value: kind is 'type', 'value' or 'count'."""
        return self.ctx.param_error(kind, VALUE, f"{self.name}: {detail}")

    def one(self) -> Any:
        """The single value given."""
        if len(self.values) != 1:
            raise self.fail("count", f"expects one value, got {len(self.values)}")
        return self.values[0]

    def integer(self, low: int = 0) -> int:
        """One integer >= ``low``."""
        value = self.one()
        if type(value) is not int:
            raise self.fail("type", f"expects an integer, got {value!r}")
        if value < low:
            raise self.fail("value", f"must be at least {low}, got {value}")
        return value

    def real(self, low: float, high: float | None = None, *, low_open: bool = False) -> float:
        """One number in ``[low, high)`` (``(low, high)`` with ``low_open``)."""
        value = self.one()
        if type(value) not in (int, float):
            raise self.fail("type", f"expects a number, got {value!r}")
        value = float(value)
        if value < low or (low_open and value == low) or (high is not None and value >= high):
            bounds = f"{'(' if low_open else '['}{low:g}, {'inf' if high is None else f'{high:g}'})"
            raise self.fail("value", f"must lie in {bounds}, got {value:g}")
        return value

    def choice(self, options: tuple[str, ...]) -> str:
        """One of the given strings."""
        value = self.one()
        if type(value) is not str:
            raise self.fail("type", f"expects a string, got {value!r}")
        if value not in options:
            raise self.fail("value", f"must be one of {list(options)}, got {value!r}")
        return value


def _set_classes(v: Values, clf: DLClassifier) -> None:
    names = v.values
    if not names:
        raise v.fail("value", "needs at least one class name")
    for name in names:
        if type(name) is not str:
            raise v.fail("type", f"class names are strings, got {name!r}")
    if len(set(names)) != len(names):
        raise v.ctx.error(7716, f"classes: {next(n for n in names if names.count(n) > 1)!r}")
    clf.set_classes(tuple(names))


def _size(v: Values, clf: DLClassifier, value: int, what: str) -> int:
    if value < clf.cfg.min_size:
        raise v.ctx.error(
            7722, f"{what} {value} is below the minimum {clf.cfg.min_size} of '{clf.cfg.name}'"
        )
    return value


def _channels(v: Values, value: int) -> int:
    if value not in (1, 3):
        raise v.ctx.error(7724, f"image_num_channels {value}")
    return value


def _set_width(v: Values, clf: DLClassifier) -> None:
    clf.image_width = _size(v, clf, v.integer(1), "image_width")


def _set_height(v: Values, clf: DLClassifier) -> None:
    clf.image_height = _size(v, clf, v.integer(1), "image_height")


def _set_channels(v: Values, clf: DLClassifier) -> None:
    clf.image_num_channels = _channels(v, v.integer(1))


def _set_dimensions(v: Values, clf: DLClassifier) -> None:
    if len(v.values) not in (2, 3):
        raise v.fail(
            "count",
            f"expects [width, height] or [width, height, channels], got {len(v.values)} values",
        )
    ints = [Values(v.ctx, v.name, (value,)).integer(1) for value in v.values]
    width = _size(v, clf, ints[0], "image_width")
    height = _size(v, clf, ints[1], "image_height")
    channels = _channels(v, ints[2]) if len(ints) == 3 else clf.image_num_channels
    clf.image_width, clf.image_height, clf.image_num_channels = width, height, channels


def _set_batch_size(v: Values, clf: DLClassifier) -> None:
    clf.batch_size = v.integer(1)


def _set_multiplier(v: Values, clf: DLClassifier) -> None:
    clf.batch_size_multiplier = v.integer(1)


def _set_gpu(v: Values, clf: DLClassifier) -> None:
    import torch

    gpu = v.integer(0)
    if clf.runtime == "cpu" and torch.cuda.is_available() and gpu >= torch.cuda.device_count():
        raise v.fail("value", f"there is no CUDA device {gpu}")
    clf.set_runtime(clf.runtime, gpu)


def _set_runtime_init(v: Values, clf: DLClassifier) -> None:
    v.choice(("immediately",))
    clf.init_runtime()


@dataclass(frozen=True)
class Entry:
    """How one parameter is read and written (None: not readable / not writable)."""

    get: Callable[[DLClassifier], tuple] | None
    set: Callable[[Values, DLClassifier], None] | None


PARAMS: dict[str, Entry] = {
    "batch_size": Entry(lambda c: (c.batch_size,), _set_batch_size),
    "batch_size_multiplier": Entry(lambda c: (c.batch_size_multiplier,), _set_multiplier),
    "classes": Entry(lambda c: c.classes, _set_classes),
    "gpu": Entry(lambda c: (c.gpu,), _set_gpu),
    "runtime": Entry(
        lambda c: (c.runtime,), lambda v, c: c.set_runtime(v.choice(("cpu", "gpu")), c.gpu)
    ),
    "runtime_init": Entry(None, _set_runtime_init),
    "image_width": Entry(lambda c: (c.image_width,), _set_width),
    "image_height": Entry(lambda c: (c.image_height,), _set_height),
    "image_num_channels": Entry(lambda c: (c.image_num_channels,), _set_channels),
    "image_dimensions": Entry(
        lambda c: (c.image_width, c.image_height, c.image_num_channels), _set_dimensions
    ),
    "image_range_min": Entry(lambda c: (-127.0,), None),
    "image_range_max": Entry(lambda c: (128.0,), None),
    "learning_rate": Entry(
        lambda c: (c.learning_rate,), lambda v, c: c.set_learning_rate(v.real(0.0, low_open=True))
    ),
    "momentum": Entry(lambda c: (c.momentum,), lambda v, c: c.set_momentum(v.real(0.0, 1.0))),
    "weight_prior": Entry(
        lambda c: (c.weight_prior,), lambda v, c: c.set_weight_prior(v.real(0.0))
    ),
    "type": Entry(lambda c: ("classification",), None),
}


def check_loaded(ctx: CallContext, clf: DLClassifier, source: str) -> None:
    """A classifier read from a file may hold only values ``set_dl_classifier_param``
    accepts: each persisted value and the class list go through their setter again (for a
    valid value that changes nothing). A refused value (batch size 0, momentum 5,
    duplicate classes) means a damaged file: 7780.
    """
    from .handles import PERSISTED

    checks = [("classes", tuple(clf.classes))] if clf.classes else []
    checks += [(name, (getattr(clf, name),)) for name in PERSISTED]
    for name, values in checks:
        setter = PARAMS[name].set
        assert setter is not None
        try:
            setter(Values(ctx, name, values), clf)
        except HalconError as exc:
            raise ctx.error(7780, f"{source}: {name} {list(values)}: {exc.message}") from None


def _entry(ctx: CallContext, name: Any, settable: bool) -> Entry:
    entry = PARAMS.get(name) if type(name) is str else None
    if entry is None:
        raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    if settable and entry.set is None:
        raise ctx.param_error("value", "GenParamName", f"{name!r} can only be read")
    if not settable and entry.get is None:
        raise ctx.param_error("value", "GenParamName", f"{name!r} can only be set")
    return entry


@operator(
    "set_dl_classifier_param",
    ControlIn("DLClassifierHandle", types="handle", count=1, sem="dl_classifier"),
    ControlIn("GenParamName", types="string", count=(1, None), default="classes"),
    ControlIn(VALUE, types=("integer", "real", "string"), count=None),
)
def set_dl_classifier_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Set one parameter (a tuple value for 'classes'/'image_dimensions') or several pairs."""
    clf = handle[0].obj
    if len(names) == 1:
        pairs = [(names[0], values)]
    elif len(values) == len(names):
        pairs = [(name, (value,)) for name, value in zip(names, values, strict=True)]
    else:
        raise ctx.param_error("count", VALUE, f"{len(names)} names but {len(values)} values")
    entries = [(_entry(ctx, name, True), name, value) for name, value in pairs]
    for entry, name, value in entries:
        assert entry.set is not None
        entry.set(Values(ctx, name, value), clf)
    return ()


@operator(
    "get_dl_classifier_param",
    ControlIn("DLClassifierHandle", types="handle", count=1, sem="dl_classifier"),
    ControlIn("GenParamName", types="string", count=1, default="gpu"),
    ControlOut(VALUE, count=None),
)
def get_dl_classifier_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The value of one parameter."""
    entry = _entry(ctx, names[0], False)
    assert entry.get is not None
    return (tuple(entry.get(handle[0].obj)),)
