"""An HDevEngine-shaped facade: run programs and single procedures from Python.

::

    from hdlite.embed.engine import Engine, Procedure, ProcedureCall, Program, ProgramCall

    engine = Engine(procedure_path=["procedures"])
    call = ProgramCall(Program("count.hdev", engine=engine)).execute()
    call.get_control_var_by_name("Number")          # [5]

    proc = Procedure("area_of", engine=engine)       # external: from the procedure path
    pc = ProcedureCall(proc)
    pc.set_input_iconic_param_by_name("Region", region)
    pc.set_input_control_param_by_name("Scale", 2)
    pc.execute()
    pc.get_output_control_param_by_name("Area")

Names follow MVTec's Python bindings of HDevEngine (``HDevProgram``, ``HDevProgramCall``,
``HDevProcedure``, ``HDevProcedureCall``) without the ``HDev`` prefix. Differences: engines
are independent objects instead of one process-wide singleton (:meth:`Engine.shared` is the
one used when none is given); a call can preset main variables
(:meth:`ProgramCall.set_control_var_by_name`, like ``hdlite run --set``).

Values: control values come back as Python lists (vectors as nested lists), iconic values as
:class:`~hdlite.values.iconic.ObjectTuple`; inputs are converted as in :mod:`hdlite.direct`
(scalars, lists, numpy arrays for images). Misuse of the facade (an unknown parameter,
reading before ``execute``) raises :class:`EngineError`; errors of the program itself are
:class:`~hdlite.errors.HalconError` with code, file, line and call stack, as from
``hdlite run``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from hdlite.answers import Answers
from hdlite.embed.direct import python_value, to_objects
from hdlite.errors import HalconError, HdliteError
from hdlite.plugin.host import PluginHost, make_plugin_manager
from hdlite.runtime.interpreter import MAX_DEPTH, Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.ast import ParamDecl, ProcedureDef
from hdlite.syntax.program import Program as ParsedProgram
from hdlite.syntax.program import load_program
from hdlite.values.control import Vector, from_python
from hdlite.values.iconic import IconicObject, ObjectTuple

PathLike = str | os.PathLike[str]


class EngineError(HdliteError):
    """The facade was used wrongly: unknown parameter or variable, no ``execute`` yet."""

    exit_code = 2


class Engine:
    """Procedure path and plugins shared by the programs and procedures run through it.

    Args:
        procedure_path: directories of external procedures, searched in order.
        host: the plugin host; by default every installed plugin (loaded on first use).
        out: where programs print (``dev_inspect_ctrl``...); standard output by default.
        max_depth: the deepest procedure nesting allowed (HALCON error 21011 beyond).
        answers: scripted answers for interactive operators (``draw_rectangle1``, ...): a
            JSON file or a dict of operator name -> list of answers; every run starts from
            the first answer (docs/interactive.md).

    Raises:
        AnswerError: the answers cannot be read or name no operator.
    """

    _shared: Engine | None = None

    def __init__(
        self,
        procedure_path: Iterable[PathLike] = (),
        *,
        host: PluginHost | None = None,
        out: TextIO | None = None,
        max_depth: int = MAX_DEPTH,
        answers: Answers | Mapping[str, Any] | PathLike | None = None,
    ) -> None:
        self._path = [os.fspath(p) for p in procedure_path]
        self._host = host
        self.out = out
        self.max_depth = max_depth
        self.answers = Answers.of(answers)
        if self.answers:
            self.answers.check_names(self.host.registry.names())

    @classmethod
    def shared(cls) -> Engine:
        """The engine that programs and procedures use when they are given none."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    @property
    def host(self) -> PluginHost:
        """The plugin host (built on first use)."""
        if self._host is None:
            self._host = make_plugin_manager()
        return self._host

    def set_procedure_path(self, *paths: PathLike) -> None:
        """Replace the procedure path (several directories, or one ``os.pathsep`` list)."""
        self._path = [p for path in paths for p in os.fspath(path).split(os.pathsep) if p]

    def add_procedure_path(self, path: PathLike) -> None:
        """Append a directory to the procedure path."""
        self._path.append(os.fspath(path))

    def get_procedure_path(self) -> list[str]:
        """The procedure path, in search order."""
        return list(self._path)

    def get_procedure_names(self) -> list[str]:
        """Names of the external procedures this engine finds (path and plugin folders)."""
        return self.interpreter().library(None).names()

    def interpreter(self) -> Interpreter:
        """A fresh interpreter with this engine's settings and a new session."""
        session = Session(out=self.out)
        session.answers = self.answers.fresh()
        return Interpreter(
            self.host, procedure_path=self._path, session=session, max_depth=self.max_depth
        )

    def run(self, path: PathLike, /, **inputs: Any) -> dict[str, Any]:
        """Run a program file and return main's variables (see :func:`hdlite.run`)."""
        call = ProgramCall(Program(path, engine=self))
        for name, value in inputs.items():
            call.set_var_by_name(name, value)
        return call.execute().get_variables()


