"""The static pass: what every call refers to, argument counts, lvalues. All errors at once.

For each call statement the resolver decides, in HALCON's order, whether the name is an
operator (from the registry) or a procedure (local, imported, on the procedure path), and
checks the number of arguments against the signature. Output arguments must be assignable
(a variable, ``T[I]``, ``V.at(I)``, ``D.key``). In-line functions in expressions must name a
``tuple_*`` operator with as many control inputs as arguments and one output. Procedures
that the program calls are resolved too (transitively), so that ``hdlite check`` reports the
problems of the whole program, each with file:line:column and a "did you mean" suggestion.
The kind of every variable (iconic or control) is inferred from the signatures and
interfaces it meets, and a variable used as both is reported (``kinds.py``).

Results go to a side table keyed by node identity (:class:`Resolution`); the AST is not
changed.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from hdlite.errors import ParseError, Problem, ReadError
from hdlite.plugin.registry import Operator, OperatorRegistry
from hdlite.resolve import functions
from hdlite.resolve.kinds import KindChecker
from hdlite.resolve.procedures import LibraryEntry, ProcedureLibrary
from hdlite.resolve.walk import is_lvalue, statement_exprs, walk_expr, walk_statements
from hdlite.syntax import ast
from hdlite.syntax.program import Program

#: operators the interpreter implements itself (they need its frames or control flow)
MAX_SUGGESTIONS = 1


@dataclass
class ProcTarget:
    """A call that goes to a procedure."""

    name: str
    params: tuple[ast.ParamDecl, ...]
    local: ast.ProcedureDef | None = None
    entry: LibraryEntry | None = None

    def procedure(self) -> ast.ProcedureDef:
        """The parsed procedure."""
        if self.local is not None:
            return self.local
        assert self.entry is not None
        return self.entry.procedure()


@dataclass
class Resolution:
    """Side table of the resolver: call node -> target, plus the problems found."""

    calls: dict[ast.Call, Operator | ProcTarget] = field(default_factory=dict)
    functions: dict[ast.FuncCall, Operator] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    globals: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a run (not warnings)."""
        return [p for p in self.problems if p.severity == "error"]


_ENV_RE = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)%")


def import_dir(path: str, file: str) -> Path:
    """The directory (or library) an ``import`` line names, relative to the importing file."""
    text = path.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = text[1:-1]
    text = _ENV_RE.sub(lambda m: os.environ.get(m.group(1), m.group(0)), text)
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = Path(os.path.dirname(os.path.abspath(file))) / candidate
    return candidate


