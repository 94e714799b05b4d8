"""Training and inference throughput of the DL classifier operators against plain PyTorch.

Training: an HDevelop program (plain-text form, run by the interpreter in this process)
loops ``train_dl_classifier_batch`` + ``get_dl_classifier_train_result`` over one batch;
plain PyTorch runs the same steps on a copy of the same network (same weights, same SGD
settings, same batch arrays): stack the arrays into a tensor, forward, cross-entropy,
backward, step, read the loss. Inference: a program calls ``apply_dl_classifier`` and
``get_dl_classifier_result (..., 'all', 'predicted_classes', ...)`` on a set of images;
plain PyTorch runs the same chunks of ``batch_size`` under ``inference_mode`` and maps the
arg-max to class names. Rounds alternate between the two so that load on the machine
hits both alike; the best round of each is compared.

Run: ``.venv/bin/python benchmarks/bench_dl.py [--network compact] [--size 224]
[--batch 8] [--steps 10] [--images 64] [--rounds 3] [--runtime cpu|gpu] [--threads N]``
"""

from __future__ import annotations

import argparse
import copy
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session
from hdlite.syntax.program import load_program
from hdlite.values.iconic import Image, ObjectTuple

CLASSES = ("a", "b", "c")

TRAIN_PROGRAM = """\
count_seconds (Start)
for Step := 1 to NumSteps by 1
    train_dl_classifier_batch (BatchImages, DLClassifierHandle, BatchLabels, TrainResult)
    get_dl_classifier_train_result (TrainResult, 'loss', Loss)
endfor
count_seconds (End)
Seconds := End - Start
"""

APPLY_PROGRAM = """\
count_seconds (Start)
for Round := 1 to NumRounds by 1
    apply_dl_classifier (Images, DLClassifierHandle, Result)
    get_dl_classifier_result (Result, 'all', 'predicted_classes', Predicted)
endfor
count_seconds (End)
Seconds := End - Start
"""


def make_images(count: int, size: int, seed: int = 0) -> ObjectTuple:
    """Preprocessed real images (values in [-127, 128])."""
    rng = np.random.default_rng(seed)
    return ObjectTuple(
        Image(rng.uniform(-127, 128, (3, size, size)).astype(np.float32), "real")
        for _ in range(count)
    )


class Runner:
    """Runs a plain-text program with given input variables; returns main's variables."""

    def __init__(self, directory: Path) -> None:
        self.host = make_plugin_manager()
        self.directory = directory

    def run(self, name: str, text: str, **inputs) -> dict:
        path = self.directory / f"{name}.hdtxt"
        path.write_text(text, encoding="utf-8")
        interpreter = Interpreter(self.host, session=Session(out=io.StringIO()))
        return interpreter.run(load_program(str(path)), inputs).variables

    def call(self, name: str, *inputs) -> tuple:
        """Call one operator directly (for setting up the classifier)."""
        from hdlite.plugin.calls import CallContext, call_operator

        op = self.host.registry.get(name)
        return call_operator(CallContext(Session(out=io.StringIO()), op, None), inputs)


def plain_train_seconds(net, batch_arrays, labels, steps, lr, momentum, device) -> float:
    """Seconds for ``steps`` plain PyTorch training steps doing the operator's work."""
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    lookup = {name: i for i, name in enumerate(CLASSES)}
    net.train()
    start = time.perf_counter()
    for _ in range(steps):
        x = torch.from_numpy(np.stack(batch_arrays)).to(device)
        y = torch.tensor([lookup[label] for label in labels]).to(device)
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        optimizer.step()
        float(loss.detach())
    return time.perf_counter() - start


