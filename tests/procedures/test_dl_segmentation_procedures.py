# ruff: noqa: E501  (HDevelop program text)
"""The semantic-segmentation procedures on a small generated dataset: reading the folders,
split, preprocessing of the label images, training with train_dl_model, evaluation."""

from __future__ import annotations

from pathlib import Path

import numpy as np

MAKE_DATA = """
* 24 noisy images of 48 x 48 with a bright disc (class 1), every third with a gray
* square (class 2), and their label images: background 0, a 2-pixel border of 255
set_system ('seed_rand', 3)
for I := 0 to 23 by 1
    gen_image_const (Image, 'byte', 48, 48)
    paint_region (Image, Image, Image, 40, 'fill')
    add_noise_white (Image, Image, 30)
    gen_image_const (Label, 'byte', 48, 48)
    gen_circle (Disc, 14 + (I * 7) % 20, 14 + (I * 11) % 20, 6 + I % 4)
    paint_region (Disc, Image, Image, 220, 'fill')
    paint_region (Disc, Label, Label, 1, 'fill')
    if (I % 3 == 0)
        gen_rectangle1 (Square, 36, 36, 44, 44)
        paint_region (Square, Image, Image, 130, 'fill')
        paint_region (Square, Label, Label, 2, 'fill')
    endif
    gen_rectangle1 (Inner, 2, 2, 45, 45)
    gen_rectangle1 (Whole, 0, 0, 47, 47)
    difference (Whole, Inner, Border)
    paint_region (Border, Label, Label, 255, 'fill')
    write_image (Image, 'png', 0, ImageDir + '/pill_' + I$'02d')
    write_image (Label, 'png', 0, LabelDir + '/pill_' + I$'02d')
endfor
"""


def ok(result):
    assert result.error is None, f"{result.error}\n{result.output}"
    return result


def folders(tmp_path: Path) -> tuple[Path, Path]:
    images, labels = tmp_path / "images", tmp_path / "labels"
    images.mkdir()
    labels.mkdir()
    return images, labels


def paths(images: Path, labels: Path) -> str:
    return f"ImageDir := '{images}'\nLabelDir := '{labels}'\n"


def test_read_split_and_preprocess(run_script, tmp_path):
    images, labels = folders(tmp_path)
    program = (
        MAKE_DATA
        + f"""
read_dl_dataset_segmentation (ImageDir, LabelDir, ['background', 'disc', 'square'], [0, 1, 2], [], [], [], DLDataset)
get_dict_tuple (DLDataset, 'samples', Samples)
First := Samples[0]
FirstImage := First.image_file_name
FirstLabel := First.segmentation_file_name
SegDir := DLDataset.segmentation_dir
split_dl_dataset (DLDataset, 50, 25, [])
Splits := []
for I := 0 to |Samples| - 1 by 1
    Splits := [Splits, Samples[I].split]
endfor
create_dl_preprocess_param ('segmentation', 32, 32, 3, -127, 128, 'none', 'full_domain', [255], [], [], [], Param)
preprocess_dl_dataset (DLDataset, '{tmp_path}/out', Param, [], DatasetFile)
read_dl_samples (DLDataset, 0, Batch)
get_dict_object (Seg, Batch[0], 'segmentation_image')
get_image_size (Seg, SW, SH)
get_image_type (Seg, SegType)
get_image_size (Batch[0].image, IW, IH)
read_image (Raw, LabelDir + '/' + FirstLabel)
zoom_image_size (Raw, Expected, 32, 32, 'nearest_neighbor')
sub_image (Seg, Expected, Diff, 1, 0)
min_max_gray (Diff, Diff, 0, DMin, DMax, DRange)
try
    read_dl_dataset_segmentation (ImageDir, ImageDir + '/none', ['a'], [0], [], [], [], Bad)
    Missing := 'no error'
catch (E)
    Missing := 'error'
endtry
* set_background_id: the square's class becomes background
Param.set_background_id := 0
Param.class_ids_background := 2
preprocess_dl_model_segmentations (Raw, Raw, Merged, Param)
gray_histo (Merged, Merged, AbsHisto, RelHisto)
* class weights from the train samples, and weight images in every sample
calculate_dl_segmentation_class_weights (DLDataset, 50, [255], ClassWeights)
gen_dl_segmentation_weight_images (DLDataset, Param, ClassWeights, [])
find_dl_samples (Samples, 'split', 'train', 'or', TrainIndices)
read_dl_samples (DLDataset, TrainIndices, TrainBatch)
TrainLabels := []
TrainWeights := []
for I := 0 to |TrainBatch| - 1 by 1
    get_dict_object (S, TrainBatch[I], 'segmentation_image')
    get_dict_object (W, TrainBatch[I], 'weight_image')
    get_region_points (S, Rows, Cols)
    get_grayval (S, Rows, Cols, SV)
    get_grayval (W, Rows, Cols, WV)
    TrainLabels := [TrainLabels, SV]
    TrainWeights := [TrainWeights, WV]
endfor
"""
    )
    v = ok(run_script(paths(images, labels) + program)).variables
    assert v["FirstImage"] == ("pill_00.png",) and v["FirstLabel"] == ("pill_00.png",)
    assert v["SegDir"] == (str(labels),)
    splits = list(v["Splits"])
    assert (splits.count("train"), splits.count("validation"), splits.count("test")) == (12, 6, 6)
    assert (v["SW"], v["SH"], v["IW"], v["IH"]) == ((32,), (32,), (32,), (32,))
    assert v["SegType"] == ("byte",)
    assert v["DMin"] == (0.0,) and v["DMax"] == (0.0,)  # nearest neighbour, ids unchanged
    assert v["Missing"] == ("error",)
    histogram = v["AbsHisto"]
    assert histogram[2] == 0 and histogram[0] > 0 and histogram[255] > 0
    labels, weights = np.array(v["TrainLabels"]), np.array(v["TrainWeights"])
    counts = np.array([np.sum(labels == c) for c in range(3)])
    expected = np.minimum(counts.sum() / (3 * counts), 50)
    np.testing.assert_allclose(v["ClassWeights"], expected, rtol=1e-6)
    assert expected[0] < 1 < expected[1]  # the background is common, the disc rarer
    np.testing.assert_allclose(weights[labels == 255], 0)
    for c in range(3):
        np.testing.assert_allclose(weights[labels == c], expected[c], rtol=1e-6)


