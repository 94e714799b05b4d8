"""Transfer quality: do hdlite's pretrained networks learn like a plain fine-tuned MobileNetV2?

Three generated tasks of different kinds, each with its own train and test set:

* ``shapes``: outlines of circles, squares and triangles (position, size, rotation, line
  width and gray levels vary; only the outline tells the classes apart);
* ``defects``: a textured surface that is good, scratched (a thin line) or spotted (a small
  blob): surface inspection;
* ``colour``: discs whose hue differs by 20 degrees (red, vermilion, orange) under varying
  saturation, brightness and background: a fine-grained colour difference.

Every network whose weights are installed is fine-tuned through hdlite's operators
(``hdlite.ops``: read_dl_classifier, set_dl_classifier_param, train_dl_classifier_batch,
apply_dl_classifier, get_dl_classifier_result) with the hyperparameters of HALCON's
classifier examples: SGD, learning rate 0.001, momentum 0.9, batches of 8, a few epochs,
byte images preprocessed as ``g - 127``. In the same run the same images, in the same
order, fine-tune torchvision's MobileNetV2 with its ImageNet weights and a new linear layer
(ImageNet normalisation, same optimiser). ``--archs`` adds candidate architectures that
have no HALCON name (``efficientnet_lite1``, ``efficientnet_lite2``), trained the same way
directly in torch with hdlite's input adapter.

Printed per task and network: test top-1 error, the difference to plain MobileNetV2, and
training images per second (the training steps only). The target: every hdlite network
within 0.05 of plain MobileNetV2 on every task.

Run: ``nice .venv/bin/python benchmarks/bench_transfer.py [--size 96] [--train 32]
[--test 20] [--epochs 4] [--batch 8] [--networks compact,enhanced,...] [--tasks ...]
[--archs efficientnet_lite1,efficientnet_lite2] [--threads N] [--seed 0]``
(``--size 224`` for HALCON's default input size; sizes per class).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from hdlite import HalconError, ops
from hdlite.plugin import Image, ObjectTuple

CLASSES = ("a", "b", "c")
NETWORKS = ("compact", "enhanced", "mobilenet_v2", "resnet18", "resnet50", "alexnet")
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1) * 255
IMAGENET_STD = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1) * 255

# -- generated tasks: each returns byte-valued float arrays (3, size, size) and a label ----


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    return yy, xx


def _polygon_distance(yy: np.ndarray, xx: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Distance of every pixel to the closed polygon through ``corners`` (k x 2, y/x)."""
    best = np.full(yy.shape, np.inf, np.float32)
    for index in range(len(corners)):
        a, b = corners[index], corners[(index + 1) % len(corners)]
        d = b - a
        t = ((yy - a[0]) * d[0] + (xx - a[1]) * d[1]) / float(d @ d)
        t = np.clip(t, 0, 1)
        dist = np.hypot(yy - (a[0] + t * d[0]), xx - (a[1] + t * d[1]))
        best = np.minimum(best, dist)
    return best


def shapes(rng: np.random.Generator, label: int, size: int) -> np.ndarray:
    """An outline: circle (0), square (1) or triangle (2)."""
    yy, xx = _grid(size)
    cy, cx = rng.uniform(0.35, 0.65, 2) * size
    radius = rng.uniform(0.18, 0.3) * size
    width = rng.uniform(1.2, 2.5) * size / 96
    if label == 0:
        distance = np.abs(np.hypot(yy - cy, xx - cx) - radius)
    else:
        k = 4 if label == 1 else 3
        angle = rng.uniform(0, 2 * math.pi) + np.arange(k) * 2 * math.pi / k
        corners = np.stack([cy + radius * np.sin(angle), cx + radius * np.cos(angle)], 1)
        distance = _polygon_distance(yy, xx, corners)
    mask = np.clip(width - distance + 0.5, 0, 1)
    bg, fg = rng.uniform(20, 235, 3), rng.uniform(20, 235, 3)
    while np.abs(fg - bg).mean() < 60:
        fg = rng.uniform(20, 235, 3)
    image = bg[:, None, None] * (1 - mask) + fg[:, None, None] * mask
    return image + rng.normal(0, 6, image.shape)


