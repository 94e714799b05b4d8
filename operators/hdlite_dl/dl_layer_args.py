"""Checking the arguments of the create_dl_layer_* operators with HALCON's error codes.

A bad value is a "wrong value" (130x) or "wrong type" (120x) of the parameter it was
given in, naming it; an unknown generic parameter is a wrong value of ``GenParamName``,
a bad value of a known one a wrong value of ``GenParamValue``. Generic parameters shared
by the layers with weights (reference pages of create_dl_layer_convolution, _dense and
_transposed_convolution, 21.11+; defaults from the dense page of the 26.05 preview):
'weight_filler' ('xavier', 'msra', 'const'), 'weight_filler_const_val',
'weight_filler_variance_norm' ('norm_in', 'norm_out', 'norm_average'), 'bias_filler'
(same fillers, default 'const'), 'bias_filler_const_val' (0), 'bias_filler_variance_norm',
'bias_term' ('true'), 'learning_rate_multiplier' and 'learning_rate_multiplier_bias'
(1.0; 0.0 "skips the layer during training": hdlite freezes those weights; other values are
not supported, one learning rate serves the whole network); every layer has
'is_inference_output' ('false'). Unverified defaults: 'weight_filler' 'xavier' with
'norm_in', 'weight_filler_const_val' 0.5.
"""

from __future__ import annotations

from typing import Any

from hdlite.plugin import CallContext, Handle

from .dl_layers import LayerOut

BOOL = ("true", "false")
#: name -> (default, check) where check is a tuple of strings or a number kind
COMMON: dict[str, tuple[Any, Any]] = {"is_inference_output": ("false", BOOL)}
WEIGHTS: dict[str, tuple[Any, Any]] = {
    "weight_filler": ("xavier", ("xavier", "msra", "const")),
    "weight_filler_const_val": (0.5, "real"),
    "weight_filler_variance_norm": ("norm_in", ("norm_in", "norm_out", "norm_average")),
    "bias_filler": ("const", ("xavier", "msra", "const")),
    "bias_filler_const_val": (0.0, "real"),
    "bias_filler_variance_norm": ("norm_in", ("norm_in", "norm_out", "norm_average")),
    "bias_term": ("true", BOOL),
    "learning_rate_multiplier": (1.0, (1.0, 0.0)),
    "learning_rate_multiplier_bias": (1.0, (1.0, 0.0)),
}


class Args:
    """The arguments of one create_dl_layer_* call, checked one parameter at a time."""

    def __init__(self, ctx: CallContext) -> None:
        self.ctx = ctx

    def fail(self, param: str, detail: str, kind: str = "value") -> Exception:
        """HALCON's wrong value (or type / count) error of ``param``."""
        return self.ctx.param_error(kind, param, detail)

    def layer(self, param: str, value: tuple) -> LayerOut:
        """One dl_layer handle."""
        layers = self.layers(param, value)
        if len(layers) != 1:
            raise self.fail(param, f"expects one layer, got {len(layers)}", "count")
        return layers[0]

    def layers(self, param: str, value: tuple) -> list[LayerOut]:
        """dl_layer handles (any number)."""
        out = []
        for element in value:
            if not isinstance(element, Handle) or element.kind != "dl_layer":
                raise self.fail(param, f"expects dl_layer handles, got {element!r}", "type")
            if element.cleared:
                raise self.ctx.error(2454, f"{param}: the layer handle was cleared")
            out.append(element.obj)
        return out

    def name(self, value: tuple) -> str:
        """The LayerName: one non-empty string."""
        if len(value) != 1 or type(value[0]) is not str:
            raise self.fail("LayerName", f"expects one string, got {value!r}", "type")
        if not value[0]:
            raise self.fail("LayerName", "must not be empty")
        return value[0]

    def ints(self, param: str, value: tuple, counts: tuple[int, ...], low: int = 1) -> list[int]:
        """Integers >= ``low``; as many as one of ``counts``."""
        if len(value) not in counts:
            raise self.fail(param, f"expects {' or '.join(map(str, counts))} values", "count")
        for v in value:
            if type(v) is not int:
                raise self.fail(param, f"expects integers, got {v!r}", "type")
            if v < low:
                raise self.fail(param, f"must be at least {low}, got {v}")
        return list(value)

    def real(self, param: str, value: tuple, low: float, high: float | None = None) -> float:
        """One number in ``[low, high]``."""
        if len(value) != 1 or type(value[0]) not in (int, float):
            raise self.fail(param, f"expects one number, got {value!r}", "type")
        number = float(value[0])
        if number < low or (high is not None and number > high):
            raise self.fail(param, f"must lie in [{low:g}, {high if high is not None else 'inf'}]")
        return number

    def choice(self, param: str, value: tuple, options: tuple[str, ...]) -> str:
        """One of ``options``."""
        if len(value) != 1 or value[0] not in options:
            raise self.fail(param, f"must be one of {list(options)}, got {value!r}")
        return str(value[0])

    def padding(self, value: tuple, named: tuple[str, ...]) -> Any:
        """A padding mode name or 1, 2 or 4 integers >= 0."""
        if len(value) == 1 and type(value[0]) is str:
            return self.choice("Padding", value, named)
        return self.ints("Padding", value, (1, 2, 4), low=0)

    def gen(self, names: tuple, values: tuple, table: dict[str, tuple[Any, Any]]) -> dict:
        """The generic parameters with their defaults, each one checked."""
        allowed = {**COMMON, **table}
        if len(names) != len(values):
            raise self.fail(
                "GenParamValue", f"{len(values)} values for {len(names)} names", "count"
            )
        out = {key: default for key, (default, _check) in allowed.items()}
        for key, value in zip(names, values, strict=True):
            if key not in allowed:
                raise self.fail("GenParamName", f"unknown generic parameter {key!r}")
            check = allowed[key][1]
            if check == "real":
                if type(value) not in (int, float):
                    raise self.fail("GenParamValue", f"{key} expects a number, got {value!r}")
                value = float(value)
            elif isinstance(check, tuple):
                if type(value) is int and key == "bias_term" and value in (0, 1):
                    value = "true" if value else "false"
                if type(value) in (int, float) and not isinstance(check[0], str):
                    value = float(value)
                if value not in check:
                    raise self.fail("GenParamValue", f"{key} must be one of {list(check)}")
            out[key] = value
        return out
