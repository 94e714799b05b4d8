"""Window helpers, message helpers and the plots, on hdlite's headless display."""

from __future__ import annotations

import pytest

# Pixels of a color in the window: Area of the pixels whose channel values lie in the ranges.
COUNT_COLOR = """
dump_window_image (Picture, WindowHandle)
decompose3 (Picture, Red, Green, Blue)
threshold (Red, RedRegion, RedMin, RedMax)
threshold (Green, GreenRegion, GreenMin, GreenMax)
threshold (Blue, BlueRegion, BlueMin, BlueMax)
intersection (RedRegion, GreenRegion, RG)
intersection (RG, BlueRegion, ColorRegion)
area_center (ColorRegion, Area, Row, Column)
"""


def color_area(run, program: str, rgb_ranges, **inputs) -> int:
    """Run ``program`` and count the pixels of the window whose color is in ``rgb_ranges``."""
    (r0, r1), (g0, g1), (b0, b1) = rgb_ranges
    v = run(
        program + COUNT_COLOR,
        RedMin=r0, RedMax=r1, GreenMin=g0, GreenMax=g1, BlueMin=b0, BlueMax=b1,
        **inputs,
    )  # fmt: skip
    return v["Area"]


@pytest.mark.parametrize(
    ("size", "font", "bold", "slant", "expected"),
    [
        (16, "mono", "true", "false", "mono-Bold-16"),
        (12, "Courier", "false", "true", "mono-Italic-12"),
        (20, "sans", "true", "true", "sans-BoldItalic-20"),
        (14, "serif", "false", "false", "serif-Normal-14"),
    ],
)
def test_set_display_font(run, size, font, bold, slant, expected):
    v = run(
        "dev_open_window (0, 0, 200, 100, 'black', W)\n"
        f"set_display_font (W, {size}, '{font}', '{bold}', '{slant}')\nget_font (W, Font)\n"
    )
    assert v["Font"].lower() == expected.lower()


def test_set_display_font_errors(run):
    error = run.error(
        "dev_open_window (0, 0, 9, 9, 'black', W)\n"
        "set_display_font (W, 0, 'mono', 'true', 'false')\n"
    )
    assert "positive" in error.message
    error = run.error(
        "dev_open_window (0, 0, 9, 9, 'black', W)\n"
        "set_display_font (W, 9, 'mono', 'yes', 'false')\n"
    )
    assert "Bold must be" in error.message


@pytest.mark.parametrize(
    ("width", "height", "wlimit", "hlimit", "expected"),
    [
        (640, 480, -1, -1, (640, 480)),  # inside [500, 800] x [400, 600]
        (1600, 1200, -1, -1, (800, 600)),  # shrunk to the maximum
        (160, 160, -1, -1, (500, 500)),  # grown to the minimum width
        (100, 50, 300, 300, (100, 50)),  # a single value is only a maximum
        (100, 50, [400, 1000], [100, 1000], (400, 200)),
        (2000, 100, [400, 1000], [100, 1000], (1000, 50)),  # the maximum wins
    ],
)
def test_fit_window_size(run, width, height, wlimit, hlimit, expected):
    v = run(
        "fit_window_size (Width, Height, WLimit, HLimit, WindowWidth, WindowHeight)\n",
        Width=width,
        Height=height,
        WLimit=wlimit if isinstance(wlimit, tuple | int) else tuple(wlimit),
        HLimit=hlimit if isinstance(hlimit, tuple | int) else tuple(hlimit),
    )
    assert (v["WindowWidth"], v["WindowHeight"]) == expected


def test_windows_fit_images(run, image_file, tmp_path):
    path = image_file(tmp_path / "wide.png", size=(1000, 250))
    v = run(
        """
read_image (Image, File)
dev_open_window_fit_image (Image, 0, 0, -1, -1, WindowHandle)
get_window_extents (WindowHandle, R, C, Width, Height)
get_part (WindowHandle, Row1, Column1, Row2, Column2)
dev_open_window_fit_size (10, 20, 300, 600, -1, -1, Second)
get_window_extents (Second, R2, C2, Width2, Height2)
dev_resize_window_fit_size (0, 0, 50, 50, [100, 200], [100, 200])
get_window_extents (Second, R3, C3, Width3, Height3)
""",
        File=str(path),
    )
    assert (v["Width"], v["Height"]) == (800, 200)
    assert (v["Row1"], v["Column1"], v["Row2"], v["Column2"]) == (0, 0, 249, 999)
    assert (v["Width2"], v["Height2"]) == (300, 600)
    assert (v["Width3"], v["Height3"]) == (100, 100)
    error = run.error("gen_empty_obj (E)\ndev_open_window_fit_image (E, 0, 0, -1, -1, W)\n")
    assert "no image" in error.message


