"""Time the rank, noise, compass-edge and diffusion filters on a 1024 x 1024 byte image.

Each operator is called through the operator registry exactly as a program calls it; the
best of ``--repeat`` runs is printed in milliseconds, one line per call.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_vision_rank_diffusion.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple, Region

MASK = ObjectTuple([Region.rectangle(0, 0, 4, 4)])
CALLS: list[tuple[str, tuple, tuple]] = [
    ("rank_image", (MASK,), (13, "mirrored")),
    ("dual_rank", (), ("circle", 3, 10, "mirrored")),
    ("trimmed_mean", (MASK,), (13, "mirrored")),
    ("median_separate", (), (25, 25, "mirrored")),
    ("sigma_image", (), (5, 5, 3)),
    ("eliminate_min_max", (), (3, 3, 1.0, 3)),
    ("kirsch_dir", (), ()),
    ("robinson_amp", (), ()),
    ("prewitt_dir", (), ()),
    ("roberts", (), ("gradient_sum",)),
    ("isotropic_diffusion", (), (2.0, 0)),
    ("isotropic_diffusion", (), (2.0, 10)),
    ("anisotropic_diffusion", (), ("weickert", 5.0, 1.0, 10)),
    ("fill_interlace", (), ("odd",)),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, (1, 1024, 1024)).astype(np.uint8)
    data[0, 300:600, 200:800] = 200
    image = ObjectTuple([Image(data, "byte")])
    host = make_plugin_manager()
    session = Session(out=io.StringIO())
    for name, iconic, params in CALLS:
        op = host.registry.get(name)
        assert op is not None
        values = [image, *iconic] + [(p,) for p in params]
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            call_operator(CallContext(session, op, None), values)
            best = min(best, time.perf_counter() - start)
        print(f"{name:24s} {params!s:36.36s} {best * 1000.0:9.1f} ms")


if __name__ == "__main__":
    main()
