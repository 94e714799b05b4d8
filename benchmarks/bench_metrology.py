"""Accuracy and time of 2-D metrology on synthetic scenes with known geometry.

For ``--scenes`` random scenes per shape (320 x 240, dark shape on bright background, 8x8
supersampled edges, Gaussian noise of ``--noise``), the object is added 2-3 pixels off the
true geometry, apply_metrology_model runs with default parameters (MeasureLength1 20,
MeasureLength2 5, Sigma 1, Threshold 30), and the largest errors of the fitted parameters are
printed with the mean time of apply_metrology_model.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_metrology.py [--scenes 20] [--noise 3]``
"""

from __future__ import annotations

import argparse
import io
import math
import time

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple

H, W = 240, 320


def scene(inside, noise: float, rng: np.random.Generator) -> ObjectTuple:
    """Dark (40) where ``inside`` holds, bright (200) elsewhere, 8x8 supersampled."""
    off = (np.arange(8) + 0.5) / 8 - 0.5
    rr = np.arange(H)[:, None, None, None] + off[None, None, :, None]
    cc = np.arange(W)[None, :, None, None] + off[None, None, None, :]
    img = 200 - 160 * inside(rr, cc).mean(axis=(2, 3)) + rng.normal(0, noise, (H, W))
    return ObjectTuple([Image(np.clip(np.round(img), 0, 255).astype(np.uint8)[None], "byte")])


def in_rotated(r0, c0, phi, a, b, ellipse: bool):
    def inside(r, c):
        u = (c - c0) * math.cos(phi) - (r - r0) * math.sin(phi)
        v = (c - c0) * math.sin(phi) + (r - r0) * math.cos(phi)
        if ellipse:
            return (u / a) ** 2 + (v / b) ** 2 <= 1
        return (np.abs(u) <= a) & (np.abs(v) <= b)

    return inside


def below(r0: float, c0: float, slope: float):
    return lambda r, c: r >= r0 + slope * (c - c0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", type=int, default=20)
    parser.add_argument("--noise", type=float, default=3.0)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name, *inputs):
        op = host.registry.get(name)
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    rng = np.random.default_rng(7)
    for shape in ("circle", "line", "rectangle", "ellipse"):
        errors: list[list[float]] = []
        times: list[float] = []
        for _ in range(args.scenes):
            r0, c0 = 120 + rng.uniform(-5, 5), 160 + rng.uniform(-5, 5)
            phi = rng.uniform(-0.5, 0.5)
            a, b = rng.uniform(60, 80), rng.uniform(35, 50)
            (h,) = call("create_metrology_model")
            guess = (r0 + 2, c0 - 2, phi + 0.02, a - 2, b + 2)
            if shape == "circle":
                truth: tuple[float, ...] = (r0, c0, b)
                img = scene(in_rotated(r0, c0, 0.0, b, b, True), args.noise, rng)
                call(
                    "add_metrology_object_circle_measure",
                    h,
                    r0 + 2,
                    c0 - 2,
                    b + 2,
                    20,
                    5,
                    1,
                    30,
                    (),
                    (),
                )
            elif shape == "line":
                slope = math.tan(phi)
                img = scene(below(r0, c0, slope), args.noise, rng)
                truth = (0.0,)
                call(
                    "add_metrology_object_line_measure",
                    h,
                    r0 - 60 * slope + 2,
                    c0 - 60,
                    r0 + 60 * slope - 2,
                    c0 + 60,
                    20,
                    5,
                    1,
                    30,
                    (),
                    (),
                )
            else:
                truth = (r0, c0, phi, a, b)
                img = scene(in_rotated(r0, c0, phi, a, b, shape == "ellipse"), args.noise, rng)
                kind = "ellipse" if shape == "ellipse" else "rectangle2"
                op = f"add_metrology_object_{kind}_measure"
                call(op, h, *guess, 20, 5, 1, 30, (), ())
            start = time.perf_counter()
            call("apply_metrology_model", img, h)
            times.append(time.perf_counter() - start)
            (res,) = call("get_metrology_object_result", h, 0, "all", "result_type", "all_param")
            if shape == "line":
                rb, cb, re_, ce = res
                err = [abs(rb - (r0 + slope * (cb - c0))), abs(re_ - (r0 + slope * (ce - c0)))]
                errors.append([max(err) * math.cos(phi)])
            else:
                errors.append([abs(x - y) for x, y in zip(res, truth, strict=True)])
            call("clear_metrology_model", h)
        worst = np.max(np.array(errors), axis=0)
        print(
            f"{shape:9s} max errors {np.round(worst, 4).tolist()}  "
            f"apply {1000 * np.mean(times):.1f} ms"
        )


if __name__ == "__main__":
    main()