def test_disp_message_and_continue_message(run):
    light = {"RedMin": 200, "RedMax": 255, "GreenMin": 200, "GreenMax": 255}
    light.update({"BlueMin": 180, "BlueMax": 255})
    window = "dev_open_window (0, 0, 400, 200, 'black', WindowHandle)\n"
    # the text sits in a light box: at the top left, and at the bottom right
    v = run(
        window
        + "disp_message (WindowHandle, ['first line', 'second'], 'window', -1, -1, 'black', \\\n"
        + "    'true')\n"
        + COUNT_COLOR,
        **light,
    )
    assert v["Area"] > 300 and v["Row"] < 60 and v["Column"] < 100
    v = run(
        window + "disp_continue_message (WindowHandle, 'black', 'true')\n" + COUNT_COLOR, **light
    )
    assert v["Area"] > 300 and v["Row"] > 160 and v["Column"] > 200


def test_plot_tuple_draws_the_function(run):
    program = """
dev_open_window (0, 0, 400, 300, 'black', WindowHandle)
plot_tuple (WindowHandle, [], [0, 1, 4, 9, 16], 'x', 'y', 'green', ['ticks_x', 'ticks_y', \\
    'grid'], [1, 5, 'true'])
"""
    assert color_area(run, program, ((0, 60), (200, 255), (0, 60))) > 100
    program2 = """
dev_open_window (0, 0, 400, 300, 'black', WindowHandle)
create_funct_1d_pairs ([0, 1, 2, 3], [3, 1, 2, 0], Function)
plot_funct_1d (WindowHandle, Function, 'x', 'y', 'red', ['style', 'start_y'], ['filled', 0])
"""
    assert color_area(run, program2, ((200, 255), (0, 60), (0, 60))) > 5000


@pytest.mark.parametrize(
    ("names", "values", "message"),
    [
        ("'style'", "'dots'", "style must be"),
        ("'ticks_x'", "'many'", "ticks_x must be"),
        ("'ticks_y'", "-1", "ticks_y must be positive"),
        ("'axis_location_y'", "'middle'", "axis_location_y must be"),
        ("'colour'", "'red'", "unknown generic parameter: colour"),
    ],
)
def test_plot_tuple_errors(run, names, values, message):
    error = run.error(
        "dev_open_window (0, 0, 300, 200, 'black', W)\n"
        f"plot_tuple (W, [], [1, 2, 3], 'x', 'y', 'red', {names}, {values})\n"
    )
    assert message in error.message
    error = run.error(
        "dev_open_window (0, 0, 300, 200, 'black', W)\n"
        "plot_tuple (W, [1, 2], [1, 2, 3], '', '', 'red', [], [])\n"
    )
    assert "multiple" in error.message


def test_plot_training_progress(run):
    program = """
dev_open_window (0, 0, 800, 500, 'black', WindowHandle)
plot_dl_classifier_training_progress ([0.8, 0.5, 0.2], [0.9, 0.6, 0.3], [0.001, 0.001, \\
    0.0001], [0.5, 1.0, 1.5], 4, WindowHandle)
"""
    magenta = color_area(run, program, ((200, 255), (0, 60), (200, 255)))
    gold = color_area(run, program, ((200, 255), (180, 230), (0, 60)))
    turquoise = color_area(run, program, ((0, 60), (180, 230), (180, 230)))
    assert magenta > 50 and gold > 50 and turquoise > 50
    error = run.error(
        "dev_open_window (0, 0, 300, 200, 'black', W)\n"
        "plot_dl_classifier_training_progress ([0.1], [0.1, 0.2], [0.01], [1], [], W)\n"
    )
    assert "same length" in error.message


def test_confusion_matrix_layout(run):
    v = run(
        """
dev_open_window (0, 0, 300, 200, 'black', W)
set_display_font (W, 16, 'mono', 'false', 'false')
get_confusion_matrix_layout (W, ['apple', 'b'], ['10', '0', '1', '123'], 'minimal', Starts, \\
    Widths, RowTops, LineHeight, Margin, WindowWidth, WindowHeight)
get_confusion_matrix_layout (W, ['apple', 'b'], ['10', '0', '1', '123'], 'equal', Starts2, \\
    Widths2, RowTops2, LineHeight2, Margin2, WindowWidth2, WindowHeight2)
"""
    )
    starts, widths = v.tuple("Starts"), v.tuple("Widths")
    assert starts[1] == starts[0] + widths[0]  # columns side by side
    assert widths[0] > widths[1] - 10  # 'apple' is wider than '0'
    assert v.tuple("Widths2")[0] == v.tuple("Widths2")[1]
    assert v.tuple("RowTops")[1] - v.tuple("RowTops")[0] == v["LineHeight"]
    assert (v["WindowWidth"], v["WindowHeight"]) == (450, 250)  # at least the minimum


def test_dev_display_dl_data_close_windows_closes_the_dict_windows(run):
    v = run(
        """
dev_open_window (0, 0, 64, 48, 'black', W1)
dev_open_window (0, 0, 64, 48, 'black', W2)
WindowDict := dict{image: W1, result: [W2]}
dev_display_dl_data_close_windows (WindowDict)
get_dict_param (WindowDict, 'keys', [], Keys)
Valid := [is_valid_handle(W1), is_valid_handle(W2)]
"""
    )
    assert list(v["Keys"]) == [] and list(v["Valid"]) == [0, 0]
