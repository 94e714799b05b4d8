"""The display plugin driven by a real program: PNGs at stop and at the end, catchable errors."""

from __future__ import annotations

import io
import subprocess
import sys

import hdlite_display
import pytest
from PIL import Image as PILImage

from hdlite.errors import HalconError
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.program import load_program

PROGRAM = """\
dev_open_window (0, 0, 40, 30, 'black', WindowHandle)
dev_set_color ('red')
gen_contour_polygon_xld (Line, [5,5], [0,39])
dev_display (Line)
stop ()
dev_set_color ('green')
disp_rectangle1 (WindowHandle, 20, 0, 29, 39)
try
    get_mposition (WindowHandle, Row, Column, Button)
    Caught := 0
catch (Exception)
    Caught := 1
endtry
"""


@pytest.fixture(scope="module")
def display_host():
    return make_plugin_manager(autoload=False, plugins=[hdlite_display])


def run(display_host, tmp_path, text: str, display_dir: str | None):
    path = tmp_path / "prog.hdtxt"
    path.write_text(text, encoding="utf-8")
    session = Session(out=io.StringIO())
    session.display_dir = display_dir
    return Interpreter(display_host, session=session).run(load_program(str(path)), {})


def test_program_saves_windows_at_stop_and_end(display_host, tmp_path):
    shots = tmp_path / "shots"
    result = run(display_host, tmp_path, PROGRAM, str(shots))
    assert result.variables["Caught"] == (1,)
    assert result.variables["Exception"][0] == 5
    assert sorted(p.name for p in shots.iterdir()) == ["window_1_0001.png", "window_1_0002.png"]
    with PILImage.open(shots / "window_1_0001.png") as first:
        assert first.size == (40, 30)
        assert first.getpixel((20, 5)) == (255, 0, 0)
        assert first.getpixel((20, 25)) == (0, 0, 0)
    with PILImage.open(shots / "window_1_0002.png") as last:
        assert last.getpixel((20, 25)) == (0, 255, 0)


def test_program_without_display_dir_writes_nothing(display_host, tmp_path):
    run(display_host, tmp_path, PROGRAM, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prog.hdtxt"]


def test_closed_window_in_a_program_is_error_2454(display_host, tmp_path):
    text = "dev_open_window (0, 0, 40, 30, 'black', W)\nclose_window (W)\nclear_window (W)\n"
    with pytest.raises(HalconError) as info:
        run(display_host, tmp_path, text, None)
    assert info.value.code == 2454 and info.value.span.line == 3


def test_cli_display_dir(tmp_path):
    program = tmp_path / "prog.hdtxt"
    program.write_text("dev_open_window (0, 0, 16, 8, 'white', W)\nstop ()\n", encoding="utf-8")
    shots = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "hdlite", "run", "--display-dir", str(shots), str(program)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in shots.iterdir())
    assert names == ["window_1_0001.png", "window_1_0002.png"]
    with PILImage.open(shots / names[0]) as png:
        assert png.size == (16, 8) and png.getpixel((0, 0)) == (255, 255, 255)
