"""Detection procedures: COCO reading, box preprocessing, split, training, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest


def write_coco(root: Path, count: int, size: int = 96) -> tuple[Path, list]:
    """``count`` images with bright squares (category 5) and discs (category 9), and a
    COCO file; returns the file and the COCO boxes [x, y, w, h, category] per image."""
    rng = np.random.default_rng(3)
    images: list[dict] = []
    annotations: list[dict] = []
    truth: list[list[list[int]]] = []
    (root / "img").mkdir(parents=True, exist_ok=True)
    for index in range(count):
        pixels = rng.normal(60, 15, (size, size))
        boxes = []
        slots = [(8, 8), (8, 52), (52, 8), (52, 52)]
        for slot in rng.permutation(4)[: int(rng.integers(1, 3))]:
            side = int(rng.integers(22, 34))
            y = slots[slot][0] + int(rng.integers(0, 36 - side + 1))
            x = slots[slot][1] + int(rng.integers(0, 36 - side + 1))
            category = int(rng.choice([5, 9]))
            if category == 5:
                pixels[y : y + side, x : x + side] = 210
            else:
                rows, cols = np.mgrid[0:side, 0:side]
                centre = (side - 1) / 2
                disc = (rows - centre) ** 2 + (cols - centre) ** 2 <= (side / 2) ** 2
                pixels[y : y + side, x : x + side][disc] = 210
            boxes.append([x, y, side, side, category])
        name = f"img/im_{index:02d}.png"
        cv2.imwrite(str(root / name), np.clip(pixels, 0, 255).astype(np.uint8))
        images.append({"id": 100 + index, "file_name": name, "width": size, "height": size})
        for box in boxes:
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": 100 + index,
                    "category_id": box[4],
                    "bbox": [float(v) for v in box[:4]],
                    "area": float(box[2] * box[3]),
                    "iscrowd": 0,
                }
            )
        truth.append(boxes)
    categories = [{"id": 9, "name": "disc"}, {"id": 5, "name": "square"}]
    coco = {"images": images, "annotations": annotations, "categories": categories}
    path = root / "instances.json"
    path.write_text(json.dumps(coco))
    return path, truth


def ok(result):
    assert result.error is None, f"{result.error}\n{result.output}"
    return result


def test_average_precision_by_hand(run_script):
    program = """
compute_dl_detection_ap ([1, 0, 1, 1, 0], 4, AP)
compute_dl_detection_ap ([1, 1], 2, Perfect)
compute_dl_detection_ap ([0, 0, 1], 1, Late)
compute_dl_detection_ap ([], 3, None)
"""
    v = ok(run_script(program)).variables
    # precision 1, .5, .67, .75, .6 -> monotone 1, .75, .75, .75, .6; recall .25 .25 .5 .75 .75
    assert v["AP"][0] == pytest.approx(0.25 * 1 + 0.25 * 0.75 + 0.25 * 0.75)
    assert v["Perfect"][0] == pytest.approx(1.0)
    assert v["Late"][0] == pytest.approx(1 / 3)
    assert v["None"][0] == 0.0


def test_coco_reading_and_box_preprocessing(run_script, tmp_path):
    coco, truth = write_coco(tmp_path, 4)
    program = f"""
NoMasks := dict{{read_segmentation_masks: 'false'}}
read_dl_dataset_from_coco ('{coco}', '{tmp_path}', NoMasks, DLDataset)
ClassIDs := DLDataset.class_ids
ClassNames := DLDataset.class_names
Samples := DLDataset.samples
FirstID := Samples[0].image_id
FirstFile := Samples[0].image_file_name
Row1 := Samples[0].bbox_row1
Col1 := Samples[0].bbox_col1
Row2 := Samples[0].bbox_row2
Col2 := Samples[0].bbox_col2
Labels := Samples[0].bbox_label_id
create_dl_preprocess_param ('detection', 48, 64, 3, -127, 128, 'none', 'full_domain', \\
    [], [], [], [], Param)
