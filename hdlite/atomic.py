"""Writing files atomically: a temporary file in the same directory, then a rename.

A crash or a kill while writing leaves the previous file intact, never a half-written one.
A stop (``--timeout``, Ctrl-C, SIGTERM: hdlite's handlers raise inside the write) or any
other exception removes the temporary file, so nothing but the previous file remains; only
SIGKILL or a power loss can leave a ``.hdlite-*.tmp`` file behind. A file name that cannot
be one (a NUL character, a lone surrogate such as ``chr(55296)`` gives) is an ``OSError``
like any other bad name, before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from typing import IO


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None
) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` atomically.

    Raises:
        OSError: the name is not a valid file name, the directory is missing or not
            writable, or the disk is full. No file is left behind in that case.
    """
    path = os.fspath(path)
    try:
        os.fsencode(path)
        if "\x00" in path:
            raise ValueError("embedded NUL character")
    except (UnicodeError, ValueError):
        raise OSError(errno.EINVAL, "not a valid file name", path) from None
    path = os.path.realpath(path)  # write the link's target, keep the link
    if os.path.exists(path) and not os.path.isfile(path):
        # a device or a FIFO: replacing it by a regular file would destroy it
        with open(path, mode, encoding=encoding) as handle:
            yield handle
        return
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".hdlite-", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _file_mode(path: str) -> int:
    """The mode the file gets: the old file's, or what a plain open() would give."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)
