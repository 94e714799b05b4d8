"""Time the interest-point, Hough, MSER and line operators on a 1024 x 1024 image.

The image holds 40 filled convex polygons of random gray values on a dark background,
slightly blurred; the edge region for the Hough transforms is sobel_amp > 30 (about 34,000
pixels). Each operator is called through the operator registry exactly as a program calls
it; the best of ``--repeat`` runs is printed in milliseconds, one line per call.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_vision_features.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import time

import cv2
import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple

IMAGE_CALLS = [
    ("points_harris", (0.7, 2.0, 0.08, 1000.0)),
    ("points_harris_binomial", (5, 15, 0.08, 1000.0, "on")),
    ("points_foerstner", (1.0, 2.0, 3.0, 200, 0.3, "gauss", "false")),
    ("segment_image_mser", ("dark", 10, (), 15, (), ())),
    ("segment_image_mser", ("both", 10, (), 15, (), ())),
    ("lines_gauss", (1.5, 3, 8, "light", "true", "bar-shaped", "true")),
    ("lines_facet", (5, 3, 8, "light")),
]
EDGE_CALLS = [
    ("hough_lines", (4, 100, 5, 5)),
    ("hough_line_trans", (4,)),
    ("hough_circles", (30, 60, 2)),
]
DIR_CALLS = [("hough_lines_dir", (4, 4, "mean", 5, 100, 5, 5, "true"))]


def scene() -> np.ndarray:
    """The 1024 x 1024 test image."""
    rng = np.random.default_rng(0)
    data = np.full((1024, 1024), 60, np.uint8)
    for _ in range(40):
        pts = rng.integers(0, 1024, (5, 2)).astype(np.int32)
        cv2.fillPoly(data, [cv2.convexHull(pts)], int(rng.integers(100, 250)))
    return cv2.GaussianBlur(data, (0, 0), 1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, inputs: list, params: tuple) -> tuple[float, tuple]:
        op = host.registry.get(name)
        assert op is not None, name
        values = inputs + [p if isinstance(p, tuple) else (p,) for p in params]
        best, out = float("inf"), ()
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = call_operator(CallContext(session, op, None), values)
            best = min(best, time.perf_counter() - start)
        return best * 1000.0, out

    image = ObjectTuple([Image(scene()[None], "byte")])
    _t, (amp, dirs) = call("sobel_dir", [image], ("sum_abs", 3))
    _t, (edges,) = call("threshold", [amp], (30, 255))
    _t, (dir_image,) = call("reduce_domain", [dirs, edges], ())
    for calls, inputs in ((IMAGE_CALLS, [image]), (EDGE_CALLS, [edges]), (DIR_CALLS, [dir_image])):
        for name, params in calls:
            ms, _out = call(name, inputs, params)
            print(f"{name}{params}: {ms:.1f} ms")


if __name__ == "__main__":
    main()