gen_dl_samples (DLDataset, 0, 'detection', [], Batch)
preprocess_dl_samples (Batch, Param)
Param.instance_type := 'rectangle2'
gen_dl_samples (DLDataset, 1, 'detection', [], Other)
try
    preprocess_dl_samples (Other, Param)
    Oriented := 'accepted'
catch (E)
    Oriented := 'refused'
endtry
PRow1 := Batch[0].bbox_row1
PCol1 := Batch[0].bbox_col1
PRow2 := Batch[0].bbox_row2
PCol2 := Batch[0].bbox_col2
get_dict_object (Image, Batch[0], 'image')
get_image_size (Image, W, H)
set_system ('seed_rand', 3)
split_dl_dataset (DLDataset, 50, 25, [])
Refused := 0
try
    read_dl_dataset_from_coco ('{coco}', '{tmp_path}', dict{{read_segmentation_masks: 'true'}}, D)
catch (E)
    Refused := Refused + 1
endtry
try
    read_dl_dataset_from_coco ('{coco}', '{tmp_path}', dict{{nonsense: 1}}, D)
catch (E)
    Refused := Refused + 1
endtry
Splits := []
for I := 0 to |Samples| - 1 by 1
    Splits := [Splits, Samples[I].split]
endfor
"""
    v = ok(run_script(program)).variables
    assert v["ClassIDs"] == (5, 9) and v["ClassNames"] == ("square", "disc")
    assert v["FirstID"] == (100,) and v["FirstFile"] == ("img/im_00.png",)
    boxes = truth[0]
    assert v["Row1"] == pytest.approx([b[1] - 0.5 for b in boxes])
    assert v["Col1"] == pytest.approx([b[0] - 0.5 for b in boxes])
    assert v["Row2"] == pytest.approx([b[1] + b[3] - 0.5 for b in boxes])
    assert v["Col2"] == pytest.approx([b[0] + b[2] - 0.5 for b in boxes])
    assert v["Labels"] == tuple(b[4] for b in boxes)
    assert (v["W"], v["H"]) == ((48,), (64,))
    # 96 x 96 -> 48 wide, 64 high: edges scale with the image
    assert v["PRow1"] == pytest.approx([b[1] * 64 / 96 - 0.5 for b in boxes])
    assert v["PCol1"] == pytest.approx([b[0] * 48 / 96 - 0.5 for b in boxes])
    assert v["PRow2"] == pytest.approx([(b[1] + b[3]) * 64 / 96 - 0.5 for b in boxes])
    assert v["PCol2"] == pytest.approx([(b[0] + b[2]) * 48 / 96 - 0.5 for b in boxes])
    assert sorted(v["Splits"]) == ["test", "train", "train", "validation"]
    assert v["Refused"] == (2,)
    assert v["Oriented"] == ("refused",)


def test_detection_workflow(run_script, tmp_path):
    coco, _ = write_coco(tmp_path, 24)
    program = f"""
