"""OCR training files: characters rendered with Pillow, segmented, written, appended, read
back, concatenated; damaged and foreign files; wrong values and empty inputs."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

from ._ocr_scenes import render, segment


def _one(image: Image) -> ObjectTuple:
    return ObjectTuple([image])


@pytest.fixture
def abc(call):
    image = render("AB7", 30, seed=1)
    return image, segment(call, image)


def test_write_then_read_gives_the_characters_back(call, tmp_path, abc):
    image, chars = abc
    assert len(chars) == 3
    call("write_ocr_trainf", chars, _one(image), ("A", "B", "7"), str(tmp_path / "abc"))
    assert (tmp_path / "abc.trf").is_file()  # '.trf' added to a name without extension
    objects, names = call("read_ocr_trainf", str(tmp_path / "abc.trf"))
    assert names == ("A", "B", "7")
    for region, obj in zip(chars, objects, strict=True):
        r1, c1, r2, c2 = region.bbox()
        assert (obj.height, obj.width) == (r2 - r1 + 1, c2 - c1 + 1)
        assert obj.pixel_type == "byte" and obj.domain.area() == region.area()
        assert obj.domain.same_pixels(region.translate(-r1, -c1))
        np.testing.assert_array_equal(obj.data[0], image.data[0, r1 : r2 + 1, c1 : c2 + 1])
    # the name without extension finds the same file
    assert call("read_ocr_trainf", str(tmp_path / "abc"))[1] == names


def test_append_creates_and_extends_and_names_are_counted(call, tmp_path, abc):
    image, chars = abc
    path = str(tmp_path / "grow.trf")
    call("append_ocr_trainf", chars, _one(image), ("A", "B", "7"), path)
    other = render("7A", 26, seed=2)
    call("append_ocr_trainf", segment(call, other), _one(other), ("7", "A"), path)
    assert call("read_ocr_trainf_names", path) == (("A", "B", "7"), (2, 1, 2))
    objects, names = call("read_ocr_trainf", path)
    assert names == ("A", "B", "7", "7", "A") and len(objects) == 5


def test_several_files_and_concatenation(call, tmp_path, abc):
    image, chars = abc
    first, second = str(tmp_path / "one.trf"), str(tmp_path / "two.trf")
    call("write_ocr_trainf", chars, _one(image), ("A", "B", "7"), first)
    call("write_ocr_trainf", ObjectTuple([chars[2]]), _one(image), "7", second)
    assert call("read_ocr_trainf", (second, first))[1] == ("7", "A", "B", "7")
    both = str(tmp_path / "both.trf")
    call("concat_ocr_trainf", (first, second), both)
    assert call("read_ocr_trainf_names", both) == (("A", "B", "7"), (1, 1, 2))
    assert call.code("concat_ocr_trainf", (first, second), first) == 8319


def test_uint2_characters_keep_their_values(call, tmp_path):
    data = np.full((20, 30), 40000, dtype=np.uint16)
    data[5:15, 4:9] = 1000
    data[5:15, 20:26] = 65535
    image = Image(data, "uint2")
    chars = ObjectTuple([Region.rectangle(5, 4, 14, 8), Region.rectangle(4, 19, 15, 26)])
    path = str(tmp_path / "deep.trf")
    call("write_ocr_trainf", chars, _one(image), ("l", "m"), path)
    objects, _ = call("read_ocr_trainf", path)
    assert objects[0].pixel_type == "uint2" and int(objects[0].data.max()) == 1000
    assert int(objects[1].data.max()) == 65535 and int(objects[1].data.min()) == 40000


def test_empty_inputs(call, tmp_path):
    image = render("A", 20, seed=3)
    path = str(tmp_path / "empty.trf")
    call("write_ocr_trainf", ObjectTuple(), _one(image), (), path)
    objects, names = call("read_ocr_trainf", path)
    assert len(objects) == 0 and names == ()
    assert call("read_ocr_trainf_names", path) == ((), ())
    call("append_ocr_trainf", ObjectTuple(), _one(image), (), path)
    assert call("read_ocr_trainf_names", path) == ((), ())


def test_wrong_inputs(call, tmp_path, abc):
    image, chars = abc
    path = str(tmp_path / "x.trf")
    assert call.code("write_ocr_trainf", chars, _one(image), ("A", "B"), path) == 1401
    assert call.code("write_ocr_trainf", chars, ObjectTuple([image, image]), "ABC", path) == 1502
    real = Image(image.data.astype(np.float32), "real")
    assert call.code("write_ocr_trainf", chars, _one(real), ("A", "B", "7"), path) == 9007
    outside = ObjectTuple([Region.rectangle(500, 500, 510, 510)])
    assert call.code("write_ocr_trainf", outside, _one(image), "A", path) == 1301
    assert call.code("read_ocr_trainf", str(tmp_path / "missing.trf")) == 5200


def _npz(path, meta: dict, **arrays) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps(meta)), **arrays)
    path.write_bytes(buffer.getvalue())


def test_foreign_damaged_and_other_version_files_are_8313(call, tmp_path, abc):
    image, chars = abc
    good = tmp_path / "good.trf"
    call("write_ocr_trainf", chars, _one(image), ("A", "B", "7"), str(good))
    text = tmp_path / "text.trf"
    text.write_text("not a training file\n")
    cut = tmp_path / "cut.trf"
    cut.write_bytes(good.read_bytes()[:-40])
    other = tmp_path / "other.trf"
    _npz(other, {"format": "something-else", "version": 1})
    newer = tmp_path / "newer.trf"
    with zipfile.ZipFile(good) as archive:
        meta = json.loads(str(np.load(archive.open("meta.npy"))))
    meta["version"] = 2
    _npz(newer, meta, shapes=np.zeros((0, 2), np.int64))
    bad_table = tmp_path / "table.trf"
    meta["version"] = 1
    _npz(bad_table, meta, shapes=np.ones((3, 2), np.int64), pixels=np.zeros(2, np.uint16))
    for path in (text, cut, other, newer, bad_table):
        assert call.code("read_ocr_trainf", str(path)) == 8313, path.name
        assert call.code("read_ocr_trainf_names", str(path)) == 8313, path.name
    assert call.code("append_ocr_trainf", chars, _one(image), ("A", "B", "7"), str(text)) == 8313
