"""Scripted answers for interactive operators, so that programs that ask a person run headless.

HALCON's interactive operators (``draw_rectangle1``, ``draw_region``, ``get_mbutton``,
``dev_open_file_dialog``, ...) wait for a mouse or a dialog. hdlite has neither; a user gives
the results ahead of time instead, as a JSON object that maps operator names to lists of
answers, taken in order, one per call of that operator::

    {"draw_rectangle1": [[10, 20, 100, 200]], "dev_open_file_dialog": ["images/part.png"]}

Given with ``hdlite run --answers FILE``, ``hdlite.Engine(answers=...)``, an ``* answers:``
line of a program test or ``hdlite_runner.run(..., answers=...)`` (docs/interactive.md).

The mechanism is one object, ``ctx.session.answers`` (:class:`Answers`), that knows no
operator: an operator takes its next answer with :meth:`Answers.take` and checks its shape
itself. A wrong shape is reported with :meth:`Answer.wrong`, an :class:`AnswerError` that
names the answers, the operator and the answer's number at the call's place; ``try ...
catch`` does not catch it (the answers are wrong, not the program) and the run ends with
exit code 2. Without an answer the operator raises its HALCON error with the text of
:meth:`Answers.missing`, which says how to give one.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from hdlite.errors import HdliteError
from hdlite.source import Span, snippet

#: where to read about answers (named in the messages)
DOCS = "docs/interactive.md"


class AnswerError(HdliteError):
    """The scripted answers are unusable: unreadable, not a mapping of lists, unknown operator
    names, or an answer of the wrong shape for the operator that took it (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span

    def __str__(self) -> str:
        return f"{self.span}: error: {self.message}" if self.span else f"hdlite: {self.message}"

    def render(self) -> str:
        quoted = snippet(self.span) if self.span else ""
        return str(self) + ("\n" + quoted if quoted else "")


@dataclass(frozen=True)
class Answer:
    """One scripted answer: its value (as JSON gives it) and where it came from."""

    value: Any
    operator: str
    number: int  # 1-based, among the answers for this operator
    source: str

    def wrong(self, expected: str, span: Span | None = None) -> AnswerError:
        """The error for an answer that does not have the shape ``expected`` describes."""
        got = json.dumps(self.value)
        got = got if len(got) <= 60 else got[:57] + "..."
        return AnswerError(
            f"{self.source}: answer {self.number} for {self.operator} is {got}; "
            f"expected {expected}",
            span,
        )


class Answers:
    """The scripted answers of one run, consumed in order per operator name.

    Args:
        data: operator name -> list of answers (JSON values).
        source: what the answers are called in messages (the file name).

    Raises:
        AnswerError: ``data`` is not a mapping of operator names to lists.
    """

    def __init__(self, data: Mapping[str, Any] | None = None, source: str = "the answers") -> None:
        self.source = source
        self._data: dict[str, list[Any]] = {}
        if not isinstance(data, Mapping | None):
            raise AnswerError(f"{source}: expected a JSON object of operator names to lists")
        for name, items in (data or {}).items():
            if not isinstance(name, str) or not isinstance(items, list):
                raise AnswerError(
                    f"{source}: {name!r} must map to a list of answers, one per call "
                    f'(e.g. "{name}": [ANSWER, ...])'
                )
            self._data[name] = list(items)
        self._used: dict[str, int] = {}

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Answers:
        """Read a JSON answers file.

        Raises:
            AnswerError: the file cannot be read, is not JSON, or is not a mapping of lists.
        """
        name = os.fspath(path)
        try:
            with open(name, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise AnswerError(f"answers file {name}: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise AnswerError(f"answers file {name} is not valid JSON: {exc}") from None
        return cls(data, name)

    @classmethod
    def of(cls, value: Answers | Mapping[str, Any] | str | os.PathLike[str] | None) -> Answers:
        """Answers from a file path, a mapping, or another :class:`Answers` (a fresh copy)."""
        if value is None:
            return cls()
        if isinstance(value, Answers):
            return value.fresh()
        if isinstance(value, str | os.PathLike):
            return cls.load(value)
        return cls(value)

    def fresh(self) -> Answers:
        """The same answers, none consumed (for the next run)."""
        return Answers(self._data, self.source)

    def __bool__(self) -> bool:
        return bool(self._data)

    def take(self, operator: str) -> Answer | None:
        """The next unused answer for ``operator``, or None when there is none left."""
        items = self._data.get(operator, [])
        used = self._used.get(operator, 0)
        if used >= len(items):
            return None
        self._used[operator] = used + 1
        return Answer(items[used], operator, used + 1, self.source)

    def missing(self, operator: str, example: str) -> str:
        """Why ``operator`` has no answer and how to give one (``example``: one answer)."""
        entry = f'"{operator}": [{example}]'
        given = len(self._data.get(operator, []))
        if given:
            return (
                f"no interactive input in a headless run, and the {given} answer(s) for "
                f"{operator} in {self.source} are used up: add one more to {entry} ({DOCS})"
            )
        if self._data:
            return (
                f"no interactive input in a headless run, and {self.source} has no answer "
                f"for {operator}: add {entry} ({DOCS})"
            )
        return (
            f"no interactive input in a headless run: script the answer, e.g. {{{entry}}} "
            f"in a JSON file given with 'hdlite run --answers FILE' ({DOCS})"
        )

    def check_names(self, known: Collection[str]) -> None:
        """Refuse answers for names that are not operators (a typo would go unnoticed).

        Raises:
            AnswerError: every unknown name, with a "did you mean" where one fits.
        """
        problems = []
        for name in self._data:
            if name not in known:
                close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"'{name}' is not an operator{hint}")
        if problems:
            raise AnswerError(f"{self.source}: " + "; ".join(problems))

    def unused(self) -> dict[str, int]:
        """Operator name -> how many of its answers no call took."""
        left = {name: len(items) - self._used.get(name, 0) for name, items in self._data.items()}
        return {name: count for name, count in left.items() if count}
