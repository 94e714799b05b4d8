"""Reading and writing files: open_file/fread_line/fwrite_string... and read_tuple/write_tuple.

Files that ``open_file`` opens for writing are written the way hdlite writes every file:
into a temporary file next to the target, which replaces the target when the file is
closed (``close_file``, ``clear_handle``, the end of the program, or the handle being
dropped). Appending copies the existing content first. Other readers see the new content
once the file is closed.

What a file still open at the end of a run becomes (docs/reliability.md):

- the program ends, normally or with an uncaught error: the file is closed and replaces
  the target, as in HALCON, which writes through to the file as the program goes and
  closes its files when the program is reset (an error at line 50 keeps what lines 1-49
  wrote);
- the run is stopped from outside (``--timeout``, Ctrl-C, SIGTERM): the target keeps its
  previous content (or does not appear), because what was written is cut at an arbitrary
  point; the partial output is kept next to it as ``NAME.partial`` (unless empty) and
  standard error says so; no temporary file is left;
- the process is killed (SIGKILL, power loss): the target keeps its previous content; the
  temporary ``.hdlite-*.tmp`` file may remain.
The file names ``'standard'`` and ``'error'`` are the run's output stream and standard
error (standard input for ``'input'``).

Tuple files (``write_tuple``; hdlite's own format, not HALCON's binary one) are UTF-8 text,
one line per item, written atomically::

    HDLITE-TUPLE 1          magic and format version
    3                       number of elements
    i 42                    integer
    r 0.1                   real, Python's shortest round-trip form (also nan, inf, -inf)
    s "a\\nb"               string, as a JSON string literal (any character survives)
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import locale
import os
import shutil
import sys
import tempfile
import weakref
from typing import IO, Any

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Handle,
    atomic_write,
    element_to_str,
    operator,
    wrap_int,
)

_MODES = ("input", "output", "append", "input_binary", "output_binary", "append_binary")
_ENCODINGS = ("utf8_encoding", "locale_encoding", "ignore_encoding")
_STATE_KEY = "hdlite_core.files"
_TUPLE_MAGIC = "HDLITE-TUPLE"
_TUPLE_VERSION = 1


# -- open files -------------------------------------------------------------------------


def _commit(stream: IO, tmp: str, target: str, session: Any = None) -> None:
    """Finish an output file: flush it to disk and move it over the target.

    When the run was stopped from outside (``session.stop_reason``), the target is left
    alone and the output goes to ``target + '.partial'`` instead (see the module).

    Raises:
        OSError: writing or renaming failed; the temporary file is removed.
    """
    try:
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        if session is not None and session.stop_reason is not None:
            _keep_partial(tmp, target)
            return
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError, ValueError):
            stream.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _keep_partial(tmp: str, target: str) -> None:
    """A stopped run's output file: kept as ``target.partial``, the target untouched."""
    if os.path.getsize(tmp) == 0:
        os.unlink(tmp)
        return
    partial = target + ".partial"
    os.replace(tmp, partial)
    print(
        f"hdlite: the run stopped while {target} was open for writing: it keeps its previous "
        f"content; what was written is in {partial}",
        file=sys.stderr,
    )


