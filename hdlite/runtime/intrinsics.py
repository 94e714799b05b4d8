"""The core's own operators: the ones that act on interpreter state.

``dev_set_check`` and ``dev_error_var`` change the run's :class:`~.error_mode.ErrorMode`;
``dev_get_exception_data`` reads HALCON's exception tuple (``exception_data.py``). They are
registered through the same hook as every plugin's operators, by a plugin the host always
loads (as pluggy's own built-ins are), so the interpreter knows no operator by name.
"""

from __future__ import annotations

import sys

from hdlite.plugin.calls import CallContext, VariableRef
from hdlite.plugin.hookspecs import hookimpl
from hdlite.plugin.registry import ControlIn, ControlOut, OperatorRegistry, operator
from hdlite.runtime import exception_data
from hdlite.runtime.error_mode import SUCCESS

#: the name under which the host registers this plugin
PLUGIN_NAME = "hdlite"


@operator(
    "dev_set_check",
    ControlIn(
        "Mode", types="string", count=1, default="give_error", values=("give_error", "~give_error")
    ),
)
def dev_set_check(ctx: CallContext, mode: tuple) -> tuple:
    """Turn raising of operator errors on ('give_error') or off ('~give_error')."""
    ctx.session.error_mode.give_error = mode[0] == "give_error"
    return ()


@operator(
    "dev_error_var",
    ControlIn("ErrorVar", sem="variable"),
    ControlIn("Mode", types="integer", count=1, default=1, values=(0, 1)),
)
def dev_error_var(ctx: CallContext, error_var: VariableRef, mode: tuple) -> tuple:
    """Record the result code of every following operator call in ErrorVar (Mode 1) or stop (0).

    ErrorVar is a variable, not a value: it receives 2 (H_MSG_TRUE) at once and then the
    code of each operator call of the same procedure activation.
    """
    if mode[0] == 1:
        ctx.session.error_mode.error_var = error_var
        error_var.set((SUCCESS,))
    else:
        ctx.session.error_mode.error_var = None
    return ()


@operator(
    "dev_get_exception_data",
    ControlIn("Exception"),
    ControlIn(
        "Name", types="string", count=(1, None), default="error_code", values=exception_data.SLOTS
    ),
    ControlOut("Value"),
)
def dev_get_exception_data(ctx: CallContext, exception: tuple, name: tuple) -> tuple:
    """Read slots of a caught exception tuple ('error_code', 'error_message', 'user_data'...).

    'user_data' cannot be combined with other slots in one call (HALCON's rule).
    """
    if "user_data" in name and len(name) > 1:
        raise ctx.param_error("value", "Name", "'user_data' cannot be combined with other slots")
    out: tuple = ()
    for slot in name:
        out += exception_data.slot(exception, slot)
    return (out,)


@hookimpl
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Register the intrinsic operators."""
    registry.add_all(sys.modules[__name__])
