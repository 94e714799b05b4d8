"""Global variables declared in main are main's variables for --dump-vars and the engine."""

from __future__ import annotations

import json
from pathlib import Path

import hdlite
from hdlite.cli import main

PROGRAM = "global tuple Threshold\nThreshold := 128\nLocal := Threshold + 1\n"


def test_dump_vars_lists_globals_declared_in_main(tmp_path: Path) -> None:
    program = tmp_path / "prog.hdtxt"
    program.write_text(PROGRAM)
    out = tmp_path / "vars.json"
    assert main(["run", str(program), "--dump-vars", str(out)]) == 0
    assert json.loads(out.read_text()) == {"Threshold": 128, "Local": 129}


def test_engine_variables_include_globals_declared_in_main(tmp_path: Path) -> None:
    program = tmp_path / "prog.hdtxt"
    program.write_text(PROGRAM)
    variables = hdlite.run(str(program))
    assert variables["Threshold"] == [128]
    call = hdlite.Program(str(program)).execute()
    assert call.get_control_var_by_name("Threshold") == [128]
