"""scripts/detect_shapes_deep_learning.hdev end to end with small settings.

Same code path as a full run (``hdlite run`` with ``--set``, ``--dump-vars`` and
``--display-dir``) in a temporary folder: the program writes its images and a COCO file,
reads and preprocesses them, creates and trains a detector, evaluates it and finds the
objects in new images. The settings are too small for good detections; the test checks
that every step runs and gives well-formed results.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "scripts" / "detect_shapes_deep_learning.hdev"


def test_detection_example_runs(tmp_path):
    variables, windows = tmp_path / "vars.json", tmp_path / "windows"
    command = [sys.executable, "-m", "hdlite", "run", str(PROGRAM)]
    for setting in ("NumImages=14", "NumEpochs=4", "ImageSize=64", "ModelSize=48"):
        command += ["--set", setting]
    command += ["--dump-vars", str(variables), "--display-dir", str(windows)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    v = json.loads(variables.read_text())
    data = tmp_path / "detect_shapes_data"
    coco = json.loads((data / "shapes_coco.json").read_text())
    assert len(coco["images"]) == 14 and len(list((data / "images").glob("*.png"))) == 14
    assert len(coco["annotations"]) == v["NumAnnotations"] >= 14
    assert {c["name"] for c in coco["categories"]} == {"square", "disc"}
    assert len(list((data / "dldataset" / "samples").glob("*_dlsample.hdict"))) == 14
    assert (data / "best_dl_model_detection.hdl").is_file()
    assert v["LastLoss"] < v["FirstLoss"]
    assert 0 <= v["MeanAP"] <= v["MeanAP50"] <= 1 and len(v["APPerClass"]) == 2
    assert len(v["ObjectsPresent"]) == len(v["ObjectsFound"]) == 4
    assert len(list(windows.glob("*.png"))) >= 5  # ground truth and four results
