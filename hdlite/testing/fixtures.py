"""A pytest fixture for plugin authors: run programs and operators with chosen plugins only.

Installed with hdlite (through its pytest plugin), so a plugin's own tests can write::

    def test_double_it(hdlite_runner):
        runner = hdlite_runner.use(my_plugin, builtin=["core"])   # only these plugins
        assert runner.call("double_it", [1, 2.5]) == [2, 5.0]
        result = runner.run("double_it (21, D)\\n* expect: D == 42\\n")
        result.assert_ok()
        assert result["D"] == (42,)

Like pytest's ``pytester`` it isolates what a test sees: installed entry points are not
loaded, only the plugin objects or modules passed to :meth:`HdliteRunner.use` (and the
built-in sets named in ``builtin``, by entry-point name: ``core``, ``image``, ``display``,
``dl``). Program text is written into the test's ``tmp_path``; ``* expect:`` lines in it
are checked as in program tests.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hdlite.embed.direct import Operators
    from hdlite.errors import HdliteError
    from hdlite.plugin.host import PluginHost


@dataclass
class RunResult:
    """What a program run gave: main's variables, its text output, the error, failures.

    Attributes:
        variables: main's final variables (control values as tuples).
        output: what the program printed (``fwrite_string`` to standard output, ...).
        error: the error that ended the run, or None.
        failures: the rendered ``* expect:`` lines that failed.
    """

    variables: dict[str, Any]
    output: str
    error: HdliteError | None
    failures: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.variables[name]

    @property
    def ok(self) -> bool:
        """Whether the program ran to its end and every expectation held."""
        return self.error is None and not self.failures

    def assert_ok(self) -> None:
        """Fail the test with the program's own report unless :attr:`ok`."""
        if not self.ok:
            parts = list(self.failures)
            if self.error is not None:
                parts.append(self.error.render())
            pytest.fail("\n\n".join(parts), pytrace=False)


class HdliteRunner:
    """Runs programs and operators against a plugin host with only the chosen plugins."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self._host: PluginHost | None = None
        self._ops: Operators | None = None

    def use(self, *plugins: Any, builtin: Iterable[str] = ()) -> HdliteRunner:
        """Load only ``plugins`` (modules or objects with hooks) and the ``builtin`` sets.

        Returns:
            The runner itself, so ``runner = hdlite_runner.use(plugin)`` reads well.

        Raises:
            PluginLoadError: a plugin breaks the hook contract (the error names it).
        """
        from hdlite.plugin.host import make_plugin_manager
        from hdlite.testing.expectations import ExpectPlugin

        self._host = make_plugin_manager(
            autoload=False, modules=list(builtin), plugins=[*plugins, ExpectPlugin()]
        )
        self._ops = None
        return self

    @property
    def host(self) -> PluginHost:
        """The plugin host (only the core's intrinsics until :meth:`use` is called)."""
        if self._host is None:
            self.use()
        assert self._host is not None
        return self._host

    @property
    def ops(self) -> Operators:
        """The loaded operators as Python functions (``runner.ops.NAME(...)``)."""
        if self._ops is None:
            from hdlite.embed.direct import Operators

            self._ops = Operators(self.host)
        return self._ops

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call operator ``name`` as ``hdlite.ops`` does (HalconError/PluginError on failure)."""
        return self.ops.call(name, *args, **kwargs)

    def run(
        self,
        program: str | Path,
        name: str = "test_program.hdtxt",
        answers: Mapping[str, Any] | str | Path | None = None,
        **inputs: Any,
    ) -> RunResult:
        """Run program text (or a program file) with main's inputs; never raises for its errors.

        Args:
            program: the program's text (plain text or XML), or a path to a program file.
            name: the file name the text is written to (its extension does not matter).
            answers: scripted answers for interactive operators, as ``hdlite run --answers``
                takes them (a JSON file or a dict); they replace an ``* answers:`` line.
            **inputs: values for main's variables, as ``hdlite run --set`` gives them.
        """
        from hdlite.answers import Answers
        from hdlite.errors import HdliteError
        from hdlite.runtime.interpreter import Interpreter
        from hdlite.runtime.session import Session
        from hdlite.syntax.program import load_program
        from hdlite.testing.expectations import (
            ExpectationSyntaxError,
            case_answers,
            expectation_failures,
            split_cases,
        )
        from hdlite.values.control import from_python

        if isinstance(program, Path):
            path = program
            text = path.read_text(encoding="utf-8")
        else:
            path = self.tmp_path / name
            text = program
            path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        session = Session(out=out)
        interpreter = Interpreter(self.host, session=session)
        values = {k: from_python(v) for k, v in inputs.items()}
        error: HdliteError | None = None
        variables: dict[str, Any] = {}
        try:
            cases = split_cases(path.stem, text, path=str(path))
        except ExpectationSyntaxError as exc:
            pytest.fail(str(exc), pytrace=False)
        if len(cases) > 1:
            pytest.fail(f"{path}: one program per run; '---' chunks are for program tests")
        try:
            if answers is not None:
                session.answers = Answers.of(answers)
            else:
                session.answers = case_answers(cases[0], str(path))
            session.answers.check_names(self.host.registry.names())
            variables = interpreter.run(load_program(str(path), cases[0].text), values).variables
        except HdliteError as exc:
            error = exc
        failures = [f.render() for f in expectation_failures(session)]
        return RunResult(variables, out.getvalue(), error, failures)


@pytest.fixture
def hdlite_runner(tmp_path: Path) -> HdliteRunner:
    """Run programs and operators with only the plugins a test names (see the module docs)."""
    return HdliteRunner(tmp_path)


__all__ = ["HdliteRunner", "RunResult", "hdlite_runner"]
