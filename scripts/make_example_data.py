"""Generate the image data sets of the classification examples: fruit and pills.

HALCON's example images (``food/``, ``pill/``) are not available, so this script draws
photograph-like substitutes, reproducibly (every image has its own seed), in the same
folder-per-class layout::

    OUT/food/apple_braeburn/apple_braeburn_000.png ... OUT/food/pear/pear_059.png
    OUT/pill/good/good_000.png ...                     OUT/pill/crack/crack_079.png

Fruit: apples of three varieties (braeburn: red streaks over yellow-green; golden
delicious: yellow with lenticel dots; topaz: red blush with light dots), peaches (orange with
a red blush, a suture, velvety) and pears (pear shape, green-yellow, russet speckles), each
with random size, pose, lighting, highlight and background. The varieties overlap in
color, so the classes are not separable by color alone.

Pills: an oval tablet on a tray; ``good`` pills may carry a straight score line and faint
pores, ``contamination`` adds small colored specks, ``crack`` a dark jagged line across
the pill. Random rotation, position, size, lighting, blur and noise.

Usage::

    python scripts/make_example_data.py [--out data] [--fruit-per-class 60]
        [--pill-per-class 150] [--size 160] [--seed 42] [--only fruit|pill]

The examples find the sets as HALCON finds its example images: run them with
``HALCONIMAGES=data`` (or ``set_system ('image_dir', 'data')``) and name the folders
``'food'`` and ``'pill'``.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

FRUIT_CLASSES = ("apple_braeburn", "apple_golden_delicious", "apple_topaz", "peach", "pear")
PILL_CLASSES = ("contamination", "crack", "good")

Array = np.ndarray


# -- drawing helpers ---------------------------------------------------------------------


def smooth_noise(rng: np.random.Generator, size: int, cells: int) -> Array:
    """Smooth random field in [0, 1] of shape (size, size): a coarse grid, bicubic upsampled."""
    coarse = rng.random((cells, cells)).astype(np.float32)
    img = Image.fromarray(coarse, mode="F").resize((size, size), Image.Resampling.BICUBIC)
    field = np.asarray(img, dtype=np.float32)
    low, high = float(field.min()), float(field.max())
    return (field - low) / max(high - low, 1e-6)


def coverage(distance: Array) -> Array:
    """Anti-aliased coverage of a shape from its signed distance (negative inside)."""
    return np.clip(0.5 - distance, 0.0, 1.0)


def blend(base: Array, color: Array | tuple, alpha: Array) -> Array:
    """``base`` (H, W, 3) with ``color`` painted over it with opacity ``alpha`` (H, W)."""
    color = np.asarray(color, dtype=np.float32)
    return base * (1.0 - alpha[..., None]) + color * alpha[..., None]


def frame(rng: np.random.Generator, size: int) -> tuple[Array, Array, float, float, float]:
    """Pixel grid and a random pose: row and column offsets from the object center, angle."""
    rr, cc = np.mgrid[0:size, 0:size].astype(np.float32)
    center_r = size / 2 + rng.normal(0, size * 0.05)
    center_c = size / 2 + rng.normal(0, size * 0.05)
    return rr - center_r, cc - center_c, center_r, center_c, float(rng.uniform(-np.pi, np.pi))


def rotate(dr: Array, dc: Array, angle: float) -> tuple[Array, Array]:
    """Coordinates in a frame rotated by ``angle`` (u along the object's axis, v across)."""
    cos, sin = np.cos(angle), np.sin(angle)
    return dr * cos + dc * sin, -dr * sin + dc * cos


def shading(u: Array, v: Array, ru: float, rv: float, rng: np.random.Generator, gloss: float):
    """Diffuse and specular light of a smooth dome over the ellipse (ru, rv)."""
    nu, nv = u / ru, v / rv
    nz = np.sqrt(np.clip(1.0 - nu * nu - nv * nv, 0.0, 1.0))
    light = rng.normal(size=3) * np.array([0.5, 0.5, 0.2]) + np.array([-0.5, -0.4, 1.0])
    light = light / np.linalg.norm(light)
    diffuse = np.clip(nu * light[0] + nv * light[1] + nz * light[2], 0.0, 1.0)
    half = light + np.array([0.0, 0.0, 1.0])
    half = half / np.linalg.norm(half)
    spec = np.clip(nu * half[0] + nv * half[1] + nz * half[2], 0.0, 1.0) ** rng.uniform(20, 60)
    return 0.35 + 0.75 * diffuse, gloss * spec


def background(rng: np.random.Generator, size: int, palette: list[tuple]) -> Array:
    """A textured surface: a base color, a lighting gradient, cloudy and fine noise."""
    base = np.asarray(palette[rng.integers(len(palette))], dtype=np.float32)
    base = base * rng.uniform(0.8, 1.15) + rng.normal(0, 8, 3)
    rr, cc = np.mgrid[0:size, 0:size].astype(np.float32) / size
    direction = rng.uniform(0, 2 * np.pi)
    gradient = 1.0 + rng.uniform(0.05, 0.3) * (
        (rr - 0.5) * np.cos(direction) + (cc - 0.5) * np.sin(direction)
    )
    clouds = 0.85 + 0.3 * smooth_noise(rng, size, int(rng.integers(3, 8)))
    img = base * (gradient * clouds)[..., None]
    if rng.random() < 0.5:  # a wood or cloth grain along a random direction
        grain = np.sin((rr * np.cos(direction) - cc * np.sin(direction)) * rng.uniform(40, 120))
        img = img * (1.0 + 0.05 * grain[..., None])
    return img + rng.normal(0, 3, img.shape)


def finish(rng: np.random.Generator, img: Array, noise: float) -> Image.Image:
    """Camera effects: exposure, color balance, blur, sensor noise; returns an 8-bit image."""
    img = img * rng.uniform(0.85, 1.15) * rng.normal(1.0, 0.03, 3)
    img = img + rng.normal(0, noise, img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if rng.random() < 0.4:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    return out


def dots(rng: np.random.Generator, mask: Array, count: int, radius: tuple[float, float]) -> Array:
    """Opacity (H, W) of ``count`` small round dots at random places inside ``mask``."""
    size = mask.shape[0]
    alpha = np.zeros_like(mask)
    rows, cols = np.nonzero(mask > 0.9)
    if len(rows) == 0:
        return alpha
    picks = rng.integers(len(rows), size=count)
    for r0, c0 in zip(rows[picks], cols[picks], strict=True):
        rad = rng.uniform(*radius)
        lo_r, hi_r = max(0, int(r0 - rad - 2)), min(size, int(r0 + rad + 3))
        lo_c, hi_c = max(0, int(c0 - rad - 2)), min(size, int(c0 + rad + 3))
        rr, cc = np.mgrid[lo_r:hi_r, lo_c:hi_c].astype(np.float32)
        dist = np.sqrt((rr - r0) ** 2 + (cc - c0) ** 2) - rad
        patch = alpha[lo_r:hi_r, lo_c:hi_c]
        np.maximum(patch, coverage(dist), out=patch)
    return alpha


# -- fruit -------------------------------------------------------------------------------

FRUIT_BACKGROUNDS = [
    (200, 185, 160),
    (120, 90, 60),
    (225, 225, 220),
    (90, 110, 130),
    (160, 150, 140),
]


def render_fruit(rng: np.random.Generator, name: str, size: int) -> Image.Image:
    """One photograph-like image of a fruit of class ``name``."""
    img = background(rng, size, FRUIT_BACKGROUNDS)
    dr, dc, _, _, angle = frame(rng, size)
    angle = angle * 0.25  # fruit mostly stand upright, stem up
    u, v = rotate(dr, dc, angle)  # u points down along the fruit, v across
    radius = size * rng.uniform(0.25, 0.36)
    theta = np.arctan2(v, -u)  # 0 at the top (stem end)
    if name == "pear":
        # Body at the bottom, a narrower neck above it, smoothly joined.
        body = np.sqrt((u - radius * 0.35) ** 2 + (v / 1.0) ** 2) - radius * 0.78
        neck = np.sqrt(((u + radius * 0.55) / 1.25) ** 2 + v**2) - radius * rng.uniform(0.42, 0.52)
        k = radius * 0.35
        h = np.clip(0.5 + 0.5 * (neck - body) / k, 0, 1)
        dist = neck * (1 - h) + body * h - k * h * (1 - h)
        ru, rv = radius * 1.2, radius * 0.8
        shade_u = u - radius * 0.1
    else:
        aspect = {"apple_golden_delicious": 1.08, "apple_topaz": 0.9, "peach": 1.0}.get(name, 1.0)
        aspect *= rng.uniform(0.94, 1.06)
        dimple = 0.07 if name.startswith("apple") else 0.04
        rad = radius * (1.0 - dimple * np.exp(-((theta / 0.35) ** 2)))
        if name == "apple_golden_delicious":  # slightly conical towards the calyx
            rad = rad * (1.0 - 0.06 * np.clip(u / radius, 0, 1))
        dist = np.sqrt((u / aspect) ** 2 + v**2) - rad
        ru, rv = radius * aspect, radius
        shade_u = u
    mask = coverage(dist)
    diffuse, spec = shading(shade_u, v, ru * 1.05, rv * 1.05, rng, gloss=1.0)
    skin = fruit_skin(rng, name, size, u, v, theta, radius, mask)
    # A little variation of the hue of the whole fruit, so that classes overlap.
    skin = skin * rng.normal(1.0, 0.06, 3)
    gloss = {"peach": 0.12, "pear": 0.35}.get(name, 0.8) * rng.uniform(0.5, 1.2)
    lit = skin * diffuse[..., None] + 255 * gloss * spec[..., None]
    # Shadow under the fruit.
    shadow = coverage(np.sqrt((u - radius * 0.25) ** 2 + v**2) / 1.1 - radius) * 0.35
    img = img * (1 - shadow[..., None])
    img = img * (1 - mask[..., None]) + lit * mask[..., None]
    if name != "peach":  # the stem
        length = radius * rng.uniform(0.2, 0.45)
        top = -radius * (1.3 if name == "pear" else 0.95)
        stem = np.maximum(
            np.abs(v + 0.15 * (u - top)) - 1.6, np.abs(u - top + length / 2) - length / 2
        )
        img = blend(img, (80, 55, 30), coverage(stem) * rng.uniform(0.7, 1.0))
    return finish(rng, img, noise=rng.uniform(1.5, 5))


def fruit_skin(rng, name, size, u, v, theta, radius, mask) -> Array:
    """Surface color of the fruit (H, W, 3), before lighting."""
    blotch = smooth_noise(rng, size, int(rng.integers(4, 9)))
    # Longitude on the fruit's surface seen from the side: streaks run from stem to calyx.
    across = np.sqrt(np.clip(radius**2 - u**2, 1.0, None))
    longitude = np.arcsin(np.clip(v / across, -1.0, 1.0))
    if name == "apple_braeburn":
        ground = np.array([185, 165, 60]) * rng.uniform(0.9, 1.1)
        streak_freq = rng.uniform(10, 18)
        phase = smooth_noise(rng, size, 5) * 6
        streaks = 0.5 + 0.5 * np.sin(longitude * streak_freq + phase)
        red = np.clip(0.55 * streaks + 0.7 * blotch - 0.1 + rng.uniform(-0.1, 0.2), 0, 1)
        skin = ground * (1 - red[..., None]) + np.array([165, 45, 30]) * red[..., None]
        skin = skin * (0.9 + 0.2 * streaks[..., None])
    elif name == "apple_golden_delicious":
        ground = np.array([220, 190, 75]) * rng.uniform(0.92, 1.08)
        greenish = np.array([170, 180, 70])
        g = (0.6 * blotch)[..., None] * rng.uniform(0.2, 0.8)
        skin = ground * (1 - g) + greenish * g
        blush = np.clip(blotch - 0.75, 0, 1)[..., None] * rng.uniform(0, 1.2)
        skin = skin * (1 - blush) + np.array([210, 120, 70]) * blush
        spots = dots(rng, mask, int(rng.integers(40, 90)), (0.6, 1.3))
        skin = blend(skin, (150, 120, 60), spots * 0.6)
    elif name == "apple_topaz":
        ground = np.array([225, 180, 55]) * rng.uniform(0.9, 1.1)
        cover = rng.uniform(0.45, 0.95)
        red = np.clip((blotch - (1 - cover)) * 3.0, 0, 1)
        streaks = 0.5 + 0.5 * np.sin(longitude * rng.uniform(8, 14) + blotch * 3)
        red = np.clip(red * (0.85 + 0.15 * streaks), 0, 1)
        skin = ground * (1 - red[..., None]) + np.array([185, 30, 40]) * red[..., None]
        spots = dots(rng, mask, int(rng.integers(50, 110)), (0.7, 1.5))
        skin = blend(skin, (235, 200, 120), spots * 0.8)
    elif name == "peach":
        ground = np.array([235, 165, 85]) * rng.uniform(0.92, 1.06)
        red = np.clip((blotch - rng.uniform(0.2, 0.6)) * 2.0, 0, 1) * rng.uniform(0.5, 1.0)
        skin = ground * (1 - red[..., None]) + np.array([200, 70, 50]) * red[..., None]
        # The suture: a soft darker curve from the stem end towards the middle.
        curve = v - radius * 0.25 * np.sin(u / radius * 1.5)
        suture = np.exp(-((curve / (radius * 0.05)) ** 2)) * (u < radius * 0.3)
        skin = skin * (1 - 0.25 * suture[..., None])
        skin = skin + rng.normal(0, 6, skin.shape)  # velvety, not glossy
    else:  # pear
        ground = np.array([180, 185, 75]) * rng.uniform(0.9, 1.1)
        yellow = (blotch * rng.uniform(0.2, 0.8))[..., None]
        skin = ground * (1 - yellow) + np.array([215, 190, 80]) * yellow
        russet = dots(rng, mask, int(rng.integers(60, 140)), (0.6, 1.6))
        skin = blend(skin, (140, 100, 50), russet * 0.7)
        patch = np.clip((smooth_noise(rng, size, 6) - 0.7) * 3, 0, 1) * rng.uniform(0, 0.8)
        skin = blend(skin, (150, 110, 60), patch)
    return skin.astype(np.float32)


# -- pills -------------------------------------------------------------------------------

PILL_BACKGROUNDS = [(60, 65, 80), (40, 45, 50), (75, 80, 70), (55, 50, 60)]


def render_pill(rng: np.random.Generator, name: str, size: int) -> Image.Image:
    """One image of a pill of class ``name`` on a tray."""
    img = background(rng, size, PILL_BACKGROUNDS)
    dr, dc, _, _, angle = frame(rng, size)
    u, v = rotate(dr, dc, angle)
    half_length = size * rng.uniform(0.33, 0.42)
    half_width = half_length * rng.uniform(0.48, 0.62)
    dist = (np.sqrt((u / half_length) ** 2 + (v / half_width) ** 2) - 1.0) * half_width
    mask = coverage(dist)
    diffuse, spec = shading(u, v, half_length * 1.1, half_width * 1.1, rng, gloss=0.25)
    color = np.array([232, 226, 212]) * rng.uniform(0.88, 1.05) * rng.normal(1.0, 0.03, 3)
    body = np.ones((*mask.shape, 3), np.float32) * color
    body *= (0.95 + 0.1 * smooth_noise(rng, size, 6))[..., None]
    # Faint pores on every pill, and a score line on some good ones.
    body = blend(body, color * 0.82, dots(rng, mask, int(rng.integers(5, 25)), (0.5, 1.0)) * 0.5)
    if name == "good" and rng.random() < 0.5:
        score = coverage(np.maximum(np.abs(u) - 0.8, np.abs(v) - half_width * 0.85))
        body = blend(body, color * 0.75, score * 0.45)
    inner = coverage(dist + 2.0)
    if name == "contamination":
        palette = [(60, 40, 25), (30, 30, 30), (150, 40, 40), (50, 60, 140), (120, 100, 40)]
        for _ in range(int(rng.integers(2, 7))):
            speck = dots(rng, inner, 1, (1.2, 4.0)) * rng.uniform(0.7, 1.0)
            body = blend(body, palette[rng.integers(len(palette))], speck)
    elif name == "crack":
        body = draw_crack(rng, body, u, v, half_length, half_width, inner)
    lit = body * diffuse[..., None] + 255 * spec[..., None]
    su, sv = rotate(dr - 3.0, dc - 2.0, angle)  # a drop shadow, offset from the pill
    shadow_dist = (np.sqrt((su / half_length) ** 2 + (sv / half_width) ** 2) - 1.0) * half_width
    img = img * (1 - 0.3 * coverage(shadow_dist / 3.0)[..., None])
    img = img * (1 - mask[..., None]) + lit * mask[..., None]
    return finish(rng, img, noise=rng.uniform(2, 6))


def draw_crack(rng, body, u, v, half_length, half_width, inner) -> Array:
    """A dark jagged line across the pill, sometimes with a branch."""
    start_u = rng.uniform(-0.6, 0.6) * half_length
    direction = rng.uniform(-np.pi, np.pi)
    points = [(start_u, rng.uniform(-0.5, 0.5) * half_width)]
    steps = int(rng.integers(8, 16))
    step = 2 * half_length * rng.uniform(0.7, 1.1) / steps
    for _ in range(steps):
        direction += rng.normal(0, 0.35)
        pu, pv = points[-1]
        points.append((pu + step * np.cos(direction), pv + step * np.sin(direction)))
    width = rng.uniform(0.9, 1.8)
    alpha = polyline_alpha(u, v, points, width)
    if rng.random() < 0.4:
        branch = [points[len(points) // 2]]
        bdir = direction + rng.choice([-1, 1]) * rng.uniform(0.6, 1.2)
        for _ in range(steps // 2):
            bdir += rng.normal(0, 0.4)
            pu, pv = branch[-1]
            branch.append((pu + step * np.cos(bdir), pv + step * np.sin(bdir)))
        alpha = np.maximum(alpha, polyline_alpha(u, v, branch, width * 0.7))
    return blend(body, (70, 60, 55), alpha * inner * rng.uniform(0.7, 1.0))


def polyline_alpha(u: Array, v: Array, points: list[tuple[float, float]], width: float) -> Array:
    """Coverage of a polyline of the given half width."""
    best = np.full(u.shape, np.inf, np.float32)
    for (u0, v0), (u1, v1) in itertools.pairwise(points):
        du, dv = u1 - u0, v1 - v0
        t = np.clip(((u - u0) * du + (v - v0) * dv) / max(du * du + dv * dv, 1e-6), 0, 1)
        np.minimum(best, np.sqrt((u - u0 - t * du) ** 2 + (v - v0 - t * dv) ** 2), out=best)
    return coverage(best - width)


# -- writing -----------------------------------------------------------------------------


def write_png(image: Image.Image, path: Path) -> None:
    """Write ``image`` as PNG atomically (a temporary file, then a rename)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)


def write_set(
    out: Path,
    classes: tuple[str, ...],
    render: Callable[[np.random.Generator, str, int], Image.Image],
    per_class: int,
    size: int,
    seed: int,
    set_id: int,
) -> int:
    """Render ``per_class`` images of every class into ``out/<class>/``; returns the count."""
    for class_index, name in enumerate(classes):
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.png"):
            stale.unlink()
        for index in range(per_class):
            rng = np.random.default_rng([seed, set_id, class_index, index])
            write_png(render(rng, name, size), folder / f"{name}_{index:03d}.png")
    return len(classes) * per_class


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="data", help="output folder (default: data)")
    parser.add_argument("--fruit-per-class", type=int, default=60, metavar="N")
    parser.add_argument("--pill-per-class", type=int, default=150, metavar="N")
    parser.add_argument("--size", type=int, default=160, help="image width and height")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--only", choices=("fruit", "pill"), help="generate only one set")
    args = parser.parse_args(argv)
    if args.size < 32 or args.fruit_per_class < 1 or args.pill_per_class < 1:
        parser.error("--size must be at least 32 and the image counts at least 1")
    out = Path(args.out)
    start = time.perf_counter()
    total = 0
    if args.only in (None, "fruit"):
        total += write_set(
            out / "food", FRUIT_CLASSES, render_fruit, args.fruit_per_class, args.size, args.seed, 1
        )
    if args.only in (None, "pill"):
        total += write_set(
            out / "pill", PILL_CLASSES, render_pill, args.pill_per_class, args.size, args.seed, 2
        )
    print(f"wrote {total} images to {out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
