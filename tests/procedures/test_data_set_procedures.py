"""The data set procedures: read_dl_classifier_data_set, split_dl_classifier_data_set,
select_percentage_dl_classifier_data."""

from __future__ import annotations

from collections import Counter

import pytest


def test_read_data_set_last_folder(run, class_folders):
    root = class_folders({"pear": 3, "apple": 2})
    v = run(
        "read_dl_classifier_data_set (Dir, 'last_folder', Files, Labels, Indices, Classes)\n",
        Dir=str(root),
    )
    assert v["Classes"] == ("apple", "pear")
    assert len(v["Files"]) == 5 and list(v["Files"]) == sorted(v["Files"])
    assert v["Labels"] == ("apple",) * 2 + ("pear",) * 3
    assert v["Indices"] == (0, 0, 1, 1, 1)
    for file, label in zip(v["Files"], v["Labels"], strict=True):
        assert file.split("/")[-2] == label


def test_read_data_set_file_name_sources(run, tmp_path, image_file):
    root = tmp_path / "flat"
    for name in ("apple_01.png", "apple_2.png", "pear__17.png", "kiwi.png"):
        image_file(root / name)
    v = run(
        """
read_dl_classifier_data_set (Dir, 'file_name', Files, Names, NameIndices, NameClasses)
read_dl_classifier_data_set (Dir, 'file_name_remove_index', Files2, Labels, Indices, Classes)
read_dl_classifier_data_set (Dir, [], Files3, NoLabels, NoIndices, NoClasses)
""",
        Dir=str(root),
    )
    assert v["Names"] == ("apple_01", "apple_2", "kiwi", "pear__17")
    assert v["NameIndices"] == (0, 1, 2, 3)
    assert v["Labels"] == ("apple", "apple", "kiwi", "pear")
    assert v["Classes"] == ("apple", "kiwi", "pear")
    assert v["Indices"] == (0, 0, 1, 2)
    assert len(v["Files3"]) == 4
    assert v["NoLabels"] == v["NoIndices"] == v["NoClasses"] == ()


def test_read_data_set_reads_hobj_files(run, class_folders, tmp_path):
    root = class_folders({"a": 1})
    (tmp_path / "objects" / "a").mkdir(parents=True)
    v = run(
        """
read_dl_classifier_data_set (Dir, 'last_folder', Files, Labels, Indices, Classes)
read_image (Image, Files[0])
write_object (Image, Out + '/a/x.hobj')
read_dl_classifier_data_set (Out, 'last_folder', ObjectFiles, ObjectLabels, I2, C2)
""",
        Dir=str(root),
        Out=str(tmp_path / "objects"),
    )
    assert v["ObjectFiles"] == str(tmp_path / "objects" / "a" / "x.hobj")
    assert v["ObjectLabels"] == "a"


@pytest.mark.parametrize(
    ("source", "message"),
    [("'folder'", "LabelSource not supported"), ("['last_folder', 'file_name']", "single value")],
)
def test_read_data_set_errors(run, class_folders, source, message):
    root = class_folders({"a": 1})
    error = run.error(
        f"read_dl_classifier_data_set (Dir, {source}, Files, Labels, Indices, Classes)\n",
        Dir=str(root),
    )
    assert error.code == 30000 and message in error.message


def test_read_data_set_empty_folder(run, tmp_path):
    (tmp_path / "empty").mkdir()
    error = run.error(
        "read_dl_classifier_data_set (Dir, 'last_folder', F, L, I, C)\n",
        Dir=str(tmp_path / "empty"),
    )
    assert "could not find any image files" in error.message


SPLIT = """
set_system ('seed_rand', Seed)
split_dl_classifier_data_set (Files, Labels, TrainingPercent, ValidationPercent, \\
    TrainingImages, TrainingLabels, ValidationImages, ValidationLabels, TestImages, TestLabels)
"""


def _data(counts: dict[str, int]) -> tuple[tuple, tuple]:
    files, labels = [], []
    for name, n in counts.items():
        files += [f"{name}/{name}_{i}.png" for i in range(n)]
        labels += [name] * n
    return tuple(files), tuple(labels)


