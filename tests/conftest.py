"""Shared fixtures: plugin hosts, running programs from text, tiny image data sets."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hdlite.errors import HdliteError
from hdlite.interpreter import Interpreter
from hdlite.plugins import PluginHost, make_plugin_manager
from hdlite.program import load_program
from hdlite.session import Session


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """A plugin host with every installed plugin (the built-in ones included)."""
    return make_plugin_manager()


@dataclass
class Result:
    """What running a program gave: main's variables, printed text, or the error."""

    variables: dict[str, Any]
    output: str
    error: HdliteError | None

    def __getitem__(self, name: str) -> Any:
        return self.variables[name]


@pytest.fixture
def run_script(host: PluginHost, tmp_path: Path):
    """Run program text (plain-text form or XML) and return a :class:`Result`."""

    def run(text: str, name: str = "prog.hdtxt", **inputs: Any) -> Result:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        interpreter = Interpreter(host, session=Session(out=out))
        try:
            result = interpreter.run(load_program(str(path)), inputs)
        except HdliteError as exc:
            return Result({}, out.getvalue(), exc)
        return Result(result.variables, out.getvalue(), None)

    return run
