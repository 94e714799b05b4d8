"""Scripted answers from Python: Engine(answers=...), hdlite_runner, and program tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hdlite.answers import AnswerError, Answers
from hdlite.embed.engine import Engine, Program, ProgramCall
from hdlite.errors import HalconError
from hdlite.testing.expectations import ExpectationSyntaxError, split_cases

from .test_pytest_plugin import _modules_loaded, run, write  # noqa: F401  (autouse fixture)

pytest_plugins = ["pytester"]

PROGRAM = """\
dev_open_window (0, 0, 64, 48, 'black', WindowHandle)
draw_circle (WindowHandle, Row, Column, Radius)
gen_rectangle1 (Box, Row - Radius, Column - Radius, Row + Radius, Column + Radius)
area_center (Box, Area, R, C)
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.hdtxt"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def test_engine_answers_from_a_dict_start_over_in_every_run(program: Path):
    engine = Engine(answers={"draw_circle": [[20, 30, 5]]})
    first = engine.run(program)
    assert (first["Row"], first["Column"], first["Radius"]) == ([20.0], [30.0], [5.0])
    assert first["Area"] == [121]
    assert engine.run(program)["Area"] == [121]  # the same first answer again
    call = ProgramCall(Program(program, engine=engine)).execute()
    assert call.get_control_var_by_name("Radius") == [5.0]


def test_engine_answers_from_a_file(program: Path, tmp_path: Path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"draw_circle": [[10, 10, 2]]}), encoding="utf-8")
    assert Engine(answers=answers).run(program)["Radius"] == [2.0]
    assert Engine(answers=str(answers)).run(program)["Radius"] == [2.0]


def test_engine_without_answers_raises_5104_at_the_call(program: Path):
    with pytest.raises(HalconError) as info:
        Engine().run(program)
    assert info.value.code == 5104
    assert info.value.span is not None and info.value.span.line == 2
    assert "draw_circle" in info.value.message


def test_engine_refuses_answers_for_unknown_operators():
    with pytest.raises(AnswerError, match="'draw_cirle' is not an operator"):
        Engine(answers={"draw_cirle": [[1, 1, 1]]})
    with pytest.raises(AnswerError, match="must map to a list"):
        Engine(answers={"draw_circle": "1 1 1"})


def test_engine_wrong_shape_is_an_answer_error_at_the_call(program: Path):
    engine = Engine(answers={"draw_circle": [[1, 1]]})
    with pytest.raises(AnswerError) as info:
        engine.run(program)
    assert info.value.span is not None and info.value.span.line == 2
    assert "the answers: answer 1 for draw_circle is [1, 1]" in info.value.message


def test_answers_object_bookkeeping():
    answers = Answers({"draw_point": [[1, 2], [3, 4]]}, "a.json")
    assert answers.take("draw_point").value == [1, 2]
    assert answers.unused() == {"draw_point": 1}
    assert answers.fresh().unused() == {"draw_point": 2}
    assert answers.take("draw_point").number == 2
    assert answers.take("draw_point") is None
    assert answers.take("draw_circle") is None
    assert answers.unused() == {}


def test_runner_takes_answers(hdlite_runner, tmp_path: Path):
    runner = hdlite_runner.use(builtin=["core", "image", "display"])
    result = runner.run(PROGRAM, answers={"draw_circle": [[20, 30, 5]]})
    result.assert_ok()
    assert result["Area"] == (121,)
    missing = runner.run(PROGRAM)
    assert isinstance(missing.error, HalconError) and missing.error.code == 5104


def test_runner_reads_an_answers_line(hdlite_runner, tmp_path: Path):
    runner = hdlite_runner.use(builtin=["core", "image", "display"])
    line = '* answers: {"draw_circle": [[20, 30, 5]]}\n'
    result = runner.run(line + PROGRAM + "* expect: Area == 121\n")
    result.assert_ok()
    (tmp_path / "circle.json").write_text('{"draw_circle": [[9, 9, 3]]}', encoding="utf-8")
    result = runner.run("* answers: circle.json\n" + PROGRAM + "* expect: Radius == 3.0\n")
    result.assert_ok()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("* answers: {broken", "the '* answers:' JSON does not parse"),
        ("* answers:", "needs a JSON file name or a JSON object"),
        ("* Answers: a.json", "this looks like an expectation but is not one"),
        ("* answers: a.json\n* answers: b.json", "a second '* answers' line"),
    ],
)
def test_malformed_answers_lines(line: str, message: str):
    with pytest.raises(ExpectationSyntaxError, match=re.escape(message)):
        split_cases("t", line + "\nA := 1\n", path="t.hdtxt")


def test_program_tests_with_answers(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhdlite_programs = programs\n")
    pytester.mkdir("programs")
    write(pytester, "inline.hdtxt", '* answers: {"draw_circle": [[20, 30, 5]]}\n' + PROGRAM)
    write(pytester, "file.hdtxt", "* answers: circle.json\n" + PROGRAM + "* expect: Area == 49\n")
    write(pytester, "circle.json", '{"draw_circle": [[9, 9, 3]]}')
    write(pytester, "missing.hdtxt", PROGRAM)
    write(pytester, "wrong.hdtxt", '* answers: {"draw_circle": [[1]]}\n' + PROGRAM)
    write(pytester, "typo.hdtxt", '* answers: {"draw_cirle": [[1, 1, 1]]}\n' + PROGRAM)
    result = run(pytester, "-q")
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines_random(
        [
            "*missing.hdtxt:2:1: error 5104 in draw_circle: *no interactive input*",
            "*wrong.hdtxt:3:1: error: *wrong.hdtxt:1: answer 1 for draw_circle is [[]1[]]*",
            "*typo.hdtxt:1: 'draw_cirle' is not an operator (did you mean 'draw_circle'?)",
        ]
    )
