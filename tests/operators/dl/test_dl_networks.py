"""The pretrained networks are whole, and model files keep the architecture they were
written with (files of the old reduced 'compact' still load)."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import torch
from hdlite_dl import backbones, codec
from hdlite_dl.handles import ClassifierNet, DLClassifier


def test_compact_is_the_complete_mobilenet_v2(call):
    ((compact,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    ((mobilenet,),) = call("read_dl_classifier", "pretrained_dl_classifier_mobilenet_v2.hdl")
    assert len(compact.obj.net.trunk.features) == 19  # all of MobileNetV2's feature layers
    a, b = compact.obj.net.trunk.state_dict(), mobilenet.obj.net.trunk.state_dict()
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert compact.obj.cfg.arch == "mobilenet_v2"
    assert call("get_dl_classifier_param", compact, "batch_size") == ((160,),)


def test_resnet18_default_batch_size_is_halcons():
    cfg = backbones.get_cfg("resnet18")
    assert cfg is not None and cfg.batch_size == 24


def _header(data: bytes) -> dict:
    _magic, _version, length = struct.unpack_from("<8sIQ", data)
    return json.loads(data[20 : 20 + length])


def test_files_record_the_architecture(call, classifier, tmp_path):
    path = tmp_path / "c.hdl"
    call("write_dl_classifier", classifier("compact", size=32), str(path))
    assert _header(path.read_bytes())["architecture"] == "mobilenet_v2"


def _old_compact_file(tmp_path, classes=("a", "b", "c")):
    """A file as hdlite wrote it for the reduced 'compact': no 'architecture' entry."""
    cfg = backbones.file_cfg("compact", "mobilenet_v2_reduced9")
    assert cfg is not None
    _cfg, trunk = backbones.create_backbone("compact", pretrained=False, cfg=cfg)
    clf = DLClassifier(cfg, ClassifierNet(cfg, trunk))
    clf.set_classes(classes)
    clf.image_width = clf.image_height = 32
    header, arrays = codec.decode(clf.to_bytes(), "test")
    del header["architecture"]
    del header["tensors"], header["data_size"]
    path = tmp_path / "old.hdl"
    path.write_bytes(codec.encode(header, arrays))
    return path, clf


def test_old_compact_files_still_load_with_their_architecture(call, images, tmp_path):
    path, original = _old_compact_file(tmp_path)
    ((handle,),) = call("read_dl_classifier", str(path))
    clf = handle.obj
    assert clf.cfg.name == "compact" and clf.cfg.arch == "mobilenet_v2_reduced9"
    assert len(clf.net.trunk.features) == 9
    batch, _labels = images(3, size=32, seed=5)
    ((result,),) = call("apply_dl_classifier", batch, handle)
    original.net.eval()
    with torch.no_grad():
        x = torch.from_numpy(np.stack([image.data for image in batch.objects]))
        expected = torch.softmax(original.net(x), dim=1).numpy()
    np.testing.assert_allclose(result.obj.confidences, expected, rtol=1e-4, atol=1e-6)
    # written again, it says which architecture it holds
    again = tmp_path / "again.hdl"
    call("write_dl_classifier", handle, str(again))
    assert _header(again.read_bytes())["architecture"] == "mobilenet_v2_reduced9"
    ((reread,),) = call("read_dl_classifier", str(again))
    assert len(reread.obj.net.trunk.features) == 9


@pytest.mark.parametrize("arch", ["vgg16", 5])
def test_unknown_architecture_is_refused_with_a_reason(call, classifier, tmp_path, arch):
    handle = classifier("compact", size=32)
    header, arrays = codec.decode(handle.obj.to_bytes(), "test")
    header["architecture"] = arch
    del header["tensors"], header["data_size"]
    path = tmp_path / "future.hdl"
    path.write_bytes(codec.encode(header, arrays))
    with pytest.raises(Exception, match="unknown") as info:
        call("read_dl_classifier", str(path))
    assert getattr(info.value, "code", None) == 7780


def test_every_architecture_is_registered_once():
    assert set(backbones.architectures()) >= {
        "mobilenet_v2",
        "mobilenet_v2_reduced9",
        "efficientnet_lite0",
        "efficientnet_lite1",
        "efficientnet_lite2",
    }
    with pytest.raises(ValueError, match="already registered"):
        backbones.register_architecture("mobilenet_v2", lambda pretrained: torch.nn.Identity())


@pytest.mark.parametrize("variant", [1, 2])
def test_efficientnet_lite_variants_match_their_checkpoints(variant):
    """Lite1/Lite2 stage tables: strict loading of the packaged weights, where installed."""
    from hdlite_dl import weights

    source = weights.SOURCES[f"efficientnet_lite{variant}"]
    path = weights._package_file(source)
    if path is None:
        pytest.skip(f"{source.requirement} is not installed")
    _cfg, trunk = backbones.create_backbone(
        "enhanced",
        pretrained=True,
        cfg=backbones.file_cfg("enhanced", f"efficientnet_lite{variant}"),
    )
    out = trunk.eval()(torch.zeros(1, 3, 64, 64))
    assert out.shape == (1, 1280)
