"""The evaluation procedures: gen_confusion_matrix, evaluate_dl_classifier,
compute_top_k_error, apply_dl_classifier_batchwise."""

from __future__ import annotations

import numpy as np
import pytest

GT = ("a", "a", "a", "b", "b", "c", "c", "c", "c")
PRED = ("a", "a", "b", "b", "b", "c", "a", "c", "c")


def test_confusion_matrix_known_values(run):
    v = run(
        """
gen_confusion_matrix (GT, Pred, ['display_matrix', 'text_output'], ['none', 'absolute'], [], \\
    Absolute)
get_full_matrix (Absolute, AbsoluteValues)
get_size_matrix (Absolute, Rows, Columns)
gen_confusion_matrix (GT, Pred, ['display_matrix', 'return_matrix'], ['none', 'relative'], \\
    [], Relative)
get_full_matrix (Relative, RelativeValues)
gen_confusion_matrix (GT, Pred, ['display_matrix', 'return_matrix'], ['none', 'none'], [], NoMatrix)
""",
        GT=GT,
        Pred=PRED,
    )
    # rows: predicted a, b, c; columns: ground truth a, b, c
    assert (v["Rows"], v["Columns"]) == (3, 3)
    assert v["AbsoluteValues"] == (2, 0, 1, 1, 2, 0, 0, 0, 3)
    expected = np.array([[2 / 3, 0, 1 / 4], [1 / 3, 1, 0], [0, 0, 3 / 4]]).ravel()
    assert np.allclose(v["RelativeValues"], expected)
    assert v.tuple("NoMatrix") == ()
    lines = run.output.splitlines()
    assert lines[1].split() == ["predicted", "a", "b", "c"]
    assert lines[2].split() == ["a", "2", "0", "1"]
    assert lines[4].split() == ["c", "0", "0", "3"]


def test_confusion_matrix_display(run, tmp_path):
    v = run(
        """
dev_open_window (0, 0, 300, 200, 'black', WindowHandle)
gen_confusion_matrix (GT, Pred, ['display_matrix', 'display_column_width', 'display_color'], \\
    ['relative', 'equal', 'true'], WindowHandle, Matrix)
get_window_extents (WindowHandle, Row, Column, Width, Height)
dump_window_image (Picture, WindowHandle)
* pixels drawn in green (correct) and in red (confusions)
decompose3 (Picture, Red, Green, Blue)
sub_image (Green, Red, GreenOverRed, 1, 0)
threshold (GreenOverRed, GreenText, 60, 255)
area_center (GreenText, GreenArea, R1, C1)
sub_image (Red, Green, RedOverGreen, 1, 0)
threshold (RedOverGreen, RedText, 60, 255)
area_center (RedText, RedArea, R2, C2)
""",
        GT=GT,
        Pred=PRED,
    )
    assert v["Width"] >= 450 and v["Height"] >= 250  # the minimum size of the display
    assert v["GreenArea"] > 20 and v["RedArea"] > 20


@pytest.mark.parametrize(
    ("names", "values", "gt", "pred", "message"),
    [
        ("'display_matrix'", "'percent'", GT, PRED, "display_matrix must be"),
        ("'colour'", "'true'", GT, PRED, "unknown generic parameter: colour"),
        ("[]", "[]", GT, PRED[:-1], "same length"),
        ("[]", "[]", (), (), "no labels"),
    ],
)
def test_confusion_matrix_errors(run, names, values, gt, pred, message):
    error = run.error(
        f"gen_confusion_matrix (GT, Pred, {names}, {values}, [], M)\n", GT=gt, Pred=pred
    )
    assert message in error.message


CLASSIFY = """
set_system ('seed_rand', 5)
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Net)
set_dl_classifier_param (Net, 'image_dimensions', [32, 32, 3])
set_dl_classifier_param (Net, 'classes', ['a', 'b', 'c'])
set_dl_classifier_param (Net, 'batch_size', 4)
ObjectFiles := []
for Index := 0 to |Files| - 1 by 1
    read_image (Image, Files[Index])
    preprocess_dl_classifier_images (Image, Pre, [], [], Net)
    ObjectFiles[Index] := Files[Index] + '.hobj'
    write_object (Pre, ObjectFiles[Index])
endfor
apply_dl_classifier_batchwise (ObjectFiles, Net, ResultIDs, PredictedVector, ConfidenceVector)
NumResults := |ResultIDs|
NumVector := PredictedVector.length()
convert_vector_to_tuple (PredictedVector, AllPredicted)
convert_vector_to_tuple (ConfidenceVector, AllConfidences)
"""


@pytest.fixture
def classified(run, image_file, tmp_path):
    """10 real images classified by an untrained 3-class network, batch size 4."""
    files = tuple(str(image_file(tmp_path / f"img_{i}.png", seed=i)) for i in range(10))
    labels = ("a", "b", "c", "a", "b", "c", "a", "b", "c", "c")

    def evaluate(extra: str, **inputs):
        return run(CLASSIFY + extra, Files=files, Labels=labels, **inputs)

    return evaluate, labels


