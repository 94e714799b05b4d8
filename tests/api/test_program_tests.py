"""Program tests that must not pass silently: malformed expectations, every failure reported,
golden files with content hashes, markers, missing paths; and the plugin authors' fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hdlite.plugin import CallContext, ControlIn, ControlOut, hookimpl, operator
from hdlite.testing.expectations import ExpectationSyntaxError, split_cases
from tests.api.test_pytest_plugin import run, write

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _modules_loaded(host, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Load the interpreter before pytester's in-process runs (see test_pytest_plugin.py)."""
    from hdlite.runtime.interpreter import Interpreter
    from hdlite.syntax.program import load_program

    path = tmp_path / "warm.hdtxt"
    path.write_text("gen_image_const (I, 'byte', 2, 2)\nA := sum([1, 2])\n", encoding="utf-8")
    Interpreter(host).run(load_program(str(path)))


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nhdlite_programs = programs\n")
    pytester.mkdir("programs")
    return pytester


# ----------------------------------------------------------------------------- item 1, 8


@pytest.mark.parametrize(
    "line",
    [
        "* expect error 1302 out of range",
        "* expect error abc: x",
        "* Expect: A == 1",
        "* expects: A == 1",
        "// expect: A == 1",
        "A := 2 // expect: A == 2",
        "* pytest slow",
    ],
)
def test_a_line_that_looks_like_an_expectation_is_an_error(line: str) -> None:
    text = f"A := 1\n{line}\n"
    with pytest.raises(ExpectationSyntaxError) as info:
        split_cases("f", text, path="progs/f.hdtxt")
    assert str(info.value).startswith("progs/f.hdtxt:2: ")
    assert "* expect: EXPR" in str(info.value)


def test_prose_comments_stay_comments() -> None:
    text = "* expected values are below\n* expectation: none\nA := 1 // a comment\n"
    assert len(split_cases("f", text)) == 1


def test_all_bad_lines_are_reported_with_their_lines() -> None:
    text = "A := 1\n* Expect: A == 1\nB := 2\n* expects: B == 2\n"
    with pytest.raises(ExpectationSyntaxError) as info:
        split_cases("f", text, path="f.hdtxt")
    assert [line for line, _ in info.value.problems] == [2, 4]
    assert "f.hdtxt:4: " in str(info.value) and "4 | * expects: B == 2" in str(info.value)


def test_bad_regex_is_a_located_message_not_re_error() -> None:
    with pytest.raises(ExpectationSyntaxError) as info:
        split_cases("f", "A := [1][3]\n* expect error 1302: range(\n", path="f.hdtxt")
    message = str(info.value)
    assert message.startswith("f.hdtxt:2: the '* expect error' pattern 'range(' is not")
    assert "missing )" in message and "\n" in message and "Traceback" not in message


def test_syntax_error_in_an_expectation_shows_the_users_line() -> None:
    with pytest.raises(ExpectationSyntaxError) as info:
        split_cases("f", "A := 1\n* expect: A ==\n", path="f.hdtxt")
    message = str(info.value)
    assert message.startswith("f.hdtxt:2: the '* expect:' expression does not parse")
    assert "hdlite_expect" not in message and "* expect: A ==" in message


def test_malformed_lines_fail_collection_with_file_and_line(project: pytest.Pytester) -> None:
    write(project, "sloppy.hdtxt", "A := 1\n* Expect: A == 2\n")
    write(project, "badre.hdtxt", "A := [1][3]\n* expect error: (\n")
    result = run(project)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*sloppy.hdtxt:2: this looks like an expectation*"])
    result.stdout.fnmatch_lines(["*badre.hdtxt:2: the '* expect error' pattern '(' is not*"])
    assert "re.error" not in result.stdout.str() and "sre_parse" not in result.stdout.str()


# ----------------------------------------------------------------------------- item 2


def test_every_failing_expectation_is_reported(project: pytest.Pytester) -> None:
    write(
        project,
        "three.hdtxt",
        "A := 1\n* expect: A == 2\n* expect: A == 1\n* expect: A == 3\nB := A + 1\n"
        "* expect: B == 5\n",
    )
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "3 expectations failed",
            "*three.hdtxt:2:1: expectation failed: A == 2 (left side 1, right side 2)",
            "*three.hdtxt:4:1: expectation failed: A == 3 *",
            "*three.hdtxt:6:1: expectation failed: B == 5 (left side 2, right side 5)",
        ]
    )


def test_a_failing_expectation_before_an_expected_error_is_reported(
    project: pytest.Pytester,
) -> None:
    write(project, "both.hdtxt", "A := 1\n* expect: A == 2\nX := [1][4]\n* expect error 1302: \n")
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*both.hdtxt:2:1: expectation failed: A == 2*"])


# ----------------------------------------------------------------------------- item 9


GOLDEN_IMAGE = "gen_image_const (Img, 'byte', 8, 6)\n{paint}\ngen_rectangle1 (R, 1, 1, 3, {col})\n"


