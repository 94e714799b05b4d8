"""Time blob analysis on a camera-sized image: threshold, connection, select_shape, features.

A 2448 x 2048 byte image holds about 6000 random discs and rectangles (about 1 Mpx of
foreground). The chain ``threshold -> connection -> select_shape ('area') -> area_center``
is called through the operator registry as a program calls it (spec §5 asks for under
150 ms); then the features of the selected blobs (shape factors that need contours,
hulls or distance transforms) and the region core (mask to chords and back). The best of
``--repeat`` runs is printed in milliseconds, one line per step.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_vision_regions.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple, Region, decode_runs


def _scene(rng: np.random.Generator) -> np.ndarray:
    data = rng.integers(0, 100, (2048, 2448)).astype(np.uint8)
    rows = np.arange(2048)[:, None]
    cols = np.arange(2448)[None, :]
    for _ in range(3000):
        r, c, rad = rng.integers(10, 2038), rng.integers(10, 2438), rng.integers(2, 9)
        top, left = max(r - rad, 0), max(c - rad, 0)
        sub_r, sub_c = rows[top : r + rad + 1], cols[:, left : c + rad + 1]
        disc = (sub_r - r) ** 2 + (sub_c - c) ** 2 <= rad * rad
        data[top : r + rad + 1, left : c + rad + 1][disc] = 200
    for _ in range(3000):
        r, c = rng.integers(0, 2030), rng.integers(0, 2430)
        h, w = rng.integers(1, 12, 2)
        data[r : r + h, c : c + w] = 220
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    image = ObjectTuple([Image(_scene(np.random.default_rng(0)), "byte")])
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *inputs: object) -> tuple:
        op = host.registry.get(name)
        assert op is not None, name
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    def best(step: Callable[[], object]) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        return min(times) * 1000.0

    def chain() -> tuple:
        (region,) = call("threshold", image, 128, 255)
        (blobs,) = call("connection", region)
        (large,) = call("select_shape", blobs, "area", "and", 30, 99999)
        return blobs, large, call("area_center", large)

    blobs, large, _ = chain()
    (region,) = call("threshold", image, 128, 255)
    print(f"foreground {region[0].area()} px, {len(region[0].runs[0])} chords")
    print(f"{len(blobs)} components, {len(large)} with area >= 30")
    print(f"{best(chain):8.1f} ms  threshold -> connection -> select_shape -> area_center")
    print(f"{best(lambda: call('connection', region)):8.1f} ms  connection")
    for names in (("circularity",), ("convexity",), ("rectangularity",), ("inner_radius",)):
        ms = best(lambda n=names: call("region_features", large, n))
        print(f"{ms:8.1f} ms  region_features {names[0]} ({len(large)} regions)")
    ms = best(lambda: call("smallest_rectangle2", large))
    print(f"{ms:8.1f} ms  smallest_rectangle2 ({len(large)} regions)")
    ms = best(lambda: call("fill_up", region))
    print(f"{ms:8.1f} ms  fill_up (whole foreground)")
    mask = region[0].to_mask(2048, 2448)
    print(f"{best(lambda: Region.from_mask(mask)):8.1f} ms  mask -> chords")
    runs = region[0].runs
    print(f"{best(lambda: decode_runs(runs, 0, 0, 2048, 2448)):8.1f} ms  chords -> mask")
    fresh = [Region.from_runs(*runs) for _ in range(args.repeat)]
    print(f"{best(lambda: fresh.pop().moments()):8.1f} ms  area, centre, moments from chords")


if __name__ == "__main__":
    main()
