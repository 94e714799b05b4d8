"""Stops (--timeout, Ctrl-C, SIGTERM), files open at a stop, bad command-line values and files.

Each test fails without the fix it names: stops inside in-line functions and loops of
assignments, the SIGTERM handler, open files at a stop, usage errors found before the run,
program files that are FIFOs or devices, XML encodings, .hdvp names, read_image of a FIFO.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import ROOT, run_subprocess

from hdlite.atomic import atomic_open


def _start(program: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hdlite", "run", *options, str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(ROOT),
        env=dict(os.environ, OMP_NUM_THREADS="1"),
    )


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".hdlite-")]


def test_timeout_inside_an_in_line_function_exits_124(tmp_path: Path):
    program = tmp_path / "sum.hdtxt"
    program.write_text(
        "A := gen_tuple_const(3000000, 1)\nfor I := 1 to 100000 by 1\n    S := sum(A)\nendfor\n"
    )
    result = run_subprocess(["run", "--timeout", "1.5", str(program)], timeout=120)
    assert result.rc == 124, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


LOOPS = {
    "while": "X := 0\nwhile (1)\n    X := X + 1\nendwhile\n",
    "for": "X := 0\nfor I := 1 to 2000000000 by 1\n    X := X + I\nendfor\n",
    "real for": "X := 0\nfor I := 0.5 to 2000000000 by 1\n    X := X + 1\nendfor\n",
    "repeat": "X := 0\nrepeat\n    X := X + 1\nuntil (X < 0)\n",
}


@pytest.mark.parametrize("kind", list(LOOPS))
def test_first_ctrl_c_stops_a_loop_of_assignments(tmp_path: Path, kind: str):
    program = tmp_path / "loop.hdtxt"
    program.write_text(f"open_file ('{tmp_path}/started', 'output', F)\nclose_file (F)\n")
    program.write_text(program.read_text() + LOOPS[kind])
    proc = _start(program)
    _wait_for(tmp_path / "started", proc)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)  # once: the loop never reaches an operator call
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert f"interrupted at {program}:" in err


WRITER = """open_file ('{d}/log.txt', 'output', F)
fwrite_string (F, 'first\\n')
X := 0
while (1)
    fwrite_string (F, 'line ' + X + '\\n')
    X := X + 1
