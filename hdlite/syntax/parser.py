"""Program text -> flat list of line statements, with positions; Lark errors -> ParseError.

The grammar (``grammar/hdevelop.lark``) parses a whole procedure body in one LALR pass and
builds AST nodes directly while parsing (no intermediate parse tree). Block keywords come out
as the marker objects of ``blocks.py``; ``blocks.build`` nests them afterwards. When the body
does not parse, every line is parsed on its own so that all bad lines are reported at once.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from lark import (
    Lark,
    Token,
    Transformer,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    v_args,
)

from hdlite.errors import ParseError
from hdlite.source import Span
from hdlite.syntax import ast, blocks
from hdlite.syntax.fast_lark import InlineLALR, NotFast, direct_callbacks
from hdlite.syntax.literals import int_literal, int_literal_problem, unescape

_state = threading.local()


def _file() -> str:
    return getattr(_state, "file", "<string>")


def _tok_span(tok: Token) -> Span:
    return Span(_file(), tok.line or 0, tok.column or 0, tok.end_line or 0, tok.end_column or 0)


def _merge(first: Any, last: Any) -> Span:
    a = first if isinstance(first, Span) else _span_of(first)
    b = last if isinstance(last, Span) else _span_of(last)
    return Span(a.file, a.line, a.column, b.end_line, b.end_column)


def _span_of(item: Any) -> Span:
    if isinstance(item, Token):
        return _tok_span(item)
    return item.span


def _children_span(*children: Any) -> Span:
    present = [c for c in children if c is not None and not isinstance(c, list | tuple)]
    if not present:
        return Span(_file(), 0, 0, 0, 0)
    return _merge(present[0], present[-1])


class BadLine:
    """A line that parsed but is not a valid statement; reported as a ParseError afterwards."""

    __slots__ = ("message", "span")

    def __init__(self, message: str, span: Span) -> None:
        self.message = message
        self.span = span


_BINOPS = {"=": "==", "#": "!=", "[=]": "[==]", "[#]": "[!=]"}

#: binding strength of binary operators, HALCON's precedence table (higher binds tighter)
PRECEDENCE: dict[str, int] = {
    "or": 1,
    "xor": 2,
    "and": 3,
    "bor": 4,
    "bxor": 5,
    "band": 6,
    "==": 7,
    "!=": 7,
    "=~": 7,
    "<": 8,
    ">": 8,
    "<=": 8,
    ">=": 8,
    "[==]": 9,
    "[!=]": 9,
    "[<]": 10,
    "[>]": 10,
    "[<=]": 10,
    "[>=]": 10,
    "+": 11,
    "-": 11,
    "*": 12,
    "/": 12,
    "%": 12,
}


def _climb(operands: list[ast.Expr], ops: list[str]) -> ast.Expr:
    """Nest a flat ``a op b op c`` chain by precedence; all operators are left-associative."""
    position = 0

    def parse_at(min_level: int) -> ast.Expr:
        nonlocal position
        left = operands[position]
        while position < len(ops) and PRECEDENCE[ops[position]] >= min_level:
            op = ops[position]
            position += 1
            right = parse_at(PRECEDENCE[op] + 1)
            left = ast.Binary(op, left, right, _merge(left, right))
        return left

    return parse_at(1)


@v_args(inline=True)
class _Builder(Transformer):
    """Builds AST nodes while Lark parses; never raises user errors."""

    # ---- literals and atoms
    def real(self, tok: Token) -> ast.Const:
        return ast.Const((float(tok),), _tok_span(tok))

    def _int(self, value: int, tok: Token) -> ast.Const:  # beyond 64 bits: see literals.py
        if (problem := int_literal_problem(value, str(tok))) is not None:
            _state.bad.append(BadLine(problem, _tok_span(tok)))
        return ast.Const((value if problem is None else 0,), _tok_span(tok))

    def hexint(self, tok: Token) -> ast.Const:
        return self._int(int(tok, 16), tok)

    def int_(self, tok: Token) -> ast.Const:
        return self._int(int_literal(str(tok)), tok)

    def string(self, *toks: Token) -> ast.Const:
        text = "".join(unescape(str(t)[1:-1]) for t in toks)
        return ast.Const((text,), _merge(toks[0], toks[-1]))

    def var(self, tok: Token) -> ast.Expr:
        name = str(tok)
        if name == "true":
            return ast.Const((1,), _tok_span(tok))
        if name == "false":
            return ast.Const((0,), _tok_span(tok))
        return ast.Var(name, _tok_span(tok))

    def func(self, name: Token, args: list | None) -> ast.FuncCall:
        return ast.FuncCall(str(name), tuple(args or ()), _children_span(name, *(args or ())))

    def args(self, *items: ast.Expr) -> list:
        return list(items)

    def empty_tuple(self, tok: Token) -> ast.TupleLit:
        return ast.TupleLit((), _tok_span(tok))

    def tuple_lit(self, items: list) -> ast.TupleLit:
        return ast.TupleLit(tuple(items), _children_span(items[0], items[-1]))

    def seq(self, start: ast.Expr, end: ast.Expr) -> ast.Seq:
        return ast.Seq(start, end, None, _children_span(start, end))

    def seq_step(self, start: ast.Expr, step: ast.Expr, end: ast.Expr) -> ast.Seq:
        return ast.Seq(start, end, step, _children_span(start, end))

    def length(self, operand: ast.Expr) -> ast.Length:
        return ast.Length(operand, _children_span(operand))

    def vector(self, tok: Token, items: list | None) -> ast.VectorLit:
        return ast.VectorLit(tuple(items or ()), _tok_span(tok))

    def dict_lit(self, tok: Token, items: list | None) -> ast.DictLit:
        return ast.DictLit(tuple(items or ()), _tok_span(tok))

    def dict_items(self, *items: tuple) -> list:
        return list(items)

    def dict_item_static(self, name: Token, value: ast.Expr) -> tuple:
        return (ast.Const((str(name),), _tok_span(name)), value)

    def dict_item_dynamic(self, key: ast.Expr, value: ast.Expr) -> tuple:
        return (key, value)

    # ---- postfix
    def index(self, base: ast.Expr, idx: ast.Expr) -> ast.Index:
        return ast.Index(base, idx, _children_span(base, idx))

    def slice(self, base: ast.Expr, low: ast.Expr, high: ast.Expr) -> ast.Slice:
        return ast.Slice(base, low, high, _children_span(base, high))

    def slice_step(
        self, base: ast.Expr, low: ast.Expr, step: ast.Expr, high: ast.Expr
    ) -> ast.Slice:
        return ast.Slice(base, low, high, _children_span(base, high), step)

    def char_at(self, base: ast.Expr, idx: ast.Expr) -> ast.CharAt:
        return ast.CharAt(base, idx, _children_span(base, idx))

    def substr(self, base: ast.Expr, low: ast.Expr, high: ast.Expr) -> ast.Substr:
        return ast.Substr(base, low, high, _children_span(base, high))

    def dict_static(self, base: ast.Expr, name: Token) -> ast.DictAccess:
        key = ast.Const((str(name),), _tok_span(name))
        return ast.DictAccess(base, key, True, _merge(base, name))

    def dict_dynamic(self, base: ast.Expr, key: ast.Expr) -> ast.DictAccess:
        return ast.DictAccess(base, key, False, _children_span(base, key))

    def method(self, base: ast.Expr, name: Token, args: list | None) -> ast.MethodCall:
        return ast.MethodCall(base, str(name), tuple(args or ()), _children_span(base, name))

    # ---- operators
    def expr(self, *items: Any) -> ast.Expr:
        operands = list(items[0::2])
        ops = [_BINOPS.get(str(t), str(t)) for t in items[1::2]]
        return _climb(operands, ops)

    def neg(self, operand: ast.Expr) -> ast.Expr:
        span = _children_span(operand)
        if (
            isinstance(operand, ast.Const)
            and len(operand.value) == 1
            and not isinstance(operand.value[0], str)
        ):
            return ast.Const((-operand.value[0],), span)
        return ast.Unary("-", operand, span)

    def not_(self, operand: ast.Expr) -> ast.Unary:
        return ast.Unary("not", operand, _children_span(operand))

    def bnot(self, operand: ast.Expr) -> ast.Unary:
        return ast.Unary("bnot", operand, _children_span(operand))

    def format(self, value: ast.Expr, *fmts: ast.Expr) -> ast.Expr:
        for fmt in fmts:  # left-associative: (X $ F1) $ F2
            value = ast.Format(value, fmt, _merge(value, fmt))
        return value

    # ---- statements
    def assign(self, target: ast.Expr, value: ast.Expr) -> ast.Assign:
        return ast.Assign(target, value, _merge(target, value))

    def expr_stmt(self, expr: ast.Expr) -> Any:
        if isinstance(expr, ast.FuncCall):
            return ast.Call(expr.name, expr.args, expr.span)
        if isinstance(expr, ast.MethodCall):
            return ast.ExprStmt(expr, expr.span)
        return BadLine(
            "not a statement: write an assignment (:=), a call, or a vector method call", expr.span
        )

    def par_start(
        self,
        kw: Token,
        open_: Token,
        thread: ast.Expr,
        close: Token,
        name: Token,
        args: list | None,
    ) -> Any:
        span = _merge(kw, name)
        if str(open_) != "<" or str(close) != ">":
            return BadLine("write par_start<ThreadID> : operator (...)", span)
        call = ast.Call(str(name), tuple(args or ()), _children_span(name, *(args or ())))
        return ast.ParStart(thread, call, span)

    def for_head(
        self, kw: Token, var: Token, start: ast.Expr, end: ast.Expr, step: ast.Expr
    ) -> blocks.ForHead:
        return blocks.ForHead(var=str(var), start=start, end=end, step=step, span=_merge(kw, step))

    def if_head(self, kw: Token, cond: ast.Expr) -> blocks.IfHead:
        return blocks.IfHead(cond=cond, span=_merge(kw, cond))

    def elseif_head(self, kw: Token, cond: ast.Expr) -> blocks.ElseIfHead:
        return blocks.ElseIfHead(cond=cond, span=_merge(kw, cond))

    def while_head(self, kw: Token, cond: ast.Expr) -> blocks.WhileHead:
        return blocks.WhileHead(cond=cond, span=_merge(kw, cond))

    def until_line(self, kw: Token, cond: ast.Expr) -> blocks.UntilLine:
        return blocks.UntilLine(cond=cond, span=_merge(kw, cond))

    def switch_head(self, kw: Token, cond: ast.Expr) -> blocks.SwitchHead:
        return blocks.SwitchHead(cond=cond, span=_merge(kw, cond))

    def case_label(self, kw: Token, value: ast.Expr) -> blocks.CaseLabel:
        return blocks.CaseLabel(value=value, span=_merge(kw, value))

    def default_label(self, kw: Token) -> blocks.DefaultLabel:
        return blocks.DefaultLabel(_tok_span(kw))

    def catch_head(self, kw: Token, var: Token) -> blocks.CatchHead:
        return blocks.CatchHead(var=str(var), span=_merge(kw, var))

    def throw_stmt(self, kw: Token, value: ast.Expr) -> ast.Throw:
        return ast.Throw(value, _merge(kw, value))

    def global_decl(self, kw: Token, gdef: Any, gtype: str, dim: Any, name: Token) -> ast.Global:
        return ast.Global(gtype, str(name), int(dim or 0), _merge(kw, name))

    def gdef(self, tok: Token) -> str:
        return str(tok)

    def gtype(self, tok: Token) -> str:
        return str(tok)

    def vecdim(self, tok: Token) -> int:
        return int(tok)

    def import_line(self, path: Token) -> ast.Import:
        return ast.Import(str(path).strip(), _tok_span(path))

    def kw(self, tok: Token) -> Token:
        return tok

    def kw_line(self, tok: Token) -> Any:
        return blocks.keyword(str(tok), _tok_span(tok))

    def start(self, *lines: Any) -> list:
        return list(lines)


@lru_cache(maxsize=1)
def _lark() -> Lark:
    builder = _Builder()
    parser = Lark.open_from_package(
        "hdlite.syntax",
        "grammar/hdevelop.lark",
        parser="lalr",
        maybe_placeholders=True,
        transformer=builder,
        cache=True,
    )
    direct_callbacks(parser, builder)
    return parser


@lru_cache(maxsize=1)
def _inline() -> InlineLALR:
    return InlineLALR(_lark())


_lock = threading.Lock()

_EXAMPLES: dict[str, list[str]] = {
    "use ':=' to assign; '=' compares": ["X = 1\n", "T[0] = 1\n", "D.a = 2\n"],
    "unclosed parenthesis": ["X := (1 + 2\n", "f (A, B\n", "if (X > 1\n"],
    "unclosed bracket": ["X := [1, 2\n", "X := T[1\n"],
    "missing comma between arguments": ["f (A B)\n", "X := [1 2]\n"],
    "missing expression": ["X := \n", "X := 1 +\n", "f (A, )\n"],
}


def _friendly(exc: UnexpectedInput, text: str) -> str:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = text[pos] if pos < len(text) else ""
        if char == "'":
            return "unterminated string (missing closing ')"
        return f"unexpected character {char!r}"
    token = getattr(exc, "token", None)
    if token is not None and str(token).startswith("'") and token.type != "STRING":
        return "unterminated string (missing closing ')"
    label = None
    try:
        label = exc.match_examples(_lark().parse, _EXAMPLES, use_accepts=True)
    except Exception:  # match_examples re-parses examples; never let it hide the real error
        label = None
    if isinstance(exc, UnexpectedEOF):
        return label or "unexpected end of line"
    token = getattr(exc, "token", None)
    got = (
        f"unexpected {str(token)!r}"
        if token is not None and str(token).strip()
        else "unexpected end of line"
    )
    if token is not None and token.type == "_NL":
        got = "unexpected end of line"
    return f"{label} ({got})" if label else got


def friendly_labels() -> dict[str, list[str]]:
    """The typical mistakes that parse errors are labelled with, and an example of each."""
    return _EXAMPLES


def _error_span(exc: UnexpectedInput, file: str, line: int | None = None) -> Span:
    column = getattr(exc, "column", 1) or 1
    return Span(file, line if line is not None else (exc.line or 1), max(column, 1))


def parse_lines(text: str, file: str) -> list[Any]:
    """Parse a procedure body into a flat list of statements and block markers.

    ``text`` must keep the file's line numbering (blank lines for comments).

    Raises:
        ParseError: listing every line that does not parse.
    """
    if not text.endswith("\n"):
        text += "\n"
    with _lock:
        _state.file, _state.bad = file, []
        try:
            try:
                lines: list = _inline().parse(text)
            except NotFast:  # a syntax error: Lark's parse locates and describes it
                _state.bad = []
                lines = _lark().parse(text)  # type: ignore[assignment]  # the transformer's list
        except UnexpectedInput as first:
            errors = _collect_errors(text, file) or [
                ParseError(_friendly(first, text), _error_span(first, file))
            ]
            raise _combine(errors) from None
    bad = [ParseError(b.message, b.span) for b in (*lines, *_state.bad) if isinstance(b, BadLine)]
    if bad:
        raise _combine(bad)
    return lines


def _collect_errors(text: str, file: str) -> list[ParseError]:
    """Parse each logical line (continued lines joined) alone, to report every bad line."""
    errors: list[ParseError] = []
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        first = number
        group = [lines[number]]
        while group[-1].rstrip().endswith("\\") and number + 1 < len(lines):
            number += 1
            group.append(lines[number])
        number += 1
        chunk = "\n".join(group)
        if not chunk.strip():
            continue
        try:
            _lark().parse(chunk + "\n")
        except UnexpectedInput as exc:
            line = first + (getattr(exc, "line", 1) or 1)
            errors.append(ParseError(_friendly(exc, chunk + "\n"), _error_span(exc, file, line)))
            if len(errors) >= 50:
                break
    return errors


class ParseErrors(ParseError):
    """Several lines of one file failed to parse."""

    def __init__(self, errors: list[ParseError]) -> None:
        self.errors = errors
        super().__init__(errors[0].message, errors[0].span)

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)


def _combine(errors: list[ParseError]) -> ParseError:
    return errors[0] if len(errors) == 1 else ParseErrors(errors)
