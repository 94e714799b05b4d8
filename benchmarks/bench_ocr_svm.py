"""SVM against MLP OCR classifiers on rendered print: training time, reading time, accuracy
on held-out text and file size.

Training: the 32 characters 0-9 and A-Z without I, J, O, Q (DejaVu Sans Bold, rendered with
Pillow, Gaussian noise sigma 6) at ``--train-sizes`` pixel sizes, ``--copies`` noisy
renderings each, segmented with threshold / connection / sort_region and written with
append_ocr_trainf. Test: 8 lines of 24 random characters at sizes not used for training.
Every classifier uses 8 x 10 'default' features; the SVMs HALCON's defaults ('rbf', 0.02,
0.05, 'normalization'), the MLP 60 hidden units, 200 iterations. The best of ``--repeat``
reading runs is printed.

Run: ``OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/bench_ocr_svm.py`` (on the
shared 2-core machine under load, threaded BLAS made every time 3-20 times longer).

Measured (2 shared cores, load about 9, one BLAS thread; 320 training characters, 192 test
characters; libsvm imported before timing):

=====================  ===========  ======================  ========  =========
classifier             training     reading 192 characters  accuracy  file size
=====================  ===========  ======================  ========  =========
SVM one-versus-one     1.2-2.1 s    56-87 ms                1.000     0.96 MB
SVM one-versus-all     0.24-0.34 s  52-83 ms                1.000     0.34 MB
MLP (60 hidden units)  0.20-0.29 s  42-61 ms                1.000     0.05 MB
=====================  ===========  ======================  ========  =========

Reading time is mostly feature extraction (the same for both kinds); 'one-versus-one'
trains 496 binary machines for 32 classes, hence its training time and file size.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
CHARS = "0123456789ABCDEFGHKLMNPRSTUVWXYZ"


def render(text: str, size: int, seed: int) -> ObjectTuple:
    """One line of ``text``, dark on light, characters apart, with noise."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(FONT, size)
    pil = PilImage.new("L", (20 + len(text) * size, 2 * size), 230)
    draw = ImageDraw.Draw(pil)
    x = 10.0
    for ch in text:
        draw.text((x, size // 3), ch, fill=20, font=font)
        x += font.getlength(ch) + max(2, size // 8)
    data = np.asarray(pil).astype(np.float64) + rng.normal(0, 6, (pil.height, pil.width))
    return ObjectTuple([Image(np.clip(data, 0, 255).astype(np.uint8), "byte")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train-sizes", type=int, nargs="+", default=[20, 24, 28, 32, 36])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import sklearn.svm  # noqa: F401  (libsvm trains the SVMs: import it before timing)

    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *inputs: object) -> tuple:
        op = host.registry.get(name)
        assert op is not None
        return call_operator(CallContext(session, op, None), [_t(v) for v in inputs])

    def segment(image: ObjectTuple) -> ObjectTuple:
        (dark,) = call("threshold", image, 0, 128)
        (parts,) = call("connection", dark)
        return call("sort_region", parts, "character", "true", "row")[0]

    folder = tempfile.mkdtemp(prefix="bench_ocr_svm_")
    trf = os.path.join(folder, "font.trf")
    for i, size in enumerate(args.train_sizes):
        for j in range(args.copies):
            image = render(CHARS, size, seed=10 * i + j)
            call("append_ocr_trainf", segment(image), image, tuple(CHARS), trf)
    rng = np.random.default_rng(2024)
    tests = []
    for k, size in enumerate((22, 26, 30, 34, 23, 27, 31, 35)):
        text = "".join(rng.choice(list(CHARS), 24))
        image = render(text, size, seed=500 + k)
        tests.append((text, segment(image), image))
    svm = ("rbf", 0.02, 0.05)
    makers = {
        "SVM one-versus-one": ("svm", (*svm, "one-versus-one", "normalization", 10)),
        "SVM one-versus-all": ("svm", (*svm, "one-versus-all", "normalization", 10)),
        "MLP (60 hidden units)": ("mlp", (60, "none", 10, 42)),
    }
    n = sum(len(t) for t, _, _ in tests)
    print(f"{len(args.train_sizes) * args.copies * len(CHARS)} training, {n} test characters")
    for label, (kind, settings) in makers.items():
        layout = (8, 10, "constant", "default", tuple(CHARS))
        (ocr,) = call(f"create_ocr_class_{kind}", *layout, *settings)
        start = time.perf_counter()
        if kind == "svm":
            call("trainf_ocr_class_svm", ocr, trf, 0.001, "default")
        else:
            call("trainf_ocr_class_mlp", ocr, trf, 200, 1.0, 0.01)
        trained = time.perf_counter() - start
        best, right = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            results = [call(f"do_ocr_multi_class_{kind}", c, i, ocr)[0] for _, c, i in tests]
            best = min(best, time.perf_counter() - start)
        for (text, _, _), classes in zip(tests, results, strict=True):
            right += sum(a == b for a, b in zip(text, classes, strict=False))
        path = os.path.join(folder, f"font.o{kind[0]}c")
        call(f"write_ocr_class_{kind}", ocr, path)
        size_mb = os.path.getsize(path) / 1e6
        print(
            f"{label:22s} training {trained:6.2f} s  reading {1000 * best:7.1f} ms  "
            f"accuracy {right / n:.3f}  file {size_mb:.2f} MB"
        )


def _t(value: object) -> object:
    return value if isinstance(value, (tuple, ObjectTuple)) else (value,)


if __name__ == "__main__":
    main()
