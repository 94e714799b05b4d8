"""get_dl_classifier_image_results, gen_interactive_confusion_matrix, the heatmap procedures,
clip_gray_range."""

from __future__ import annotations

import pytest


@pytest.fixture
def files(image_file, tmp_path):
    return tuple(str(image_file(tmp_path / f"i{k}.png", seed=k)) for k in range(6))


LABELS = ("a", "a", "b", "b", "c", "c")
PREDICTED = ("a", "b", "b", "a", "c", "a")


def test_image_results_selection(run, files):
    v = run(
        """
get_dl_classifier_image_results (Wrong, Files, Labels, Predicted, [], [], [], WrongFiles, \\
    WrongLabels, WrongPredicted)
count_obj (Wrong, NumWrong)
get_dl_classifier_image_results (Right, Files, Labels, Predicted, 'selection', 'correct', [], \\
    RightFiles, RightLabels, RightPredicted)
get_dl_classifier_image_results (AsA, Files, Labels, Predicted, ['selection', \\
    'predicted_class'], ['all', 'a'], [], AsAFiles, AsALabels, AsAPredicted)
get_dl_classifier_image_results (Cell, Files, Labels, Predicted, ['ground_truth_label', \\
    'predicted_class', 'max_num_images'], ['c', 'a', 5], [], CellFiles, CellLabels, \\
    CellPredicted)
get_dl_classifier_image_results (Two, Files, Labels, Predicted, ['selection', \\
    'max_num_images'], ['all', 2], [], TwoFiles, TwoLabels, TwoPredicted)
""",
        Files=files,
        Labels=LABELS,
        Predicted=PREDICTED,
    )
    assert v.tuple("WrongFiles") == (files[1], files[3], files[5]) and v["NumWrong"] == 3
    assert v.tuple("WrongLabels") == ("a", "b", "c")
    assert v.tuple("WrongPredicted") == ("b", "a", "a")
    assert v.tuple("RightFiles") == (files[0], files[2], files[4])
    assert v.tuple("AsAFiles") == (files[0], files[3], files[5])
    assert v.tuple("CellFiles") == (files[5],)
    assert v.tuple("TwoFiles") == files[:2]


def test_image_results_display(run, files, tmp_path):
    v = run(
        """
dev_open_window (0, 0, 400, 300, 'black', WindowHandle)
get_dl_classifier_image_results (Wrong, Files, Labels, Predicted, 'display_columns', 2, \\
    WindowHandle, WrongFiles, WrongLabels, WrongPredicted)
dump_window_image (Picture, WindowHandle)
rgb1_to_gray (Picture, Gray)
threshold (Gray, Drawn, 1, 255)
area_center (Drawn, Area, Row, Column)
""",
        Files=files,
        Labels=LABELS,
        Predicted=PREDICTED,
    )
    # three tiles of 150 x 150 (two columns, two rows in 400 x 300) are drawn
    assert v["Area"] >= 3 * 150 * 150 * 0.9
    error = run.error(
        "get_dl_classifier_image_results (I, Files, Labels, Predicted, 'selection', 'some', \\\n"
        "    [], F, L, P)\n",
        Files=files,
        Labels=LABELS,
        Predicted=PREDICTED,
    )
    assert "selection must be" in error.message
    error = run.error(
        "get_dl_classifier_image_results (I, Files, Labels, Predicted, [], [], [], F, L, P)\n",
        Files=files,
        Labels=LABELS[:2],
        Predicted=PREDICTED,
    )
    assert "same length" in error.message


def test_interactive_confusion_matrix_returns_without_a_mouse(run, files, tmp_path):
    v = run(
        """
dev_open_window (0, 0, 300, 200, 'black', WindowHandle)
count_seconds (Start)
gen_interactive_confusion_matrix (Labels, Predicted, Files, ['display_matrix', 'timeout'], \\
    ['relative', 0.3], WindowHandle)
count_seconds (End)
Seconds := End - Start
get_window_extents (WindowHandle, Row, Column, Width, Height)
""",
        display_dir=tmp_path / "shots",
        Files=files,
        Labels=LABELS,
        Predicted=PREDICTED,
    )
    assert 0.3 <= v["Seconds"] < 5.0
    assert (v["Width"], v["Height"]) == (450, 250)  # the matrix is shown
    assert list((tmp_path / "shots").glob("*.png"))
    error = run.error(
        "dev_open_window (0, 0, 300, 200, 'black', W)\n"
        "gen_interactive_confusion_matrix (Labels, Predicted, Files, 'display_matrix', \\\n"
        "    'none', W)\n",
        Files=files,
        Labels=LABELS,
        Predicted=PREDICTED,
    )
    assert "display_matrix must be" in error.message


