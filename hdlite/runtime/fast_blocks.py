"""Generated Python for loops, conditions and assignments.

A ``for`` or ``while`` loop compiles to one generated Python function. Its body is written
inline where a fast path exists: assignments and conditions get the lines of
:class:`~hdlite.runtime.fast_exprs.FastExpr` (single numbers and strings as plain Python
values), ``if``/``elseif``/``else`` and ``while`` become Python ``if`` and ``while``,
``break`` and ``continue`` become Python's. Every other statement (calls, nested ``for``,
``switch``, ``try``, ...) is called as its compiled closure. Each inlined statement keeps
its closure as the slow path: when the fast lines raise (a value of another shape, a
missing variable, an overflow), the closure runs the statement and gives its result or its
HALCON error, so the generated code never decides an error.

The loop variable of an integer ``for`` whose body never assigns it is the Python int ``i``;
it is written to the variable dictionary before every closure call or slow path and when the
loop ends, however it ends. Every loop checks the session's stop request once per iteration
(one attribute read), so Ctrl-C and ``--timeout`` stop loops of assignments too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.errors import HalconError, RunStopped
from hdlite.runtime.fast_exprs import ANY, BOOL, INT, NUM, FastExpr, Unsupported
from hdlite.runtime.growing import read
from hdlite.runtime.jumps import BreakLoop, ContinueLoop
from hdlite.syntax import ast
from hdlite.values.arith import truth

if TYPE_CHECKING:
    from hdlite.runtime.expressions import ExprCompiler
    from hdlite.runtime.frames import Frame

Run = Callable[["Frame"], None]


def assigns_name(body: ast.Block, name: str) -> bool:
    """Whether the body may assign ``name`` (conservative: any call that mentions it counts)."""
    from hdlite.resolve.walk import statement_exprs, walk_expr, walk_statements

    for stmt in walk_statements(body):
        if isinstance(stmt, ast.Assign):
            root = stmt.target
            while isinstance(root, ast.Index | ast.MethodCall | ast.DictAccess):
                root = root.base
            if isinstance(root, ast.Var) and root.name == name:
                return True
        elif isinstance(stmt, ast.For | ast.Try) and name in (getattr(stmt, "var", None),):
            return True
        if isinstance(stmt, ast.Call | ast.ExprStmt | ast.ParStart):
            for expr in statement_exprs(stmt):
                if any(isinstance(e, ast.Var) and e.name == name for e in walk_expr(expr)):
                    return True
    return False


def _located_test(ec: ExprCompiler, node: ast.Expr, what: str) -> Callable[[Frame], bool]:
    """The condition's closure: HALCON's truth rule, errors located at the condition."""
    value = ec.control(node, what)
    span = node.span

    def test(frame: Frame) -> bool:
        try:
            result = value(frame)
            if result.__class__ is tuple and len(result) == 1 and result[0].__class__ is int:
                return result[0] != 0
            return truth(result, what)
        except HalconError as exc:
            raise exc.locate(span) from None

    return test


def truth_lines(fx: FastExpr, node: ast.Expr) -> str:
    """Fast lines for a condition (into ``fx``); returns the Python truth expression."""
    value, kind = fx.scalar(node)
    if kind == BOOL:
        return value
    if kind in (ANY, NUM):
        fx.emit(f"if {value}.__class__ is not int: raise DEOPT")
    elif kind != INT:
        raise Unsupported("condition kind")
    return f"{value} != 0"


def _indent(lines: list[str], n: int = 1) -> list[str]:
    return ["    " * n + line for line in lines]


class BlockWriter:
    """Writes a block of statements as Python lines in one generated function.

    ``closure(node)`` compiles a statement the ordinary way (cached); the writer puts the
    closures, conditions and stores it needs into ``ns``.
    """

    def __init__(
        self,
        closure: Callable[[ast.Stmt], Run],
        ec: ExprCompiler,
        ns: dict[str, Any],
        loop_var: str | None = None,
        loop_kind: str = INT,
    ) -> None:
        self.closure = closure
        self.ec = ec
        self.ns = ns
        self.loop_var = loop_var
        self.loop_kind = loop_kind
        self.sync = [f"local[{loop_var!r}] = (i,)"] if loop_var is not None else []

    def _count(self) -> int:
        n: int = self.ns.get("#names", 0)
        self.ns["#names"] = n + 1
        return n

    def _name(self, prefix: str, value: Any) -> str:
        name = f"{prefix}{self._count()}"
        self.ns[name] = value
        return name

    def _fast(self) -> FastExpr:
        return FastExpr(self.ec.globals, self.ns, self.loop_var, self.loop_kind)

    def call(self, node: ast.Stmt) -> list[str]:
        """Lines that run ``node``'s closure."""
        return [*self.sync, f"{self._name('S', self.closure(node))}(frame)"]

    def block(self, stmts: ast.Block, in_loop: bool) -> list[str]:
        """Lines for a block (``pass`` if empty)."""
        lines: list[str] = []
        for node in stmts:
            lines.extend(self.statement(node, in_loop))
        return lines or ["pass"]

    def statement(self, node: ast.Stmt, in_loop: bool) -> list[str]:
        """Lines for one statement."""
        if isinstance(node, ast.Break | ast.Continue) and in_loop:
            return ["break" if isinstance(node, ast.Break) else "continue"]
        if isinstance(node, ast.Assign):
            lines = self.assign(node)
            if lines is not None:
                return lines
        if isinstance(node, ast.If):
            return self.if_(node, in_loop)
        if isinstance(node, ast.While):
            return self.while_(node)
        return self.call(node)

    def condition(self, node: ast.Expr, what: str, target: str) -> list[str]:
        """Lines that set the Python name ``target`` to the truth of a condition."""
        slow = self._name("T", _located_test(self.ec, node, what))
        fx = self._fast()
        try:
            test = truth_lines(fx, node)
        except Unsupported:
            return [*self.sync, f"{target} = {slow}(frame)"]
        return [
            "try:",
            *_indent(fx.lines),
            f"    {target} = {test}",
            "except Exception:",
            *_indent(self.sync),
            f"    {target} = {slow}(frame)",
        ]

    def assign(self, node: ast.Assign) -> list[str] | None:
        """Fast lines for ``X := expr`` (None: no fast path for this statement)."""
        lines = assign_lines(self._fast(), node, self.ec)
        if lines is None:
            return None
        fast, store = lines
        # the assignment's own closure, without the fast lines written here once more
        closure = self.closure(node)
        slow = self._name("S", getattr(closure, "slow", closure))
        store_line = store if isinstance(store, str) else f"{self._name('W', store)}(frame, b)"
        return [
            "try:",
            *_indent(fast),
            "except Exception:",
            *_indent(self.sync),
            f"    {slow}(frame)",
            "else:",
            f"    {store_line}",
        ]

    def if_(self, node: ast.If, in_loop: bool) -> list[str]:
        lines: list[str] = []
        depth = 0
        for cond, body in node.branches:
            c = f"c{self._count()}"
            lines.extend(_indent(self.condition(cond, "if", c), depth))
            lines.append("    " * depth + f"if {c}:")
            lines.extend(_indent(self.block(body, in_loop), depth + 1))
            lines.append("    " * depth + "else:")
            depth += 1
        orelse = self.block(node.orelse, in_loop) if node.orelse is not None else ["pass"]
        lines.extend(_indent(orelse, depth))
        return lines

    def while_(self, node: ast.While) -> list[str]:
        stopped = self._name("STOP", _stopper(self.ec, node.cond.span))
        return [
            "while True:",
            "    if session.stop_reason is not None:",
            *_indent(self.sync, 2),
            f"        {stopped}()",
            *_indent(self.condition(node.cond, "while", "go")),
            "    if not go:",
            "        break",
            "    try:",
            *_indent(self.block(node.body, True), 2),
            "    except Break:",
            "        break",
            "    except Continue:",
            "        continue",
        ]


