"""HALCON color names and the color cycles of ``set_colored``.

HALCON accepts the names that ``query_color`` lists (X11 names, some written with spaces,
such as ``'dim gray'`` or ``'medium slate blue'``), further X11 names, and ``'#rrggbb'`` /
``'#rrggbbaa'`` strings. Colors are kept as ``(r, g, b, a)`` tuples of integers 0..255.
"""

from __future__ import annotations

from PIL import ImageColor

RGBA = tuple[int, int, int, int]

#: the names ``query_color`` returns on a true-color display, with X11's values
QUERY_COLORS: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 255, 0),
    "blue": (0, 0, 255),
    "dim gray": (105, 105, 105),
    "gray": (190, 190, 190),
    "light gray": (211, 211, 211),
    "cyan": (0, 255, 255),
    "magenta": (255, 0, 255),
    "yellow": (255, 255, 0),
    "medium slate blue": (123, 104, 238),
    "coral": (255, 127, 80),
    "slate blue": (106, 90, 205),
    "spring green": (0, 255, 127),
    "orange red": (255, 69, 0),
    "orange": (255, 165, 0),
    "dark olive green": (85, 107, 47),
    "pink": (255, 192, 203),
    "cadet blue": (95, 158, 160),
}

# X11 differs from CSS (Pillow's table) for these names.
_X11_OVERRIDES: dict[str, tuple[int, int, int]] = {
    "grey": (190, 190, 190),
    "maroon": (176, 48, 96),
    "purple": (160, 32, 240),
}

# set_colored: 3, 6 or 12 colors [unverified: the order of the 12-color cycle]
COLORED: dict[int, tuple[str, ...]] = {
    3: ("red", "green", "yellow"),
    6: ("red", "green", "blue", "cyan", "magenta", "yellow"),
    12: (
        "red",
        "green",
        "blue",
        "cyan",
        "magenta",
        "yellow",
        "dim gray",
        "gray",
        "light gray",
        "medium slate blue",
        "coral",
        "slate blue",
    ),
}


def parse_color(name: str) -> RGBA | None:
    """The RGBA value of a HALCON color name or ``#rrggbb[aa]`` string, or None if unknown."""
    text = name.strip()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in digits):
            return None
        values = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        if len(values) == 3:
            values.append(255)
        return (values[0], values[1], values[2], values[3])
    key = " ".join(text.lower().split())
    rgb = QUERY_COLORS.get(key) or _X11_OVERRIDES.get(key.replace(" ", ""))
    if rgb is None:
        compact = key.replace(" ", "")
        if compact not in ImageColor.colormap:
            return None
        rgb = ImageColor.getrgb(compact)[:3]
    return (rgb[0], rgb[1], rgb[2], 255)


def color_name(rgba: RGBA) -> str:
    """A name for ``rgba``: a ``query_color`` name when one matches, else ``#rrggbb[aa]``."""
    if rgba[3] == 255:
        for name, rgb in QUERY_COLORS.items():
            if rgb == rgba[:3]:
                return name
        return "#{:02x}{:02x}{:02x}".format(*rgba[:3])
    return "#{:02x}{:02x}{:02x}{:02x}".format(*rgba)


def gray_color(value: int) -> RGBA:
    """A gray level as RGBA (HALCON accepts an integer 0..255 as a background 'color')."""
    return (value, value, value, 255)
