"""Source files, spans and the caret snippets that errors print."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of a source file; lines and columns are 1-based, end is exclusive.

    A named tuple: immutable, and the parser creates one per token, where a tuple is about
    three times cheaper to build than a frozen dataclass.
    """

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class SourceCache:
    """Keeps the text of every file read in this process, so errors can quote lines."""

    _texts: dict[str, list[str]] = {}  # noqa: RUF012 - a process-wide cache on purpose

    @classmethod
    def remember(cls, path: str, text: str) -> None:
        """Store the text of ``path`` for later quoting."""
        cls._texts[path] = text.split("\n")

    @classmethod
    def line(cls, path: str, line: int) -> str | None:
        """Return line ``line`` (1-based) of ``path``, or None if unknown."""
        lines = cls._texts.get(path)
        if lines is None:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().split("\n")
            except OSError:
                return None
            cls._texts[path] = lines
        if 1 <= line <= len(lines):
            return lines[line - 1]
        return None


def snippet(span: Span) -> str:
    """Render the source line of ``span`` with a caret line under the region."""
    text = SourceCache.line(span.file, span.line)
    if text is None:
        return ""
    text = text.replace("\t", " ")
    width = 1
    if span.end_line == span.line and span.end_column > span.column:
        width = span.end_column - span.column
    number = f"{span.line:>5}"
    gutter = " " * len(number)
    caret = " " * max(span.column - 1, 0) + "^" * min(width, max(len(text) - span.column + 1, 1))
    return f"{number} | {text}\n{gutter} | {caret}"
