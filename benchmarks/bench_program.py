"""A whole classification program: hdlite against the same work in plain PyTorch.

Both sides run as whole processes (start-up, imports and all), interleaved in the same run
(hdlite, plain, hdlite, plain, ...) so that load on the machine hits both alike:

* **hdlite** runs an HDevelop program written the way HALCON documents the classifier
  workflow (below, ``PROGRAM``): read the pretrained ``compact`` network, read the images
  and derive the labels from the folder names (``read_dl_classifier_data_set``), preprocess
  every image (``preprocess_dl_classifier_images``) and write it as an object file, split
  70/15/15 per class, train ``NumEpochs`` epochs with ``train_dl_classifier_batch`` on
  batches read from the object files (shuffled every epoch, the incomplete last batch left
  out) reading the loss of every step, compute the validation error after every epoch
  (``apply_dl_classifier_batchwise`` + ``evaluate_dl_classifier``), then the test error,
  and write the model (``write_dl_classifier``).
* **plain** (``PLAIN``) does the same with PyTorch/torchvision as one would write it by
  hand: the same network (torchvision MobileNetV2 with the same ImageNet weights file,
  a new linear head, dropout 0.2), the same image size (Pillow box filter, as
  ``zoom_image_size 'constant'`` when shrinking), gray values scaled the same way, the same
  batch size, epochs, SGD learning rate and momentum, the same split sizes, evaluation and
  model write (``torch.save`` of the state dict). The preprocessed images stay in memory;
  that is the natural plain script, so the object-file round trip is counted as hdlite's.

Neither side sets the number of threads (torch's default, one per core) unless
``--threads N`` is given, which sets ``OMP_NUM_THREADS`` for both. The figure is the ratio
of the median wall times; each side's own phase times (``count_seconds`` in the program,
``time.perf_counter`` in the plain script) show where the time goes. ``--profile`` runs
hdlite once more under cProfile and prints the functions with the most own time.

Run: ``.venv/bin/python benchmarks/bench_program.py [--per-class 80] [--size 160]
[--image-size 128] [--batch 16] [--epochs 10] [--rounds 2] [--threads N] [--data DIR]
[--profile]``
"""

