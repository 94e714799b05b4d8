"""Interactive drawing of regions and contours, and the file dialog, from scripted answers.

As in ``interactive.py``: each call takes the next answer for its operator name from
``ctx.session.answers``; without one it fails with HALCON error 5104 (H_ERR_DNA). Answers:

* draw_region, draw_polygon, draw_xld: the points the user clicked, ``[[Row, Column], ...]``
  in image coordinates.
* dev_open_file_dialog: the selected path (a string), a list of paths (Mode 'read_multi'),
  or ``[]`` for a cancelled dialog (an empty Selection).

Results (HALCON's reference pages of each operator):

* draw_region "produces ... the whole image area enclosed by the mouse": the filled polygon
  through the points (at least 3). The outline is painted in the window's current color, as
  HALCON paints while the user draws.
* draw_polygon: "The painted contour is not closed automatically, in particular it is not
  'filled up'": the region holds the pixels of the line through the points, in order; the
  line is painted in the window's current color.
* draw_xld returns the contour through the points in order (repeat the first point to close
  it); Rotate, Move, Scale and KeepRatio only steer the mouse interaction and must be 'true'
  or 'false'.
* dev_open_file_dialog ( : : Filter, Mode, Path : Selection): Mode is one of 'read',
  'read_multi', 'write', 'dir', 'default'; only 'read_multi' selects several files. The
  answer is returned as given: the dialog would not check that a file exists either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hdlite_image.xld_objects import Contour
from PIL import Image as PILImage
from PIL import ImageDraw

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from . import render
from .interactive import is_number, take_answer
from .state import Window, window_of
from .windows import WINDOW_HANDLE

POINTS = "[[Row, Column], ...]"
FLAGS = ("true", "false")
DIALOG_MODES = ("read", "read_multi", "write", "dir", "default")


def _points(ctx: CallContext, least: int) -> tuple[list[float], list[float]]:
    """The rows and columns of the next answer, a list of at least ``least`` [Row, Column]."""
    answer = take_answer(ctx, POINTS.replace(", ...", ", [Row, Column], [Row, Column]"))
    value = answer.value
    ok = isinstance(value, list) and len(value) >= least
    ok = ok and all(isinstance(p, list) and len(p) == 2 and all(map(is_number, p)) for p in value)
    if not ok:
        what = "point" if least == 1 else "points"
        raise answer.wrong(f"{POINTS}: at least {least} {what} as [Row, Column]", ctx.span)
    return [float(p[0]) for p in value], [float(p[1]) for p in value]


def _raster(rows: list[float], cols: list[float], filled: bool) -> Region:
    """The pixels of the polygon (filled) or of the polyline through the points."""
    r0, c0 = int(np.floor(min(rows))), int(np.floor(min(cols)))
    height = int(np.ceil(max(rows))) - r0 + 1
    width = int(np.ceil(max(cols))) - c0 + 1
    canvas = PILImage.new("1", (width, height), 0)
    points = [(c - c0, r - r0) for r, c in zip(rows, cols, strict=True)]
    draw = ImageDraw.Draw(canvas)
    if filled:
        draw.polygon(points, fill=1, outline=1)
    elif len(points) == 1:
        draw.point(points, fill=1)
    else:
        draw.line(points, fill=1, width=1)
    return Region.from_mask(np.asarray(canvas, dtype=bool), r0, c0)


def _paint(window: Window, rows: list[float], cols: list[float], closed: bool) -> None:
    render.draw_polyline(window, rows, cols, window.settings.colors[0], closed=closed)


@operator("draw_region", IconicOut("Region"), WINDOW_HANDLE)
def draw_region(ctx: CallContext, handle: tuple) -> tuple:
    """A closed region drawn by the user: the filled polygon through the answer's points."""
    window = window_of(ctx, handle)
    rows, cols = _points(ctx, 3)
    _paint(window, rows, cols, closed=True)
    return (ObjectTuple([_raster(rows, cols, filled=True)]),)


@operator("draw_polygon", IconicOut("PolygonRegion"), WINDOW_HANDLE)
def draw_polygon(ctx: CallContext, handle: tuple) -> tuple:
    """A polygon row drawn by the user: the region of the open line through the points."""
    window = window_of(ctx, handle)
    rows, cols = _points(ctx, 1)
    _paint(window, rows, cols, closed=False)
    return (ObjectTuple([_raster(rows, cols, filled=False)]),)


@operator(
    "draw_xld",
    IconicOut("ContOut"),
    WINDOW_HANDLE,
    ControlIn("Rotate", types="string", count=1, default="true", values=FLAGS),
    ControlIn("Move", types="string", count=1, default="true", values=FLAGS),
    ControlIn("Scale", types="string", count=1, default="true", values=FLAGS),
    ControlIn("KeepRatio", types="string", count=1, default="true", values=FLAGS),
)
def draw_xld(
    ctx: CallContext, handle: tuple, rotate: tuple, move: tuple, scale: tuple, keep: tuple
) -> tuple:
    """A contour drawn by the user: the XLD contour through the answer's points, in order."""
    window_of(ctx, handle)
    rows, cols = _points(ctx, 1)
    return (ObjectTuple([Contour(rows, cols)]),)


def _selection(ctx: CallContext, answer: Any, multi: bool) -> tuple:
    value = answer.value
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if multi or len(value) <= 1:
            return tuple(value)
    many = ", a list of paths" if multi else ""
    raise answer.wrong(f"a path{many} or [] (cancelled)", ctx.span)


@operator(
    "dev_open_file_dialog",
    ControlIn("Filter", types="string"),
    ControlIn("Mode", types="string", count=1, default="default", values=DIALOG_MODES),
    ControlIn("Path", types="string", count=1, default="default"),
    ControlOut("Selection", types="string"),
)
def dev_open_file_dialog(ctx: CallContext, filter_: tuple, mode: tuple, path: tuple) -> tuple:
    """The file or folder the user picks in HDevelop's file dialog (scripted answer)."""
    answer = take_answer(ctx, '"images/part.png"')
    return (_selection(ctx, answer, mode[0] == "read_multi"),)
