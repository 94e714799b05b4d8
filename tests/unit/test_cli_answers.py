"""``hdlite run --answers``: scripted answers for interactive operators on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = """\
dev_open_window (0, 0, 64, 48, 'black', WindowHandle)
draw_rectangle1 (WindowHandle, Row1, Column1, Row2, Column2)
gen_rectangle1 (Rect, Row1, Column1, Row2, Column2)
area_center (Rect, Area, Row, Column)
dev_open_file_dialog ('read_image', 'default', 'default', Selection)
try
    get_mbutton (WindowHandle, R, C, Button)
catch (Exception)
    Caught := Exception[0]
endtry
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hdlite", *args], capture_output=True, text=True)


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.hdtxt"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def write_answers(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_accepts_interactive_operators(program: Path):
    result = run_cli("check", str(program))
    assert result.returncode == 0, result.stderr


def test_run_with_answers_file(program: Path, tmp_path: Path):
    answers = write_answers(
        tmp_path,
        {"draw_rectangle1": [[10, 20, 19, 29]], "dev_open_file_dialog": ["images/part.png"]},
    )
    dump = tmp_path / "vars.json"
    result = run_cli("run", str(program), "--answers", str(answers), "--dump-vars", str(dump))
    assert result.returncode == 0, result.stderr
    values = json.loads(dump.read_text())
    assert (values["Row1"], values["Column2"]) == (10.0, 29.0)
    assert values["Area"] == 100
    assert values["Selection"] == "images/part.png"
    assert values["Caught"] == 5104  # no answer for get_mbutton: caught by the program
    assert result.stderr == ""


def test_missing_answer_stops_with_position_code_and_hint(program: Path, tmp_path: Path):
    result = run_cli("run", str(program))
    assert result.returncode == 70
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{program}:2:1: error 5104 in draw_rectangle1: ")
    assert "no interactive input" in first and "--answers FILE" in first
    assert '{"draw_rectangle1": [[Row1, Column1, Row2, Column2]]}' in first


def test_wrong_shape_names_the_file_and_the_operator(program: Path, tmp_path: Path):
    answers = write_answers(tmp_path, {"draw_rectangle1": [[10, 20, 30]]})
    result = run_cli("run", str(program), "--answers", str(answers))
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first == (
        f"{program}:2:1: error: {answers}: answer 1 for draw_rectangle1 is [10, 20, 30]; "
        "expected [Row1, Column1, Row2, Column2]: 4 numbers"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"draw_rectangel1": [[1, 2, 3, 4]]}, "'draw_rectangel1' is not an operator (did you"),
        ({"draw_rectangle1": [1, 2, 3, 4]}, "answer 1 for draw_rectangle1 is 1; expected"),
        ([[1, 2, 3, 4]], "expected a JSON object of operator names to lists"),
        ({"draw_rectangle1": {"Row1": 1}}, "'draw_rectangle1' must map to a list of answers"),
    ],
)
def test_unusable_answers_are_usage_errors(program, tmp_path, data, message):
    answers = write_answers(tmp_path, data)
    result = run_cli("run", str(program), "--answers", str(answers))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_answers_file(program: Path, tmp_path: Path):
    result = run_cli("run", str(program), "--answers", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "missing.json: No such file or directory" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"draw_point": [[1, 2]', encoding="utf-8")
    result = run_cli("run", str(program), "--answers", str(broken))
    assert result.returncode == 2
    assert "broken.json is not valid JSON" in result.stderr


def test_unused_answers_are_a_warning(program: Path, tmp_path: Path):
    answers = write_answers(
        tmp_path,
        {
            "draw_rectangle1": [[10, 20, 19, 29], [1, 1, 2, 2]],
            "dev_open_file_dialog": ["a.png"],
            "get_mbutton": [[1, 2, 1]],
        },
    )
    result = run_cli("run", str(program), "--answers", str(answers))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        f"hdlite: warning: {answers}: 1 answer(s) for draw_rectangle1 not used"
    )
