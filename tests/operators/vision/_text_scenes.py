"""Synthetic text pages for the text model tests: lines of DejaVu print rendered with Pillow
(the fonts hdlite's pretrained OCR classifiers were built from), dark on light or light on
dark, optionally rotated, with Gaussian noise."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image

from ._ocr_scenes import FONT_DIR, font_path


def render_page(
    lines: list[str],
    size: int = 28,
    *,
    dark: int = 25,
    light: int = 225,
    angle: float = 0.0,
    seed: int = 0,
    font: str = "DejaVuSans-Bold.ttf",
    width: int | None = None,
    gap: int | None = None,
) -> Image:
    """``lines`` one below the other; characters are drawn one by one with a gap, so that
    no two touch (``gap`` pixels, default size // 6); ``angle`` rotates the page (degrees,
    counter-clockwise)."""
    import cv2
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    font_path()
    face = ImageFont.truetype(str(FONT_DIR / font), size)
    step = gap if gap is not None else max(2, size // 6)
    w = width or 40 + max(len(t) for t in lines) * (size + step)
    h = 30 + len(lines) * int(1.8 * size)
    pil = PilImage.new("L", (w, h), light)
    draw = ImageDraw.Draw(pil)
    for row, text in enumerate(lines):
        x = 20.0
        for ch in text:
            draw.text((x, 15 + row * int(1.8 * size)), ch, fill=dark, font=face)
            x += face.getlength(ch) + step
    data: np.ndarray = np.asarray(pil).astype(np.float32)
    if angle:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        data = cv2.warpAffine(
            data,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=float(light),
        )
    rng = np.random.default_rng(seed)
    data = data + rng.normal(0, 4, data.shape)
    return Image(np.clip(data, 0, 255).astype(np.uint8)[None], "byte")
