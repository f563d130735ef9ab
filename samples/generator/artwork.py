"""Drawn card furniture: state-emblem disc, synthetic face silhouette, chip plate, fingerprints, seal, signature.

All shapes are simple procedural drawings (no real faces, no real emblem artwork). Functions return RGBA images
drawn at 3× and reduced, so edges are anti-aliased.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

_SS = 3  # supersampling factor

Color = tuple[int, int, int]
RED: Color = (200, 32, 38)
GOLD: Color = (238, 190, 40)
DARK_GOLD: Color = (178, 128, 20)


def _star(cx: float, cy: float, r_out: float, r_in: float, rotation: float = -math.pi / 2) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        a = rotation + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def _reduce(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    return img.resize(size, Image.Resampling.LANCZOS)


@lru_cache(maxsize=16)
def _emblem_cached(diameter: int) -> Image.Image:
    s = diameter * _SS
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = s / 2
    d.ellipse((0, 0, s - 1, s - 1), fill=GOLD)
    # Rice ears: small grains around the rim.
    grain = s * 0.035
    for i in range(44):
        a = -math.pi / 2 + (i + 0.5) * 2 * math.pi / 44
        for rr in (0.455, 0.40):
            x, y = c + rr * s * math.cos(a), c + rr * s * math.sin(a)
            d.ellipse((x - grain, y - grain * 0.6, x + grain, y + grain * 0.6), outline=DARK_GOLD, width=_SS)
    r_red = s * 0.33
    d.ellipse((c - r_red, c - r_red * 1.02, c + r_red, c + r_red * 0.98), fill=RED)
    d.polygon(_star(c, c - s * 0.03, s * 0.24, s * 0.095), fill=(255, 222, 0))
    # Cog wheel at the bottom.
    gy, gr = c + s * 0.30, s * 0.12
    for i in range(12):
        a = i * 2 * math.pi / 12
        d.rectangle(
            (c + gr * math.cos(a) - s * 0.018, gy + gr * math.sin(a) - s * 0.018,
             c + gr * math.cos(a) + s * 0.018, gy + gr * math.sin(a) + s * 0.018),
            fill=DARK_GOLD,
        )  # fmt: skip
    d.ellipse((c - gr, gy - gr, c + gr, gy + gr), fill=GOLD, outline=DARK_GOLD, width=2 * _SS)
    d.ellipse((c - gr * 0.4, gy - gr * 0.4, c + gr * 0.4, gy + gr * 0.4), fill=DARK_GOLD)
    # Red ribbon across the bottom.
    d.rounded_rectangle((c - s * 0.30, s * 0.86, c + s * 0.30, s * 0.97), radius=s * 0.03, fill=RED)
    return _reduce(img, (diameter, diameter))


def emblem(diameter: int) -> Image.Image:
    return _emblem_cached(diameter).copy()


def face_photo(rng: random.Random, width: int, height: int) -> Image.Image:
    """A grey head-and-shoulders silhouette on a pale background (synthetic, no real face)."""
    s = _SS
    w, h = width * s, height * s
    bg = rng.randint(200, 235)
    img = Image.new("L", (w, h), bg)
    d = ImageDraw.Draw(img)
    # Soft vertical shading of the backdrop.
    for y in range(0, h, s * 4):
        d.rectangle((0, y, w, y + s * 4), fill=bg - int(18 * y / h))
    cx = w / 2 + rng.uniform(-0.04, 0.04) * w
    head_w, head_h = w * rng.uniform(0.40, 0.48), h * rng.uniform(0.38, 0.44)
    head_top = h * rng.uniform(0.10, 0.16)
    shirt = rng.randint(40, 120)
    skin = rng.randint(150, 185)
    hair = rng.randint(20, 70)
    long_hair = rng.random() < 0.45
    shoulders_top = head_top + head_h * 0.92
    if long_hair:
        d.rounded_rectangle(
            (cx - head_w * 0.62, head_top + head_h * 0.2, cx + head_w * 0.62, shoulders_top + h * 0.14),
            radius=head_w * 0.3,
            fill=hair,
        )
    d.ellipse((cx - w * 0.52, shoulders_top + h * 0.06, cx + w * 0.52, h * 1.5), fill=shirt)
    d.polygon(
        [(cx - w * 0.10, shoulders_top + h * 0.07), (cx + w * 0.10, shoulders_top + h * 0.07), (cx, h * 0.98)],
        fill=min(255, shirt + 90),
    )
    d.rectangle(
        (cx - head_w * 0.22, head_top + head_h * 0.7, cx + head_w * 0.22, shoulders_top + h * 0.1), fill=skin - 20
    )
    for side in (-1, 1):  # ears
        ex = cx + side * head_w * 0.5
        d.ellipse(
            (ex - head_w * 0.07, head_top + head_h * 0.42, ex + head_w * 0.07, head_top + head_h * 0.62), fill=skin - 10
        )
    d.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, head_top + head_h), fill=skin)
    d.chord(
        (cx - head_w * 0.53, head_top - head_h * 0.06, cx + head_w * 0.53, head_top + head_h * 0.55),
        180,
        360,
        fill=hair,
    )
    # Eyes, brows, nose and mouth: a few dark strokes.
    ey = head_top + head_h * 0.50
    for side in (-1, 1):
        ex = cx + side * head_w * 0.2
        d.ellipse((ex - head_w * 0.06, ey - head_h * 0.025, ex + head_w * 0.06, ey + head_h * 0.025), fill=60)
        d.line((ex - head_w * 0.09, ey - head_h * 0.08, ex + head_w * 0.08, ey - head_h * 0.09), fill=hair, width=2 * s)
    d.line((cx, ey + head_h * 0.05, cx - head_w * 0.03, ey + head_h * 0.18), fill=skin - 45, width=2 * s)
    d.line(
        (cx - head_w * 0.12, ey + head_h * 0.30, cx + head_w * 0.12, ey + head_h * 0.30), fill=skin - 60, width=2 * s
    )
    small = _reduce(img, (width, height)).filter(ImageFilter.GaussianBlur(0.7))
    return small.convert("RGBA")


def chip(width: int, height: int) -> Image.Image:
    """Gold contact plate of a smart-card chip."""
    s = _SS
    w, h = width * s, height * s
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, w - 1, h - 1), radius=h * 0.16, fill=(214, 176, 82), outline=(150, 112, 40), width=2 * s)
    for i in range(h):  # metallic sheen
        shade = int(30 * math.sin(math.pi * i / h))
        d.line((s * 3, i, w - s * 3, i), fill=(214 + shade // 2, 176 + shade // 2, 82 + shade // 3, 110))
    line = (150, 112, 40)
    d.line((w * 0.34, 0, w * 0.34, h), fill=line, width=2 * s)
    d.line((w * 0.66, 0, w * 0.66, h), fill=line, width=2 * s)
    for fy in (0.33, 0.66):
        d.line((0, h * fy, w * 0.34, h * fy), fill=line, width=2 * s)
        d.line((w * 0.66, h * fy, w, h * fy), fill=line, width=2 * s)
    d.rounded_rectangle((w * 0.34, h * 0.22, w * 0.66, h * 0.78), radius=h * 0.08, outline=line, width=2 * s)
    return _reduce(img, (width, height))


def fingerprint(rng: random.Random, width: int, height: int) -> Image.Image:
    """Ink fingerprint: warped elliptical ridges inside a fingertip-shaped mask."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width * rng.uniform(0.42, 0.58), height * rng.uniform(0.40, 0.55)
    a, b = width * 0.34, height * 0.40
    u, v = (xx - cx) / a, (yy - cy) / b
    warp = 0.08 * np.sin(3.1 * v + rng.uniform(0, 6)) + 0.06 * np.sin(2.3 * u + rng.uniform(0, 6))
    r = np.sqrt(u * u * rng.uniform(0.8, 1.2) + v * v) + warp
    period = rng.uniform(0.055, 0.075)
    ridges = np.sin(2 * np.pi * r / period + 0.7 * np.sin(4 * np.arctan2(v, u)))
    mask = ((u / 1.05) ** 2 + (v / 1.1) ** 2) < 1.0
    ink = (ridges > 0.2) & mask
    speckle = np.random.default_rng(rng.randrange(2**32)).random(ink.shape) < 0.12
    alpha = np.where(ink & ~speckle, 190, 0).astype(np.uint8)
    out = np.zeros((height, width, 4), dtype=np.uint8)
    out[..., 0:3] = (55, 55, 70)
    out[..., 3] = alpha
    return Image.fromarray(out, "RGBA").filter(ImageFilter.GaussianBlur(0.6))


