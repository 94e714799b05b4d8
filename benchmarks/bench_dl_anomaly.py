"""Anomaly detection: training and inference time, and how well defects are separated.

Data: good images are stripe textures with noise (random phase); defective ones carry a
bright 7x7 blob at a random place. train_dl_model_anomaly_dataset learns from the good
images only; apply_dl_model then scores held-out good and defective images. Reported: the
training time per epoch, the inference time per image (best of the rounds), the smallest
defect score over the largest good score (above 1: a threshold separates them all) and the
area under the ROC curve of the scores.

``--variant gc`` runs the Global Context model instead (train_dl_model_batch, batches of 8,
the epochs counted in passes over the training images; images scaled to [-127, 128]).

Run: ``.venv/bin/python benchmarks/bench_dl_anomaly.py [--variant medium|large|gc]
[--size 64] [--train 32] [--epochs 15] [--test 16] [--rounds 3] [--threads N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple


def texture(rng: np.random.Generator, size: int, defect: bool, scale: float = 1.0) -> Handle:
    """One preprocessed sample (3 channels, roughly [-2, 2] as with 'constant_values')."""
    cols = np.arange(size)[None, :].repeat(size, axis=0)
    base = 0.6 * np.sin(2 * np.pi * cols / 8 + rng.uniform(0, 2 * np.pi))
    base = base + 0.1 * rng.normal(size=(size, size))
    if defect:
        row, col = rng.integers(6, size - 6, 2)
        base[row - 3 : row + 4, col - 3 : col + 4] = 2.5
    image = np.repeat(base[None] * scale, 3, axis=0).astype(np.float32)
    return Handle("dict", {"image": ObjectTuple([Image(image, "real")])})


def auroc(good: np.ndarray, bad: np.ndarray) -> float:
    """The probability that a defective image scores above a good one (ties count half)."""
    wins = (bad[:, None] > good[None, :]).sum() + 0.5 * (bad[:, None] == good[None, :]).sum()
    return float(wins) / (len(good) * len(bad))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="medium", choices=("medium", "large", "gc"))
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--train", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--test", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    host = make_plugin_manager()
    session = Session()

    def call(name: str, *inputs: tuple) -> tuple:
        op = host.registry.get(name)
        assert op is not None
        ctx = CallContext(session, op, None, [None] * len(op.inputs))
        return call_operator(ctx, list(inputs))

    rng = np.random.default_rng(0)
    gc = args.variant == "gc"
    scale = 45.0 if gc else 1.0
    train = tuple(texture(rng, args.size, False, scale) for _ in range(args.train))
    good = tuple(texture(rng, args.size, False, scale) for _ in range(args.test))
    bad = tuple(texture(rng, args.size, True, scale) for _ in range(args.test))
    call("set_system", ("seed_rand",), (1,))
    name = "pretrained_dl_anomaly_global_context" if gc else f"initial_dl_anomaly_{args.variant}"
    ((model,),) = call("read_dl_model", (name + ".hdl",))
    call("set_dl_model_param", (model,), ("image_dimensions",), (args.size, args.size, 3))
    call("set_dl_model_param", (model,), ("runtime",), ("cpu",))
    start = time.perf_counter()
    if gc:
        call("set_dl_model_param", (model,), ("batch_size",), (8,))
        for _epoch in range(args.epochs):
            for first in range(0, args.train - 7, 8):
                call("train_dl_model_batch", (model,), train[first : first + 8])
    else:
        param = Handle("dict", {"max_num_epochs": (args.epochs,), "domain_ratio": (0.5,)})
        call("train_dl_model_anomaly_dataset", (model,), train, (param,))
    train_seconds = time.perf_counter() - start
    best = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        (results,) = call("apply_dl_model", (model,), good + bad, ())
        best = min(best, time.perf_counter() - start)
    scores = np.array([r.obj["anomaly_score"][0] for r in results])
    good_scores, bad_scores = scores[: args.test], scores[args.test :]
    print(
        f"{args.variant} {args.size}x{args.size}, {args.train} images, {args.epochs} epochs, "
        f"{torch.get_num_threads()} threads: training {1000 * train_seconds / args.epochs:.0f} "
        f"ms/epoch, inference {1000 * best / len(scores):.1f} ms/image; "
        f"min defect / max good score {bad_scores.min() / good_scores.max():.2f}, "
        f"AUROC {auroc(good_scores, bad_scores):.3f}"
    )


if __name__ == "__main__":
    main()
