"""Off-screen windows, the display state of a run, and saving windows as PNG files.

Each window is an RGB canvas (a Pillow image) plus HALCON's window state: size, image part,
colors, draw mode, line width and style, font and text cursor. The state of a run lives in
``ctx.session.state['display']``: the open windows, the active window of the ``dev_*``
operators, and the settings ``dev_set_*`` made (a window opened later starts with them).

HDevelop starts with one graphics window open. hdlite opens that window (512 x 512, black)
only when a ``dev_*`` operator needs the active window before any window was opened, so a
program that opens its own windows gets exactly those.

When ``session.display_dir`` is set, every visible window is written there as
``window_<N>_<counter>.png`` at each ``stop ()`` and at the end of the run (rank 0 only).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PIL import Image as PILImage

from hdlite.plugin import HalconError, Handle, atomic_open

from .colors import RGBA
from .fonts import DEFAULT_FONT, FontSpec, parse_font

if TYPE_CHECKING:
    from hdlite.plugin import CallContext, Session

STATE_KEY = "display"
DEFAULT_SIZE = 512
WHITE: RGBA = (255, 255, 255, 255)
BLACK: RGBA = (0, 0, 0, 255)
NO_WINDOW = 5106  # H_ERR_NWO: no window has been opened for desired action
WRITE_ERROR = 5212  # H_ERR_EDWF


@dataclass
class Settings:
    """The drawing settings a window carries (and ``dev_set_*`` passes on to new windows)."""

    colors: list[RGBA] = field(default_factory=lambda: [WHITE])
    draw_mode: str = "fill"
    line_width: float = 1.0
    line_style: tuple = ()
    contour_style: str = "stroke"
    #: how regions are shown: 'original' or a shape of shape_trans (set_shape)
    shape: str = "original"
    #: the look-up table for gray images (set_lut)
    lut: str = "default"
    #: the gray-value display mode (set_paint; only 'default' paints differently from none)
    paint: tuple = ("default",)

    def copy(self) -> Settings:
        """An independent copy."""
        return replace(self, colors=list(self.colors))


class Window:
    """One off-screen graphics window."""

    def __init__(
        self,
        display: DisplayState,
        number: int,
        extents: tuple[int, int, int, int],
        background: RGBA,
        settings: Settings,
        *,
        dev: bool,
        mode: str = "visible",
    ) -> None:
        self.display = display
        self.number = number
        self.row, self.column, self.width, self.height = extents
        self.background = background
        self.settings = settings
        self.is_dev = dev
        self.mode = mode
        self.handle: Handle | None = None
        self.canvas = PILImage.new("RGB", (self.width, self.height), background[:3])
        self._front: PILImage.Image | None = None
        self.part: tuple = (0, 0, self.height - 1, self.width - 1)
        self.part_mode = "window"  # 'window': follows the window size; 'set': explicit
        self.last_image_size: tuple[int, int] | None = None
        spec = parse_font(DEFAULT_FONT)
        assert spec is not None
        self.font: FontSpec = spec
        self.tposition = (0.0, 0.0)
        self.tline_start = 0.0
        self.params: dict[str, Any] = {
            "window_title": "",
            "graphics_stack": "false",
            "graphics_stack_max_element_num": 50,
            "anti_aliasing": "true",
        }

    # -- buffer ---------------------------------------------------------------------------
    @property
    def flush(self) -> bool:
        """Whether drawing shows at once ('flush' 'true') or at flush_buffer."""
        return self._front is None

    def set_flush(self, on: bool) -> None:
        """Switch immediate display on or off."""
        if on:
            self._front = None
        elif self._front is None:
            self._front = self.canvas.copy()

    def flush_buffer(self) -> None:
        """Show what was drawn since flushing was switched off."""
        if self._front is not None:
            self._front = self.canvas.copy()

    def visible(self) -> PILImage.Image:
        """What the window shows now."""
        return self.canvas if self._front is None else self._front

    def clear(self) -> None:
        """Fill the window with its background color."""
        self.canvas.paste(self.background[:3], (0, 0, self.width, self.height))

    def resize(self, width: int, height: int) -> None:
        """Change the window size; the contents are cleared."""
        self.width, self.height = width, height
        self.canvas = PILImage.new("RGB", (width, height), self.background[:3])
        if self._front is not None:
            self._front = self.canvas.copy()
        if self.part_mode == "window":
            self.part = (0, 0, height - 1, width - 1)

    # -- coordinates ----------------------------------------------------------------------
    def scale(self) -> tuple[float, float]:
        """Window pixels per image pixel, (rows, columns)."""
        r1, c1, r2, c2 = (float(v) for v in self.part)
        return self.height / (r2 - r1 + 1.0), self.width / (c2 - c1 + 1.0)

    def to_window(self, row: Any, col: Any) -> tuple[Any, Any]:
        """Image coordinates (pixel centres) to window coordinates (scalars or arrays)."""
        sy, sx = self.scale()
        return (row - self.part[0] + 0.5) * sy - 0.5, (col - self.part[1] + 0.5) * sx - 0.5

    def to_image(self, y: Any, x: Any) -> tuple[Any, Any]:
        """Window coordinates to image coordinates."""
        sy, sx = self.scale()
        return (y + 0.5) / sy - 0.5 + self.part[0], (x + 0.5) / sx - 0.5 + self.part[1]

    def image_shown(self, size: tuple[int, int]) -> None:
        """Remember the size of an image displayed in this window (for special parts)."""
        self.last_image_size = size

    def close(self) -> None:
        """Called when the window's handle is cleared: forget the window."""
        self.display.forget(self)


