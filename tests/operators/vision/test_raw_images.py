"""read_sequence on raw files written by the test: types, byte orders, padding, parts,
sequences, RGB components and the errors."""

from __future__ import annotations

import numpy as np


def _args(
    path,
    header=0,
    width=4,
    height=3,
    row=0,
    col=0,
    dest=None,
    kind="byte",
    order="MSBFirst",
    pad="byte",
    index=1,
) -> tuple:
    dest_w, dest_h = dest or (width, height)
    return (
        header,
        width,
        height,
        row,
        col,
        dest_w,
        dest_h,
        kind,
        "MSBFirst",
        order,
        pad,
        index,
        str(path),
    )


def _read(call, path, **kw):
    return call("read_sequence", *_args(path, **kw))[0][0]


def test_bytes_with_header_part_and_index(call, tmp_path):
    first = np.arange(12, dtype=np.uint8)
    second = first + 100
    path = tmp_path / "seq.raw"
    path.write_bytes(b"HDR" + first.tobytes() + second.tobytes())
    img = _read(call, path, header=3)
    assert img.pixel_type == "byte"
    assert img.data[0].tolist() == first.reshape(3, 4).tolist()
    part = _read(call, path, header=3, row=1, col=2, dest=(2, 2), index=2)
    assert part.data[0].tolist() == [[106, 107], [110, 111]]
    assert call.code("read_sequence", *_args(path, header=3, index=3)) == 5220
    assert call.code("read_sequence", *_args(path, dest=(5, 3))) == 1306
    assert call.code("read_sequence", *_args(path, row=1)) == 1307


def test_sixteen_and_thirty_two_bit_values_and_padding(call, tmp_path):
    values = np.array([[1, 258, 65535], [4, 5, 6]], dtype=np.uint16)
    path = tmp_path / "big.raw"
    # rows of 3 values = 6 bytes, padded to 8 bytes ('long')
    rows = [np.pad(r.astype(">u2").view(np.uint8), (0, 2)) for r in values]
    path.write_bytes(b"".join(r.tobytes() for r in rows))
    img = _read(call, path, width=3, height=2, kind="short", pad="long")
    assert img.pixel_type == "uint2"
    assert img.data[0].tolist() == values.tolist()
    little = tmp_path / "little.raw"
    little.write_bytes(np.array([[-2, 300]], dtype="<i2").tobytes())
    img = _read(call, little, width=2, height=1, kind="signed_short", order="LSBFirst")
    assert img.pixel_type == "int2" and img.data[0].tolist() == [[-2, 300]]
    longs = tmp_path / "long.raw"
    longs.write_bytes(np.array([[-70000, 1]], dtype=">i4").tobytes())
    img = _read(call, longs, width=2, height=1, kind="long")
    assert img.pixel_type == "int4" and img.data[0].tolist() == [[-70000, 1]]


def test_rgb_components_and_errors(call, tmp_path):
    rgb = np.array([[[10, 20, 30], [40, 50, 60]]], dtype=np.uint8)
    path = tmp_path / "rgb.raw"
    path.write_bytes(rgb.tobytes())
    for kind, expected in (("r_byte", [10, 40]), ("g_byte", [20, 50]), ("b_byte", [30, 60])):
        assert _read(call, path, width=2, height=1, kind=kind).data[0].tolist() == [expected]
    assert call.code("read_sequence", *_args(path, width=2, height=4)) == 5221
    assert call.code("read_sequence", *_args(path, width=2, height=1, kind="bit")) == 1308
    assert call.code("read_sequence", *_args(tmp_path / "missing.raw")) == 5200
