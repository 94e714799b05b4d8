"""A pytest plugin that runs HDevelop programs as tests (entry point ``pytest11: hdlite``).

A project opts in by naming program files or folders in its pytest configuration::

    [tool.pytest.ini_options]
    hdlite_programs = ["tests/lang", "scripts"]
    hdlite_procedure_path = ["procedures"]      # optional, searched before the program's folder

Every ``.hdev`` and ``.hdtxt`` file there becomes a test item named after the program (so
``-k hello_tuples`` selects it) that runs in a fresh interpreter and session. It fails with the
program's file:line:column, the HALCON error code and the call stack when the program throws,
and checks what the program says about itself (see ``expectations.py``):

* ``* expect: EXPR`` lines, checked after the statement before them;
* ``* expect error [CODE]: REGEX``: the code line above must fail that way;
* ``* pytest: slow`` (any marker names) and ``* pytest: golden``;
* ``* answers: FILE`` or ``* answers: {JSON}``: scripted answers for interactive operators;
* a golden file ``PROGRAM.golden.json`` next to the program: main's final variables must
  match it (reals within ``hdlite_golden_rel_tol``, default 1e-9; images and regions by a
  content hash, see ``golden.py``). ``pytest --update-golden`` rewrites the golden files of
  the programs it runs (and creates those marked ``golden``) and lists what it wrote;
  ``hdlite_golden_pixels = true`` or ``--golden-pixels`` also stores the pixels of images.

Every ``* expect:`` line is checked, even after one failed; the test reports each failure.
Marker names of ``* pytest:`` lines are registered (``--strict-markers`` accepts them), and a
``hdlite_programs`` path that does not exist is a usage error, not "no tests ran".

The fixture ``hdlite_runner`` (see ``fixtures.py``) runs programs and operators with only
the plugins a test names, for plugin authors.

When pytest runs with its configured ``testpaths``, the program folders are collected too, so
they need not be listed twice. Without ``hdlite_programs`` the plugin does nothing, and it
imports the interpreter only when it collects a program.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hdlite.errors import HdliteError
    from hdlite.plugin.host import PluginHost
    from hdlite.testing.expectations import Case

from hdlite.testing.fixtures import hdlite_runner

SUFFIXES = (".hdev", ".hdtxt")
_ROOTS = pytest.StashKey[list[Path]]()
_HOST = pytest.StashKey["PluginHost"]()
_WRITTEN = pytest.StashKey[list[tuple[Path, str]]]()
#: markers hdlite's own programs use; other names of ``* pytest:`` lines are added as found
MARKERS = {"slow": "a long-running HDevelop program (from a '* pytest: slow' line)"}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini options and ``--update-golden``."""
    parser.addini(
        "hdlite_programs",
        "HDevelop program files or folders (.hdev, .hdtxt) to collect as tests",
        type="paths",
        default=[],
    )
    parser.addini(
        "hdlite_procedure_path",
        "folders of external procedures for the collected programs",
        type="paths",
        default=[],
    )
    parser.addini(
        "hdlite_golden_rel_tol",
        "relative tolerance for reals in golden files (default 1e-9)",
        default="1e-9",
    )
    parser.addini(
        "hdlite_golden_pixels",
        "store the pixels of images in golden files, not only their content hash",
        type="bool",
        default=False,
    )
    group = parser.getgroup("hdlite", "HDevelop programs")
    group.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="write PROGRAM.golden.json of every program run (existing or marked golden)",
    )
    group.addoption(
        "--golden-pixels",
        action="store_true",
        default=False,
        help="with --update-golden: store the pixels of images too (hdlite_golden_pixels)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the program paths; collect them too when pytest uses its testpaths."""
    for name, text in MARKERS.items():
        _register_marker(config, name, text)
    roots = [Path(p).resolve() for p in config.getini("hdlite_programs")]
    missing = [str(root) for root in roots if not root.exists()]
    if missing:
        raise pytest.UsageError(
            f"hdlite_programs names {', '.join(missing)}, which does not exist "
            f"(configured in {config.inipath or 'the pytest configuration'})"
        )
    config.stash[_ROOTS] = roots
    config.stash[_WRITTEN] = []
    if roots and config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        covered = [Path(arg.split("::")[0]).resolve() for arg in config.args]
        for root in roots:
            if root.exists() and not any(_within(root, c) for c in covered):
                config.args.append(str(root))


def _register_marker(config: pytest.Config, name: str, text: str) -> None:
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    if name not in known:
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """With ``--update-golden``: list the golden files written."""
    written = config.stash.get(_WRITTEN, [])
    if not config.getoption("update_golden", False):
        return
    reporter = terminalreporter
    reporter.section("hdlite golden files")
    if not written:
        reporter.write_line("--update-golden: no golden file written")
    for path, what in written:
        reporter.write_line(f"{what}: {path}")


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect programs that lie in one of the ``hdlite_programs`` paths."""
    if file_path.suffix.lower() not in SUFFIXES:
        return None
    roots = parent.config.stash.get(_ROOTS, [])
    resolved = file_path.resolve()
    if any(_within(resolved, root) for root in roots):
        return ProgramFile.from_parent(parent, path=file_path)
    return None


class ProgramFile(pytest.File):
    """A program file: one test, or one per ``---`` chunk of a plain-text file."""

    def collect(self) -> list[ProgramItem]:
        """The program's cases as test items."""
        from hdlite.testing.expectations import ExpectationSyntaxError, split_cases

        text = self.path.read_text(encoding="utf-8", errors="replace")
        try:
            cases = split_cases(self.path.stem, text, path=_display_path(self.path))
        except ExpectationSyntaxError as exc:
            raise self.CollectError(str(exc)) from None
        return [ProgramItem.from_parent(self, name=case.name, case=case) for case in cases]


class ProgramFailure(Exception):
    """A program test failed; the message is the whole report."""


class ProgramItem(pytest.Item):
    """One run of a program, with its expectations."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        for name in case.markers:
            _register_marker(self.config, name, "set by a '* pytest:' line of an HDevelop program")
            self.add_marker(name)

    @property
    def golden_path(self) -> Path:
        """Where the golden file of this program is: ``PROGRAM.golden.json`` beside it."""
        return self.path.with_name(self.path.stem + ".golden.json")

    def _program_path(self) -> str:
        return _display_path(self.path)

    def runtest(self) -> None:
        """Run the program; check the expected error, or the golden file."""
        from hdlite.errors import HdliteError
        from hdlite.runtime.interpreter import Interpreter
        from hdlite.runtime.session import Session
        from hdlite.source import SourceCache
        from hdlite.syntax.program import load_program
        from hdlite.testing.expectations import case_answers, check_error, expectation_failures

        path = self._program_path()
        out = io.StringIO()
        host = _host(self.config)
        session = Session(out=out)
        interpreter = Interpreter(
            host,
            procedure_path=[str(p) for p in self.config.getini("hdlite_procedure_path")],
            session=session,
        )
        error: HdliteError | None = None
        variables: dict[str, Any] = {}
        try:
            session.answers = case_answers(self.case, path)
            session.answers.check_names(host.registry.names())
            program = load_program(path, self.case.text)
            SourceCache.remember(path, self.path.read_text(encoding="utf-8", errors="replace"))
            variables = interpreter.run(program).variables
        except HdliteError as exc:
            error = exc
        finally:
            if out.getvalue():
                self.add_report_section("call", "hdlite output", out.getvalue())
        reports = [failure.render() for failure in expectation_failures(interpreter.session)]
        expected = self.case.expected_error
        if expected is not None:
            message = check_error(error, expected, path)
            if message:
                reports.append(message)
        elif error is not None:
            reports.append(error.render())
        elif self.case.whole_file and (self.case.golden or self.golden_path.exists()):
            message = self._check_golden(variables)
            if message:
                reports.append(message)
        if reports:
            count = len(expectation_failures(interpreter.session))
            head = f"{count} expectations failed\n\n" if count > 1 else ""
            raise ProgramFailure(head + "\n\n".join(reports))

    def _check_golden(self, variables: dict[str, Any]) -> str | None:
        """Compare with (or, with ``--update-golden``, write) the golden file; a failure text."""
        from hdlite.atomic import atomic_open
        from hdlite.testing.golden import golden_data, golden_differences

        golden = self.golden_path
        pixels = bool(self.config.getoption("golden_pixels")) or bool(
            self.config.getini("hdlite_golden_pixels")
        )
        actual = golden_data(variables, pixels)
        if self.config.getoption("update_golden"):
            text = json.dumps(actual, indent=2, sort_keys=True) + "\n"
            old = golden.read_text(encoding="utf-8") if golden.exists() else None
            if old != text:
                with atomic_open(golden, "w", encoding="utf-8") as handle:
                    handle.write(text)
            what = "created" if old is None else ("updated" if old != text else "unchanged")
            self.config.stash.setdefault(_WRITTEN, []).append((golden, what))
            return None
        if not golden.exists():
            return f"{golden.name} does not exist: run pytest --update-golden to create it"
        try:
            text = golden.read_text(encoding="utf-8")
            expected = json.loads(text)
        except (OSError, ValueError) as exc:
            return f"cannot read {golden}: {exc}"
        if not pixels and '"pixels"' in text:  # the file keeps pixels: compare them
            actual = golden_data(variables, True)
        rel_tol = float(self.config.getini("hdlite_golden_rel_tol"))
        lines = golden_differences(expected, actual, rel_tol)
        if lines:
            listing = "\n".join("  " + line for line in lines)
            return (
                f"final variables differ from {golden.name}:\n{listing}\n"
                "(run pytest --update-golden to accept the new values)"
            )
        return None

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        """The program's own error report instead of a Python traceback."""
        if isinstance(excinfo.value, ProgramFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the test is: the program file and the first line of its case."""
        return self.path, self.case.first_line - 1, self.name


def _display_path(path: Path) -> str:
    relative = os.path.relpath(path, os.getcwd())
    return str(path) if relative.startswith("..") else relative


def _host(config: pytest.Config) -> PluginHost:
    """One plugin host per pytest session (operators keep no state between runs)."""
    host = config.stash.get(_HOST, None)
    if host is None:
        from hdlite.plugin.host import make_plugin_manager
        from hdlite.testing.expectations import ExpectPlugin

        host = config.stash[_HOST] = make_plugin_manager(plugins=[ExpectPlugin()])
    return host


__all__ = ["ProgramFile", "ProgramItem", "hdlite_runner"]
