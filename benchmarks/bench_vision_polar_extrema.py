"""Time and check the sub-pixel extrema, the polar transforms and hit-or-miss morphology.

* local_max_sub_pix ('facet' and 'gauss', Sigma 1.0) on a 2448 x 2048 byte image of 400
  Gaussian blobs (sigma 4 px, on a grid, each moved by a random sub-pixel offset); the
  distance of every found maximum to its blob's centre is reported (median, 99th
  percentile, largest).
* polar_trans_image_ext of a full circle of radius 500 into a 3142 x 501 image, both
  interpolations, and polar_trans_image_inv back into the 2448 x 2048 image.
* polar_trans_region of a ring region (radii 200 .. 300) into a 1885 x 301 band, and back.
* hit_or_miss (end points of lines: a 3-pixel element) and morph_skeleton on the
  thresholded blobs.

The best of ``--repeat`` runs is printed in milliseconds, one line per step.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_vision_polar_extrema.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import functools
import io
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple, Region

_H, _W = 2048, 2448


def _blobs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    data = np.full((_H, _W), 40.0)
    grid_r, grid_c = np.meshgrid(np.arange(20) * 100 + 50.0, np.arange(20) * 115 + 60.0)
    jitter = rng.uniform(-10, 10, (400, 2))
    centres = np.column_stack([grid_r.ravel(), grid_c.ravel()]) + jitter  # apart
    for r0, c0 in centres:
        top, left = int(r0) - 20, int(c0) - 20
        r, c = np.mgrid[top : top + 41, left : left + 41]
        data[top : top + 41, left : left + 41] += 150 * np.exp(
            -((r - r0) ** 2 + (c - c0) ** 2) / 32.0
        )
    return np.round(np.clip(data, 0, 255)).astype(np.uint8), centres


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *inputs: object) -> tuple:
        op = host.registry.get(name)
        assert op is not None, name
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    def best(label: str, step: Callable[[], Any]) -> Any:
        times: list[float] = []
        out: Any = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = step()
            times.append(time.perf_counter() - start)
        print(f"{label:58s} {1000 * min(times):8.1f} ms")
        return out

    data, centres = _blobs(np.random.default_rng(0))
    image = ObjectTuple([Image(data[None], "byte")])
    for filt in ("facet", "gauss"):
        rows, cols = best(
            f"local_max_sub_pix {filt} 1.0 (2448x2048)",
            functools.partial(call, "local_max_sub_pix", image, filt, 1.0, 1.0),
        )
        found = np.column_stack([rows, cols])
        dist = np.array([np.hypot(*(found - c).T).min() for c in centres])
        print(
            f"  {len(found)} maxima for {len(centres)} blobs; distance median "
            f"{np.median(dist):.4f} p99 {np.percentile(dist, 99):.4f} max {dist.max():.4f} px"
        )
    arc = (1024.0, 1224.0, 0.0, 2 * math.pi, 0.0, 500.0)
    for interp in ("nearest_neighbor", "bilinear"):
        (polar,) = best(
            f"polar_trans_image_ext {interp} 3142x501",
            functools.partial(call, "polar_trans_image_ext", image, *arc, 3142, 501, interp),
        )
    best(
        "polar_trans_image_inv bilinear -> 2448x2048",
        lambda: call("polar_trans_image_inv", polar, *arc, _W, _H, "bilinear"),
    )
    r, c = np.mgrid[0:_H, 0:_W]
    d = np.hypot(r - 1024.0, c - 1224.0)
    ring = ObjectTuple([Region.from_mask((d >= 200) & (d <= 300))])
    arc2 = (1024.0, 1224.0, 0.0, 2 * math.pi, 200.0, 300.0)
    (band,) = best(
        "polar_trans_region ring -> 1885x101",
        lambda: call("polar_trans_region", ring, *arc2, 1885, 101, "nearest_neighbor"),
    )
    best(
        "polar_trans_region_inv band -> 2448x2048",
        lambda: call("polar_trans_region_inv", band, *arc2, 1885, 101, _W, _H, "nearest_neighbor"),
    )
    (blobs,) = call("threshold", image, 120, 255)
    fg = ObjectTuple([Region.from_mask(np.ones((1, 2), bool), 5, 4)])
    bg = ObjectTuple([Region.from_mask(np.ones((1, 1), bool), 5, 6)])
    best("hit_or_miss (right ends) on the blobs", lambda: call("hit_or_miss", blobs, fg, bg, 5, 5))
    best("morph_skeleton of the blobs", lambda: call("morph_skeleton", blobs))


if __name__ == "__main__":
    main()
