# ruff: noqa: E501  (HDevelop program text)
"""MVTec-style DL procedures on small generated data: dataset, split, preprocessing, measures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image as PILImage


def write_classes(root: Path, counts: dict[str, int], size: int = 24) -> Path:
    for k, (name, count) in enumerate(sorted(counts.items())):
        folder = root / "data" / name
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(k)
        for i in range(count):
            pixels = np.clip(rng.normal(60 + 80 * k, 15, (size, size, 3)), 0, 255)
            PILImage.fromarray(pixels.astype(np.uint8)).save(folder / f"{name}_{i:02d}.png")
    return root / "data"


def ok(result):
    assert result.error is None, f"{result.error}\n{result.output}"
    return result


def test_dataset_split_and_preprocessing(run_script, tmp_path):
    data = write_classes(tmp_path, {"a": 10, "b": 20})
    program = f"""
set_system ('seed_rand', 7)
read_dl_dataset_classification ('{data}', 'last_folder', DLDataset)
split_dl_dataset (DLDataset, 60, 20, [])
get_dict_tuple (DLDataset, 'samples', Samples)
Splits := []
Labels := []
for I := 0 to |Samples| - 1 by 1
    Splits := [Splits, Samples[I].split]
    Labels := [Labels, Samples[I].image_label_id]
endfor
ImageDir := DLDataset.image_dir
FirstFile := Samples[0].image_file_name
create_dl_preprocess_param ('classification', 16, 12, 3, [], [], 'all_channels', 'full_domain', [], [], [], [], Param)
preprocess_dl_dataset (DLDataset, '{tmp_path}/out/ds', Param, [], DatasetFile)
read_dl_samples (DLDataset, [0, 1], Batch)
get_dict_object (Image, Batch[0], 'image')
get_image_size (Image, W, H)
count_channels (Image, C)
get_image_type (Image, Type)
min_max_gray (Image, Image, 0, Min, Max, Range)
try
    split_dl_dataset (DLDataset, 60, 20, [])
    Again := 'no error'
catch (E)
    Again := 'error'
endtry
"""
    v = ok(run_script(program)).variables
    assert v["ImageDir"] == (str(data),)
    assert v["FirstFile"] == ("a/a_00.png",)
    splits, labels = np.array(v["Splits"]), np.array(v["Labels"])
    assert sorted(set(labels)) == [0, 1]
    assert (splits[labels == 0] == "train").sum() == 6
    assert (splits[labels == 1] == "train").sum() == 12
    assert (splits[labels == 1] == "validation").sum() == 4
    assert v["W"] == (16,) and v["H"] == (12,) and v["C"] == (3,) and v["Type"] == ("real",)
    assert v["Min"][0] > -127.001 and v["Max"][0] < 128.001
    assert Path(v["DatasetFile"][0]).is_file()
    assert v["Again"] == ("error",)
    # the same seed gives the same split
    again = run_script(program.replace("out/ds", "out/ds2"), name="again.hdtxt")
    assert ok(again).variables["Splits"] == v["Splits"]


def test_preprocess_none_and_channel_conversion(run_script):
    program = """
gen_image_const (Gray, 'byte', 8, 6)
scale_image (Gray, Gray, 1, 200)
gen_dl_samples_from_images (Gray, Samples)
create_dl_preprocess_param ('classification', 8, 6, 3, -127, 128, 'none', 'full_domain', [], [], [], [], Param)
preprocess_dl_samples (Samples, Param)
get_dict_object (Out, Samples[0], 'image')
count_channels (Out, Channels)
get_grayval (Out, 0, 0, Value)
try
    create_dl_preprocess_param ('classification', 8, 6, 3, 0, 1, 'none', 'full_domain', [], [], [], [], Bad)
    Range := 'accepted'
catch (E)
    Range := 'rejected'
endtry
"""
    v = ok(run_script(program)).variables
    assert v["Channels"] == (3,)
    assert v["Value"][0] == 200 - 127
    assert v["Range"] == ("rejected",)


def test_find_samples_and_change_strategy(run_script):
    program = """
S := [dict{split: 'train'}, dict{split: 'test'}, dict{split: 'train'}, dict{x: 1}]
find_dl_samples (S, 'split', 'train', 'match', Train)
find_dl_samples (S, 'split', ['test', 'train'], 'or', Any)
read_dl_model ('pretrained_dl_classifier_compact.hdl', M)
Change := dict{model_param: 'learning_rate', initial_value: 0.01, epochs: [1, 2], values: [0.001, 0.0001]}
update_train_dl_model_change_strategies (M, Change, 0.5)
get_dl_model_param (M, 'learning_rate', LR0)
update_train_dl_model_change_strategies (M, Change, 1.5)
get_dl_model_param (M, 'learning_rate', LR1)
update_train_dl_model_change_strategies (M, Change, 2.0)
get_dl_model_param (M, 'learning_rate', LR2)
"""
    v = ok(run_script(program)).variables
    assert v["Train"] == (0, 2) and v["Any"] == (0, 1, 2)
    assert v["LR0"] == (0.01,) and v["LR1"] == (0.001,) and v["LR2"] == (0.0001,)