def defects(rng: np.random.Generator, label: int, size: int) -> np.ndarray:
    """A textured surface: good (0), scratched (1), spotted (2)."""
    yy, xx = _grid(size)
    texture = np.zeros((size, size), np.float32)
    for _ in range(4):
        fy, fx = rng.uniform(-0.5, 0.5, 2)
        texture += np.sin((fy * yy + fx * xx) * 2 * math.pi / 6 + rng.uniform(0, 6.3))
    texture = (texture * 8 + rng.normal(0, 8, texture.shape)).astype(np.float32)
    if label == 1:
        cy, cx = rng.uniform(0.3, 0.7, 2) * size
        angle = rng.uniform(0, math.pi)
        half = rng.uniform(0.2, 0.35) * size
        ends = np.array(
            [
                [cy - half * math.sin(angle), cx - half * math.cos(angle)],
                [cy + half * math.sin(angle), cx + half * math.cos(angle)],
            ]
        )
        distance = _polygon_distance(yy, xx, ends)
        texture += np.clip(1.6 * size / 96 - distance + 0.5, 0, 1) * rng.choice([-70, 70])
    elif label == 2:
        cy, cx = rng.uniform(0.25, 0.75, 2) * size
        ry, rx = rng.uniform(0.03, 0.06, 2) * size
        blob = ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 < 1
        texture -= blob * rng.uniform(50, 80)
    base = rng.uniform(90, 160) + rng.uniform(-10, 10, 3)
    return base[:, None, None] + texture[None]


def colour(rng: np.random.Generator, label: int, size: int) -> np.ndarray:
    """A disc whose hue is 0, 20 or 40 degrees (label 0, 1, 2), +-4 degrees."""
    yy, xx = _grid(size)
    hue = (label * 20 + rng.uniform(-4, 4)) / 360
    saturation, value = rng.uniform(0.6, 1.0), rng.uniform(0.55, 1.0)
    rgb = np.array(_hsv_to_rgb(hue, saturation, value), np.float32) * 255
    cy, cx = rng.uniform(0.35, 0.65, 2) * size
    radius = rng.uniform(0.15, 0.3) * size
    mask = np.clip(radius - np.hypot(yy - cy, xx - cx) + 0.5, 0, 1)
    bg = np.full(3, rng.uniform(40, 220), np.float32) + rng.uniform(-15, 15, 3)
    image = bg[:, None, None] * (1 - mask) + rgb[:, None, None] * mask
    return image + rng.normal(0, 5, image.shape)


def _hsv_to_rgb(h: float, s: float, v: float) -> tuple[float, float, float]:
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    return [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]


TASKS: dict[str, Callable[[np.random.Generator, int, int], np.ndarray]] = {
    "shapes": shapes,
    "defects": defects,
    "colour": colour,
}


