"""Helpers for the reliability tests: running ``hdlite`` in and out of process, data builders.

Every builder writes real files (images, model files, broken and foreign files) into a
directory. Tests that need a file to be unreadable run the command as an unprivileged user
when the tests run as root (root reads any file). ``conftest.py`` puts this directory on
``sys.path`` so that the test modules can import this module.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

from hdlite.cli import main

ROOT = Path(__file__).parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class CliResult:
    """What one ``hdlite`` command gave: exit code, standard output and standard error."""

    rc: int
    out: str
    err: str

    @property
    def first(self) -> str:
        """The first line of standard error (where hdlite puts the position and the code)."""
        lines = self.err.splitlines()
        return lines[0] if lines else ""


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture) -> CliResult:
    """``hdlite ARGV`` through :func:`hdlite.cli.main` in this process."""
    handler = signal.getsignal(signal.SIGINT)
    limit = sys.getrecursionlimit()
    try:
        rc = main(argv)
    finally:
        signal.signal(signal.SIGINT, handler)
        sys.setrecursionlimit(limit)
    captured = capsys.readouterr()
    return CliResult(rc, captured.out, captured.err)


def drop_file_powers() -> None:
    """In a child process of root: give up reading and writing files regardless of their modes.

    Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so the program
    run by the following exec is bound by file permissions like any user.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def limit_memory(limit: int) -> Callable[[], None]:
    """A pre-exec function that limits the child's address space to ``limit`` bytes."""

    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_subprocess(
    argv: list[str],
    *,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    wrap: list[str] | None = None,
    timeout: float = 300,
    unprivileged: bool = False,
    memory_limit: int = 0,
) -> CliResult:
    """``hdlite ARGV`` as a real process (``wrap`` is put in front, e.g. ``unshare``)."""
    command = [*(wrap or []), sys.executable, "-m", "hdlite", *argv]
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("OMP_NUM_THREADS", "1")
    steps = []
    if unprivileged and IS_ROOT:
        steps.append(drop_file_powers)
    if memory_limit:
        steps.append(limit_memory(memory_limit))

    def before_exec() -> None:
        for step in steps:
            step()

    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=cwd or str(ROOT),
        env=full_env,
        timeout=timeout,
        preexec_fn=before_exec if steps else None,
    )
    return CliResult(result.returncode, result.stdout, result.stderr)


# -- data builders ------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def build_images(d: Path) -> None:
    """Good images of several sizes, and broken image files."""
    rng = np.random.default_rng(0)
    PILImage.fromarray(rng.integers(0, 255, (32, 32, 3), dtype=np.uint8)).save(d / "rgb32.png")
    PILImage.fromarray(rng.integers(0, 255, (32, 32), dtype=np.uint8)).save(d / "gray32.png")
    PILImage.fromarray(rng.integers(0, 255, (24, 32, 3), dtype=np.uint8)).save(d / "w32h24.png")
    PILImage.fromarray(rng.integers(0, 255, (32, 24, 3), dtype=np.uint8)).save(d / "w24h32.png")
    good = (d / "rgb32.png").read_bytes()
    (d / "truncated.png").write_bytes(good[: len(good) // 2])
    (d / "garbled.png").write_bytes(good[:4] + bytes(200) + good[204:])
    idat = good.index(b"IDAT")
    damaged = bytearray(good)
    for k in range(idat + 10, idat + 60):
        damaged[k] ^= 0x5A
    (d / "damaged.png").write_bytes(bytes(damaged))
    (d / "notimage.png").write_bytes(b"hello, this is text and not an image\n")
    (d / "empty.png").write_bytes(b"")
    header = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    (d / "bomb.png").write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(1000)))
        + _png_chunk(b"IEND", b"")
    )
    shutil.copy(d / "rgb32.png", d / "locked.png")
    (d / "locked.png").chmod(0)
    (d / "emptydir").mkdir()


