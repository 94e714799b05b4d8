"""Parameters of text models (create_text_model_reader, set/get_text_model_param).

From HALCON's reference (set_text_model_param, get_text_model_param pages, found with the
``search`` tool): the names that are valid depend on the Mode the model was created with;
'auto' models take the segmentation parameters below, 'manual' models the ``manual_*``
ones. Defaults [doc]: 'min_contrast' 15 (1 ... 255 for byte images, ... 65535 for uint2),
'polarity' 'both', 'eliminate_border_blobs' 'false', 'add_fragments' 'true',
'separate_touching_chars' 'standard' ('false', 'standard', 'enhanced'). Every parameter but
'ocr_classifier' can be queried.

hdlite's choices [unverified]: the size and stroke parameters take 'default' (derived from
the image, see :mod:`._text_segmentation`) or a positive number, and are 'default' until
set; 'text_line_structure' (the same as 'text_line_structure_0') and its numbered forms
'text_line_structure_N' take word lengths separated by blanks ('3 4') or '' for none;
'manual_polarity' is 'dark_on_light' until set; 'manual_max_line_num' is 'default' (no
limit). A name the mode does not have, or a value outside a parameter's range, is
HALCON's wrong value of GenParamName (1302) or GenParamValue (1303).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

BOOL = ("true", "false")
#: word lengths of one line structure: '3', '2 4 1'
_STRUCTURE = re.compile(r"^\s*(\d+\s*)*$")


@dataclass(frozen=True)
class Spec:
    """One parameter: its default and the values it takes."""

    default: Any
    choices: tuple[str, ...] = ()  # allowed strings ('' = none besides numbers)
    number: tuple[float, float] | None = None  # allowed numeric range (inclusive)
    integer: bool = False
    text: bool = False  # any string (checked by ``check``)


def _size() -> Spec:
    return Spec("default", ("default",), (1, 100_000))


AUTO: dict[str, Spec] = {
    "min_contrast": Spec(15, (), (1, 65535)),
    "polarity": Spec("both", ("dark_on_light", "light_on_dark", "both")),
    "eliminate_border_blobs": Spec("false", BOOL),
    "add_fragments": Spec("true", BOOL),
    "separate_touching_chars": Spec("standard", ("false", "standard", "enhanced")),
    "min_char_height": _size(),
    "max_char_height": _size(),
    "min_char_width": _size(),
    "max_char_width": _size(),
    "min_stroke_width": _size(),
    "max_stroke_width": _size(),
    "text_line_structure": Spec("", text=True),
    "return_punctuation": Spec("true", BOOL),
    "return_separators": Spec("true", BOOL),
    "uppercase_only": Spec("false", BOOL),
    "dot_print": Spec("false", BOOL),
}

MANUAL: dict[str, Spec] = {
    "manual_char_width": _size(),
    "manual_char_height": _size(),
    "manual_stroke_width": _size(),
    "manual_polarity": Spec("dark_on_light", ("dark_on_light", "light_on_dark")),
    "manual_is_dotprint": Spec("false", BOOL),
    "manual_max_line_num": Spec("default", ("default",), (1, 100_000), integer=True),
    "manual_eliminate_horizontal_lines": Spec("false", BOOL),
    "manual_return_punctuation": Spec("true", BOOL),
    "manual_return_separators": Spec("true", BOOL),
    "manual_text_line_structure": Spec("", text=True),
    "manual_uppercase_only": Spec("false", BOOL),
    "manual_fragment_size_min": Spec("default", ("default",), (1, 100_000)),
    "manual_persistence": Spec("false", BOOL),
}

#: parameters whose name may end in '_N' (N = 0, 1, ...): several line structures
_NUMBERED = ("text_line_structure", "manual_text_line_structure")


def specs(mode: str) -> dict[str, Spec]:
    """The parameters of a model of ``mode``."""
    return AUTO if mode == "auto" else MANUAL


def defaults(mode: str) -> dict[str, Any]:
    """A fresh parameter set for ``mode``."""
    return {name: spec.default for name, spec in specs(mode).items()}


def canonical(mode: str, name: str) -> str | None:
    """The stored name of ``name`` ('text_line_structure_0' is 'text_line_structure'),
    or None when the mode has no such parameter."""
    table = specs(mode)
    if name in table:
        return name
    for base in _NUMBERED:
        if base in table and name.startswith(base + "_"):
            tail = name[len(base) + 1 :]
            if tail.isdigit() and len(tail) < 6:
                return base if int(tail) == 0 else name
    return None


def spec_of(mode: str, name: str) -> Spec:
    """The spec of a canonical name (numbered structures share their base's)."""
    table = specs(mode)
    if name in table:
        return table[name]
    return table[next(b for b in _NUMBERED if name.startswith(b))]


def check(spec: Spec, value: Any) -> str | None:
    """Why ``value`` is not valid for ``spec`` (None when it is)."""
    if isinstance(value, str):
        if spec.text:
            if _STRUCTURE.match(value) is None:
                return "expected word lengths separated by blanks, e.g. '3 4'"
            return None
        if value in spec.choices:
            return None
        allowed = list(spec.choices) + (["a number"] if spec.number else [])
        return f"{value!r} is not one of {allowed}"
    if spec.number is None or isinstance(value, bool):
        return f"expected one of {list(spec.choices)}"
    if spec.integer and not isinstance(value, int):
        return "expected an integer"
    if not (spec.number[0] <= value <= spec.number[1]):
        return f"must be {spec.number[0]} ... {spec.number[1]}, got {value}"
    return None


def structures(params: dict[str, Any], base: str) -> list[list[int]]:
    """The line structures set (base name and its numbered forms), in number order."""
    found: list[tuple[int, list[int]]] = []
    for name, value in params.items():
        if name != base and not name.startswith(base + "_"):
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        number = 0 if name == base else int(name[len(base) + 1 :])
        found.append((number, [int(v) for v in value.split()]))
    return [s for _, s in sorted(found)]