@functools.cache
def _file_mode() -> int:
    """Permissions for new files: 0o666 less the process umask (read once)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class OpenFile:
    """The object behind a ``'file'`` handle: a stream plus how it was opened.

    Attributes:
        name: the file name as the program gave it.
        reading: opened with an ``input`` mode.
        binary: opened with a ``*_binary`` mode.
        stream: the Python stream (text or bytes).
        closed: True after :meth:`close`.
    """

    def __init__(
        self, name: str, reading: bool, binary: bool, stream: IO, owned: bool = True
    ) -> None:
        self.name = name
        self.reading = reading
        self.binary = binary
        self.stream = stream
        self.owned = owned
        self.closed = False
        self._finish: weakref.finalize | None = None

    def commit_to(self, tmp: str, target: str, session: Any = None) -> None:
        """Move the temporary file ``tmp`` over ``target`` when closed (or collected, or at
        interpreter exit); if ``session`` was stopped from outside, to ``target.partial``."""
        self._finish = weakref.finalize(self, _commit, self.stream, tmp, target, session)

    def close(self) -> None:
        """Close the file (committing output); closing twice does nothing."""
        if self.closed:
            return
        self.closed = True
        if self._finish is not None:
            self._finish()
        elif self.owned:
            self.stream.close()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.stream.flush()


def _encoding(ctx: CallContext, options: list[str], binary: bool) -> str | None:
    if binary:
        if options:
            raise ctx.param_error("value", "FileType", "binary files have no encoding")
        return None
    choice = options[0] if options else "utf8_encoding"
    return {
        "utf8_encoding": "utf-8",
        "locale_encoding": locale.getpreferredencoding(False),
        "ignore_encoding": "latin-1",
    }[choice]


def _open_output(path: str, append: bool, encoding: str | None, session: Any) -> OpenFile:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".hdlite-", suffix=".tmp", dir=directory)
    raw = os.fdopen(fd, "w+b")
    try:
        if os.path.isfile(path):
            shutil.copymode(path, tmp)
            if append:
                with open(path, "rb") as old:
                    shutil.copyfileobj(old, raw)
        else:
            os.chmod(tmp, _file_mode())
    except OSError:
        raw.close()
        os.unlink(tmp)
        raise
    stream: IO = raw if encoding is None else io.TextIOWrapper(raw, encoding=encoding, newline="")
    file = OpenFile(path, False, encoding is None, stream)
    file.commit_to(tmp, path, session)
    return file


def _open_standard(ctx: CallContext, name: str, reading: bool) -> OpenFile:
    if reading:
        return OpenFile(name, True, False, sys.stdin, owned=False)
    stream = ctx.session.out if name == "standard" else sys.stderr
    return OpenFile(name, False, False, stream, owned=False)


def _open(ctx: CallContext, path: str, mode: str, encoding: str | None) -> OpenFile:
    binary = mode.endswith("_binary")
    reading = mode.startswith("input")
    if path in ("standard", "error") and not binary:
        return _open_standard(ctx, path, reading)
    if not path:
        raise ctx.error(5214, "empty file name")
    try:
        os.fsencode(path)  # a lone surrogate (chr(55296)) cannot be in a file name
        if "\x00" in path:
            raise ValueError("NUL in a file name")
    except (UnicodeError, ValueError):
        raise ctx.error(5214, f"{path!r} cannot be a file name") from None
    try:
        if reading:
            if binary:
                return OpenFile(path, True, True, open(path, "rb"))
            stream = open(path, encoding=encoding, errors="replace", newline="")
            return OpenFile(path, True, False, stream)
        if not ctx.session.writes_files:
            sink: IO = io.BytesIO() if binary else io.StringIO()
            return OpenFile(path, False, binary, sink)
        if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
            # a device or a FIFO (/dev/null): written in place, never replaced by a file
            raw = open(path, "ab" if mode.startswith("append") else "wb")
            device: IO = raw if binary else io.TextIOWrapper(raw, encoding=encoding, newline="")
            return OpenFile(path, False, binary, device)
        return _open_output(path, mode.startswith("append"), encoding, ctx.session)
    except FileNotFoundError:
        raise ctx.error(5200 if reading else 5215, path) from None
    except OSError as exc:
        raise ctx.error(5215, f"{path}: {exc.strerror or exc}") from None


def _track(ctx: CallContext, file: OpenFile) -> None:
    """Close the session's open files when the program ends."""
    files = ctx.session.state.get(_STATE_KEY)
    if files is None:
        files = ctx.session.state[_STATE_KEY] = weakref.WeakSet()

        def close_all(reason: str) -> None:
            if reason == "end":
                for open_file_ in list(files):
                    with contextlib.suppress(OSError, ValueError):
                        open_file_.close()

        ctx.session.on_stop(close_all)
    files.add(file)


@operator(
    "open_file",
    ControlIn("FileName", types="string", count=1),
    ControlIn("FileType", types="string", count=(1, 2), default="output"),
    ControlOut("FileHandle", types="handle", count=1, sem="file"),
)
def open_file(ctx: CallContext, name: tuple, file_type: tuple) -> tuple:
    """Open a file ('input', 'output', 'append' or their '_binary' forms) and return its handle."""
    modes = [t for t in file_type if t in _MODES]
    options = [t for t in file_type if t in _ENCODINGS]
    if len(modes) != 1 or len(modes) + len(options) != len(file_type):
        raise ctx.param_error("value", "FileType", f"unknown file type {list(file_type)}")
    encoding = _encoding(ctx, options, modes[0].endswith("_binary"))
    file = _open(ctx, name[0], modes[0], encoding)
    _track(ctx, file)
    return ((ctx.new_handle("file", file),),)