def test_train_and_evaluate(run_script, tmp_path):
    images, labels = folders(tmp_path)
    program = (
        MAKE_DATA
        + f"""
read_dl_dataset_segmentation (ImageDir, LabelDir, ['background', 'disc', 'square'], [0, 1, 2], [], [], [], DLDataset)
split_dl_dataset (DLDataset, 60, 15, [])
create_dl_preprocess_param ('segmentation', 32, 32, 3, -127, 128, 'none', 'full_domain', [255], [], [], [], Param)
preprocess_dl_dataset (DLDataset, '{tmp_path}/out', Param, [], DatasetFile)
read_dl_model ('pretrained_dl_segmentation_compact.hdl', Model)
set_dl_model_param (Model, 'class_ids', DLDataset.class_ids)
set_dl_model_param (Model, 'class_names', DLDataset.class_names)
set_dl_model_param (Model, 'ignore_class_ids', 255)
set_dl_model_param (Model, 'image_dimensions', [32, 32, 3])
set_dl_model_param (Model, 'batch_size', 4)
set_dl_model_param (Model, 'learning_rate', 0.05)
set_dl_model_param (Model, 'runtime', 'cpu')
create_dl_train_param (Model, 12, 6, 'false', 42, 'serialize', dict{{type: 'final', basename: '{tmp_path}/final'}}, TrainParam)
train_dl_model (DLDataset, Model, TrainParam, 0, TrainResults, TrainInfos, EvaluationInfos)
Comparison := TrainParam.evaluation_comparison_keys
evaluate_dl_model (DLDataset, Model, 'split', 'test', [], Eval, EvalParams)
PixelAccuracy := Eval.pixel_accuracy
ClassAccuracy := Eval.class_pixel_accuracy
MeanAccuracy := Eval.mean_accuracy
ClassIoU := Eval.class_iou
MeanIoU := Eval.mean_iou
FWIoU := Eval.fwiou
GlobalIoU := Eval.global.mean_iou
* the same pixels by hand: ground truth and prediction of every test sample
get_dict_tuple (DLDataset, 'samples', Samples)
find_dl_samples (Samples, 'split', 'test', 'or', TestIndices)
read_dl_samples (DLDataset, TestIndices, Batch)
apply_dl_model (Model, Batch, [], Results)
Truth := []
Predicted := []
for I := 0 to |Batch| - 1 by 1
    get_dict_object (T, Batch[I], 'segmentation_image')
    get_dict_object (P, Results[I], 'segmentation_image')
    get_region_points (T, Rows, Cols)
    get_grayval (T, Rows, Cols, TV)
    get_grayval (P, Rows, Cols, PV)
    Truth := [Truth, TV]
    Predicted := [Predicted, PV]
endfor
evaluate_dl_model (DLDataset, Model, 'split', 'test', dict{{measures: ['mean_iou', 'pixel_accuracy']}}, Some, SomeParams)
get_dict_param (Some, 'keys', [], SomeKeys)
WindowDict := dict{{}}
dev_display_dl_data (Batch[0], Results[0], DLDataset, 'all', [], WindowDict)
dev_display_dl_data (Batch[0], Results[0], DLDataset, ['segmentation_image_diff', 'segmentation_confidence'], [], WindowDict)
get_dict_param (WindowDict, 'keys', [], WindowKeys)
"""
    )
    v = ok(run_script(paths(images, labels) + program)).variables
    assert v["Comparison"] == ("mean_iou",)
    assert (tmp_path / "final.hdl").is_file()
    truth = np.array(v["Truth"])
    predicted = np.array(v["Predicted"])
    counted = truth != 255
    assert counted.sum() < truth.size  # the border is there, and left out below
    t, p = truth[counted], predicted[counted]
    hits = np.array([np.sum((t == c) & (p == c)) for c in range(3)])
    gt = np.array([np.sum(t == c) for c in range(3)])
    pred = np.array([np.sum(p == c) for c in range(3)])
    union = gt + pred - hits
    iou = np.where(union > 0, hits / np.maximum(union, 1), -1.0)
    accuracy = np.where(gt > 0, hits / np.maximum(gt, 1), -1.0)
    np.testing.assert_allclose(v["PixelAccuracy"], hits.sum() / gt.sum())
    np.testing.assert_allclose(v["ClassAccuracy"], accuracy)
    np.testing.assert_allclose(v["MeanAccuracy"], accuracy[accuracy >= 0].mean())
    np.testing.assert_allclose(v["ClassIoU"], iou)
    np.testing.assert_allclose(v["MeanIoU"], iou[iou >= 0].mean())
    np.testing.assert_allclose(v["GlobalIoU"], v["MeanIoU"])
    np.testing.assert_allclose(v["FWIoU"], np.sum(gt / gt.sum() * np.maximum(iou, 0)))
    # training learned more than "everything is background"
    assert v["PixelAccuracy"][0] > np.mean(t == 0) + 0.03
    assert sorted(v["SomeKeys"]) == ["evaluated_samples", "global", "mean_iou", "pixel_accuracy"]
    assert sorted(v["WindowKeys"]) == [
        "image",
        "segmentation_confidence",
        "segmentation_image_diff",
        "segmentation_image_ground_truth",
        "segmentation_image_result",
    ]


