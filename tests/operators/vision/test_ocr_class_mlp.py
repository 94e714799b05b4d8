"""OCR classifiers trained on characters rendered with Pillow and segmented with threshold
and connection, read back on held-out text; parameters, features, files and errors."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

from ._ocr_scenes import CHARS, random_text, render, segment

TRAIN_SIZES = (20, 24, 28, 32, 36)


def _one(image: Image) -> ObjectTuple:
    return ObjectTuple([image])


@pytest.fixture(scope="module")
def training_file(tmp_path_factory, host) -> str:
    from tests.conftest import Caller

    call = Caller(host)
    path = str(tmp_path_factory.mktemp("ocr") / "font.trf")
    for i, size in enumerate(TRAIN_SIZES):
        for j in range(2):
            image = render(CHARS, size, seed=10 * i + j)
            chars = segment(call, image)
            assert len(chars) == len(CHARS)
            call("append_ocr_trainf", chars, _one(image), tuple(CHARS), path)
    return path


def _trained(call, path, features="default", preprocessing="none", chars=CHARS):
    (ocr,) = call(
        "create_ocr_class_mlp", 8, 10, "constant", features, tuple(chars), 60, preprocessing, 20, 42
    )
    (error,), log = call("trainf_ocr_class_mlp", ocr, path, 200, 1.0, 0.01)
    assert 0 <= error < 0.1 and len(log) >= 1
    return ocr


def _read(call, ocr, text, size, seed):
    image = render(text, size, seed)
    chars = segment(call, image)
    assert len(chars) == len(text)
    return call("do_ocr_multi_class_mlp", chars, _one(image), ocr)


def test_trained_classifier_reads_held_out_text(call, training_file):
    ocr = _trained(call, training_file)
    rng = np.random.default_rng(2024)
    right = total = 0
    for k, size in enumerate((22, 26, 30, 34)):  # sizes not used for training
        text = random_text(rng, 24)
        classes, confidences = _read(call, ocr, text, size, seed=500 + k)
        assert len(classes) == len(confidences) == len(text)
        assert all(0.0 <= c <= 1.0 for c in confidences)
        right += sum(a == b for a, b in zip(classes, text, strict=True))
        total += len(text)
    assert right / total >= 0.97


@pytest.mark.parametrize(
    ("features", "preprocessing"),
    [
        (("pixel_binary", "ratio", "anisometry"), "normalization"),
        (("pixel", "foreground_grid_16", "zoom_factor"), "none"),
        (("gradient_8dir", "projection_horizontal_invar", "projection_vertical"), "none"),
        (("pixel_invar", "moments_region_2nd_invar", "phi", "convexity"), "principal_components"),
    ],
)
def test_other_feature_sets_learn_the_font(call, training_file, features, preprocessing):
    ocr = _trained(call, training_file, features, preprocessing)
    text = "7KM2XY9AB"
    classes, _ = _read(call, ocr, text, 30, seed=77)
    assert sum(a == b for a, b in zip(classes, text, strict=True)) >= len(text) - 1


def test_feature_vectors(call, host):
    # a 10 x 5 bar and a ring: known region features
    bar = np.full((30, 40), 200, np.uint8)
    bar[10:20, 5:10] = 10
    image = Image(bar, "byte", Region.rectangle(10, 5, 19, 9))
    names = ("ratio", "width", "height", "foreground", "num_connect", "num_holes", "convexity")
    (ocr,) = call("create_ocr_class_mlp", 4, 6, "constant", names, ("a", "b"), 5, "none", 1, 1)
    (values,) = call("get_features_ocr_class_mlp", _one(image), ocr, "false")
    assert values == pytest.approx((2.0, 5.0, 10.0, 1.0, 1.0, 0.0, 1.0))
    ring = np.full((20, 20), 200, np.uint8)
    ring[2:12, 2:12] = 0
    ring[5:9, 5:9] = 200
    domain = Region.from_mask(ring < 100)
    (ocr2,) = call(
        "create_ocr_class_mlp", 8, 10, "bilinear", ("default", "num_holes"), "ab", 5, "none", 1, 1
    )
    (values,) = call("get_features_ocr_class_mlp", _one(Image(ring, "byte", domain)), ocr2, "true")
    assert len(values) == 1 + 80 + 1 and values[0] == 1.0 and values[-1] == 1.0
    # 'pixel_invar' is stretched to 0 ... 1: the dark ring 0, the light hole 1
    assert min(values[1:81]) == 0.0 and max(values[1:81]) == 1.0


def test_single_and_word_reading(call, training_file):
    ocr = _trained(call, training_file)
    image = render("AB12", 28, seed=91)
    chars = segment(call, image)
    classes, confidences = call(
        "do_ocr_single_class_mlp", ObjectTuple([chars[0]]), _one(image), ocr, 3
    )
    assert classes[0] == "A" and len(classes) == 3 and len(set(classes)) == 3
    assert confidences[0] >= confidences[1] >= confidences[2]
    everything = len(CHARS)
    result = call("do_ocr_word_mlp", chars, _one(image), ocr, "", 3, 2)
    assert result[0] == ("A", "B", "1", "2") and result[2:] == (("AB12",), (1.0,))
    fixed = call("do_ocr_word_mlp", chars, _one(image), ocr, "AB1[3]", everything, 1)
    assert fixed[0] == ("A", "B", "1", "2") and fixed[2:] == (("AB13",), (0.75,))
    none = call("do_ocr_word_mlp", chars, _one(image), ocr, "AB1[3]", everything, 0)
    assert none[2:] == (("AB12",), (0.0,))
    assert call("do_ocr_word_mlp", chars, _one(image), ocr, "[A-Z]{2}[0-9]+", 3, 0)[3] == (1.0,)


def test_write_read_round_trip(call, training_file, tmp_path):
    ocr = _trained(call, training_file)
    image = render("5XH", 27, seed=5)
    chars = segment(call, image)
    before = call("do_ocr_multi_class_mlp", chars, _one(image), ocr)
    call("write_ocr_class_mlp", ocr, str(tmp_path / "font.omc"))
    (again,) = call("read_ocr_class_mlp", str(tmp_path / "font"))  # '.omc' is tried
    assert call("do_ocr_multi_class_mlp", chars, _one(image), again) == before
    assert call("get_params_ocr_class_mlp", again) == call("get_params_ocr_class_mlp", ocr)
    assert call("get_params_ocr_class_mlp", again) == (
        (8,),
        (10,),
        ("constant",),
        ("default",),
        tuple(CHARS),
        (60,),
        ("none",),
        (20,),
    )
    call("clear_ocr_class_mlp", again)
    assert call.code("do_ocr_multi_class_mlp", chars, _one(image), again) == 2454


def _npz(path, meta, **arrays) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps(meta)), **arrays)
    path.write_bytes(buffer.getvalue())


def test_missing_foreign_damaged_and_other_version_files(call, tmp_path):
    (ocr,) = call("create_ocr_class_mlp", 6, 8, "constant", "default", "xyz", 4, "none", 1, 7)
    good = tmp_path / "good.omc"
    call("write_ocr_class_mlp", ocr, str(good))
    assert call.code("read_ocr_class_mlp", str(tmp_path / "nothing.omc")) == 5200
    # fonts hdlite does not ship (others: test_ocr_pretrained.py) are files that do not exist
    assert call.code("read_ocr_class_mlp", "OCRA_0-9A-Z_NoRej.omc") == 5200
    assert call.code("read_ocr_class_mlp", "Industrial_0-9A-Z_Rej") == 5200
    text = tmp_path / "text.omc"
    text.write_text("HALCON OCR classifier\n")
    cut = tmp_path / "cut.omc"
    cut.write_bytes(good.read_bytes()[:-50])
    with np.load(good) as arrays:
        meta = json.loads(str(arrays["meta"]))
        weights = {k: arrays[k] for k in ("w1", "w2", "mean", "transform")}
    shapes = tmp_path / "shapes.omc"
    _npz(shapes, meta, **{**weights, "w2": np.zeros((2, 2))})
    mlp = tmp_path / "mlp.omc"
    call("write_class_mlp", call("create_class_mlp", 2, 2, 2, "softmax", "none", 1, 1)[0], str(mlp))
    for path in (text, cut, shapes, mlp):
        assert call.code("read_ocr_class_mlp", str(path)) == 8320, path.name
    newer = tmp_path / "newer.omc"
    _npz(newer, {**meta, "version": 2}, **weights)
    assert call.code("read_ocr_class_mlp", str(newer)) == 8321


def test_wrong_values_and_empty_inputs(call, training_file, tmp_path):
    def create(*args):
        return call.code("create_ocr_class_mlp", *args)

    assert create(0, 10, "constant", "default", "ab", 5, "none", 1, 1) == 1301
    assert create(8, 10, "cubic", "default", "ab", 5, "none", 1, 1) == 1303
    assert create(8, 10, "constant", "cooc", "ab", 5, "none", 1, 1) == 1304
    assert create(8, 10, "constant", "default", ("a", "a"), 5, "none", 1, 1) == 1305
    assert create(8, 10, "constant", "default", "ab", 0, "none", 1, 1) == 1306
    assert create(8, 10, "constant", "default", "ab", 5, "canonical_variates", 1, 1) == 1307
    assert create(8, 10, "constant", "default", "ab", 5, "principal_components", 99, 1) == 1308
    (ocr,) = call("create_ocr_class_mlp", 8, 10, "constant", "default", ("#", "%"), 5, "none", 1, 1)
    # the training file has none of these classes
    assert call.code("trainf_ocr_class_mlp", ocr, training_file, 50, 1.0, 0.01) == 1302
    assert call.code("trainf_ocr_class_mlp", ocr, training_file, 0, 1.0, 0.01) == 1303
    assert call.code("trainf_ocr_class_mlp", ocr, str(tmp_path / "no.trf"), 5, 1.0, 0.01) == 5200
    image = render("7", 20, seed=1)
    empty = ObjectTuple()
    assert call("do_ocr_multi_class_mlp", empty, _one(image), ocr) == ((), ())
    assert call("do_ocr_word_mlp", empty, _one(image), ocr, "", 3, 1) == ((), (), ("",), (1.0,))
    chars = segment(call, image)
    assert call.code("do_ocr_single_class_mlp", empty, _one(image), ocr, 1) == 1501
    assert call.code("do_ocr_single_class_mlp", chars, _one(image), ocr, 0) == 1302
    assert call.code("do_ocr_multi_class_mlp", chars, ObjectTuple(), ocr) == 1502
    assert call.code("do_ocr_word_mlp", chars, _one(image), ocr, "(", 3, 1) == 1302
    assert call.code("do_ocr_word_mlp", chars, _one(image), ocr, "", 0, 1) == 1303
    # an empty region is a character with all features 0: it still gets a class
    classes, _ = call("do_ocr_multi_class_mlp", ObjectTuple([Region.empty()]), _one(image), ocr)
    assert classes in (("#",), ("%",))


def test_only_the_classifiers_classes_are_trained(call, training_file):
    ocr = _trained(call, training_file, chars="0123456789")
    classes, _ = _read(call, ocr, "90217", 29, seed=8)
    assert classes == tuple("90217")
