"""What single layers compute in a layer-built model, reshape rules, get_dl_model_layer,
the batch size multiplier and sample errors."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import HalconError, Handle, Image, ObjectTuple


def layer_input(call, name, shape):
    ((layer,),) = call("create_dl_layer_input", name, shape, (), ())
    return layer


def model_of(call, *outputs, batch=2):
    ((handle,),) = call("create_dl_model", tuple(outputs))
    call("set_dl_model_param", handle, "batch_size", batch)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle


def sample(**entries) -> Handle:
    values: dict[str, object] = {}
    for key, value in entries.items():
        if isinstance(value, np.ndarray):
            values[key] = ObjectTuple([Image(value.astype(np.float32), "real")])
        else:
            values[key] = tuple(value)
    return Handle("dict", values)


def test_elementwise_depth_max_and_class_id_conversion_compute_their_rules(call):
    a = layer_input(call, "a", (3, 2, 2))
    b = layer_input(call, "b", (3, 2, 2))
    ((total,),) = call("create_dl_layer_elementwise", (a, b), "total", "sum", (2.0, -1.0), (), ())
    ((prod,),) = call("create_dl_layer_elementwise", (a, b), "prod", "product", (), (), ())
    ((top,),) = call("create_dl_layer_elementwise", (a, b), "top", "maximum", (), (), ())
    arg, value = call("create_dl_layer_depth_max", a, "best", "both", (), ())
    ((ids,),) = call("create_dl_layer_class_id_conversion", arg[0], "ids", "to_class_id", (), ())
    ((back,),) = call("create_dl_layer_class_id_conversion", ids, "back", "from_class_id", (), ())
    handle = model_of(call, total, prod, top, ids, back, value[0])
    call("set_dl_model_param", handle, "class_ids", (4, 9))
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, 2, 3)), rng.normal(size=(2, 2, 3))
    (results,) = call("apply_dl_model", handle, (sample(a=x, b=y),), ())
    r = results[0].obj
    assert np.allclose(r["total"].objects[0].data, 2 * x - y, atol=1e-6)
    assert np.allclose(r["prod"].objects[0].data, x * y, atol=1e-6)
    assert np.allclose(r["top"].objects[0].data, np.maximum(x, y), atol=1e-6)
    assert np.array_equal(r["ids"].objects[0].data[0], np.where(x[1] > x[0], 9, 4))
    assert np.array_equal(r["back"].objects[0].data[0], np.where(x[1] > x[0], 1, 0))
    (only,) = call("apply_dl_model", handle, (sample(a=x, b=y),), ("best",))
    assert only[0].obj["best"].objects[0].pixel_type == "byte"  # 'both': the name gives the index


def test_tuple_inputs_dense_and_reshape(call):
    values = layer_input(call, "values", (2, 1, 3))  # six numbers: width fastest, then depth
    ((flat,),) = call("create_dl_layer_reshape", values, "flat", (1, 1, -1), (), ())
    ((same,),) = call("create_dl_layer_reshape", values, "same", (0, 0, 0, 0), (), ())
    ((fc,),) = call(
        "create_dl_layer_dense", values, "fc", 1, ("weight_filler", "weight_filler_const_val"),
        ("const", 0.5),
    )  # fmt: skip
    assert flat.obj.shape == (1, 1, 6) and same.obj.shape == (2, 1, 3)
    handle = model_of(call, flat, fc)
    (results,) = call("apply_dl_model", handle, (sample(values=[1, 2, 3, 4, 5, 6]),), ())
    assert results[0].obj["flat"] == (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
    assert results[0].obj["fc"] == pytest.approx((10.5,))  # 0.5 * 21, bias 0
    with pytest.raises(HalconError) as info:
        call("apply_dl_model", handle, (sample(values=[1, 2, 3]),), ())
    assert info.value.code == 7789
    with pytest.raises(HalconError) as info:
        call("create_dl_layer_reshape", values, "bad", (4, 1, 1), (), ())
    assert "Shape" in str(info.value)


def test_batch_normalization_momentum_is_halcons(call):
    x = layer_input(call, "x", (2, 2, 1))
    t = layer_input(call, "t", (2, 2, 1))
    ((bn,),) = call("create_dl_layer_batch_normalization", x, "bn", 0.75, 0.0001, "none", (), ())
    ((soft,),) = call("create_dl_layer_softmax", bn, "soft", (), ())  # one channel: always 1
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, t, (), "loss", 1.0, (), ())
    handle = model_of(call, loss, bn, batch=1)
    batch = (sample(x=np.full((1, 2, 2), 8.0), t=np.zeros((1, 2, 2))),)
    call("train_dl_model_batch", handle, batch)
    engine = handle.obj.clf
    module = next(iter(engine.net.layers.values()))
    # running mean = 0.75 * 0 + 0.25 * 8
    assert float(module.running_mean[0]) == pytest.approx(2.0)


def test_multiplier_accumulates_and_missing_keys_fail(call):
    call("set_system", "seed_rand", 1)
    x = layer_input(call, "image", (4, 4, 1))
    t = layer_input(call, "target", (4, 4, 1))
    ((conv,),) = call(
        "create_dl_layer_convolution", x, "conv", 1, 1, 1, 2, 1, "none", "none", (), ()
    )
    ((soft,),) = call("create_dl_layer_softmax", conv, "soft", (), ())
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, t, (), "loss", 2.0, (), ())
    handle = model_of(call, loss, batch=1)
    call("set_dl_model_param", handle, "batch_size_multiplier", 2)
    samples = tuple(
        sample(image=np.full((1, 4, 4), v), target=np.full((1, 4, 4), i % 2))
        for i, v in enumerate((1.0, -1.0))
    )
    ((result,),) = call("train_dl_model_batch", handle, samples)
    assert result.obj["total_loss"] == result.obj["loss"]
    assert result.obj["total_loss"][0] > 0
    with pytest.raises(HalconError) as info:
        call("train_dl_model_batch", handle, (samples[0], sample(image=np.zeros((1, 4, 4)))))
    assert info.value.code == 7783
    with pytest.raises(HalconError) as info:
        high = sample(image=np.zeros((1, 5, 4)), target=np.zeros((1, 5, 4)))
        call("train_dl_model_batch", handle, (samples[0], high))
    assert info.value.code == 2107


def test_get_dl_model_layer_copies_layers_with_their_weights(call):
    call("set_system", "seed_rand", 2)
    x = layer_input(call, "image", (6, 6, 1))
    ((c1,),) = call(
        "create_dl_layer_convolution", x, "c1", 3, 1, 1, 4, 1, "half_kernel_size", "relu", (), ()
    )
    ((c2,),) = call("create_dl_layer_convolution", c1, "c2", 3, 1, 1, 2, 1, "none", "none", (), ())
    original = model_of(call, c2)
    ((copied,),) = call("get_dl_model_layer", original, "c2")
    assert copied.obj.shape == (4, 4, 2) and copied.obj.node is not c2.obj.node
    ((pool,),) = call("create_dl_layer_pooling", copied, "head", 1, 1, "none", "global_average",
                      (), ())  # fmt: skip
    rebuilt = model_of(call, copied, pool)
    image = np.random.default_rng(3).normal(size=(1, 6, 6))
    (a,) = call("apply_dl_model", original, (sample(image=image),), ())
    (b,) = call("apply_dl_model", rebuilt, (sample(image=image),), ())
    first, second = a[0].obj["c2"].objects[0].data, b[0].obj["c2"].objects[0].data
    assert np.array_equal(first, second)
    assert b[0].obj["head"] == pytest.approx(tuple(first.mean(axis=(1, 2))), abs=1e-6)
    with pytest.raises(HalconError) as info:
        call("get_dl_model_layer", original, "nope")
    assert "LayerNames" in str(info.value)


def test_input_size_is_the_input_layers(call):
    x = layer_input(call, "image", (8, 6, 1))
    handle = model_of(call, x)
    assert call("get_dl_model_param", handle, "image_dimensions") == ((8, 6, 1),)
    assert call("get_dl_model_param", handle, "image_size") == ((8, 6),)
    call("set_dl_model_param", handle, "image_dimensions", (8, 6, 1))  # the same: accepted
    call("set_dl_model_param", handle, "image_width", 8)
    for name, value in (("image_width", 10), ("image_size", (8, 7)), ("image_num_channels", 3)):
        with pytest.raises(HalconError) as info:
            call("set_dl_model_param", handle, name, value)
        assert info.value.code == 1303 and name in str(info.value)
    assert call("get_dl_model_param", handle, "image_dimensions") == ((8, 6, 1),)


def test_cross_entropy_loss_value_is_weighted_by_the_sum_of_weights(call):
    scores = layer_input(call, "scores", (2, 1, 2))  # two pixels, two classes
    target = layer_input(call, "target", (2, 1, 1))
    weights = layer_input(call, "weights", (2, 1, 1))
    # 'log_inference': the logarithm also in apply_dl_model, as in training
    ((soft,),) = call("create_dl_layer_softmax", scores, "soft", "output_mode", "log_inference")
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, target, weights, "loss", 2.0,
                      (), ())  # fmt: skip
    handle = model_of(call, loss, batch=1)
    # tuple order: width fastest, then depth: pixel 0 scores (0, 2), pixel 1 scores (1, 0)
    batch = (sample(scores=[0, 1, 2, 0], target=[1, 0], weights=[3, 1]),)
    (results,) = call("apply_dl_model", handle, batch, ("loss",))
    p0 = np.exp(2) / (1 + np.exp(2))
    p1 = np.exp(1) / (np.exp(1) + 1)
    expected = -2.0 * (3 * np.log(p0) + 1 * np.log(p1)) / 4
    assert results[0].obj["loss"] == pytest.approx((expected,), rel=1e-5)
    (logs,) = call("apply_dl_model", handle, batch, ("soft",))
    assert logs[0].obj["soft"].objects[0].data[:, 0, 0] == pytest.approx(
        (np.log(1 - p0), np.log(p0)), rel=1e-5
    )
    ((plain,),) = call("create_dl_layer_softmax", scores, "plain", (), ())
    (probs,) = call("apply_dl_model", model_of(call, plain, batch=1), batch, ())
    assert probs[0].obj["plain"].objects[0].data[:, 0, 0] == pytest.approx((1 - p0, p0), rel=1e-5)


def test_activations_broadcasting_and_frozen_layers(call):
    x = layer_input(call, "x", (2, 2, 2))
    ones = layer_input(call, "w", (1, 1, 2))
    ((elu,),) = call("create_dl_layer_activation", x, "elu", "elu", "alpha", 0.5)
    ((tanh,),) = call("create_dl_layer_activation", x, "tanh", "tanh", (), ())
    ((div,),) = call("create_dl_layer_elementwise", (x, ones), "div", "division", (), (), ())
    ((low,),) = call("create_dl_layer_elementwise", (x, ones), "low", "minimum", (), (), ())
    handle = model_of(call, elu, tanh, div, low, batch=1)
    data = np.arange(-4, 4, dtype=np.float64).reshape(2, 2, 2)
    (results,) = call("apply_dl_model", handle, (sample(x=data, w=[2.0, -1.0]),), ())
    r = results[0].obj
    assert np.allclose(r["elu"].objects[0].data, np.where(data > 0, data, 0.5 * np.expm1(data)))
    assert np.allclose(r["tanh"].objects[0].data, np.tanh(data))
    scale = np.array([2.0, -1.0])[:, None, None]
    assert np.allclose(r["div"].objects[0].data, data / scale)
    assert np.allclose(r["low"].objects[0].data, np.minimum(data, scale))
    with pytest.raises(HalconError) as info:
        call("create_dl_layer_elementwise", (x, ones, ones), "d3", "division", (), (), ())
    assert "DLLayerInputs" in str(info.value)
    # a learning rate multiplier of 0 keeps the weights of the layer
    t = layer_input(call, "t", (2, 2, 1))
    ((frozen,),) = call(
        "create_dl_layer_convolution", x, "frozen", 1, 1, 1, 2, 1, "none", "none",
        ("learning_rate_multiplier", "learning_rate_multiplier_bias", "bias_filler"),
        (0.0, 0.0, "msra"),
    )  # fmt: skip
    ((soft,),) = call("create_dl_layer_softmax", frozen, "soft", (), ())
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, t, (), "loss", 1.0, (), ())
    ((trained,),) = call("create_dl_layer_dense", x, "trained", 2, (), ())
    model = model_of(call, loss, trained, batch=1)
    net = model.obj.clf.net
    before = [p.detach().clone() for p in net.parameters()]
    call("train_dl_model_batch", model, (sample(x=data, t=np.zeros((1, 2, 2))),))
    assert all(torch_equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert float(net.layers["l1"].bias.abs().sum()) > 0  # msra bias filler, not 0


def torch_equal(a, b) -> bool:
    return bool((a == b).all())


def test_a_file_with_a_bad_layer_graph_is_7780(call, tmp_path):
    from hdlite_dl import codec

    x = layer_input(call, "image", (4, 4, 1))
    ((conv,),) = call("create_dl_layer_convolution", x, "c", 3, 1, 1, 2, 1, "none", "none", (), ())
    path = tmp_path / "m.hdl"
    call("write_dl_model", model_of(call, conv), str(path))
    header, arrays = codec.decode(path.read_bytes())
    for damage in ("kind", "params", "inputs"):
        bad = {**header, "layers": [dict(layer) for layer in header["layers"]]}
        target = bad["layers"][1]
        if damage == "kind":
            target["kind"] = "exec"
        elif damage == "params":
            target["params"] = {**target["params"], "kernel": "huge"}
        else:
            target["inputs"] = [[5, 0]]
        path.write_bytes(
            codec.encode(
                {k: v for k, v in bad.items() if k not in ("tensors", "data_size")}, arrays
            )
        )
        with pytest.raises(HalconError) as info:
            call("read_dl_model", str(path))
        assert info.value.code == 7780, damage


def test_layer_parameters_of_handles_and_models(call):
    x = layer_input(call, "image", (6, 6, 3))
    ((conv,),) = call(
        "create_dl_layer_convolution", x, "conv", 3, 1, 1, 4, 1, "none", "relu",
        "is_inference_output", "true",
    )  # fmt: skip
    ((soft,),) = call("create_dl_layer_softmax", conv, "soft", "output_mode", "no_log_training")
    assert call("get_dl_layer_param", conv, "name") == (("conv",),)
    assert call("get_dl_layer_param", conv, "type") == (("convolution",),)
    assert call("get_dl_layer_param", conv, "shape") == ((4, 4, 4),)
    assert call("get_dl_layer_param", conv, "input_layer") == (("image",),)
    assert call("get_dl_layer_param", conv, "is_inference_output") == (("true",),)
    assert call("get_dl_layer_param", soft, "output_mode") == (("no_log_training",),)
    assert call("get_dl_layer_param", conv, "num_trainable_params") == ((3 * 4 * 9 + 4,),)
    handle = model_of(call, soft)
    assert call("get_dl_model_layer_param", handle, "conv", "num_trainable_params") == ((112,),)
    assert call("get_dl_model_layer_param", handle, "soft", "num_trainable_params") == ((0,),)
    with pytest.raises(HalconError) as info:
        call("get_dl_layer_param", conv, "colour")
    assert "GenParamName" in str(info.value)
    with pytest.raises(HalconError) as info:
        call("get_dl_model_layer_param", handle, "nope", "name")
    assert "LayerName" in str(info.value)


def test_ignore_class_ids_is_kept_in_files(call, tmp_path):
    x = layer_input(call, "image", (4, 4, 1))
    handle = model_of(call, x)
    call("set_dl_model_param", handle, "type", "segmentation")
    call("set_dl_model_param", handle, "ignore_class_ids", (255, 3, 255))
    assert call("get_dl_model_param", handle, "ignore_class_ids") == ((255, 3),)
    with pytest.raises(HalconError) as info:
        call("set_dl_model_param", handle, "ignore_class_ids", -1)
    assert info.value.code == 1303
    path = str(tmp_path / "m.hdl")
    call("write_dl_model", handle, path)
    ((again,),) = call("read_dl_model", path)
    assert call("get_dl_model_param", again, "ignore_class_ids") == ((255, 3),)
    assert call("get_dl_model_param", again, "type") == (("segmentation",),)


def test_heatmaps_of_layer_built_models_are_a_wrong_value(call):
    x = layer_input(call, "image", (4, 4, 1))
    ((fc,),) = call("create_dl_layer_dense", x, "fc", 2, (), ())
    ((soft,),) = call("create_dl_layer_softmax", fc, "soft", (), ())
    handle = model_of(call, soft)
    call("set_dl_model_param", handle, "type", "classification")
    call("set_dl_model_param", handle, "class_ids", (0, 1))
    with pytest.raises(HalconError) as info:
        call("gen_dl_model_heatmap", handle, sample(image=np.zeros((1, 4, 4))), "grad_cam", (), ())
    assert info.value.code == 1301 and "layers" in str(info.value)


def test_runtime_init_places_a_layer_built_model(call):
    x = layer_input(call, "image", (4, 4, 1))
    ((fc,),) = call("create_dl_layer_dense", x, "fc", 2, (), ())
    handle = model_of(call, fc)
    call("set_dl_model_param", handle, "runtime_init", "immediately")
    (results,) = call("apply_dl_model", handle, (sample(image=np.ones((1, 4, 4))),), ())
    assert len(results[0].obj["fc"]) == 2


def test_set_dl_model_layer_param_changes_outputs_and_freezing(call, tmp_path):
    x = layer_input(call, "x", (2, 2, 2))
    t = layer_input(call, "t", (2, 2, 1))
    ((conv,),) = call("create_dl_layer_convolution", x, "conv", 1, 1, 1, 2, 1, "none", "none",
                      (), ())  # fmt: skip
    ((soft,),) = call("create_dl_layer_softmax", conv, "soft", (), ())
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, t, (), "loss", 1.0, (), ())
    handle = model_of(call, loss, batch=1)
    batch = (sample(x=np.ones((2, 2, 2)), t=np.zeros((1, 2, 2))),)
    (plain,) = call("apply_dl_model", handle, batch, ())
    assert set(plain[0].obj) == set()  # only a loss among the outputs
    call("set_dl_model_layer_param", handle, "soft", "is_inference_output", "true")
    call("set_dl_model_layer_param", handle, "soft", "output_mode", "log_inference")
    (logs,) = call("apply_dl_model", handle, batch, ())
    assert np.all(logs[0].obj["soft"].objects[0].data <= 0)  # log-probabilities
    call("set_dl_model_layer_param", handle, "conv", "learning_rate_multiplier", 0.0)
    call("set_dl_model_layer_param", handle, "conv", "learning_rate_multiplier_bias", 0)
    net = handle.obj.clf.net
    before = [p.detach().clone() for p in net.parameters()]
    call("train_dl_model_batch", handle, batch)
    assert all(bool((a == b).all()) for a, b in zip(before, net.parameters(), strict=True))
    path = str(tmp_path / "m.hdl")
    call("write_dl_model", handle, path)
    ((again,),) = call("read_dl_model", path)
    assert call("get_dl_model_layer_param", again, "conv", "learning_rate_multiplier") == ((0.0,),)
    assert call("get_dl_model_layer_param", again, "conv", "num_trainable_params") == ((0,),)
    for args, param in (
        (("soft", "bogus", 1), "ParamName"),
        (("soft", "output_mode", "log"), "ParamValue"),
        (("nope", "output_mode", "default"), "LayerName"),
        (("conv", "learning_rate_multiplier", 0.5), "ParamValue"),
    ):
        with pytest.raises(HalconError) as info:
            call("set_dl_model_layer_param", handle, *args)
        assert param in str(info.value)


def test_identity_layer_names_a_copy(call):
    x = layer_input(call, "x", (1, 1, 2))
    ((same,),) = call("create_dl_layer_identity", x, "copy", "is_inference_output", "true")
    assert same.obj.shape == (1, 1, 2)
    (results,) = call("apply_dl_model", model_of(call, same, batch=1), (sample(x=[3, -4]),), ())
    assert results[0].obj["copy"] == (3.0, -4.0)
