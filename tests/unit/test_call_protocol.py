"""The operator-call protocol under hostile input: finite numbers, recursion, exits, stops."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from hdlite.errors import HalconError, PluginError, RunStopped
from hdlite.plugin import ControlIn, ControlOut, Handle, operator
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.plugin.registry import MAX_MAGNITUDE, Operator
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.program import load_program

NAN, INF = float("nan"), float("inf")


def _call(op: Operator, *values, session: Session | None = None) -> tuple:
    return call_operator(CallContext(session or Session(), op, None), list(values))


@operator(
    "shift_point",
    ControlIn("Row", types="real", count=1),
    ControlIn("Label", types=("number", "string")),
    ControlIn("Count", types="integer", count=1),
    ControlOut("Out", types="real", count=1),
)
def shift_point(ctx, row, label, count):
    """Test operator: an ordinary operator with numeric inputs."""
    return ((row[0] + 1.0,),)


@operator(
    "tuple_scaled",
    ControlIn("T", types="number"),
    ControlIn("Factor", types="number", count=1),
    ControlOut("Out"),
)
def tuple_scaled(ctx, t, factor):
    """Test operator: a tuple_* operator (element-wise data and one factor)."""
    return (tuple(x * factor[0] for x in t),)


@operator(
    "matrix_fill",
    ControlIn("Value", types="real", finite=True, limit=math.inf),
    ControlIn("Raw", types="real", finite=False),
    ControlOut("Out"),
)
def matrix_fill(ctx, value, raw):
    """Test operator: explicit overrides of the finite-number rule."""
    return (value,)


@pytest.mark.parametrize("bad", [NAN, INF, -INF, 1e300, -(2.0**64)])
def test_numeric_inputs_of_ordinary_operators_refuse_nan_inf_and_absurd_values(bad):
    with pytest.raises(HalconError) as info:
        _call(shift_point, (bad,), (1,), (1,))
    assert info.value.code == 1301
    assert "Row must be a finite number" in info.value.detail
    with pytest.raises(HalconError) as info:
        _call(shift_point, (1.0,), ("a", bad), (1,))
    assert info.value.code == 1302 and "Label" in info.value.detail


def test_ordinary_values_pass_the_finite_rule():
    assert _call(shift_point, (MAX_MAGNITUDE,), ("a", -3.5), (2**62,)) == ((MAX_MAGNITUDE + 1,),)


def test_tuple_operators_keep_nan_in_data_but_not_in_single_value_inputs():
    out = _call(tuple_scaled, (NAN, INF, 1e300), (2,))[0]
    assert math.isnan(out[0]) and out[1] == INF and out[2] == 2e300
    with pytest.raises(HalconError) as info:
        _call(tuple_scaled, (1,), (NAN,))
    assert info.value.code == 1302 and "Factor" in info.value.detail


def test_finite_and_limit_override_the_rule():
    assert _call(matrix_fill, (1e300,), (NAN,))[0] == (1e300,)
    with pytest.raises(HalconError, match="Value must be a finite number, got inf"):
        _call(matrix_fill, (INF,), ())
    assert matrix_fill.limits == (math.inf, None)


def test_set_dl_classifier_param_refuses_nan_and_inf_before_the_call():
    op = make_plugin_manager().registry.get("set_dl_classifier_param")
    assert op is not None
    handle = Handle("dl_classifier", object())
    for name in ("learning_rate", "momentum", "weight_prior"):
        for bad in (NAN, INF, -INF):
            with pytest.raises(HalconError) as info:
                _call(op, (handle,), (name,), (bad,))
            assert info.value.code == 1303, (name, bad)
            assert "GenParamValue" in info.value.detail


def _raising(name: str, exc: BaseException) -> Operator:
    def func(ctx):
        raise exc

    func.__doc__ = "Test operator that raises."
    op = operator(name, ControlOut("X"))(func)
    op.plugin = "broken_plugin"
    return op


def _deep(ctx, depth):
    """Test operator: recurses like a reader of deeply nested data."""

    def nest(n: int) -> int:
        return 0 if n == 0 else 1 + nest(n - 1)

    return ((nest(depth[0]),),)


deep = operator("read_nested", ControlIn("Depth", types="integer"), ControlOut("N"))(_deep)


def test_recursion_error_inside_an_operator_is_its_halcon_error_catchable(tmp_path: Path):
    host = make_plugin_manager(autoload=False)
    host.registry.add(deep)
    program = tmp_path / "deep.hdtxt"
    program.write_text(
        "try\n    read_nested (10000000, N)\ncatch (E)\n    Code := E[0]\nendtry\n"
        "read_nested (10, M)\n"
    )
    result = Interpreter(host).run(load_program(str(program)))
    assert result.variables["Code"] == (6001,)
    assert result.variables["M"] == (10,)


@pytest.mark.parametrize("exc", [GeneratorExit(), SystemExit(3), StopIteration(), KeyError("k")])
def test_exits_and_other_exceptions_inside_an_operator_are_plugin_errors(exc):
    op = _raising("exits", exc)
    with pytest.raises(PluginError) as info:
        _call(op)
    assert info.value.plugin == "broken_plugin" and info.value.operator == "exits"
    assert type(exc).__name__ in str(info.value)


def test_memory_error_is_6001():
    with pytest.raises(HalconError) as info:
        _call(_raising("big", MemoryError()))
    assert info.value.code == 6001 and info.value.operator == "big"


@pytest.mark.parametrize("exc", [ValueError("wrapped"), HalconError(5212, "wrapped stop")])
def test_a_stop_that_an_operator_wrapped_is_still_a_stop(exc):
    session = Session()
    session.request_stop("stopped after 1 s (--timeout)", 124)
    with pytest.raises(RunStopped) as info:
        _call(_raising("wraps", exc), session=session)
    assert info.value.exit_code == 124