def make_set(task: str, per_class: int, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``per_class`` images of each class, shuffled: uint8-valued float32 (N, 3, S, S)."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(CLASSES)), per_class)
    rng.shuffle(labels)
    images = [np.clip(TASKS[task](rng, int(k), size), 0, 255) for k in labels]
    return np.round(np.stack(images)).astype(np.float32), labels


# -- training ----------------------------------------------------------------------------


def batch_order(count: int, batch: int, epochs: int, seed: int) -> list[np.ndarray]:
    """The batches of every epoch (a new shuffle each epoch; the remainder is left out)."""
    rng = np.random.default_rng(seed)
    order = []
    for _ in range(epochs):
        perm = rng.permutation(count)
        order += [perm[i : i + batch] for i in range(0, count - batch + 1, batch)]
    return order


def run_hdlite(network: str, data: dict, args: argparse.Namespace) -> tuple[float, float]:
    """Fine-tune ``network`` through the operators; (test error, training images/s)."""
    train_x, train_y, test_x, test_y = data["train"] + data["test"]
    ops.set_system("seed_rand", args.seed)
    handle = ops.read_dl_classifier(f"pretrained_dl_classifier_{network}.hdl")
    ops.set_dl_classifier_param(handle, "classes", list(CLASSES))
    ops.set_dl_classifier_param(handle, "image_dimensions", [args.size, args.size, 3])
    ops.set_dl_classifier_param(handle, "batch_size", args.batch)
    ops.set_dl_classifier_param(handle, "learning_rate", 0.001)
    ops.set_dl_classifier_param(handle, "momentum", 0.9)
    ops.set_dl_classifier_param(handle, "runtime", "cpu")
    train = [Image(x - 127, "real") for x in train_x]
    seconds = 0.0
    for indices in batch_order(len(train), args.batch, args.epochs, args.seed):
        images = ObjectTuple([train[i] for i in indices])
        labels = [int(train_y[i]) for i in indices]
        start = time.perf_counter()
        result = ops.train_dl_classifier_batch(images, handle, labels)
        ops.get_dl_classifier_train_result(result, "loss")
        seconds += time.perf_counter() - start
    test = ObjectTuple([Image(x - 127, "real") for x in test_x])
    predicted = ops.get_dl_classifier_result(
        ops.apply_dl_classifier(test, handle), "all", "predicted_class_indices"
    )
    error = float(np.mean(np.asarray(predicted) != test_y))
    trained = len(batch_order(len(train), args.batch, args.epochs, args.seed)) * args.batch
    return error, trained / seconds


def run_torch(
    make: Callable[[], torch.nn.Module],
    prepare: Callable[[np.ndarray], np.ndarray],
    data: dict,
    args: argparse.Namespace,
) -> tuple[float, float]:
    """Fine-tune a torch module the same way; (test error, training images/s)."""
    train_x, train_y, test_x, test_y = data["train"] + data["test"]
    torch.manual_seed(args.seed)
    net = make()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    inputs = torch.from_numpy(prepare(train_x))
    targets = torch.from_numpy(train_y).long()
    net.train()
    seconds, trained = 0.0, 0
    for indices in batch_order(len(train_x), args.batch, args.epochs, args.seed):
        index = torch.from_numpy(indices)
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = F.cross_entropy(net(inputs[index]), targets[index])
        loss.backward()
        optimizer.step()
        loss.item()
        seconds += time.perf_counter() - start
        trained += len(indices)
    net.eval()
    with torch.inference_mode():
        predicted = net(torch.from_numpy(prepare(test_x))).argmax(1).numpy()
    return float(np.mean(predicted != test_y)), trained / seconds


def plain_mobilenet_v2() -> torch.nn.Module:
    """torchvision's MobileNetV2 with its ImageNet weights and a new 3-class layer."""
    import torchvision
    from hdlite_dl import weights

    net = torchvision.models.mobilenet_v2(weights=None)
    net.load_state_dict(weights.load_state_dict(weights.find_weights("mobilenet_v2")))
    net.classifier[1] = torch.nn.Linear(1280, len(CLASSES))
    return net


def candidate(arch: str) -> Callable[[], torch.nn.Module]:
    """An architecture without a HALCON name, with hdlite's input adapter and head."""

    def make() -> torch.nn.Module:
        from hdlite_dl import backbones
        from hdlite_dl.handles import ClassifierNet

        cfg = backbones.file_cfg("enhanced", arch)
        if cfg is None:
            raise SystemExit(f"unknown architecture {arch!r}: {backbones.architectures()}")
        cfg, trunk = backbones.create_backbone(cfg.name, pretrained=True, cfg=cfg)
        net = ClassifierNet(cfg, trunk)
        net.replace_head(len(CLASSES))
        return net

    return make


def available(network: str) -> bool:
    """Whether the pretrained weights of ``network`` are installed."""
    try:
        ops.read_dl_classifier(f"pretrained_dl_classifier_{network}.hdl")
    except HalconError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=96)
    parser.add_argument("--train", type=int, default=32, help="training images per class")
    parser.add_argument("--test", type=int, default=20, help="test images per class")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--networks", default=",".join(NETWORKS))
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--archs", default="", help="extra architectures, e.g. efficientnet_lite2")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    networks = [n for n in args.networks.split(",") if n]
    missing = [n for n in networks if not available(n)]
    networks = [n for n in networks if n not in missing]
    archs = [a for a in args.archs.split(",") if a]
    print(
        f"size {args.size}, {args.train}/{args.test} train/test images per class, "
        f"{args.epochs} epochs, batch {args.batch}, lr 0.001, momentum 0.9, "
        f"torch threads {torch.get_num_threads()}"
    )
    if missing:
        print(f"weights not installed, left out: {', '.join(missing)}", flush=True)
    failures = []
    for task_index, task in enumerate(t for t in args.tasks.split(",") if t):
        seed = 1000 * task_index + args.seed
        data = {
            "train": make_set(task, args.train, args.size, seed),
            "test": make_set(task, args.test, args.size, seed + 1),
        }
        base_error, base_speed = run_torch(
            plain_mobilenet_v2, lambda x: (x - IMAGENET_MEAN) / IMAGENET_STD, data, args
        )
        head = f"{'test error':>10s} {'vs plain':>9s} {'train img/s':>12s}"
        print(f"\n{task + ':':38s} {head}", flush=True)
        plain = "plain torchvision MobileNetV2"
        print(f"  {plain:36s} {base_error:10.3f} {'':>9s} {base_speed:12.1f}", flush=True)
        rows = [(n, *run_hdlite(n, data, args)) for n in networks]
        rows += [(f"({a})", *run_torch(candidate(a), lambda x: x - 127, data, args)) for a in archs]
        for name, error, speed in rows:
            diff = error - base_error
            print(f"  {'hdlite ' + name:36s} {error:10.3f} {diff:+9.3f} {speed:12.1f}", flush=True)
            if error > base_error + 0.05 and not name.startswith("("):
                failures.append(f"{task}/{name}")
    print(
        "\nall hdlite networks within 0.05 of plain MobileNetV2"
        if not failures
        else f"\nmore than 0.05 worse than plain MobileNetV2: {', '.join(failures)}"
    )


if __name__ == "__main__":
    main()
