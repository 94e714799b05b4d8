"""Time bar code and data code reading on camera-sized scenes.

Each scene holds one symbol drawn by zxing-cpp, turned by 30 degrees, with Gaussian noise
(sigma 8); the operators are called through the registry as a program calls them. The best
of ``--repeat`` runs is printed in milliseconds, one line per call.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_codes.py [--repeat 5]``
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


def _scene(text: str, fmt: str, scale: int, height: int, width: int) -> ObjectTuple:
    import cv2
    import zxingcpp

    sym = np.array(
        zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt)).to_image(scale=scale)
    )
    h, w = sym.shape
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), 30.0, 1.0)
    m[0, 2] += width / 2 - (w - 1) / 2
    m[1, 2] += height / 2 - (h - 1) / 2
    ink = cv2.warpAffine(255 - sym, m, (width, height), flags=cv2.INTER_LINEAR)
    gray = 230.0 - ink + np.random.default_rng(0).normal(0.0, 8.0, (height, width))
    return ObjectTuple([Image(np.clip(gray, 0, 255).astype(np.uint8)[None], "byte")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *inputs: object) -> tuple:
        op = host.registry.get(name)
        assert op is not None
        return call_operator(CallContext(session, op, None), list(inputs))

    (bar,) = call("create_bar_code_model", (), ())
    (qr,) = call("create_data_code_2d_model", ("QR Code",), (), ())
    (dm,) = call("create_data_code_2d_model", ("Data Matrix ECC 200",), (), ())
    for height, width in ((480, 640), (2048, 2448)):
        jobs = [
            ("find_bar_code", "EAN13", "4006381333931", 3, lambda img: (img, bar, ("auto",))),
            (
                "find_data_code_2d",
                "QRCode",
                "https://hdlite.example/42",
                4,
                lambda img: (img, qr, (), ()),
            ),
            ("find_data_code_2d", "DataMatrix", "LOT 4711/B", 5, lambda img: (img, dm, (), ())),
        ]
        for name, fmt, text, scale, inputs in jobs:
            img = _scene(text, fmt, scale, height, width)
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                out = call(name, *inputs(img))
                best = min(best, time.perf_counter() - start)
            ok = text in out[-1]
            print(
                f"{name:18s} {fmt:10s} {width}x{height}: {best * 1000:7.1f} ms  read={ok}",
                flush=True,
            )


if __name__ == "__main__":
    main()
