"""Build hdlite's pretrained OCR classifiers (``operators/hdlite_vision/ocr/*.omc``).

HALCON ships pretrained fonts under names such as 'Industrial_0-9A-Z_NoRej.omc'; their
files are MVTec's and may not be redistributed. hdlite ships its own small classifiers under
the same names, trained here on characters rendered with Pillow from the DejaVu fonts (free
licence, installed with most Linux systems: ``fc-list | grep DejaVu``), dark print on a
light background as HALCON's fonts expect, with augmentation: size, stroke width, aspect
ratio, rotation (+-5 degrees), blur, noise, contrast and how tightly the region encloses
the character (dilated by 0 ... 2 pixels). DotPrint characters are dot-matrix renderings
(5 x 7 cells) of DejaVu Sans Mono Bold.

Deterministic (fixed seeds); run from the repository root::

    .venv/bin/python scripts/build_ocr_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "operators"))

from hdlite_vision._mlp import Mlp  # noqa: E402
from hdlite_vision._ocr_features import cut, features, num_features  # noqa: E402
from hdlite_vision._ocr_model import OCR_FOLDER, OcrMlp  # noqa: E402

from hdlite import ops  # noqa: E402
from hdlite.plugin import Handle, Image, Region  # noqa: E402

FONTS = Path("/usr/share/fonts/truetype/dejavu")
CLASSES = tuple("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
FAMILIES = {
    "Industrial": [
        "DejaVuSans-Bold.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansMono-Bold.ttf",
    ],
    "Document": [
        "DejaVuSans.ttf",
        "DejaVuSerif.ttf",
        "DejaVuSansMono.ttf",
        "DejaVuSansCondensed.ttf",
    ],
    "DotPrint": ["DejaVuSansMono-Bold.ttf"],
}
WIDTH, HEIGHT, HIDDEN = 8, 10, 60
VARIANTS = 48  # renderings of every character per font


def glyph(font_file: str, ch: str, size: int, stroke: int):
    """A tight boolean mask of ``ch`` (True = ink)."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONTS / font_file), size)
    pil = PilImage.new("L", (3 * size, 3 * size), 0)
    ImageDraw.Draw(pil).text(
        (size, size // 2), ch, fill=255, font=font, stroke_width=stroke, stroke_fill=255
    )
    a = np.asarray(pil) > 127
    rows, cols = np.nonzero(a)
    return a[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def dot_matrix(mask: np.ndarray, pitch: int, radius: float) -> np.ndarray:
    """``mask`` sampled on 5 x 7 cells and drawn as dots ``pitch`` pixels apart."""
    h, w = mask.shape
    out = np.zeros((7 * pitch, 5 * pitch), dtype=bool)
    yy, xx = np.mgrid[0 : 7 * pitch, 0 : 5 * pitch]
    for i in range(7):
        for j in range(5):
            cell = mask[
                i * h // 7 : max((i + 1) * h // 7, i * h // 7 + 1),
                j * w // 5 : max((j + 1) * w // 5, j * w // 5 + 1),
            ]
            if cell.mean() > 0.35:
                cy, cx = (i + 0.5) * pitch, (j + 0.5) * pitch
                out |= (yy + 0.5 - cy) ** 2 + (xx + 0.5 - cx) ** 2 <= radius * radius
    return out


def sample(family: str, font_file: str, ch: str, rng: np.random.Generator):
    """One augmented character: a byte image and its region."""
    import cv2

    size = int(rng.integers(16, 44))
    ink = glyph(font_file, ch, 64 if family == "DotPrint" else size, int(rng.integers(0, 2)))
    if family == "DotPrint":
        pitch = int(rng.integers(4, 8))
        ink = dot_matrix(ink, pitch, pitch * rng.uniform(0.3, 0.5))
    a = ink.astype(np.float32)
    sx = rng.uniform(0.8, 1.2)
    a = cv2.resize(a, (max(1, round(a.shape[1] * sx)), a.shape[0]), interpolation=cv2.INTER_AREA)
    pad = 8
    a = np.pad(a, pad)
    if rng.random() < 0.6:
        angle = rng.uniform(-5, 5)
        m = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), angle, 1.0)
        a = cv2.warpAffine(a, m, (a.shape[1], a.shape[0]), flags=cv2.INTER_LINEAR)
    if rng.random() < 0.5:
        a = cv2.GaussianBlur(a, (0, 0), rng.uniform(0.3, 1.0))
    dark, light = rng.uniform(0, 90), rng.uniform(150, 255)
    gray = light + (dark - light) * a + rng.normal(0, rng.uniform(0, 8), a.shape)
    region = a > 0.5
    if family == "DotPrint" or rng.random() < 0.5:
        r = int(rng.integers(1, 3)) if family != "DotPrint" else int(pitch // 2 + 1)
        region = (
            cv2.dilate(
                region.astype(np.uint8),
                cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)),
            )
            > 0
        )
    image = Image(np.clip(gray, 0, 255).astype(np.uint8), "byte")
    return image, Region.from_mask(region)


def build(family: str, seed: int) -> OcrMlp:
    """Train the classifier of one font family."""
    rng = np.random.default_rng(seed)
    names = ("default",)
    x, t = [], []
    for k, ch in enumerate(CLASSES):
        for font_file in FAMILIES[family]:
            for _ in range(VARIANTS // len(FAMILIES[family]) + 1):
                image, region = sample(family, font_file, ch, rng)
                x.append(features(cut(image, region), names, WIDTH, HEIGHT, "constant"))
                t.append(np.eye(len(CLASSES))[k])
    mlp = Mlp(
        num_features(names, WIDTH, HEIGHT),
        HIDDEN,
        len(CLASSES),
        "softmax",
        "normalization",
        10,
        seed,
    )
    mlp.samples, mlp.targets = x, t
    err, log = mlp.train(400, 0.0, 0.0)
    mlp.samples, mlp.targets = [], []
    print(f"{family}: {len(x)} characters, error {err:.4f} after {len(log)} iterations")
    return OcrMlp(WIDTH, HEIGHT, "constant", names, CLASSES, mlp)


def main() -> None:
    OCR_FOLDER.mkdir(exist_ok=True)
    for seed, family in enumerate(FAMILIES, start=1):
        path = OCR_FOLDER / f"{family}_0-9A-Z_NoRej.omc"
        ops.write_ocr_class_mlp(Handle("ocr_mlp", build(family, seed)), str(path))
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
