"""Lark's LALR parser with its per-token and per-rule bookkeeping done inline.

Two changes, neither of which changes what is parsed:

* the rule callbacks (:func:`direct_callbacks`): with an inline transformer Lark calls, per
  reduction, a child filter (drops punctuation, inserts ``None`` for missing optional parts),
  then a wrapper that unpacks the children, then the transformer's method. For each rule whose
  filter is a plain selection, one generated function now calls the method with the selected
  children directly. Rules that splice children of ``_rules`` keep Lark's callbacks, but
  the ``_rules`` themselves build a bare list holder instead of a tree (:class:`_Splice`);
* the parser loop (:class:`InlineLALR`): Lark's contextual lexer (per LALR state, the
  terminals that state accepts, which the grammar needs for ``import`` paths and keywords
  that are names elsewhere), its shifts and its reductions run in one function over tables
  precomputed per state, with Lark's scanners, keyword callbacks and token positions; a
  ``?rule`` reduced from its single child keeps the child without a call. At a syntax error
  it stops and Lark parses the text again, so errors and their positions are Lark's.
"""

from __future__ import annotations

from typing import Any

from lark import Lark, Token
from lark.lexer import ContextualLexer
from lark.parse_tree_builder import (
    ChildFilterLALR,
    ChildFilterLALR_NoPlaceholders,
    ExpandSingleChild,
)
from lark.visitors import _vargs_inline


def direct_callbacks(parser: Lark, transformer: object) -> int:
    """Replace the LALR rule callbacks by direct calls where that is exact; returns how many."""
    callbacks = parser.parser.parser.parser.callbacks
    replaced = 0
    for rule, callback in list(callbacks.items()):
        name = rule.alias or rule.options.template_source or rule.origin.name
        method = getattr(transformer, name, None)
        if method is None or getattr(method, "visit_wrapper", None) is not _vargs_inline:
            continue
        if isinstance(callback, ChildFilterLALR | ChildFilterLALR_NoPlaceholders):
            args: list[str] = []
            for entry in callback.to_include:
                index, expand = entry[0], entry[1]
                if expand:
                    break
                args += ["None"] * (entry[2] if len(entry) > 2 else 0)
                args.append(f"c[{index}]")
            else:
                args += ["None"] * getattr(callback, "append_none", 0)
                source = f"def call(c):\n    return f({', '.join(args)})\n"
            if expand:
                continue
        elif getattr(callback, "__wrapped__", None) is not None:
            source = "def call(c):\n    return f(*c)\n"
        else:
            continue
        namespace = {"f": method.base_func}
        exec(compile(source, f"<rule {name}>", "exec"), namespace)
        callbacks[rule] = namespace["call"]
        replaced += 1
    _splice_lists(callbacks, transformer)
    _key_by_table_rules(parser)
    return replaced


class _Splice:
    """The children of a ``_rule``, which every parent splices into its own children.

    Lark builds a ``Tree`` for such a rule only for its parent's child filter to read
    ``.children``; the tree itself never reaches the transformer.
    """

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


def _splice_lists(callbacks: dict, transformer: object) -> None:
    """Build :class:`_Splice` instead of a tree for the ``_rules`` the transformer lacks."""
    from functools import partial

    for rule, callback in list(callbacks.items()):
        name = rule.origin.name
        if not name.startswith("_") or hasattr(transformer, name) or rule.alias:
            continue
        if isinstance(callback, partial) and callback.args == (name,):
            callbacks[rule] = _Splice
        elif isinstance(callback, ChildFilterLALR | ChildFilterLALR_NoPlaceholders):
            builder = callback.node_builder
            if isinstance(builder, partial) and builder.args == (name,):
                callback.node_builder = _Splice


def _key_by_table_rules(parser: Lark) -> None:
    """Key the callbacks by the very rule objects of the parse table.

    A parser loaded from Lark's cache holds equal but distinct rule objects in its table and in
    its callbacks, so every reduction compared rules symbol by symbol to find its callback.
    """
    from lark.parsers.lalr_analysis import Reduce

    inner = parser.parser.parser.parser
    callbacks = inner.callbacks
    rekeyed = {}
    for actions in inner.parse_table.states.values():
        for action, arg in actions.values():
            if action is Reduce and arg in callbacks:
                rekeyed[arg] = callbacks[arg]
    callbacks.update(rekeyed)  # equal keys: the values stay, the stored key objects do not
    for rule in rekeyed:
        value = callbacks.pop(rule)
        callbacks[rule] = value


class NotFast(Exception):
    """The inline driver met something it leaves to Lark (a syntax error): parse again there."""


