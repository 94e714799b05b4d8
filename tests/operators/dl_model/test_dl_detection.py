"""Object detection models: create_dl_model_detection, box coding, NMS, training, files."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hdlite_dl import detection_boxes as db
from hdlite_dl import weights

from hdlite.plugin import HalconError, Handle, Image, ObjectTuple

BOX_KEYS = ("bbox_row1", "bbox_col1", "bbox_row2", "bbox_col2")


def objects(
    seed: int, size: int = 96
) -> tuple[np.ndarray, list[tuple[float, float, float, float, int]]]:
    """A byte image (size x size) with 1-3 objects and their boxes in HALCON coordinates.

    Boxes are ``(row1, col1, row2, col2, class_id)`` with the pixel-centre convention: an
    object covering pixel rows r0..r1 (inclusive) has row1 = r0 - 0.5, row2 = r1 + 0.5.
    """
    rng = np.random.default_rng(seed)
    image = rng.normal(60, 15, (size, size))
    boxes: list[tuple[float, float, float, float, int]] = []
    for _ in range(int(rng.integers(1, 4))):
        for _attempt in range(20):
            side = int(rng.integers(size // 6, size // 3))
            r0, c0 = (int(v) for v in rng.integers(2, size - side - 2, 2))
            box = (r0 - 0.5, c0 - 0.5, r0 + side - 0.5, c0 + side - 0.5)
            if all(
                box[2] < b[0] - 2 or box[0] > b[2] + 2 or box[3] < b[1] - 2 or box[1] > b[3] + 2
                for b in boxes
            ):
                break
        else:
            continue
        label = int(rng.integers(1, 3))
        rows, cols = np.mgrid[0:side, 0:side]
        if label == 1:
            mask = np.ones((side, side), bool)
        else:
            centre = (side - 1) / 2
            mask = (rows - centre) ** 2 + (cols - centre) ** 2 <= (side / 2) ** 2
        patch = image[r0 : r0 + side, c0 : c0 + side]
        patch[mask] = rng.normal(200, 10, int(mask.sum()))
        boxes.append((*box, label))
    return np.clip(image, 0, 255).astype(np.uint8), boxes


def sample(seed: int, size: int = 96) -> Handle:
    """A preprocessed detection sample dict (gray values g - 127, 3 channels)."""
    pixels, boxes = objects(seed, size)
    data = np.repeat(pixels[None].astype(np.float32) - 127.0, 3, axis=0)
    entries: dict = {"image": ObjectTuple([Image(data, "real")]), "image_id": (seed,)}
    for index, key in enumerate(("bbox_row1", "bbox_col1", "bbox_row2", "bbox_col2")):
        entries[key] = tuple(float(b[index]) for b in boxes)
    entries["bbox_label_id"] = tuple(b[4] for b in boxes)
    return Handle("dict", entries)


def small_param(**extra) -> Handle:
    entries = {
        "image_width": (64,),
        "image_height": (64,),
        "capacity": ("low",),
        "class_ids": (1, 2),
        "class_names": ("square", "disc"),
        "min_level": (3,),
        "max_level": (4,),
        "anchor_num_subscales": (2,),
        "anchor_aspect_ratios": (1.0,),
    }
    entries.update({k: v if isinstance(v, tuple) else (v,) for k, v in extra.items()})
    return Handle("dict", entries)


@pytest.fixture
def detector(call):
    call("set_system", "seed_rand", 42)
    ((handle,),) = call(
        "create_dl_model_detection", "pretrained_dl_classifier_compact.hdl", 2, small_param()
    )
    call("set_dl_model_param", handle, "batch_size", 4)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle


# -- box coding, overlap, NMS ----------------------------------------------------------------


def test_encode_decode_round_trip():
    anchors = torch.tensor([[0.0, 0.0, 10.0, 10.0], [5.0, 7.0, 25.0, 17.0]])
    boxes = torch.tensor([[1.0, 2.0, 13.0, 9.0], [4.0, 4.0, 30.0, 30.0]])
    deltas = db.encode(anchors, boxes)
    assert torch.allclose(db.decode(anchors, deltas), boxes, atol=1e-4)
    assert torch.allclose(db.encode(anchors, anchors), torch.zeros(2, 4), atol=1e-6)


def test_anchors_layout():
    anchors = db.anchors(64, 64, (3, 4), 2, (1.0, 2.0))
    # 8x8 + 4x4 cells, 4 anchors each
    assert anchors.shape == (4 * (64 + 16), 4)
    first = anchors[:4]
    centres = (first[:, :2] + first[:, 2:]) / 2
    assert torch.allclose(centres, torch.full((4, 2), 3.5))  # stride 8: (0 + 0.5) * 8 - 0.5
    heights = first[:, 2] - first[:, 0]
    widths = first[:, 3] - first[:, 1]
    assert torch.allclose(heights[0], torch.tensor(32.0)) and torch.allclose(widths[0], heights[0])
    assert torch.allclose(heights[1] / widths[1], torch.tensor(2.0))  # ratio = height / width


def test_iou_by_hand():
    a = torch.tensor([[0.0, 0.0, 10.0, 10.0]])
    b = torch.tensor([[0.0, 5.0, 10.0, 15.0], [20.0, 20.0, 30.0, 30.0], [0.0, 0.0, 10.0, 10.0]])
    assert torch.allclose(db.iou(a, b), torch.tensor([[50 / 150, 0.0, 1.0]]))


def test_nms_keeps_the_best_of_overlapping_boxes():
    boxes = torch.tensor(
        [[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0], [0.0, 6.0, 10.0, 16.0], [50, 50, 60, 60]]
    )
    scores = torch.tensor([0.6, 0.9, 0.5, 0.7])
    # box 0 overlaps box 1 by 81/119 = 0.68; box 2 overlaps box 1 by 45/155 = 0.29
    assert db.nms(boxes, scores, 0.5).tolist() == [1, 3, 2]
    assert db.nms(boxes, scores, 0.25).tolist() == [1, 3]
    assert db.nms(boxes, scores, 1.0).tolist() == [1, 3, 0, 2]


def test_select_per_class_then_across_classes():
    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [0.0, 1.0, 10.0, 11.0], [30, 30, 40, 40]])
    scores = torch.tensor([[0.9, 0.8], [0.7, 0.2], [0.1, 0.55]])
    kept, classes, conf = db.select(boxes, scores, 0.5, 0.5, 1.0, 10)
    # class 0: boxes 0 and 1 overlap (0.82): box 0 stays; class 1: boxes 0 and 2
    assert classes.tolist() == [0, 1, 1] and conf.tolist() == pytest.approx([0.9, 0.8, 0.55])
    kept, classes, conf = db.select(boxes, scores, 0.5, 0.5, 0.5, 10)
    assert classes.tolist() == [0, 1] and conf.tolist() == pytest.approx([0.9, 0.55])
    kept, classes, conf = db.select(boxes, scores, 0.5, 0.5, 1.0, 1)
    assert len(kept) == 1 and conf.tolist() == pytest.approx([0.9])
    kept, _, _ = db.select(boxes, scores, 0.95, 0.5, 1.0, 10)
    assert kept.shape == (0, 4)


# -- creation and parameters -----------------------------------------------------------------


def test_create_and_parameters(call, detector):
    get = lambda name: call("get_dl_model_param", detector, name)[0]  # noqa: E731
    assert get("type") == ("detection",)
    assert get("class_ids") == (1, 2) and get("class_names") == ("square", "disc")
    assert get("image_dimensions") == (64, 64, 3)
    assert get("min_level") == (3,) and get("max_level") == (4,)
    assert get("capacity") == ("low",) and get("instance_type") == ("rectangle1",)
    assert get("min_confidence") == (0.5,) and get("max_overlap") == (0.5,)
    assert get("max_overlap_class_agnostic") == (1.0,) and get("max_num_detections") == (100,)
    call("set_dl_model_param", detector, "min_confidence", 0.2)
    call("set_dl_model_param", detector, "max_num_detections", 5)
    assert get("min_confidence") == (0.2,) and get("max_num_detections") == (5,)
    assert get("class_weights") == (0.25, 0.25)  # the focal loss's alpha per class
    call("set_dl_model_param", detector, "class_weights", (0.5, 0.75))
    assert get("class_weights") == (0.5, 0.75)
    assert call.code("set_dl_model_param", detector, "class_weights", 1.5) == 1303
    assert call.code("set_dl_model_param", detector, "min_confidence", 1.5) == 1303
    assert call.code("set_dl_model_param", detector, "max_level", 5) == 1302  # read-only
    assert call.code("set_dl_model_param", detector, "image_width", 8) == 7722  # < 2^max_level


def test_create_errors(call):
    compact = "pretrained_dl_classifier_compact.hdl"
    code = call.code
    assert (
        code("create_dl_model_detection", compact, 2, small_param(instance_type="rectangle2"))
        == 1303
    )
    assert code("create_dl_model_detection", compact, 2, small_param(capacity="huge")) == 1303
    assert code("create_dl_model_detection", compact, 2, small_param(max_level=2)) == 1303
    assert code("create_dl_model_detection", "nonsense.hdl", 2, small_param()) == 5200
    alexnet = "pretrained_dl_classifier_alexnet.hdl"
    assert code("create_dl_model_detection", alexnet, 2, small_param()) == 1301
    assert code("create_dl_model_detection", compact, 3, small_param()) == 1303  # 2 class ids
    assert code("create_dl_model_detection", compact, 0, ()) == 1302
    ((classifier,),) = call("read_dl_model", compact)
    assert code("get_dl_model_param", classifier, "min_confidence") == 7788


def test_training_finds_the_objects(call, detector):
    call("set_dl_model_param", detector, "solver_type", "adam")
    call("set_dl_model_param", detector, "learning_rate", 0.001)
    samples = [sample(i, 64) for i in range(32)]
    losses = []
    for step in range(240):
        batch = tuple(samples[(4 * step + k) % 32] for k in range(4))
        ((result,),) = call("train_dl_model_batch", detector, batch)
        assert set(result.obj) == {"total_loss", "loss_cls", "loss_box"}
        losses.append(result.obj["total_loss"][0])
    assert np.mean(losses[-16:]) < 0.4 * np.mean(losses[:16])
    call("set_dl_model_param", detector, "min_confidence", 0.3)
    (results,) = call("apply_dl_model", detector, tuple(samples[:8]), ())
    found = total = 0
    for s, r in zip(samples[:8], results, strict=True):
        truth = torch.tensor(list(zip(*(s.obj[k] for k in BOX_KEYS), strict=True)))
        got = torch.tensor(list(zip(*(r.obj[k] for k in BOX_KEYS), strict=True))).reshape(-1, 4)
        assert len(r.obj["bbox_class_id"]) == len(got) == len(r.obj["bbox_confidence"])
        assert list(r.obj["bbox_confidence"]) == sorted(r.obj["bbox_confidence"], reverse=True)
        total += len(truth)
        if len(got):
            found += int((db.iou(truth, got).max(dim=1).values >= 0.5).sum())
    assert found >= 0.7 * total
    (only,) = call("apply_dl_model", detector, tuple(samples[:1]), ("bbox_confidence",))
    assert set(only[0].obj) == {"bbox_confidence"}


def test_sample_errors(call, detector):
    good = sample(1, 64)
    batch = (good, good, good, good)
    broken = Handle("dict", {k: v for k, v in good.obj.items() if k != "bbox_label_id"})
    assert call.code("train_dl_model_batch", detector, (broken, good, good, good)) == 7783
    wrong = Handle("dict", dict(good.obj, bbox_label_id=(7,) * len(good.obj["bbox_label_id"])))
    assert call.code("train_dl_model_batch", detector, (wrong, good, good, good)) == 7793
    assert call.code("train_dl_model_batch", detector, batch[:3]) == 7784
    assert call.code("apply_dl_model", detector, batch, ("nonsense",)) == 1303
    assert call("apply_dl_model", detector, (), ()) == ((),)


def test_file_round_trip_gives_identical_results(call, detector, tmp_path):
    call("set_dl_model_param", detector, "min_confidence", 0.0)
    call("set_dl_model_param", detector, "max_num_detections", 7)
    samples = tuple(sample(i, 64) for i in range(4))
    call("train_dl_model_batch", detector, samples)
    (before,) = call("apply_dl_model", detector, samples, ())
    path = str(tmp_path / "detector.hdl")
    call("write_dl_model", detector, path)
    ((read,),) = call("read_dl_model", path)
    ((item,),) = call("serialize_dl_model", detector)
    ((copy,),) = call("deserialize_dl_model", item)
    for model in (read, copy):
        assert call("get_dl_model_param", model, "type")[0] == ("detection",)
        assert call("get_dl_model_param", model, "max_num_detections")[0] == (7,)
        assert call("get_dl_model_param", model, "class_names")[0] == ("square", "disc")
        (after,) = call("apply_dl_model", model, samples, ())
        for a, b in zip(before, after, strict=True):
            assert a.obj == b.obj
            assert len(a.obj["bbox_confidence"]) == 7
    assert call.code("read_dl_classifier", path) == 7780


def test_images_without_objects_and_other_backbones(call):
    empty = Handle("dict", dict(sample(5, 64).obj))
    for key in (*BOX_KEYS, "bbox_label_id"):
        empty.obj[key] = ()
    param = small_param(image_num_channels=1, capacity="medium", min_level=2, max_level=6)
    ((model,),) = call(
        "create_dl_model_detection", "pretrained_dl_classifier_enhanced.hdl", 2, param
    )
    assert call("get_dl_model_param", model, "image_num_channels")[0] == (1,)
    call("set_dl_model_param", model, "batch_size", 2)
    call("set_dl_model_param", model, "runtime", "cpu")
    gray = []
    for s in (empty, sample(6, 64)):
        entries = dict(s.obj)
        entries["image"] = ObjectTuple([Image(s.obj["image"].objects[0].data[:1], "real")])
        gray.append(Handle("dict", entries))
    ((result,),) = call("train_dl_model_batch", model, tuple(gray))
    assert np.isfinite(result.obj["total_loss"][0])
    (results,) = call("apply_dl_model", model, tuple(gray), ())
    assert len(results) == 2
    # three-channel images do not fit a one-channel model
    assert call.code("apply_dl_model", model, (sample(7, 64),), ()) == 3122
    try:
        weights.find_weights("resnet18")
    except HalconError:  # its ImageNet weights are not installed: file not found
        resnet = "pretrained_dl_classifier_resnet18.hdl"
        assert call.code("create_dl_model_detection", resnet, 2, small_param()) == 5200
