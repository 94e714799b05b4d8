"""Variation models on generated prints: training, thresholds, defects, modes, files."""

from __future__ import annotations

import contextlib
import json
import zlib

import numpy as np
import pytest

from hdlite.plugin import HalconError, Image, ObjectTuple, Region

H, W = 60, 80


def _print(shift: tuple[int, int] = (0, 0), seed: int | None = None, noise: float = 0.0):
    """A dark text-like print on a light background: five strokes of rectangles."""
    data = np.full((H, W), 200.0)
    dr, dc = shift
    for r0, c0, r1, c1 in ((10, 10, 50, 14), (10, 10, 14, 30), (28, 10, 32, 26),
                           (10, 40, 50, 44), (46, 40, 50, 64)):  # fmt: skip
        data[r0 + dr : r1 + dr, c0 + dc : c1 + dc] = 40.0
    if seed is not None:
        data += np.random.default_rng(seed).normal(0.0, noise, data.shape)
    return data


def _img(data: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    dtype = {"byte": np.uint8, "int2": np.int16, "uint2": np.uint16, "real": np.float32}
    pixels = np.clip(np.rint(data), 0, 255).astype(dtype[pixel_type])
    return ObjectTuple([Image(pixels[None], pixel_type, domain)])


SHIFTS = [(0, 0), (1, 0), (0, 1), (-1, 0), (0, -1), (0, 0), (1, 1), (0, 0)]


def _training_set() -> list[np.ndarray]:
    """Good prints, some shifted by one pixel (edges vary), all with a little noise."""
    return [_print(s, seed=i, noise=2.0) for i, s in enumerate(SHIFTS)]


def _trained(call, mode: str = "standard", pixel_type: str = "byte"):
    (model,) = call("create_variation_model", W, H, pixel_type, mode)[0]
    for data in _training_set():
        call("train_variation_model", _img(data, pixel_type), model)
    return model


def _defective() -> np.ndarray:
    data = _print(seed=99, noise=2.0)
    data[28:32, 14:26] = 200.0  # the middle bar of the first letter is missing
    data[20:24, 60:66] = 30.0  # a dark blob on the background
    return data


def _expected(mode: str = "standard") -> tuple[np.ndarray, np.ndarray]:
    """The defect pixels too light (the missing bar) and too dark (the blob). 'standard'
    finds them where every good print agrees (away from the edges that vary); 'robust'
    where most agree, as the median and its absolute deviation ignore the few shifted."""
    clean = np.stack([_print(s) for s in SHIFTS])
    darkest, lightest = (clean.max(axis=0), clean.min(axis=0))
    if mode == "robust":
        darkest = lightest = np.median(clean, axis=0)
    light = (darkest < 100) & (_defective() > 150)
    dark = (lightest > 150) & (_defective() < 100)
    return light, dark


def test_expected_defects_are_the_stable_parts():
    light, dark = _expected()
    assert light.sum() == 2 * 11 and light[29:31, 14:25].all()  # rows 28, 31, col 25 vary
    assert dark.sum() == 24 and dark[20:24, 60:66].all()  # the whole blob
    light, dark = _expected("robust")
    assert light.sum() == 4 * 12 and light[28:32, 14:26].all() and dark.sum() == 24


DEFECTS = 22 + 24  # pixels of the stable parts of the two defects


@pytest.mark.parametrize("mode", ["standard", "robust"])
def test_finds_exactly_the_missing_stroke_and_the_blob(call, mode):
    model = _trained(call, mode)
    call("prepare_variation_model", model, 20, 3)
    (good,) = call("compare_variation_model", _img(_print(seed=50, noise=2.0)), model)
    assert all(r.area() == 0 for r in good)
    (bad,) = call("compare_variation_model", _img(_defective()), model)
    (region,) = bad
    want_light, want_dark = _expected(mode)
    assert np.array_equal(region.to_mask(H, W), want_light | want_dark)
    (light, dark) = call("compare_ext_variation_model", _img(_defective()), model, "light_dark")[0]
    assert np.array_equal(light.to_mask(H, W), want_light)
    assert np.array_equal(dark.to_mask(H, W), want_dark)
    (only_dark,) = call("compare_ext_variation_model", _img(_defective()), model, "dark")[0]
    assert only_dark.same_pixels(dark)
    (only_light,) = call("compare_ext_variation_model", _img(_defective()), model, "light")[0]
    assert only_light.same_pixels(light)
    (absolute,) = call("compare_ext_variation_model", _img(_defective()), model, "absolute")[0]
    assert absolute.same_pixels(region)


def test_ideal_and_variation_images_follow_the_mode(call):
    stack = np.stack([np.clip(np.rint(d), 0, 255) for d in _training_set()])
    ideal, var = call("get_variation_model", _trained(call, "standard"))
    assert ideal[0].pixel_type == "real" and var[0].pixel_type == "real"
    assert np.allclose(ideal[0].data[0], stack.mean(axis=0), atol=1e-4)
    assert np.allclose(var[0].data[0], stack.std(axis=0), atol=1e-4)
    # the edges of the strokes vary (shifted prints), the flat areas hardly
    assert var[0].data[0][28, 20] > 20 and var[0].data[0][40, 70] < 5
    ideal, var = call("get_variation_model", _trained(call, "robust"))
    median = np.median(stack, axis=0)
    assert np.allclose(ideal[0].data[0], median)
    mad = np.median(np.abs(stack - median), axis=0)
    assert np.allclose(var[0].data[0], 1.4826 * mad, atol=1e-4)
    assert var[0].data[0][28, 20] < 5  # 6 of 8 prints agree: the median ignores the others


def test_robust_mode_ignores_an_outlier_training_image(call):
    (robust,) = call("create_variation_model", W, H, "byte", "robust")[0]
    (standard,) = call("create_variation_model", W, H, "byte", "standard")[0]
    images = [*_training_set(), _defective()]  # one bad print among the good ones
    for model in (robust, standard):
        for data in images:
            call("train_variation_model", _img(data), model)
        call("prepare_variation_model", model, 20, 3)
    (found,) = call("compare_variation_model", _img(_defective()), robust)[0]
    want_light, want_dark = _expected("robust")
    assert np.array_equal(found.to_mask(H, W), want_light | want_dark)
    (missed,) = call("compare_variation_model", _img(_defective()), standard)[0]
    assert missed.area() < found.area()


def test_thresholds_with_one_and_two_values(call):
    model = _trained(call)
    ideal, var = (im[0].data[0].astype(np.float64) for im in call("get_variation_model", model))
    call("prepare_variation_model", model, 10, 2)
    low, high = (im[0].data[0] for im in call("get_thresh_images_variation_model", model))
    assert np.allclose(high, ideal + np.maximum(10, 2 * var), atol=1e-3)
    assert np.allclose(low, ideal - np.maximum(10, 2 * var), atol=1e-3)
    call("prepare_variation_model", model, (10, 180), (3, 4))
    low, high = (im[0].data[0] for im in call("get_thresh_images_variation_model", model))
    assert np.allclose(high, ideal + np.maximum(10, 3 * var), atol=1e-3)
    assert np.allclose(low, ideal - np.maximum(180, 4 * var), atol=1e-3)
    # a lenient lower threshold misses the dark blob, the strict upper one finds the gap
    light, dark = call("compare_ext_variation_model", _img(_defective()), model, "light_dark")[0]
    assert light.bbox() == (29, 14, 30, 24) and dark.area() == 0


def test_direct_mode(call):
    (model,) = call("create_variation_model", W, H, "byte", "direct")[0]
    ref = _img(_print())
    var = _img(np.full((H, W), 3.0))
    assert call.code("train_variation_model", ref, model) == 8542
    assert call.code("prepare_variation_model", model, 10, 2) == 8542
    assert call.code("compare_variation_model", ref, model) == 8541
    call("prepare_direct_variation_model", ref, var, model, 15, 2)
    low, high = (im[0].data[0] for im in call("get_thresh_images_variation_model", model))
    assert np.array_equal(high, _print() + 15) and np.array_equal(low, _print() - 15)
    (region,) = call("compare_variation_model", _img(_defective()), model)[0]
    assert region.area() == 4 * 12 + 24  # the whole bar: no shifted prints here
    ideal, variation = call("get_variation_model", model)
    assert np.array_equal(ideal[0].data[0], _print()) and variation[0].data[0].max() == 3
    real_var = _img(np.full((H, W), 10.0), "real")
    call("prepare_direct_variation_model", ref, real_var, model, 0, 5)  # 5 * 10 = 50
    assert call("compare_variation_model", _img(_defective()), model)[0][0].area() == 4 * 12 + 24
    (other,) = call("create_variation_model", W, H, "byte", "standard")[0]
    assert call.code("prepare_direct_variation_model", ref, var, other, 10, 2) == 8542


def test_compare_only_inside_the_domain(call):
    model = _trained(call)
    call("prepare_variation_model", model, 20, 3)
    left = Region.rectangle(0, 0, H - 1, 40)
    (region,) = call("compare_variation_model", _img(_defective(), domain=left), model)[0]
    assert region.bbox() == (29, 14, 30, 24) and region.area() == 22


@pytest.mark.parametrize("pixel_type", ["int2", "uint2"])
def test_sixteen_bit_models(call, pixel_type):
    model = _trained(call, "standard", pixel_type)
    call("prepare_variation_model", model, 20, 3)
    (region,) = call("compare_variation_model", _img(_defective(), pixel_type), model)[0]
    assert region.area() == DEFECTS
    assert call.code("compare_variation_model", _img(_defective()), model) == 9001


def test_size_type_and_parameter_errors(call):
    (model,) = call("create_variation_model", W, H, "byte", "standard")[0]
    assert call.code("prepare_variation_model", model, 10, 2) == 8541  # not trained
    assert call.code("get_variation_model", model) == 8541
    assert call.code("train_variation_model", _img(np.zeros((H, W + 1))), model) == 8540
    assert call.code("train_variation_model", _img(_print(), "int2"), model) == 9001
    region = ObjectTuple([Region.rectangle(0, 0, 3, 3)])
    assert call.code("train_variation_model", region, model) == 9054
    call("train_variation_model", _img(_print()), model)
    assert call.code("compare_variation_model", _img(_print()), model) == 8541
    assert call.code("get_thresh_images_variation_model", model) == 8541
    assert call.code("prepare_variation_model", model, -1, 2) == 1302
    assert call.code("prepare_variation_model", model, 10, (2, float("nan"))) == 1303
    assert call.code("prepare_variation_model", model, (1, 2, 3), 2) == 1402
    call("prepare_variation_model", model, 10, 2)
    assert call.code("compare_variation_model", _img(np.zeros((H + 1, W))), model) == 8540
    assert call.code("create_variation_model", 0, H, "byte", "standard") == 1301
    assert call.code("create_variation_model", W, H, "real", "standard") == 1303
    assert call.code("create_variation_model", W, H, "byte", "mean") == 1304
    assert call.code("compare_ext_variation_model", _img(_print()), model, "bright") == 1302
    assert call("compare_variation_model", ObjectTuple([]), model) == (ObjectTuple([]),)


def test_clear_train_data_keeps_the_comparison(call):
    model = _trained(call)
    call("prepare_variation_model", model, 20, 3)
    (before,) = call("compare_variation_model", _img(_defective()), model)[0]
    call("clear_train_data_variation_model", model)
    (after,) = call("compare_variation_model", _img(_defective()), model)[0]
    assert after.same_pixels(before) and after.area() == DEFECTS
    assert call.code("get_variation_model", model) == 8545
    assert call.code("train_variation_model", _img(_print()), model) == 8545
    assert call.code("prepare_variation_model", model, 20, 3) == 8545
    call("clear_variation_model", model)
    assert call.code("compare_variation_model", _img(_print()), model) == 2454


@pytest.mark.parametrize("mode", ["standard", "robust", "direct"])
def test_file_and_serialized_round_trips_give_identical_results(call, tmp_path, mode):
    if mode == "direct":
        (model,) = call("create_variation_model", W, H, "byte", "direct")[0]
        var = _img(np.full((H, W), 4.0))
        call("prepare_direct_variation_model", _img(_print()), var, model, 20, 3)
    else:
        model = _trained(call, mode)
        call("prepare_variation_model", model, 20, 3)
    path = str(tmp_path / "print.vam")
    call("write_variation_model", model, path)
    (loaded,) = call("read_variation_model", path)[0]
    (item,) = call("serialize_variation_model", model)[0]
    (restored,) = call("deserialize_variation_model", item)[0]
    for copy in (loaded, restored):
        for ext in ("absolute", "light_dark"):
            want = call("compare_ext_variation_model", _img(_defective()), model, ext)[0]
            got = call("compare_ext_variation_model", _img(_defective()), copy, ext)[0]
            assert [r.area() for r in got] == [r.area() for r in want]
            assert all(a.same_pixels(b) for a, b in zip(got, want, strict=True))
        want_images = call("get_variation_model", model)
        got_images = call("get_variation_model", copy)
        for a, b in zip(want_images, got_images, strict=True):
            assert np.array_equal(a[0].data, b[0].data)
    if mode != "direct":  # training goes on from the loaded state
        call("train_variation_model", _img(_print()), loaded)
        call("train_variation_model", _img(_print()), model)
        call("prepare_variation_model", loaded, 20, 3)
        call("prepare_variation_model", model, 20, 3)
        want = call("get_thresh_images_variation_model", model)
        got = call("get_thresh_images_variation_model", loaded)
        assert all(np.array_equal(a[0].data, b[0].data) for a, b in zip(want, got, strict=True))


def test_damaged_and_missing_files(call, tmp_path):
    model = _trained(call)
    call("prepare_variation_model", model, 20, 3)
    path = tmp_path / "m.vam"
    call("write_variation_model", model, str(path))
    raw = path.read_bytes()
    assert call.code("read_variation_model", str(tmp_path / "missing.vam")) == 5200
    for damaged in (raw[:-10], raw[:30], b"not a model", raw[:-1] + bytes([raw[-1] ^ 1])):
        path.write_bytes(damaged)
        assert call.code("read_variation_model", str(path)) == 5238
    path.write_bytes(raw.replace(b'"version": 1', b'"version": 9'))
    assert call.code("read_variation_model", str(path)) == 2403
    (mlp,) = call("create_class_mlp", 2, 2, 2, "softmax", "none", 2, 1)
    call("write_class_mlp", mlp, str(path))
    assert call.code("read_variation_model", str(path)) == 5238


def test_damage_behind_a_valid_checksum_is_a_clean_error(call, tmp_path):
    """Bit flips in the header and the arrays, with size and checksum made valid again:
    the file reads back as a working model, or is 5238 (2403 for a changed version)."""
    model = _trained(call, "robust")
    call("prepare_variation_model", model, 20, 3)
    path = tmp_path / "m.vam"
    call("write_variation_model", model, str(path))
    magic, header, payload = path.read_bytes().split(b"\n", 2)
    rng = np.random.default_rng(3)
    codes = set()
    for k in range(300):
        head, body = bytearray(header), bytearray(payload)
        target = head if k % 2 else body
        target[rng.integers(len(target))] ^= 1 << int(rng.integers(8))
        with contextlib.suppress(ValueError):
            doc = json.loads(bytes(head))
            doc["size"], doc["crc32"] = len(body), zlib.crc32(bytes(body))
            head = bytearray(json.dumps(doc).encode())
        path.write_bytes(magic + b"\n" + bytes(head) + b"\n" + bytes(body))
        try:
            (copy,) = call("read_variation_model", str(path))[0]
            call("compare_ext_variation_model", _img(_defective()), copy, "light_dark")
            codes.add(0)
        except HalconError as exc:
            assert exc.code in (5238, 2403, 8541), exc
            codes.add(exc.code)
    assert {0, 5238} <= codes


def test_deserialize_rejects_other_items(call):
    from hdlite_dl.serialized import SerializedItem

    from hdlite.plugin import Handle

    foreign = Handle("serialized_item", SerializedItem(b"HDLITE-OTHER\n{}", "dl_model"))
    assert call.code("deserialize_variation_model", foreign) == 8546


def test_inspection_program(run_script, tmp_path):
    path = str(tmp_path / "print.vam").replace("\\", "/")
    result = run_script(
        "gen_image_const (Good, 'byte', 40, 30)\n"
        "gen_rectangle1 (Stroke, 10, 5, 20, 30)\n"
        "paint_region (Stroke, Good, Good, 200, 'fill')\n"
        "create_variation_model (40, 30, 'byte', 'standard', ModelID)\n"
        "train_variation_model (Good, ModelID)\n"
        "prepare_variation_model (ModelID, [20, 25], [3, 3])\n"
        f"write_variation_model (ModelID, '{path}')\n"
        "clear_variation_model (ModelID)\n"
        f"read_variation_model ('{path}', Model)\n"
        "gen_rectangle1 (Gap, 12, 10, 18, 20)\n"
        "paint_region (Gap, Good, Bad, 0, 'fill')\n"
        "compare_ext_variation_model (Bad, Regions, Model, 'light_dark')\n"
        "count_obj (Regions, N)\n"
        "area_center (Regions, Area, Row, Column)\n"
        "get_thresh_images_variation_model (MinImage, MaxImage, Model)\n"
        "get_grayval (MaxImage, 15, 15, Max)\n"
    )
    assert result.error is None, result.error
    assert result["N"] == (2,) and result["Area"] == (0, 77)
    assert result["Row"][1] == 15.0 and result["Column"][1] == 15.0
    assert result["Max"] == (220.0,)
