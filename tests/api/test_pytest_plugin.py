"""The pytest plugin that runs HDevelop programs as tests, run in-process with pytester."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

from hdlite.testing.expectations import expect_call, split_cases

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]


def plugin_args() -> list[str]:
    """``-p hdlite.testing.pytest_plugin`` unless the installed entry point loads it already."""
    installed = any(
        ep.value == "hdlite.testing.pytest_plugin" for ep in metadata.entry_points(group="pytest11")
    )
    return [] if installed else ["-p", "hdlite.testing.pytest_plugin"]


@pytest.fixture(autouse=True)
def _modules_loaded(host, tmp_path: Path) -> None:
    """Load the plugins, their operator modules and the interpreter in this process before
    running pytest in it.

    pytester removes the modules an in-process run imported; numpy's extension modules cannot
    be imported a second time, so they must already be loaded when the first run starts, and
    an operator module imported inside one run and again after it would exist twice (two
    classes of the same name: a handle made by one fails the other's checks).
    """
    import importlib
    import pkgutil

    from hdlite.runtime.interpreter import Interpreter
    from hdlite.syntax.program import load_program

    path = tmp_path / "warm.hdtxt"
    path.write_text("gen_image_const (I, 'byte', 2, 2)\nA := sum([1, 2])\n", encoding="utf-8")
    Interpreter(host).run(load_program(str(path)))
    packages = {op.func.__module__.split(".")[0] for op in host.registry.match("*")}
    for name in sorted(packages - {"hdlite"}):
        package = importlib.import_module(name)
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            importlib.import_module(f"{name}.{info.name}")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    quiet = ["-p", "no:cacheprovider", "-p", "no:hypothesispytest"]  # faster inner runs
    return pytester.runpytest_inprocess(*plugin_args(), *quiet, *args)


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(
        """
        [pytest]
        hdlite_programs = programs
        markers = slow: long programs
        """
    )
    pytester.mkdir("programs")
    return pytester


def write(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / "programs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SUM = """Sum := 0
for I := 1 to 10 by 1
    Sum := Sum + I
endfor
* expect: Sum == 55
"""


def test_passing_and_failing_expectations(project: pytest.Pytester) -> None:
    write(project, "good.hdtxt", SUM)
    write(project, "bad.hdtxt", SUM.replace("== 55", "== 56"))
    result = run(project)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*bad.hdtxt:5:1: expectation failed: Sum == 56 (left side 55, right side 56)",
            "*5 | * expect: Sum == 56",
        ]
    )
    assert "hdlite_expect" not in result.stdout.str()  # the quoted line is the file's own


def test_runtime_error_reports_file_line_code_and_stack(project: pytest.Pytester) -> None:
    write(
        project,
        "crash.hdtxt",
        "proc inner (tuple X)\n    Y := X[10]\nendproc\n\ninner ([1])\n",
    )
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*crash.hdtxt:2:10: error 1302 in tuple_select: *index 10 out of range*",
            "*in procedure inner",
            "*called from main (*crash.hdtxt:5)",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_program_output_is_shown_with_a_failure(project: pytest.Pytester) -> None:
    write(
        project,
        "talks.hdtxt",
        "open_file ('standard', 'output', F)\nfwrite_string (F, 'step 1 done')\n* expect: 1 == 0\n",
    )
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Captured hdlite output call*", "step 1 done"])


def test_expectation_cannot_be_caught_by_the_program(project: pytest.Pytester) -> None:
    write(project, "caught.hdtxt", "try\n    * expect: 1 == 2\ncatch (E)\nendtry\n")
    run(project).assert_outcomes(failed=1)


def test_expected_errors_and_chunks(project: pytest.Pytester) -> None:
    write(
        project,
        "errors.hdtxt",
        """T := [1,2,3]
X := T[3]
* expect error 1302: out of range
---
A := 1 / 0
* expect error 1201: division
---
B := 1

* expect error: anything
---
proc inner (tuple X)
    Y := X[10]
endproc
inner ([1])
* expect error 1302: index 10
""",
    )
    result = run(project, "-v")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*errors.hdtxt::errors:1 PASSED*",
            "*errors.hdtxt::errors:5 FAILED*",
            "*errors.hdtxt::errors:8 FAILED*",
            "*errors.hdtxt::errors:12 PASSED*",
        ]
    )
    result.stdout.fnmatch_lines(["*expected an error 1201 matching 'division'*got code 1302*"])
    result.stdout.fnmatch_lines(["*at *errors.hdtxt:8, but the program ran to its end"])


def test_markers_and_k_selection(project: pytest.Pytester) -> None:
    write(project, "quick.hdtxt", SUM)
    write(project, "long_run.hdtxt", "* pytest: slow\n" + SUM)
    run(project, "-m", "not slow", "-v").stdout.fnmatch_lines(
        ["*quick.hdtxt::quick PASSED*", "*1 deselected*"]
    )
    result = run(project, "-k", "long_run", "-v")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["*long_run.hdtxt::long_run PASSED*"])


def test_golden_files(project: pytest.Pytester) -> None:
    program = write(project, "gold.hdtxt", "* pytest: golden\nA := [1, 2.5, 'x']\nB := 3\n")
    golden = program.with_name("gold.golden.json")
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*gold.golden.json does not exist*--update-golden*"])
    run(project, "--update-golden").assert_outcomes(passed=1)
    assert json.loads(golden.read_text()) == {"A": [1, 2.5, "x"], "B": 3}
    run(project).assert_outcomes(passed=1)
    program.write_text("* pytest: golden\nA := [1, 2.5, 'x']\nB := 4\nC := 1\n")
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*final variables differ from gold.golden.json:",
            "*B: golden 3, got 4",
            "*C: set by the program, but not in the golden file",
        ]
    )
    run(project, "--update-golden").assert_outcomes(passed=1)
    assert json.loads(golden.read_text())["B"] == 4


def test_an_existing_golden_file_is_checked_without_marker(project: pytest.Pytester) -> None:
    program = write(project, "plain.hdtxt", "gen_image_const (Img, 'byte', 4, 3)\nR := 0.1\n")
    golden = program.with_name("plain.golden.json")
    golden.write_text(json.dumps({"Img": {"objects": []}, "R": 0.1}))
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Img: 0 objects in the golden file, 1 now*"])
    run(project, "--update-golden").assert_outcomes(passed=1)
    data = json.loads(golden.read_text())
    (image,) = data["Img"]["objects"]
    assert image["width"] == 4 and len(image["sha256"]) == 64
    data["R"] = 0.1 + 1e-12
    golden.write_text(json.dumps(data))
    run(project).assert_outcomes(passed=1)  # reals within the relative tolerance


def test_hdev_xml_programs(project: pytest.Pytester) -> None:
    write(
        project,
        "xml_prog.hdev",
        """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="main">
<interface/>
<body>
<l>Values := [3, 1, 2]</l>
<c>* expect: max(Values) &lt; 4 and min(Values) == 1</c>
<l>Sorted := sort(Values)</l>
<c>* expect: Sorted == [1, 2, 3]</c>
<c>* expect: Sorted[0] &gt; 1</c>
</body>
</procedure>
</hdevelop>
""",
    )
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*xml_prog.hdev:10:*expectation failed: Sorted[[]0] > 1 (left side 1, right side 1)"]
    )


def test_procedure_path_option(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhdlite_programs = programs\nhdlite_procedure_path = lib\n")
    lib = pytester.mkdir("lib")
    (lib / "twice.hdvp").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="twice">
<interface>
<ic><par name="X" base_type="ctrl" dimension="0"/></ic>
<oc><par name="Y" base_type="ctrl" dimension="0"/></oc>
</interface>
<body>
<l>Y := 2 * X</l>
</body>
</procedure>
</hdevelop>
"""
    )
    write(pytester, "uses_lib.hdtxt", "twice (21, Y)\n* expect: Y == 42\n")
    run(pytester).assert_outcomes(passed=1)