class InlineLALR:
    """Lark's LALR loop and contextual lexer as one function over precomputed tables.

    For text without syntax errors it returns exactly what ``Lark.parse`` returns: the same
    tokens (same scanners, keyword callbacks and positions), the same shifts and reductions
    and the same rule callbacks. At the first token no scanner matches, or no table action
    accepts, it raises :class:`NotFast` and leaves the error, with Lark's message and
    position, to ``Lark.parse`` on the same text.
    """

    def __init__(self, parser: Lark) -> None:
        from lark.parsers.lalr_analysis import Shift

        lexer: Any = parser.parser.lexer
        if not isinstance(lexer, ContextualLexer) or parser.options.postlex is not None:
            raise TypeError("the grammar must use Lark's contextual lexer, without a post-lexer")
        inner: Any = parser.parser.parser.parser
        table = inner.parse_table
        (start,) = parser.options.start
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        # the grammar ignores runs of blanks between tokens (``%ignore /[ \t\f]+/``): they are
        # skipped without a scanner call; a terminal starting with a blank is never lost, since
        # Lark's scanner would have matched the blanks as the ignored terminal first
        root: Any = lexer.root_lexer
        ignored = [t.pattern.value for t in root.terminals if t.name in root.ignore_types]
        self.blanks = " \t\f" if "[ \t\x0c]+" in ignored else ""
        callbacks = inner.callbacks
        #: per state: symbol -> the next state (a shift, an int) or (size, callback, goto
        #: symbol) (a reduction)
        self.actions: dict[int, dict[str, Any]] = {}
        #: per state: (match, ignore_types, newline_types, terminal callbacks) of its scanner
        self.scanners: dict[int, tuple[Any, frozenset, frozenset, dict]] = {}
        for state, entries in table.states.items():
            row: dict[str, Any] = {}
            for symbol, (action, arg) in entries.items():
                if action is Shift:
                    row[symbol] = arg
                    continue
                size, callback = len(arg.expansion), callbacks[arg]
                if size == 1 and type(callback) is ExpandSingleChild:
                    callback = None  # ``?rule`` with its one child: the child is the value
                row[symbol] = (size, callback, arg.origin.name)
            self.actions[state] = row
            sub: Any = lexer.lexers[state]
            self.scanners[state] = (
                sub.scanner.match,
                frozenset(sub.ignore_types),
                frozenset(sub.newline_types),
                dict(sub.callback),
            )
        self.token_callbacks = {k: v for k, v in callbacks.items() if isinstance(k, str)}

    def parse(self, source: str) -> Any:
        """Parse ``source``; the value of the start rule.

        Raises:
            NotFast: a character no terminal matches, or a token the grammar does not accept.
        """
        from lark.utils import TextSlice

        text = TextSlice(source, 0, len(source))
        actions, scanners, blanks = self.actions, self.scanners, self.blanks
        token_callbacks = self.token_callbacks
        new_token = Token
        states = [self.start_state]
        values: list[Any] = []
        push_state, push_value = states.append, values.append
        pos, line, line_start, end = 0, 1, 0, len(source)
        end_state = self.end_state
        token: Token | None = None
        while True:
            if pos >= end:  # the end of the text: reduce until the start rule is complete
                token, type_ = None, "$END"
            elif source[pos] in blanks:
                pos += 1
                continue
            else:
                match, ignore_types, newline_types, lex_callbacks = scanners[states[-1]]
                res = match(text, pos)
                if not res:
                    raise NotFast
                value, type_ = res
                start, start_line, column = pos, line, pos - line_start + 1
                if type_ in newline_types:
                    newlines = value.count("\n")
                    if newlines:
                        line += newlines
                        line_start = pos + value.rindex("\n") + 1
                pos += len(value)
                ignored = type_ in ignore_types
                if ignored and type_ not in lex_callbacks:
                    continue
                token = new_token(
                    type_, value, start, start_line, column, line, pos - line_start + 1, pos
                )
                if type_ in lex_callbacks:
                    token = lex_callbacks[type_](token)
                    type_ = token.type
                if ignored:
                    continue
            while True:
                action = actions[states[-1]].get(type_)
                if action is None:
                    raise NotFast
                if action.__class__ is int:
                    if token is None:  # $END is never shifted
                        raise NotFast
                    push_state(action)
                    push_value(
                        token if type_ not in token_callbacks else token_callbacks[type_](token)
                    )
                    break
                size, callback, origin = action
                if callback is None:
                    del states[-1]
                elif size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                    push_value(callback(children))
                else:
                    push_value(callback([]))
                push_state(actions[states[-1]][origin])
                if token is None and states[-1] == end_state:
                    return values[-1]
