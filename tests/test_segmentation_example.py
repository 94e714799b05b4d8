"""scripts/segment_discs_deep_learning.hdev end to end with small settings.

Same code path as a full run (``hdlite run`` with ``--set``, ``--dump-vars`` and
``--display-dir``) in a temporary folder: the program writes its images and label images,
preprocesses them, trains, evaluates and segments new images.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "scripts" / "segment_discs_deep_learning.hdev"


def test_segmentation_example_runs(tmp_path):
    variables, windows = tmp_path / "vars.json", tmp_path / "windows"
    command = [sys.executable, "-m", "hdlite", "run", str(PROGRAM)]
    for setting in ("NumImages=15", "NumEpochs=2", "ImageSize=40"):
        command += ["--set", setting]
    command += ["--dump-vars", str(variables), "--display-dir", str(windows)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    v = json.loads(variables.read_text())
    data = tmp_path / "segment_discs_data"
    assert len(list((data / "images").glob("*.png"))) == 15
    assert len(list((data / "labels").glob("*.png"))) == 15
    assert len(list((data / "dldataset" / "samples").glob("*_dlsample.hdict"))) == 15
    assert (data / "best_dl_model_segmentation.hdl").is_file()
    background, disc, square = v["ClassWeights"]
    assert background < 1 < disc <= square <= 10
    assert 0.5 < v["PixelAccuracy"] <= 1 and 0 <= v["MeanIoU"] <= 1
    assert len(v["ClassIoU"]) == 3 and len(v["DiscsFound"]) == 4
    assert len(list(windows.glob("*.png"))) >= 5  # samples, weights, results, confidences
