"""hdlite's pretrained OCR fonts (built by scripts/build_ocr_fonts.py) read held-out
synthetic text: lines rendered with Pillow at sizes and noise the build did not use,
segmented with threshold and connection (dot print: dilation first)."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import ObjectTuple

from ._ocr_scenes import font_path, render, render_dots, segment

ALL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _text(seed: int, n: int) -> str:
    return "".join(np.random.default_rng(seed).choice(list(ALL), n))


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("Industrial_0-9A-Z_NoRej.omc", "DejaVuSans-Bold.ttf"),
        ("Industrial_0-9A-Z_NoRej", "DejaVuSansCondensed-Bold.ttf"),
        ("Document_0-9A-Z_NoRej.omc", "DejaVuSans.ttf"),
        ("Document_0-9A-Z_NoRej.omc", "DejaVuSerif.ttf"),
    ],
)
def test_pretrained_font_reads_held_out_text(call, monkeypatch, name, font):
    from . import _ocr_scenes

    font_path()
    monkeypatch.setattr(_ocr_scenes, "FONT", _ocr_scenes.FONT_DIR / font)
    (ocr,) = call("read_ocr_class_mlp", name)
    params = call("get_params_ocr_class_mlp", ocr)
    assert params[4] == tuple(ALL)
    right = total = 0
    for k, size in enumerate((19, 25, 31)):
        text = _text(100 + k, 30)
        image = render(text, size, seed=900 + k)
        chars = segment(call, image)
        assert len(chars) == len(text)
        classes, _ = call("do_ocr_multi_class_mlp", chars, ObjectTuple([image]), ocr)
        right += sum(a == b for a, b in zip(classes, text, strict=True))
        total += len(text)
    assert right / total >= 0.93  # measured: 0.956 ... 0.989


def test_dot_print_reads_held_out_text(call):
    font_path()
    (ocr,) = call("read_ocr_class_mlp", "DotPrint_0-9A-Z_NoRej.omc")
    call("set_system", "clip_region", "false")  # lines wider than the default 512 columns
    right = total = 0
    for k, pitch in enumerate((5, 6, 7)):
        text = _text(200 + k, 20)
        image = render_dots(text, pitch, seed=k)
        (dots,) = call("threshold", ObjectTuple([image]), 0, 128)
        (merged,) = call("dilation_circle", dots, 0.75 * pitch)
        (parts,) = call("connection", merged)
        (chars,) = call("sort_region", parts, "character", "true", "row")
        assert len(chars) == len(text)
        classes, _ = call("do_ocr_multi_class_mlp", chars, ObjectTuple([image]), ocr)
        right += sum(a == b for a, b in zip(classes, text, strict=True))
        total += len(text)
    assert right / total >= 0.9