class DisplayState:
    """All windows of one run and the ``dev_*`` operators' notion of the active window."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.windows: dict[int, Window] = {}
        self.active: Window | None = None
        self.ever_opened = False
        self.next_number = 1
        self.save_counter = 0
        self.dev_settings = Settings()
        self.window_attrs: dict[str, Any] = {"background_color": "black", "window_title": ""}
        self.preferences: dict[str, tuple] = {}

    def open(
        self,
        ctx: CallContext,
        extents: tuple[int, int, int, int],
        background: RGBA,
        *,
        dev: bool,
        mode: str = "visible",
    ) -> Window:
        """Open a window and give it a handle; a dev window becomes the active one."""
        settings = self.dev_settings.copy() if dev else Settings()
        window = Window(self, self.next_number, extents, background, settings, dev=dev, mode=mode)
        self.next_number += 1
        window.handle = ctx.new_handle("window", window)
        self.windows[window.number] = window
        self.ever_opened = True
        if dev:
            self.active = window
        return window

    def forget(self, window: Window) -> None:
        """Drop a closed window; the most recently opened dev window becomes active."""
        self.windows.pop(window.number, None)
        if self.active is window:
            remaining = [w for w in self.windows.values() if w.is_dev]
            self.active = remaining[-1] if remaining else None

    def save_all(self, reason: str) -> None:
        """Write every visible window to ``display_dir`` (the stop/end listener)."""
        directory = self.session.display_dir
        if not directory or not self.session.writes_files:
            return
        windows = [w for w in self.windows.values() if w.mode == "visible"]
        if not windows:
            return
        self.save_counter += 1
        try:
            os.makedirs(directory, exist_ok=True)
            for window in windows:
                name = f"window_{window.number}_{self.save_counter:04d}.png"
                write_image(window.visible(), os.path.join(directory, name))
        except OSError as exc:
            if reason == "end":
                print(f"hdlite: cannot save windows to {directory}: {exc}", file=sys.stderr)
                return
            raise HalconError(WRITE_ERROR, f"saving windows to {directory}: {exc}") from None


def write_image(image: PILImage.Image, path: str, fmt: str = "PNG", **options: Any) -> None:
    """Write ``image`` to ``path`` atomically."""
    with atomic_open(path, "wb") as handle:
        image.save(handle, format=fmt, **options)


def display(ctx: CallContext) -> DisplayState:
    """The run's display state, created (with its stop/end listener) on first use."""
    state = ctx.session.state.get(STATE_KEY)
    if state is None:
        state = DisplayState(ctx.session)
        ctx.session.state[STATE_KEY] = state
        ctx.session.on_stop(state.save_all)
    return state


def window_of(ctx: CallContext, value: tuple) -> Window:
    """The window behind a ``WindowHandle`` input (checked: a live window handle)."""
    handle = value[0] if value else None
    if not isinstance(handle, Handle):
        raise ctx.param_error("type", "WindowHandle", "expects a window handle")
    if handle.cleared:
        raise ctx.error(2454, "WindowHandle: the window was closed")
    if handle.kind != "window" or not isinstance(handle.obj, Window):
        raise ctx.error(2404, f"WindowHandle: expects a window handle, got a {handle.kind} handle")
    return handle.obj


def active_window(ctx: CallContext, *, required: bool = False) -> Window | None:
    """The active window of the dev_* operators.

    Opens HDevelop's initial window if no window was ever opened. Without a window, returns
    None, or raises 5106 when ``required``.
    """
    state = display(ctx)
    if state.active is None and not state.ever_opened:
        state.open(ctx, (0, 0, DEFAULT_SIZE, DEFAULT_SIZE), BLACK, dev=True)
    if state.active is None and required:
        raise ctx.error(NO_WINDOW, "no graphics window is open")
    return state.active
