"""Pale security-print backgrounds: gradients, guilloche waves, drum rings, a map-like blob, fine grain."""

from __future__ import annotations

import math
import random
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter

Color = tuple[int, int, int]

# Horizontal colour stops (left → right) and a line colour per generation.
PALETTES: Final[dict[str, tuple[tuple[Color, ...], Color]]] = {
    "cmnd": (((222, 240, 226), (232, 244, 236), (214, 232, 242)), (120, 170, 140)),
    "cccd_2016": (((214, 230, 246), (232, 240, 250), (212, 228, 244)), (110, 150, 200)),
    "cccd_2021": (((212, 230, 248), (240, 240, 222), (214, 230, 246)), (100, 140, 200)),
    "can_cuoc_2024": (((196, 220, 246), (250, 238, 196), (198, 220, 244)), (90, 130, 200)),
}


def _gradient(width: int, height: int, stops: tuple[Color, ...], rng: random.Random) -> npt.NDArray[np.float32]:
    xs = np.linspace(0.0, 1.0, width, dtype=np.float32)
    positions = np.linspace(0.0, 1.0, len(stops))
    jitter = np.array([[rng.uniform(-6, 6) for _ in range(3)] for _ in stops], dtype=np.float32)
    row = np.stack([np.interp(xs, positions, [c[k] + jitter[i, k] for i, c in enumerate(stops)]) for k in range(3)], -1)
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None, None]
    tilt = rng.uniform(-8, 8)
    return np.asarray(np.clip(row[None, :, :] + tilt * ys, 0, 255), dtype=np.float32)


def _guilloche(draw: ImageDraw.ImageDraw, width: int, height: int, rng: random.Random) -> None:
    xs = np.arange(0, width + 8, 6, dtype=np.float32)
    for _ in range(rng.randint(2, 3)):
        y0 = rng.uniform(0.15, 0.85) * height
        amp, wave = rng.uniform(15, 40), rng.uniform(120, 260)
        for k in range(rng.randint(10, 16)):
            phase = k * 0.35
            ys = y0 + amp * np.sin(2 * np.pi * xs / wave + phase) + 0.4 * amp * np.sin(2 * np.pi * xs / (wave * 0.37))
            draw.line(list(zip(xs.tolist(), (ys + 3 * k).tolist(), strict=True)), fill=90, width=1)


def _drum(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    r = 12.0
    while r < radius:
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=110, width=1)
        r += 9 + (r % 17) / 4
    for i in range(14):  # the sun star of a bronze drum
        a = i * 2 * math.pi / 14
        draw.line((cx, cy, cx + 40 * math.cos(a), cy + 40 * math.sin(a)), fill=140, width=2)


def _map_blob(draw: ImageDraw.ImageDraw, width: int, height: int, rng: random.Random) -> None:
    """A tall S-shaped blob reminiscent of the map of Viet Nam."""
    cx = rng.uniform(0.45, 0.75) * width
    left, right = [], []
    for i in range(41):
        t = i / 40
        y = height * (0.04 + 0.92 * t)
        x = cx + 0.10 * width * math.sin(2.4 * math.pi * t + 0.6)
        half = width * (0.05 + 0.06 * abs(math.sin(3.0 * math.pi * t)))
        left.append((x - half * 0.4, y))
        right.append((x + half, y))
    draw.polygon(left + right[::-1], fill=70)


def card_background(generation: str, side: str, width: int, height: int, rng: random.Random) -> Image.Image:
    """RGB background for one card side (faint enough for text to keep full contrast)."""
    stops, line = PALETTES[generation]
    base = _gradient(width, height, stops, rng)
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    _guilloche(draw, width, height, rng)
    if side == "front" or rng.random() < 0.5:
        _drum(draw, rng.uniform(0.5, 0.8) * width, rng.uniform(0.35, 0.65) * height, rng.uniform(150, 260))
    blob = Image.new("L", (width, height), 0)
    if generation != "cmnd":
        _map_blob(ImageDraw.Draw(blob), width, height, rng)
        blob = blob.filter(ImageFilter.GaussianBlur(6))
    lines = np.asarray(layer, dtype=np.float32)[..., None] / 255.0 * 0.35
    shade = np.asarray(blob, dtype=np.float32)[..., None] / 255.0 * 0.25
    line_color = np.array(line, dtype=np.float32)
    blob_color = np.array((230, 205, 150) if generation != "cmnd" else line, dtype=np.float32)
    out = base * (1 - lines) + line_color * lines
    out = out * (1 - shade) + blob_color * shade
    grain = np.random.default_rng(rng.randrange(2**32)).standard_normal((height, width, 1), dtype=np.float32) * 2.0
    return Image.fromarray(np.clip(out + grain, 0, 255).astype(np.uint8), "RGB")