def _stopper(ec: ExprCompiler, span: ast.Span) -> Callable[[], None]:
    session = ec.compiler.session

    def stopped() -> None:
        reason, code = session.stop_reason or ("stopped", 130)
        raise RunStopped(reason, code, span=span)

    return stopped


def assign_lines(
    fx: FastExpr, node: ast.Assign, ec: ExprCompiler
) -> tuple[list[str], str | Callable[[Frame, Any], None]] | None:
    """``(fast lines setting b, store)`` for an assignment, or None.

    ``store`` is a Python line storing ``b`` into a variable, or the assignment's located
    store closure (``W(frame, b)``) for an element or dictionary target.
    """
    value, target = node.value, node.target
    if isinstance(value, ast.Var | ast.Const | ast.FuncCall | ast.VectorLit | ast.DictLit):
        return None
    if isinstance(value, ast.MethodCall):
        return None
    if (
        isinstance(value, ast.TupleLit)
        and isinstance(target, ast.Var)
        and value.items
        and isinstance(value.items[0], ast.Var)
        and value.items[0].name == target.name
    ):
        return None  # X := [X, ...] appends in place (growing.py)
    try:
        if isinstance(value, ast.TupleLit):
            box = fx.tuple_value(value)
        else:
            box = fx.box(*fx.scalar(value))
    except Unsupported:
        return None
    lines = [*fx.lines, f"b = {box}"]
    if isinstance(target, ast.Var):
        scope = "G" if target.name in ec.globals else "local"
        return lines, f"{scope}[{target.name!r}] = b"
    if isinstance(target, ast.DictAccess):
        store = ec.store(target)
        span = node.span

        def located_store(frame: Frame, b: Any) -> None:
            try:
                store(frame, b)
            except HalconError as exc:
                raise exc.locate(span) from None

        return lines, located_store
    return None


