"""dev_* operators that only change HDevelop's user interface: accepted, checked, no effect.

Preferences set with dev_set_preferences are remembered so dev_get_preferences can return
them; dev_get_system answers the few names programs test.
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    Operator,
    operator,
)

from .state import display

_ON_OFF = ("on", "off")


def _update(name: str) -> Operator:
    @operator(
        name, ControlIn("DisplayMode", types="string", count=1, default="off", values=_ON_OFF)
    )
    def update(ctx: CallContext, mode: tuple) -> tuple:
        """Switch one of HDevelop's automatic display updates on or off (no effect here)."""
        return ()

    return update


dev_update_window = _update("dev_update_window")
dev_update_pc = _update("dev_update_pc")
dev_update_var = _update("dev_update_var")
dev_update_time = _update("dev_update_time")


@operator("dev_update_off")
def dev_update_off(ctx: CallContext) -> tuple:
    """Switch off HDevelop's automatic display updates (no effect here)."""
    return ()


@operator("dev_update_on")
def dev_update_on(ctx: CallContext) -> tuple:
    """Switch on HDevelop's automatic display updates (no effect here)."""
    return ()


@operator(
    "dev_set_preferences",
    ControlIn("PreferenceNames", types="string", count=(1, None)),
    ControlIn("PreferenceValues", count=(1, None)),
)
def dev_set_preferences(ctx: CallContext, names: tuple, values: tuple) -> tuple:
    """Remember HDevelop preferences (one value per name)."""
    if len(names) != len(values):
        raise ctx.param_error(
            "count", "PreferenceValues", f"{len(values)} values for {len(names)} names"
        )
    prefs = display(ctx).preferences
    for name, value in zip(names, values, strict=True):
        prefs[name] = (value,)
    return ()


@operator(
    "dev_get_preferences",
    ControlIn("PreferenceNames", types="string", count=1),
    ControlOut("PreferenceValues"),
)
def dev_get_preferences(ctx: CallContext, names: tuple) -> tuple:
    """A preference set earlier with dev_set_preferences."""
    prefs = display(ctx).preferences
    if names[0] not in prefs:
        raise ctx.param_error("value", "PreferenceNames", f"preference {names[0]!r} is not set")
    return (prefs[names[0]],)


_SYSTEM = {"engine_environment": "HDevelop"}


@operator(
    "dev_get_system",
    ControlIn("SystemName", types="string", count=1),
    ControlOut("SystemValue"),
)
def dev_get_system(ctx: CallContext, name: tuple) -> tuple:
    """HDevelop system information ('engine_environment')."""
    if name[0] not in _SYSTEM:
        raise ctx.param_error("value", "SystemName", f"unknown name {name[0]!r}")
    return ((_SYSTEM[name[0]],),)


@operator("dev_inspect_ctrl", ControlIn("Variable"))
def dev_inspect_ctrl(ctx: CallContext, variable: tuple) -> tuple:
    """Open HDevelop's inspection window for a variable (no effect here)."""
    return ()


@operator("dev_close_inspect_ctrl", ControlIn("Variable"))
def dev_close_inspect_ctrl(ctx: CallContext, variable: tuple) -> tuple:
    """Close an inspection window (no effect here)."""
    return ()


_GEOMETRY = ("string", "integer")


@operator(
    "dev_set_tool_geometry",
    ControlIn("ToolId", count=1),
    ControlIn("Row", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Column", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Width", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Height", types=_GEOMETRY, count=1, default="default"),
)
def dev_set_tool_geometry(ctx: CallContext, *args: tuple) -> tuple:
    """Move or resize an HDevelop tool window (no effect here)."""
    return ()


@operator("dev_show_tool", ControlIn("Tool", count=1), ControlIn("Action", types="string", count=1))
def dev_show_tool(ctx: CallContext, tool: tuple, action: tuple) -> tuple:
    """Show, hide or minimize an HDevelop tool (no effect here)."""
    return ()


@operator(
    "dev_open_tool",
    ControlIn("ToolName", types="string", count=1),
    ControlIn("Row", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Column", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Width", types=_GEOMETRY, count=1, default="default"),
    ControlIn("Height", types=_GEOMETRY, count=1, default="default"),
    ControlOut("ToolId", types="string", count=1),
)
def dev_open_tool(ctx: CallContext, name: tuple, *geometry: tuple) -> tuple:
    """Open an HDevelop tool or assistant: there is none headless; the id names the tool."""
    return ((f"{name[0]}:1",),)


@operator("dev_close_tool", ControlIn("ToolId", count=1))
def dev_close_tool(ctx: CallContext, tool: tuple) -> tuple:
    """Close an HDevelop tool window (no effect here)."""
    return ()


@operator("dev_map_par")
def dev_map_par(ctx: CallContext) -> tuple:
    """Open the visualization parameter dialog (no effect here)."""
    return ()


@operator("dev_unmap_par")
def dev_unmap_par(ctx: CallContext) -> tuple:
    """Close the visualization parameter dialog (no effect here)."""
    return ()


@operator("dev_map_prog")
def dev_map_prog(ctx: CallContext) -> tuple:
    """Show HDevelop's main window (no effect here)."""
    return ()


@operator("dev_unmap_prog")
def dev_unmap_prog(ctx: CallContext) -> tuple:
    """Hide HDevelop's main window (no effect here)."""
    return ()


@operator("dev_map_var")
def dev_map_var(ctx: CallContext) -> tuple:
    """Show HDevelop's variable window (no effect here)."""
    return ()


@operator("dev_unmap_var")
def dev_unmap_var(ctx: CallContext) -> tuple:
    """Hide HDevelop's variable window (no effect here)."""
    return ()


@operator("dev_clear_obj", IconicIn("Objects"))
def dev_clear_obj(ctx: CallContext, objects: ObjectTuple) -> tuple:
    """Delete objects from HALCON's database: objects are freed automatically (no effect)."""
    return ()