def build_files(d: Path) -> None:
    """Damaged and foreign tuple, dictionary and object files."""
    (d / "junk.tup").write_bytes(b"HDLITE-TUPLE 1\n3\ni 1\n")
    (d / "bigint.tup").write_bytes(b"HDLITE-TUPLE 1\n1\ni 99999999999999999999999\n")
    (d / "newer.tup").write_bytes(b"HDLITE-TUPLE 7\n0\n")
    (d / "junk.hdict").write_bytes(b"PK\x03\x04 this is not a zip archive")
    (d / "bad.json").write_bytes(b'{"a": [1, 2')
    with open(d / "nomanifest.hdict", "wb") as handle:
        np.savez(handle, a=np.zeros(3))
    with open(d / "array.hobj", "wb") as handle:
        np.save(handle, np.zeros((2, 2)))
    (d / "junk.hobj").write_bytes(b"PK\x03\x04 this is not a zip archive")
    PILImage.new("L", (4, 4)).save(d / "image.png")


def build_procs(d: Path) -> None:
    """A procedure directory with a syntax error, broken XML and a runtime error."""
    procs = d / "procs"
    procs.mkdir()
    for name, line in (
        ("broken", "X := A +"),
        ("malformed", "X := A</x>"),
        ("failing", "X := A / 0"),
    ):
        close = "" if name == "malformed" else "</l>"
        (procs / f"{name}.hdvp").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<hdevelop file_version="1.2" halcon_version="24.11.1.0">\n'
            f'<procedure name="{name}">\n'
            "<interface>\n"
            '<ic><par name="A" base_type="ctrl" dimension="0"/></ic>\n'
            "</interface>\n"
            "<body>\n"
            f"<l>{line}{close}\n"
            "</body>\n"
            "</procedure>\n"
            "</hdevelop>\n",
            encoding="utf-8",
        )


MODEL_PROGRAM = """\
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', H)
set_dl_classifier_param (H, 'classes', ['a', 'b'])
set_dl_classifier_param (H, 'image_dimensions', [32, 32, 3])
set_dl_classifier_param (H, 'runtime', 'cpu')
write_dl_classifier (H, ModelFile)
"""


class Payload:
    """Unpickling this creates the marker file: proof that a loader ran pickled code."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def build_models(d: Path, good: bytes) -> None:
    """A good classifier file and damaged, foreign and malicious ones."""
    import pickle

    (d / "good.hdl").write_bytes(good)
    (d / "truncated.hdl").write_bytes(good[: len(good) // 2])
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 1
    (d / "flipped.hdl").write_bytes(bytes(flipped))
    (d / "newer.hdl").write_bytes(good[:8] + struct.pack("<I", 99) + good[12:])
    (d / "foreign.hdl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (d / "empty.hdl").write_bytes(b"")
    (d / "pickle.hdl").write_bytes(pickle.dumps({"weights": Payload(d / "PWNED")}))
    (d / "model_dir.hdl").mkdir()


BUILDERS: dict[str, Callable[[Path], None]] = {
    "images": build_images,
    "files": build_files,
    "procs": build_procs,
}


def mount_tmpfs_prefix(directory: Path, size: str = "160k") -> list[str] | None:
    """A command prefix that runs a command with a tiny tmpfs mounted on ``directory``.

    The mount lives in a private mount namespace (``unshare -m``) and disappears with the
    process; after the command, the names in the directory are printed to standard output
    after a line ``--- listing``. None when that is not possible (not root, no ``unshare``).
    """
    if not IS_ROOT or shutil.which("unshare") is None:
        return None
    mount = f"mount -t tmpfs -o size={size} tmpfs"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f'{mount} "$0"', str(directory)], capture_output=True
    )
    if probe.returncode != 0:
        return None
    script = f'{mount} "$0" || exit 99; "$@"; rc=$?; echo "--- listing"; ls -A "$0"; exit $rc'
    return ["unshare", "-m", "sh", "-c", script, str(directory)]