def test_split_is_stratified_and_complete(run):
    counts = {"a": 20, "b": 10, "c": 7}
    files, labels = _data(counts)
    v = run(SPLIT, Seed=42, Files=files, Labels=labels, TrainingPercent=70, ValidationPercent=15)
    sets = [("TrainingImages", "TrainingLabels"), ("ValidationImages", "ValidationLabels")]
    sets.append(("TestImages", "TestLabels"))
    # every image exactly once, labels stay with their images
    all_files = [f for images, _ in sets for f in v[images]]
    assert sorted(all_files) == sorted(files)
    for images, set_labels in sets:
        assert [f.split("/")[0] for f in v[images]] == list(v[set_labels])
    # per class: floor(n * 70 / 100) training, floor(n * 85 / 100) - that validation
    for name, n in counts.items():
        train = Counter(v["TrainingLabels"])[name]
        validation = Counter(v["ValidationLabels"])[name]
        assert train == n * 70 // 100
        assert validation == n * 85 // 100 - n * 70 // 100
        assert Counter(v["TestLabels"])[name] == n - train - validation
    # the classes are mixed within a set, not one after the other
    assert list(v["TrainingLabels"]) != sorted(v["TrainingLabels"])


def test_split_is_reproducible_with_seed(run):
    files, labels = _data({"a": 30, "b": 30})
    params = {"Files": files, "Labels": labels, "TrainingPercent": 60, "ValidationPercent": 20}
    first = run(SPLIT, Seed=7, **params)
    again = run(SPLIT, Seed=7, **params)
    other = run(SPLIT, Seed=8, **params)
    assert first["TrainingImages"] == again["TrainingImages"]
    assert first["TestImages"] == again["TestImages"]
    assert first["TrainingImages"] != other["TrainingImages"]


def test_split_edge_percentages(run):
    files, labels = _data({"a": 4, "b": 3})
    v = run(SPLIT, Seed=1, Files=files, Labels=labels, TrainingPercent=100, ValidationPercent=0)
    assert sorted(v["TrainingImages"]) == sorted(files)
    assert v["ValidationImages"] == v["TestImages"] == ()
    v = run(SPLIT, Seed=1, Files=files, Labels=labels, TrainingPercent=0, ValidationPercent=0)
    assert sorted(v["TestImages"]) == sorted(files)


@pytest.mark.parametrize(
    ("files", "labels", "train", "val", "message"),
    [
        (("x", "y"), ("a",), 70, 15, "same length"),
        ((), (), 70, 15, "empty"),
        (("x",), ("a",), -1, 15, "must not be negative"),
        (("x",), ("a",), 70, 40, "more than 100"),
        (("x",), ("a",), "70", 15, "must be numbers"),
    ],
)
def test_split_errors(run, files, labels, train, val, message):
    error = run.error(
        SPLIT, Seed=1, Files=files, Labels=labels, TrainingPercent=train, ValidationPercent=val
    )
    assert error.code == 30000 and message in error.message


SELECT = """
set_system ('seed_rand', 3)
select_percentage_dl_classifier_data (Files, Labels, Percentage, FilesOut, LabelsOut)
"""


def test_select_percentage_keeps_class_shares(run):
    files, labels = _data({"a": 20, "b": 9, "c": 1})
    v = run(SELECT, Files=files, Labels=labels, Percentage=30)
    counts = Counter(v["LabelsOut"])
    # max(0, floor(n * p / 100) - 1) + 1: at least one image per class
    assert counts == {"a": 6, "b": 2, "c": 1}
    assert len(set(v["FilesOut"])) == len(v["FilesOut"])
    for file, label in zip(v["FilesOut"], v["LabelsOut"], strict=True):
        assert file.startswith(label + "/")
    assert run(SELECT, Files=files, Labels=labels, Percentage=100)["FilesOut"] == files
    assert Counter(run(SELECT, Files=files, Labels=labels, Percentage=0)["LabelsOut"]) == {
        "a": 1,
        "b": 1,
        "c": 1,
    }


@pytest.mark.parametrize(
    ("files", "labels", "percentage", "message"),
    [
        ((), (), 50, "no images"),
        (("x",), (), 50, "same length"),
        (("x",), ("a",), 101, "[0, 100]"),
        (("x",), ("a",), -5, "[0, 100]"),
    ],
)
def test_select_percentage_errors(run, files, labels, percentage, message):
    error = run.error(SELECT, Files=files, Labels=labels, Percentage=percentage)
    assert message in error.message