set_system ('seed_rand', 42)
read_dl_dataset_from_coco ('{coco}', '{tmp_path}', [], DLDataset)
split_dl_dataset (DLDataset, 75, 25, [])
create_dict (DetParam)
set_dict_tuple (DetParam, 'image_width', 64)
set_dict_tuple (DetParam, 'image_height', 64)
set_dict_tuple (DetParam, 'capacity', 'low')
set_dict_tuple (DetParam, 'min_level', 3)
set_dict_tuple (DetParam, 'max_level', 4)
set_dict_tuple (DetParam, 'anchor_num_subscales', 2)
set_dict_tuple (DetParam, 'anchor_aspect_ratios', 1.0)
set_dict_tuple (DetParam, 'class_ids', DLDataset.class_ids)
set_dict_tuple (DetParam, 'class_names', DLDataset.class_names)
create_dl_model_detection ('pretrained_dl_classifier_compact.hdl', 2, DetParam, DLModelHandle)
create_dl_preprocess_param_from_model (DLModelHandle, 'none', 'full_domain', [], [], [], Param)
InstanceType := Param.instance_type
preprocess_dl_dataset (DLDataset, '{tmp_path}/prep', Param, [], DatasetFile)
set_dl_model_param (DLModelHandle, 'batch_size', 4)
set_dl_model_param (DLModelHandle, 'runtime', 'cpu')
set_dl_model_param (DLModelHandle, 'solver_type', 'adam')
set_dl_model_param (DLModelHandle, 'learning_rate', 0.001)
Final := dict{{type: 'final', basename: '{tmp_path}/final'}}
create_dl_train_param (DLModelHandle, 50, 25, 'false', 42, 'serialize', Final, TrainParam)
ComparisonKeys := TrainParam.evaluation_comparison_keys
train_dl_model (DLDataset, DLModelHandle, TrainParam, 0, TrainResults, TrainInfos, EvaluationInfos)
FirstLoss := TrainResults[0].total_loss
LastLoss := TrainResults[|TrainResults| - 1].total_loss
set_dl_model_param (DLModelHandle, 'min_confidence', 0.3)
EvalGen := dict{{iou_threshold: [0.5, 0.75]}}
evaluate_dl_model (DLDataset, DLModelHandle, 'split', 'train', EvalGen, Result, EvalParams)
MeanAP := Result.mean_ap
APPerClass := Result.ap_per_class
get_dict_tuple (Result, 'iou_0.50', Result50)
get_dict_tuple (Result, 'iou_0.75', Result75)
AP50 := Result50.mean_ap
AP75 := Result75.mean_ap
NumEvaluations := |EvaluationInfos|
EvalGen.max_num_detections := 1
evaluate_dl_model (DLDataset, DLModelHandle, 'split', 'train', EvalGen, OneResult, EvalParams)
OneMeanAP := OneResult.global.mean_ap
read_dl_samples (DLDataset, 0, Shown)
apply_dl_model (DLModelHandle, Shown, [], ShownResults)
WindowHandleDict := dict{{}}
dev_display_dl_data (Shown, ShownResults, DLDataset, 'all', [], WindowHandleDict)
dev_display_dl_data (Shown, ShownResults, DLDataset, 'bbox_both', [], WindowHandleDict)
get_dict_param (WindowHandleDict, 'keys', [], ShownKeys)
dev_close_window_dict (WindowHandleDict)
get_dict_object (ShownImage, Shown, 'image')
gen_dl_samples_from_images (ShownImage, Unlabelled)
Windows := dict{{}}
dev_display_dl_data (Unlabelled, ShownResults, DLDataset, 'all', [], Windows)
get_dict_param (Windows, 'keys', [], UnlabelledKeys)
dev_close_window_dict (Windows)
read_dl_model ('{tmp_path}/final.hdl', Reread)
get_dl_model_param (Reread, 'type', RereadType)
"""
    v = ok(run_script(program)).variables
    assert v["InstanceType"] == ("rectangle1",)
    assert v["ComparisonKeys"] == ("mean_ap",)
    assert v["LastLoss"][0] < 0.5 * v["FirstLoss"][0]
    assert len(v["APPerClass"]) == 2
    assert v["AP50"][0] >= 0.6
    assert v["AP50"][0] >= v["AP75"][0]
    assert v["MeanAP"][0] == pytest.approx((v["AP50"][0] + v["AP75"][0]) / 2)
    assert v["NumEvaluations"][0] >= 1
    assert v["OneMeanAP"][0] < v["MeanAP"][0]  # one box per image misses the others
    assert v["RereadType"] == ("detection",)
    assert sorted(v["UnlabelledKeys"]) == ["bbox_result", "image"]
    assert sorted(v["ShownKeys"]) == ["bbox_both", "bbox_ground_truth", "bbox_result", "image"]


def test_augmentation_moves_the_boxes_with_the_image(run_script):
    program = """