def test_augmentation_moves_labels_with_the_image(run_script):
    """The image is the label image times 50: after a geometric augmentation they still
    agree pixel by pixel; a brightness change leaves the labels alone."""
    program = """
set_system ('seed_rand', 5)
gen_image_const (Label, 'byte', 40, 30)
gen_rectangle1 (Box, 3, 5, 12, 20)
paint_region (Box, Label, Label, 1, 'fill')
gen_circle (Disc, 20, 30, 6)
paint_region (Disc, Label, Label, 2, 'fill')
convert_image_type (Label, Real, 'real')
scale_image (Real, Real, 50, 0)
compose3 (Real, Real, Real, Image)
Settings := [dict{mirror: 'rc'}, dict{rotate: 90}, dict{rotate_range: 20}, dict{crop_pixel: 6}, dict{brightness_variation: 40}]
Agree := []
Sizes := []
LabelsKept := []
for S := 0 to |Settings| - 1 by 1
    Param := Settings[S]
    Param.augmentation_percentage := 100
    for Trial := 1 to 3 by 1
        Sample := dict{image: Image, segmentation_image: Label, weight_image: Real}
        augment_dl_samples (Sample, Param)
        get_dict_object (I, Sample, 'image')
        get_dict_object (L, Sample, 'segmentation_image')
        get_dict_object (W, Sample, 'weight_image')
        access_channel (I, I1, 1)
        get_image_size (I1, IW, IH)
        get_image_size (L, LW, LH)
        Sizes := [Sizes, IW == LW and IH == LH]
        convert_image_type (L, LR, 'real')
        scale_image (LR, Expected, 50, 0)
        abs_diff_image (W, Expected, WeightDiff, 1)
        min_max_gray (WeightDiff, WeightDiff, 0, Min, WeightMax, Range)
        gray_histo (L, L, Histo, RelHisto)
        LabelsKept := [LabelsKept, sum(Histo[3:255]) == 0 and WeightMax < 0.5]
        if (S == 0 or S == 1 or S == 3)
            abs_diff_image (I1, Expected, Diff, 1)
            min_max_gray (Diff, Diff, 0, Min, Max, Range)
            Agree := [Agree, Max < 0.5]
        endif
        if (S == 4)
            abs_diff_image (L, Label, LabelDiff, 1)
            min_max_gray (LabelDiff, LabelDiff, 0, Min, LabelMax, Range)
            abs_diff_image (I1, Real, ImageDiff, 1)
            min_max_gray (ImageDiff, ImageDiff, 0, Min, ImageMax, Range)
            Agree := [Agree, LabelMax == 0 and ImageMax > 0]
        endif
    endfor
endfor
"""
    v = ok(run_script(program)).variables
    assert all(v["Sizes"]) and len(v["Sizes"]) == 15
    assert all(v["LabelsKept"])
    assert all(v["Agree"]) and len(v["Agree"]) == 12