# ruff: noqa: E501  (the embedded programs keep their statements on one line)
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """\
* Settings (overridden from the command line with --set).
DataDir := 'food'
OutputDir := 'out/bench_program'
ImageSize := 128
BatchSize := 16
NumEpochs := 2
LearningRate := 0.001
Momentum := 0.9
set_system ('seed_rand', 42)
count_seconds (T0)
* 1. The pretrained network and the data set (labels from the folder names).
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', DLClassifierHandle)
set_dl_classifier_param (DLClassifierHandle, 'image_dimensions', [ImageSize, ImageSize, 3])
read_dl_classifier_data_set (DataDir, 'last_folder', RawImageFiles, RawLabels, RawLabelIndices, Classes)
* 2. Preprocess every image and write it as an object file, one folder per class.
PreprocessedFolder := OutputDir + '/preprocessed'
make_dir (PreprocessedFolder)
for ClassIndex := 0 to |Classes| - 1 by 1
    make_dir (PreprocessedFolder + '/' + Classes[ClassIndex])
endfor
parse_filename (RawImageFiles, BaseNames, Extensions, Directories)
ObjectFiles := PreprocessedFolder + '/' + RawLabels + '/' + BaseNames + '.hobj'
for ImageIndex := 0 to |RawImageFiles| - 1 by 1
    read_image (Image, RawImageFiles[ImageIndex])
    preprocess_dl_classifier_images (Image, ImagePreprocessed, [], [], DLClassifierHandle)
    write_object (ImagePreprocessed, ObjectFiles[ImageIndex])
endfor
count_seconds (T1)
* 3. Split 70/15/15 per class.
split_dl_classifier_data_set (ObjectFiles, RawLabels, 70, 15, TrainingImages, TrainingLabels, ValidationImages, ValidationLabels, TestImages, TestLabels)
* 4. Hyperparameters.
set_dl_classifier_param (DLClassifierHandle, 'classes', Classes)
set_dl_classifier_param (DLClassifierHandle, 'batch_size', BatchSize)
set_dl_classifier_param (DLClassifierHandle, 'learning_rate', LearningRate)
set_dl_classifier_param (DLClassifierHandle, 'momentum', Momentum)
set_dl_classifier_param (DLClassifierHandle, 'runtime', 'cpu')
set_dl_classifier_param (DLClassifierHandle, 'runtime_init', 'immediately')
count_seconds (T2)
* 5. Train; the validation error after every epoch.
NumBatches := |TrainingImages| / BatchSize
Losses := []
ValidationErrors := []
TrainSeconds := 0.0
ValidationSeconds := 0.0
for Epoch := 0 to NumEpochs - 1 by 1
    count_seconds (E0)
    tuple_shuffle ([0:|TrainingImages| - 1], Order)
    for Batch := 0 to NumBatches - 1 by 1
        Indices := Order[Batch * BatchSize:(Batch + 1) * BatchSize - 1]
        read_image (BatchImages, TrainingImages[Indices])
        train_dl_classifier_batch (BatchImages, DLClassifierHandle, TrainingLabels[Indices], TrainResult)
        get_dl_classifier_train_result (TrainResult, 'loss', Loss)
        Losses := [Losses, Loss]
    endfor
    count_seconds (E1)
    apply_dl_classifier_batchwise (ValidationImages, DLClassifierHandle, ResultIDs, Predicted, Confidences)
    evaluate_dl_classifier (ValidationLabels, DLClassifierHandle, ResultIDs, 'top1_error', 'global', ValidationError)
    clear_dl_classifier_result (ResultIDs)
    ValidationErrors := [ValidationErrors, ValidationError]
    count_seconds (E2)
    TrainSeconds := TrainSeconds + E1 - E0
    ValidationSeconds := ValidationSeconds + E2 - E1
endfor
count_seconds (T3)
* 6. Evaluate on the test data and write the model.
apply_dl_classifier_batchwise (TestImages, DLClassifierHandle, ResultIDs, Predicted, Confidences)
evaluate_dl_classifier (TestLabels, DLClassifierHandle, ResultIDs, 'top1_error', 'global', TestError)
clear_dl_classifier_result (ResultIDs)
write_dl_classifier (DLClassifierHandle, OutputDir + '/model.hdl')
count_seconds (T4)
SetupAndPreprocessSeconds := T1 - T0
SplitAndParamsSeconds := T2 - T1
TestAndWriteSeconds := T4 - T3
NumTrainingImages := |TrainingImages|
"""

