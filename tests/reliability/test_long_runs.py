"""Long runs keep their memory, and Ctrl-C during training loses nothing.

* ``benchmarks/bench_memory.py`` (in a fresh process): 2,000 training steps and 20,000
  apply calls of the compact network on 32x32 images, each followed by reading its result,
  without clearing handles. The resident set size may grow by at most 50 MB after the
  warm-up in each phase (it grows by well under 1 MB), and only the last result handle of
  each kind may still be alive at the end.
* A program that trains and writes its model every 5 steps gets SIGINT at a random moment:
  it must stop before the next operator call (exit 130, with the place it stopped), and
  the model file written last must load, with no half-written temporary file around.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import ROOT

MB = 1024 * 1024
GROWTH_BOUND = 50 * MB


@pytest.mark.slow
def test_memory_stays_flat_over_long_runs():
    command = [sys.executable, str(ROOT / "benchmarks" / "bench_memory.py"), "--json"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_memory import report
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    print("\n" + report(figures))
    assert figures["train_steps"] == 2000 and figures["apply_calls"] == 20000
    assert figures["train_growth"] < GROWTH_BOUND
    assert figures["apply_growth"] < GROWTH_BOUND
    assert figures["live_result_handles"] <= 1
    assert figures["live_train_result_handles"] <= 1


TRAIN_LOOP = """\
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Classifier)
set_dl_classifier_param (Classifier, 'classes', ['a', 'b'])
set_dl_classifier_param (Classifier, 'image_dimensions', [32, 32, 3])
set_dl_classifier_param (Classifier, 'runtime', 'cpu')
set_dl_classifier_param (Classifier, 'batch_size', 2)
gen_image_const (Gray, 'real', 32, 32)
compose3 (Gray, Gray, Gray, Dark)
scale_image (Dark, Bright, 1, 100)
concat_obj (Dark, Bright, Batch)
Step := 0
while (1)
    Step := Step + 1
    train_dl_classifier_batch (Batch, Classifier, ['a', 'b'], TrainResult)
    get_dl_classifier_train_result (TrainResult, 'loss', Loss)
    if (Step % 5 == 0)
        write_dl_classifier (Classifier, '{d}/model.hdl')
        write_tuple (Step, '{d}/step.tup')
    endif
endwhile
"""
#: the lines of TRAIN_LOOP where a first Ctrl-C may stop it: the operator calls inside the
#: loop, and the loop's own back edge (line 11), which checks for a stop at every iteration
LOOP_CALLS = {11, 13, 14, 16, 17}


def _load_model(path: Path):
    from hdlite.plugin.calls import CallContext, call_operator
    from hdlite.plugin.host import make_plugin_manager
    from hdlite.runtime.session import Session

    op = make_plugin_manager().registry.get("read_dl_classifier")
    ((handle,),) = call_operator(CallContext(Session(), op, None), [(str(path),)])
    return handle.obj


@pytest.mark.parametrize("round_", range(3))
def test_ctrl_c_during_training_stops_at_a_step_boundary(tmp_path: Path, round_: int):
    program = tmp_path / "train.hdtxt"
    program.write_text(TRAIN_LOOP.replace("{d}", str(tmp_path)), encoding="utf-8")
    step_file = tmp_path / "step.tup"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hdlite", "run", str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not step_file.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "no model was written"
        time.sleep(0.02)
    time.sleep(random.uniform(0.0, 1.0))
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _out, err = proc.communicate(timeout=60)
    stopped_after = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "stopping before the next operator call" in err
    match = re.search(rf"interrupted at {re.escape(str(program))}:(\d+):", err)
    assert match, err
    assert int(match.group(1)) in LOOP_CALLS, f"stopped at line {match.group(1)}"
    assert stopped_after < 30, f"took {stopped_after:.1f} s to stop"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".hdlite-")]
    step = int(step_file.read_text().split()[-1])
    assert step % 5 == 0
    model = _load_model(tmp_path / "model.hdl")
    assert model.classes == ("a", "b") and model.image_width == 32
    print(f"\nround {round_}: stopped at line {match.group(1)} after step file {step}")
