"""The four-part dl_model classification workflow, end to end on generated pill images.

Same code path as a full run (``hdlite run`` with ``--set``, ``--dump-vars`` and
``--display-dir``), with small images, few epochs and few samples; each part reads what the
previous one wrote, in one working folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
PARTS = SCRIPTS / "dl_classification_workflow"
SMALL = {"ImageWidth": "48", "ImageHeight": "48"}


def run_part(name: str, work: Path, data: Path, settings: dict[str, str]) -> tuple[dict, Path]:
    variables, windows = work / f"{name}.json", work / f"windows_{name}"
    command = [sys.executable, "-m", "hdlite", "run", str(PARTS / f"{name}.hdev")]
    for key, value in {**SMALL, **settings}.items():
        command += ["--set", f"{key}={value}"]
    command += ["--dump-vars", str(variables), "--display-dir", str(windows)]
    env = dict(os.environ, HALCONIMAGES=str(data))
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(variables.read_text()), windows


@pytest.fixture(scope="module")
def workflow(tmp_path_factory) -> dict:
    """Run the four parts once on 12 pill images per class; their variables and folders."""
    data = tmp_path_factory.mktemp("images")
    command = [sys.executable, str(SCRIPTS / "make_example_data.py"), "--out", str(data)]
    command += ["--only", "pill", "--pill-per-class", "12", "--size", "64"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    work = tmp_path_factory.mktemp("work")
    out = {"work": work}
    out["part1"] = run_part("part1_preprocess", work, data, {"NumShownSamples": "2"})
    settings = {"NumEpochs": "2", "BatchSize": "4", "EnableDisplay": "'false'"}
    out["part2"] = run_part("part2_train", work, data, settings)
    out["part3"] = run_part("part3_evaluate", work, data, {"BatchSize": "4", "NumHeatmaps": "1"})
    out["part4"] = run_part("part4_infer", work, data, {"NumImages": "3"})
    return out


def test_part1_writes_the_dataset(workflow):
    variables, windows = workflow["part1"]
    data_dir = workflow["work"] / "classify_pill_defects_data" / "dldataset_pill_48x48"
    assert (data_dir / "dl_dataset.hdict").is_file()
    assert (data_dir / "dl_preprocess_param.hdict").is_file()
    assert len(list((data_dir / "samples").glob("*_dlsample.hdict"))) == 36
    assert variables["NumSamples"] == 36
    assert variables["ClassNames"] == ["contamination", "crack", "good"]
    assert len(list(windows.glob("*.png"))) >= 2


def test_part2_writes_best_and_final_models(workflow):
    variables, _ = workflow["part2"]
    base = workflow["work"] / "classify_pill_defects_data"
    for name in ("best", "final"):
        model = base / f"{name}_dl_model_classification.hdl"
        assert model.read_bytes()[:8] == b"HDLTDLC\0"
        assert (base / f"{name}_dl_model_classification_info.hdict").is_file()
    assert variables["NumTrainInfos"] >= 1 and variables["NumEvaluationInfos"] == 2
    assert variables["FinalMeanLoss"] > 0


def test_part3_evaluates_on_the_test_split(workflow):
    variables, windows = workflow["part3"]
    assert 0.0 <= variables["TopOneError"] <= 1.0
    assert len(variables["PrecisionPerClass"]) == 3
    assert 0.0 <= variables["MeanFScore"] <= 1.0
    assert len(list(windows.glob("*.png"))) >= 3


def test_part4_predicts_class_names(workflow):
    variables, windows = workflow["part4"]
    predictions = variables["Predictions"]
    predictions = predictions if isinstance(predictions, list) else [predictions]
    assert len(predictions) == 3
    assert set(predictions) <= {"contamination", "crack", "good"}
    assert len(list(windows.glob("*.png"))) == 3
