"""Fixtures for the reliability tests (the helpers themselves are in reliability_helpers.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from reliability_helpers import (
    BUILDERS,
    MODEL_PROGRAM,
    CliResult,
    build_models,
    run_in_process,
)


@pytest.fixture
def cli(capsys) -> Callable[..., CliResult]:
    """Run ``hdlite`` in this process: ``cli('run', path)``."""
    return lambda *argv: run_in_process(list(argv), capsys)


@pytest.fixture(scope="session")
def model_bytes(tmp_path_factory) -> bytes:
    """The bytes of a small classifier file (compact, classes a/b, 32x32x3)."""
    from hdlite.plugin.host import make_plugin_manager
    from hdlite.runtime.interpreter import Interpreter
    from hdlite.syntax.program import load_program

    d = tmp_path_factory.mktemp("model")
    program = d / "write_model.hdtxt"
    program.write_text(MODEL_PROGRAM, encoding="utf-8")
    Interpreter(make_plugin_manager()).run(
        load_program(str(program)), {"ModelFile": (str(d / "good.hdl"),)}
    )
    return (d / "good.hdl").read_bytes()


@pytest.fixture
def build(request) -> Callable[..., None]:
    """``build(directory, 'images', 'models', ...)``: run data builders by name."""

    def run(directory: Path, *names: str) -> None:
        for name in names:
            if name == "models":
                build_models(directory, request.getfixturevalue("model_bytes"))
            else:
                BUILDERS[name](directory)

    return run
