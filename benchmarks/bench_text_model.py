"""Time find_text and text_line_orientation on synthetic pages.

Each page holds lines of DejaVu Sans Bold print (28 px characters, rendered with Pillow,
turned by 3 degrees, Gaussian noise sigma 4) on a camera-sized image; a noise image shows
the cost of many candidate components. The model reads with 'Industrial_0-9A-Z_NoRej.omc'
and the default parameters ('polarity' 'both'). The best of ``--repeat`` runs is printed in
milliseconds, one line per call.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_text_model.py [--repeat 5]``

Measured (2 shared cores, best of 3): find_text 37-44 ms (2 lines, 640 x 480), 79-93 ms
(8 lines), 0.55 s (8 lines, 2448 x 2048), 0.26-0.36 s (noise); text_line_orientation
23-81 ms (640 x 480), 0.22 s (2448 x 2048), 0.27 s (noise).
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


def _page(lines: int, height: int, width: int) -> ObjectTuple:
    import cv2
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 28)
    pil = PilImage.new("L", (width, height), 225)
    draw = ImageDraw.Draw(pil)
    rng = np.random.default_rng(0)
    for k in range(lines):
        text = "".join(rng.choice(list("ABCDEFGH2345678"), 16))
        draw.text((40, 40 + 50 * k), text, fill=25, font=font)
    m = cv2.getRotationMatrix2D((width / 2, height / 2), 3.0, 1.0)
    gray = cv2.warpAffine(np.asarray(pil).astype(np.float32), m, (width, height), borderValue=225)
    gray = gray + rng.normal(0.0, 4.0, gray.shape)
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

    (model,) = call("create_text_model_reader", ("auto",), ("Industrial_0-9A-Z_NoRej.omc",))
    noise = np.random.default_rng(1).integers(0, 256, (1024, 1024)).astype(np.uint8)
    scenes = [
        ("2 lines, 640 x 480", _page(2, 480, 640)),
        ("8 lines, 640 x 480", _page(8, 480, 640)),
        ("8 lines, 2448 x 2048", _page(8, 2048, 2448)),
        ("uniform noise, 1024 x 1024", ObjectTuple([Image(noise[None], "byte")])),
    ]
    for label, image in scenes:
        jobs = [
            ("find_text", (image, model)),
            ("text_line_orientation", (image, image, (28,), (-0.5,), (0.5,))),
        ]
        for name, inputs in jobs:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                call(name, *inputs)
                best = min(best, time.perf_counter() - start)
            print(f"{name:24s} {label:28s} {1000 * best:9.1f} ms")


if __name__ == "__main__":
    main()
