"""The syntax tree: frozen dataclasses, one per source form, each with a span.

Nodes compare by identity (``eq=False``) so that they can key side tables such as the
resolver's call targets. Children are tuples, so a tree never changes after parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

from hdlite.source import Span

# ----------------------------------------------------------------------------- expressions


class Expr:
    """Base of expression nodes."""

    __slots__ = ()
    span: Span


class Stmt:
    """Base of statement nodes."""

    __slots__ = ()
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Const(Expr):
    """A literal: ``42``, ``0x1f``, ``3.5``, ``'text'``, ``true``; always a tuple value."""

    value: tuple
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Var(Expr):
    """A variable reference: ``Image``."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class TupleLit(Expr):
    """Tuple concatenation: ``[A, 1, 'x']``; ``[]`` has no items."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Seq(Expr):
    """An integer sequence: ``[Start:End]`` or ``[Start:Step:End]`` (end inclusive)."""

    start: Expr
    end: Expr
    step: Expr | None
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Length(Expr):
    """Number of elements: ``|T|``."""

    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Index(Expr):
    """Element selection, 0-based: ``T[I]`` (``I`` may be a tuple of indices)."""

    base: Expr
    index: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Slice(Expr):
    """Range selection, both ends included: ``T[A:B]``, or every step-th: ``T[A:S:B]``."""

    base: Expr
    low: Expr
    high: Expr
    span: Span
    step: Expr | None = None


@dataclass(frozen=True, slots=True, eq=False)
class CharAt(Expr):
    """Character (or bit) selection: ``S{I}``."""

    base: Expr
    index: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Substr(Expr):
    """Substring, both ends included: ``S{A:B}``."""

    base: Expr
    low: Expr
    high: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Binary(Expr):
    """A binary operation: ``A + B``, ``A == B``, ``A [<] B``, ``A and B``..."""

    op: str
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Unary(Expr):
    """A unary operation: ``-A``, ``not A``, ``bnot A``."""

    op: str
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Format(Expr):
    """String formatting: ``Value$'.2f'``."""

    value: Expr
    format: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class FuncCall(Expr):
    """An in-line function: ``sum(T)``, ``regexp_match(S, '...')``."""

    name: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class DictAccess(Expr):
    """Dictionary entry: ``D.key`` (static) or ``D.[Key]`` (dynamic)."""

    base: Expr
    key: Expr
    static: bool
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class MethodCall(Expr):
    """A vector method: ``V.at(I)``, ``V.length()``, ``V.insert(I, X)``, ``V.remove(I)``."""

    base: Expr
    name: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class VectorLit(Expr):
    """A vector: ``{1, [2, 3], T}``."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class DictLit(Expr):
    """A dictionary: ``dict{a: 1, ['b']: 2}``."""

    items: tuple[tuple[Expr, Expr], ...]
    span: Span


# ----------------------------------------------------------------------------- statements

Block = tuple[Stmt, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Assign(Stmt):
    """Assignment: ``X := Expr``, ``T[I] := V``, ``V.at(I) := X``, ``D.key := V``."""

    target: Expr
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Call(Stmt):
    """An operator or procedure call: ``name (Arg1, Arg2, ...)``."""

    name: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class ExprStmt(Stmt):
    """An expression run for its effect: ``V.insert(0, X)``, ``V.clear()``."""

    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class If(Stmt):
    """``if (C) ... elseif (C) ... else ... endif``: the branches in order, then ``else``."""

    branches: tuple[tuple[Expr, Block], ...]
    orelse: Block | None
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class For(Stmt):
    """``for I := Start to End by Step ... endfor``."""

    var: str
    start: Expr
    end: Expr
    step: Expr
    body: Block
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class While(Stmt):
    """``while (C) ... endwhile``."""

    cond: Expr
    body: Block
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Repeat(Stmt):
    """``repeat ... until (C)``: runs until the condition is true."""

    body: Block
    cond: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Switch(Stmt):
    """``switch (E) case 1: ... default: ... endswitch``; cases are jump positions in body."""

    value: Expr
    cases: tuple[tuple[Expr, int], ...]
    default: int | None
    body: Block
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Try(Stmt):
    """``try ... catch (Exception) ... endtry``."""

    body: Block
    var: str
    handler: Block
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Throw(Stmt):
    """``throw (Exception)``."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Break(Stmt):
    """``break``."""

    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Continue(Stmt):
    """``continue``."""

    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Return(Stmt):
    """``return ()``."""

    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Stop(Stmt):
    """``stop ()``: a breakpoint in HDevelop; does nothing here."""

    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Exit(Stmt):
    """``exit ()``: ends the program."""

    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Global(Stmt):
    """``global [def] tuple|object [vector(N)] Name``."""

    kind: str
    name: str
    dimension: int
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Import(Stmt):
    """``import ./procedures``: makes procedures of a directory or library visible."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class ParStart(Stmt):
    """``par_start<ThreadID> : call (...)``: run here synchronously, store a thread id."""

    thread: Expr
    call: Call
    span: Span


# ----------------------------------------------------------------------------- procedures


@dataclass(frozen=True, slots=True)
class ParamDecl:
    """One interface parameter of a procedure."""

    name: str
    kind: str  # 'iconic' | 'control'
    direction: str  # 'in' | 'out'
    dimension: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class ProcedureDef:
    """A procedure: its interface (HALCON's parameter order) and its body."""

    name: str
    params: tuple[ParamDecl, ...]
    body: Block
    span: Span
    local: bool = False
    short: str = ""

    @property
    def inputs(self) -> tuple[ParamDecl, ...]:
        """Input parameters, iconic first."""
        return tuple(p for p in self.params if p.direction == "in")

    @property
    def outputs(self) -> tuple[ParamDecl, ...]:
        """Output parameters, iconic first."""
        return tuple(p for p in self.params if p.direction == "out")
