"""The operating system: set_system/get_system, clocks, error texts, and the file system
tree (list_files, file_exists, make_dir, remove_dir, delete_file, current directory).

System parameters live in ``ctx.session.system`` (name -> tuple), so other plugins read
them there: ``read_image`` searches ``'image_dir'`` (see :func:`image_dirs`), region and
object operators may consult ``'no_object_result'`` and friends. hdlite accepts and stores
the documented names below; most of them change nothing in hdlite, which has no graphics
stack to tune. ``'seed_rand'`` re-seeds every random source of the run
(:meth:`hdlite.runtime.session.Session.seed`). An unknown name gives 1301 (1302 for a bad value).

Defaults not checked against a HALCON installation: 'width'/'height' 512, 'clock_mode'
'performance_counter', 'version' '24.11.0.0'; ``get_system ('seed_rand', S)`` returns the
seed last set (0 before any).

``list_files`` marks directories with a trailing ``'/'`` as HALCON does on Unix-like systems
and returns its results sorted (HALCON's order is unspecified). On non-zero ranks of a
distributed run, operators that change the file system do nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, Session, error_codes, operator

_MAX_FILES = 1_000_000
_BOOL = ("true", "false")
_RESULT = ("true", "false", "fail", "void", "exception")


def _default_image_dir() -> str:
    if os.environ.get("HALCONIMAGES"):
        return os.environ["HALCONIMAGES"]
    root = os.environ.get("HALCONROOT")
    return os.path.join(root, "images") if root else ""


#: name -> (allowed values or a check, default); () as allowed values means any value
_PARAMS: dict[str, tuple[tuple | str, Callable[[], object]]] = {
    "seed_rand": ("integer", lambda: 0),
    "image_dir": ("string", _default_image_dir),
    "lut_dir": ("string", lambda: ""),
    "clock_mode": (
        ("processor_time", "elapsed_time", "performance_counter"),
        lambda: "performance_counter",
    ),
    "width": ("positive", lambda: 512),
    "height": ("positive", lambda: 512),
    "tsp_width": ("positive", lambda: 512),
    "tsp_height": ("positive", lambda: 512),
    "thread_num": ("positive", lambda: os.cpu_count() or 1),
    "tsp_thread_num": ("positive", lambda: os.cpu_count() or 1),
    "neighborhood": ((4, 8), lambda: 8),
    "no_object_result": (_RESULT, lambda: "true"),
    "empty_region_result": (_RESULT, lambda: "true"),
    "store_empty_region": (_BOOL, lambda: "true"),
    "clip_region": (_BOOL, lambda: "true"),
    "init_new_image": (_BOOL, lambda: "true"),
    "backing_store": (_BOOL, lambda: "true"),
    "flush_graphic": (_BOOL, lambda: "true"),
    "flush_file": (_BOOL, lambda: "true"),
    "int_zooming": (_BOOL, lambda: "true"),
    "parallelize_operators": (_BOOL, lambda: "true"),
    "reentrant": (_BOOL, lambda: "true"),
    "thread_pool": (_BOOL, lambda: "true"),
    "use_window_thread": (_BOOL, lambda: "false"),
    "pregenerate_shape_models": (_BOOL, lambda: "false"),
    "border_shape_models": (_BOOL, lambda: "false"),
    "temporary_mem_cache": (_BOOL, lambda: "true"),
    "global_mem_cache": (("exclusive", "shared", "idle", "cleanup"), lambda: "exclusive"),
    "filename_encoding": (("locale", "utf8"), lambda: "utf8"),
    "do_low_error": ((), lambda: "false"),
    "alloctmp_max_blocksize": ("integer", lambda: -1),
    "image_cache_capacity": ("integer", lambda: 4194304),
    "current_runlength_number": ("integer", lambda: 50000),
}

#: names get_system answers but set_system refuses
_QUERIES: dict[str, Callable[[], object]] = {
    "version": lambda: "24.11.0.0",
    "processor_num": lambda: os.cpu_count() or 1,
}


#: HALCON's CUDA queries; answered from torch when it is installed, imported only then
_CUDA_QUERIES = (
    "cuda_loaded",
    "cudnn_loaded",
    "cublas_loaded",
    "cuda_devices",
    "cuda_version",
    "cudnn_version",
    "cublas_version",
)


def _cuda_answer(name: str) -> tuple:
    """The answer to a CUDA query of get_system.

    Without a usable CUDA device (no torch, a CPU build of torch, or no GPU): ``'false'``
    for the ``*_loaded`` queries and an empty tuple for the devices and the versions.
    Source: HALCON's get_system reference lists these queries (device names, 'true'/'false'
    for whether the libraries could be loaded, library versions); the empty answers
    without CUDA are hdlite's reading of "no device, nothing loaded" [unverified against
    a HALCON installation without a GPU]. torch is imported lazily and only when it is
    installed: hdlite_core must work without it.
    """
    import importlib
    import importlib.util
    import sys

    torch: Any = sys.modules.get("torch")
    if torch is None and importlib.util.find_spec("torch") is not None:
        torch = importlib.import_module("torch")
    available = torch is not None and bool(torch.cuda.is_available())
    cudnn = available and bool(torch.backends.cudnn.is_available())
    if name.endswith("_loaded"):
        loaded = cudnn if name == "cudnn_loaded" else available
        return ("true" if loaded else "false",)
    if not available:
        return ()
    if name == "cuda_devices":
        return tuple(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
    if name == "cudnn_version":
        return (_cudnn_version(torch.backends.cudnn.version()),) if cudnn else ()
    return (str(torch.version.cuda),)  # CUDA and its cuBLAS have the same version


def _cudnn_version(number: int | None) -> str:
    """cuDNN's version number (8902, 90100) as text ('8.9.2', '9.1.0')."""
    if not number:
        return ""
    if number >= 10000:  # cuDNN 9 and later: major*10000 + minor*100 + patch
        return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    return f"{number // 1000}.{number // 100 % 10}.{number % 100}"


