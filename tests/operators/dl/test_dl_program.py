"""The classifier operators from HDevelop programs, and the plugin's cheap import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[3] / "docs" / "pretrained-networks.md"

TRAIN_PROGRAM = """\
* fine-tune compact on 48 images, 5 epochs, as HALCON's examples do
set_system ('seed_rand', 42)
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', DLClassifierHandle)
set_dl_classifier_param (DLClassifierHandle, 'classes', ['horizontal','vertical','disc'])
set_dl_classifier_param (DLClassifierHandle, 'image_dimensions', [64,64,3])
set_dl_classifier_param (DLClassifierHandle, 'batch_size', 8)
set_dl_classifier_param (DLClassifierHandle, 'learning_rate', 0.001)
set_dl_classifier_param (DLClassifierHandle, 'momentum', 0.9)
set_dl_classifier_param (DLClassifierHandle, 'runtime', 'cpu')
set_dl_classifier_param (DLClassifierHandle, 'runtime_init', 'immediately')
Losses := []
for Epoch := 1 to 5 by 1
    for Start := 1 to 48 by 8
        select_obj (TrainImages, BatchImages, [Start:Start + 7])
        BatchLabels := TrainLabels[Start - 1:Start + 6]
        train_dl_classifier_batch (BatchImages, DLClassifierHandle, BatchLabels, TrainResult)
        get_dl_classifier_train_result (TrainResult, 'loss', Loss)
        Losses := [Losses, Loss]
    endfor
endfor
write_dl_classifier (DLClassifierHandle, ModelFile)
clear_dl_classifier (DLClassifierHandle)
read_dl_classifier (ModelFile, Classifier)
set_dl_classifier_param (Classifier, 'batch_size', 7)
apply_dl_classifier (TestImages, Classifier, Result)
get_dl_classifier_result (Result, 'all', 'predicted_classes', Predicted)
get_dl_classifier_result (Result, 0, 'confidences', Confidences)
Correct := sum(Predicted [==] TestLabels)
try
    train_dl_classifier_batch (TestImages, Classifier, TestLabels, TrainResult)
catch (Exception)
    ErrorCode := Exception[0]
endtry
"""


def test_training_program(run_script, images, tmp_path):
    train, train_labels = images(48, seed=1)
    test, test_labels = images(30, seed=2)
    result = run_script(
        TRAIN_PROGRAM,
        TrainImages=train,
        TrainLabels=train_labels,
        TestImages=test,
        TestLabels=test_labels,
        ModelFile=(str(tmp_path / "fruit.hdl"),),
    )
    assert result.error is None, result.error and result.error.render()
    losses = result["Losses"]
    assert len(losses) == 30
    assert sum(losses[-6:]) < 0.6 * sum(losses[:6])
    assert result["Correct"][0] >= 24  # 80 % of 30; chance is 10
    confidences = result["Confidences"]
    assert len(confidences) == 3 and abs(sum(confidences) - 1) < 1e-5
    assert result["ErrorCode"] == (1501,)  # 30 images, batch_size 7


@pytest.mark.parametrize(
    "name", ["compact", "enhanced", "resnet50", "mobilenet_v2", "alexnet", "resnet18"]
)
def test_pretrained_names_are_documented(name):
    assert f"pretrained_dl_classifier_{name}.hdl" in DOCS.read_text()


def test_importing_the_plugin_does_not_import_torch():
    code = (
        "import sys\n"
        "import hdlite_dl, hdlite_dl.modules\n"
        "from hdlite.plugin.host import make_plugin_manager\n"
        "host = make_plugin_manager()\n"
        "assert host.registry.get('train_dl_classifier_batch').plugin\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "assert 'torchvision' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_all_operators_are_registered(host):
    names = {
        "read_dl_classifier", "write_dl_classifier", "serialize_dl_classifier",
        "deserialize_dl_classifier", "clear_dl_classifier", "set_dl_classifier_param",
        "get_dl_classifier_param", "apply_dl_classifier", "get_dl_classifier_result",
        "clear_dl_classifier_result", "train_dl_classifier_batch",
        "get_dl_classifier_train_result", "clear_dl_classifier_train_result",
        "fwrite_serialized_item", "fread_serialized_item", "clear_serialized_item",
    }  # fmt: skip
    for name in names:
        op = host.registry.get(name)
        assert op is not None and op.plugin == "dl", name
