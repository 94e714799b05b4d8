"""write_measure / read_measure and serialize_measure / deserialize_measure: a measure object
that comes back measures exactly as the original."""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def _ring_image() -> ObjectTuple:
    yy, xx = np.mgrid[0:120, 0:140].astype(np.float64)
    dist = np.hypot(yy - 60.3, xx - 70.6)
    # a bright ring between radii 20 and 35, anti-aliased
    value = 30 + 170 * np.clip(dist - 19.5, 0, 1) * np.clip(35.5 - dist, 0, 1)
    return ObjectTuple([Image(np.round(value).astype(np.uint8)[None], "byte")])


def _pos(call, image, handle) -> tuple:
    return call("measure_pos", image, handle, 1.0, 20.0, "all", "all")


def test_rectangle_file_round_trip_after_translation(call, tmp_path):
    image = _ring_image()
    (h,) = call("gen_measure_rectangle2", 60.0, 70.0, 0.3, 50.0, 3.0, 140, 120, "bilinear")
    call("translate_measure", h, 60.4, 70.2)
    before = _pos(call, image, h)
    assert len(before[0]) == 4  # the profile crosses the ring twice
    path = str(tmp_path / "m.msr")
    call("write_measure", h, path)
    (back,) = call("read_measure", path)
    assert _pos(call, image, back) == before
    assert call("measure_projection", image, back) == call("measure_projection", image, h)
    # the read object is a measure object of its own
    call("close_measure", h)
    assert _pos(call, image, back) == before


def test_arc_serialized_item_round_trip(call, tmp_path):
    image = _ring_image()
    args = (60.3, 70.6, 27.0, 0.2, math.pi, 12.0, 140, 120, "nearest_neighbor")
    (h,) = call("gen_measure_arc", *args)
    (item,) = call("serialize_measure", h)
    (back,) = call("deserialize_measure", item)
    proj = call("measure_projection", image, h)
    assert call("measure_projection", image, back) == proj and len(proj[0]) > 80
    # through a file of serialized items as well
    path = str(tmp_path / "items.bin")
    (fh,) = call("open_file", path, "output_binary")
    call("fwrite_serialized_item", fh, item)
    call("close_file", fh)
    (fh,) = call("open_file", path, "input_binary")
    (item2,) = call("fread_serialized_item", fh)
    call("close_file", fh)
    (back2,) = call("deserialize_measure", item2)
    assert call("measure_projection", image, back2) == proj


def test_file_errors(call, tmp_path):
    assert call.code("read_measure", str(tmp_path / "missing.msr")) == 5200
    junk = tmp_path / "junk.msr"
    junk.write_bytes(b"not a measure object")
    assert call.code("read_measure", str(junk)) == 5238
    (h,) = call("gen_measure_rectangle2", 20.0, 20.0, 0.0, 10.0, 2.0, 64, 64, "bilinear")
    path = tmp_path / "m.msr"
    call("write_measure", h, str(path))
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF  # damage the sampling grid: the checksum fails
    path.write_bytes(bytes(raw))
    assert call.code("read_measure", str(path)) == 5238
    assert call.code("write_measure", h, str(tmp_path / "no_dir" / "m.msr")) == 5215
    call("close_measure", h)
    assert call.code("write_measure", h, str(tmp_path / "x.msr")) == 2454


def test_item_of_another_kind_is_rejected(call):
    (model,) = call("create_variation_model", 32, 32, "byte", "standard")
    (item,) = call("serialize_variation_model", model)
    assert call.code("deserialize_measure", item) == 9580
