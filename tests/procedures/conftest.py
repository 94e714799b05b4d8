"""Fixtures for the tests of hdlite's procedures (``procedures/*.hdvp``).

The procedures are called from small programs run by the real interpreter, with hdlite's
procedure folder found through the plugins, on real image files written to ``tmp_path``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image as PILImage

from hdlite.errors import HalconError
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.program import load_program


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """One intra-op thread for the small networks of these tests (fast, and fair to others)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


class Variables(dict):
    """main's variables: ``v[name]`` gives a one-element tuple as its element,
    ``v.tuple(name)`` always the tuple."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, tuple) and len(value) == 1:
            return value[0]
        return value

    def tuple(self, name: str) -> tuple:
        """The value of ``name`` as a tuple."""
        return super().__getitem__(name)


class Runner:
    """Runs program text; returns main's variables or raises the program's error."""

    def __init__(self, host: Any, tmp_path: Path) -> None:
        self.host = host
        self.tmp_path = tmp_path
        self.output = ""
        self.count = 0

    def __call__(self, text: str, display_dir: Path | None = None, **inputs: Any) -> Variables:
        """Run ``text`` with ``inputs`` (plain values become 1-tuples) and return variables."""
        self.count += 1
        path = self.tmp_path / f"prog_{self.count}.hdtxt"
        path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        session = Session(out=out)
        if display_dir is not None:
            session.display_dir = str(display_dir)
        values = {k: v if isinstance(v, tuple) else (v,) for k, v in inputs.items()}
        try:
            result = Interpreter(self.host, session=session).run(load_program(str(path)), values)
        finally:
            self.output = out.getvalue()
        return Variables(result.variables)

    def error(self, text: str, **inputs: Any) -> HalconError:
        """Run ``text``, which must fail with a HALCON error; return the error."""
        with pytest.raises(HalconError) as info:
            self(text, **inputs)
        return info.value


@pytest.fixture
def run(host, tmp_path) -> Runner:
    """A :class:`Runner` writing its programs to ``tmp_path``."""
    return Runner(host, tmp_path)


def write_image(path: Path, size: tuple[int, int] = (40, 30), seed: int = 0, gray: bool = False):
    """Write a random image file (PNG unless the suffix says otherwise); returns the path."""
    rng = np.random.default_rng(seed)
    width, height = size
    shape = (height, width) if gray else (height, width, 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.fromarray(rng.integers(0, 256, shape, dtype=np.uint8)).save(path)
    return path


@pytest.fixture
def image_file() -> Callable[..., Path]:
    """:func:`write_image`."""
    return write_image


@pytest.fixture
def class_folders(tmp_path) -> Callable[..., Path]:
    """Write a folder-per-class data set; returns its root folder.

    ``make({'a': 3, 'b': 2})`` writes ``data/a/a_000.png ...``, images of 40 x 30 pixels
    whose mean color differs by class (class k has mean gray value 60 + 60 k).
    """

    def make(counts: dict[str, int], root: str = "data", size: tuple[int, int] = (40, 30)) -> Path:
        base = tmp_path / root
        for k, (name, count) in enumerate(sorted(counts.items())):
            folder = base / name
            folder.mkdir(parents=True, exist_ok=True)
            rng = np.random.default_rng(k)
            for i in range(count):
                level = 60 + 60 * k
                pixels = np.clip(rng.normal(level, 20, (size[1], size[0], 3)), 0, 255)
                PILImage.fromarray(pixels.astype(np.uint8)).save(folder / f"{name}_{i:03d}.png")
        return base

    return make
