# ruff: noqa: E501  (HDevelop program text)
"""The anomaly detection workflow on a small generated dataset: MVTec-style program text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

SIZE = 64
SPOTS = [(20, 40), (45, 15), (32, 32), (12, 50), (50, 50), (16, 20)]


def stripes(rng: np.random.Generator) -> np.ndarray:
    cols = np.arange(SIZE)[None, :].repeat(SIZE, axis=0)
    base = 120 + 50 * np.sin(2 * np.pi * cols / 8 + rng.uniform(0, 2 * np.pi))
    return np.clip(base + rng.normal(0, 8, (SIZE, SIZE)), 0, 255)


def write_dataset(root: Path) -> tuple[Path, Path]:
    """32 good images in good/, 6 with a bright blob in blob/ and their label images."""
    rng = np.random.default_rng(3)
    images, labels = root / "images", root / "labels"
    for folder in (images / "good", images / "blob", labels / "blob"):
        folder.mkdir(parents=True)
    for i in range(32):
        PILImage.fromarray(stripes(rng).astype(np.uint8)).save(images / "good" / f"{i:03d}.png")
    for i, (row, col) in enumerate(SPOTS):
        pixels = stripes(rng)
        mask = np.zeros((SIZE, SIZE), np.uint8)
        pixels[row - 3 : row + 4, col - 3 : col + 4] = 255
        mask[row - 3 : row + 4, col - 3 : col + 4] = 255
        PILImage.fromarray(pixels.astype(np.uint8)).save(images / "blob" / f"{i:03d}.png")
        PILImage.fromarray(mask).save(labels / "blob" / f"{i:03d}_mask.png")
    return images, labels


def ok(result):
    assert result.error is None, f"{result.error}\n{result.output}"
    return result


@pytest.fixture(autouse=True)
def _one_torch_thread():
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_dataset_split_and_ground_truth(run_script, tmp_path):
    images, labels = write_dataset(tmp_path)
    program = f"""
set_system ('seed_rand', 11)
read_dl_dataset_anomaly ('{images}', '{labels}', [], [], [], DLDataset)
split_dl_dataset (DLDataset, 60, 20, [])
get_dict_tuple (DLDataset, 'samples', Samples)
Splits := []
Names := []
WithFile := []
for I := 0 to |Samples| - 1 by 1
    Splits := [Splits, Samples[I].split]
    Names := [Names, Samples[I].anomaly_label]
    get_dict_param (Samples[I], 'key_exists', 'anomaly_file_name', Has)
    WithFile := [WithFile, Has]
endfor
ClassNames := DLDataset.class_names
AnomalyDir := DLDataset.anomaly_dir
read_dl_model ('initial_dl_anomaly_medium.hdl', DLModelHandle)
set_dl_model_param (DLModelHandle, 'image_width', 32)
set_dl_model_param (DLModelHandle, 'image_height', 32)
create_dl_preprocess_param_from_model (DLModelHandle, 'constant_values', 'full_domain', [], [], [], DLPreprocessParam)
preprocess_dl_dataset (DLDataset, '{tmp_path}/prep', DLPreprocessParam, dict{{overwrite_files: 'true'}}, DatasetFile)
find_dl_samples (Samples, 'anomaly_label', 'nok', 'match', NokIndices)
read_dl_samples (DLDataset, NokIndices[0], NokSample)
get_dict_object (Truth, NokSample, 'anomaly_ground_truth')
get_image_size (Truth, TW, TH)
get_image_type (Truth, TType)
min_max_gray (Truth, Truth, 0, TMin, TMax, TRange)
threshold (Truth, TruthRegion, 1, 1)
area_center (TruthRegion, TArea, TRow, TCol)
NokLabelID := NokSample.anomaly_label_id
"""
    v = ok(run_script(program)).variables
    names, splits, files = np.array(v["Names"]), np.array(v["Splits"]), np.array(v["WithFile"])
    assert (names == "ok").sum() == 32 and (names == "nok").sum() == 6
    assert v["ClassNames"] == ("ok", "nok")
    assert v["AnomalyDir"] == (str(labels),)
    assert files[names == "nok"].all() and not files[names == "ok"].any()
    # 'nok' images only in validation and test, in the ratio 20:20
    assert (splits[names == "nok"] == "train").sum() == 0
    assert (splits[names == "nok"] == "validation").sum() == 3
    assert (splits[names == "ok"] == "train").sum() == 19
    assert v["TW"] == (32,) and v["TH"] == (32,) and v["TType"] == ("byte",)
    assert v["TMin"] == (0.0,) and v["TMax"] == (1.0,)
    assert 9 <= v["TArea"][0] <= 16  # the 7x7 blob at half size
    row, col = SPOTS[0]
    assert abs(v["TRow"][0] - row / 2) < 1.5 and abs(v["TCol"][0] - col / 2) < 1.5
    assert v["NokLabelID"] == (1,)


def test_workflow_train_thresholds_evaluate_infer(run_script, tmp_path):
    images, labels = write_dataset(tmp_path)
    blob = images / "blob" / "002.png"
    program = f"""
