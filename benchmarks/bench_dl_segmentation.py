"""Training and inference time of a segmentation model through the operators vs plain PyTorch.

Ours: ``train_dl_model_batch`` on sample dicts (image and segmentation image: checks, id to
output-index mapping, stacking, the step) and ``apply_dl_model`` (results as images).
Plain PyTorch runs the same steps on a copy of the same network: forward, per-pixel
cross-entropy, backward, SGD step; inference under ``inference_mode`` with arg-max and
softmax maximum. Rounds alternate between the two; the best round of each is reported.

Run: ``.venv/bin/python benchmarks/bench_dl_segmentation.py [--network compact]
[--size 96] [--batch 4] [--steps 5] [--rounds 3] [--threads N]``
"""

from __future__ import annotations

import argparse
import copy
import io
import time

import numpy as np
import torch
import torch.nn.functional as F

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple


def sample(seed: int, size: int) -> Handle:
    """A preprocessed sample: noise with a bright disc (class 1) on background (class 0)."""
    rng = np.random.default_rng(seed)
    pixels = rng.normal(-40, 15, (size, size))
    yy, xx = np.mgrid[:size, :size]
    disc = (yy - size / 2) ** 2 + (xx - size / 3) ** 2 <= (size / 5) ** 2
    pixels[disc] += 120
    image = np.clip(pixels, -127, 128).astype(np.float32)[None].repeat(3, 0)
    labels = disc.astype(np.uint8)[None]
    entries = {
        "image": ObjectTuple([Image(image, "real")]),
        "segmentation_image": ObjectTuple([Image(labels, "byte")]),
    }
    return Handle("dict", entries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="compact", choices=("compact", "enhanced"))
    parser.add_argument("--size", type=int, default=96)
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
        assert op is not None, name
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    ((handle,),) = call("read_dl_model", f"pretrained_dl_segmentation_{args.network}.hdl")
    for name, value in (
        ("class_ids", (0, 1)),
        ("image_dimensions", (args.size, args.size, 3)),
        ("batch_size", args.batch),
        ("runtime", "cpu"),
    ):
        call("set_dl_model_param", handle, name, value)
    batch = tuple(sample(i, args.size) for i in range(args.batch))
    call("train_dl_model_batch", handle, batch)  # creates the optimiser
    segmenter = handle.obj.clf
    net = copy.deepcopy(segmenter.net)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    x = torch.from_numpy(np.stack([s.obj["image"].objects[0].data for s in batch]))
    x = x.contiguous(memory_format=torch.channels_last)
    y = torch.from_numpy(np.stack([s.obj["segmentation_image"].objects[0].data[0] for s in batch]))
    y = y.long()
    ours_train, plain_train, ours_apply, plain_apply = [], [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.steps):
            call("train_dl_model_batch", handle, batch)
        ours_train.append((time.perf_counter() - start) / args.steps)
        net.train()
        start = time.perf_counter()
        for _ in range(args.steps):
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            optimizer.step()
            float(loss.detach())
        plain_train.append((time.perf_counter() - start) / args.steps)
        start = time.perf_counter()
        call("apply_dl_model", handle, batch, ())
        ours_apply.append(time.perf_counter() - start)
        net.eval()
        start = time.perf_counter()
        with torch.inference_mode():
            confidence, index = torch.softmax(net(x), dim=1).max(dim=1)
            index.numpy().astype(np.uint8), confidence.numpy()
        plain_apply.append(time.perf_counter() - start)
    what = f"{args.network}, {args.batch} images of {args.size}x{args.size}"
    for label, ours, plain in (
        ("train step", ours_train, plain_train),
        ("apply", ours_apply, plain_apply),
    ):
        print(f"{label} ({what}): ours {min(ours) * 1e3:.1f} ms, plain {min(plain) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