class Program:
    """A loaded program file (``.hdev`` or plain text): main and its local procedures.

    Args:
        path: the program file; ``None`` with ``text``, or to load later.
        engine: the engine to run it with (:meth:`Engine.shared` by default).
        text: program text to use instead of the file's content.

    Raises:
        ReadError, ParseError: the file cannot be read or does not parse.
    """

    def __init__(
        self, path: PathLike | None = None, *, engine: Engine | None = None, text: str | None = None
    ) -> None:
        self.engine = engine or Engine.shared()
        self.parsed: ParsedProgram | None = None
        if path is not None or text is not None:
            self.load_program(path if path is not None else "<text>", text)

    def load_program(self, path: PathLike, text: str | None = None) -> None:
        """Load (or reload) the program from ``path``."""
        self.parsed = load_program(os.fspath(path), text)

    def _program(self) -> ParsedProgram:
        if self.parsed is None:
            raise EngineError("no program loaded: call load_program(path) first")
        return self.parsed

    @property
    def path(self) -> str:
        """The program file."""
        return self._program().path

    def get_local_procedure_names(self) -> list[str]:
        """Names of the procedures defined in the program file, sorted."""
        return sorted(self._program().procedures)

    def check(self) -> None:
        """Resolve every call without running anything.

        Raises:
            ResolveError: unknown operators/procedures or wrong argument counts.
        """
        from hdlite.errors import ResolveError

        errors = self.engine.interpreter().resolve(self._program()).errors
        if errors:
            raise ResolveError(errors)

    def execute(self) -> ProgramCall:
        """Run the program once and return the finished call."""
        return ProgramCall(self).execute()


def _input_value(value: Any, iconic: bool, name: str, dimension: int = 0) -> Any:
    if iconic:
        return to_objects(value, name)
    try:
        if dimension > 0:
            if isinstance(value, Vector):
                return value
            return Vector([_input_value(v, False, name, dimension - 1) for v in value])
        return from_python(value)
    except TypeError as exc:
        raise HalconError(1201, f"{name}: {exc}") from None


def _is_iconic_value(value: Any) -> bool:
    """Arrays, objects, object tuples, and non-empty lists of them are iconic."""
    if isinstance(value, list | tuple):
        return bool(value) and all(_is_iconic_value(v) for v in value)
    return isinstance(value, ObjectTuple | IconicObject) or hasattr(value, "__array_interface__")


