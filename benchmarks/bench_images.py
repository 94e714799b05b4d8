"""Throughput of the image operators against a plain Pillow/numpy loop doing the same work.

Each image goes through ``read_image``, ``zoom_image_size`` (to 224 x 224, 'constant'),
``convert_image_type`` ('real') and ``scale_image`` (to [-1, 1]), the preprocessing of the
deep-learning workflow. The operators are called through the operator registry with the
interpreter's input and output checks. The plain loop opens the same files with Pillow,
resizes with the same filter, converts with numpy and scales.

Run: ``.venv/bin/python benchmarks/bench_images.py [--files N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image as PILImage

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session

WIDTH, HEIGHT = 640, 480
TARGET = 224
MULT, ADD = 2.0 / 255.0, -1.0


def make_files(directory: Path, count: int, seed: int = 0) -> list[str]:
    """Write ``count`` 640x480 RGB images, alternately JPEG and PNG."""
    rng = np.random.default_rng(seed)
    rows = np.linspace(0, 1, HEIGHT)[:, None, None]
    cols = np.linspace(0, 1, WIDTH)[None, :, None]
    paths = []
    for i in range(count):
        tint = rng.random(3)[None, None, :]
        base = 255 * (0.5 * rows * tint + 0.5 * cols * (1 - tint))
        noise = rng.normal(0, 12, (HEIGHT, WIDTH, 3))
        pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
        if i % 2 == 0:
            path = directory / f"img_{i:04d}.jpg"
            PILImage.fromarray(pixels).save(path, quality=90)
        else:
            path = directory / f"img_{i:04d}.png"
            PILImage.fromarray(pixels).save(path, compress_level=1)
        paths.append(str(path))
    return paths


def operator_loop(paths: list[str]) -> float:
    """Seconds for the operator pipeline over all files."""
    host = make_plugin_manager()
    session = Session()
    ops = {n: host.registry.get(n) for n in
           ("read_image", "zoom_image_size", "convert_image_type", "scale_image")}  # fmt: skip

    def call(name: str, *inputs):
        op = ops[name]
        return call_operator(CallContext(session, op, None), inputs)

    start = time.perf_counter()
    for path in paths:
        (image,) = call("read_image", (path,))
        (zoomed,) = call("zoom_image_size", image, (TARGET,), (TARGET,), ("constant",))
        (real,) = call("convert_image_type", zoomed, ("real",))
        (scaled,) = call("scale_image", real, (MULT,), (ADD,))
        assert scaled[0].data.shape == (3, TARGET, TARGET)
    return time.perf_counter() - start


def plain_loop(paths: list[str]) -> float:
    """Seconds for the same work written directly with Pillow and numpy."""
    start = time.perf_counter()
    for path in paths:
        with PILImage.open(path) as img:
            img.load()
            small = img.resize((TARGET, TARGET), PILImage.Resampling.BOX)
        pixels = np.asarray(small).astype(np.float32)
        pixels *= np.float32(MULT)
        pixels += np.float32(ADD)
        assert pixels.shape == (TARGET, TARGET, 3)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print both throughputs and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500, help="number of images (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best counts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hdlite-bench-") as tmp:
        paths = make_files(Path(tmp), args.files)
        plain_loop(paths[:10])
        operator_loop(paths[:10])
        ops_best = plain_best = float("inf")
        for _ in range(args.repeat):
            plain_best = min(plain_best, plain_loop(paths))
            ops_best = min(ops_best, operator_loop(paths))
    ops_rate, plain_rate = len(paths) / ops_best, len(paths) / plain_best
    print(
        f"images: {len(paths)} ({WIDTH}x{HEIGHT} RGB, half JPEG, half PNG) "
        f"-> {TARGET}x{TARGET} real"
    )
    print(f"operators:     {ops_rate:8.1f} images/s")
    print(f"Pillow/numpy:  {plain_rate:8.1f} images/s")
    print(f"ratio:         {ops_rate / plain_rate:8.3f} (target >= 0.8)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
