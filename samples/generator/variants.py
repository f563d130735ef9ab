"""Capture variants: flatbed scans, phone photos, front+back pairs and deliberately bad shots.

Each variant places one or two canonical cards into an output image through a homography, then degrades the
image. Everything is drawn from the ``numpy.random.Generator`` passed in, so a seed gives the same bytes.

Conventions recorded in the ground truth: a card's ``quad`` lists the output-image positions of its upright
top-left, top-right, bottom-right and bottom-left corners; ``rotation_deg`` is the clockwise angle (0–360) by which
the upright card was turned; ``upright_rotation`` is that angle rounded to 0/90/180/270.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt

from samples.generator import textures
from samples.generator.render import CARD_H, CARD_W, RenderedCard

FloatImage = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float64]

GOOD_VARIANTS: Final = ("scan", "photo", "pair", "copy")
BAD_VARIANTS: Final = ("blurry", "glare", "dark", "tiny", "cutoff")
VARIANTS: Final = GOOD_VARIANTS + BAD_VARIANTS
PHOTO_FRAMES: Final = ((1600, 1200), (1200, 1600), (2000, 1500))
_CARD_CORNERS: Final = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], dtype=np.float32)


@dataclass
class Placement:
    card: RenderedCard
    homography: Matrix  # canonical card pixels → output pixels
    rotation_deg: float

    @property
    def quad(self) -> list[list[float]]:
        pts = cv2.perspectiveTransform(_CARD_CORNERS[None, :, :].astype(np.float64), self.homography)[0]
        return [[round(float(x), 1), round(float(y), 1)] for x, y in pts]

    @property
    def upright_rotation(self) -> int:
        return round(self.rotation_deg / 90.0) % 4 * 90


@dataclass
class Shot:
    image: npt.NDArray[np.uint8]  # H × W × 3 RGB
    placements: list[Placement]
    encoding: str  # "jpg" or "png"
    quality: int | None
    expected_quality: list[str] = field(default_factory=list)
    notes: dict[str, float | str | bool] = field(default_factory=dict)


# Geometry ------------------------------------------------------------------------------------------------------------


def card_homography(
    center: tuple[float, float],
    scale: float,
    angle_deg: float,
    keystone: tuple[str, float] = ("top", 0.0),
    jitter: npt.NDArray[np.float64] | None = None,
) -> Matrix:
    """Homography placing the card: optional keystone (one edge shortened), rotation clockwise, scale, shift."""
    corners = _CARD_CORNERS.astype(np.float64) - [CARD_W / 2, CARD_H / 2]
    side, k = keystone
    if k:
        rows = {"top": (0, 1), "bottom": (2, 3), "left": (0, 3), "right": (1, 2)}[side]
        axis = 0 if side in ("top", "bottom") else 1
        for i in rows:
            corners[i, axis] *= 1 - k
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    dst = corners @ rot.T * scale + center
    if jitter is not None:
        dst = dst + jitter
    src = _CARD_CORNERS
    return np.asarray(cv2.getPerspectiveTransform(src, dst.astype(np.float32)), dtype=np.float64)


def rotated_extent(scale: float, angle_deg: float) -> tuple[float, float]:
    """Width and height of the bounding box of the card turned by ``angle_deg`` at ``scale``."""
    a = math.radians(angle_deg)
    c, s = abs(math.cos(a)), abs(math.sin(a))
    return scale * (CARD_W * c + CARD_H * s), scale * (CARD_W * s + CARD_H * c)


def composite(canvas: FloatImage, card: RenderedCard, homography: Matrix, shadow: float = 0.0, offset: int = 0) -> None:
    """Warp ``card`` into ``canvas`` in place (only inside the card's bounding box), with an optional soft shadow."""
    h, w = canvas.shape[:2]
    pts = cv2.perspectiveTransform(_CARD_CORNERS[None, :, :].astype(np.float64), homography)[0]
    pad = 8 + 3 * offset
    x0, y0 = max(0, int(pts[:, 0].min()) - pad), max(0, int(pts[:, 1].min()) - pad)
    x1, y1 = min(w, int(pts[:, 0].max()) + pad + 1), min(h, int(pts[:, 1].max()) + pad + 1)
    if x1 <= x0 or y1 <= y0:
        return
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], dtype=np.float64) @ homography
    size = (x1 - x0, y1 - y0)
    alpha = cv2.warpPerspective(card.alpha, shift, size, flags=cv2.INTER_LINEAR).astype(np.float32) / 255.0
    roi = canvas[y0:y1, x0:x1]
    if shadow > 0:
        moved = cv2.warpAffine(alpha, np.array([[1, 0, offset], [0, 1, offset]], dtype=np.float64), size)
        soft = cv2.GaussianBlur(moved, (0, 0), max(1.0, offset * 1.5))
        roi *= (1.0 - shadow * soft)[..., None]
    warped = cv2.warpPerspective(card.image, shift, size, flags=cv2.INTER_LINEAR).astype(np.float32)
    a3 = alpha[..., None]
    roi *= 1.0 - a3
    roi += warped * a3


