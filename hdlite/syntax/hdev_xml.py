"""Reading HDevelop's XML files (.hdev, .hdvp, .hdpl) into raw procedures with line numbers.

``xml.etree`` drops line numbers, so this reader drives expat directly and records, for every
``<l>`` element, the file line and column where its text starts. Comment lines (``<c>``,
deactivated ``<l>* ...`` lines) and export lines (``#``) are dropped here; the parser sees
only code, placed at the file's own line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from hdlite.errors import ReadError
from hdlite.source import Span
from hdlite.syntax.ast import ParamDecl

_GROUPS = {
    "io": ("iconic", "in"),
    "oo": ("iconic", "out"),
    "ic": ("control", "in"),
    "oc": ("control", "out"),
}


@dataclass
class CodeLine:
    """One program line: its text and where the text starts in the file (1-based)."""

    line: int
    column: int
    text: str


@dataclass
class RawProcedure:
    """A procedure as read from a file: interface and code lines, not parsed yet."""

    name: str
    params: list[ParamDecl]
    lines: list[CodeLine]
    span: Span
    short: str = ""
    protected: bool = False
    extra: dict = field(default_factory=dict)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.procedures: list[RawProcedure] = []
        self.stack: list[str] = []
        self.current: RawProcedure | None = None
        self.group: tuple[str, str] | None = None
        self.text_parts: list[str] = []
        self.text_start: tuple[int, int] = (0, 0)
        self.root_seen = False
        # no forced encoding: expat follows the XML declaration (UTF-8, UTF-16, ISO-8859-1,
        # US-ASCII natively; others are decoded first, see read_xml) and defaults to UTF-8
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.parser.buffer_text = True

    def here(self) -> Span:
        return Span(self.path, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(tag)
        if parent is None:
            if tag != "hdevelop":
                raise ReadError(
                    f"not an HDevelop file: root element is <{tag}>, expected <hdevelop>",
                    self.here(),
                )
            self.root_seen = True
            return
        if tag == "procedure" and parent == "hdevelop":
            name = attrs.get("name", "").strip()
            if not name:
                raise ReadError("<procedure> without a name attribute", self.here())
            self.current = RawProcedure(name, [], [], self.here())
        elif self.current is None:
            return
        elif tag in _GROUPS and parent == "interface":
            self.group = _GROUPS[tag]
        elif tag == "par" and self.group is not None:
            name = attrs.get("name", "")
            if not name:
                raise ReadError("interface <par> without a name attribute", self.here())
            try:
                dimension = int(attrs.get("dimension", "0"))
            except ValueError:
                raise ReadError(
                    f"parameter {name}: dimension must be an integer", self.here()
                ) from None
            self.current.params.append(ParamDecl(name, self.group[0], self.group[1], dimension))
        elif tag in ("l", "c") and parent == "body":
            self.text_parts = []
            # the text starts right after the start tag; expat reports the tag's '<'
            tag_len = len(tag) + 2 + sum(len(k) + len(v) + 4 for k, v in attrs.items())
            self.text_start = (
                self.parser.CurrentLineNumber,
                self.parser.CurrentColumnNumber + 1 + tag_len,
            )
        elif tag == "short" and parent != "parameter":
            self.text_parts = []
        elif tag in ("encrypted", "encrypted_body", "protected", "xb"):
            self.current.protected = True

    def chars(self, data: str) -> None:
        self.text_parts.append(data)

    def end(self, tag: str) -> None:
        self.stack.pop()
        if self.current is None:
            return
        if tag == "l" and self.stack and self.stack[-1] == "body":
            line, column = self.text_start
            self.current.lines.append(CodeLine(line, column, "".join(self.text_parts)))
        elif tag == "short" and not self.current.short:
            self.current.short = "".join(self.text_parts).strip()
        elif tag in _GROUPS:
            self.group = None
        elif tag == "procedure":
            self.procedures.append(self.current)
            self.current = None
        if tag in ("l", "c", "short"):
            self.text_parts = []

    def read(self, data: bytes) -> list[RawProcedure]:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            span = Span(self.path, exc.lineno, exc.offset + 1)
            raise ReadError(f"malformed XML: {expat.ErrorString(exc.code)}", span) from None
        if not self.root_seen:
            raise ReadError("empty file: no <hdevelop> element", Span(self.path, 1, 1))
        return self.procedures


def read_xml(path: str, data: bytes) -> list[RawProcedure]:
    """Read every ``<procedure>`` of an HDevelop XML file.

    Raises:
        ReadError: malformed XML, a wrong root element, or a procedure without a name.
    """
    encoding = declared_encoding(data)
    if encoding and encoding.lower().replace("_", "-") not in _EXPAT_ENCODINGS:
        # an encoding expat lacks (windows-1252, ...): decode here, hand expat UTF-8
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ReadError(
                f"cannot decode the file as {encoding}: {exc}", Span(path, 1, 1)
            ) from None
        data = _ENCODING_RE.sub(
            lambda m: m.group(0).replace(m.group(2), "utf-8"), text, count=1
        ).encode("utf-8")
    return _Reader(path).read(data)


_EXPAT_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "iso-8859-1", "latin-1", "us-ascii"})
_ENCODING_RE = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\1""")


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names, or None (the file is then UTF-8)."""
    head = data[:200].decode("latin-1")
    if head.startswith("\xef\xbb\xbf"):
        return None
    match = _ENCODING_RE.match(head)
    return match.group(2) if match else None
