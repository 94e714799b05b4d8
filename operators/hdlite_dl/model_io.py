"""read/write/serialize/deserialize/clear_dl_classifier: model files without pickle.

``read_dl_classifier`` accepts the names of HALCON's pretrained networks
(``pretrained_dl_classifier_compact.hdl`` and the others in ``backbones.py``; given
without a directory, with or without ``.hdl``), which are built in memory from offline
ImageNet weights, and paths of files written by ``write_dl_classifier``. A name with a
directory part is always a file path. The file format is described in ``codec.py``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    Handle,
    atomic_write,
    operator,
)

from . import seeding
from .params import check_loaded
from .serialized import SerializedItem

if TYPE_CHECKING:
    from .handles import DLClassifier

PRETRAINED_PREFIX = "pretrained_dl_classifier_"
EXTENSION = ".hdl"
KIND = "dl_classifier"


def pretrained_name(file_name: str) -> str | None:
    """The network name if ``file_name`` names a pretrained network, else None."""
    if "/" in file_name or os.sep in file_name:
        return None
    base = file_name[: -len(EXTENSION)] if file_name.endswith(EXTENSION) else file_name
    if not base.startswith(PRETRAINED_PREFIX):
        return None
    return base[len(PRETRAINED_PREFIX) :]


def load_pretrained(ctx: CallContext, path: str) -> DLClassifier | None:
    """The pretrained network ``path`` names (None if it names none); 5200 for an unknown one."""
    from . import backbones
    from .handles import DLClassifier

    name = pretrained_name(path)
    if name is None:
        return None
    if backbones.get_cfg(name) is None:
        known = ", ".join(PRETRAINED_PREFIX + n + EXTENSION for n in backbones.names())
        raise ctx.error(5200, f"{path}: no such pretrained network (available: {known})")
    return DLClassifier.pretrained(name)


def _read_bytes(path: str) -> bytes:
    candidates = [path] if path.endswith(EXTENSION) else [path, path + EXTENSION]
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise HalconError(5215, f"{candidate}: {exc.strerror or exc}") from None
    raise HalconError(5200, path)


@operator(
    "read_dl_classifier",
    ControlIn("FileName", types="string", count=1, default="pretrained_dl_classifier_compact.hdl"),
    ControlOut("DLClassifierHandle", types="handle", count=1, sem=KIND),
)
def read_dl_classifier(ctx: CallContext, file_name: tuple) -> tuple:
    """Read a pretrained network by name, or a classifier written by write_dl_classifier."""
    from .handles import DLClassifier

    seeding.attach(ctx.session)
    path = file_name[0]
    clf = load_pretrained(ctx, path)
    if clf is None:
        clf = DLClassifier.from_bytes(_read_bytes(path), path)
        check_loaded(ctx, clf, path)  # values the setter refuses make a damaged file
    return ((ctx.new_handle(KIND, clf),),)


@operator(
    "write_dl_classifier",
    ControlIn("DLClassifierHandle", types="handle", count=1, sem=KIND),
    ControlIn("FileName", types="string", count=1, default="classifier.hdl"),
)
def write_dl_classifier(ctx: CallContext, handle: tuple, file_name: tuple) -> tuple:
    """Write the classifier (network, weights, classes, parameters) to a file atomically.

    In a distributed run only rank 0 writes; the others wait until it has, so that the
    file can be read back by every process (on one machine or a shared file system), and
    all of them fail if rank 0 could not write it.
    """
    from . import distributed

    error: HalconError | None = None
    if ctx.session.writes_files:
        data = handle[0].obj.to_bytes()
        try:
            atomic_write(file_name[0], data)
        except OSError as exc:
            error = ctx.error(7781, f"{file_name[0]}: {exc.strerror or exc}")
    group = distributed.process_group(ctx.session)
    if group is not None:
        code = distributed.share_code(group, error.code if error is not None else 0)
        if code and error is None:
            error = ctx.error(code, f"{file_name[0]}: rank 0 could not write the file")
    if error is not None:
        raise error
    return ()


@operator(
    "serialize_dl_classifier",
    ControlIn("DLClassifierHandle", types="handle", count=1, sem=KIND),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
)
def serialize_dl_classifier(ctx: CallContext, handle: tuple) -> tuple:
    """Serialize the classifier into a serialized item (the bytes a model file holds)."""
    item = SerializedItem(handle[0].obj.to_bytes(), KIND)
    return ((ctx.new_handle("serialized_item", item),),)


@operator(
    "deserialize_dl_classifier",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
    ControlOut("DLClassifierHandle", types="handle", count=1, sem=KIND),
)
def deserialize_dl_classifier(ctx: CallContext, item: tuple) -> tuple:
    """Rebuild a classifier from a serialized item."""
    from . import codec
    from .handles import DLClassifier

    seeding.attach(ctx.session)
    data = item[0].obj.data
    if not codec.is_classifier_file(data):
        raise ctx.error(7703, "the serialized item does not hold a DL classifier")
    clf = DLClassifier.from_bytes(data, "serialized item")
    check_loaded(ctx, clf, "serialized item")
    return ((ctx.new_handle(KIND, clf),),)


@operator(
    "clear_dl_classifier",
    ControlIn("DLClassifierHandle", types="handle", count=(1, None), sem=KIND),
)
def clear_dl_classifier(ctx: CallContext, handles: tuple) -> tuple:
    """Free classifiers and their device memory; later uses of the handles fail with 2454."""
    clear_handles(handles)
    return ()


def clear_handles(handles: tuple) -> None:
    """Clear each handle of ``handles`` not cleared yet."""
    for handle in handles:
        if isinstance(handle, Handle) and not handle.cleared:
            handle.clear()