def _point_on_card(homography: Matrix, fx: float, fy: float) -> tuple[float, float]:
    p = cv2.perspectiveTransform(np.array([[[fx * CARD_W, fy * CARD_H]]], dtype=np.float64), homography)[0, 0]
    return float(p[0]), float(p[1])


# Finishing -----------------------------------------------------------------------------------------------------------


def _add_noise(img: FloatImage, rng: np.random.Generator, sigma: float) -> None:
    h, w = img.shape[:2]
    luma = rng.standard_normal((h, w), dtype=np.float32) * sigma
    img += luma[..., None]


def _gaussian_spot(h: int, w: int, cx: float, cy: float, sigma_x: float, sigma_y: float) -> npt.NDArray[np.float32]:
    xs = np.exp(-(((np.arange(w, dtype=np.float32) - cx) / sigma_x) ** 2) / 2)
    ys = np.exp(-(((np.arange(h, dtype=np.float32) - cy) / sigma_y) ** 2) / 2)
    return np.outer(ys, xs).astype(np.float32)


def _lighting(h: int, w: int, rng: np.random.Generator, strength: float, vignette: float) -> npt.NDArray[np.float32]:
    """Multiplicative light map: a linear gradient in a random direction times a radial vignette."""
    a = rng.uniform(0, 2 * math.pi)
    xs = np.linspace(-1, 1, w, dtype=np.float32)
    ys = np.linspace(-1, 1, h, dtype=np.float32)
    grad = 1.0 + strength * (math.cos(a) * xs[None, :] + math.sin(a) * ys[:, None])
    radial = 1.0 - vignette * ((xs[None, :] ** 2 + ys[:, None] ** 2) / 2)
    return (grad * radial).astype(np.float32)


def _motion_blur(img: FloatImage, rng: np.random.Generator, length: int) -> FloatImage:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    turned = np.asarray(cv2.warpAffine(kernel, rot, (length, length)), dtype=np.float32)
    turned /= max(float(turned.sum()), 1e-6)
    return np.asarray(cv2.filter2D(img, -1, turned), dtype=np.float32)


def _to_uint8(img: FloatImage) -> npt.NDArray[np.uint8]:
    return np.asarray(np.clip(img + 0.5, 0, 255), dtype=np.uint8)


# Scans ---------------------------------------------------------------------------------------------------------------


def _scanner_bed(rng: np.random.Generator, h: int, w: int) -> FloatImage:
    base = rng.uniform(236, 253)
    tint = rng.uniform(-3, 3, 3)
    bed = np.empty((h, w, 3), np.float32)
    bed[:] = base + tint
    return bed


def _finish_scan(canvas: FloatImage, rng: np.random.Generator, notes: dict[str, float | str | bool]) -> FloatImage:
    sigma = float(rng.uniform(0.35, 0.7))
    canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
    noise = float(rng.uniform(1.0, 2.5))
    _add_noise(canvas, rng, noise)
    notes.update(blur_sigma=round(sigma, 2), noise_sigma=round(noise, 2))
    return canvas


def _scan_encoding(rng: np.random.Generator) -> tuple[str, int | None]:
    if rng.random() < 0.2:
        return "png", None
    return "jpg", int(rng.integers(80, 96))


def scan(cards: list[RenderedCard], rng: np.random.Generator) -> Shot:
    """The card on a flatbed at ~300 dpi: small margin, ±3° rotation, mild blur and noise."""
    card = cards[0]
    scale = float(rng.uniform(0.97, 1.03))
    angle = float(rng.uniform(-3, 3))
    bw, bh = rotated_extent(scale, angle)
    ml, mr, mt, mb = (int(rng.integers(50, 260)) for _ in range(4))
    w, h = int(bw) + ml + mr, int(bh) + mt + mb
    canvas = _scanner_bed(rng, h, w)
    center = (ml + bw / 2, mt + bh / 2)
    hom = card_homography(center, scale, angle)
    composite(canvas, card, hom, shadow=0.25, offset=2)
    notes: dict[str, float | str | bool] = {"dpi": round(300 * scale)}
    canvas = _finish_scan(canvas, rng, notes)
    encoding, quality = _scan_encoding(rng)
    return Shot(_to_uint8(canvas), [Placement(card, hom, angle % 360)], encoding, quality, notes=notes)


