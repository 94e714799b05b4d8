"""Parameter tables of bar code and data code models: names, defaults, allowed values.

A name that the model does not know is HALCON's wrong-value error on GenParamName; a value
outside a parameter's documented set or range is the wrong-value error on GenParamValue.
Names and value sets follow the reference pages of set_bar_code_param and
set_data_code_2d_param (HALCON 20.11-22.11); defaults marked [unverified] are hdlite's
reading of those pages, not measured on HALCON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hdlite.plugin import CallContext, Element


@dataclass(frozen=True)
class Spec:
    """One parameter: its default, allowed strings, and numeric range (None: no numbers)."""

    default: Element
    words: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    integer: bool = False

    def check(self, value: Element) -> Element | None:
        """The value as stored, or None if it is not allowed."""
        if isinstance(value, str):
            return value if value in self.words else None
        if isinstance(value, int | float) and self.lo is not None and self.hi is not None:
            if self.integer and float(value) != int(value):
                return None
            if not self.lo <= float(value) <= self.hi:
                return None
            return int(value) if self.integer else float(value)
        return None


def _num(default: float, lo: float, hi: float, *words: str) -> Spec:
    return Spec(default, words, lo, hi)


def _int(default: int | str, lo: int, hi: int, *words: str) -> Spec:
    return Spec(default, words, lo, hi, integer=True)


def _words(default: str, *words: str) -> Spec:
    return Spec(default, (default, *words))


_BIG = 1e9

#: set_bar_code_param (defaults [unverified] where the pages changed between versions)
BAR_CODE: dict[str, Spec] = {
    "element_size_min": _num(2.0, 0.5, 64.0),
    "element_size_max": _num(8.0, 1.0, 256.0),
    "element_size_variable": _words("false", "true"),
    "barcode_height_min": _int(-1, -1, 100000),
    "barcode_width_min": _int(-1, -1, 100000),
    "barcode_width_max": _int(-1, -1, 100000),
    "orientation": _num(0.0, -90.0, 90.0),
    "orientation_tol": _num(90.0, 0.0, 90.0),
    "meas_thresh": _num(0.05, 0.0, 1.0),
    "meas_thresh_abs": _num(5.0, 0.0, 255.0),
    "max_diff_orient": _num(10.0, 0.0, 180.0),
    "check_char": _words("absent", "present", "preserved"),
    "composite_code": _words("none", "CC-A/B"),
    "persistence": _int(0, 0, 1),
    "num_scanlines": _int(0, 0, 10000),
    "min_identical_scanlines": _int(0, 0, 10000),
    "merge_scanlines": _words("true", "false"),
    "min_code_length": _int(0, 0, 10000),
    "stop_after_result_num": _int(0, 0, 100000),
    "majority_voting": _words("false", "true"),
    "start_stop_tolerance": _words("high", "low"),
    "quiet_zone": _words("false", "true", "tolerant"),
    "small_elements_robustness": _words("true", "false"),
    "contrast_min": _num(0.0, 0.0, 255.0),
    "timeout": _num(-1.0, -1.0, _BIG),
    "upce_encodation": _words("ucc-12", "zero-suppressed"),
    "quality_isoiec15416_reflectance_reference": _num(255.0, 1.0, 65535.0),
}

_SIZE: tuple[str, ...] = ("QR Code", "Data Matrix ECC 200", "Aztec Code", "Micro QR Code")
_SIZE += ("GS1 QR Code", "GS1 DataMatrix", "GS1 Aztec Code")
_DM = ("Data Matrix ECC 200", "GS1 DataMatrix")
_QR = ("QR Code", "Micro QR Code", "GS1 QR Code")
_ROWS = (*_DM, "PDF417")
_PDF = ("PDF417",)
_AZ = ("Aztec Code", "GS1 Aztec Code")
_ALL: tuple[str, ...] = ()  # every symbol type

#: set_data_code_2d_param: (spec, symbol types it applies to; () = all) [defaults of
#: 'standard_recognition'; unverified where the pages differ per symbol type]
DATA_CODE: dict[str, tuple[Spec, tuple[str, ...]]] = {
    "polarity": (_words("dark_on_light", "light_on_dark", "any"), _ALL),
    "mirrored": (_words("any", "no", "yes"), _ALL),
    "contrast_min": (_num(30.0, 1.0, 100000.0), _ALL),
    "module_size_min": (_num(6.0, 1.0, 1000.0), _SIZE),
    "module_size_max": (_num(20.0, 1.0, 1000.0), _SIZE),
    "module_width_min": (_num(3.0, 1.0, 1000.0), _PDF),
    "module_width_max": (_num(15.0, 1.0, 1000.0), _PDF),
    "module_aspect_min": (_num(1.0, 0.5, 20.0), _PDF),
    "module_aspect_max": (_num(4.0, 0.5, 20.0), _PDF),
    "module_gap_min": (_words("no", "small", "big"), (*_SIZE,)),
    "module_gap_max": (_words("no", "small", "big"), (*_SIZE,)),
    "module_grid": (_words("fixed", "variable", "any"), _DM),
    "symbol_rows_min": (_int(8, 3, 144), _ROWS),
    "symbol_rows_max": (_int(144, 3, 144), _ROWS),
    "symbol_cols_min": (_int(10, 1, 144), _ROWS),
    "symbol_cols_max": (_int(144, 1, 144), _ROWS),
    "symbol_shape": (_words("any", "square", "rectangle"), _DM),
    "symbol_size_min": (_int(11, 11, 177), (*_QR, *_AZ)),
    "symbol_size_max": (_int(177, 11, 177), (*_QR, *_AZ)),
    "version_min": (_int(1, 1, 40), _QR),
    "version_max": (_int(40, 1, 40), _QR),
    "model_type": (_int("any", 1, 2, "any"), ("QR Code", "GS1 QR Code")),
    "position_pattern_min": (_int(3, 2, 3), ("QR Code", "GS1 QR Code")),
    "slant_max": (_num(0.1745, 0.0, 0.5236), _DM),
    "finder_pattern_tolerance": (_words("low", "high", "any"), (*_DM, *_AZ)),
    "contrast_tolerance": (_words("low", "high", "any"), _DM),
    "small_modules_robustness": (_words("low", "high"), _ALL),
    "strict_model": (_words("yes", "no"), _ALL),
    "persistence": (_int(0, 0, 1), _ALL),
    "timeout": (_num(-1.0, -1.0, _BIG), _ALL),
    "string_encoding": (_words("utf8", "locale", "latin1", "raw"), _ALL),
    "decoding_scheme": (_words("default", "raw"), _DM),
    "candidate_selection": (_words("default", "extensive", "all"), _DM),
    "discard_undecoded_candidates": (_words("no", "yes"), _ALL),
}

#: a name that sets the _min and _max parameter to one value
PAIRS: tuple[str, ...] = (
    "module_size",
    "module_width",
    "module_aspect",
    "module_gap",
    "symbol_rows",
)
PAIRS += ("symbol_cols", "symbol_size", "version")

#: the Micro QR Code's version range (M1-M4) and sizes
MICRO_QR: dict[str, Element] = {
    "version_max": 4,
    "symbol_size_max": 17,
    "version_min": 1,
    "symbol_size_min": 11,
}

#: 'enhanced_recognition' / 'maximum_recognition' relax the search [unverified details]
RELAXED: dict[str, Element] = {
    "polarity": "any",
    "module_size_min": 2.0,
    "module_size_max": 100.0,
    "module_width_min": 1.0,
    "module_width_max": 100.0,
    "module_gap_max": "big",
    "contrast_min": 10.0,
    "small_modules_robustness": "high",
    "finder_pattern_tolerance": "high",
    "contrast_tolerance": "high",
    "position_pattern_min": 2,
}


def data_code_defaults(symbol_type: str, level: str = "standard_recognition") -> dict[str, Element]:
    """Every parameter of a model for ``symbol_type`` at a 'default_parameters' level."""
    out: dict[str, Element] = {}
    for name, (spec, types) in DATA_CODE.items():
        if not types or symbol_type in types:
            out[name] = spec.default
    if symbol_type == "Micro QR Code":
        out.update(MICRO_QR)
    if level != "standard_recognition":
        out.update({k: v for k, v in RELAXED.items() if k in out})
    out["default_parameters"] = level
    return out


def apply(
    ctx: CallContext,
    params: dict[str, Element],
    names: tuple,
    values: tuple,
    spec_of: Callable[[str], Spec | None],
    reset: Callable[[str], dict[str, Element]] | None = None,
) -> None:
    """Set ``names`` to ``values`` in ``params`` (all or nothing)."""
    if len(names) != len(values):
        raise ctx.param_error(
            "count", "GenParamValue", f"{len(values)} values for {len(names)} names"
        )
    new = dict(params)
    for name, value in zip(names, values, strict=True):
        if not isinstance(name, str):
            raise ctx.param_error("type", "GenParamName", f"{name!r} is not a string")
        if name == "default_parameters" and reset is not None:
            if value not in ("standard_recognition", "enhanced_recognition", "maximum_recognition"):
                raise ctx.param_error("value", "GenParamValue", f"{name}: {value!r}")
            new = reset(str(value))
            continue
        targets = [f"{name}_min", f"{name}_max"] if name in PAIRS else [name]
        for target in targets:
            spec = spec_of(target)
            if spec is None:
                raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
            checked = spec.check(value)
            if checked is None:
                raise ctx.param_error("value", "GenParamValue", f"{name}: {value!r}")
            new[target] = checked
    params.clear()
    params.update(new)


def get(ctx: CallContext, params: dict[str, Element], names: tuple) -> tuple:
    """The values of ``names`` (a pair name gives its minimum and maximum)."""
    out: list[Element] = []
    for name in names:
        if name in PAIRS and f"{name}_min" in params:
            out += [params[f"{name}_min"], params[f"{name}_max"]]
        elif isinstance(name, str) and name in params:
            out.append(params[name])
        else:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    return tuple(out)
