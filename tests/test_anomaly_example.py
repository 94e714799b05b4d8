"""scripts/find_defects_anomaly_detection.hdev end to end with small settings.

Same code path as a full run (``hdlite run`` with ``--set``, ``--dump-vars`` and
``--display-dir``) in a temporary folder: the program writes its images and label images,
preprocesses them, trains on the good ones, computes thresholds, evaluates and inspects
new parts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "scripts" / "find_defects_anomaly_detection.hdev"


def test_anomaly_example_runs(tmp_path):
    variables, windows = tmp_path / "vars.json", tmp_path / "windows"
    command = [sys.executable, "-m", "hdlite", "run", str(PROGRAM)]
    for setting in ("NumGood=16", "NumScratched=4", "NumEpochs=6"):
        command += ["--set", setting]
    command += ["--dump-vars", str(variables), "--display-dir", str(windows)]
    env = dict(os.environ, OMP_NUM_THREADS="1")  # small networks: one thread is fastest
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    v = json.loads(variables.read_text())
    data = tmp_path / "find_defects_data"
    assert len(list((data / "images" / "good").glob("*.png"))) == 16
    assert len(list((data / "labels" / "scratch").glob("*_mask.png"))) == 4
    assert (data / "model_anomaly.hdl").is_file()
    assert v["Classes"] == ["ok", "ok", "nok", "nok"]
    scores = v["Scores"]
    assert min(scores[2:]) > max(scores[:2])
    areas = v["ScratchAreas"]
    assert min(areas[2:]) > max(10, 2 * max(areas[:2]))
    assert v["Recall"][-1] == 1.0
    assert len(list(windows.glob("*.png"))) >= 3
