"""Printed text for the OCR tests: lines rendered with Pillow from a DejaVu font, with noise,
and segmented into characters with threshold, connection and sort_region."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans-Bold.ttf"
#: no 'I', 'J', 'O' and 'Q': they look like '1' or '0' in this font or have two parts
CHARS = "0123456789ABCDEFGHKLMNPRSTUVWXYZ"


def font_path() -> str:
    """The DejaVu font file (the test is skipped where it is missing)."""
    if not FONT.exists():
        pytest.skip(f"{FONT} is not installed")
    return str(FONT)


def render(text: str, size: int, seed: int, *, dark: int = 20, light: int = 230) -> Image:
    """``text`` in one line, dark on light, with Gaussian noise (a byte image)."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(font_path(), size)
    pil = PilImage.new("L", (20 + len(text) * size, 2 * size), light)
    draw = ImageDraw.Draw(pil)
    x = 10.0 + float(rng.integers(0, 4))
    for ch in text:  # one by one, with a gap, so that no two characters touch
        draw.text((x, size // 3), ch, fill=dark, font=font)
        x += font.getlength(ch) + max(2, size // 8)
    data = np.asarray(pil).astype(np.float64) + rng.normal(0, 6, (pil.height, pil.width))
    return Image(np.clip(data, 0, 255).astype(np.uint8), "byte")


def segment(call, image: Image, high: int = 128) -> ObjectTuple:
    """The characters of ``image``: dark components, left to right."""
    (dark,) = call("threshold", ObjectTuple([image]), 0, high)
    (parts,) = call("connection", dark)
    (chars,) = call("sort_region", parts, "character", "true", "row")
    return chars


def random_text(rng: np.random.Generator, n: int) -> str:
    """``n`` characters drawn from :data:`CHARS`."""
    return "".join(rng.choice(list(CHARS), n))


def render_dots(text: str, pitch: int, seed: int) -> Image:
    """``text`` as dot-matrix print: each character of DejaVu Sans Mono Bold sampled on 5 x 7
    cells, an inked cell drawn as a dot; ``pitch`` pixels between dots."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSansMono-Bold.ttf"), 64)
    width = 20 + len(text) * 8 * pitch
    pil = PilImage.new("L", (width, 11 * pitch), 225)
    draw = ImageDraw.Draw(pil)
    for k, ch in enumerate(text):
        glyph = PilImage.new("L", (192, 192), 0)
        ImageDraw.Draw(glyph).text((64, 32), ch, fill=255, font=font)
        ink = np.asarray(glyph) > 127
        rows, cols = np.nonzero(ink)
        ink = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
        h, w = ink.shape
        for i in range(7):
            for j in range(5):
                cell = ink[i * h // 7 : (i + 1) * h // 7, j * w // 5 : (j + 1) * w // 5]
                if cell.size and cell.mean() > 0.35:
                    y = 2 * pitch + (i + 0.5) * pitch
                    x = 10 + k * 8 * pitch + (j + 0.5) * pitch
                    r = 0.3 * pitch
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=30)
    data = np.asarray(pil).astype(np.float64) + rng.normal(0, 5, (pil.height, pil.width))
    return Image(np.clip(data, 0, 255).astype(np.uint8), "byte")