set_system ('seed_rand', 11)
Errors := []
Applied := 0
Params := [dict{augmentation_percentage: 100, mirror: 'rc'}, \\
    dict{augmentation_percentage: 100, rotate: 90}, \\
    dict{augmentation_percentage: 100, rotate: 180, brightness_variation: 20}]
for Trial := 0 to 23 by 1
    for Shape := 0 to 1 by 1
        Width := 40 + Shape * 16
        gen_image_const (Image, 'real', Width, 40)
        gen_rectangle1 (Object, 3, 5 + Shape * 9, 12, 30 + Shape)
        paint_region (Object, Image, Image, 100, 'fill')
        Sample := dict{image_id: Trial, bbox_row1: 2.5, bbox_col1: 4.5 + Shape * 9, \\
            bbox_row2: 12.5, bbox_col2: 30.5 + Shape, bbox_label_id: 1}
        set_dict_object (Image, Sample, 'image')
        augment_dl_samples (Sample, Params[Trial % 3])
        get_dict_object (Augmented, Sample, 'image')
        threshold (Augmented, Bright, 50, 200)
        smallest_rectangle1 (Bright, R1, C1, R2, C2)
        Box := [Sample.bbox_row1, Sample.bbox_col1, Sample.bbox_row2, Sample.bbox_col2]
        Errors := [Errors, abs(Box - [R1 - 0.5, C1 - 0.5, R2 + 0.5, C2 + 0.5])]
        if (R1 != 3)
            Applied := Applied + 1
        endif
    endfor
endfor
MaxError := max(Errors)
Rejected := 'no'
try
    augment_dl_samples (Sample, dict{augmentation_percentage: 100, crop_pixel: 3})
catch (E)
    Rejected := 'yes'
endtry
"""
    v = ok(run_script(program)).variables
    assert v["MaxError"][0] == pytest.approx(0.0)
    assert v["Applied"][0] >= 15  # most flips and turns move the object
    assert v["Rejected"] == ("yes",)


def test_determine_detection_param(run_script, tmp_path):
    coco, truth = write_coco(tmp_path, 6)
    program = f"""
read_dl_dataset_from_coco ('{coco}', '{tmp_path}', [], DLDataset)
determine_dl_model_detection_param (DLDataset, 64, 64, [], Square)
MinLevel := Square.min_level
MaxLevel := Square.max_level
Subscales := Square.anchor_num_subscales
Ratios := Square.anchor_aspect_ratios
determine_dl_model_detection_param (DLDataset, 256, 64, dict{{max_num_samples: 3}}, Wide)
WideRatios := Wide.anchor_aspect_ratios
WideMax := Wide.max_level
create_dl_model_detection ('pretrained_dl_classifier_compact.hdl', 2, Square, Model)
get_dl_model_param (Model, 'min_level', ModelMinLevel)
"""
    v = ok(run_script(program)).variables
    sizes = [b[2] * 64 / 96 for boxes in truth for b in boxes]  # squares: 14.7 .. 22
    levels = {int(np.floor(np.log2(s / 4))) for s in sizes}
    assert (v["MinLevel"][0], v["MaxLevel"][0]) == (max(min(levels), 2), max(levels))
    assert 1 <= v["Subscales"][0] <= 3
    assert v["Ratios"] == (1.0,)
    # 4 times wider than high: boxes 4:1 -> ratio height / width 0.25
    assert v["WideRatios"] == (0.25,)
    wide = [b[2] * np.sqrt(64 * 256) / 96 for boxes in truth[:3] for b in boxes]
    assert v["WideMax"][0] == max(int(np.floor(np.log2(s / 4))) for s in wide)
    assert v["ModelMinLevel"] == v["MinLevel"]