class ProgramCall:
    """One execution of a :class:`Program`; after :meth:`execute`, its variables."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._inputs: dict[str, Any] = {}
        self._variables: dict[str, Any] | None = None
        self.status = 0

    def set_control_var_by_name(self, name: str, value: Any) -> None:
        """Preset main's control variable ``name`` (its first assignment is skipped)."""
        self._inputs[name] = _input_value(value, False, name)

    def set_iconic_var_by_name(self, name: str, value: Any) -> None:
        """Preset main's iconic variable ``name`` (its first assignment is skipped)."""
        self._inputs[name] = _input_value(value, True, name)

    def set_var_by_name(self, name: str, value: Any) -> None:
        """Preset a variable; arrays and objects make it iconic, anything else control."""
        self._inputs[name] = _input_value(value, _is_iconic_value(value), name)

    def execute(self) -> ProgramCall:
        """Run main; returns ``self`` so that calls chain.

        Raises:
            ResolveError: unknown operators/procedures or wrong argument counts.
            HalconError: an uncaught runtime error.
        """
        result = self.program.engine.interpreter().run(self.program._program(), self._inputs)
        self._variables = result.variables
        self.status = result.status
        return self

    def _get(self, name: str) -> Any:
        if self._variables is None:
            raise EngineError("the program has not been executed: call execute() first")
        if name not in self._variables:
            known = ", ".join(sorted(self._variables)) or "none"
            raise EngineError(f"main has no variable {name!r} with a value (variables: {known})")
        return self._variables[name]

    def get_control_var_by_name(self, name: str) -> Any:
        """The value of main's control variable ``name``: a list (nested for vectors)."""
        value = self._get(name)
        if isinstance(value, ObjectTuple):
            raise EngineError(f"{name} is an iconic variable: use get_iconic_var_by_name")
        return python_value(value)

    def get_iconic_var_by_name(self, name: str) -> ObjectTuple:
        """The objects in main's iconic variable ``name``."""
        value = self._get(name)
        if not isinstance(value, ObjectTuple):
            raise EngineError(f"{name} is a control variable: use get_control_var_by_name")
        return value

    def get_variables(self) -> dict[str, Any]:
        """Every variable of main with a value, converted as by the getters."""
        if self._variables is None:
            raise EngineError("the program has not been executed: call execute() first")
        return {name: python_value(value) for name, value in self._variables.items()}


class Procedure:
    """A procedure to call on its own: local to a program, or external.

    ``Procedure(program, name)`` loads a local procedure of ``program`` (or one the program
    would find on its procedure path); ``Procedure(name)`` loads an external procedure from
    the engine's procedure path and the plugins' procedure folders.

    Raises:
        EngineError: no procedure of that name.
        ReadError, ParseError: the procedure file cannot be read or parsed.
    """

    def __init__(
        self, program: Program | str, name: str | None = None, *, engine: Engine | None = None
    ) -> None:
        owner = None if isinstance(program, str) else program
        name = program if isinstance(program, str) else name
        if name is None:
            raise EngineError("Procedure needs a name")
        self.program: Program | None = owner
        self.engine = engine or (owner.engine if owner is not None else Engine.shared())
        self.name = name
        self.definition = self._find()

    @classmethod
    def load_external(cls, name: str, engine: Engine | None = None) -> Procedure:
        """An external procedure from the procedure path."""
        return cls(name, engine=engine)

    @classmethod
    def load_local(cls, program: Program, name: str) -> Procedure:
        """A local procedure of ``program``."""
        return cls(program, name)

    def _find(self) -> ProcedureDef:
        parsed = self.program._program() if self.program is not None else None
        if parsed is not None and self.name in parsed.procedures:
            return parsed.procedures[self.name]
        entry = self.engine.interpreter().library(parsed).find(self.name)
        if entry is None:
            raise EngineError(f"no procedure {self.name!r} found")
        return entry.procedure()

    @property
    def params(self) -> tuple[ParamDecl, ...]:
        """The interface, in HALCON's order."""
        return self.definition.params

    def _names(self, kind: str, direction: str) -> list[str]:
        return [p.name for p in self.params if p.kind == kind and p.direction == direction]

    def get_input_iconic_param_names(self) -> list[str]:
        """Names of the iconic input parameters."""
        return self._names("iconic", "in")

    def get_output_iconic_param_names(self) -> list[str]:
        """Names of the iconic output parameters."""
        return self._names("iconic", "out")

    def get_input_control_param_names(self) -> list[str]:
        """Names of the control input parameters."""
        return self._names("control", "in")

    def get_output_control_param_names(self) -> list[str]:
        """Names of the control output parameters."""
        return self._names("control", "out")

    def execute(self, **inputs: Any) -> ProcedureCall:
        """Call the procedure with inputs given by parameter name; returns the finished call."""
        call = ProcedureCall(self)
        for name, value in inputs.items():
            call.set_input_param_by_name(name, value)
        return call.execute()