def image_dirs(session: Session) -> list[str]:
    """The directories ``'image_dir'`` names, in order (separated by ';', or ':' on Unix)."""
    value = get_value(session, "image_dir")
    text = ";".join(str(v) for v in value)
    if os.name != "nt":
        text = text.replace(":", ";")
    return [d for d in text.split(";") if d]


def get_value(session: Session, name: str) -> tuple:
    """The current value of system parameter ``name`` (its default if never set).

    Raises:
        KeyError: ``name`` is not a system parameter hdlite knows.
    """
    if name in session.system:
        return session.system[name]
    if name in _PARAMS:
        return (_PARAMS[name][1](),)
    if name in _CUDA_QUERIES:
        return _cuda_answer(name)
    return (_QUERIES[name](),)


def _check(ctx: CallContext, name: str, value: tuple) -> None:
    allowed = _PARAMS[name][0]
    if allowed == ():
        return
    if len(value) != 1:
        raise ctx.param_error("count", "Value", f"{name!r} takes one value")
    v = value[0]
    if allowed == "integer":
        ok = type(v) is int
    elif allowed == "positive":
        ok = type(v) is int and v > 0
    elif allowed == "string":
        ok = type(v) is str
    else:
        ok = v in allowed
    if not ok:
        raise ctx.param_error("value", "Value", f"{v!r} is not a valid value for {name!r}")


@operator(
    "set_system",
    ControlIn("SystemParameter", types="string", count=1, default="image_dir"),
    ControlIn("Value", default=""),
)
def set_system(ctx: CallContext, name: tuple, value: tuple) -> tuple:
    """Set a system parameter ('seed_rand' re-seeds every random source of the run)."""
    key = name[0]
    if key not in _PARAMS:
        raise ctx.param_error("value", "SystemParameter", f"unknown system parameter {key!r}")
    _check(ctx, key, value)
    if key == "seed_rand":
        ctx.session.seed(value[0])
    else:
        ctx.session.system[key] = value
    return ()


@operator(
    "get_system",
    ControlIn("Query", types="string", count=1, default="width"),
    ControlOut("Information"),
)
def get_system(ctx: CallContext, name: tuple) -> tuple:
    """The current value of a system parameter, or the answer to a query ('cuda_devices'...)."""
    try:
        return (get_value(ctx.session, name[0]),)
    except KeyError:
        raise ctx.param_error("value", "Query", f"unknown system parameter {name[0]!r}") from None


@operator("count_seconds", ControlOut("Seconds", types="real", count=1))
def count_seconds(ctx: CallContext) -> tuple:
    """A time stamp in seconds; differences measure durations ('clock_mode' picks the clock)."""
    mode = get_value(ctx.session, "clock_mode")[0]
    clock = time.process_time if mode == "processor_time" else time.perf_counter
    return ((float(clock()),),)


@operator("wait_seconds", ControlIn("Seconds", types="real", count=1, default=10))
def wait_seconds(ctx: CallContext, seconds: tuple) -> tuple:
    """Pause the program for the given number of seconds."""
    if seconds[0] < 0:
        raise ctx.param_error("value", "Seconds", "must not be negative")
    # time.sleep refuses more than about 2^63 ns; a longer wait is slept a day at a time
    # (as long as told, like HALCON; --timeout and Ctrl-C still stop it)
    end = time.monotonic() + seconds[0]
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 86400.0))
    return ()


@operator(
    "get_error_text",
    ControlIn("ErrorCode", types="integer", count=1),
    ControlOut("ErrorMessage", types="string", count=1),
)
def get_error_text(ctx: CallContext, code: tuple) -> tuple:
    """HALCON's text for an error code (1..36000)."""
    if not 1 <= code[0] <= 36000:
        raise ctx.param_error("value", "ErrorCode", "codes lie in 1..36000")
    return ((error_codes.text(code[0]),),)


# -- the file system tree ---------------------------------------------------------------


@dataclass
class _ListOptions:
    kinds: set[str] = field(default_factory=set)
    recursive: bool = False
    follow: bool = False
    max_depth: int | None = None
    max_files: int = _MAX_FILES


