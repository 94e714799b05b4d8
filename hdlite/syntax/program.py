"""Loading programs and procedure files: file -> raw procedures -> parsed ProcedureDefs.

Any file whose first non-blank character is ``<`` is read as HDevelop XML (``.hdev``,
``.hdvp``, ``.hdpl``); anything else as hdlite's plain-text form (``plain_text.py``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from hdlite.errors import ParseError, ReadError
from hdlite.source import SourceCache, Span
from hdlite.syntax import blocks, parser
from hdlite.syntax.ast import ProcedureDef
from hdlite.syntax.hdev_xml import CodeLine, RawProcedure, declared_encoding, read_xml
from hdlite.syntax.plain_text import read_text


def strip_line_comment(text: str) -> str:
    """Remove a ``//`` end-of-line comment that is outside string literals."""
    if "//" not in text:
        return text
    in_string = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == "'":
                in_string = False
        elif ch == "'":
            in_string = True
        elif ch == "/" and text.startswith("//", i):
            return text[:i]
        i += 1
    return text


def code_texts(lines: list[CodeLine]) -> list[str]:
    """The texts the parser sees: code at its file line and column, comments blanked.

    Normally one text; code lines that share a file line with an earlier one (several
    ``<l>`` elements on one XML line) go to further texts, so that every text keeps the
    file's line numbering.
    """
    texts: list[list[str]] = []
    for code in lines:
        stripped = code.text.lstrip()
        if not stripped or stripped[0] in "*#":
            continue
        rows = [strip_line_comment(part.rstrip("\r")) for part in code.text.split("\n")]
        rows[0] = " " * (code.column - 1) + rows[0]
        for out in texts:
            if len(out) < code.line:  # this text has room at the code's line
                break
        else:
            out = []
            texts.append(out)
        while len(out) < code.line - 1:
            out.append("")
        out.extend(rows)
    return ["\n".join(out) + "\n" for out in texts] or ["\n"]


#: the largest program or procedure file hdlite reads (HDevelop's own files are far smaller)
MAX_PROGRAM_BYTES = 64 * 2**20


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_raw(path: str) -> list[RawProcedure]:
    """Read the procedures of a file without parsing their bodies.

    Raises:
        ReadError: the file is missing, unreadable, not a regular file (a FIFO or a device:
            reading it could block or never end), larger than :data:`MAX_PROGRAM_BYTES`,
            not UTF-8, or malformed.
    """
    try:
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
            # opening a FIFO blocks until a writer comes; a device may never end
            raise ReadError(f"not a regular file ({_file_kind(kind)}): {path}")
        with open(path, "rb") as handle:
            data = handle.read(MAX_PROGRAM_BYTES + 1)
        if len(data) > MAX_PROGRAM_BYTES:
            raise ReadError(
                f"{path} is larger than {MAX_PROGRAM_BYTES // 2**20} MiB: not a program file"
            )
    except FileNotFoundError:
        raise ReadError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise ReadError(f"is a directory, not a program file: {path}") from None
    except OSError as exc:
        raise ReadError(f"cannot read {path}: {exc.strerror}") from None
    head = data.lstrip()[:1]
    if data.startswith(b"\xef\xbb\xbf"):
        head = data[3:].lstrip()[:1]
    if head == b"<":
        try:
            encoding = declared_encoding(data) or "utf-8"
            SourceCache.remember(path, data.decode(encoding, errors="replace"))
        except Exception:  # quoting is best effort
            pass
        return read_xml(path, data)
    if path.lower().endswith((".hdev", ".hdvp", ".hdpl")):
        raise ReadError(
            f"{path} is not an HDevelop XML file (it does not start with '<'); "
            "plain-text programs use another extension, such as .hdtxt",
            Span(path, 1, 1),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise ReadError(f"{path} is a binary file, not a program")
    SourceCache.remember(path, text)
    return read_text(path, text)


def compile_raw(raw: RawProcedure, path: str, *, local: bool = False) -> ProcedureDef:
    """Parse the body of a raw procedure.

    Raises:
        ParseError: a line does not parse or the blocks do not match.
        ReadError: the procedure is protected (its body is encrypted).
    """
    if raw.protected:
        raise ReadError(
            f"procedure {raw.name} is protected (encrypted) and cannot be run", raw.span
        )
    texts = code_texts(raw.lines)
    lines = parser.parse_lines(texts[0], path)
    if len(texts) > 1:  # statements from several texts, back in source order
        for text in texts[1:]:
            lines += parser.parse_lines(text, path)
        lines.sort(key=lambda s: (s.span.line, s.span.column))
    body = blocks.build(lines, path, raw.span)
    return ProcedureDef(raw.name, tuple(raw.params), body, raw.span, local, raw.short)


@dataclass
class Program:
    """A program: its main procedure and its local procedures, all parsed."""

    path: str
    main: ProcedureDef
    procedures: dict[str, ProcedureDef] = field(default_factory=dict)

    @property
    def directory(self) -> str:
        """The directory of the program file."""
        return os.path.dirname(os.path.abspath(self.path))


def load_procedure_file(path: str) -> Program:
    """A ``.hdvp``/``.hdpl`` file as a program: its procedures, and an empty ``main``.

    Raises:
        ReadError: the file cannot be read.
        ParseError: for every line that does not parse.
    """
    errors: list[ParseError] = []
    procedures: dict[str, ProcedureDef] = {}
    for raw in read_raw(path):
        try:
            procedures[raw.name] = compile_raw(raw, path, local=True)
        except parser.ParseErrors as exc:
            errors.extend(exc.errors)
        except ParseError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else parser.ParseErrors(errors)
    main = ProcedureDef("main", (), (), Span(path, 1, 1))
    return Program(path, main, procedures)


def load_program(path: str, text: str | None = None) -> Program:
    """Read and parse a program file (``.hdev`` XML or plain text).

    Args:
        path: the file; its name is used in every error position.
        text: the program text to use instead of the file's content.

    Raises:
        ReadError: the file cannot be read or has no ``main`` procedure.
        ParseError: for every line that does not parse (all of them).
    """
    if text is None:
        raws = read_raw(path)
    else:
        SourceCache.remember(path, text)
        is_xml = text.lstrip().startswith("<")
        raws = read_xml(path, text.encode()) if is_xml else read_text(path, text)
    errors: list[ParseError] = []
    procedures: dict[str, ProcedureDef] = {}
    main = None
    for raw in raws:
        if raw.name in procedures or (raw.name == "main" and main is not None):
            raise ReadError(f"procedure {raw.name} is defined twice", raw.span)
        try:
            proc = compile_raw(raw, path, local=raw.name != "main")
        except parser.ParseErrors as exc:
            errors.extend(exc.errors)
            continue
        except ParseError as exc:
            errors.append(exc)
            continue
        if raw.name == "main":
            main = proc
        else:
            procedures[raw.name] = proc
    if errors:
        raise errors[0] if len(errors) == 1 else parser.ParseErrors(errors)
    if main is None:
        names = ", ".join(sorted(procedures)) or "none"
        raise ReadError(f"{path} has no procedure 'main' (procedures: {names})", Span(path, 1, 1))
    return Program(path, main, procedures)