def pair(cards: list[RenderedCard], rng: np.random.Generator) -> Shot:
    """Front and back of the same card on one scan, side by side (or one above the other)."""
    horizontal = rng.random() < 0.7
    gap = int(rng.integers(40, 160))
    angles = [float(rng.uniform(-2, 2)) for _ in cards]
    scale = float(rng.uniform(0.97, 1.03))
    extents = [rotated_extent(scale, a) for a in angles]
    ml, mt = int(rng.integers(50, 200)), int(rng.integers(50, 200))
    if horizontal:
        w = ml + int(sum(e[0] for e in extents)) + gap * (len(cards) - 1) + int(rng.integers(50, 200))
        h = mt + int(max(e[1] for e in extents)) + int(rng.integers(50, 200))
    else:
        w = ml + int(max(e[0] for e in extents)) + int(rng.integers(50, 200))
        h = mt + int(sum(e[1] for e in extents)) + gap * (len(cards) - 1) + int(rng.integers(50, 200))
    canvas = _scanner_bed(rng, h, w)
    placements = []
    x, y = float(ml), float(mt)
    for card, angle, (bw, bh) in zip(cards, angles, extents, strict=True):
        dx, dy = rng.uniform(0, 20, 2)
        center = (x + bw / 2 + (0 if horizontal else dx), y + bh / 2 + (dy if horizontal else 0))
        hom = card_homography(center, scale, angle)
        composite(canvas, card, hom, shadow=0.25, offset=2)
        placements.append(Placement(card, hom, angle % 360))
        if horizontal:
            x += bw + gap
        else:
            y += bh + gap
    notes: dict[str, float | str | bool] = {"layout": "horizontal" if horizontal else "vertical"}
    canvas = _finish_scan(canvas, rng, notes)
    encoding, quality = _scan_encoding(rng)
    return Shot(_to_uint8(canvas), placements, encoding, quality, notes=notes)


def copy(cards: list[RenderedCard], rng: np.random.Generator) -> Shot:
    """A grey photocopy on A4 (the "bản photo" a back office receives): front above back, scanned at 200–300 dpi."""
    dpi = int(rng.integers(200, 301))
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    canvas = np.empty((h, w, 3), np.float32)
    canvas[:] = rng.uniform(238, 250)
    scale = dpi / 300.0 * float(rng.uniform(0.97, 1.03))
    placements = []
    for n, card in enumerate(cards):
        angle = float(rng.uniform(-1.5, 1.5))
        cx = w / 2 + float(rng.uniform(-0.08, 0.08)) * w
        cy = h * (0.25 + 0.3 * n) + float(rng.uniform(-0.03, 0.03)) * h
        hom = card_homography((cx, cy), scale, angle)
        composite(canvas, card, hom, shadow=0.1, offset=1)
        placements.append(Placement(card, hom, angle % 360))
    grey = canvas.mean(axis=2, keepdims=True)
    contrast = float(rng.uniform(1.1, 1.5))  # copiers push contrast: pale backgrounds wash out, text darkens
    grey = np.clip((grey - 128.0) * contrast + 128.0 + float(rng.uniform(0, 25)), 0, 255)
    canvas = np.repeat(grey, 3, axis=2).astype(np.float32)
    notes: dict[str, float | str | bool] = {"dpi": dpi, "contrast": round(contrast, 2)}
    canvas = _finish_scan(canvas, rng, notes)
    encoding, quality = _scan_encoding(rng)
    return Shot(_to_uint8(canvas), placements, encoding, quality, notes=notes)


# Phone photos --------------------------------------------------------------------------------------------------------


