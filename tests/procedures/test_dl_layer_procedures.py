# ruff: noqa: E501  (HDevelop program text)
"""A segmentation network built from layers with MVTec's procedures: dataset reading,
preprocessing from the model, train_dl_model, evaluate_dl_model and the display."""

from __future__ import annotations

from pathlib import Path

PROGRAM = """
* 16 noisy images of 32 x 32 with a bright disc (class 1) and a border of 255
set_system ('seed_rand', 5)
for I := 0 to 15 by 1
    gen_image_const (Image, 'byte', 32, 32)
    paint_region (Image, Image, Image, 40, 'fill')
    add_noise_white (Image, Image, 20)
    gen_image_const (Label, 'byte', 32, 32)
    gen_circle (Disc, 10 + (I * 5) % 12, 10 + (I * 7) % 12, 5 + I % 3)
    paint_region (Disc, Image, Image, 210, 'fill')
    paint_region (Disc, Label, Label, 1, 'fill')
    gen_rectangle1 (Inner, 1, 1, 30, 30)
    gen_rectangle1 (Whole, 0, 0, 31, 31)
    difference (Whole, Inner, Border)
    paint_region (Border, Label, Label, 255, 'fill')
    write_image (Image, 'png', 0, ImageDir + '/disc_' + I$'02d')
    write_image (Label, 'png', 0, LabelDir + '/disc_' + I$'02d')
endfor
read_dl_dataset_segmentation (ImageDir, LabelDir, ['background', 'disc'], [0, 1], [], [], [], DLDataset)
split_dl_dataset (DLDataset, 75, 0, [])
* the network: three convolutions, a pooling level and a transposed convolution back
create_dl_layer_input ('image', [32, 32, 1], [], [], DLImage)
create_dl_layer_input ('segmentation_image', [32, 32, 1], [], [], DLTarget)
create_dl_layer_convolution (DLImage, 'c1', 3, 1, 1, 8, 1, 'half_kernel_size', 'relu', [], [], C1)
create_dl_layer_pooling (C1, 'p1', 2, 2, 'none', 'maximum', [], [], P1)
create_dl_layer_convolution (P1, 'c2', 3, 1, 1, 16, 1, 'half_kernel_size', 'relu', [], [], C2)
create_dl_layer_transposed_convolution (C2, 'up', 2, 2, 8, 1, 'none', [], [], Up)
create_dl_layer_concat ([C1, Up], 'cat', 'depth', [], [], Cat)
create_dl_layer_convolution (Cat, 'scores', 1, 1, 1, 2, 1, 'none', 'none', [], [], Scores)
create_dl_layer_softmax (Scores, 'softmax', [], [], Softmax)
create_dl_layer_class_id_conversion (DLTarget, 'target_index', 'from_class_id', [], [], TargetIndex)
create_dl_layer_loss_cross_entropy (Softmax, TargetIndex, [], 'loss', 1.0, [], [], Loss)
create_dl_model (Loss, Model)
set_dl_model_param (Model, 'type', 'segmentation')
set_dl_model_param (Model, 'class_ids', DLDataset.class_ids)
set_dl_model_param (Model, 'class_names', DLDataset.class_names)
set_dl_model_param (Model, 'ignore_class_ids', 255)
set_dl_model_param (Model, 'batch_size', 4)
set_dl_model_param (Model, 'solver_type', 'adam')
set_dl_model_param (Model, 'learning_rate', 0.003)
set_dl_model_param (Model, 'runtime', 'cpu')
create_dl_preprocess_param_from_model (Model, 'none', 'full_domain', [], [], [], Param)
preprocess_dl_dataset (DLDataset, OutDir, Param, [], DatasetFile)
create_dl_train_param (Model, 8, 4, 'false', 42, [], [], TrainParam)
train_dl_model (DLDataset, Model, TrainParam, 0, TrainResults, TrainInfos, EvaluationInfos)
evaluate_dl_model (DLDataset, Model, 'split', 'test', [], Eval, EvalParams)
PixelAccuracy := Eval.pixel_accuracy
MeanIoU := Eval.mean_iou
get_dict_tuple (DLDataset, 'samples', Samples)
find_dl_samples (Samples, 'split', 'test', 'or', TestIndices)
read_dl_samples (DLDataset, TestIndices, Batch)
apply_dl_model (Model, Batch, [], Results)
get_dict_param (Results[0], 'keys', [], ResultKeys)
WindowDict := dict{}
dev_display_dl_data (Batch[0], Results[0], DLDataset, 'all', [], WindowDict)
get_dict_param (WindowDict, 'keys', [], WindowKeys)
"""


def test_layer_built_segmentation_with_the_procedures(run_script, tmp_path: Path):
    images, labels = tmp_path / "images", tmp_path / "labels"
    images.mkdir()
    labels.mkdir()
    head = f"ImageDir := '{images}'\nLabelDir := '{labels}'\nOutDir := '{tmp_path}/out'\n"
    result = run_script(head + PROGRAM)
    assert result.error is None, f"{result.error}\n{result.output}"
    v = result.variables
    assert set(v["ResultKeys"]) == {"segmentation_image", "segmentation_confidence"}
    assert v["PixelAccuracy"][0] > 0.9, (v["PixelAccuracy"], v["MeanIoU"])
    assert 0.5 < v["MeanIoU"][0] <= 1.0
    assert "segmentation_image_result" in v["WindowKeys"]
