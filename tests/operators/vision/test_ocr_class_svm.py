"""SVM OCR classifiers trained on characters rendered with Pillow and segmented with
threshold and connection, read back on held-out text; word reading, support vectors,
reduction, parameters, features, files and errors."""

from __future__ import annotations

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
    path = str(tmp_path_factory.mktemp("ocr_svm") / "font.trf")
    for i, size in enumerate(TRAIN_SIZES):
        for j in range(2):
            image = render(CHARS, size, seed=10 * i + j)
            chars = segment(call, image)
            assert len(chars) == len(CHARS)
            call("append_ocr_trainf", chars, _one(image), tuple(CHARS), path)
    return path


def _create(call, chars=CHARS, mode="one-versus-one", features="default", prep="normalization"):
    args = ("rbf", 0.02, 0.05, mode, prep, 10)
    (ocr,) = call("create_ocr_class_svm", 8, 10, "constant", features, tuple(chars), *args)
    return ocr


@pytest.fixture(scope="module")
def trained(training_file, host):
    from tests.conftest import Caller

    call = Caller(host)
    ocr = _create(call)
    assert call("trainf_ocr_class_svm", ocr, training_file, 0.001, "default") == ()
    return ocr


def _read(call, ocr, text, size, seed):
    image = render(text, size, seed)
    chars = segment(call, image)
    assert len(chars) == len(text)
    return call("do_ocr_multi_class_svm", chars, _one(image), ocr)


def _accuracy(call, ocr) -> float:
    rng = np.random.default_rng(2024)
    right = total = 0
    for k, size in enumerate((22, 26, 30, 34)):  # sizes not used for training
        text = random_text(rng, 24)
        (classes,) = _read(call, ocr, text, size, seed=500 + k)
        assert len(classes) == len(text)
        right += sum(a == b for a, b in zip(classes, text, strict=True))
        total += len(text)
    return right / total


def test_trained_classifier_reads_held_out_text(call, trained):
    assert _accuracy(call, trained) >= 0.95


def test_one_versus_all_and_other_features_learn_the_font(call, training_file):
    ocr = _create(call, mode="one-versus-all")
    call("trainf_ocr_class_svm", ocr, training_file, 0.001, "default")
    assert _accuracy(call, ocr) >= 0.95
    names = ("pixel_binary", "ratio", "foreground_grid_16")
    other = _create(call, features=names, prep="principal_components")
    call("trainf_ocr_class_svm", other, training_file, 0.001, "default")
    text = "7KM2XY9AB"
    (classes,) = _read(call, other, text, 30, seed=77)
    assert sum(a == b for a, b in zip(classes, text, strict=True)) >= len(text) - 1


def test_single_and_word_reading(call, trained):
    image = render("AB12", 28, seed=91)
    chars = segment(call, image)
    (classes,) = call("do_ocr_single_class_svm", ObjectTuple([chars[0]]), _one(image), trained, 3)
    assert classes[0] == "A" and len(classes) == 3 and len(set(classes)) == 3
    assert call("do_ocr_single_class_svm", ObjectTuple([chars[1]]), _one(image), trained, 1) == (
        ("B",),
    )
    everything = len(CHARS)
    result = call("do_ocr_word_svm", chars, _one(image), trained, "", 3, 2)
    assert result == (("A", "B", "1", "2"), ("AB12",), (1.0,))
    fixed = call("do_ocr_word_svm", chars, _one(image), trained, "AB1[3]", everything, 1)
    assert fixed == (("A", "B", "1", "2"), ("AB13",), (0.75,))
    none = call("do_ocr_word_svm", chars, _one(image), trained, "AB1[3]", everything, 0)
    assert none[1:] == (("AB12",), (0.0,))


