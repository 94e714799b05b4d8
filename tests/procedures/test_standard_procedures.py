"""MVTec's standard window and message procedures that classification programs call are
shipped, with HALCON's signatures (parameter groups and names, in order)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PROCEDURES = Path(__file__).resolve().parents[2] / "procedures"

#: name -> (iconic in, control in, control out), as in HALCON's procedure library
SIGNATURES = {
    "dev_open_window_fit_image": (
        ["Image"],
        ["Row", "Column", "WidthLimit", "HeightLimit"],
        ["WindowHandle"],
    ),
    "dev_open_window_fit_size": (
        [],
        ["Row", "Column", "Width", "Height", "WidthLimit", "HeightLimit"],
        ["WindowHandle"],
    ),
    "dev_resize_window_fit_image": (["Image"], ["Row", "Column", "WidthLimit", "HeightLimit"], []),
    "dev_resize_window_fit_size": (
        [],
        ["Row", "Column", "Width", "Height", "WidthLimit", "HeightLimit"],
        [],
    ),
    "disp_message": (
        [],
        ["WindowHandle", "String", "CoordSystem", "Row", "Column", "Color", "Box"],
        [],
    ),
    "disp_continue_message": ([], ["WindowHandle", "Color", "Box"], []),
    "disp_end_of_program_message": ([], ["WindowHandle", "Color", "Box"], []),
    "set_display_font": ([], ["WindowHandle", "Size", "Font", "Bold", "Slant"], []),
}


def _params(interface: ET.Element, group: str) -> list[str]:
    node = interface.find(group)
    return [] if node is None else [p.get("name", "") for p in node.findall("par")]


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_standard_procedure_signature(name):
    root = ET.parse(PROCEDURES / f"{name}.hdvp").getroot()
    interface = root.find("procedure/interface")
    assert interface is not None
    iconic_in, control_in, control_out = SIGNATURES[name]
    assert _params(interface, "io") == iconic_in
    assert _params(interface, "oo") == []
    assert _params(interface, "ic") == control_in
    assert _params(interface, "oc") == control_out


def test_resize_window_fit_image(run, image_file, tmp_path):
    path = image_file(tmp_path / "tall.png", size=(300, 900))
    v = run(
        """
dev_open_window (0, 0, 512, 512, 'black', WindowHandle)
read_image (Image, File)
dev_resize_window_fit_image (Image, 0, 0, -1, -1)
get_window_extents (WindowHandle, R, C, Width, Height)
get_part (WindowHandle, Row1, Column1, Row2, Column2)
""",
        File=str(path),
    )
    assert (v["Width"], v["Height"]) == (200, 600)  # at most 600 high, aspect ratio kept
    assert (v["Row1"], v["Column1"], v["Row2"], v["Column2"]) == (0, 0, 899, 299)
    error = run.error("gen_empty_obj (E)\ndev_resize_window_fit_image (E, 0, 0, -1, -1)\n")
    assert "no image" in error.message


def test_end_of_program_message(run):
    v = run(
        "dev_open_window (0, 0, 400, 200, 'black', WindowHandle)\n"
        "disp_end_of_program_message (WindowHandle, 'black', 'true')\n"
        "dump_window_image (Picture, WindowHandle)\n"
        "rgb1_to_gray (Picture, Gray)\n"
        "threshold (Gray, Light, 180, 255)\n"
        "area_center (Light, Area, Row, Column)\n"
    )
    assert v["Area"] > 300 and v["Row"] > 160 and v["Column"] > 200
