"""Model files and serialized items: round trips, damaged and foreign files, no pickle."""

from __future__ import annotations

import json
import os
import pickle
import struct

import numpy as np
import pytest
import torch
from hdlite_dl import codec

from hdlite.values.control import Handle


def _predictions(call, handle, batch):
    ((result,),) = call("apply_dl_classifier", batch, handle)
    return result.obj.confidences


def _trained(call, classifier, images):
    handle = classifier("compact", size=32, batch_size=4)
    call("set_dl_classifier_param", handle, ("learning_rate", "weight_prior"), (0.01, 0.0005))
    batch, labels = images(4, size=32, seed=11)
    for _ in range(2):
        call("train_dl_classifier_batch", batch, handle, labels)
    return handle


def test_write_read_round_trip(call, classifier, images, tmp_path):
    handle = _trained(call, classifier, images)
    batch, _labels = images(6, size=32, seed=12)
    path = str(tmp_path / "classifier.hdl")
    call("write_dl_classifier", handle, path)
    ((again,),) = call("read_dl_classifier", path)
    np.testing.assert_array_equal(
        _predictions(call, handle, batch), _predictions(call, again, batch)
    )
    for name in ("classes", "image_dimensions", "batch_size", "learning_rate", "weight_prior"):
        assert call("get_dl_classifier_param", again, name) == call(
            "get_dl_classifier_param", handle, name
        )
    ((also,),) = call("read_dl_classifier", str(tmp_path / "classifier"))  # .hdl is added
    assert also.obj.classes == handle.obj.classes
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".hdlite-")]


def test_file_layout_is_documented_json_and_raw_arrays(call, classifier, tmp_path):
    handle = classifier("compact", size=32)
    path = tmp_path / "c.hdl"
    call("write_dl_classifier", handle, str(path))
    data = path.read_bytes()
    magic, version, header_len = struct.unpack_from("<8sIQ", data)
    assert (magic, version) == (b"HDLTDLC\x00", 1)
    header = json.loads(data[20 : 20 + header_len])
    assert header["backbone"] == "compact" and header["classes"] == list(handle.obj.classes)
    assert header["params"]["image_width"] == 32
    assert "runtime" not in header["params"] and "gpu" not in header["params"]
    assert {r["dtype"] for r in header["tensors"]} <= {"float32", "int64"}


def test_serialize_round_trip_and_through_a_file(call, classifier, images, tmp_path):
    handle = _trained(call, classifier, images)
    batch, _labels = images(3, size=32, seed=13)
    ((item,),) = call("serialize_dl_classifier", handle)
    ((copy,),) = call("deserialize_dl_classifier", item)
    np.testing.assert_array_equal(
        _predictions(call, handle, batch), _predictions(call, copy, batch)
    )
    path = str(tmp_path / "item.bin")
    ((out,),) = call("open_file", path, "output_binary")
    call("fwrite_serialized_item", out, item)
    call("fwrite_serialized_item", out, item)
    call("close_file", out)
    ((inp,),) = call("open_file", path, "input_binary")
    ((first,),) = call("fread_serialized_item", inp)
    ((second,),) = call("fread_serialized_item", inp)
    assert first.obj.data == second.obj.data == item.obj.data
    ((loaded,),) = call("deserialize_dl_classifier", second)
    np.testing.assert_array_equal(
        _predictions(call, handle, batch), _predictions(call, loaded, batch)
    )
    with pytest.raises(Exception) as info:  # nothing left to read
        call("fread_serialized_item", inp)
    assert info.value.code == 9580
    call("close_file", inp)
    call("clear_serialized_item", (item, first))
    with pytest.raises(Exception) as info:
        call("deserialize_dl_classifier", item)
    assert info.value.code == 2454


def test_serialized_item_errors(call, code_of, tmp_path):
    from hdlite_dl.serialized import SerializedItem

    path = tmp_path / "junk.bin"
    path.write_bytes(b"not an item at all")
    ((inp,),) = call("open_file", str(path), "input_binary")
    assert code_of("fread_serialized_item", inp) == 9580
    call("close_file", inp)
    item = SerializedItem(b"x" * 100, "dl_classifier")
    path.write_bytes(item.to_file_bytes()[:-10])
    ((inp,),) = call("open_file", str(path), "input_binary")
    assert code_of("fread_serialized_item", inp) == 9581
    call("close_file", inp)
    ((text,),) = call("open_file", str(tmp_path / "t.txt"), "output")
    assert code_of("fwrite_serialized_item", text, Handle("serialized_item", item)) == 5281
    ((reader,),) = call("open_file", str(path), "input_binary")
    assert code_of("fwrite_serialized_item", reader, Handle("serialized_item", item)) == 5216
    foreign = Handle("serialized_item", SerializedItem(b"{}", "dict"))
    assert code_of("deserialize_dl_classifier", foreign) == 7703


