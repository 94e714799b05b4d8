"""The errors a user can cause, as data, and the one function that renders them.

::

    HdliteError          every error a user can cause; never shown as a traceback
    ├── ReadError        a program or procedure file cannot be read (missing, bad XML)
    ├── ParseError       a line does not parse, or blocks do not match (endif without if)
    ├── ResolveError     unknown operators/procedures, wrong argument counts: all of them
    ├── HalconError      a runtime error with HALCON's code: the only kind try/catch sees
    └── PluginError      a plugin broke its contract; names the plugin and the operator

``str()`` of a :class:`ReadError`, :class:`ParseError` or :class:`HalconError` is the first
line the command line prints for it, ``file:line:column: error ...``, so a Python traceback
ends with the program's position; :meth:`HdliteError.render` adds the quoted source line and
the call stack.

A :class:`PluginError` (an operator raised a Python exception that is not a HALCON error, or
returned outputs that break its signature) is a bug in the plugin, not a condition of the
program: ``try ... catch`` does not catch it, the run ends with exit code 70 and a message
that names the plugin and the operator. Plugins report program errors with
:class:`HalconError` (``ctx.error``, ``ctx.param_error``), which ``try ... catch`` sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hdlite import error_codes
from hdlite.source import Span, snippet


@dataclass(frozen=True, slots=True)
class StackEntry:
    """One procedure activation in a call stack: the procedure and the line it is at."""

    procedure: str
    span: Span | None


def render_stack(stack: list[StackEntry]) -> str:
    """The ``called from`` lines of a call stack; runs of the same call are folded."""
    lines: list[str] = []
    previous, repeats = "", 0
    for entry in stack:
        loc = f" ({entry.span.file}:{entry.span.line})" if entry.span else ""
        line = f"\n  called from {entry.procedure}{loc}"
        if line == previous:
            repeats += 1
            continue
        if repeats:
            lines.append(f"\n  [the call above repeated {repeats} more times]")
        lines.append(line)
        previous, repeats = line, 0
    if repeats:
        lines.append(f"\n  [the call above repeated {repeats} more times]")
    if len(lines) > 12:  # e.g. mutual recursion: keep the ends
        lines = [*lines[:6], f"\n  [... {len(lines) - 9} more calls ...]", *lines[-3:]]
    return "".join(lines)


class HdliteError(Exception):
    """Base of every error that hdlite reports to a user."""

    exit_code = 70

    def render(self) -> str:
        """Return the full text shown to a user."""
        return str(self)


class ReadError(HdliteError):
    """A program or procedure file cannot be read or is not a valid HDevelop file."""

    exit_code = 65

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}error: {self.message}"

    def render(self) -> str:
        text = str(self)
        if self.span:
            quoted = snippet(self.span)
            if quoted:
                text += "\n" + quoted
        return text


class ParseError(ReadError):
    """A program line that does not parse, or block keywords that do not match."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of the resolver: where, what, and whether it stops a run."""

    span: Span
    message: str
    severity: str = "error"

    def render(self) -> str:
        """Format as ``file:line:col: severity: message`` plus the source line."""
        text = f"{self.span}: {self.severity}: {self.message}"
        quoted = snippet(self.span)
        return text + ("\n" + quoted if quoted else "")


class ResolveError(HdliteError):
    """Every problem the static checks found, reported together."""

    exit_code = 65

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{p.span}: {p.message}" for p in problems))

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class HalconError(HdliteError):
    """A runtime error carrying HALCON's error code; catchable by ``try ... catch``.

    Attributes:
        code: HALCON's error number (``Exception[0]`` in a script).
        detail: what exactly went wrong, in hdlite's words.
        operator: the operator (or in-line operation) that failed, if any.
        span: where in the program it happened.
        stack: the calling procedure activations, innermost first (the call of the
            procedure that failed first, main's call last).
        user_data: the values a script passed to ``throw`` after the code.
        add_code: HDevelop's additional code (21000 inside an operator).
    """

    def __init__(
        self,
        code: int,
        detail: str = "",
        *,
        operator: str = "",
        span: Span | None = None,
        user_data: tuple = (),
        add_code: int = 0,
    ) -> None:
        self.code = code
        self.detail = detail
        self.operator = operator
        self.span = span
        self.stack: list[StackEntry] = []
        self.user_data = user_data
        self.add_code = add_code
        self.procedure = ""
        self.depth = 0
        self.thrown: tuple | None = None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """HALCON's text for the code, followed by hdlite's detail."""
        if not error_codes.name(self.code) and self.detail:
            return self.detail
        base = error_codes.text(self.code)
        if self.thrown is not None and self.user_data and not self.detail:
            base = " ".join(str(v) for v in self.user_data)
        return f"{base}: {self.detail}" if self.detail else base

    def locate(self, span: Span | None, operator: str = "") -> HalconError:
        """Fill in the span and operator if nothing more precise is known yet."""
        if self.span is None:
            self.span = span
        if not self.operator:
            self.operator = operator
        return self

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        inside = f" in {self.operator}" if self.operator else ""
        return f"{where}error {self.code}{inside}: {self.message}"

    def render(self) -> str:
        text = str(self)
        if self.span:
            quoted = snippet(self.span)
            if quoted:
                text += "\n" + quoted
        if self.procedure:
            text += f"\n  in procedure {self.procedure}"
        text += render_stack(self.stack)
        return text


class PluginError(HdliteError):
    """An operator plugin broke its contract (raised, or returned the wrong outputs).

    Not a HALCON error: ``try ... catch`` in a program does not catch it (see the module).
    """

    def __init__(self, plugin: str, operator: str, message: str, span: Span | None = None):
        self.plugin = plugin
        self.operator = operator
        self.span = span
        super().__init__(f"plugin {plugin!r}, operator {operator}: {message}")

    def render(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return (
            f"{where}plugin error: {self} (a bug in the plugin {self.plugin!r}, not in the "
            f"program; -p no:{self.plugin} leaves the plugin out)"
        )


class UsageError(HdliteError):
    """The command line or a launcher was given bad options (exit code 2)."""

    exit_code = 2


class RunStopped(HdliteError):
    """The run was stopped from outside: ``--timeout`` expired or Ctrl-C was pressed.

    Not a HALCON error: ``try ... catch`` in a script does not see it.
    """

    def __init__(self, reason: str, exit_code: int, span: Span | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.exit_code = exit_code
        self.span = span

    def render(self) -> str:
        where = f" at {self.span}" if self.span else ""
        return f"hdlite: {self.reason}{where}"


@dataclass
class ExitRequest(Exception):
    """Raised by ``exit ()``: ends the program without an error."""

    status: int = 0
    stack: list[StackEntry] = field(default_factory=list)