set_system ('seed_rand', 42)
read_dl_dataset_anomaly ('{images}', '{labels}', [], [], dict{{image_sub_dirs: ['good', 'blob']}}, DLDataset)
split_dl_dataset (DLDataset, 70, 15, [])
read_dl_model ('initial_dl_anomaly_medium.hdl', DLModelHandle)
set_dl_model_param (DLModelHandle, 'image_width', {SIZE})
set_dl_model_param (DLModelHandle, 'image_height', {SIZE})
set_dl_model_param (DLModelHandle, 'complexity', 8)
query_available_dl_devices (['runtime', 'id'], ['cpu', 0], DLDevice)
set_dl_model_param (DLModelHandle, 'device', DLDevice)
create_dl_preprocess_param_from_model (DLModelHandle, 'constant_values', 'full_domain', [], [], [], DLPreprocessParam)
preprocess_dl_dataset (DLDataset, '{tmp_path}/prep', DLPreprocessParam, dict{{overwrite_files: 'true'}}, DatasetFile)
TrainParamAnomaly := dict{{regularization_noise: 0.05, error_threshold: 0.0001, domain_ratio: 0.5}}
create_dl_train_param (DLModelHandle, 12, [], 'false', 73, 'anomaly', TrainParamAnomaly, TrainParam)
train_dl_model (DLDataset, DLModelHandle, TrainParam, 0, TrainResults, TrainInfos, EvaluationInfos)
FinalEpoch := TrainResults.final_epoch
set_dl_model_param (DLModelHandle, 'standard_deviation_factor', 1.0)
compute_dl_anomaly_thresholds (DLModelHandle, DLDataset, dict{{enable_display: 'false'}}, SegmentationThreshold, ClassificationThresholds)
compute_dl_anomaly_thresholds (DLModelHandle, DLDataset, dict{{use_ok_samples_only: 'true'}}, SegmentationThresholdOk, ClassificationThresholdsOk)
evaluate_dl_model (DLDataset, DLModelHandle, 'split', 'test', dict{{measures: 'all', anomaly_classification_thresholds: ClassificationThresholds}}, EvaluationResult, EvalParams)
Recall := EvaluationResult.recall
Precision := EvaluationResult.precision
FScore := EvaluationResult.f_score
OkScores := EvaluationResult.anomaly_score_histogram.scores_ok
NokScores := EvaluationResult.anomaly_score_histogram.scores_nok
create_dict (WindowDict)
create_dict (GenParamDisplay)
set_dict_tuple (GenParamDisplay, 'display_mode', ['score_histogram', 'score_legend'])
dev_display_anomaly_detection_evaluation (EvaluationResult, EvalParams, GenParamDisplay, WindowDict)
set_dict_tuple (GenParamDisplay, 'display_mode', ['pie_charts_precision', 'pie_charts_recall', 'absolute_confusion_matrix'])
set_dict_tuple (GenParamDisplay, 'classification_threshold_index', |ClassificationThresholds| - 1)
dev_display_anomaly_detection_evaluation (EvaluationResult, EvalParams, GenParamDisplay, WindowDict)
write_dl_model (DLModelHandle, '{tmp_path}/model.hdl')
read_dl_model ('{tmp_path}/model.hdl', Reread)
read_image (Image, '{blob}')
gen_dl_samples_from_images (Image, DLSample)
preprocess_dl_samples (DLSample, DLPreprocessParam)
apply_dl_model (Reread, DLSample, [], DLResult)
apply_dl_model (DLModelHandle, DLSample, [], DLResultFirst)
threshold_dl_anomaly_results (SegmentationThreshold, ClassificationThresholds[|ClassificationThresholds| - 1], DLResult)
AnomalyClass := DLResult.anomaly_class
AnomalyClassID := DLResult.anomaly_class_id
Stored := [DLResult.anomaly_classification_threshold, DLResult.anomaly_segmentation_threshold]
get_dict_object (AnomalyRegion, DLResult, 'anomaly_region')
area_center (AnomalyRegion, RegionArea, RegionRow, RegionCol)
Score := DLResult.anomaly_score
ScoreFirst := DLResultFirst.anomaly_score
dev_display_dl_data (DLSample, DLResult, dict{{class_names: ['ok', 'nok'], class_ids: [0, 1]}}, 'all', [], WindowDict)
"""
    v = ok(run_script(program)).variables
    assert v["FinalEpoch"] == (12,)
    ok_scores, nok_scores = np.array(v["OkScores"]), np.array(v["NokScores"])
    assert len(ok_scores) >= 3 and len(nok_scores) >= 2
    assert nok_scores.min() > ok_scores.max()
    seg = v["SegmentationThreshold"][0]
    thresholds = v["ClassificationThresholds"]
    assert list(thresholds) == sorted(thresholds) and seg in thresholds
    assert ok_scores.max() < thresholds[-1] <= nok_scores.min()
    # the chosen thresholds separate the test split completely
    assert v["Recall"][-1] == 1.0 and v["Precision"][-1] == 1.0 and v["FScore"][-1] == 1.0
    assert v["SegmentationThresholdOk"] == v["ClassificationThresholdsOk"]
    assert v["AnomalyClass"] == ("nok",) and v["AnomalyClassID"] == (1,)
    assert v["Stored"] == (thresholds[-1], seg)
    assert v["Score"] == v["ScoreFirst"]
    row, col = SPOTS[2]
    assert v["RegionArea"][0] > 0
    assert abs(v["RegionRow"][0] - row) < 5 and abs(v["RegionCol"][0] - col) < 5


def test_threshold_results_checks(run_script):
    program = """
