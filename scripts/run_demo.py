"""The main job: generate the example images and run the fruit classification end to end.

Usage: ``python scripts/run_demo.py [--epochs N]`` (``make demo`` runs it in the project's
environment). It writes the images to ``data/`` (once), runs
``scripts/classify_fruit_deep_learning.hdev`` with ``hdlite run``, and leaves the model, the
figures and the saved windows under ``out/fruit``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, help="override NumEpochs of the example")
    args = parser.parse_args()
    data = ROOT / "data"
    if not (data / "food").is_dir():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_example_data.py"), "--out", str(data)],
            check=True,
        )
    out = ROOT / "out" / "fruit"
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "hdlite",
        "run",
        str(ROOT / "scripts" / "classify_fruit_deep_learning.hdev"),
        "--display-dir",
        str(out / "windows"),
        "--dump-vars",
        str(out / "variables.json"),
        "--set",
        f"OutputDir='{out}'",
    ]
    if args.epochs:
        command += ["--set", f"NumEpochs={args.epochs}"]
    print("$", "HALCONIMAGES=data", " ".join(command[2:]), flush=True)
    status = subprocess.call(command, env={**os.environ, "HALCONIMAGES": str(data)}, cwd=ROOT)
    if status != 0:
        return status
    variables = json.loads((out / "variables.json").read_text())
    for name in ("Classes", "MinValidationError", "TestTop1Error"):
        if name in variables:
            print(f"{name:>20} = {variables[name]}")
    print(f"windows saved as PNG in {out / 'windows'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
