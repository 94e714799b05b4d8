"""Information about the operators themselves: get_operator_name and get_param_names.

HALCON's reference pages: get_operator_name returns the names of all operators that hold
Pattern as a substring ('' gives all); get_param_names the names of an operator's input
objects, output objects, input and output control parameters. The operators are those of
this run's plugins (``ctx.session.operators``), in alphabetical order [unverified: HALCON's
order is not documented]. An unknown operator name is HALCON's 8000 ("Unknown operator
name").
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, Operator, OperatorRegistry, operator

UNKNOWN_OPERATOR = 8000  # H_ERR_WPRN


def _registry(ctx: CallContext) -> OperatorRegistry:
    registry = ctx.session.operators
    if registry is None:  # only outside a run (a bare Session); nothing is known then
        raise ctx.error(UNKNOWN_OPERATOR, "no operator registry in this session")
    return registry


@operator(
    "get_operator_name",
    ControlIn("Pattern", types="string", count=1, default="info"),
    ControlOut("OperatorNames", types="string"),
)
def get_operator_name(ctx: CallContext, pattern: tuple) -> tuple:
    """The names of the operators that contain Pattern ('' gives every operator)."""
    return (tuple(n for n in _registry(ctx).names() if pattern[0] in n),)


def _params(op: Operator, kind: str, direction: str) -> tuple:
    return tuple(p.name for p in op.params if p.kind == kind and p.direction == direction)


@operator(
    "get_param_names",
    ControlIn("OperatorName", types="string", count=1),
    ControlOut("InpObjPar", types="string"),
    ControlOut("OutpObjPar", types="string"),
    ControlOut("InpCtrlPar", types="string"),
    ControlOut("OutpCtrlPar", types="string"),
)
def get_param_names(ctx: CallContext, name: tuple) -> tuple:
    """The parameter names of an operator: input and output objects, input and output
    control parameters."""
    op = _registry(ctx).get(name[0])
    if op is None:
        raise ctx.error(UNKNOWN_OPERATOR, f"OperatorName: {name[0]!r}")
    return (
        _params(op, "iconic", "in"),
        _params(op, "iconic", "out"),
        _params(op, "control", "in"),
        _params(op, "control", "out"),
    )
