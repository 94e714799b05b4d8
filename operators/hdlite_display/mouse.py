"""Mouse queries on a headless display.

There is no mouse pointer, so it is never inside a window. HALCON's get_mposition fails
with H_MSG_FAIL (5) when the pointer is outside the window; hdlite reports exactly that, as
HALCON error 5, which scripts can catch (interactive HDevelop code already wraps
get_mposition in try/catch for this case). get_mbutton would wait forever for a click; it
fails the same way instead of hanging, so loops like ``while (Button # 1)`` end with a
catchable error rather than blocking the run.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlOut, Param, operator

from .state import window_of
from .windows import WINDOW_HANDLE

H_MSG_FAIL = 5


def _no_mouse(ctx: CallContext, handle: tuple) -> None:
    window_of(ctx, handle)
    raise ctx.error(H_MSG_FAIL, "no mouse pointer on a headless display")


def _outputs(kind: str) -> tuple[Param, ...]:
    return (
        ControlOut("Row", types=kind, count=1),
        ControlOut("Column", types=kind, count=1),
        ControlOut("Button", types="integer", count=1),
    )


@operator("get_mposition", WINDOW_HANDLE, *_outputs("integer"))
def get_mposition(ctx: CallContext, handle: tuple) -> tuple:
    """Mouse position and buttons: always fails (5), the pointer is never in the window."""
    _no_mouse(ctx, handle)
    return ()


@operator("get_mposition_sub_pix", WINDOW_HANDLE, *_outputs("real"))
def get_mposition_sub_pix(ctx: CallContext, handle: tuple) -> tuple:
    """Subpixel mouse position: always fails (5), the pointer is never in the window."""
    _no_mouse(ctx, handle)
    return ()


@operator("get_mbutton", WINDOW_HANDLE, *_outputs("integer"))
def get_mbutton(ctx: CallContext, handle: tuple) -> tuple:
    """Wait for a mouse click: fails (5) at once, no click can ever come."""
    _no_mouse(ctx, handle)
    return ()


@operator("get_mbutton_sub_pix", WINDOW_HANDLE, *_outputs("real"))
def get_mbutton_sub_pix(ctx: CallContext, handle: tuple) -> tuple:
    """Wait for a mouse click (subpixel): fails (5) at once, no click can ever come."""
    _no_mouse(ctx, handle)
    return ()
