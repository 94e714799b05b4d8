"""read/write/serialize/deserialize/clear_dl_model and the device operators."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from hdlite.plugin import Handle


def confidences(call, model, batch):
    (results,) = call("apply_dl_model", model, batch, ())
    return np.array([r.obj["classification_confidences"] for r in results])


def test_write_read_round_trip(call, model, samples, tmp_path):
    call("train_dl_model_batch", model, samples(4))
    call("set_dl_model_param", model, "solver_type", "adam")
    call("set_dl_model_param", model, "meta_data", Handle("dict", {"note": ("x",)}))
    call("set_dl_model_param", model, "class_weights", (1.0, 3.0))
    path = tmp_path / "m.hdl"
    call("write_dl_model", model, str(path))
    assert path.read_bytes()[:8] == b"HDLTDLC\0"
    ((back,),) = call("read_dl_model", str(tmp_path / "m"))  # .hdl is appended
    for name in ("class_names", "class_ids", "image_dimensions", "batch_size", "solver_type"):
        assert call("get_dl_model_param", back, name) == call("get_dl_model_param", model, name)
    assert call("get_dl_model_param", back, "class_weights") == ((1.0, 3.0),)
    assert call("get_dl_model_param", back, "meta_data")[0][0].obj == {"note": ("x",)}
    batch = samples(3, offset=50)
    np.testing.assert_allclose(confidences(call, back, batch), confidences(call, model, batch))


def test_serialize_round_trip_and_clear(call, model, samples):
    ((item,),) = call("serialize_dl_model", model)
    ((back,),) = call("deserialize_dl_model", item)
    batch = samples(2)
    np.testing.assert_allclose(confidences(call, back, batch), confidences(call, model, batch))
    call("clear_dl_model", (back, model))
    assert call.code("get_dl_model_param", model, "type") == 2454


def test_both_apis_read_each_others_files(call, model, tmp_path):
    path = str(tmp_path / "both.hdl")
    call("write_dl_model", model, path)
    ((clf,),) = call("read_dl_classifier", path)
    assert call("get_dl_classifier_param", clf, "classes") == (("dark", "bright"),)
    legacy = str(tmp_path / "legacy.hdl")
    call("write_dl_classifier", clf, legacy)
    ((m,),) = call("read_dl_model", legacy)
    assert call("get_dl_model_param", m, "class_ids") == ((0, 1),)
    assert call("get_dl_model_param", m, "class_names") == (("dark", "bright"),)


def test_read_errors(call, tmp_path):
    assert call.code("read_dl_model", str(tmp_path / "missing.hdl")) == 5200
    assert call.code("read_dl_model", "pretrained_dl_classifier_nope.hdl") == 5200
    assert call.code("read_dl_model", "model.onnx") == 7801
    junk = tmp_path / "junk.hdl"
    junk.write_bytes(b"\x80\x04 pickle bytes")
    assert call.code("read_dl_model", str(junk)) == 5238
    good = tmp_path / "good.hdl"
    ((m,),) = call("read_dl_model", "pretrained_dl_classifier_compact.hdl")
    call("set_dl_model_param", m, "class_names", ("a", "b"))
    call("write_dl_model", m, str(good))
    data = bytearray(good.read_bytes())
    data[100] ^= 0xFF
    Path(tmp_path / "bad.hdl").write_bytes(bytes(data))
    assert call.code("read_dl_model", str(tmp_path / "bad.hdl")) == 7780
    assert call.code("write_dl_model", m, str(tmp_path / "no" / "dir" / "m.hdl")) == 7781


def test_devices(call):
    (cpus,) = call("query_available_dl_devices", ("runtime",), ("cpu",))
    assert len(cpus) == 1
    assert call("get_dl_device_param", cpus[0], "type") == (("cpu",),)
    assert call("get_dl_device_param", cpus[0], "id") == ((0,),)
    assert call("get_dl_device_param", cpus[0], "ai_accelerator_interface") == (("none",),)
    (ordered,) = call("query_available_dl_devices", ("runtime", "runtime"), ("gpu", "cpu"))
    expected = torch.cuda.device_count() + 1
    assert len(ordered) == expected
    assert call("get_dl_device_param", ordered[-1], "type") == (("cpu",),)
    (everything,) = call("query_available_dl_devices", (), ())
    assert len(everything) == expected
    (none,) = call("query_available_dl_devices", ("runtime", "id"), ("cpu", 5))
    assert none == ()
    assert call.code("query_available_dl_devices", ("colour",), ("red",)) == 1301
    assert call.code("get_dl_device_param", cpus[0], "colour") == 1302
