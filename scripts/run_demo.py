"""The main job: run hdlite's example program end to end and show what it produced.

Usage: ``python scripts/run_demo.py`` (``make demo`` runs it in the project's environment).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "vars.json"
        program = HERE / "hello_tuples.hdev"
        command = [sys.executable, "-m", "hdlite", "run", str(program), "--dump-vars", str(dump)]
        print("$", " ".join(command))
        status = subprocess.call(command)
        if status != 0:
            return status
        variables = json.loads(dump.read_text())
        for name in ("Message", "Smallest", "Largest", "Shuffled", "ErrorCode"):
            print(f"{name:>10} = {variables[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