def plain_apply_seconds(net, arrays, batch_size, rounds, device) -> float:
    """Seconds for ``rounds`` plain PyTorch passes over all images, chunked by batch size."""
    net.eval()
    start = time.perf_counter()
    for _ in range(rounds):
        outputs = []
        with torch.inference_mode():
            for first in range(0, len(arrays), batch_size):
                x = torch.from_numpy(np.stack(arrays[first : first + batch_size])).to(device)
                outputs.append(torch.softmax(net(x), dim=1))
            confidences = torch.cat(outputs).cpu().numpy()
        _names = [CLASSES[i] for i in confidences.argmax(axis=1)]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Measure and print throughputs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="compact")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runtime", default="cpu", choices=("cpu", "gpu"))
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument("--verbose", action="store_true", help="print every round")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(Path(tmp))
        ((handle,),) = runner.call(
            "read_dl_classifier", (f"pretrained_dl_classifier_{args.network}.hdl",)
        )
        for name, value in (
            ("classes", CLASSES),
            ("image_dimensions", (args.size, args.size, 3)),
            ("batch_size", (args.batch,)),
            ("runtime", (args.runtime,)),
            ("runtime_init", ("immediately",)),
        ):
            runner.call("set_dl_classifier_param", (handle,), (name,), value)
        clf = handle.obj
        device = clf.device
        net = copy.deepcopy(clf.net)  # same weights, same memory format, same device
        batch = make_images(args.batch, args.size, seed=1)
        labels = tuple(CLASSES[i % 3] for i in range(args.batch))
        arrays = [image.data for image in batch]
        images = make_images(args.images, args.size, seed=2)
        image_arrays = [image.data for image in images]

        def ours_train(steps: int) -> float:
            variables = runner.run(
                "train",
                TRAIN_PROGRAM,
                DLClassifierHandle=(handle,),
                BatchImages=batch,
                BatchLabels=labels,
                NumSteps=(steps,),
            )
            return float(variables["Seconds"][0])

        def ours_apply(rounds: int) -> float:
            variables = runner.run(
                "apply", APPLY_PROGRAM, DLClassifierHandle=(handle,), Images=images,
                NumRounds=(rounds,),
            )  # fmt: skip
            return float(variables["Seconds"][0])

        # warm-up (allocators, kernels, lazy initialisation) for both sides
        ours_train(2)
        plain_train_seconds(net, arrays, labels, 2, clf.learning_rate, clf.momentum, device)
        ours_apply(1)
        plain_apply_seconds(net, image_arrays, args.batch, 1, device)

        train_ours, train_plain, apply_ours, apply_plain = [], [], [], []
        for _ in range(args.rounds):
            train_ours.append(ours_train(args.steps))
            train_plain.append(
                plain_train_seconds(
                    net, arrays, labels, args.steps, clf.learning_rate, clf.momentum, device
                )
            )
            apply_ours.append(ours_apply(1))
            apply_plain.append(plain_apply_seconds(net, image_arrays, args.batch, 1, device))

    if args.verbose:
        for label, values in (
            ("train hdlite", train_ours),
            ("train plain", train_plain),
            ("apply hdlite", apply_ours),
            ("apply plain", apply_plain),
        ):
            print(f"{label:13s} seconds per round: {', '.join(f'{v:.3f}' for v in values)}")
    print(
        f"network {args.network}, {args.size}x{args.size}x3, batch {args.batch}, "
        f"device {device}, torch threads {torch.get_num_threads()}, {args.rounds} rounds"
    )
    report("training ", "steps/s", args.steps, train_ours, train_plain)
    report("inference", "images/s", args.images, apply_ours, apply_plain)


def report(label: str, unit: str, work: int, ours: list[float], plain: list[float]) -> None:
    """Print best-round throughputs and the median ratio of the paired rounds."""
    median = statistics.median(p / o for o, p in zip(ours, plain, strict=True))
    print(
        f"{label}  hdlite {work / min(ours):8.2f} {unit}   plain PyTorch "
        f"{work / min(plain):8.2f} {unit}   ratio of best rounds {min(plain) / min(ours):.3f}"
        f"   median paired ratio {median:.3f}"
    )


if __name__ == "__main__":
    main()