def seal(rng: random.Random, diameter: int) -> Image.Image:
    """Translucent red round stamp: double ring, tick marks where the wording would be, star in the middle."""
    s = _SS
    w = diameter * s
    img = Image.new("RGBA", (w, w), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (205, 35, 45, rng.randint(120, 170))
    d.ellipse((s, s, w - s, w - s), outline=red, width=3 * s)
    d.ellipse((w * 0.2, w * 0.2, w * 0.8, w * 0.8), outline=red, width=2 * s)
    for i in range(36):
        a = i * 2 * math.pi / 36
        r0, r1 = w * 0.33, w * 0.44
        d.line(
            (w / 2 + r0 * math.cos(a), w / 2 + r0 * math.sin(a), w / 2 + r1 * math.cos(a), w / 2 + r1 * math.sin(a)),
            fill=red,
            width=2 * s,
        )
    d.polygon(_star(w / 2, w / 2, w * 0.2, w * 0.08), fill=red)
    return _reduce(img.rotate(rng.uniform(0, 360)), (diameter, diameter))


def signature(rng: random.Random, width: int, height: int, color: Color = (25, 30, 90)) -> Image.Image:
    """A smooth random scribble."""
    s = _SS
    w, h = width * s, height * s
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    points = []
    n = rng.randint(5, 8)
    for i in range(n * 12):
        t = i / (n * 12 - 1)
        x = w * (0.05 + 0.9 * t)
        y = h * (0.5 + 0.35 * math.sin(t * n * math.pi + rng.uniform(-0.3, 0.3)) * math.sin(t * math.pi + 0.3))
        points.append((x, y))
    d.line(points, fill=(*color, 230), width=2 * s, joint="curve")
    d.line((w * 0.1, h * 0.8, w * 0.85, h * 0.72), fill=(*color, 200), width=2 * s)
    return _reduce(img, (width, height))