def namespace(ec: ExprCompiler) -> dict[str, Any]:
    """The namespace every generated function starts from."""
    return {
        "Break": BreakLoop,
        "Continue": ContinueLoop,
        "G": ec.compiler.globals,
        "session": ec.compiler.session,
    }


def _define(source: str, ns: dict[str, Any], where: str) -> Callable[..., Any]:
    exec(compile(source, where, "exec"), ns)
    return ns["run"]  # type: ignore[no-any-return]


def compile_test(node: ast.Expr, ec: ExprCompiler, what: str) -> Callable[[Frame], bool]:
    """The truth of the condition ``node`` as a Python bool (``if``, ``while``)."""
    slow = _located_test(ec, node, what)
    ns = namespace(ec)
    fx = FastExpr(ec.globals, ns)
    try:
        test = truth_lines(fx, node)
    except Unsupported:
        return slow
    ns["slow"] = slow
    source = "\n".join(
        [
            "def run(frame):",
            "    local = frame.vars",
            "    try:",
            *_indent(fx.lines, 2),
            f"        return {test}",
            "    except Exception:",
            "        return slow(frame)",
        ]
    )
    return _define(source, ns, f"<condition at {node.span}>")


def compile_fast_assign(node: ast.Assign, ec: ExprCompiler, slow: Run) -> Run:
    """The assignment with a generated fast path in front of ``slow`` (or ``slow`` itself)."""
    ns = namespace(ec)
    found = assign_lines(FastExpr(ec.globals, ns), node, ec)
    if found is None:
        return slow
    lines, store = found
    ns["slow"] = slow
    if not isinstance(store, str):
        ns["W"] = store
        store = "W(frame, b)"
    source = "\n".join(
        [
            "def run(frame):",
            "    local = frame.vars",
            "    try:",
            *_indent(lines, 2),
            "    except Exception:",
            "        return slow(frame)",
            f"    {store}",
        ]
    )
    run = _define(source, ns, f"<assignment at {node.span}>")
    run.slow = slow  # type: ignore[attr-defined]  # for loops that inline the fast lines
    return run


