"""The command line: exit codes, error rendering with positions, --set, --dump-vars, check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hdlite.cli import main

XML = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="main">
<interface/>
<body>
<c>* comment</c>
<l>T := [1, 2, 3]</l>
<l>check_it (T, R)</l>
</body>
<docu id="main"><parameters/></docu>
</procedure>
<procedure name="check_it">
<interface>
<ic><par name="Values" base_type="ctrl" dimension="0"/></ic>
<oc><par name="Result" base_type="ctrl" dimension="0"/></oc>
</interface>
<body>
<l>if (|Values| &gt; 2)</l>
<l>    Result := Values[5]</l>
<l>endif</l>
<l>return ()</l>
</body>
<docu id="check_it"><parameters/></docu>
</procedure>
</hdevelop>
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hdlite", *args], capture_output=True, text=True)


def test_runtime_error_in_procedure_has_position_code_and_stack(tmp_path: Path):
    program = tmp_path / "prog.hdev"
    program.write_text(XML)
    result = run_cli("run", str(program))
    assert result.returncode == 70
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{program}:19:")  # the <l> line in the XML file
    assert "error 1302 in tuple_select" in first
    assert "in procedure check_it" in result.stderr
    assert f"called from main ({program}:8)" in result.stderr


def test_set_and_dump_vars(tmp_path: Path):
    program = tmp_path / "p.hdtxt"
    program.write_text("Epochs := 10\nName := 'default'\nTotal := Epochs * 2\n")
    dump = tmp_path / "vars.json"
    assert (
        main(
            [
                "run",
                str(program),
                "--set",
                "Epochs=3",
                "--set",
                "Name='x y'",
                "--dump-vars",
                str(dump),
            ]
        )
        == 0
    )
    data = json.loads(dump.read_text())
    assert data == {"Epochs": 3, "Name": "x y", "Total": 6}


@pytest.mark.parametrize("bad", ["Epochs", "1x=3", "X=foo(1)", "X=(1"])
def test_bad_set_is_a_usage_error(tmp_path: Path, bad: str, capsys):
    program = tmp_path / "p.hdtxt"
    program.write_text("X := 1\n")
    assert main(["run", str(program), "--set", bad]) == 2
    assert "--set" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(tmp_path: Path):
    result = run_cli("run", str(tmp_path / "nope.hdev"))
    assert result.returncode == 2
    assert "file not found" in result.stderr and "Traceback" not in result.stderr


def test_malformed_xml_gives_line_and_column(tmp_path: Path):
    program = tmp_path / "bad.hdev"
    program.write_text(
        '<?xml version="1.0"?>\n<hdevelop>\n<procedure name="main">\n<body>\n<l>X := 1</body>\n'
    )
    result = run_cli("run", str(program))
    assert result.returncode == 65
    assert result.stderr.startswith(f"{program}:5:") and "malformed XML" in result.stderr


def test_check_reports_all_problems_at_once(tmp_path: Path):
    program = tmp_path / "p.hdtxt"
    program.write_text("tuple_lenght ([1], L)\nX := 1\nno_such_proc (X)\ntuple_length (X)\n")
    result = run_cli("check", str(program))
    assert result.returncode == 65
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(str(program))]
    assert [ln.split(":")[1] for ln in lines] == ["1", "3", "4"]
    assert "did you mean 'tuple_length'" in lines[0]
    assert "3 error(s)" in result.stderr


def test_check_syntax_only_ignores_unknown_names(tmp_path: Path):
    program = tmp_path / "p.hdtxt"
    program.write_text("some_future_operator (A, B)\n")
    assert run_cli("check", "--syntax-only", str(program)).returncode == 0
    assert run_cli("check", str(program)).returncode == 65


def test_check_reports_every_syntax_error(tmp_path: Path):
    program = tmp_path / "p.hdtxt"
    program.write_text("X = 1\nY := 2\nZ := (3\n")
    result = run_cli("check", "--syntax-only", str(program))
    assert result.returncode == 65
    assert f"{program}:1:3: error: use ':=' to assign" in result.stderr
    assert f"{program}:3:" in result.stderr


def test_exit_statement_ends_the_program(tmp_path: Path):
    program = tmp_path / "p.hdtxt"
    program.write_text("X := 1\nexit ()\nX := 2\n")
    dump = tmp_path / "v.json"
    assert main(["run", str(program), "--dump-vars", str(dump)]) == 0
    assert json.loads(dump.read_text()) == {"X": 1}


def test_operators_listing_and_count(capsys):
    assert main(["operators", "tuple_length"]) == 0
    assert "tuple_length( : : Tuple : Length)    [core]" in capsys.readouterr().out
    assert main(["operators", "--count"]) == 0
    assert int(capsys.readouterr().out) > 10


def test_usage_error_exit_code():
    assert run_cli("frobnicate").returncode == 2


def test_timeout_stops_a_runaway_program(tmp_path: Path):
    program = tmp_path / "loop.hdtxt"
    program.write_text("X := 0\nwhile (true)\n    X := X + 1\nendwhile\n")
    result = run_cli("run", str(program), "--timeout", "0.5")
    assert result.returncode == 124
    assert "stopped after 0.5 s (--timeout)" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_stops_before_the_next_operator_call(tmp_path: Path):
    import signal
    import time

    program = tmp_path / "ops.hdtxt"
    program.write_text(
        "N := 0\nwhile (true)\n    tuple_length ([1, 2], L)\n    N := N + 1\n"
        "    wait_seconds (0.01)\nendwhile\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "hdlite", "run", str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "stopping before the next operator call" in err
    assert f"interrupted at {program}:" in err and "Traceback" not in err


def test_deep_recursion_is_a_halcon_error_with_a_folded_stack(tmp_path: Path):
    program = tmp_path / "rec.hdtxt"
    program.write_text("proc r (tuple N)\n    r (N + 1)\nendproc\nr (0)\n")
    result = run_cli("run", str(program))
    assert result.returncode == 70
    assert "error 21011" in result.stderr and "Traceback" not in result.stderr
    assert "[the call above repeated 997 more times]" in result.stderr
    assert len(result.stderr.splitlines()) < 12


def test_check_accepts_procedure_files():
    root = Path(__file__).parents[2]
    result = run_cli("check", str(root / "procedures" / "tuple_shuffle.hdvp"))
    assert result.returncode == 0, result.stderr
