"""The classification procedures called the way MVTec's example programs call them."""

from __future__ import annotations

import numpy as np


def test_read_data_set_from_a_tuple_of_class_folders(run, class_folders):
    """RawDataFolder := 'food/' + ['apple', 'pear'], as in MVTec's fruit example."""
    root = class_folders({"pear": 3, "apple": 2, "kiwi": 2})
    v = run(
        "Folders := Root + '/' + ['pear', 'apple']\n"
        "read_dl_classifier_data_set (Folders, 'last_folder', Files, Labels, Indices, Classes)\n",
        Root=str(root),
    )
    assert v["Labels"] == ("pear",) * 3 + ("apple",) * 2  # entry by entry, kiwi left out
    assert v["Classes"] == ("apple", "pear")
    assert v["Indices"] == (1, 1, 1, 0, 0)
    assert all(f.split("/")[-2] == label for f, label in zip(v["Files"], v["Labels"], strict=True))


def test_read_data_set_from_files_and_folders(run, class_folders, image_file, tmp_path):
    root = class_folders({"a": 2})
    single = image_file(tmp_path / "extra" / "b" / "b_7.PNG")
    v = run(
        "read_dl_classifier_data_set ([File, Dir], 'last_folder', Files, Labels, I, Classes)\n"
        "read_dl_classifier_data_set (File, 'file_name_remove_index', F2, L2, I2, C2)\n",
        Dir=str(root / "a"),
        File=str(single),
    )
    assert v["Files"][0] == str(single) and len(v["Files"]) == 3
    assert v["Labels"] == ("b", "a", "a") and v["Classes"] == ("a", "b")
    assert v["L2"] == "b"


def test_read_data_set_keeps_an_empty_label(run, image_file, tmp_path):
    """A file name that is all index ('001.png') gives the label '' instead of an error."""
    folder = tmp_path / "flat"
    image_file(folder / "001.png")
    image_file(folder / "cat_2.png")
    v = run(
        "read_dl_classifier_data_set (Dir, 'file_name_remove_index', Files, Labels, Idx, Cls)\n",
        Dir=str(folder),
    )
    assert v["Labels"] == ("", "cat") and v["Cls"] == ("", "cat") and v["Idx"] == (0, 1)


def test_read_data_set_tuple_errors(run, class_folders):
    root = class_folders({"a": 1})
    error = run.error(
        "read_dl_classifier_data_set ([Dir, 5], 'last_folder', F, L, I, C)\n", Dir=str(root)
    )
    assert error.code == 30000 and "strings" in error.message
    error = run.error("read_dl_classifier_data_set ([], 'last_folder', F, L, I, C)\n")
    assert error.code == 30000 and "at least one" in error.message
    error = run.error(
        "read_dl_classifier_data_set ([Dir, Dir + '/nothing'], 'last_folder', F, L, I, C)\n",
        Dir=str(root),
    )
    assert error.code == 30000


def test_confusion_matrix_has_only_ground_truth_classes(run):
    v = run(
        "gen_confusion_matrix (GT, Pred, ['display_matrix', 'return_matrix'], ['none', 'absolute'],"
        " [], Absolute)\n"
        "get_full_matrix (Absolute, Values)\n"
        "get_size_matrix (Absolute, Rows, Columns)\n"
        "gen_confusion_matrix (GT, Pred, ['display_matrix', 'return_matrix'], ['none', 'relative'],"
        " [], Relative)\n"
        "get_full_matrix (Relative, RelativeValues)\n",
        GT=("a", "a", "b", "b", "b"),
        Pred=("a", "zebra", "b", "zebra", "a"),
    )
    assert (v["Rows"], v["Columns"]) == (2, 2)
    # rows: predicted a, b; columns: ground truth a, b ('zebra' is counted nowhere)
    assert v["Values"] == (1, 1, 0, 1)
    # relative to the number of ground truth images of each class
    assert np.allclose(v["RelativeValues"], (1 / 2, 1 / 3, 0, 1 / 3))


def test_apply_batchwise_on_no_files_throws(run):
    error = run.error(
        "read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Net)\n"
        "set_dl_classifier_param (Net, 'classes', ['a', 'b'])\n"
        "apply_dl_classifier_batchwise ([], Net, ResultIDs, Predicted, Confidences)\n"
    )
    assert error.code == 30000 and "no image files" in error.message
