"""Every error code an operator raises has HALCON's text in :mod:`hdlite.error_codes`, so
that ``get_error_text`` and the messages of uncaught errors never say "No error message
available" for hdlite's own errors.

The codes are found in the plugin sources: literal numbers given to ``ctx.error``,
``HalconError`` or a plugin's own ``...Error`` carrying a code, and module constants
(``NOT_FOUND = 8402``, ``A, B = 8414, 8405``) whose names are given to them.
"""

from __future__ import annotations

import re
from pathlib import Path

from hdlite import error_codes

OPERATORS = Path(__file__).resolve().parents[2] / "operators"
_CALL = re.compile(r"(?:ctx\.error|\w*Error)\(\s*(?:(\d{4,5}) if [^,]+ else )?(\w+)")
_CONST = re.compile(
    r"^\s*([A-Z_][A-Z_0-9, ]*?)\s*(?::[^=\n]*)?=\s*(\d{4,5}(?:\s*,\s*\d{4,5})*)\b", re.M
)


def _raised_codes() -> dict[int, str]:
    sources = {path: path.read_text(encoding="utf-8") for path in OPERATORS.rglob("*.py")}
    named: set[str] = set()
    codes: dict[int, str] = {}
    for path, text in sources.items():
        for first, arg in _CALL.findall(text):
            for value in (first, arg):
                if value.isdigit():
                    codes.setdefault(int(value), path.name)
                elif value:
                    named.add(value)
    for path, text in sources.items():
        for names, values in _CONST.findall(text):
            pairs = zip(names.replace(" ", "").split(","), values.split(","), strict=False)
            for name, value in pairs:
                if name in named or name.startswith(("ERR_", "H_ERR")) or "ERROR" in name:
                    codes.setdefault(int(value), path.name)
    return codes


def test_the_scan_finds_the_codes_of_the_vision_families() -> None:
    codes = _raised_codes()
    for code in (8313, 8319, 8320, 8321, 8402, 8405, 8414, 8415, 8428, 8431, 8433, 6001, 9054):
        assert code in codes, code


def test_every_raised_code_has_halcons_text() -> None:
    missing = {
        code: where
        for code, where in _raised_codes().items()
        if 1000 <= code and not error_codes.name(code) and not 1200 < code < 1600
    }
    assert not missing, f"codes without a text in hdlite/error_codes.py: {missing}"
    assert error_codes.text(8402) == "No calibration table found"
    assert error_codes.text(8320) == "Invalid file format for MLP classifier"