def photo(cards: list[RenderedCard], rng: np.random.Generator, flaw: str | None = None) -> Shot:
    """A phone photo of the card on a desk; ``flaw`` is one of :data:`BAD_VARIANTS` for quality-gate tests."""
    card = cards[0]
    fw, fh = PHOTO_FRAMES[int(rng.integers(len(PHOTO_FRAMES)))]
    texture = str(rng.choice(sorted(textures.TEXTURES)))
    canvas = textures.desk(rng, texture, fh, fw)
    base = int(rng.choice([0, 0, 90, 180, 270]))
    angle = base + float(rng.uniform(-12, 12))
    fraction = float(rng.uniform(0.10, 0.18)) if flaw == "tiny" else float(rng.uniform(0.35, 0.75))
    unit_w, unit_h = rotated_extent(1.0, angle)
    scale = min(fraction * fw / unit_w, 0.86 * fh / unit_h)
    bw, bh = rotated_extent(scale, angle)
    cx = float(rng.uniform(bw / 2 + 0.04 * fw, fw - bw / 2 - 0.04 * fw)) if bw < 0.92 * fw else fw / 2
    cy = float(rng.uniform(bh / 2 + 0.04 * fh, fh - bh / 2 - 0.04 * fh)) if bh < 0.92 * fh else fh / 2
    notes: dict[str, float | str | bool] = {"background": texture, "card_width_fraction": round(bw / fw, 3)}
    if flaw == "cutoff":
        side = str(rng.choice(["left", "right", "top", "bottom"]))
        out = float(rng.uniform(0.25, 0.45))
        if side in ("left", "right"):
            cx = bw / 2 - out * bw if side == "left" else fw - bw / 2 + out * bw
        else:
            cy = bh / 2 - out * bh if side == "top" else fh - bh / 2 + out * bh
        notes.update(cut_side=side, cut_fraction=round(out, 2))
    keystone = (str(rng.choice(["top", "bottom", "left", "right"])), float(rng.uniform(0.0, 0.12)))
    jitter = rng.uniform(-0.02, 0.02, (4, 2)) * scale * CARD_W
    hom = card_homography((cx, cy), scale, angle, keystone, jitter)
    composite(canvas, card, hom, shadow=float(rng.uniform(0.25, 0.5)), offset=int(rng.integers(4, 14)))

    h, w = canvas.shape[:2]
    light = _lighting(h, w, rng, float(rng.uniform(0.08, 0.28)), float(rng.uniform(0.1, 0.4)))
    if flaw == "dark":
        level = float(rng.uniform(0.12, 0.25))
        light *= level
        notes["brightness_factor"] = round(level, 3)
    tint = np.array(rng.uniform([0.98, 0.97, 0.92], [1.06, 1.02, 1.02]), dtype=np.float32)
    canvas *= light[..., None] * tint
    card_px = scale * CARD_W
    if flaw == "glare":
        gx, gy = _point_on_card(hom, float(rng.uniform(0.5, 0.7)), float(rng.uniform(0.45, 0.65)))
        spot = _gaussian_spot(h, w, gx, gy, card_px * rng.uniform(0.20, 0.30), card_px * rng.uniform(0.14, 0.22))
        canvas += (spot * float(rng.uniform(400, 600)))[..., None]
    elif rng.random() < 0.3:  # soft reflection that leaves the text readable
        gx, gy = _point_on_card(hom, float(rng.uniform(0.1, 0.9)), float(rng.uniform(0.1, 0.9)))
        spot = _gaussian_spot(h, w, gx, gy, card_px * 0.08, card_px * 0.06)
        canvas += (spot * float(rng.uniform(50, 100)))[..., None]
        notes["soft_glare"] = True
    if flaw == "blurry":
        if rng.random() < 0.5:
            sigma = float(rng.uniform(4.0, 7.0)) * max(1.0, card_px / 900)
            canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
            notes["blur_sigma"] = round(sigma, 2)
        else:
            length = int(rng.integers(25, 46))
            canvas = _motion_blur(canvas, rng, length)
            notes["motion_blur_px"] = length
    else:
        sigma = float(rng.uniform(0.5, 1.3))
        canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
        notes["blur_sigma"] = round(sigma, 2)
    noise = float(rng.uniform(2.0, 6.0)) + (4.0 if flaw == "dark" else 0.0)
    _add_noise(canvas, rng, noise)
    notes["noise_sigma"] = round(noise, 2)
    quality = int(rng.integers(60, 91))
    expected = [flaw] if flaw else []
    return Shot(_to_uint8(canvas), [Placement(card, hom, angle % 360)], "jpg", quality, expected, notes)


def make_shot(variant: str, cards: list[RenderedCard], rng: np.random.Generator) -> Shot:
    if variant == "scan":
        return scan(cards, rng)
    if variant == "pair":
        return pair(cards, rng)
    if variant == "copy":
        return copy(cards, rng)
    if variant == "photo":
        return photo(cards, rng)
    if variant in BAD_VARIANTS:
        return photo(cards, rng, flaw=variant)
    raise ValueError(f"unknown variant {variant!r}; expected one of {', '.join(VARIANTS)}")


def encode(shot: Shot) -> bytes:
    """JPEG or PNG bytes (OpenCV's encoders are deterministic)."""
    bgr = cv2.cvtColor(shot.image, cv2.COLOR_RGB2BGR)
    if shot.encoding == "png":
        ok, buf = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    else:
        ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(shot.quality or 90)])
    if not ok:
        raise RuntimeError("image encoding failed")
    return bytes(buf.tobytes())
