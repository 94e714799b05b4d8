"""set_dl_classifier_param and get_dl_classifier_param: values, side effects, error codes."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture
def handle(call):
    ((h,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    return h


def get(call, handle, name):
    return call("get_dl_classifier_param", handle, name)[0]


def test_defaults_of_a_pretrained_network(call, handle):
    assert get(call, handle, "image_dimensions") == (224, 224, 3)
    assert get(call, handle, "image_width") == (224,)
    assert get(call, handle, "image_height") == (224,)
    assert get(call, handle, "image_num_channels") == (3,)
    assert get(call, handle, "image_range_min") == (-127.0,)
    assert get(call, handle, "image_range_max") == (128.0,)
    assert get(call, handle, "classes") == ()
    assert get(call, handle, "batch_size") == (160,)
    assert get(call, handle, "batch_size_multiplier") == (1,)
    assert get(call, handle, "learning_rate") == (0.001,)
    assert get(call, handle, "momentum") == (0.9,)
    assert get(call, handle, "weight_prior") == (0.0,)
    assert get(call, handle, "gpu") == (0,)
    assert get(call, handle, "type") == ("classification",)
    expected = "gpu" if torch.cuda.is_available() else "cpu"
    assert get(call, handle, "runtime") == (expected,)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("batch_size", 5),
        ("batch_size_multiplier", 3),
        ("learning_rate", 0.01),
        ("momentum", 0.5),
        ("weight_prior", 0.0005),
        ("image_width", 100),
        ("image_height", 15),
        ("image_num_channels", 1),
        ("runtime", "cpu"),
        ("gpu", 0),
    ],
)
def test_set_then_get(call, handle, name, value):
    call("set_dl_classifier_param", handle, name, value)
    assert get(call, handle, name) == (value,)


def test_integers_are_accepted_for_reals(call, handle):
    call("set_dl_classifier_param", handle, "momentum", 0)
    assert get(call, handle, "momentum") == (0.0,)
    assert type(get(call, handle, "momentum")[0]) is float


def test_several_pairs_at_once(call, handle):
    call("set_dl_classifier_param", handle, ("batch_size", "learning_rate"), (4, 0.1))
    assert get(call, handle, "batch_size") == (4,)
    assert get(call, handle, "learning_rate") == (0.1,)


def test_image_dimensions_with_two_or_three_values(call, handle):
    call("set_dl_classifier_param", handle, "image_dimensions", (64, 48))
    assert get(call, handle, "image_dimensions") == (64, 48, 3)
    call("set_dl_classifier_param", handle, "image_dimensions", (30, 20, 1))
    assert get(call, handle, "image_width") == (30,)
    assert get(call, handle, "image_num_channels") == (1,)


def test_classes_replace_the_head_only_when_their_number_changes(call, handle):
    call("set_dl_classifier_param", handle, "classes", ("a", "b", "c"))
    head = handle.obj.net.head
    assert head.out_features == 3
    call("set_dl_classifier_param", handle, "classes", ("x", "y", "z"))
    assert handle.obj.net.head is head  # renamed, weights kept
    assert get(call, handle, "classes") == ("x", "y", "z")
    call("set_dl_classifier_param", handle, "classes", ("x", "y"))
    assert handle.obj.net.head is not head and handle.obj.net.head.out_features == 2


def test_learning_rate_and_momentum_reach_the_running_optimiser(call, handle):
    optimizer = handle.obj.optimizer()
    call("set_dl_classifier_param", handle, "classes", ("a", "b"))
    optimizer = handle.obj.optimizer()
    call("set_dl_classifier_param", handle, "learning_rate", 0.05)
    call("set_dl_classifier_param", handle, "momentum", 0.8)
    call("set_dl_classifier_param", handle, "weight_prior", 0.001)
    group = optimizer.param_groups[0]
    assert (group["lr"], group["momentum"], group["weight_decay"]) == (0.05, 0.8, 0.001)


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("no_such_param", 1, 1302),
        ("ImageWidth", 100, 1302),
        ("image_range_min", -1.0, 1302),  # read only
        ("type", "classification", 1302),  # read only
        ("batch_size", 0, 1303),
        ("batch_size", "big", 1203),
        ("batch_size", 2.5, 1203),
        ("batch_size", (1, 2), 1403),
        ("batch_size_multiplier", 0, 1303),
        ("learning_rate", 0.0, 1303),
        ("learning_rate", -0.1, 1303),
        ("learning_rate", "fast", 1203),
        ("momentum", 1.0, 1303),
        ("momentum", -0.1, 1303),
        ("weight_prior", -1e-4, 1303),
        ("runtime", "tpu", 1303),
        ("runtime", 1, 1203),
        ("runtime_init", "later", 1303),
        ("gpu", -1, 1303),
        ("classes", (), 1303),
        ("classes", ("a", 1), 1203),
        ("classes", ("a", "b", "a"), 7716),
        ("image_width", 14, 7722),  # compact's minimum is 15
        ("image_height", 0, 1303),
        ("image_dimensions", (224,), 1403),
        ("image_dimensions", (10, 224, 3), 7722),
        ("image_dimensions", (224, 224, 2), 7724),
        ("image_num_channels", 4, 7724),
    ],
)
def test_set_errors(code_of, handle, name, value, code):
    values = value if isinstance(value, tuple) else (value,)
    assert code_of("set_dl_classifier_param", handle, name, values) == code


def test_get_errors(code_of, handle):
    assert code_of("get_dl_classifier_param", handle, "no_such_param") == 1302
    assert code_of("get_dl_classifier_param", handle, "runtime_init") == 1302  # set only
    assert code_of("get_dl_classifier_param", handle, 7) == 1202
    assert code_of("set_dl_classifier_param", handle, ("batch_size", "momentum"), (1,)) == 1403


def test_runtime_init_immediately_places_the_network(call, handle):
    call("set_dl_classifier_param", handle, "runtime", "cpu")
    call("set_dl_classifier_param", handle, "runtime_init", "immediately")
    assert handle.obj.device.type == "cpu"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the error without CUDA")
def test_gpu_runtime_without_cuda_is_a_halcon_error(code_of, handle):
    assert code_of("set_dl_classifier_param", handle, "runtime", "gpu") == 7709


@pytest.mark.cuda
def test_gpu_runtime_with_cuda(call, handle):
    call("set_dl_classifier_param", handle, "runtime", "gpu")
    call("set_dl_classifier_param", handle, "classes", ("a", "b"))
    call("set_dl_classifier_param", handle, "runtime_init", "immediately")
    assert handle.obj.device.type == "cuda"
    call("set_dl_classifier_param", handle, "runtime", "cpu")
    call("set_dl_classifier_param", handle, "runtime_init", "immediately")
    assert handle.obj.device.type == "cpu"


def test_wrong_handle_kind(call, code_of, handle, images, classifier):
    batch, _labels = images(1, size=32)
    other = classifier("compact", size=32, batch_size=1)
    ((result,),) = call("apply_dl_classifier", batch, other)
    assert code_of("get_dl_classifier_param", result, "batch_size") == 2404
    assert code_of("set_dl_classifier_param", result, "batch_size", 1) == 2404
