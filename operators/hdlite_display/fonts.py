"""Window fonts: HALCON font strings to Pillow fonts.

HALCON (12 and later) names a font ``'Family-Style-Size'``, e.g. ``'mono-Bold-16'`` or
``'Courier New-Normal-12'``; every part is optional, ``*`` means the default, and older
programs write ``'-Arial-12-'`` with minus signs around. The generic families ``mono``,
``sans``, ``serif`` and ``default`` always exist. hdlite draws every family with the DejaVu
fonts when they are installed (mono -> DejaVu Sans Mono, sans/default -> DejaVu Sans,
serif -> DejaVu Serif) and with Pillow's built-in font otherwise. The size is the font's
pixel size.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PIL import ImageFont

DEFAULT_FONT = "default-Normal-16"  # [unverified: HDevelop's default window font]
DEFAULT_SIZE = 16

STYLES = {"normal": "Normal", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}

# Family names that set_font accepts (what query_font lists), by the DejaVu face they use.
_FAMILIES: dict[str, str] = {
    "default": "sans",
    "sans": "sans",
    "DejaVu Sans": "sans",
    "Arial": "sans",
    "Helvetica": "sans",
    "Liberation Sans": "sans",
    "FreeSans": "sans",
    "Luxi Sans": "sans",
    "mono": "mono",
    "DejaVu Sans Mono": "mono",
    "Courier": "mono",
    "Courier New": "mono",
    "Consolas": "mono",
    "Liberation Mono": "mono",
    "FreeMono": "mono",
    "Menlo": "mono",
    "Courier 10 Pitch": "mono",
    "serif": "serif",
    "DejaVu Serif": "serif",
    "Times New Roman": "serif",
    "Times": "serif",
    "Liberation Serif": "serif",
    "FreeSerif": "serif",
    "Luxi Serif": "serif",
    "Utopia": "serif",
}
_BY_LOWER = {name.lower(): name for name in _FAMILIES}

_FILES = {
    ("sans", "Normal"): "DejaVuSans.ttf",
    ("sans", "Bold"): "DejaVuSans-Bold.ttf",
    ("sans", "Italic"): "DejaVuSans-Oblique.ttf",
    ("sans", "BoldItalic"): "DejaVuSans-BoldOblique.ttf",
    ("mono", "Normal"): "DejaVuSansMono.ttf",
    ("mono", "Bold"): "DejaVuSansMono-Bold.ttf",
    ("mono", "Italic"): "DejaVuSansMono-Oblique.ttf",
    ("mono", "BoldItalic"): "DejaVuSansMono-BoldOblique.ttf",
    ("serif", "Normal"): "DejaVuSerif.ttf",
    ("serif", "Bold"): "DejaVuSerif-Bold.ttf",
    ("serif", "Italic"): "DejaVuSerif-Italic.ttf",
    ("serif", "BoldItalic"): "DejaVuSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontSpec:
    """A parsed font: family as listed by ``query_font``, style, pixel size."""

    family: str
    style: str
    size: int

    @property
    def name(self) -> str:
        """The font string ``get_font`` returns."""
        return f"{self.family}-{self.style}-{self.size}"


def family_names() -> list[str]:
    """The families ``query_font`` lists."""
    return sorted(_FAMILIES, key=str.lower)


def parse_font(text: str) -> FontSpec | None:
    """Parse a HALCON font string; None when the family is unknown or the string is malformed."""
    parts = [p.strip() for p in text.strip().strip("-").split("-")]
    family, style, size = "default", "Normal", DEFAULT_SIZE
    seen_family = False
    for part in parts:
        if part in ("", "*"):
            continue
        if part.isdigit():
            size = int(part)
            continue
        style_key = part.lower().replace(" ", "")
        if style_key in STYLES and seen_family:
            style = STYLES[style_key]
            continue
        if seen_family:
            return None
        known = _BY_LOWER.get(part.lower())
        if known is None:
            return None
        family, seen_family = known, True
    if size <= 0:
        return None
    return FontSpec(family, style, size)


@functools.lru_cache(maxsize=64)
def load_font(spec: FontSpec) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The Pillow font for ``spec`` (DejaVu if installed, Pillow's own font otherwise)."""
    face = _FAMILIES[spec.family]
    try:
        return ImageFont.truetype(_FILES[(face, spec.style)], spec.size)
    except OSError:
        pass
    try:
        return ImageFont.load_default(size=spec.size)
    except (TypeError, ImportError, OSError):  # Pillow without FreeType
        return ImageFont.load_default()


def metrics(font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> tuple[int, int]:
    """(ascent, descent) of ``font`` in pixels."""
    if isinstance(font, ImageFont.FreeTypeFont):
        ascent, descent = font.getmetrics()
        return int(ascent), int(descent)
    box = font.getbbox("Ag")
    return int(box[3]), 0


def text_width(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str) -> int:
    """Advance width of ``text`` in pixels."""
    return round(font.getlength(text))