PLAIN = '''\
"""The classification program of bench_program.py, hand-written in PyTorch/torchvision."""
import json, os, random, sys, time
T_START = time.perf_counter()
import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image

args = json.loads(sys.argv[1])
random.seed(42); np.random.seed(42); torch.manual_seed(42)
t0 = time.perf_counter()
net = torchvision.models.mobilenet_v2(weights=None)
net.load_state_dict(torch.load(args["weights"], weights_only=True))
classes = sorted(d for d in os.listdir(args["data"]) if os.path.isdir(os.path.join(args["data"], d)))
net.classifier[1] = torch.nn.Linear(1280, len(classes))
files, labels = [], []
for index, name in enumerate(classes):
    folder = os.path.join(args["data"], name)
    for f in sorted(os.listdir(folder)):
        if f.lower().endswith(".png"):
            files.append(os.path.join(folder, f)); labels.append(index)
size = args["image_size"]
mean = np.array([0.485, 0.456, 0.406], np.float32)[:, None, None] * 255
std = np.array([0.229, 0.224, 0.225], np.float32)[:, None, None] * 255
images = []
for path in files:
    with Image.open(path) as img:
        img = img.convert("RGB").resize((size, size), Image.Resampling.BOX)
    g = np.asarray(img, np.float32).transpose(2, 0, 1)
    images.append(((g - mean) / std).astype(np.float32))
x_all = torch.from_numpy(np.stack(images)); y_all = torch.tensor(labels)
t1 = time.perf_counter()
train, val, test = [], [], []
for index in range(len(classes)):
    members = [i for i, label in enumerate(labels) if label == index]
    random.shuffle(members)
    n_train = len(members) * 70 // 100
    n_trainval = len(members) * 85 // 100
    train += members[:n_train]; val += members[n_train:n_trainval]; test += members[n_trainval:]
random.shuffle(train); random.shuffle(val)
opt = torch.optim.SGD(net.parameters(), lr=args["lr"], momentum=args["momentum"])
t2 = time.perf_counter()

def top1_error(indices):
    net.eval()
    wrong = 0
    with torch.inference_mode():
        for first in range(0, len(indices), args["batch"]):
            chunk = indices[first:first + args["batch"]]
            probs = torch.softmax(net(x_all[chunk]), dim=1)
            wrong += int((probs.argmax(dim=1) != y_all[chunk]).sum())
    return wrong / len(indices)

batch = args["batch"]
losses, val_errors, train_s, val_s = [], [], 0.0, 0.0
for epoch in range(args["epochs"]):
    e0 = time.perf_counter()
    net.train()
    order = random.sample(train, len(train))
    for b in range(len(train) // batch):
        idx = order[b * batch:(b + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x_all[idx]), y_all[idx])
        loss.backward()
        opt.step()
        losses.append(float(loss))
    e1 = time.perf_counter()
    val_errors.append(top1_error(val))
    e2 = time.perf_counter()
    train_s += e1 - e0; val_s += e2 - e1
t3 = time.perf_counter()
test_error = top1_error(test)
torch.save(net.state_dict(), os.path.join(args["out"], "model.pt"))
t4 = time.perf_counter()
print(json.dumps({
    "ImportSeconds": t0 - T_START, "SetupAndPreprocessSeconds": t1 - t0,
    "SplitAndParamsSeconds": t2 - t1, "TrainSeconds": train_s, "ValidationSeconds": val_s,
    "TestAndWriteSeconds": t4 - t3, "TestError": test_error, "ValidationErrors": val_errors,
    "NumTrainingImages": len(train), "Steps": len(losses),
}))
'''

PHASES = (
    "SetupAndPreprocessSeconds",
    "SplitAndParamsSeconds",
    "TrainSeconds",
    "ValidationSeconds",
    "TestAndWriteSeconds",
)


def weights_file() -> str:
    """The MobileNetV2 ImageNet checkpoint the 'compact' network loads (offline)."""
    sys.path.insert(0, str(ROOT / "operators"))
    from hdlite_dl.weights import find_weights

    return str(find_weights("mobilenet_v2"))