@pytest.fixture
def good_file(call, classifier, tmp_path):
    path = tmp_path / "good.hdl"
    call("write_dl_classifier", classifier("compact", size=32), str(path))
    return path


def test_damaged_files(code_of, good_file, tmp_path):
    data = good_file.read_bytes()
    cases = {
        "truncated.hdl": (data[: len(data) // 2], 7780),
        "tiny.hdl": (data[:12], 7780),
        "flipped.hdl": (data[:5000] + bytes([data[5000] ^ 1]) + data[5001:], 7780),
        "version.hdl": (data[:8] + struct.pack("<I", 99) + data[12:], 7782),
        "foreign.hdl": (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, 5238),
        "empty.hdl": (b"", 5238),
        "text.hdl": (b"classes = ['a', 'b']\n", 5238),
    }
    for name, (content, code) in cases.items():
        (tmp_path / name).write_bytes(content)
        assert code_of("read_dl_classifier", str(tmp_path / name)) == code, name


def test_consistent_checksum_but_bad_content(code_of, good_file, tmp_path):
    header, arrays = codec.decode(good_file.read_bytes())
    header.pop("tensors"), header.pop("data_size")
    wrong_shape = dict(arrays)
    key = next(k for k in arrays if k.endswith("weight"))
    wrong_shape[key] = np.zeros((2, 2), np.float32)
    missing = dict(arrays)
    missing.pop(key)
    cases = {
        "shape.hdl": codec.encode(header, wrong_shape),
        "missing.hdl": codec.encode(header, missing),
        "backbone.hdl": codec.encode(dict(header, backbone="vgg16"), arrays),
        "classes.hdl": codec.encode(dict(header, classes=[1, 2]), arrays),
        "params.hdl": codec.encode(dict(header, params={"batch_size": "x"}), arrays),
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        assert code_of("read_dl_classifier", str(tmp_path / name)) == 7780, name


def test_pickle_payloads_are_refused_without_running_them(code_of, tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    pickled = pickle.dumps({"weights": Payload()})
    (tmp_path / "pickle.hdl").write_bytes(pickled)
    assert code_of("read_dl_classifier", str(tmp_path / "pickle.hdl")) == 5238
    torch.save({"x": Payload()}, tmp_path / "torch.hdl")  # torch's zip+pickle format
    assert code_of("read_dl_classifier", str(tmp_path / "torch.hdl")) == 5238
    # our magic in front of a pickle: the checksum and JSON checks refuse it too
    (tmp_path / "magic.hdl").write_bytes(codec.MAGIC + pickled)
    assert code_of("read_dl_classifier", str(tmp_path / "magic.hdl")) in (7780, 7782)
    assert not marker.exists()


def test_missing_unreadable_and_unknown_names(code_of, tmp_path):
    assert code_of("read_dl_classifier", str(tmp_path / "nope.hdl")) == 5200
    assert code_of("read_dl_classifier", str(tmp_path)) == 5215  # a directory
    assert code_of("read_dl_classifier", "pretrained_dl_classifier_vgg99.hdl") == 5200
    assert code_of("read_dl_classifier", 5) == 1201


def test_write_errors_and_atomicity(call, code_of, classifier, good_file, tmp_path, monkeypatch):
    handle = classifier("compact", size=32, classes=("p", "q"))
    assert code_of("write_dl_classifier", handle, str(tmp_path / "no" / "dir.hdl")) == 7781
    before = good_file.read_bytes()

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert code_of("write_dl_classifier", handle, str(good_file)) == 7781
    monkeypatch.undo()
    assert good_file.read_bytes() == before  # the good file is untouched
    assert sorted(os.listdir(tmp_path)) == ["good.hdl"]  # no temporary file left behind


def test_pretrained_names_with_and_without_extension(call):
    ((a,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact")
    assert a.obj.cfg.name == "compact"
    ((b,),) = call("read_dl_classifier", "pretrained_dl_classifier_mobilenet_v2.hdl")
    assert b.obj.cfg.name == "mobilenet_v2" and b.obj.net.trunk.features[0][0].weight.shape[0] == 32


def test_reading_a_file_needs_no_weight_package(call, classifier, good_file, monkeypatch):
    """Architecture from the builder, weights from the file: no pretrained weights loaded."""
    from hdlite_dl import weights

    def unavailable(arch):
        raise AssertionError(f"weights for {arch} were looked up")

    monkeypatch.setattr(weights, "find_weights", unavailable)
    ((handle,),) = call("read_dl_classifier", str(good_file))
    assert handle.obj.cfg.name == "compact"
