"""Shared fixtures: plugin hosts, running programs from text, calling operators directly."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hdlite.errors import HalconError, HdliteError
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import PluginHost, make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.program import load_program
from hdlite.values.control import Vector
from hdlite.values.iconic import ObjectTuple


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
        program = load_program(str(path))
        here = os.getcwd()
        os.chdir(tmp_path)  # files a program writes by relative name stay out of the project
        try:
            result = interpreter.run(program, inputs)
        except HdliteError as exc:
            return Result({}, out.getvalue(), exc)
        finally:
            os.chdir(here)
        return Result(result.variables, out.getvalue(), None)

    return run


class Caller:
    """Calls operators by name the way the interpreter does: input checks, call, output checks.

    Inputs that are not tuples, object tuples or vectors are passed as 1-tuples, so
    ``call("set_dict_tuple", d, "key", 5)`` works. Every call shares :attr:`session`.
    """

    def __init__(self, host: PluginHost, session: Session | None = None) -> None:
        self.host = host
        self.session = session if session is not None else Session(out=io.StringIO())

    def __call__(self, name: str, *inputs: Any) -> tuple:
        """Run operator ``name`` on ``inputs``; return its outputs, one entry per output."""
        op = self.host.registry.get(name)
        assert op is not None, f"{name} is not registered"
        values = [v if isinstance(v, tuple | ObjectTuple | Vector) else (v,) for v in inputs]
        return call_operator(CallContext(self.session, op, None), values)

    def code(self, name: str, *inputs: Any) -> int:
        """The HALCON error code that calling operator ``name`` on ``inputs`` raises."""
        with pytest.raises(HalconError) as info:
            self(name, *inputs)
        return info.value.code


@pytest.fixture
def call(host: PluginHost) -> Caller:
    """A :class:`Caller` with a fresh session whose text output goes to a ``StringIO``."""
    return Caller(host)