gen_image_const (Anomaly, 'real', 8, 8)
paint_region (Anomaly, Anomaly, Anomaly, 0.0, 'fill')
gen_rectangle1 (Spot, 2, 2, 3, 4)
paint_region (Spot, Anomaly, Anomaly, 5.0, 'fill')
DLResult := dict{anomaly_score: 5.0}
set_dict_object (Anomaly, DLResult, 'anomaly_image')
threshold_dl_anomaly_results (1.0, 6.0, DLResult)
Class := DLResult.anomaly_class
get_dict_object (Region, DLResult, 'anomaly_region')
area_center (Region, Area, Row, Col)
try
    threshold_dl_anomaly_results ([1.0, 2.0], 6.0, DLResult)
    Error := 'none'
catch (E)
    Error := 'thrown'
endtry
"""
    v = ok(run_script(program)).variables
    assert v["Class"] == ("ok",) and v["Area"] == (6,) and v["Error"] == ("thrown",)


def test_global_context_workflow(run_script, tmp_path):
    images, labels = write_dataset(tmp_path)
    program = f"""
set_system ('seed_rand', 5)
read_dl_dataset_anomaly ('{images}', '{labels}', [], [], [], DLDataset)
split_dl_dataset (DLDataset, 70, 15, [])
read_dl_model ('pretrained_dl_anomaly_global_context.hdl', DLModelHandle)
set_dl_model_param (DLModelHandle, 'image_dimensions', [{SIZE}, {SIZE}, 3])
set_dl_model_param (DLModelHandle, 'batch_size', 8)
set_dl_model_param (DLModelHandle, 'runtime', 'cpu')
create_dl_preprocess_param_from_model (DLModelHandle, 'none', 'full_domain', [], [], [], DLPreprocessParam)
preprocess_dl_dataset (DLDataset, '{tmp_path}/prep', DLPreprocessParam, dict{{overwrite_files: 'true'}}, DatasetFile)
create_dl_train_param (DLModelHandle, 12, 6, 'false', 42, [], [], TrainParam)
train_dl_model (DLDataset, DLModelHandle, TrainParam, 0, TrainResults, TrainInfos, EvaluationInfos)
NumEvaluations := |EvaluationInfos|
normalize_dl_gc_anomaly_scores (DLDataset, DLModelHandle, [])
get_dl_model_param (DLModelHandle, 'gc_anomaly_levels', Levels)
compute_dl_anomaly_thresholds (DLModelHandle, DLDataset, [], SegmentationThreshold, ClassificationThresholds)
evaluate_dl_model (DLDataset, DLModelHandle, 'split', 'test', dict{{anomaly_classification_thresholds: ClassificationThresholds}}, EvaluationResult, EvalParams)
OkScores := EvaluationResult.anomaly_score_histogram.scores_ok
NokScores := EvaluationResult.anomaly_score_histogram.scores_nok
get_dict_tuple (DLDataset, 'samples', Samples)
find_dl_samples (Samples, 'anomaly_label', 'nok', 'match', NokIndices)
read_dl_samples (DLDataset, NokIndices[0], DLSample)
apply_dl_model (DLModelHandle, DLSample, [], DLResult)
threshold_dl_anomaly_results (SegmentationThreshold, ClassificationThresholds[|ClassificationThresholds| - 1], DLResult)
get_dict_param (DLResult, 'keys', [], ResultKeys)
create_dict (WindowHandleDict)
DLDatasetInfo := dict{{class_names: ['ok', 'nok'], class_ids: [0, 1]}}
dev_display_dl_data (DLSample, DLResult, DLDatasetInfo, ['anomaly_both_local', 'anomaly_image_global', 'anomaly_result', 'anomaly_ground_truth'], [], WindowHandleDict)
try
    dev_display_dl_data (DLSample, DLResult, DLDatasetInfo, 'anomaly_ground_truth_local', [], WindowHandleDict)
    DisplayError := 'none'
catch (Exception)
    DisplayError := 'thrown'
endtry
"""
    v = ok(run_script(program)).variables
    assert v["NumEvaluations"] == (2,)
    levels = v["Levels"]
    assert levels[1] > levels[0] >= 0 and levels[3] > levels[2] >= 0
    ok_scores, nok_scores = np.array(v["OkScores"]), np.array(v["NokScores"])
    assert len(ok_scores) >= 3 and len(nok_scores) >= 2
    assert nok_scores.min() > ok_scores.max(), (ok_scores, nok_scores)
    assert v["DisplayError"] == ("thrown",)
    keys = set(v["ResultKeys"])
    for suffix in ("", "_local", "_global"):
        assert {"anomaly_region" + suffix, "anomaly_class" + suffix} <= keys
