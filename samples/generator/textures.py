"""Procedural desk backgrounds for phone-photo variants: wood grain, dark table, fabric, paper clutter, stone."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.float32]  # H × W × 3, RGB, 0–255


def smooth_noise(rng: np.random.Generator, h: int, w: int, cells: int) -> npt.NDArray[np.float32]:
    """Low-frequency noise in [-1, 1]: a coarse random grid resized with cubic interpolation."""
    gh, gw = max(2, cells * h // max(h, w)), max(2, cells * w // max(h, w))
    grid = rng.uniform(-1, 1, (gh + 1, gw + 1)).astype(np.float32)
    return np.asarray(cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC), dtype=np.float32)


def _ramp(t: npt.NDArray[np.float32], dark: tuple[float, ...], light: tuple[float, ...]) -> Image:
    t3 = np.clip(t, 0, 1)[..., None]
    return (np.array(dark, np.float32) * (1 - t3) + np.array(light, np.float32) * t3).astype(np.float32)


def wood(rng: np.random.Generator, h: int, w: int) -> Image:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(-0.3, 0.3) + (math.pi / 2 if rng.random() < 0.3 else 0.0)
    along = xx * math.cos(angle) + yy * math.sin(angle)
    across = -xx * math.sin(angle) + yy * math.cos(angle)
    warp = smooth_noise(rng, h, w, 6) * 18 + smooth_noise(rng, h, w, 24) * 3
    grain = 0.5 + 0.5 * np.sin((across + warp) * rng.uniform(0.25, 0.45) + 0.002 * along)
    rings = 0.5 + 0.5 * np.sin((across + 2 * warp) * 0.05)
    t = 0.55 * grain + 0.45 * rings + 0.15 * smooth_noise(rng, h, w, 40)
    base = rng.uniform(0.7, 1.15)
    return _ramp(t, (95 * base, 58 * base, 30 * base), (170 * base, 118 * base, 70 * base))


def dark_table(rng: np.random.Generator, h: int, w: int) -> Image:
    tone = rng.uniform(25, 60)
    t = 0.5 + 0.25 * smooth_noise(rng, h, w, 5) + 0.05 * smooth_noise(rng, h, w, 60)
    tint = rng.uniform(0.9, 1.1, 3)
    return _ramp(t, tuple(tone * 0.6 * tint), tuple(tone * 1.4 * tint))


def fabric(rng: np.random.Generator, h: int, w: int) -> Image:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    period = rng.uniform(2.5, 5.0)
    weave = 0.5 + 0.25 * np.sin(xx * 2 * math.pi / period) * np.sin(yy * 2 * math.pi / period)
    t = weave + 0.15 * smooth_noise(rng, h, w, 8) + 0.1 * smooth_noise(rng, h, w, 90)
    color = rng.choice(np.array([(60, 80, 130), (120, 40, 50), (70, 110, 80), (140, 130, 120), (40, 40, 50)]))
    c = tuple(float(v) for v in color)
    return _ramp(t, tuple(v * 0.6 for v in c), tuple(min(255.0, v * 1.4) for v in c))


def paper_clutter(rng: np.random.Generator, h: int, w: int) -> Image:
    """A light desk with a few loose sheets carrying grey line clutter and a pen."""
    base = _ramp(0.5 + 0.2 * smooth_noise(rng, h, w, 4), (150, 140, 125), (205, 195, 180))
    canvas = np.ascontiguousarray(base)
    for _ in range(int(rng.integers(1, 4))):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        sw, sh = rng.uniform(0.3, 0.6) * w, rng.uniform(0.4, 0.8) * h
        angle = rng.uniform(-40, 40)
        box = cv2.boxPoints(((cx, cy), (sw, sh), angle)).astype(np.int32)
        shade = float(rng.uniform(225, 248))
        cv2.fillConvexPoly(canvas, box, (shade, shade, shade - 4))
        rot = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
        step = max(6.0, sh / 30)
        y = cy - sh / 2 + step * 2
        while y < cy + sh / 2 - step:
            x0 = cx - sw / 2 + sw * 0.08
            x1 = x0 + sw * rng.uniform(0.3, 0.8)
            pts = np.array([[x0, y], [x1, y]], np.float32) @ rot[:, :2].T + rot[:, 2]
            p0 = (int(pts[0, 0]), int(pts[0, 1]))
            p1 = (int(pts[1, 0]), int(pts[1, 1]))
            cv2.line(canvas, p0, p1, (150.0, 150.0, 160.0), 1, cv2.LINE_AA)
            y += step
    if rng.random() < 0.6:
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        a = rng.uniform(0, math.pi)
        length = rng.uniform(0.2, 0.35) * max(h, w)
        end = (int(x0 + length * math.cos(a)), int(y0 + length * math.sin(a)))
        color = (float(rng.uniform(10, 60)), float(rng.uniform(20, 80)), float(rng.uniform(60, 160)))
        cv2.line(canvas, (int(x0), int(y0)), end, color, max(3, w // 90), cv2.LINE_AA)
    return canvas


def stone(rng: np.random.Generator, h: int, w: int) -> Image:
    t = 0.5 + 0.3 * smooth_noise(rng, h, w, 12) + 0.2 * smooth_noise(rng, h, w, 70)
    speck = (rng.random((h, w)) < 0.02).astype(np.float32) * 0.3
    tone = rng.uniform(120, 210)
    return _ramp(t - speck, (tone * 0.7,) * 3, (tone * 1.1,) * 3)


TEXTURES: Final[dict[str, Callable[[np.random.Generator, int, int], Image]]] = {
    "wood": wood,
    "dark_table": dark_table,
    "fabric": fabric,
    "paper_clutter": paper_clutter,
    "stone": stone,
}


def desk(rng: np.random.Generator, name: str, height: int, width: int) -> Image:
    """Background of ``height`` × ``width``, drawn at half resolution and enlarged (cheap, looks like a photo)."""
    small = TEXTURES[name](rng, height // 2, width // 2)
    big = cv2.resize(np.clip(small, 0, 255).astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    return np.asarray(big, dtype=np.float32)