HEATMAP = """
set_system ('seed_rand', 3)
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Net)
set_dl_classifier_param (Net, 'image_dimensions', [32, 32, 3])
set_dl_classifier_param (Net, 'classes', ['a', 'b', 'c'])
read_image (Raw, File)
preprocess_dl_classifier_images (Raw, Image, [], [], Net)
"""


def test_occlusion_heatmap_values(run, image_file, tmp_path):
    path = image_file(tmp_path / "x.png", size=(32, 32))
    v = run(
        HEATMAP
        + """
gen_dl_classifier_heatmap (Image, Heatmap, Net, 'b', 8, 8, Class, Confidence)
get_image_size (Heatmap, Width, Height)
get_image_type (Heatmap, Type)
* the drop when the square at (0, 0) is hidden, computed here
apply_dl_classifier (Image, Net, Result)
get_dl_classifier_result (Result, 0, 'predicted_classes', Classes)
get_dl_classifier_result (Result, 0, 'confidences', Confidences)
Before := Confidences[find(Classes, 'b')]
gen_rectangle1 (Square, 0, 0, 7, 7)
paint_region (Square, Image, Occluded, 0.5, 'fill')
apply_dl_classifier (Occluded, Net, Result2)
get_dl_classifier_result (Result2, 0, 'predicted_classes', Classes2)
get_dl_classifier_result (Result2, 0, 'confidences', Confidences2)
Drop := Before - Confidences2[find(Classes2, 'b')]
get_grayval (Heatmap, [0, 7, 31], [0, 7, 31], Heat)
gen_dl_classifier_heatmap (Image, Heatmap2, Net, [], 16, 4, TopClass, TopConfidence)
""",
        File=str(path),
    )
    assert (v["Width"], v["Height"], v["Type"]) == (32, 32, "real")
    assert v["Class"] == "b" and v["Confidence"] == pytest.approx(v["Before"])
    # squares at (0, 0), (0, 8)... do not overlap: pixel (0, 0) and (7, 7) hold one drop
    heat = v.tuple("Heat")
    assert heat[0] == pytest.approx(v["Drop"], abs=1e-5) and heat[1] == heat[0]
    assert v["TopClass"] == v.tuple("Classes")[0]
    assert v["TopConfidence"] == pytest.approx(v.tuple("Confidences")[0])


def test_heatmap_display(run, image_file, tmp_path):
    path = image_file(tmp_path / "x.png", size=(32, 32))
    v = run(
        HEATMAP
        + """
dev_open_window (0, 0, 256, 256, 'black', WindowHandle)
dev_display_dl_classifier_heatmap (Image, Net, ['feature_size', 'sampling_size', \\
    'display_mode'], [8, 4, 'heatmap'], WindowHandle)
dump_window_image (Picture, WindowHandle)
rgb1_to_gray (Picture, Gray)
threshold (Gray, Colored, 1, 255)
area_center (Colored, Area, Row, Column)
dev_display_dl_classifier_heatmap (Image, Net, 'target_class', 'c', WindowHandle)
""",
        File=str(path),
    )
    assert v["Area"] > 256 * 256 * 0.5  # the heat colors fill the window
    error = run.error(
        HEATMAP
        + "dev_open_window (0, 0, 64, 64, 'black', W)\n"
        + "dev_display_dl_classifier_heatmap (Image, Net, 'method', 'grad_cam', W)\n",
        File=str(path),
    )
    assert "unknown generic parameter: method" in error.message
    error = run.error(
        HEATMAP + "gen_dl_classifier_heatmap (Image, H, Net, 'z', 8, 8, C, Conf)\n", File=str(path)
    )
    assert "z is not a class" in error.message
    error = run.error(
        HEATMAP + "gen_dl_classifier_heatmap (Image, H, Net, [], 40, 8, C, Conf)\n", File=str(path)
    )
    assert "larger than the image" in error.message


def test_clip_gray_range(run):
    v = run(
        """
gen_image_const (Real, 'real', 4, 4)
scale_image (Real, Real, 1, 300)
gen_image_const (Byte, 'byte', 4, 4)
concat_obj (Real, Byte, Both)
clip_gray_range (Both, Clipped, -10, 128)
select_obj (Clipped, ClippedReal, 1)
min_max_gray (ClippedReal, ClippedReal, 0, Min, Max, Range)
count_obj (Clipped, Count)
"""
    )
    assert (v["Min"], v["Max"], v["Count"]) == (128.0, 128.0, 2)
    assert (
        "larger than"
        in run.error("gen_image_const (I, 'real', 2, 2)\nclip_gray_range (I, C, 5, 1)\n").message
    )
