"""Time the vision filters, edge filters and colour transformation on a camera-sized image.

Each operator runs on a 2448 x 2048 byte image (textured noise plus blobs), called through
the operator registry exactly as a program calls it; the best of ``--repeat`` runs is
printed in milliseconds, one line per call.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_vision_filters.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple

CALLS = [
    ("smooth_image", ("gauss", 1.5)),
    ("smooth_image", ("deriche2", 0.5)),
    ("binomial_filter", (5, 5)),
    ("median_image", ("circle", 1, "mirrored")),
    ("median_image", ("circle", 3, "mirrored")),
    ("median_rect", (7, 7)),
    ("emphasize", (7, 7, 1.0)),
    ("sobel_amp", ("sum_abs", 3)),
    ("sobel_amp", ("thin_max_abs", 5)),
    ("edges_image", ("canny", 1.5, "nms", 20, 40)),
    ("derivate_gauss", (2.0, "gradient")),
    ("gray_erosion_rect", (11, 11)),
    ("gray_dilation_shape", (11, 11, "octagon")),
    ("equ_histo_image", ()),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, (2048, 2448)).astype(np.uint8)
    data[500:900, 600:1400] = 200
    image = ObjectTuple([Image(data, "byte")])
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def run(name: str, params: tuple, inputs: list) -> float:
        op = host.registry.get(name)
        values = inputs + [(p,) for p in params]
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            call_operator(CallContext(session, op, None), values)
            best = min(best, time.perf_counter() - start)
        return best * 1000.0

    for name, params in CALLS:
        print(f"{name}{params}: {run(name, params, [image]):.1f} ms")
    rgb = [ObjectTuple([Image(np.roll(data, k, axis=1), "byte")]) for k in range(3)]
    print(f"trans_from_rgb('hsv'): {run('trans_from_rgb', ('hsv',), rgb):.1f} ms")


if __name__ == "__main__":
    main()