class Resolver:
    """Resolves a program against a registry and a procedure library."""

    def __init__(self, registry: OperatorRegistry, library: ProcedureLibrary) -> None:
        self.registry = registry
        self.library = library
        self.result = Resolution()
        self._done: set[int] = set()

    def resolve_program(self, program: Program, *, follow: bool = True) -> Resolution:
        """Resolve ``main``, the local procedures, and (with ``follow``) the called ones."""
        self._locals = program.procedures
        for name, proc in program.procedures.items():
            if name in self.registry:
                self._problem(proc.span, f"procedure {name} has the name of an operator")
        self._follow = follow
        self.resolve_procedure(program.main)
        for proc in program.procedures.values():
            self.resolve_procedure(proc)
        return self.result

    def resolve_procedure(self, proc: ast.ProcedureDef) -> None:
        """Resolve every call and function of one procedure."""
        if id(proc) in self._done:
            return
        self._done.add(id(proc))
        imports = tuple(
            import_dir(s.path, s.span.file)
            for s in walk_statements(proc.body)
            if isinstance(s, ast.Import)
        )
        names = frozenset(s.name for s in walk_statements(proc.body) if isinstance(s, ast.Global))
        self.result.globals[id(proc)] = names
        self._check_jumps(proc.body, loops=0, switches=0)
        for stmt in walk_statements(proc.body):
            if isinstance(stmt, ast.Call):
                self._call(stmt, imports)
            if isinstance(stmt, ast.ParStart) and not is_lvalue(stmt.thread):
                self._problem(stmt.thread.span, "par_start needs a variable for the thread id")
            if isinstance(stmt, ast.Assign) and not is_lvalue(stmt.target):
                self._problem(stmt.target.span, "the left side of ':=' cannot be assigned to")
            for expr in statement_exprs(stmt):
                for sub in walk_expr(expr):
                    if isinstance(sub, ast.FuncCall):
                        self._function(sub)
        kinds = KindChecker(self.result.calls.get, self._problem)
        kinds.check(proc, walk_statements(proc.body))

    def _check_jumps(self, block: ast.Block, loops: int, switches: int) -> None:
        """``break`` needs an enclosing loop or switch, ``continue`` an enclosing loop."""
        for stmt in block:
            if isinstance(stmt, ast.Break) and not (loops or switches):
                self._problem(stmt.span, "'break' outside a loop or switch")
            elif isinstance(stmt, ast.Continue) and not loops:
                self._problem(stmt.span, "'continue' outside a loop")
            elif isinstance(stmt, ast.If):
                for _cond, body in stmt.branches:
                    self._check_jumps(body, loops, switches)
                if stmt.orelse:
                    self._check_jumps(stmt.orelse, loops, switches)
            elif isinstance(stmt, ast.For | ast.While | ast.Repeat):
                self._check_jumps(stmt.body, loops + 1, switches)
            elif isinstance(stmt, ast.Switch):
                self._check_jumps(stmt.body, loops, switches + 1)
            elif isinstance(stmt, ast.Try):
                self._check_jumps(stmt.body, loops, switches)
                self._check_jumps(stmt.handler, loops, switches)

    def _problem(self, span: object, message: str, severity: str = "error") -> None:
        self.result.problems.append(Problem(span, message, severity))  # type: ignore[arg-type]

    def _suggest(self, name: str) -> str:
        pool = self.registry.names() + list(self._locals) + self.library.names()
        close = difflib.get_close_matches(name, pool, n=MAX_SUGGESTIONS, cutoff=0.75)
        return f"; did you mean '{close[0]}'?" if close else ""

    def _call(self, call: ast.Call, imports: tuple[Path, ...]) -> None:
        op = self.registry.get(call.name)
        target: Operator | ProcTarget | None = op
        if op is not None:
            params = [(p.name, p.direction) for p in op.params]
        else:
            local = self._locals.get(call.name)
            if local is not None:
                target = ProcTarget(call.name, local.params, local=local)
            else:
                entry = self.library.find(call.name, imports)
                if entry is None:
                    self._problem(
                        call.span,
                        f"unknown operator or procedure '{call.name}'{self._suggest(call.name)}",
                    )
                    return
                try:
                    target = ProcTarget(call.name, entry.params, entry=entry)
                except ReadError as exc:
                    self._problem(
                        exc.span or call.span,
                        f"procedure {call.name} (called at {call.span}): {exc.message}",
                    )
                    return
                if entry.shadowed:
                    self._problem(
                        call.span,
                        f"procedure {call.name} from {entry.path} shadows "
                        + ", ".join(entry.shadowed),
                        "warning",
                    )
            params = [(p.name, p.direction) for p in target.params]
        if len(call.args) != len(params):
            expected = ", ".join(name for name, _ in params)
            self._problem(
                call.span,
                f"{call.name} takes {len(params)} arguments ({expected}), got {len(call.args)}",
            )
            return
        for arg, (name, direction) in zip(call.args, params, strict=True):
            if direction == "out" and not is_lvalue(arg):
                self._problem(arg.span, f"{call.name}: output parameter {name} needs a variable")
        assert target is not None
        self.result.calls[call] = target
        if isinstance(target, ProcTarget) and target.entry is not None and self._follow:
            try:
                self.resolve_procedure(target.entry.procedure())
            except ParseError as exc:
                errors = getattr(exc, "errors", [exc])
                for err in errors:
                    self._problem(err.span, err.message)
            except ReadError as exc:
                self._problem(exc.span or call.span, exc.message)

    def _function(self, func: ast.FuncCall) -> None:
        op = self.registry.get(functions.operator_name(func.name))
        if op is None:
            pool = [n[6:] for n in self.registry.names() if n.startswith("tuple_")]
            close = difflib.get_close_matches(func.name, pool, n=1, cutoff=0.75)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self._problem(func.span, f"unknown function '{func.name}'{hint}")
            return
        ins = [p for p in op.inputs if p.kind == "control"]
        outs = op.outputs
        if len(ins) != len(op.inputs) or len(outs) != 1 or outs[0].kind != "control":
            self._problem(func.span, f"'{func.name}' cannot be used in an expression")
            return
        if len(func.args) != len(ins):
            self._problem(
                func.span, f"{func.name} takes {len(ins)} arguments, got {len(func.args)}"
            )
            return
        self.result.functions[func] = op
