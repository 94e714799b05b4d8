"""A UNet built from layers: training and inference through the operators vs its torch module.

Ours: ``train_dl_model_batch`` on sample dicts (key lookup, size checks, stacking, the
graph run, the losses) and ``apply_dl_model`` (results as images). Plain: the same compiled
:class:`LayerNet` called directly on stacked tensors (forward, loss, backward, SGD step;
inference under ``inference_mode``). Rounds alternate; the best round of each is reported.

Run: ``.venv/bin/python benchmarks/bench_dl_layers.py [--size 64] [--batch 4] [--width 16]
[--steps 5] [--rounds 3] [--threads N]``
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
    """An image with a bright disc (class 1) on a dark background (class 0), unit weights."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:size, :size]
    disc = (yy - size / 2) ** 2 + (xx - size / 3) ** 2 <= (size / 5) ** 2
    pixels = (rng.normal(-40, 15, (size, size)) + 120 * disc).astype(np.float32)[None]
    return Handle(
        "dict",
        {
            "image": ObjectTuple([Image(pixels, "real")]),
            "segmentation_image": ObjectTuple([Image(disc.astype(np.uint8)[None], "byte")]),
            "weight_image": ObjectTuple([Image(np.ones_like(pixels), "real")]),
        },
    )


def build(call, size: int, width: int):
    """Two encoder levels, a transposed convolution, a skip connection, softmax and loss."""

    def conv(src, name, num, kernel=3, act="relu", padding="half_kernel_size"):
        ((layer,),) = call(
            "create_dl_layer_convolution", src, name, kernel, 1, 1, num, 1, padding, act, (), ()
        )
        return layer

    def layer(op, *args):
        return call(op, *args, (), ())[0][0]

    image = call("create_dl_layer_input", "image", (size, size, 1), (), ())[0][0]
    target = call("create_dl_layer_input", "segmentation_image", (size, size, 1), (), ())[0][0]
    weights = call("create_dl_layer_input", "weight_image", (size, size, 1), (), ())[0][0]
    e1 = conv(conv(image, "e1a", width), "e1b", width)
    p1 = layer("create_dl_layer_pooling", e1, "p1", 2, 2, "none", "maximum")
    e2 = conv(conv(p1, "e2a", 2 * width), "e2b", 2 * width)
    up = layer("create_dl_layer_transposed_convolution", e2, "up", 2, 2, width, 1, "none")
    cat = layer("create_dl_layer_concat", (e1, up), "cat", "depth")
    scores = conv(conv(cat, "d1", width), "scores", 2, kernel=1, act="none", padding="none")
    soft = layer("create_dl_layer_softmax", scores, "softmax")
    ids = layer("create_dl_layer_class_id_conversion", target, "ids", "from_class_id")
    loss = layer("create_dl_layer_loss_cross_entropy", soft, ids, weights, "loss", 1.0)
    arg = call("create_dl_layer_depth_max", soft, "best", "argmax", (), ())[0][0]
    ((handle,),) = call("create_dl_model", (loss, arg))
    return handle, loss.obj, arg.obj


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--width", type=int, default=16)
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

    handle, loss, arg = build(call, args.size, args.width)
    for name, value in (("class_ids", (0, 1)), ("batch_size", args.batch), ("runtime", "cpu")):
        call("set_dl_model_param", handle, name, value)
    batch = tuple(sample(i, args.size) for i in range(args.batch))
    call("train_dl_model_batch", handle, batch)  # creates the optimiser
    engine = handle.obj.clf
    net = engine.net
    optimizer = engine.optimizer()

    def stacked(key: str) -> torch.Tensor:
        arrays = [s.obj[key].objects[0].data.astype(np.float32) for s in batch]
        return torch.from_numpy(np.stack(arrays))

    feeds = {k: stacked(k) for k in ("image", "segmentation_image", "weight_image")}

    def plain_train() -> None:
        net.train(True)
        optimizer.zero_grad(set_to_none=True)
        (value,) = net(feeds, [loss])
        value.sum().backward()
        optimizer.step()

    def plain_apply() -> None:
        net.train(False)
        with torch.inference_mode():
            net({"image": feeds["image"]}, [arg])

    timings: dict[str, list[float]] = {
        k: [] for k in ("ours", "plain", "ours_apply", "plain_apply")
    }
    for _ in range(args.rounds):
        for key, run in (
            ("ours", lambda: call("train_dl_model_batch", handle, batch)),
            ("plain", plain_train),
            ("ours_apply", lambda: call("apply_dl_model", handle, batch, ())),
            ("plain_apply", plain_apply),
        ):
            start = time.perf_counter()
            for _ in range(args.steps):
                run()
            timings[key].append((time.perf_counter() - start) / args.steps * 1000)
    best = {k: min(v) for k, v in timings.items()}
    print(
        f"UNet {args.size}x{args.size}, width {args.width}, batch {args.batch}, "
        f"{torch.get_num_threads()} threads (best of {args.rounds} rounds, ms per call)"
    )
    print(f"train step: operators {best['ours']:.1f}, torch module {best['plain']:.1f}")
    print(f"inference:  operators {best['ours_apply']:.1f}, torch module {best['plain_apply']:.1f}")


if __name__ == "__main__":
    main()