def _list_options(ctx: CallContext, options: tuple) -> _ListOptions:
    out = _ListOptions()
    for option in options:
        word, _, number = option.partition(" ")
        if option in ("files", "directories", "symlinks"):
            out.kinds.add(option)
        elif option == "recursive":
            out.recursive = True
        elif option == "follow_links":
            out.follow = True
        elif word in ("max_depth", "max_files") and number.strip().isdigit():
            setattr(out, word, int(number))
        else:
            raise ctx.param_error("value", "Options", f"unknown option {option!r}")
    if out.follow and "symlinks" in out.kinds:
        raise ctx.param_error(
            "value", "Options", "'follow_links' and 'symlinks' exclude each other"
        )
    return out


def _scan(
    directory: str, prefix: str, depth: int, opts: _ListOptions, seen: set, out: list
) -> None:
    try:
        entries = sorted(os.scandir(directory or "."), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if len(out) >= opts.max_files:
            return
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=opts.follow)
            is_file = entry.is_file(follow_symlinks=opts.follow)
        except OSError:
            continue
        if link and not opts.follow:
            if "symlinks" in opts.kinds:
                out.append(prefix + entry.name)
            continue
        if is_dir:
            if "directories" in opts.kinds:
                out.append(prefix + entry.name + "/")
            deeper = opts.max_depth is None or depth < opts.max_depth
            real = os.path.realpath(entry.path)
            if opts.recursive and deeper and real not in seen:
                seen.add(real)
                _scan(entry.path, prefix + entry.name + "/", depth + 1, opts, seen, out)
        elif is_file and "files" in opts.kinds:
            out.append(prefix + entry.name)


@operator(
    "list_files",
    ControlIn("Directory", types="string", count=1),
    ControlIn("Options", types="string"),
    ControlOut("Files", types="string"),
)
def list_files(ctx: CallContext, directory: tuple, options: tuple) -> tuple:
    """List files and/or directories ('files', 'directories', 'recursive', 'max_depth N'...)."""
    opts = _list_options(ctx, options)
    path = directory[0]
    if not os.path.isdir(path or "."):
        raise ctx.error(5200, f"{path}: no such directory")
    prefix = path if path == "" or path.endswith(("/", "\\")) else path + "/"
    found: list[str] = []
    if opts.kinds:
        _scan(path, prefix, 1, opts, {os.path.realpath(path or ".")}, found)
    return (tuple(sorted(found)),)


@operator(
    "file_exists",
    ControlIn("FileName", types="string", count=1),
    ControlOut("FileExists", types="integer", count=1),
)
def file_exists(ctx: CallContext, name: tuple) -> tuple:
    """1 if a file or directory of that name exists, else 0."""
    return ((int(bool(name[0]) and os.path.exists(name[0])),),)


@operator("make_dir", ControlIn("DirName", types="string", count=1))
def make_dir(ctx: CallContext, name: tuple) -> tuple:
    """Create one directory; 5282 if it exists, its parent is missing, or rights are lacking."""
    if ctx.session.writes_files:
        try:
            os.mkdir(name[0])
        except OSError as exc:
            raise ctx.error(5282, f"{name[0]}: {exc.strerror or exc}") from None
    return ()


@operator("remove_dir", ControlIn("DirName", types="string", count=1))
def remove_dir(ctx: CallContext, name: tuple) -> tuple:
    """Remove an empty directory; 5283 if it is missing or not empty."""
    if ctx.session.writes_files:
        try:
            os.rmdir(name[0])
        except OSError as exc:
            raise ctx.error(5283, f"{name[0]}: {exc.strerror or exc}") from None
    return ()


@operator("delete_file", ControlIn("FileName", types="string", count=1))
def delete_file(ctx: CallContext, name: tuple) -> tuple:
    """Delete a file; 5200 if it does not exist, 5198 if rights are lacking."""
    path = name[0]
    if not os.path.lexists(path):
        raise ctx.error(5200, path)
    if os.path.isdir(path) and not os.path.islink(path):
        raise ctx.error(5214, f"{path} is a directory")
    if ctx.session.writes_files:
        try:
            os.unlink(path)
        except OSError as exc:
            raise ctx.error(5198, f"{path}: {exc.strerror or exc}") from None
    return ()


@operator("get_current_dir", ControlOut("DirName", types="string", count=1))
def get_current_dir(ctx: CallContext) -> tuple:
    """The current working directory."""
    try:
        return ((os.getcwd().replace(os.sep, "/"),),)
    except OSError as exc:
        raise ctx.error(5284, str(exc)) from None


@operator("set_current_dir", ControlIn("DirName", types="string", count=1))
def set_current_dir(ctx: CallContext, name: tuple) -> tuple:
    """Change the current working directory; 5285 if that is not possible."""
    try:
        os.chdir(name[0])
    except OSError as exc:
        raise ctx.error(5285, f"{name[0]}: {exc.strerror or exc}") from None
    return ()
