"""Mouse queries on a headless display, answered from scripted answers.

There is no mouse pointer. A call takes the next scripted answer for its operator name from
``ctx.session.answers`` (``hdlite run --answers FILE``, docs/interactive.md):
``[Row, Column, Button]``, the position in image coordinates and HALCON's button code (1 left,
2 middle, 4 right; 0 for get_mposition when no button is pressed). The integer operators
need whole numbers; the ``_sub_pix`` ones return reals.

Without an answer:

* get_mposition fails with H_MSG_FAIL (5), what HALCON reports when the pointer is outside
  the window; scripts already catch it in try/catch for that case, and keep working.
* get_mbutton would wait forever for a click; it fails at once with 5104 (H_ERR_DNA, the
  interactive device is not available; see ``interactive.py``), so loops like
  ``while (Button # 4)`` end with a catchable error rather than blocking the run.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlOut, Param, operator

from .interactive import is_number, no_input, take_answer
from .state import window_of
from .windows import WINDOW_HANDLE

H_MSG_FAIL = 5
EXAMPLE = "[Row, Column, Button]"


def _mouse(ctx: CallContext, handle: tuple, subpixel: bool, waits: bool) -> tuple:
    window_of(ctx, handle)
    if waits:
        answer = take_answer(ctx, EXAMPLE)
    else:
        answer = ctx.session.answers.take(ctx.operator.name)
        if answer is None:
            raise no_input(ctx, EXAMPLE, H_MSG_FAIL)
    value = answer.value
    ok = isinstance(value, list) and len(value) == 3 and all(map(is_number, value))
    ok = ok and (subpixel or all(float(v).is_integer() for v in value[:2]))
    ok = ok and type(value[2]) is int and value[2] >= 0
    if not ok:
        what = "numbers" if subpixel else "integers"
        raise answer.wrong(f"{EXAMPLE}: Row and Column {what}, Button an integer", ctx.span)
    row, col = (float(v) if subpixel else int(v) for v in value[:2])
    return (row,), (col,), (value[2],)


def _outputs(kind: str) -> tuple[Param, ...]:
    return (
        ControlOut("Row", types=kind, count=1),
        ControlOut("Column", types=kind, count=1),
        ControlOut("Button", types="integer", count=1),
    )


@operator("get_mposition", WINDOW_HANDLE, *_outputs("integer"))
def get_mposition(ctx: CallContext, handle: tuple) -> tuple:
    """Mouse position and buttons (scripted answer); without one fails (5), pointer outside."""
    return _mouse(ctx, handle, subpixel=False, waits=False)


@operator("get_mposition_sub_pix", WINDOW_HANDLE, *_outputs("real"))
def get_mposition_sub_pix(ctx: CallContext, handle: tuple) -> tuple:
    """Subpixel mouse position (scripted answer); without one fails (5), pointer outside."""
    return _mouse(ctx, handle, subpixel=True, waits=False)


@operator("get_mbutton", WINDOW_HANDLE, *_outputs("integer"))
def get_mbutton(ctx: CallContext, handle: tuple) -> tuple:
    """Wait for a mouse click (scripted answer); without one fails at once (5104)."""
    return _mouse(ctx, handle, subpixel=False, waits=True)


@operator("get_mbutton_sub_pix", WINDOW_HANDLE, *_outputs("real"))
def get_mbutton_sub_pix(ctx: CallContext, handle: tuple) -> tuple:
    """Wait for a mouse click, subpixel (scripted answer); without one fails at once (5104)."""
    return _mouse(ctx, handle, subpixel=True, waits=True)
