"""Training-step and inference time of detection models through the operators.

Builds a detector with ``create_dl_model_detection`` ('pretrained_dl_classifier_compact.hdl'
by default), then times ``train_dl_model_batch`` and ``apply_dl_model`` on generated samples
(bright squares on noise) for each 'capacity'. The time of the network alone (forward and
backward, inference forward) is measured on the same module, so the rest (sample checks,
anchor matching, focal loss, decoding and non-maximum suppression) shows as the difference.
The best of ``--rounds`` rounds is reported.

Run: ``.venv/bin/python benchmarks/bench_dl_detection.py [--network compact] [--size 128]
[--batch 4] [--steps 5] [--rounds 3] [--threads N]``
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
import torch

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple


def sample(seed: int, size: int) -> Handle:
    """A preprocessed sample with two bright squares and their boxes (class id 0)."""
    rng = np.random.default_rng(seed)
    pixels = rng.normal(-60, 15, (size, size))
    boxes = []
    for corner in (size // 8, size // 2):
        side = size // 4
        pixels[corner : corner + side, corner : corner + side] += 150
        boxes.append((corner - 0.5, corner - 0.5, corner + side - 0.5, corner + side - 0.5))
    image = np.clip(pixels, -127, 128).astype(np.float32)[None].repeat(3, 0)
    entries: dict = {"image": ObjectTuple([Image(image, "real")])}
    for index, key in enumerate(("bbox_row1", "bbox_col1", "bbox_row2", "bbox_col2")):
        entries[key] = tuple(b[index] for b in boxes)
    entries["bbox_label_id"] = (0, 0)
    return Handle("dict", entries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="compact", choices=("compact", "enhanced"))
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *inputs) -> tuple:
        op = host.registry.get(name)
        assert op is not None
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    batch = tuple(sample(i, args.size) for i in range(args.batch))
    threads = torch.get_num_threads()
    print(f"{args.network}, {args.size} x {args.size}, batch {args.batch}, {threads} threads")
    for capacity in ("low", "medium", "high"):
        param = Handle(
            "dict",
            {
                "image_width": (args.size,),
                "image_height": (args.size,),
                "capacity": (capacity,),
            },
        )
        backbone = f"pretrained_dl_classifier_{args.network}.hdl"
        ((model,),) = call("create_dl_model_detection", backbone, 1, param)
        call("set_dl_model_param", model, "batch_size", args.batch)
        call("set_dl_model_param", model, "runtime", "cpu")
        detector = model.obj.clf
        x = torch.from_numpy(np.stack([s.obj["image"].objects[0].data for s in batch]))
        train, apply, net_train, net_apply = [], [], [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for _ in range(args.steps):
                call("train_dl_model_batch", model, batch)
            train.append((time.perf_counter() - start) / args.steps)
            start = time.perf_counter()
            for _ in range(args.steps):
                call("apply_dl_model", model, batch, ())
            apply.append((time.perf_counter() - start) / args.steps)
            net = detector.prepare(training=True)
            start = time.perf_counter()
            for _ in range(args.steps):
                logits, deltas = net(x)
                (logits.sum() + deltas.sum()).backward()
            net_train.append((time.perf_counter() - start) / args.steps)
            net = detector.prepare(training=False)
            start = time.perf_counter()
            with torch.inference_mode():
                for _ in range(args.steps):
                    net(x)
            net_apply.append((time.perf_counter() - start) / args.steps)
        print(
            f"capacity {capacity:6s}: train step {min(train) * 1000:6.1f} ms "
            f"(network forward+backward {min(net_train) * 1000:6.1f} ms), "
            f"apply {min(apply) * 1000:6.1f} ms (network {min(net_apply) * 1000:6.1f} ms)"
        )


if __name__ == "__main__":
    main()
