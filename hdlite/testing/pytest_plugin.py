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
* a golden file ``PROGRAM.golden.json`` next to the program: main's final variables must
  match it (reals within ``hdlite_golden_rel_tol``, default 1e-9). ``pytest --update-golden``
  rewrites the golden files of the programs it runs (and creates those marked ``golden``).

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

SUFFIXES = (".hdev", ".hdtxt")
_ROOTS = pytest.StashKey[list[Path]]()
_HOST = pytest.StashKey["PluginHost"]()


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
    group = parser.getgroup("hdlite", "HDevelop programs")
    group.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="write PROGRAM.golden.json of every program run (existing or marked golden)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the program paths; collect them too when pytest uses its testpaths."""
    roots = [Path(p).resolve() for p in config.getini("hdlite_programs")]
    config.stash[_ROOTS] = roots
    if roots and config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        covered = [Path(arg.split("::")[0]).resolve() for arg in config.args]
        for root in roots:
            if root.exists() and not any(_within(root, c) for c in covered):
                config.args.append(str(root))


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
            cases = split_cases(self.path.stem, text)
        except ExpectationSyntaxError as exc:
            raise self.CollectError(f"{self.path}: {exc}") from None
        return [ProgramItem.from_parent(self, name=case.name, case=case) for case in cases]


class ProgramFailure(Exception):
    """A program test failed; the message is the whole report."""


class ProgramItem(pytest.Item):
    """One run of a program, with its expectations."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        for name in case.markers:
            self.add_marker(name)

    @property
    def golden_path(self) -> Path:
        """Where the golden file of this program is: ``PROGRAM.golden.json`` beside it."""
        return self.path.with_name(self.path.stem + ".golden.json")

    def _program_path(self) -> str:
        relative = os.path.relpath(self.path, os.getcwd())
        return str(self.path) if relative.startswith("..") else relative

    def runtest(self) -> None:
        """Run the program; check the expected error, or the golden file."""
        from hdlite.errors import HdliteError
        from hdlite.runtime.interpreter import Interpreter
        from hdlite.runtime.session import Session
        from hdlite.source import SourceCache
        from hdlite.syntax.program import load_program
        from hdlite.testing.expectations import check_error

        path = self._program_path()
        out = io.StringIO()
        interpreter = Interpreter(
            _host(self.config),
            procedure_path=[str(p) for p in self.config.getini("hdlite_procedure_path")],
            session=Session(out=out),
        )
        error: HdliteError | None = None
        variables: dict[str, Any] = {}
        try:
            program = load_program(path, self.case.text)
            SourceCache.remember(path, self.path.read_text(encoding="utf-8", errors="replace"))
            variables = interpreter.run(program).variables
        except HdliteError as exc:
            error = exc
        finally:
            if out.getvalue():
                self.add_report_section("call", "hdlite output", out.getvalue())
        expected = self.case.expected_error
        if expected is not None:
            message = check_error(error, expected, path)
            if message:
                raise ProgramFailure(message)
            return
        if error is not None:
            raise ProgramFailure(error.render())
        if self.case.whole_file and (self.case.golden or self.golden_path.exists()):
            self._check_golden(variables)

    def _check_golden(self, variables: dict[str, Any]) -> None:
        from hdlite.atomic import atomic_open
        from hdlite.testing.expectations import golden_data, golden_differences

        actual = golden_data(variables)
        golden = self.golden_path
        if self.config.getoption("update_golden"):
            with atomic_open(golden, "w", encoding="utf-8") as handle:
                json.dump(actual, handle, indent=2, sort_keys=True)
                handle.write("\n")
            return
        if not golden.exists():
            raise ProgramFailure(
                f"{golden.name} does not exist: run pytest --update-golden to create it"
            )
        try:
            expected = json.loads(golden.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ProgramFailure(f"cannot read {golden}: {exc}") from None
        rel_tol = float(self.config.getini("hdlite_golden_rel_tol"))
        lines = golden_differences(expected, actual, rel_tol)
        if lines:
            listing = "\n".join("  " + line for line in lines)
            raise ProgramFailure(
                f"final variables differ from {golden.name}:\n{listing}\n"
                "(run pytest --update-golden to accept the new values)"
            )

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


def _host(config: pytest.Config) -> PluginHost:
    """One plugin host per pytest session (operators keep no state between runs)."""
    host = config.stash.get(_HOST, None)
    if host is None:
        from hdlite.plugin.host import make_plugin_manager
        from hdlite.testing.expectations import ExpectPlugin

        host = config.stash[_HOST] = make_plugin_manager(plugins=[ExpectPlugin()])
    return host
