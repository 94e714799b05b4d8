"""Models built from layers: create_dl_layer_* shapes and errors, create_dl_model, training a
small UNet-like segmenter and a small classifier, apply_dl_model outputs, file round trip."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import HalconError, Handle, Image, ObjectTuple

SIZE = 32


def shape_of(call, layer) -> tuple:
    return layer.obj.shape


def inp(call, name="image", shape=(SIZE, SIZE, 1)):
    ((layer,),) = call("create_dl_layer_input", name, shape, (), ())
    return layer


def conv(call, src, name, kernel=3, stride=1, num=8, padding="half_kernel_size", act="relu",
         dilation=1, gn=(), gv=()):  # fmt: skip
    ((layer,),) = call(
        "create_dl_layer_convolution", src, name, kernel, dilation, stride, num, 1, padding,
        act, gn, gv,
    )  # fmt: skip
    return layer


# -- shapes ----------------------------------------------------------------------------------


def test_convolution_shapes_follow_padding_and_stride(call):
    x = inp(call, shape=(33, 20, 3))
    assert shape_of(call, conv(call, x, "a", 3, 1, 5, "none")) == (31, 18, 5)
    assert shape_of(call, conv(call, x, "b", 3, 1, 5, "half_kernel_size")) == (33, 20, 5)
    assert shape_of(call, conv(call, x, "c", 3, 2, 5, "implicit")) == (17, 10, 5)
    assert x.obj.node.kind == "input"
    implicit = conv(call, x, "c2", 2, 2, 5, "implicit")
    assert shape_of(call, implicit) == (17, 10, 5)
    assert implicit.obj.node.params["pad"] == [0, 1, 0, 0]  # the missing pixel at the end
    assert shape_of(call, conv(call, x, "d", 3, 2, 5, "none")) == (16, 9, 5)
    assert shape_of(call, conv(call, x, "e", 3, 1, 5, (2, 0))) == (35, 18, 5)
    assert shape_of(call, conv(call, x, "f", 3, 1, 4, "none", dilation=2)) == (29, 16, 4)
    assert shape_of(call, conv(call, x, "g", (5, 1), 1, 2, "none")) == (29, 20, 2)


def test_other_layer_shapes(call):
    x = inp(call, shape=(16, 12, 4))
    ((pool,),) = call("create_dl_layer_pooling", x, "p", 2, 2, "none", "maximum", (), ())
    assert shape_of(call, pool) == (8, 6, 4)
    ((pool3,),) = call("create_dl_layer_pooling", x, "p3", 3, 2, "none", "average", (), ())
    assert shape_of(call, pool3) == (7, 5, 4)
    ((glob,),) = call("create_dl_layer_pooling", x, "g", 1, 1, "none", "global_average", (), ())
    assert shape_of(call, glob) == (1, 1, 4)
    ((glob2,),) = call("create_dl_layer_pooling", x, "g2", (3, 2), 1, "none", "global_maximum",
                       (), ())  # fmt: skip
    assert shape_of(call, glob2) == (3, 2, 4)
    ((dense,),) = call("create_dl_layer_dense", x, "d", 10, (), ())
    assert shape_of(call, dense) == (1, 1, 10)
    ((up,),) = call("create_dl_layer_transposed_convolution", x, "t", 2, 2, 6, 1, "none", (), ())
    assert shape_of(call, up) == (32, 24, 6)
    ((cat,),) = call("create_dl_layer_concat", (x, x), "c", "depth", (), ())
    assert shape_of(call, cat) == (16, 12, 8)
    ((wide,),) = call("create_dl_layer_concat", (x, x), "w", "width", (), ())
    assert shape_of(call, wide) == (32, 12, 4)
    arg, value = call("create_dl_layer_depth_max", x, "m", "both", (), ())
    assert shape_of(call, arg[0]) == shape_of(call, value[0]) == (16, 12, 1)
    arg_only = call("create_dl_layer_depth_max", x, "m2", "argmax", (), ())
    assert len(arg_only[0]) == 1 and arg_only[1] == ()
    ((zoom,),) = call("create_dl_layer_zoom_size", x, "z", 5, 7, "bilinear", "false", (), ())
    assert shape_of(call, zoom) == (5, 7, 4)
    ((zf,),) = call("create_dl_layer_zoom_factor", x, "zf", 0.5, 2.0, "bilinear", "false", (), ())
    assert shape_of(call, zf) == (8, 24, 4)
    ((zl,),) = call("create_dl_layer_zoom_to_layer_size", x, up, "zl", "nearest_neighbor",
                    "false", (), ())  # fmt: skip
    assert shape_of(call, zl) == (32, 24, 4)
    ((rs,),) = call("create_dl_layer_reshape", x, "r", (1, 1, -1), (), ())
    assert shape_of(call, rs) == (1, 1, 768)
    for op, args in (
        ("create_dl_layer_activation", ("relu",)),
        ("create_dl_layer_batch_normalization", (0.9, 0.0001, "none")),
        ("create_dl_layer_dropout", (0.5,)),
        ("create_dl_layer_softmax", ()),
        ("create_dl_layer_class_id_conversion", ("from_class_id",)),
    ):
        ((same,),) = call(op, x, op, *args, (), ())
        assert shape_of(call, same) == (16, 12, 4)
    ((ew,),) = call("create_dl_layer_elementwise", (x, x), "e", "sum", (1.0, -1.0), (), ())
    assert shape_of(call, ew) == (16, 12, 4)


def test_unsupported_values_are_wrong_value_errors_naming_them(call):
    x = inp(call)
    bad = [
        (("create_dl_layer_convolution", x, "c", 3, 1, 1, 8, 1, "same", "none", (), ()), "Padding"),
        (("create_dl_layer_convolution", x, "c", 3, 1, 1, 8, 1, "none", "tanh", (), ()),
         "Activation"),
        (("create_dl_layer_convolution", x, "c", 3, 1, 1, 8, 1, "none", "none",
          ("weight_filler",), ("gauss",)), "GenParamValue"),
        (("create_dl_layer_convolution", x, "c", 3, 1, 1, 8, 1, "none", "none",
          ("bogus",), (1,)), "GenParamName"),
        (("create_dl_layer_pooling", x, "p", 2, 2, "none", "median", (), ()), "Mode"),
        (("create_dl_layer_concat", (x,), "c", "batch_interleaved", (), ()), "Axis"),
        (("create_dl_layer_activation", x, "a", "swish", (), ()), "ActivationType"),
        (("create_dl_layer_depth_max", x, "d", "argmin", (), ()), "DepthMaxMode"),
        (("create_dl_layer_zoom_size", x, "z", 8, 8, "bicubic", "false", (), ()),
         "Interpolation"),
        (("create_dl_layer_convolution", x, "c", 40, 1, 1, 8, 1, "none", "none", (), ()),
         "DLLayerInput"),
    ]  # fmt: skip
    for args, param in bad:
        with pytest.raises(HalconError) as info:
            call(*args)
        assert 1301 <= info.value.code <= 1320, (args, info.value)
        assert param in str(info.value), (param, str(info.value))


def test_duplicate_layer_names_are_refused(call):
    x = inp(call)
    a = conv(call, x, "same")
    b = conv(call, a, "same")
    with pytest.raises(HalconError) as info:
        call("create_dl_model", b)
    assert "same" in str(info.value)


# -- a small UNet-like segmenter ---------------------------------------------------------------


def unet(call):
    """Encoder (two levels), decoder with a transposed convolution and skip concat."""
    image = inp(call, "image", (SIZE, SIZE, 1))
    target = inp(call, "segmentation_image", (SIZE, SIZE, 1))
    weights = inp(call, "weight_image", (SIZE, SIZE, 1))
    e1 = conv(call, conv(call, image, "enc1a"), "enc1b")
    ((p1,),) = call("create_dl_layer_pooling", e1, "pool1", 2, 2, "none", "maximum", (), ())
    e2 = conv(call, conv(call, p1, "enc2a", num=16), "enc2b", num=16)
    ((up,),) = call("create_dl_layer_transposed_convolution", e2, "up1", 2, 2, 8, 1, "none",
                    (), ())  # fmt: skip
    ((zoomed,),) = call("create_dl_layer_zoom_to_layer_size", up, e1, "fit1", "bilinear",
                        "false", (), ())  # fmt: skip
    ((cat,),) = call("create_dl_layer_concat", (e1, zoomed), "cat1", "depth", (), ())
    d1 = conv(call, cat, "dec1")
    logits = conv(call, d1, "logits", kernel=1, num=2, padding="none", act="none")
    ((soft,),) = call("create_dl_layer_softmax", logits, "softmax", (), ())
    ((tid,),) = call("create_dl_layer_class_id_conversion", target, "target_ids",
                     "from_class_id", (), ())  # fmt: skip
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, tid, weights, "loss", 1.0,
                      (), ())  # fmt: skip
    arg, value = call("create_dl_layer_depth_max", soft, "depth_max", "both", (), ())
    ((seg,),) = call("create_dl_layer_class_id_conversion", arg[0], "segmentation_result",
                     "to_class_id", ("is_inference_output",), ("true",))  # fmt: skip
    return loss, seg, value[0]


def disc_sample(seed: int) -> Handle:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:SIZE, :SIZE]
    r = int(rng.integers(5, 9))
    cy, cx = rng.integers(r, SIZE - r, 2)
    disc = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    pixels = rng.normal(-40, 15, (SIZE, SIZE)) + 100 * disc
    labels = np.where(disc, 5, 2).astype(np.uint8)  # class ids 2 (background) and 5 (disc)
    return Handle(
        "dict",
        {
            "image": ObjectTuple([Image(pixels.astype(np.float32)[None], "real")]),
            "segmentation_image": ObjectTuple([Image(labels[None], "byte")]),
            "weight_image": ObjectTuple([Image(np.ones((1, SIZE, SIZE), np.float32), "real")]),
        },
    )


@pytest.fixture
def seg_model(call):
    call("set_system", "seed_rand", 7)
    loss, seg, _conf = unet(call)
    ((handle,),) = call("create_dl_model", (loss, seg))
    call("set_dl_model_param", handle, "type", "segmentation")
    call("set_dl_model_param", handle, "class_ids", (2, 5))
    call("set_dl_model_param", handle, "batch_size", 4)
    call("set_dl_model_param", handle, "runtime", "cpu")
    call("set_dl_model_param", handle, "solver_type", "adam")
    call("set_dl_model_param", handle, "learning_rate", 0.003)
    return handle


def test_unet_trains_on_discs_and_segments(call, seg_model):
    ((kind,),) = call("get_dl_model_param", seg_model, "type")
    assert kind == "segmentation"
    assert call("get_dl_model_param", seg_model, "image_dimensions") == ((SIZE, SIZE, 1),)
    (names,) = call("get_dl_model_param", seg_model, "layer_names")
    assert names[0] == "image" and "loss" in names and len(set(names)) == len(names)
    samples = [disc_sample(i) for i in range(8)]
    losses = []
    for step in range(24):
        batch = tuple(samples[(step % 2) * 4 : (step % 2) * 4 + 4])
        ((result,),) = call("train_dl_model_batch", seg_model, batch)
        assert set(result.obj) == {"total_loss", "loss"}
        losses.append(result.obj["total_loss"][0])
    assert np.mean(losses[-3:]) < 0.6 * np.mean(losses[:2]), losses
    tests = tuple(disc_sample(100 + i) for i in range(3))
    (results,) = call("apply_dl_model", seg_model, tests, ())
    assert len(results) == 3
    for result, sample in zip(results, tests, strict=True):
        # the inference output, and the standard keys of a segmentation model
        keys = {"segmentation_result", "segmentation_image", "segmentation_confidence"}
        assert set(result.obj) == keys
        image = result.obj["segmentation_result"].objects[0]
        standard = result.obj["segmentation_image"].objects[0]
        assert np.array_equal(standard.data, image.data) and standard.pixel_type == "byte"
        confidence = result.obj["segmentation_confidence"].objects[0].data
        assert confidence.shape == (1, SIZE, SIZE) and np.all(confidence >= 0.5 - 1e-6)
        assert image.data.shape == (1, SIZE, SIZE) and image.pixel_type == "byte"
        assert set(np.unique(image.data)) <= {2, 5}
        truth = sample.obj["segmentation_image"].objects[0].data
        assert np.mean(image.data == truth) > 0.85, losses


def test_apply_outputs_by_layer_name_needs_only_their_inputs(call, seg_model):
    only_image = Handle("dict", {"image": disc_sample(1).obj["image"]})
    (results,) = call("apply_dl_model", seg_model, (only_image,), ("depth_max", "softmax"))
    index = results[0].obj["depth_max"].objects[0]  # mode 'both': the name gives the index
    probs = results[0].obj["softmax"].objects[0]
    assert index.pixel_type == "byte" and index.data.shape == (1, SIZE, SIZE)
    assert probs.data.shape == (2, SIZE, SIZE)
    assert np.allclose(probs.data.sum(axis=0), 1.0, atol=1e-5)
    assert np.array_equal(index.data[0], probs.data.argmax(axis=0))
    with pytest.raises(HalconError) as info:
        call("apply_dl_model", seg_model, (only_image,), ("loss",))
    assert info.value.code == 7783
    with pytest.raises(HalconError) as info:
        call("apply_dl_model", seg_model, (only_image,), ("nope",))
    assert "Outputs" in str(info.value)


def test_file_round_trip_gives_identical_outputs(call, seg_model, tmp_path):
    batch = tuple(disc_sample(i) for i in range(4))
    call("train_dl_model_batch", seg_model, batch)
    path = str(tmp_path / "unet.hdl")
    call("write_dl_model", seg_model, path)
    ((again,),) = call("read_dl_model", path)
    for name in ("type", "class_ids", "batch_size", "layer_names", "image_dimensions"):
        assert call("get_dl_model_param", again, name) == call(
            "get_dl_model_param", seg_model, name
        )
    outputs = ("softmax", "segmentation_result")
    (first,) = call("apply_dl_model", seg_model, batch, outputs)
    (second,) = call("apply_dl_model", again, batch, outputs)
    for a, b in zip(first, second, strict=True):
        for key in outputs:
            assert np.array_equal(a.obj[key].objects[0].data, b.obj[key].objects[0].data)
    ((item,),) = call("serialize_dl_model", seg_model)
    ((third,),) = call("deserialize_dl_model", item)
    (again_results,) = call("apply_dl_model", third, batch, outputs)
    assert np.array_equal(
        again_results[0].obj["softmax"].objects[0].data, first[0].obj["softmax"].objects[0].data
    )


# -- a small classifier ----------------------------------------------------------------------


def class_sample(label: int, seed: int) -> Handle:
    rng = np.random.default_rng(seed)
    pixels = rng.normal(0, 20, (1, 16, 16))
    if label == 1:
        pixels[:, :, 8:] += 80  # bright right half
    else:
        pixels[:, 8:, :] += 80  # bright lower half
    return Handle(
        "dict",
        {
            "image": ObjectTuple([Image(pixels.astype(np.float32), "real")]),
            "image_label_id": (label,),
        },
    )


def test_conv_pool_dense_softmax_classifier_trains(call):
    call("set_system", "seed_rand", 3)
    image = inp(call, "image", (16, 16, 1))
    label = inp(call, "image_label_id", (1, 1, 1))
    c1 = conv(call, image, "conv1", num=4)
    ((bn,),) = call("create_dl_layer_batch_normalization", c1, "bn1", 0.9, 0.0001, "relu",
                    (), ())  # fmt: skip
    ((p1,),) = call("create_dl_layer_pooling", bn, "pool1", 2, 2, "none", "maximum", (), ())
    ((fc,),) = call("create_dl_layer_dense", p1, "fc", 2, (), ())
    ((soft,),) = call("create_dl_layer_softmax", fc, "classification", (), ())
    ((tid,),) = call("create_dl_layer_class_id_conversion", label, "label_index",
                     "from_class_id", (), ())  # fmt: skip
    ((loss,),) = call("create_dl_layer_loss_cross_entropy", soft, tid, (), "loss", 1.0, (), ())
    ((handle,),) = call("create_dl_model", (loss, soft))
    call("set_dl_model_param", handle, "type", "classification")
    call("set_dl_model_param", handle, "class_ids", (0, 1))
    call("set_dl_model_param", handle, "batch_size", 8)
    call("set_dl_model_param", handle, "runtime", "cpu")
    call("set_dl_model_param", handle, "learning_rate", 0.05)
    train = tuple(class_sample(i % 2, i) for i in range(8))
    losses = []
    for _ in range(15):
        ((result,),) = call("train_dl_model_batch", handle, train)
        losses.append(result.obj["total_loss"][0])
    assert losses[-1] < 0.5 * losses[0], losses
    tests = tuple(class_sample(i % 2, 50 + i) for i in range(6))
    (results,) = call("apply_dl_model", handle, tests, ())
    for i, result in enumerate(results):
        confidences = result.obj["classification"]
        assert len(confidences) == 2 and abs(sum(confidences) - 1) < 1e-5
        assert int(np.argmax(confidences)) == i % 2
        assert result.obj["classification_class_ids"][0] == i % 2
        assert result.obj["classification_class_names"][0] == str(i % 2)
        assert max(confidences) == pytest.approx(result.obj["classification_confidences"][0])


# -- an HDevelop program -----------------------------------------------------------------------


def test_program_builds_trains_and_applies_a_unet(run_script):
    from pathlib import Path

    text = (Path(__file__).parent / "programs" / "unet_discs_layers.hdtxt").read_text()
    result = run_script(text)
    assert result.error is None, result.error
    losses = result["Losses"]
    assert len(losses) == 20 and np.mean(losses[-3:]) < 0.5 * np.mean(losses[:2]), losses
    assert result["Width"] == (SIZE,) and result["Height"] == (SIZE,)
    assert result["Type"] == ("byte",)
    assert "enc2_bn" in result["LayerNames"] and len(result["LayerNames"]) == 18
    assert result["PreprocessWidth"] == (SIZE,) and result["PreprocessIgnored"] == (255,)
    segmentation = result["Segmentation"].objects[0].data[0]
    truth = result["Truth"].objects[0].data[0]
    assert set(np.unique(segmentation)) <= {0, 7}
    assert np.all(truth[0] == 255)  # the ignored first row
    assert np.mean(segmentation[1:] == truth[1:]) > 0.9


def test_outputs_may_name_the_standard_keys_of_the_type(call, seg_model):
    tests = tuple(disc_sample(200 + i) for i in range(2))
    (results,) = call("apply_dl_model", seg_model, tests, ("segmentation_image",))
    for result, sample in zip(results, tests, strict=True):
        assert set(result.obj) == {"segmentation_image"}  # the prediction, not the label input
        predicted = result.obj["segmentation_image"].objects[0]
        assert predicted is not sample.obj["segmentation_image"].objects[0]
    only_image = Handle("dict", {"image": tests[0].obj["image"]})
    (both,) = call(
        "apply_dl_model", seg_model, (only_image,), ("segmentation_confidence", "softmax")
    )
    assert set(both[0].obj) == {"segmentation_confidence", "softmax"}