class ProcedureCall:
    """One call of a :class:`Procedure`: set the inputs, execute, read the outputs."""

    def __init__(self, procedure: Procedure) -> None:
        self.procedure = procedure
        self._inputs: dict[str, Any] = {}
        self._outputs: dict[str, Any] | None = None

    def _param(self, name: str, kind: str, direction: str) -> ParamDecl:
        for param in self.procedure.params:
            if param.name == name and param.direction == direction:
                if param.kind != kind:
                    raise EngineError(f"parameter {name} of {self.procedure.name} is {param.kind}")
                return param
        names = [p.name for p in self.procedure.params if p.direction == direction]
        raise EngineError(
            f"{self.procedure.name} has no {direction}put parameter {name!r} "
            f"({', '.join(names) or 'none'})"
        )

    def set_input_control_param_by_name(self, name: str, value: Any) -> None:
        """Set the control input ``name`` (scalar, list, or nested lists for a vector)."""
        param = self._param(name, "control", "in")
        self._inputs[name] = _input_value(value, False, name, param.dimension)

    def set_input_iconic_param_by_name(self, name: str, value: Any) -> None:
        """Set the iconic input ``name`` (object tuple, image array, or a list of them)."""
        self._param(name, "iconic", "in")
        self._inputs[name] = _input_value(value, True, name)

    def set_input_param_by_name(self, name: str, value: Any) -> None:
        """Set an input of either kind, as the procedure's interface declares it."""
        kinds = {p.name: p.kind for p in self.procedure.params if p.direction == "in"}
        if kinds.get(name) == "iconic":
            self.set_input_iconic_param_by_name(name, value)
        else:
            self.set_input_control_param_by_name(name, value)

    def execute(self) -> ProcedureCall:
        """Run the procedure; returns ``self`` so that calls chain.

        Raises:
            HalconError: an input was not set (21010) or the procedure failed.
        """
        proc = self.procedure
        parsed = proc.program._program() if proc.program is not None else None
        self._outputs = proc.engine.interpreter().call_procedure(parsed, proc.name, self._inputs)
        return self

    def _get(self, name: str, kind: str) -> Any:
        self._param(name, kind, "out")
        if self._outputs is None:
            raise EngineError("the procedure has not been executed: call execute() first")
        if name not in self._outputs:
            raise HalconError(21013, f"{self.procedure.name}: output {name} was not set")
        return self._outputs[name]

    def get_output_control_param_by_name(self, name: str) -> Any:
        """The control output ``name`` as a list (nested lists for a vector)."""
        return python_value(self._get(name, "control"))

    def get_output_iconic_param_by_name(self, name: str) -> ObjectTuple:
        """The iconic output ``name``."""
        return self._get(name, "iconic")

    def get_outputs(self) -> dict[str, Any]:
        """Every output the procedure set, converted as by the getters."""
        if self._outputs is None:
            raise EngineError("the procedure has not been executed: call execute() first")
        return {name: python_value(value) for name, value in self._outputs.items()}


__all__ = [
    "Engine",
    "EngineError",
    "Procedure",
    "ProcedureCall",
    "Program",
    "ProgramCall",
]
