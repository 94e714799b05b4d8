"""Training throughput of ``hdlite run --nproc-per-node N`` against one process.

One HDevelop program builds a batch of generated images, takes two warm-up steps and then
times ``Steps`` calls of ``train_dl_classifier_batch`` with ``count_seconds``; it reports
``ImagesPerSecond`` (images of the whole batch per second). The program runs as:

- one process using every core (torch's default number of threads);
- one process with one thread (what each process of a distributed run gets: torchrun
  sets ``OMP_NUM_THREADS=1``);
- N processes (``--nproc-per-node N``, gloo on the CPU), each training on its share.

Rounds alternate between the three so that load on the machine hits all alike; the best
round of each is reported, with the ratio N processes / one process. On a machine with
C cores the ideal ratio is at most about C / (threads one process can use well); with 2
cores it is about 2 at best, and communication (one gradient all-reduce per step, one
small all-reduce per batch-norm layer in the forward and backward passes) takes its share.

Run: ``.venv/bin/python benchmarks/bench_distributed.py [--network compact] [--size 64]
[--batch 16] [--steps 10] [--rounds 2] [--nproc 2]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROGRAM = """\
set_system ('seed_rand', 1)
gen_empty_obj (Images)
Labels := []
for I := 0 to BatchSize - 1 by 1
    gen_empty_obj (Planes)
    for C := 0 to 2 by 1
        gen_image_const (Blank, 'real', Size, Size)
        gen_image_proto (Blank, Plane, rand(1) * 250 - 125)
        Row := int(rand(1) * Size / 2)
        Column := int(rand(1) * Size / 2)
        gen_rectangle1 (Box, Row, Column, Row + Size / 3, Column + Size / 3)
        paint_region (Box, Plane, Painted, rand(1) * 250 - 125, 'fill')
        concat_obj (Planes, Painted, Planes)
    endfor
    channels_to_image (Planes, Image)
    concat_obj (Images, Image, Images)
    Labels := [Labels, I % 3]
endfor
read_dl_classifier ('pretrained_dl_classifier_' + Network + '.hdl', DLClassifierHandle)
set_dl_classifier_param (DLClassifierHandle, 'classes', ['a','b','c'])
set_dl_classifier_param (DLClassifierHandle, 'image_dimensions', [Size,Size,3])
set_dl_classifier_param (DLClassifierHandle, 'batch_size', BatchSize)
set_dl_classifier_param (DLClassifierHandle, 'runtime', 'cpu')
for Step := 1 to 2 by 1
    train_dl_classifier_batch (Images, DLClassifierHandle, Labels, TrainResult)
    get_dl_classifier_train_result (TrainResult, 'loss', Loss)
endfor
count_seconds (Start)
for Step := 1 to Steps by 1
    train_dl_classifier_batch (Images, DLClassifierHandle, Labels, TrainResult)
    get_dl_classifier_train_result (TrainResult, 'loss', Loss)
endfor
count_seconds (End)
ImagesPerSecond := Steps * BatchSize / (End - Start)
"""


def run(
    program: Path, out: Path, settings: list[str], threads: int | None, launch: list[str]
) -> float:
    """Run the program once; its training throughput in images per second."""
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE", "LOCAL_RANK")}
    env.pop("OMP_NUM_THREADS", None)
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
    dump = out / "vars.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hdlite",
            "run",
            str(program),
            *settings,
            f"--dump-vars={dump}",
            *launch,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the program failed:\n{done.stderr[-3000:]}")
    return float(json.loads(dump.read_text(encoding="utf-8"))["ImagesPerSecond"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="compact")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--nproc", type=int, default=2)
    args = parser.parse_args()
    settings = [
        f"--set=Network='{args.network}'",
        f"--set=Size={args.size}",
        f"--set=BatchSize={args.batch}",
        f"--set=Steps={args.steps}",
    ]
    cases = {
        "1 process, all cores": (None, []),
        "1 process, 1 thread": (1, []),
        f"{args.nproc} processes": (None, [f"--nproc-per-node={args.nproc}"]),
    }
    best = dict.fromkeys(cases, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        program = Path(tmp) / "bench.hdtxt"
        program.write_text(PROGRAM, encoding="utf-8")
        for round_number in range(args.rounds):
            for name, (threads, launch) in cases.items():
                speed = run(program, Path(tmp), settings, threads, launch)
                best[name] = max(best[name], speed)
                print(f"round {round_number + 1}: {name}: {speed:.1f} images/s", flush=True)
    print(
        f"\n{args.network}, {args.size}x{args.size}, batch {args.batch}, {args.steps} steps, "
        f"{os.cpu_count()} cores, best of {args.rounds}:"
    )
    for name, speed in best.items():
        print(f"  {name:22s} {speed:8.1f} images/s")
    one = best["1 process, all cores"]
    many = best[f"{args.nproc} processes"]
    print(f"  ratio {args.nproc} processes / 1 process (all cores): {many / one:.2f}")
    single = best["1 process, 1 thread"]
    print(f"  ratio {args.nproc} processes / 1 process (1 thread):  {many / single:.2f}")


if __name__ == "__main__":
    main()
