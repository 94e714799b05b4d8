"""Reading hdlite's plain-text program form: HDevelop lines, with ``proc ... endproc`` blocks.

::

    * comment lines start with '*'; '//' starts an end-of-line comment
    proc area_of (object Region, tuple Scale, out tuple Area)
        area_center (Region, A, Row, Column)
        Area := A * Scale
    endproc

    read_image (Image, 'fabrik')          * top-level lines form the procedure main

Parameters are written ``[out] object|tuple [vector(N)] Name`` and must come in HALCON's
order: iconic inputs, iconic outputs, control inputs, control outputs.
"""

from __future__ import annotations

import re

from hdlite.errors import ReadError
from hdlite.source import Span
from hdlite.syntax.ast import ParamDecl
from hdlite.syntax.hdev_xml import CodeLine, RawProcedure

_PROC_RE = re.compile(
    r"^(\s*)(?:public\s+|private\s+)?proc\s+([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$"
)
_END_RE = re.compile(r"^\s*endproc\b\s*(\(\s*\))?\s*$")
_PARAM_RE = re.compile(
    r"^\s*(out\s+)?(object|tuple)\s+(?:vector\s*\(\s*(\d+)\s*\)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*$"
)
_ORDER = {("iconic", "in"): 0, ("iconic", "out"): 1, ("control", "in"): 2, ("control", "out"): 3}


def _params(text: str, span: Span) -> list[ParamDecl]:
    params: list[ParamDecl] = []
    if not text.strip():
        return params
    for part in text.split(","):
        match = _PARAM_RE.match(part)
        if not match:
            raise ReadError(
                f"bad parameter {part.strip()!r}: write [out] object|tuple [vector(N)] Name", span
            )
        out, kind, dim, name = match.groups()
        params.append(
            ParamDecl(
                name,
                "iconic" if kind == "object" else "control",
                "out" if out else "in",
                int(dim or 0),
            )
        )
    order = [_ORDER[(p.kind, p.direction)] for p in params]
    if order != sorted(order):
        raise ReadError(
            "parameters must come in HALCON's order: object inputs, object outputs, "
            "tuple inputs, tuple outputs",
            span,
        )
    return params


def read_text(path: str, text: str) -> list[RawProcedure]:
    """Split a plain-text program into ``main`` and its ``proc`` blocks.

    Raises:
        ReadError: a bad ``proc`` header, a nested ``proc``, or a missing ``endproc``.
    """
    main = RawProcedure("main", [], [], Span(path, 1, 1))
    procedures = [main]
    current: RawProcedure | None = None
    # only '\n' ends a line: form feeds or U+2028 inside a string are characters, not breaks
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        header = _PROC_RE.match(line)
        if header:
            span = Span(path, number, len(header.group(1)) + 1)
            if current is not None:
                raise ReadError(
                    f"'proc' inside procedure {current.name} (missing 'endproc'?)", span
                )
            current = RawProcedure(header.group(2), _params(header.group(3), span), [], span)
            procedures.append(current)
            continue
        if _END_RE.match(line):
            if current is None:
                raise ReadError("'endproc' without 'proc'", Span(path, number, 1))
            current = None
            continue
        target = current or main
        target.lines.append(CodeLine(number, 1, line))
    if current is not None:
        raise ReadError(f"procedure {current.name} has no 'endproc'", current.span)
    return procedures
