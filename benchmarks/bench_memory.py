"""Memory over long runs: many training steps, then many apply calls, in one process.

An HDevelop program (run by the interpreter in this process) trains the compact network
on small generated images, one ``train_dl_classifier_batch`` plus
``get_dl_classifier_train_result`` per step, then classifies one image per
``apply_dl_classifier`` plus ``get_dl_classifier_result`` call. Like HALCON's examples it
never clears the result handles: each new one replaces the last in its variable. A probe
operator records the resident set size (``VmRSS``, after a garbage collection) at the
start, after a warm-up, and at the end of each phase; the growth after the warm-up is
what a leak would show. At the end it counts the result handles still alive.

Run: ``.venv/bin/python benchmarks/bench_memory.py [--train-steps 2000]
[--apply-calls 20000] [--size 32] [--threads 1] [--json]``. The reliability tests run
the defaults (``tests/reliability/test_long_runs.py``); a long run, e.g.
``--train-steps 20000 --apply-calls 200000``, takes about ten times as long.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from hdlite.plugin import registry as ops
from hdlite.plugin.hookspecs import hookimpl
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.syntax.program import load_program
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple

PROGRAM = """\
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Classifier)
set_dl_classifier_param (Classifier, 'classes', ['a', 'b', 'c'])
set_dl_classifier_param (Classifier, 'image_dimensions', [Size, Size, 3])
set_dl_classifier_param (Classifier, 'runtime', 'cpu')
set_dl_classifier_param (Classifier, 'batch_size', 4)
set_dl_classifier_param (Classifier, 'learning_rate', 0.001)
count_obj (Images, NumImages)
bench_memory_rss (RssStart)
count_seconds (T0)
for Step := 1 to TrainSteps by 1
    First := (4 * Step) % NumImages
    select_obj (Images, Batch, [First + 1:First + 4])
    train_dl_classifier_batch (Batch, Classifier, Labels[First:First + 3], TrainResult)
    get_dl_classifier_train_result (TrainResult, 'loss', Loss)
    if (Step == TrainWarmup)
        bench_memory_rss (RssTrainWarm)
    endif
endfor
bench_memory_rss (RssTrainEnd)
count_seconds (T1)
set_dl_classifier_param (Classifier, 'batch_size', 1)
Correct := 0
for Call := 1 to ApplyCalls by 1
    Index := Call % NumImages
    select_obj (Images, Image, Index + 1)
    apply_dl_classifier (Image, Classifier, Result)
    get_dl_classifier_result (Result, 'all', 'predicted_classes', Predicted)
    Correct := Correct + (Predicted == Labels[Index])
    if (Call == ApplyWarmup)
        bench_memory_rss (RssApplyWarm)
    endif
endfor
bench_memory_rss (RssApplyEnd)
count_seconds (T2)
"""

MB = 1024 * 1024


def rss_bytes() -> int:
    """The resident set size of this process now (peak size where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


@ops.operator("bench_memory_rss", ops.ControlOut("Bytes", types="integer", count=1))
def bench_memory_rss(ctx: ops.CallContext) -> tuple:
    """The process's resident set size in bytes, after a garbage collection."""
    gc.collect()
    return ((rss_bytes(),),)


class ProbePlugin:
    """Registers ``bench_memory_rss``."""

    @hookimpl
    def hdlite_register_operators(self, registry: ops.OperatorRegistry) -> None:
        registry.add(bench_memory_rss)


def make_images(count: int, size: int, seed: int = 0) -> tuple[ObjectTuple, tuple[str, ...]]:
    """Preprocessed images of three classes (horizontal stripes, vertical stripes, noise)
    with random phase, contrast and noise; values in [-127, 128]."""
    rng = np.random.default_rng(seed)
    rows = np.arange(size)[:, None] + np.zeros((1, size))
    images, labels = [], []
    for i in range(count):
        label = i % 3
        stripes = ((rows + rng.integers(0, 4)) // 2 % 2) * 2 - 1
        pattern = (stripes, stripes.T, np.zeros((size, size)))[label]
        pixels = rng.uniform(40, 80) * pattern + rng.normal(0, 15, (3, size, size))
        images.append(Image(np.clip(pixels, -127, 128).astype(np.float32), "real"))
        labels.append("abc"[label])
    return ObjectTuple(images), tuple(labels)


def run(train_steps: int, apply_calls: int, size: int) -> dict:
    """Run the program; return the figures (sizes in bytes, times in seconds)."""
    images, labels = make_images(24, size)
    inputs = {
        "Images": images,
        "Labels": labels,
        "Size": (size,),
        "TrainSteps": (train_steps,),
        "ApplyCalls": (apply_calls,),
        "TrainWarmup": (max(1, min(200, train_steps // 4)),),
        "ApplyWarmup": (max(1, min(2000, apply_calls // 4)),),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.hdtxt"
        path.write_text(PROGRAM, encoding="utf-8")
        interpreter = Interpreter(make_plugin_manager(plugins=[ProbePlugin()]))
        start = time.perf_counter()
        result = interpreter.run(load_program(str(path)), inputs)
        total = time.perf_counter() - start
    gc.collect()
    live = Counter(obj.kind for obj in gc.get_objects() if type(obj) is Handle)
    v = {name: value[0] for name, value in result.variables.items() if isinstance(value, tuple)}
    return {
        "train_steps": train_steps,
        "apply_calls": apply_calls,
        "image_size": size,
        "rss_start": v["RssStart"],
        "rss_train_warm": v["RssTrainWarm"],
        "rss_train_end": v["RssTrainEnd"],
        "rss_apply_warm": v["RssApplyWarm"],
        "rss_apply_end": v["RssApplyEnd"],
        "train_growth": v["RssTrainEnd"] - v["RssTrainWarm"],
        "apply_growth": v["RssApplyEnd"] - v["RssApplyWarm"],
        "train_seconds": v["T1"] - v["T0"],
        "apply_seconds": v["T2"] - v["T1"],
        "total_seconds": total,
        "final_loss": v["Loss"],
        "apply_accuracy": v["Correct"] / max(apply_calls, 1),
        "live_result_handles": live["dl_classifier_result"],
        "live_train_result_handles": live["dl_classifier_train_result"],
    }


def report(figures: dict) -> str:
    """The figures as a few readable lines."""
    f = figures
    return (
        f"training: {f['train_steps']} steps in {f['train_seconds']:.1f} s; RSS "
        f"{f['rss_start'] / MB:.1f} MB at the start, {f['rss_train_warm'] / MB:.1f} MB after "
        f"the warm-up, {f['rss_train_end'] / MB:.1f} MB at the end: growth "
        f"{f['train_growth'] / MB:+.1f} MB (final loss {f['final_loss']:.3f})\n"
        f"inference: {f['apply_calls']} apply calls in {f['apply_seconds']:.1f} s; RSS "
        f"{f['rss_apply_warm'] / MB:.1f} MB after the warm-up, {f['rss_apply_end'] / MB:.1f} MB "
        f"at the end: growth {f['apply_growth'] / MB:+.1f} MB (accuracy "
        f"{f['apply_accuracy']:.0%})\n"
        f"result handles still alive at the end: {f['live_result_handles']} classification, "
        f"{f['live_train_result_handles']} training (the last of each is still in its variable)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-steps", type=int, default=2000)
    parser.add_argument("--apply-calls", type=int, default=20000)
    parser.add_argument("--size", type=int, default=32, help="image width and height")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    figures = run(args.train_steps, args.apply_calls, args.size)
    print(json.dumps(figures) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
