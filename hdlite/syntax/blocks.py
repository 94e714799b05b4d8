"""Nesting the flat list of program lines into blocks (if/endif, for/endfor, ...).

HDevelop stores one statement per line and the block structure only in keyword lines, so the
parser yields block *markers* (``IfHead``, ``EndFor``...) and :func:`build` nests them with a
recursive descent over the line list. Every mismatch (``endif`` without ``if``, a ``for``
without ``endfor``) is a :class:`~hdlite.errors.ParseError` at the offending line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hdlite.errors import ParseError
from hdlite.source import Span
from hdlite.syntax import ast


@dataclass(frozen=True, slots=True, eq=False)
class Marker:
    """A block keyword line."""

    span: Span
    word: ClassVar[str] = ""


@dataclass(frozen=True, slots=True, eq=False)
class CondMarker(Marker):
    """A block keyword line with a condition."""

    cond: ast.Expr
    span: Span


class IfHead(CondMarker):
    word = "if"


class ElseIfHead(CondMarker):
    word = "elseif"


class WhileHead(CondMarker):
    word = "while"


class UntilLine(CondMarker):
    word = "until"


class SwitchHead(CondMarker):
    word = "switch"


@dataclass(frozen=True, slots=True, eq=False)
class ForHead(Marker):
    """``for I := A to B by C``."""

    var: str
    start: ast.Expr
    end: ast.Expr
    step: ast.Expr
    span: Span
    word = "for"


@dataclass(frozen=True, slots=True, eq=False)
class CaseLabel(Marker):
    """``case 3:``."""

    value: ast.Expr
    span: Span
    word = "case"


@dataclass(frozen=True, slots=True, eq=False)
class CatchHead(Marker):
    """``catch (Exception)``."""

    var: str
    span: Span
    word = "catch"


class DefaultLabel(Marker):
    word = "default"


class Else(Marker):
    word = "else"


class EndIf(Marker):
    word = "endif"


class EndFor(Marker):
    word = "endfor"


class EndWhile(Marker):
    word = "endwhile"


class RepeatHead(Marker):
    word = "repeat"


class EndSwitch(Marker):
    word = "endswitch"


class TryHead(Marker):
    word = "try"


class EndTry(Marker):
    word = "endtry"


_SIMPLE = {
    "break": ast.Break,
    "continue": ast.Continue,
    "return": ast.Return,
    "stop": ast.Stop,
    "exit": ast.Exit,
}
_MARKERS = {
    "else": Else,
    "endif": EndIf,
    "endfor": EndFor,
    "endwhile": EndWhile,
    "repeat": RepeatHead,
    "endswitch": EndSwitch,
    "try": TryHead,
    "endtry": EndTry,
}


def keyword(word: str, span: Span) -> object:
    """The node or marker for a keyword line such as ``endfor`` or ``return ()``."""
    if word in _SIMPLE:
        return _SIMPLE[word](span)
    return _MARKERS[word](span)


class _Builder:
    def __init__(self, lines: list[object], file: str, end_span: Span) -> None:
        self.lines = lines
        self.pos = 0
        self.file = file
        self.end_span = end_span

    def block(self, *stops: type[Marker]) -> tuple[ast.Block, Marker | None]:
        """Statements up to one of ``stops`` (returned, consumed) or the end (None)."""
        out: list[ast.Stmt] = []
        while self.pos < len(self.lines):
            item = self.lines[self.pos]
            self.pos += 1
            if isinstance(item, stops):
                return tuple(out), item  # type: ignore[return-value]
            if isinstance(item, Marker):
                out.append(self.compound(item))
            else:
                out.append(item)  # type: ignore[arg-type]
        return tuple(out), None

    def expect(self, opener: Marker, *stops: type[Marker]) -> tuple[ast.Block, Marker]:
        body, stop = self.block(*stops)
        if stop is None:
            closer = "/".join(
                s.word for s in stops if s.word.startswith("end") or s.word == "until"
            )
            raise ParseError(f"'{opener.word}' has no matching '{closer}'", opener.span)
        return body, stop

    def compound(self, head: Marker) -> ast.Stmt:
        if isinstance(head, IfHead):
            return self.if_chain(head)
        if isinstance(head, ForHead):
            body, _ = self.expect(head, EndFor)
            return ast.For(head.var, head.start, head.end, head.step, body, head.span)
        if isinstance(head, WhileHead):
            body, _ = self.expect(head, EndWhile)
            return ast.While(head.cond, body, head.span)
        if isinstance(head, RepeatHead):
            body, until = self.expect(head, UntilLine)
            assert isinstance(until, UntilLine)
            return ast.Repeat(body, until.cond, head.span)
        if isinstance(head, SwitchHead):
            return self.switch(head)
        if isinstance(head, TryHead):
            body, catch = self.expect(head, CatchHead, EndTry)
            if not isinstance(catch, CatchHead):
                raise ParseError("'try' has no 'catch'", head.span)
            handler, _ = self.expect(catch, EndTry)
            return ast.Try(body, catch.var, handler, head.span)
        raise ParseError(f"'{head.word}' without a matching opening line", head.span)

    def if_chain(self, head: IfHead) -> ast.If:
        branches: list[tuple[ast.Expr, ast.Block]] = []
        cond: ast.Expr = head.cond
        opener: Marker = head
        while True:
            body, stop = self.expect(opener, ElseIfHead, Else, EndIf)
            branches.append((cond, body))
            if isinstance(stop, ElseIfHead):
                cond, opener = stop.cond, stop
                continue
            if isinstance(stop, Else):
                orelse, _ = self.expect(stop, EndIf)
                return ast.If(tuple(branches), orelse, head.span)
            return ast.If(tuple(branches), None, head.span)

    def switch(self, head: SwitchHead) -> ast.Switch:
        body: list[ast.Stmt] = []
        cases: list[tuple[ast.Expr, int]] = []
        default: int | None = None
        while True:
            part, stop = self.expect(head, CaseLabel, DefaultLabel, EndSwitch)
            if part and not cases and default is None:
                raise ParseError("statements in 'switch' before the first 'case'", part[0].span)
            body.extend(part)
            if isinstance(stop, CaseLabel):
                if default is not None:
                    raise ParseError("'default' must be the last label of a 'switch'", stop.span)
                cases.append((stop.value, len(body)))
            elif isinstance(stop, DefaultLabel):
                if default is not None:
                    raise ParseError("'switch' has two 'default' labels", stop.span)
                default = len(body)
            else:
                return ast.Switch(head.cond, tuple(cases), default, tuple(body), head.span)


def build(lines: list[object], file: str, end_span: Span) -> ast.Block:
    """Nest a flat line list into a block.

    Raises:
        ParseError: for an unmatched or misplaced block keyword.
    """
    builder = _Builder(lines, file, end_span)
    body, stop = builder.block()
    assert stop is None
    return body