def compile_while(node: ast.While, ec: ExprCompiler, closure: Callable[[ast.Stmt], Run]) -> Run:
    """A ``while`` loop as one generated function."""
    ns = namespace(ec)
    writer = BlockWriter(closure, ec, ns)
    source = "\n".join(["def run(frame):", "    local = frame.vars", *_indent(writer.while_(node))])
    return _define(source, ns, f"<while at {node.span}>")


_FOR_FIXED = """
def run(frame, i, e, d, all_int):
    local = frame.vars
{start}
    try:
        while True:
{advance}
            if not (i {test} e):
                break
            if session.stop_reason is not None:
                stopped()
            try:
{body}
            except Break:
                break
            except Continue:
                continue
    finally:
        local[NAME] = (i,)
"""

_FOR_CHANGING = """
def run(frame, i, e, d, all_int):
    local = frame.vars
    variables = G if GLOBAL else local
{start}
    last = None
    while True:
        if last is not None:
            current = variables.get(NAME)
            if current is not last:
                i = changed(read(current), all_int)
{advance}
        if not (i {test} e):
            variables[NAME] = (i,)
            break
        if session.stop_reason is not None:
            stopped()
        last = (i,)
        variables[NAME] = last
        try:
{body}
        except Break:
            break
        except Continue:
            continue
"""


class ForLoop:
    """The generated runners of one ``for`` loop: up or down, integer or real index."""

    def __init__(self, node: ast.For, ec: ExprCompiler, closure: Callable[[ast.Stmt], Run]):
        self.node, self.ec, self.closure = node, ec, closure
        name = node.var
        self.fixed = name not in ec.globals and not assigns_name(node.body, name)
        self._runners: dict[tuple[bool, bool], Callable[..., None]] = {}
        span = node.span

        def changed(current: Any, all_int: bool) -> Any:
            if (
                current.__class__ is not tuple
                or len(current) != 1
                or (current[0].__class__ is not int and current[0].__class__ is not float)
            ):
                raise HalconError(
                    1201, f"for: loop variable {name} is no longer a number", span=span
                )
            return current[0] if all_int else float(current[0])

        self.ns = namespace(ec)
        self.ns.update(
            NAME=name,
            GLOBAL=name in ec.globals,
            changed=changed,
            read=read,
            stopped=_stopper(ec, span),
        )
        self._closures: dict[int, Run] = {}

    def _closure(self, node: ast.Stmt) -> Run:
        found = self._closures.get(id(node))
        if found is None:
            found = self._closures[id(node)] = self.closure(node)
        return found

    def runner(self, up: bool, all_int: bool) -> Callable[..., None]:
        """``run(frame, start, end, step, all_int)`` for this direction and index type."""
        key = (up, all_int)
        found = self._runners.get(key)
        if found is None:
            ns = dict(self.ns)
            loop_var = self.node.var if self.fixed else None
            kind = INT if all_int else "float"
            writer = BlockWriter(self._closure, self.ec, ns, loop_var, kind)
            template = _FOR_FIXED if self.fixed else _FOR_CHANGING
            depth = 4 if self.fixed else 3
            body = "\n".join(_indent(writer.block(self.node.body, True), depth))
            # integers: start one step early (exact); reals: skip the first step instead
            start = ["i = i - d"] if all_int else ["first = True"]
            advance = (
                ["i = i + d"]
                if all_int
                else ["if first:", "    first = False", "else:", "    i = i + d"]
            )
            source = template.format(
                test="<=" if up else ">=",
                body=body,
                start="\n".join(_indent(start)),
                advance="\n".join(_indent(advance, depth - 1)),
            )
            found = self._runners[key] = _define(
                source, ns, f"<for {self.node.var} at {self.node.span}>"
            )
        return found
