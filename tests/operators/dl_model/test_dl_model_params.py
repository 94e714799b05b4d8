"""set_dl_model_param / get_dl_model_param: values, class id rules, error codes."""

from __future__ import annotations

import pytest

from hdlite.plugin import Handle


def get(call, handle, name):
    return call("get_dl_model_param", handle, name)[0]


def test_pretrained_model_defaults(call):
    ((m,),) = call("read_dl_model", "pretrained_dl_classifier_compact.hdl")
    assert get(call, m, "type") == ("classification",)
    assert get(call, m, "class_names") == ()
    assert get(call, m, "image_dimensions") == (224, 224, 3)
    assert get(call, m, "image_range_min") == (-127.0,)
    assert get(call, m, "image_range_max") == (128.0,)
    assert get(call, m, "solver_type") == ("sgd",)
    assert get(call, m, "batch_size_multiplier") == (1,)
    assert get(call, m, "precision") == ("float32",)


def test_class_names_and_ids(call, model):
    assert get(call, model, "class_names") == ("dark", "bright")
    assert get(call, model, "class_ids") == (3, 7)
    assert get(call, model, "num_classes") == (2,)
    # same count: only relabels
    call("set_dl_model_param", model, "class_names", ("a", "b"))
    assert get(call, model, "class_ids") == (3, 7)
    # a different count resets the ids
    call("set_dl_model_param", model, "class_names", ("a", "b", "c"))
    assert get(call, model, "class_ids") == (0, 1, 2)
    call("set_dl_model_param", model, "class_ids", (5, 6))
    assert get(call, model, "class_names") == ("5", "6")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("batch_size", 5),
        ("batch_size_multiplier", 2),
        ("learning_rate", 0.01),
        ("momentum", 0.5),
        ("weight_prior", 0.0005),
        ("solver_type", "adam"),
        ("adam_beta1", 0.8),
        ("adam_beta2", 0.99),
        ("adam_epsilon", 1e-6),
        ("optimize_for_inference", "true"),
        ("fuse_bn_relu", "true"),
        ("image_width", 40),
        ("runtime", "cpu"),
    ],
)
def test_set_then_get(call, model, name, value):
    call("set_dl_model_param", model, name, value)
    assert get(call, model, name) == (value,)


def test_tuples_and_derived_values(call, model):
    call("set_dl_model_param", model, "image_size", (48, 40))
    assert get(call, model, "image_dimensions") == (48, 40, 3)
    assert get(call, model, "input_dimensions") == (48, 40, 3)
    call("set_dl_model_param", model, "class_weights", (1.0, 2.5))
    assert get(call, model, "class_weights") == (1.0, 2.5)
    layers = get(call, model, "layer_names")
    assert len(layers) == len(get(call, model, "summary")) > 10
    assert get(call, model, "num_trainable_params")[0] > 100_000


def test_meta_data_dict(call, model):
    meta = Handle("dict", {"author": ("me",), "version": (2,)})
    call("set_dl_model_param", model, "meta_data", meta)
    ((back,),) = call("get_dl_model_param", model, "meta_data")
    assert back.kind == "dict" and back.obj == {"author": ("me",), "version": (2,)}


def test_device_round_trip(call, model):
    ((cpu,),) = call("query_available_dl_devices", ("runtime",), ("cpu",))
    call("set_dl_model_param", model, "device", cpu)
    ((device,),) = call("get_dl_model_param", model, "device")
    assert call("get_dl_device_param", device, "type") == (("cpu",),)
    assert get(call, model, "runtime") == ("cpu",)


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("no_such_param", 1, 1302),
        ("num_classes", 3, 1302),  # read-only
        ("min_confidence", 0.5, 7788),  # a detection parameter
        ("batch_size", 0, 1303),
        ("batch_size", "big", 1203),
        ("learning_rate", -1.0, 1303),
        ("solver_type", "rmsprop", 1303),
        ("class_names", ("a", "a"), 7716),
        ("class_ids", (1, 1), 7716),
        ("class_ids", (-1, 2), 7793),
        ("image_num_channels", 2, 7724),
        ("image_width", 3, 7722),
        ("class_weights", (1.0, 2.0, 3.0), 1403),
        ("device", "cpu", 1203),
        ("optimize_for_inference", "maybe", 1303),
    ],
)
def test_set_errors(call, model, name, value, code):
    assert call.code("set_dl_model_param", model, name, value) == code


def test_get_errors(call, model):
    assert call.code("get_dl_model_param", model, "no_such_param") == 1302
    assert call.code("get_dl_model_param", model, "runtime_init") == 1302
    assert call.code("get_dl_model_param", model, "max_overlap") == 7788


def test_wrong_handle_type(call):
    ((clf,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    assert call.code("get_dl_model_param", clf, "type") != 0
    d = Handle("dict", {})
    assert call.code("set_dl_model_param", d, "batch_size", 1) != 0