_FILE = ControlIn("FileHandle", types="handle", count=1, sem="file")


def _file(ctx: CallContext, handle: tuple, reading: bool, binary: bool) -> OpenFile:
    file: OpenFile = handle[0].obj
    if file.closed:
        raise ctx.error(5245, file.name)
    if file.binary != binary:
        raise ctx.error(5281 if binary else 5280, file.name)
    if file.reading != reading:
        raise ctx.error(5216, f"{file.name} is open for {'reading' if file.reading else 'writing'}")
    return file


def _write(ctx: CallContext, file: OpenFile, data: Any) -> None:
    try:
        file.stream.write(data)
    except (OSError, ValueError) as exc:
        raise ctx.error(5212, f"{file.name}: {exc}") from None


@operator("close_file", _FILE)
def close_file(ctx: CallContext, handle: tuple) -> tuple:
    """Close a file (output is committed) and clear its handle."""
    file: Handle = handle[0]
    try:
        file.clear()
    except (OSError, ValueError) as exc:
        raise ctx.error(5211, str(exc)) from None
    return ()


@operator("fwrite_string", _FILE, ControlIn("String"))
def fwrite_string(ctx: CallContext, handle: tuple, values: tuple) -> tuple:
    """Write values (strings, numbers) to a text file, one after the other."""
    file = _file(ctx, handle, reading=False, binary=False)
    _write(ctx, file, "".join(element_to_str(v) for v in values))
    return ()


@operator("fnew_line", _FILE)
def fnew_line(ctx: CallContext, handle: tuple) -> tuple:
    """Write a line break to a text file."""
    file = _file(ctx, handle, reading=False, binary=False)
    _write(ctx, file, "\n")
    with contextlib.suppress(OSError, ValueError):
        file.stream.flush()
    return ()


@operator(
    "fread_char",
    _FILE,
    ControlOut("Char", types="string", count=1),
)
def fread_char(ctx: CallContext, handle: tuple) -> tuple:
    """Read one character; 'eof' at the end of the file."""
    char = _file(ctx, handle, reading=True, binary=False).stream.read(1)
    return ((char or "eof",),)


@operator(
    "fread_line",
    _FILE,
    ControlOut("OutLine", types="string", count=1),
    ControlOut("IsEOF", types="integer", count=1),
)
def fread_line(ctx: CallContext, handle: tuple) -> tuple:
    """Read a line including its line break; IsEOF is 1 when nothing was left to read."""
    line = _file(ctx, handle, reading=True, binary=False).stream.readline()
    return ((line,), (int(line == ""),))


@operator(
    "fread_string",
    _FILE,
    ControlOut("OutString", types="string", count=1),
    ControlOut("IsEOF", types="integer", count=1),
)
def fread_string(ctx: CallContext, handle: tuple) -> tuple:
    """Read the next word (up to a blank, tab or line break); IsEOF 1 if none was left."""
    stream = _file(ctx, handle, reading=True, binary=False).stream
    char = stream.read(1)
    while char and char.isspace():
        char = stream.read(1)
    if not char:
        return (("",), (1,))
    word = []
    while char and not char.isspace():
        word.append(char)
        char = stream.read(1)
    return (("".join(word),), (0,))


@operator(
    "fread_bytes",
    _FILE,
    ControlIn("NumberOfBytes", types="integer", count=1),
    ControlOut("ReadData", types="integer"),
    ControlOut("IsEOF", types="integer", count=1),
)
def fread_bytes(ctx: CallContext, handle: tuple, count: tuple) -> tuple:
    """Read up to NumberOfBytes bytes (as integers 0..255) from a binary file."""
    if count[0] <= 0:
        raise ctx.param_error("value", "NumberOfBytes", "must be positive")
    stream = _file(ctx, handle, reading=True, binary=True).stream
    # read in pieces: a count beyond what the file holds is allowed (the rest is EOF), and
    # one read of 2^63 bytes would overflow (or reserve the whole count) at once
    chunks, left = [], count[0]
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    return (tuple(data), (int(len(data) < count[0]),))