endwhile
"""


@pytest.mark.parametrize("stop", ["SIGTERM", "timeout", "SIGINT twice"])
def test_a_stop_keeps_the_previous_file_and_the_partial_output(tmp_path: Path, stop: str):
    target = tmp_path / "log.txt"
    target.write_text("previous\n")
    program = tmp_path / "writer.hdtxt"
    program.write_text(WRITER.replace("{d}", str(tmp_path)))
    proc = _start(program, *(["--timeout", "2"] if stop == "timeout" else []))
    deadline = time.monotonic() + 60
    while not _leftovers(tmp_path):  # the output file is open
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
        time.sleep(0.02)
    time.sleep(0.3)
    if stop == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    elif stop == "SIGINT twice":
        proc.send_signal(signal.SIGINT)
        time.sleep(0.2)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == {"SIGTERM": 143, "timeout": 124, "SIGINT twice": 130}[stop], err
    assert "Traceback" not in err
    assert target.read_text() == "previous\n"
    partial = (tmp_path / "log.txt.partial").read_text()
    assert partial.startswith("first\nline 0\n")
    assert "log.txt.partial" in err
    assert _leftovers(tmp_path) == []


def test_an_uncaught_error_commits_what_was_written(tmp_path: Path):
    target = tmp_path / "log.txt"
    target.write_text("previous\n")
    program = tmp_path / "error.hdtxt"
    program.write_text(
        f"open_file ('{target}', 'output', F)\nfwrite_string (F, 'written')\nX := [1][3]\n"
    )
    result = run_subprocess(["run", str(program)])
    assert result.rc == 70
    assert target.read_text() == "written"
    assert not (tmp_path / "log.txt.partial").exists() and _leftovers(tmp_path) == []


def test_sigterm_during_a_whole_file_write_leaves_no_temporary_file(tmp_path: Path):
    program = tmp_path / "tuples.hdtxt"
    program.write_text(
        f"T := gen_tuple_const(300000, 'some text')\nwhile (1)\n"
        f"    write_tuple (T, '{tmp_path}/t.tup')\nendwhile\n"
    )
    proc = _start(program)
    _wait_for(tmp_path / "t.tup", proc)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM)" in err
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("options", "text"),
    [
        (["--timeout", "nan"], "--timeout nan"),
        (["--timeout", "inf"], "--timeout inf"),
        (["--timeout", "1e300"], "--timeout 1e+300"),
        (["--timeout", "-1"], "--timeout -1"),
        (["--nproc-per-node", "0"], "--nproc-per-node 0"),
        (["--nnodes", "0"], "--nnodes 0"),
        (["--nnodes", "1:x"], "--nnodes 1:x"),
        (["--dump-vars", "{d}"], "is a folder"),
        (["--dump-vars", "/proc/vars.json"], "cannot write into /proc"),
        (["--display-dir", "/proc/windows"], "cannot write into /proc"),
        (["--display-dir", "{d}/p.hdtxt/sub"], "is not a folder"),
    ],
)
def test_bad_run_options_are_one_line_usage_errors_before_the_run(
    cli, tmp_path: Path, options: list[str], text: str
):
    program = tmp_path / "p.hdtxt"
    marker = tmp_path / "ran"
    program.write_text(f"open_file ('{marker}', 'output', F)\nclose_file (F)\n")
    result = cli("run", *(o.replace("{d}", str(tmp_path)) for o in options), str(program))
    assert result.rc == 2, result.err
    assert len(result.err.strip().splitlines()) == 1 and text in result.err
    assert not marker.exists()


def test_program_files_that_are_devices_or_fifos_are_refused(cli, tmp_path: Path):
    result = cli("run", "/dev/zero")
    assert result.rc == 2 and "not a regular file (a device)" in result.err
    fifo = tmp_path / "prog.hdtxt"
    os.mkfifo(fifo)
    # in a child process with a deadline: the old reader blocked forever on open()
    result = run_subprocess(["check", str(fifo)], timeout=60)
    assert result.rc == 2 and "not a regular file (a FIFO)" in result.err


def test_check_of_a_missing_file_is_a_usage_error_like_run(cli, tmp_path: Path):
    assert cli("check", str(tmp_path / "missing.hdtxt")).rc == 2
    assert cli("run", str(tmp_path / "missing.hdtxt")).rc == 2


def test_read_image_of_a_fifo_says_what_it_is(cli, tmp_path: Path):
    fifo = tmp_path / "image.png"
    os.mkfifo(fifo)
    program = tmp_path / "p.hdtxt"
    program.write_text(f"read_image (I, '{fifo}')\n")
    result = cli("run", str(program))
    assert result.rc == 70 and "error 5215" in result.err and "FIFO" in result.err


LATIN1 = """<?xml version="1.0" encoding="{enc}"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="main">
<interface/>
<body>
<l>S := '\xe4\xfc'</l>
<l>N := strlen(S)</l>
</body>
</procedure>
</hdevelop>
"""


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252"])
def test_xml_files_are_decoded_as_they_declare(cli, tmp_path: Path, encoding: str):
    program = tmp_path / "latin.hdev"
    program.write_bytes(LATIN1.replace("{enc}", encoding).encode("latin-1"))
    dump = tmp_path / "vars.json"
    result = cli("run", "--dump-vars", str(dump), str(program))
    assert result.rc == 0, result.err
    assert '"S": "\\u00e4\\u00fc"' in dump.read_text() and '"N": 2' in dump.read_text()


HDVP = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="{name}">
<interface><oc><par name="R" base_type="ctrl" dimension="0"/></oc></interface>
<body><l>R := 1</l></body>
</procedure>
</hdevelop>
"""


def test_hdvp_names_and_procedure_path_dot(cli, tmp_path: Path, monkeypatch):
    (tmp_path / "good_proc.hdvp").write_text(HDVP.replace("{name}", "good_proc"))
    (tmp_path / "misnamed.hdvp").write_text(HDVP.replace("{name}", "other_name"))
    (tmp_path / "main.hdtxt").write_text("good_proc (R)\n")
    (tmp_path / "bad.hdtxt").write_text("misnamed (R)\n")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--procedure-path", ".", "main.hdtxt", "good_proc.hdvp")
    assert result.rc == 0 and "shadows" not in result.err, result.err
    result = cli("run", "bad.hdtxt")
    assert result.rc == 65 and "does not define procedure misnamed" in result.err


def test_atomic_open_refuses_names_that_cannot_be_file_names(tmp_path: Path):
    for name in ("a\ud800b", "a\x00b"):
        with pytest.raises(OSError), atomic_open(tmp_path / name, "w") as handle:
            handle.write("x")
    assert list(tmp_path.iterdir()) == []
