"""Time shape-based and NCC matching on a VGA scene and report the pose errors.

A 120 x 120 template holds an L-shaped part (50 x 40 pixels); the 640 x 480 scene holds four
rotated, shifted copies with Gaussian noise (sigma 8). Each model is created once and searched
over the full circle (NumMatches 0, least-squares / sub-pixel refinement); the best of
``--repeat`` runs is printed in milliseconds with the largest position and angle errors.
Models: from the template image (shape, ncc), from the L's outline as an XLD contour
(polarity set with set_shape_model_metric from the first match), and the generic interface
trained on the template.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_matching.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import math
import time

import cv2
import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple, Region

SHAPE = [(-20, -25), (-20, 25), (-5, 25), (-5, 0), (20, 0), (20, -25)]
POSES = [(120.3, 150.7, 0.4), (300.5, 200.2, -1.9), (250.0, 480.6, 2.8), (380.8, 520.1, 0.05)]


def render(h: int, w: int, poses: list, noise: float) -> np.ndarray:
    """Anti-aliased copies of the L shape (8x8 supersampling) plus noise."""
    ss = 8
    hi = np.zeros((h * ss, w * ss), np.uint8)
    for r, c, a in poses:
        pts = [
            (
                (c + dr * math.sin(a) + dc * math.cos(a) + 0.5) * ss - 0.5,
                (r + dr * math.cos(a) - dc * math.sin(a) + 0.5) * ss - 0.5,
            )
            for dr, dc in SHAPE
        ]
        cv2.fillPoly(hi, [np.round(np.array(pts) * 16).astype(np.int32)], 255, shift=4)
    img = 40 + 160 * hi.reshape(h, ss, w, ss).mean(axis=(1, 3)) / 255.0
    img += np.random.default_rng(1).normal(0, noise, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *values: object) -> tuple[tuple, float]:
        op = host.registry.get(name)
        assert op is not None, name
        vals = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in values]
        best, out = float("inf"), ()
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = call_operator(CallContext(session, op, None), vals)
            best = min(best, time.perf_counter() - start)
        return out, best * 1000.0

    tpl = ObjectTuple(
        [
            Image(
                render(120, 120, [(60.0, 60.0, 0.0)], 0.0)[None],
                "byte",
                Region.rectangle(25, 25, 95, 95),
            )
        ]
    )
    scene = ObjectTuple([Image(render(480, 640, POSES, 8.0)[None], "byte")])
    full = (-math.pi, 2 * math.pi)
    (shape,), t_create = call(
        "create_shape_model", tpl, "auto", *full, "auto", "auto", "use_polarity", "auto", "auto"
    )
    found, t_find = call(
        "find_shape_model", scene, shape, *full, 0.7, 0, 0.5, "least_squares", 0, 0.9
    )
    report("shape", t_create, t_find, found)
    (ncc,), t_create = call("create_ncc_model", tpl, "auto", *full, "auto", "use_polarity")
    found, t_find = call("find_ncc_model", scene, ncc, *full, 0.8, 0, 0.5, "true", 0)
    report("ncc", t_create, t_find, found)
    pts = [*SHAPE, SHAPE[0]]
    (contour,), _ = call(
        "gen_contour_polygon_xld", tuple(r for r, _ in pts), tuple(c for _, c in pts)
    )
    (xld,), t_create = call(
        "create_shape_model_xld", contour, "auto", *full, "auto", "auto", "use_polarity", 10
    )
    found, _ = call("find_shape_model", scene, xld, *full, 0.7, 1, 0.5, "least_squares", 0, 0.9)
    hom, _ = call("vector_angle_to_rigid", 0, 0, 0, found[0][0], found[1][0], found[2][0])
    call("set_shape_model_metric", scene, xld, hom[0], "use_polarity")
    found, t_find = call(
        "find_shape_model", scene, xld, *full, 0.7, 0, 0.5, "least_squares", 0, 0.9
    )
    report("xld", t_create, t_find, found)
    (generic,), _ = call("create_generic_shape_model")
    call("set_generic_shape_model_param", generic, ("num_matches", "min_score"), (0, 0.7))
    _, t_create = call("train_generic_shape_model", tpl, generic)
    (result, _num), t_find = call("find_generic_shape_model", scene, generic)
    names = ("row", "column", "angle", "score")
    found = tuple(call("get_generic_shape_model_result", result, "all", n)[0][0] for n in names)
    report("generic", t_create, t_find, found)


def report(name: str, t_create: float, t_find: float, found: tuple) -> None:
    rows, cols, angles, _scores = found
    pos_err, ang_err = 0.0, 0.0
    for r, c, a in POSES:
        d = [math.hypot(r - fr, c - fc) for fr, fc in zip(rows, cols, strict=True)]
        i = int(np.argmin(d))
        pos_err = max(pos_err, d[i])
        diff = (angles[i] - a + math.pi) % (2 * math.pi) - math.pi
        ang_err = max(ang_err, abs(math.degrees(diff)))
    print(
        f"{name:6s} create {t_create:7.1f} ms  find {t_find:7.1f} ms  matches {len(rows)}  "
        f"max position error {pos_err:.3f} px  max angle error {ang_err:.3f} deg"
    )


if __name__ == "__main__":
    main()
