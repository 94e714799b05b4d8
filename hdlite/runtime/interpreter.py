"""Running programs: load, resolve, compile and run ``main`` or a single procedure.

The :class:`Interpreter` loads a program, resolves it (``hdlite/resolve``), and runs
``main`` with a :class:`~hdlite.runtime.statements.Compiler`. Runtime errors are
:class:`HalconError` with HALCON's code, the span of the statement, the procedure, and the
chain of calls that led there.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hdlite.errors import ExitRequest, HalconError, ResolveError
from hdlite.plugin.host import PluginHost, make_plugin_manager
from hdlite.resolve.procedures import ProcedureLibrary
from hdlite.resolve.resolver import Resolution, Resolver
from hdlite.runtime.calls import procedure_argument
from hdlite.runtime.frames import Frame
from hdlite.runtime.growing import plain_vars, read
from hdlite.runtime.jumps import BreakLoop, ContinueLoop, ReturnFromProcedure
from hdlite.runtime.session import Session
from hdlite.runtime.statements import MAX_DEPTH, Compiler
from hdlite.syntax import ast
from hdlite.syntax.program import Program, load_program


def _first_assignments(program: Program, inputs: Mapping[str, Any]) -> frozenset[ast.Stmt]:
    """The first assignment in main to each variable given as an input: skipped, so that
    ``--set NAME=VALUE`` overrides the value the program would give it."""
    from hdlite.resolve.walk import walk_statements

    skip: dict[str, ast.Stmt] = {}
    for stmt in walk_statements(program.main.body):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.target, ast.Var):
            name = stmt.target.name
            if name in inputs and name not in skip:
                skip[name] = stmt
    return frozenset(skip.values())


@dataclass
class RunResult:
    """What a finished run leaves: main's variables, the globals, the exit status.

    ``variables`` holds main's variables, the global variables main declares included.
    """

    variables: dict[str, Any]
    globals: dict[str, Any] = field(default_factory=dict)
    status: int = 0


class Interpreter:
    """Loads, checks and runs HDevelop programs.

    Args:
        host: the plugin host (operators and procedure folders); a default one loads every
            installed ``hdlite`` plugin.
        procedure_path: extra procedure directories, searched before the program's own.
        session: per-run state; a fresh one per run if not given.
        max_depth: the deepest procedure nesting allowed before HALCON error 21011.
    """

    def __init__(
        self,
        host: PluginHost | None = None,
        *,
        procedure_path: list[str] | tuple[str, ...] = (),
        session: Session | None = None,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self.host = host or make_plugin_manager()
        self.procedure_path = list(procedure_path)
        self.session = session
        self.max_depth = max_depth

    def library(self, program: Program | None) -> ProcedureLibrary:
        """The procedure library a program sees."""
        return ProcedureLibrary.for_program(
            program.directory if program else None, self.procedure_path, self.host.procedure_dirs()
        )

    def resolve(self, program: Program, *, follow: bool = True) -> Resolution:
        """Resolve every call of the program (see ``resolver.py``)."""
        return Resolver(self.host.registry, self.library(program)).resolve_program(
            program, follow=follow
        )

    def run(self, program: Program, inputs: Mapping[str, Any] | None = None) -> RunResult:
        """Run ``main``; ``inputs`` give initial values of main's variables.

        Raises:
            ResolveError: unknown operators/procedures or wrong argument counts.
            HalconError: an uncaught runtime error.
            PluginError: an operator broke its contract.
        """
        resolution = self.resolve(program)
        if resolution.errors:
            raise ResolveError(resolution.errors)
        session = self.session or Session()
        session.operators = self.host.registry
        compiler = Compiler(
            resolution, session, self.max_depth, _first_assignments(program, inputs or {})
        )
        frame = Frame("main", 1, dict(inputs or {}))
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 40 * self.max_depth + 1000))
        status = 0
        try:
            for stmt in compiler.body(program.main):
                stmt(frame)
        except ReturnFromProcedure:
            pass
        except ExitRequest as request:
            status = request.status
        except HalconError as exc:
            if not exc.procedure:
                exc.procedure = "main"
                exc.depth = 1
            raise
        except (BreakLoop, ContinueLoop):
            raise HalconError(21012, "break/continue outside a loop") from None
        except RecursionError:
            raise HalconError(21011, "procedure calls nested too deeply") from None
        except MemoryError:
            raise HalconError(6001, "the program ran out of memory") from None
        finally:
            sys.setrecursionlimit(limit)
            session.notify_stop("end")
        declared = resolution.globals.get(id(program.main), frozenset())
        variables = plain_vars(frame.vars)
        variables.update((n, compiler.globals[n]) for n in declared if n in compiler.globals)
        return RunResult(variables, compiler.globals, status)

    def run_file(self, path: str, inputs: Mapping[str, Any] | None = None) -> RunResult:
        """Load and run a program file."""
        return self.run(load_program(path), inputs)

    def call_procedure(
        self, program: Program | None, name: str, inputs: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Run one procedure without a main program and return the outputs it set.

        Args:
            program: the program whose local procedures (and folder) are searched first, or
                None for an external procedure found on the procedure path only.
            name: the procedure name.
            inputs: a value for every input parameter, by parameter name.

        Returns:
            Output parameter name -> value, for the outputs the procedure set.

        Raises:
            ReadError: no procedure of that name can be found.
            ResolveError: unknown operators/procedures or wrong argument counts.
            HalconError: an input is missing or of the wrong kind (21010, 2461, 2460, 2410),
                or an uncaught runtime error in the procedure.
            PluginError: an operator broke its contract.
        """
        from hdlite.errors import ReadError
        from hdlite.source import Span

        library = self.library(program)
        proc = program.procedures.get(name) if program is not None else None
        if proc is None:
            entry = library.find(name)
            if entry is None:
                where = f" in {program.path} or" if program is not None else ""
                raise ReadError(f"no procedure {name!r}{where} on the procedure path")
            proc = entry.procedure()
        path = program.path if program is not None else proc.span.file
        stub = Program(
            path,
            ast.ProcedureDef("main", (), (), Span(path, 1, 1)),
            dict(program.procedures) if program is not None else {},
        )
        resolver = Resolver(self.host.registry, library)
        resolver.resolve_program(stub)
        resolver.resolve_procedure(proc)
        if resolver.result.errors:
            raise ResolveError(resolver.result.errors)
        given = dict(inputs or {})
        frame = Frame(name, 1)
        for param in proc.params:
            if param.direction != "in":
                continue
            if param.name not in given:
                raise HalconError(
                    21010, f"{name}: input parameter {param.name} was not set", span=proc.span
                )
            frame.vars[param.name] = procedure_argument(param, given[param.name], name, proc.span)
        session = self.session or Session()
        session.operators = self.host.registry
        compiler = Compiler(resolver.result, session, self.max_depth)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 40 * self.max_depth + 1000))
        try:
            for stmt in compiler.body(proc):
                stmt(frame)
        except (ReturnFromProcedure, ExitRequest):
            pass
        except HalconError as exc:
            if not exc.procedure:
                exc.procedure = name
                exc.depth = 1
            raise
        except (BreakLoop, ContinueLoop):
            raise HalconError(21012, "break/continue outside a loop") from None
        except RecursionError:
            raise HalconError(21011, "procedure calls nested too deeply") from None
        finally:
            sys.setrecursionlimit(limit)
            session.notify_stop("end")
        return {
            p.name: read(frame.vars[p.name])
            for p in proc.params
            if p.direction == "out" and p.name in frame.vars
        }


def run_file(path: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> RunResult:
    """Run a program file with a default interpreter; see :class:`Interpreter`."""
    return Interpreter(**options).run_file(path, inputs)