def test_nothing_is_collected_without_opting_in(pytester: pytest.Pytester) -> None:
    pytester.mkdir("programs")
    write(pytester, "quick.hdtxt", SUM)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_program_folders_join_the_testpaths(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ntestpaths = tests\nhdlite_programs = scripts\n")
    pytester.mkdir("tests")
    (pytester.path / "tests" / "test_one.py").write_text("def test_one():\n    pass\n")
    scripts = pytester.mkdir("scripts")
    (scripts / "demo.hdtxt").write_text(SUM)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*scripts/demo.hdtxt::demo PASSED*"])


def test_malformed_pytest_line_is_a_collection_error(project: pytest.Pytester) -> None:
    write(project, "odd.hdtxt", "* pytest: slow, not-a-marker\nA := 1\n")
    result = run(project)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*'not-a-marker' is not a marker name*"])


@pytest.mark.slow
def test_the_projects_own_programs_pass(pytester: pytest.Pytester) -> None:
    """tests/lang, tests/errors and scripts/ through the plugin (a subprocess: some load torch)."""
    folders = [ROOT / "tests" / "lang", ROOT / "tests" / "errors", ROOT / "scripts"]
    pytester.makeini("[pytest]\nhdlite_programs =\n" + "".join(f"    {f}\n" for f in folders))
    config = str(pytester.path / "tox.ini")
    result = pytester.runpytest_subprocess(
        *plugin_args(), "-c", config, "--rootdir", str(pytester.path), *map(str, folders)
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0, result.stdout.str()
    assert outcomes["passed"] >= 40


# ----------------------------------------------------------------------------- rewriting


def test_expect_call_shows_both_sides_of_a_comparison() -> None:
    assert expect_call("A == [1, 2]") == "hdlite_expect (A == [1, 2], 'A == [1, 2]', A, [1, 2])"
    assert expect_call("[1, 2] = B") == "hdlite_expect ([1, 2] = B, '[1, 2] = B', [1, 2], B)"
    assert expect_call("S == 'it''s'").endswith(", S, 'it''s')")
    assert expect_call("(A == B)") == "hdlite_expect ((A == B), '(A == B)', [], [])"
    assert expect_call("A and B") == "hdlite_expect (A and B, 'A and B', [], [])"
    assert expect_call("A ==") == "hdlite_expect (A ==, 'A ==', [], [])"


def test_split_cases_keeps_line_numbers() -> None:
    cases = split_cases("f", "A := 1\n* expect: A == 1\n---\nB := 2\n* expect error: x\n")
    assert [c.name for c in cases] == ["f:1", "f:4"]
    second = cases[1].text.split("\n")
    assert second[:3] == ["", "", ""] and second[3] == "B := 2"
    assert cases[1].expected_error is not None and cases[1].expected_error.line == 4
    assert cases[0].text.split("\n")[1].startswith("hdlite_expect (A == 1")