def test_write_read_round_trip_and_reduction(call, trained, tmp_path):
    image = render("5XH80KWZ", 27, seed=5)
    chars = segment(call, image)
    before = call("do_ocr_multi_class_svm", chars, _one(image), trained)
    assert before == (tuple("5XH80KWZ"),)
    call("write_ocr_class_svm", trained, str(tmp_path / "font"))  # '.osc' is added
    assert (tmp_path / "font.osc").is_file()
    (again,) = call("read_ocr_class_svm", str(tmp_path / "font"))  # and tried
    assert call("do_ocr_multi_class_svm", chars, _one(image), again) == before
    assert call("do_ocr_word_svm", chars, _one(image), again, "", 3, 1) == call(
        "do_ocr_word_svm", chars, _one(image), trained, "", 3, 1
    )
    assert call("get_params_ocr_class_svm", again) == call("get_params_ocr_class_svm", trained)
    assert call("get_params_ocr_class_svm", again) == (
        (8,),
        (10,),
        ("constant",),
        ("default",),
        tuple(CHARS),
        ("rbf",),
        (0.02,),
        (0.05,),
        ("one-versus-one",),
        ("normalization",),
        (10,),
    )
    (total,), per = call("get_support_vector_num_ocr_class_svm", again)
    assert len(per) == len(CHARS) * (len(CHARS) - 1) // 2
    assert 0 < max(per) <= total <= 10 * len(CHARS)
    assert call("get_support_vector_num_ocr_class_svm", trained) == ((total,), per)
    indices = [call("get_support_vector_ocr_class_svm", again, i)[0][0] for i in range(total)]
    assert len(set(indices)) == total and 0 <= min(indices) and max(indices) < 10 * len(CHARS)
    (reduced,) = call("reduce_ocr_class_svm", again, "bottom_up", 2, 0.5)
    # the reduced machines have fewer vectors each (made for each machine, not shared)
    _, fewer = call("get_support_vector_num_ocr_class_svm", reduced)
    assert sum(fewer) < sum(per) and all(a <= b for a, b in zip(fewer, per, strict=True))
    same = call("do_ocr_multi_class_svm", chars, _one(image), reduced)[0]
    assert sum(a == b for a, b in zip(same, before[0], strict=True)) >= len(same) - 1
    call("clear_ocr_class_svm", again)
    assert call.code("do_ocr_multi_class_svm", chars, _one(image), again) == 2454


def test_add_support_vectors_to_the_training_set(call, training_file):
    ocr = _create(call, chars="0123456789")
    assert call.code("trainf_ocr_class_svm", ocr, training_file, 0.001, "add_sv_to_train_set") == (
        3390
    )
    call("trainf_ocr_class_svm", ocr, training_file, 0.001, "default")
    call("trainf_ocr_class_svm", ocr, training_file, 0.001, "add_sv_to_train_set")
    (classes,) = _read(call, ocr, "90217", 29, seed=8)
    assert classes == tuple("90217")


def test_feature_vectors(call):
    bar = np.full((30, 40), 200, np.uint8)
    bar[10:20, 5:10] = 10
    image = Image(bar, "byte", Region.rectangle(10, 5, 19, 9))
    names = ("ratio", "width", "height", "foreground")
    args = ("rbf", 0.02, 0.05, "one-versus-all", "normalization", 10)
    (ocr,) = call("create_ocr_class_svm", 4, 6, "constant", names, ("a", "b"), *args)
    (values,) = call("get_features_ocr_class_svm", _one(image), ocr, "false")
    assert values == pytest.approx((2.0, 5.0, 10.0, 1.0))
    # untrained: the normalisation is the identity
    assert call("get_features_ocr_class_svm", _one(image), ocr, "true") == (values,)


def _osc_files(call, tmp_path):
    good = tmp_path / "good.osc"
    call("write_ocr_class_svm", _create(call, chars="xyz"), str(good))
    text = tmp_path / "text.osc"
    text.write_text("HALCON OCR classifier\n")
    cut = tmp_path / "cut.osc"
    cut.write_bytes(good.read_bytes()[:-50])
    svm = tmp_path / "svm.gsc"
    call(
        "write_class_svm",
        call("create_class_svm", 3, "rbf", 0.1, 0.1, 2, "one-versus-one", "none", 3)[0],
        str(svm),
    )
    raw = good.read_bytes()
    other = tmp_path / "other.osc"
    other.write_bytes(raw.replace(b'"version": 1, "width"', b'"version": 7, "width"'))
    shapes = tmp_path / "shapes.osc"
    shapes.write_bytes(raw.replace(b'"num_classes": 3', b'"num_classes": 4'))
    return good, (text, cut, svm, shapes), other


def test_missing_foreign_damaged_and_other_version_files(call, tmp_path):
    good, damaged, other = _osc_files(call, tmp_path)
    (ocr,) = call("read_ocr_class_svm", str(good))
    assert call("get_params_ocr_class_svm", ocr)[4] == ("x", "y", "z")
    assert call.code("read_ocr_class_svm", str(tmp_path / "nothing.osc")) == 5200
    assert call.code("read_ocr_class_svm", str(tmp_path / "nothing")) == 5200
    for path in damaged:
        assert call.code("read_ocr_class_svm", str(path)) == 8330, path.name
    assert b'"version": 7' in other.read_bytes()
    assert call.code("read_ocr_class_svm", str(other)) == 8331
    assert call.code("write_ocr_class_svm", ocr, str(tmp_path / "no" / "dir.osc")) == 5215