def make_data(out: Path, per_class: int, size: int) -> Path:
    """Generate the fruit set (5 classes x ``per_class`` images of ``size`` pixels)."""
    script = ROOT / "scripts" / "make_example_data.py"
    cmd = [sys.executable, str(script), "--out", str(out), "--only", "fruit"]
    cmd += ["--fruit-per-class", str(per_class), "--size", str(size)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out / "food"


def hdlite_cmd(program: Path, data: Path, out: Path, args: argparse.Namespace) -> list[str]:
    sets = {
        "DataDir": f"'{data}'",
        "OutputDir": f"'{out}'",
        "ImageSize": str(args.image_size),
        "BatchSize": str(args.batch),
        "NumEpochs": str(args.epochs),
        "LearningRate": str(args.lr),
        "Momentum": str(args.momentum),
    }
    cmd = ["run", str(program), "--dump-vars", str(out / "vars.json")]
    for name, value in sets.items():
        cmd += ["--set", f"{name}={value}"]
    return cmd


def run_hdlite(work: Path, program: Path, data: Path, args, index: int) -> tuple[float, dict]:
    out = work / f"hdlite_{index}"
    out.mkdir()
    cmd = [str(Path(sys.executable).parent / "hdlite"), *hdlite_cmd(program, data, out, args)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    raw = json.loads((out / "vars.json").read_text(encoding="utf-8"))
    phases = {k: v[0] if isinstance(v, list) else v for k, v in raw.items()}
    return wall, phases


def run_plain(work: Path, script: Path, data: Path, weights: str, args, index: int):
    out = work / f"plain_{index}"
    out.mkdir()
    params = {
        "data": str(data),
        "out": str(out),
        "weights": weights,
        "image_size": args.image_size,
        "batch": args.batch,
        "epochs": args.epochs,
        "lr": args.lr,
        "momentum": args.momentum,
    }
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(script), json.dumps(params)], check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    return wall, json.loads(proc.stdout.decode().strip().splitlines()[-1])


def profile_hdlite(work: Path, program: Path, data: Path, args, top: int = 25) -> None:
    """Run hdlite once in this process under cProfile; print the most expensive functions."""
    from hdlite.cli import main as cli_main

    out = work / "hdlite_profile"
    out.mkdir()
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        cli_main(hdlite_cmd(program, data, out, args))
    except SystemExit as exc:
        if exc.code:
            raise
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(top)
    print("\nhdlite under cProfile, by own time:")
    print(text.getvalue())


def phase_table(hd: list[dict], pl: list[dict]) -> None:
    print(f"\n{'phase (median seconds)':<28}{'hdlite':>9}{'plain':>9}{'diff':>9}")
    for key in PHASES:
        a = statistics.median(p[key] for p in hd)
        b = statistics.median(p[key] for p in pl)
        print(f"{key.removesuffix('Seconds'):<28}{a:>9.2f}{b:>9.2f}{a - b:>+9.2f}")
    imports = statistics.median(p["ImportSeconds"] for p in pl)
    print(f"{'plain: python + imports':<28}{'':>9}{imports:>9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-class", type=int, default=80, help="images per class (5 classes)")
    parser.add_argument("--size", type=int, default=160, help="generated image size")
    parser.add_argument("--image-size", type=int, default=128, help="network input size")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, help="OMP_NUM_THREADS for both sides")
    parser.add_argument("--data", type=Path, help="an existing 'food' folder to use")
    parser.add_argument("--profile", action="store_true", help="also profile one hdlite run")
    args = parser.parse_args()
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    weights = weights_file()
    with tempfile.TemporaryDirectory(prefix="bench_program_") as tmp:
        work = Path(tmp)
        data = args.data
        if data is None:
            start = time.perf_counter()
            data = make_data(work / "data", args.per_class, args.size)
            print(f"generated {5 * args.per_class} images in {time.perf_counter() - start:.1f} s")
        program = work / "classify.hdtxt"
        program.write_text(PROGRAM, encoding="utf-8")
        script = work / "plain_classify.py"
        script.write_text(PLAIN, encoding="utf-8")
        print(
            f"{args.epochs} epochs, batch {args.batch}, {args.image_size} px, "
            f"threads {os.environ.get('OMP_NUM_THREADS', 'default')}"
        )
        hd_walls, pl_walls, hd_phases, pl_phases = [], [], [], []
        for index in range(args.rounds):
            wall, phases = run_hdlite(work, program, data, args, index)
            hd_walls.append(wall)
            hd_phases.append(phases)
            print(f"round {index + 1}: hdlite {wall:6.1f} s", end="", flush=True)
            wall, phases = run_plain(work, script, data, weights, args, index)
            pl_walls.append(wall)
            pl_phases.append(phases)
            print(
                f"   plain {wall:6.1f} s   ratio {hd_walls[-1] / wall:.3f}   (train "
                f"{hd_phases[-1]['TrainSeconds']:.1f} / {phases['TrainSeconds']:.1f} s)"
            )
        hd, pl = statistics.median(hd_walls), statistics.median(pl_walls)
        print(f"\nmedian wall: hdlite {hd:.1f} s, plain {pl:.1f} s, hdlite/plain {hd / pl:.3f}")
        print(
            f"training steps {pl_phases[0]['Steps']} on {pl_phases[0]['NumTrainingImages']} "
            f"images (hdlite {int(hd_phases[0]['NumTrainingImages'])}); test error "
            f"hdlite {hd_phases[0]['TestError']:.3f}, plain {pl_phases[0]['TestError']:.3f}"
        )
        phase_table(hd_phases, pl_phases)
        if args.profile:
            profile_hdlite(work, program, data, args)


if __name__ == "__main__":
    main()