@operator(
    "fwrite_bytes",
    _FILE,
    ControlIn("DataToWrite", types="integer"),
    ControlOut("NumberOfBytesWritten", types="integer", count=1),
)
def fwrite_bytes(ctx: CallContext, handle: tuple, data: tuple) -> tuple:
    """Write bytes (integers 0..255) to a binary file."""
    if any(not 0 <= b <= 255 for b in data):
        raise ctx.param_error("value", "DataToWrite", "bytes must lie in 0..255")
    file = _file(ctx, handle, reading=False, binary=True)
    _write(ctx, file, bytes(data))
    return ((len(data),),)


def write_error(ctx: CallContext, path: str, exc: OSError) -> Exception:
    """The HALCON error for a failed write: 5215 cannot open/create, 5212 write error."""
    if isinstance(
        exc, FileNotFoundError | PermissionError | IsADirectoryError | NotADirectoryError
    ):
        return ctx.error(5215, f"{path}: {exc.strerror or exc}")
    return ctx.error(5212, f"{path}: {exc.strerror or exc}")


def read_bytes(ctx: CallContext, path: str, size: int = -1) -> bytes:
    """Read a file (``size`` bytes, or all); 5200 if it is missing, 5215 if unreadable."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise ctx.error(5200, path) from None
    except OSError as exc:
        raise ctx.error(5215, f"{path}: {exc.strerror or exc}") from None


# -- tuple files ------------------------------------------------------------------------


def encode_tuple(ctx: CallContext, values: tuple) -> bytes:
    """The tuple file text for ``values``; 2455 for handles, which cannot be stored."""
    lines = [f"{_TUPLE_MAGIC} {_TUPLE_VERSION}", str(len(values))]
    for value in values:
        if type(value) is int:
            lines.append(f"i {value}")
        elif type(value) is float:
            lines.append(f"r {value!r}")
        elif type(value) is str:
            lines.append("s " + json.dumps(value, ensure_ascii=False))
        else:
            raise ctx.error(2455, f"write_tuple cannot store {value!r}")
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def decode_tuple(ctx: CallContext, data: bytes, path: str) -> tuple:
    """Parse tuple file bytes; 5757 if they are not a tuple file, 5756 for a newer version."""
    try:
        lines = data.decode("utf-8", "surrogatepass").split("\n")
        magic, version = lines[0].rstrip("\r").split(" ")
        if magic != _TUPLE_MAGIC:
            raise ValueError("no tuple file header")
        if int(version) != _TUPLE_VERSION:
            raise ctx.error(5756, f"{path}: tuple file version {version}")
        count = int(lines[1])
        body = [line.rstrip("\r") for line in lines[2 : 2 + count]]
        if count < 0 or len(body) != count or any(line.strip() for line in lines[2 + count :]):
            raise ValueError("wrong number of elements")
        return tuple(_decode_item(line) for line in body)
    except (ValueError, IndexError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: a string element nested too deeply for the JSON reader (not a
        # string that write_tuple writes): the file is damaged, not too large
        raise ctx.error(5757, f"{path}: {exc}") from None


def _decode_item(line: str) -> Any:
    tag, _, text = line.partition(" ")
    if tag == "i":
        value = int(text)
        if wrap_int(value) != value:
            raise ValueError(f"integer {text} out of range (64 bits)")
        return value
    if tag == "r":
        return float(text)
    if tag == "s":
        value = json.loads(text)
        if type(value) is not str:
            raise ValueError("string expected")
        return value
    raise ValueError(f"unknown element tag {tag!r}")


@operator(
    "write_tuple",
    ControlIn("Tuple"),
    ControlIn("FileName", types="string", count=1),
)
def write_tuple(ctx: CallContext, values: tuple, name: tuple) -> tuple:
    """Write a tuple to a text file (integers, reals exactly, strings with any characters)."""
    data = encode_tuple(ctx, values)
    if ctx.session.writes_files:
        try:
            atomic_write(name[0], data)
        except OSError as exc:
            raise write_error(ctx, name[0], exc) from None
    return ()


@operator(
    "read_tuple",
    ControlIn("FileName", types="string", count=1),
    ControlOut("Tuple"),
)
def read_tuple(ctx: CallContext, name: tuple) -> tuple:
    """Read a tuple written by write_tuple; 5200 if the file is missing, 5757 if corrupt."""
    return (decode_tuple(ctx, read_bytes(ctx, name[0]), name[0]),)