AB = ("a", "b")


def test_wrong_values_untrained_and_empty_inputs(call, training_file, tmp_path):
    def create(*args):
        return call.code("create_ocr_class_svm", *args)

    good = ("rbf", 0.02, 0.05, "one-versus-one", "normalization", 10)
    assert create(0, 10, "constant", "default", AB, *good) == 1301
    assert create(8, 300, "constant", "default", AB, *good) == 1302
    assert create(8, 10, "cubic", "default", AB, *good) == 1303
    assert create(8, 10, "constant", "cooc", "ab", *good) == 1304
    assert create(8, 10, "constant", "default", ("a", "a"), *good) == 1305
    assert create(8, 10, "constant", "default", "a", *good) == 1305  # one class
    assert create(8, 10, "constant", "default", AB, "sigmoid", *good[1:]) == 1306
    assert create(8, 10, "constant", "default", AB, "rbf", 0.0, *good[2:]) == 1307
    assert create(8, 10, "constant", "default", AB, "polynomial_homogeneous", 1.5, *good[2:]) == (
        1307
    )
    assert create(8, 10, "constant", "default", AB, "rbf", 0.02, 1.0, *good[3:]) == 1308
    assert create(8, 10, "constant", "default", AB, *good[:3], "novelty-detection", *good[4:]) == (
        1309
    )
    assert create(8, 10, "constant", "default", AB, *good[:4], "whitening", 10) == 1310
    assert create(8, 10, "constant", "default", AB, *good[:4], "principal_components", 99) == (1311)
    (ocr,) = call("create_ocr_class_svm", 8, 10, "constant", "default", ("#", "%"), *good)
    image = render("7", 20, seed=1)
    chars = segment(call, image)
    empty = ObjectTuple()
    # not trained yet: HALCON's 3393
    assert call.code("do_ocr_multi_class_svm", chars, _one(image), ocr) == 3393
    assert call.code("do_ocr_single_class_svm", chars, _one(image), ocr, 1) == 3393
    assert call.code("do_ocr_word_svm", chars, _one(image), ocr, "", 3, 1) == 3393
    assert call.code("get_support_vector_num_ocr_class_svm", ocr) == 3393
    assert call.code("get_support_vector_ocr_class_svm", ocr, 0) == 3393
    assert call.code("reduce_ocr_class_svm", ocr, "bottom_up", 2, 0.001) == 3393
    # the training file has none of these classes; only some; bad Epsilon; no file
    assert call.code("trainf_ocr_class_svm", ocr, training_file, 0.001, "default") == 1302
    (some,) = call("create_ocr_class_svm", 8, 10, "constant", "default", ("7", "%"), *good)
    assert call.code("trainf_ocr_class_svm", some, training_file, 0.001, "default") == 3392
    assert call.code("trainf_ocr_class_svm", some, training_file, 0.0, "default") == 1303
    assert call.code("trainf_ocr_class_svm", some, str(tmp_path / "no.trf"), 0.1, "default") == (
        5200
    )
    (digits,) = call("create_ocr_class_svm", 8, 10, "constant", "default", tuple("0123"), *good)
    call("trainf_ocr_class_svm", digits, training_file, 0.001, "default")
    assert call("do_ocr_multi_class_svm", empty, _one(image), digits) == ((),)
    assert call("do_ocr_word_svm", empty, _one(image), digits, "", 3, 1) == ((), ("",), (1.0,))
    assert call.code("do_ocr_single_class_svm", empty, _one(image), digits, 1) == 1501
    assert call.code("do_ocr_single_class_svm", chars, _one(image), digits, 0) == 1302
    assert call.code("do_ocr_single_class_svm", chars, _one(image), digits, 5) == 1302
    assert call.code("do_ocr_multi_class_svm", chars, ObjectTuple(), digits) == 1502
    assert call.code("do_ocr_word_svm", chars, _one(image), digits, "(", 3, 1) == 1302
    assert call.code("do_ocr_word_svm", chars, _one(image), digits, "", 0, 1) == 1303
    assert call.code("do_ocr_word_svm", chars, _one(image), digits, "", 3, -1) == 1304
    assert call.code("get_support_vector_ocr_class_svm", digits, 10_000) == 1302
    assert call.code("reduce_ocr_class_svm", digits, "bottom_up", 1, 0.001) == 1303
    assert call.code("reduce_ocr_class_svm", digits, "bottom_up", 2, 0.0) == 1304
    # an empty region is a character with all features 0: it still gets a class
    (classes,) = call("do_ocr_multi_class_svm", ObjectTuple([Region.empty()]), _one(image), digits)
    assert classes[0] in "0123"