def _expected(labels, ranked):
    """top-1 and top-2 errors, per-class precision and recall computed here."""
    classes = ("a", "b", "c")
    top1 = [r[0] for r in ranked]
    m = np.zeros((3, 3))
    for label, p in zip(labels, top1, strict=True):
        m[classes.index(p), classes.index(label)] += 1
    rows, cols = m.sum(1), m.sum(0)
    precision = np.where(rows > 0, np.diag(m) / np.maximum(rows, 1), 0.0)
    recall = np.diag(m) / cols
    top2 = np.mean([label not in r[:2] for label, r in zip(labels, ranked, strict=True)])
    top1_error = np.mean([label != p for label, p in zip(labels, top1, strict=True)])
    return m, precision, recall, top1_error, top2


def _f(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def test_apply_batchwise_and_evaluate(classified):
    run_it, labels = classified
    v = run_it(
        """
evaluate_dl_classifier (Labels, Net, ResultIDs, ['top1_error', 'top2_error', 'top3_error', \\
    'precision', 'recall', 'f_score'], 'global', Global)
evaluate_dl_classifier (Labels, Net, ResultIDs, ['precision', 'recall', 'f_score'], 'b', ClassB)
evaluate_dl_classifier (Labels, Net, ResultIDs, 'top1_error', ['a', 'b', 'c'], PerClassTop1)
evaluate_dl_classifier ([0, 1, 2, 0, 1, 2, 0, 1, 2, 2], Net, ResultIDs, 'f_score', 2, ByIndex)
evaluate_dl_classifier (Labels, Net, ResultIDs, ['absolute_confusion_matrix', \\
    'relative_confusion_matrix'], 'global', Matrices)
get_full_matrix (Matrices[0], AbsoluteValues)
get_full_matrix (Matrices[1], RelativeValues)
compute_top_k_error (Net, ResultIDs, Labels, [0:9], 3, Top3)
compute_top_k_error (Net, ResultIDs, Labels, [1, 4, 7], 2, Top2B)
"""
    )
    # batch size 4: three result handles for 10 images, one vector entry per image
    assert v["NumResults"] == 3 and v["NumVector"] == 10
    ranked = [v.tuple("AllPredicted")[3 * i : 3 * i + 3] for i in range(10)]
    confidences = np.array(v.tuple("AllConfidences")).reshape(10, 3)
    assert all(sorted(r) == ["a", "b", "c"] for r in ranked)
    assert np.allclose(confidences.sum(1), 1.0, atol=1e-5)
    assert np.all(np.diff(confidences, axis=1) <= 1e-7)  # sorted by confidence
    m, precision, recall, top1, top2 = _expected(labels, ranked)
    g = v.tuple("Global")
    assert g[0] == pytest.approx(top1) and g[1] == pytest.approx(top2) and g[2] == 0.0
    assert g[3] == pytest.approx(precision.mean()) and g[4] == pytest.approx(recall.mean())
    assert g[5] == pytest.approx(_f(precision.mean(), recall.mean()))
    b = v.tuple("ClassB")
    assert b == pytest.approx((precision[1], recall[1], _f(precision[1], recall[1])))
    for k, name in enumerate("abc"):
        members = [i for i, label in enumerate(labels) if label == name]
        expected = np.mean([ranked[i][0] != name for i in members])
        assert v.tuple("PerClassTop1")[k] == pytest.approx(expected)
    assert v["ByIndex"] == pytest.approx(_f(precision[2], recall[2]))
    assert v.tuple("AbsoluteValues") == tuple(m.ravel())
    assert np.allclose(v.tuple("RelativeValues"), (m / m.sum(0)).ravel())
    assert v["Top3"] == 0.0
    expected_b = np.mean([labels[i] not in ranked[i][:2] for i in (1, 4, 7)])
    assert v["Top2B"] == pytest.approx(expected_b)


@pytest.mark.parametrize(
    ("labels", "measure", "classes", "message"),
    [
        ("Labels", "'accuracy'", "'global'", "invalid option"),
        ("Labels", "'precision'", "'d'", "invalid class to evaluate: d"),
        ("Labels", "['precision', 'recall']", "['a', 'b', 'c']", "different lengths"),
        ("Labels[0:8]", "'top1_error'", "'global'", "9 labels but 10 classified"),
        ("[0, 1, 2, 0, 1, 2, 0, 1, 2, 3]", "'top1_error'", "'global'", "outside the classes"),
        ("gen_tuple_const(10, 'a')", "'top1_error'", "'global'", "class b does not occur"),
        ("[Labels[0:8], 'z']", "'top1_error'", "'global'", "not a class"),
    ],
)
def test_evaluate_errors(classified, run, labels, measure, classes, message):
    run_it, _ = classified
    with pytest.raises(Exception) as info:
        run_it(f"evaluate_dl_classifier ({labels}, Net, ResultIDs, {measure}, {classes}, E)\n")
    assert message in info.value.message


def test_apply_batchwise_reports_unprocessed_images(run, image_file, tmp_path):
    path = image_file(tmp_path / "raw.png")
    error = run.error(
        """
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Net)
set_dl_classifier_param (Net, 'classes', ['a', 'b'])
apply_dl_classifier_batchwise (Files, Net, ResultIDs, Predicted, Confidences)
""",
        Files=(str(path),),
    )
    assert error.code in (2106, 2107, 3122, 9001, 9003)
    assert "preprocess_dl_classifier_images" in " ".join(str(x) for x in error.user_data)