def test_golden_files_see_changed_pixels_and_list_what_was_written(
    project: pytest.Pytester,
) -> None:
    program = write(
        project, "img.hdtxt", "* pytest: golden\n" + GOLDEN_IMAGE.format(paint="", col=4)
    )
    result = run(project, "--update-golden")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*hdlite golden files*", "created: *img.golden.json"])
    golden = json.loads(program.with_name("img.golden.json").read_text())
    assert (
        golden["R"]["objects"][0]["region"] == 12 and len(golden["R"]["objects"][0]["sha256"]) == 64
    )
    assert "pixels" not in golden["Img"]["objects"][0]
    painted = GOLDEN_IMAGE.format(paint="paint_region (R0, Img, Img, 7, 'fill')", col=4)
    program.write_text("* pytest: golden\ngen_rectangle1 (R0, 0, 0, 0, 0)\n" + painted)
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Img: object 1: same size, different pixels (content hash)"])
    run(project, "--update-golden").stdout.fnmatch_lines(["updated: *img.golden.json"])
    run(project, "--update-golden").stdout.fnmatch_lines(["unchanged: *img.golden.json"])


def test_golden_pixels_give_the_size_of_a_difference(project: pytest.Pytester) -> None:
    program = write(project, "px.hdtxt", "* pytest: golden\ngen_image_const (Img, 'real', 3, 2)\n")
    run(project, "--update-golden", "--golden-pixels").assert_outcomes(passed=1)
    golden = json.loads(program.with_name("px.golden.json").read_text())
    assert "pixels" in golden["Img"]["objects"][0]
    program.write_text(
        "* pytest: golden\ngen_image_const (Img0, 'real', 3, 2)\n"
        "gen_rectangle1 (R, 0, 0, 0, 1)\npaint_region (R, Img0, Img, 2.5, 'fill')\n"
    )
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*Img: object 1: 2 of 6 pixel values differ (largest difference 2.5)"]
    )


def test_handles_are_kept_by_kind(project: pytest.Pytester) -> None:
    program = write(project, "h.hdtxt", "* pytest: golden\ncreate_dict (D)\n")
    run(project, "--update-golden").assert_outcomes(passed=1)
    assert json.loads(program.with_name("h.golden.json").read_text()) == {"D": {"handle": "dict"}}


# ----------------------------------------------------------------------------- item 10


def test_pytest_slow_works_under_strict_markers(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhdlite_programs = programs\n")
    write(pytester, "long.hdtxt", "* pytest: slow, nightly\nA := 1\n")
    result = run(pytester, "--strict-markers", "-m", "slow and nightly")
    result.assert_outcomes(passed=1)


def test_a_misspelled_program_path_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhdlite_programs = progams\n")
    pytester.mkdir("programs")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*hdlite_programs names *progams, which does not exist*"])


# ----------------------------------------------------------------------------- the fixture


@operator("triple_it", ControlIn("Value", types="number"), ControlOut("Tripled", types="number"))
def triple_it(ctx: CallContext, value: tuple) -> tuple:
    """Multiply every element by three."""
    return (tuple(v * 3 for v in value),)


class TriplePlugin:
    @hookimpl
    def hdlite_register_operators(self, registry):  # type: ignore[no-untyped-def]
        registry.add(triple_it)


def test_runner_loads_only_the_given_plugins(hdlite_runner) -> None:  # type: ignore[no-untyped-def]
    runner = hdlite_runner.use(TriplePlugin())
    assert runner.call("triple_it", [1, 2.5]) == [3, 7.5]
    assert runner.host.registry.get("tuple_length") is None  # no installed plugin loaded
    result = runner.run("triple_it (N, T)\n* expect: T == 12\n", N=4)
    result.assert_ok()
    assert result["T"] == (12,)
    bad = runner.run("triple_it (1, T)\n* expect: T == 4\n* expect: T == 5\n")
    assert not bad.ok and len(bad.failures) == 2
    missing = runner.run("tuple_length ([1], L)\n")
    assert missing.error is not None and "tuple_length" in missing.error.render()


def test_runner_with_builtin_sets(hdlite_runner) -> None:  # type: ignore[no-untyped-def]
    runner = hdlite_runner.use(TriplePlugin(), builtin=["core"])
    result = runner.run("triple_it ([1, 2], T)\nS := sum(T)\n")
    result.assert_ok()
    assert result["S"] == (9,)
    assert runner.host.registry.get("read_image") is None


def test_the_fixture_is_available_to_any_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_mine="""
        from hdlite.plugin import ControlIn, ControlOut, hookimpl, operator

        @operator("negate_it", ControlIn("V", types="number"), ControlOut("N", types="number"))
        def negate_it(ctx, v):
            '''Negate.'''
            return (tuple(-x for x in v),)

        class Plugin:
            @hookimpl
            def hdlite_register_operators(self, registry):
                registry.add(negate_it)

        def test_negate(hdlite_runner):
            assert hdlite_runner.use(Plugin()).call("negate_it", 2) == [-2]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_plain_program_path(tmp_path: Path, hdlite_runner) -> None:  # type: ignore[no-untyped-def]
    program = tmp_path / "p.hdtxt"
    program.write_text("triple_it (2, T)\n")
    assert hdlite_runner.use(TriplePlugin()).run(program)["T"] == (6,)
