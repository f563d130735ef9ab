"""Capture variants for A4 papers: flatbed scans, phone photos on a desk, and PDF pages (scanned at 200–300 dpi).

A file page holds one document page, or two side by side (a *spread*: the unfolded 2014 land certificate, 4|1 or
2|3). Every page drawn into a file page gets a :class:`Placement` whose ``homography`` maps the page's canonical
300-dpi pixels to the file page's pixels (rotation included), like the card generator's placements.
Conventions for ``quad``, ``rotation_deg`` (clockwise, 0–360) and ``upright_rotation`` are those of
:mod:`samples.generator.variants`. Everything is drawn from the ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt

from samples.generator import textures
from samples.generator.papers.layouts import RenderedPage

FloatImage = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float64]
Notes = dict[str, float | str | bool | int]

PHOTO_FRAMES: Final = ((2250, 3000), (1944, 2592), (1800, 2400), (1536, 2048))  # portrait (w, h)


@dataclass
class Placement:
    document: int  # index into the file's documents
    page: RenderedPage
    homography: Matrix  # canonical page pixels → file-page pixels
    rotation_deg: float

    @property
    def quad(self) -> list[list[float]]:
        h, w = self.page.image.shape[:2]
        corners = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], dtype=np.float64)
        pts = cv2.perspectiveTransform(corners, self.homography)[0]
        return [[round(float(x), 1), round(float(y), 1)] for x, y in pts]

    @property
    def upright_rotation(self) -> int:
        return round(self.rotation_deg / 90.0) % 4 * 90


@dataclass
class FilePage:
    image: npt.NDArray[np.uint8]  # H × W × 3 RGB, or H × W grey
    placements: list[Placement]
    notes: Notes = field(default_factory=dict)


# Geometry ------------------------------------------------------------------------------------------------------------


def _translate(dx: float, dy: float) -> Matrix:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], dtype=np.float64)


def _similarity(
    scale: float, angle_deg: float, centre_from: tuple[float, float], centre_to: tuple[float, float]
) -> Matrix:
    a = math.radians(angle_deg)
    c, s = math.cos(a) * scale, math.sin(a) * scale
    rot = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], dtype=np.float64)
    return _translate(*centre_to) @ rot @ _translate(-centre_from[0], -centre_from[1])


def _quarter_turn(k: int, w: int, h: int) -> Matrix:
    """Maps pixels of a w × h image to the image turned clockwise by k × 90°."""
    if k == 1:
        return np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    if k == 2:
        return np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    if k == 3:
        return np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)
    return np.eye(3, dtype=np.float64)


def _turn_image(img: FloatImage, k: int) -> FloatImage:
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return img if k == 0 else np.ascontiguousarray(cv2.rotate(img, codes[k]))


def sheet_layout(pages: list[RenderedPage]) -> tuple[list[tuple[float, float]], tuple[int, int]]:
    """Offsets of the pages on one physical sheet (side by side when two) and the sheet's size in 300-dpi px."""
    offsets: list[tuple[float, float]] = []
    x = 0.0
    for page in pages:
        offsets.append((x, 0.0))
        x += page.image.shape[1]
    return offsets, (round(x), max(p.image.shape[0] for p in pages))


def composite(canvas: FloatImage, page: RenderedPage, homography: Matrix, shadow: float = 0.0, offset: int = 0) -> None:
    """Warp ``page`` into ``canvas`` in place, only inside its bounding box, with an optional soft drop shadow."""
    h, w = canvas.shape[:2]
    ph, pw = page.image.shape[:2]
    corners = np.array([[[0, 0], [pw, 0], [pw, ph], [0, ph]]], dtype=np.float64)
    pts = cv2.perspectiveTransform(corners, homography)[0]
    pad = 6 + 3 * offset
    x0, y0 = max(0, int(pts[:, 0].min()) - pad), max(0, int(pts[:, 1].min()) - pad)
    x1, y1 = min(w, int(pts[:, 0].max()) + pad + 1), min(h, int(pts[:, 1].max()) + pad + 1)
    if x1 <= x0 or y1 <= y0:
        return
    shift = _translate(-x0, -y0) @ homography
    size = (x1 - x0, y1 - y0)
    mask = np.full((ph, pw), 255, np.uint8)
    alpha = cv2.warpPerspective(mask, shift, size, flags=cv2.INTER_LINEAR).astype(np.float32) / 255.0
    roi = canvas[y0:y1, x0:x1]
    if shadow > 0:
        moved = cv2.warpAffine(alpha, np.array([[1, 0, offset], [0, 1, offset]], dtype=np.float64), size)
        soft = cv2.GaussianBlur(moved, (0, 0), max(1.0, offset * 1.5))
        roi *= (1.0 - shadow * soft)[..., None]
    warped = cv2.warpPerspective(page.image, shift, size, flags=cv2.INTER_LINEAR).astype(np.float32)
    a3 = alpha[..., None]
    roi *= 1.0 - a3
    roi += warped * a3


# Finishing -----------------------------------------------------------------------------------------------------------


def _noise(img: FloatImage, rng: np.random.Generator, sigma: float) -> None:
    h, w = img.shape[:2]
    img += (rng.standard_normal((h, w), dtype=np.float32) * sigma)[..., None]


def _to_uint8(img: FloatImage) -> npt.NDArray[np.uint8]:
    return np.asarray(np.clip(img + 0.5, 0, 255), dtype=np.uint8)


def _fold(img: FloatImage, rng: np.random.Generator, quad: list[list[float]], notes: Notes) -> None:
    """A faint fold line (with a soft shadow on one side) across the middle of the sheet."""
    h, w = img.shape[:2]
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = quad
    horizontal = rng.random() < 0.6
    t = float(rng.uniform(0.4, 0.6))
    if horizontal:
        p, q = (ax + (dx - ax) * t, ay + (dy - ay) * t), (bx + (cx - bx) * t, by + (cy - by) * t)
    else:
        p, q = (ax + (bx - ax) * t, ay + (by - ay) * t), (dx + (cx - dx) * t, dy + (cy - dy) * t)
    line = np.zeros((h, w), np.float32)
    cv2.line(line, (round(p[0]), round(p[1])), (round(q[0]), round(q[1])), 1.0, 2, cv2.LINE_AA)
    soft = np.asarray(cv2.GaussianBlur(line, (0, 0), float(rng.uniform(3, 9))), dtype=np.float32)
    soft = soft / max(float(soft.max()), 1e-6)
    img *= (1.0 - float(rng.uniform(0.05, 0.12)) * soft)[..., None]
    notes["fold"] = "horizontal" if horizontal else "vertical"


def _lighting(h: int, w: int, rng: np.random.Generator, strength: float, vignette: float) -> FloatImage:
    a = rng.uniform(0, 2 * math.pi)
    xs = np.linspace(-1, 1, w, dtype=np.float32)
    ys = np.linspace(-1, 1, h, dtype=np.float32)
    grad = 1.0 + strength * (math.cos(a) * xs[None, :] + math.sin(a) * ys[:, None])
    radial = 1.0 - vignette * ((xs[None, :] ** 2 + ys[:, None] ** 2) / 2)
    return np.asarray(grad * radial, dtype=np.float32)


def _shadow_band(h: int, w: int, rng: np.random.Generator) -> FloatImage:
    """A soft shadow cast by the phone or a hand over one side of the picture."""
    a = rng.uniform(0, 2 * math.pi)
    xs = np.linspace(-1, 1, w, dtype=np.float32)
    ys = np.linspace(-1, 1, h, dtype=np.float32)
    d = math.cos(a) * xs[None, :] + math.sin(a) * ys[:, None]
    edge = float(rng.uniform(0.2, 0.7))
    band = 1.0 / (1.0 + np.exp(-(d - edge) * float(rng.uniform(8, 20))))
    return np.asarray(1.0 - float(rng.uniform(0.15, 0.35)) * band, dtype=np.float32)


# Variants ------------------------------------------------------------------------------------------------------------


def scan(
    pages: list[RenderedPage],
    documents: list[int],
    rng: np.random.Generator,
    *,
    allow_turn: bool = True,
    dpi: int | None = None,
    grey: bool | None = None,
) -> FilePage:
    """The sheet (one page or a spread) on a flatbed at 200–300 dpi, ±2° skew, sometimes turned by 90/180/270°."""
    dpi = dpi or int(rng.integers(200, 301))
    grey = bool(rng.random() < 0.4) if grey is None else grey
    scale = dpi / 300.0
    offsets, (sw, sh) = sheet_layout(pages)
    angle = float(rng.uniform(-2, 2))
    margin = [int(rng.integers(15, 110) * scale) for _ in range(4)]
    a = math.radians(angle)
    bw = scale * (sw * abs(math.cos(a)) + sh * abs(math.sin(a)))
    bh = scale * (sw * abs(math.sin(a)) + sh * abs(math.cos(a)))
    w, h = int(bw) + margin[0] + margin[1], int(bh) + margin[2] + margin[3]
    canvas = np.empty((h, w, 3), np.float32)
    canvas[:] = float(rng.uniform(232, 250))
    to_canvas = _similarity(scale, angle, (sw / 2, sh / 2), (margin[0] + bw / 2, margin[2] + bh / 2))
    placements = []
    for page, (ox, oy), doc in zip(pages, offsets, documents, strict=True):
        hom = to_canvas @ _translate(ox, oy)
        composite(canvas, page, hom, shadow=0.2, offset=2)
        placements.append(Placement(doc, page, hom, angle % 360))
    notes: Notes = {"dpi": dpi, "colour": "grey" if grey else "colour", "skew_deg": round(angle, 2)}
    if len(pages) > 1:
        notes["layout"] = "spread " + "|".join(str(p.doc_page) for p in pages)
    if rng.random() < 0.25:
        _fold(canvas, rng, placements[0].quad if len(pages) == 1 else _sheet_quad(to_canvas, sw, sh), notes)
    sigma = float(rng.uniform(0.3, 0.7)) * scale + 0.2
    canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
    _noise(canvas, rng, float(rng.uniform(1.0, 3.0)))
    k = 0
    if allow_turn and rng.random() < 0.15:
        k = int(rng.integers(1, 4))
        canvas = _turn_image(canvas, k)
        turn = _quarter_turn(k, w, h)
        for p in placements:
            p.homography = turn @ p.homography
            p.rotation_deg = (p.rotation_deg + 90 * k) % 360
        notes["quarter_turns"] = k
    image = _to_uint8(canvas)
    if grey:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    return FilePage(image, placements, notes)


def _sheet_quad(hom: Matrix, w: int, h: int) -> list[list[float]]:
    corners = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], dtype=np.float64)
    return [[float(x), float(y)] for x, y in cv2.perspectiveTransform(corners, hom)[0]]


def photo(pages: list[RenderedPage], documents: list[int], rng: np.random.Generator) -> FilePage:
    """The sheet on a desk, shot with a phone: perspective, uneven light, a shadow, mild blur, 2000–3000 px."""
    offsets, (sw, sh) = sheet_layout(pages)
    fw, fh = PHOTO_FRAMES[int(rng.integers(len(PHOTO_FRAMES)))]
    if sw > sh:
        fw, fh = fh, fw
    texture = str(rng.choice(sorted(textures.TEXTURES)))
    canvas = textures.desk(rng, texture, fh, fw)
    angle = float(rng.uniform(-7, 7))
    fill = float(rng.uniform(0.72, 0.92))
    scale = fill * min(fw / sw, fh / sh)
    cx = fw / 2 + float(rng.uniform(-0.04, 0.04)) * fw
    cy = fh / 2 + float(rng.uniform(-0.04, 0.04)) * fh
    sheet_corners = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], dtype=np.float32)
    base = _similarity(scale, angle, (sw / 2, sh / 2), (cx, cy))
    dst = cv2.perspectiveTransform(sheet_corners[None].astype(np.float64), base)[0]
    side = int(rng.integers(4))  # keystone: the far edge looks shorter
    k = float(rng.uniform(0.0, 0.1))
    pairs = ((0, 1), (1, 2), (2, 3), (3, 0))[side]
    mid = dst[list(pairs)].mean(axis=0)
    for i in pairs:
        dst[i] = mid + (dst[i] - mid) * (1 - k)
    dst += rng.uniform(-0.012, 0.012, (4, 2)) * scale * max(sw, sh)
    to_canvas = np.asarray(cv2.getPerspectiveTransform(sheet_corners, dst.astype(np.float32)), dtype=np.float64)
    placements = []
    for page, (ox, oy), doc in zip(pages, offsets, documents, strict=True):
        hom = to_canvas @ _translate(ox, oy)
        composite(canvas, page, hom, shadow=float(rng.uniform(0.25, 0.45)), offset=int(rng.integers(4, 12)))
        placements.append(Placement(doc, page, hom, angle % 360))
    h, w = canvas.shape[:2]
    light = _lighting(h, w, rng, float(rng.uniform(0.08, 0.25)), float(rng.uniform(0.1, 0.35)))
    notes: Notes = {"background": texture, "keystone": round(k, 3), "skew_deg": round(angle, 2)}
    if len(pages) > 1:
        notes["layout"] = "spread " + "|".join(str(p.doc_page) for p in pages)
    if rng.random() < 0.5:
        light *= _shadow_band(h, w, rng)
        notes["shadow"] = True
    tint = np.array(rng.uniform([0.98, 0.96, 0.9], [1.05, 1.02, 1.0]), dtype=np.float32)
    canvas *= light[..., None] * tint
    sigma = float(rng.uniform(0.5, 1.3))
    canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
    noise = float(rng.uniform(2.0, 5.0))
    _noise(canvas, rng, noise)
    notes.update(blur_sigma=round(sigma, 2), noise_sigma=round(noise, 2))
    return FilePage(_to_uint8(canvas), placements, notes)


# Encoding ------------------------------------------------------------------------------------------------------------


def encode_image(image: npt.NDArray[np.uint8], encoding: str, quality: int | None) -> bytes:
    """JPEG or PNG bytes (OpenCV's encoders are deterministic); grey images stay single-channel."""
    data = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    if encoding == "png":
        ok, buf = cv2.imencode(".png", data, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    else:
        ok, buf = cv2.imencode(".jpg", data, [cv2.IMWRITE_JPEG_QUALITY, int(quality or 90)])
    if not ok:
        raise RuntimeError("image encoding failed")
    return bytes(buf.tobytes())


def pdf_bytes(pages: list[FilePage], quality: int) -> bytes:
    """A minimal PDF, one JPEG image per page at its scan dpi (no dates or IDs, so the bytes are reproducible)."""
    objects: list[bytes] = []
    kids: list[int] = []
    for page in pages:
        h, w = page.image.shape[:2]
        dpi = float(page.notes.get("dpi", 300))
        jpeg = encode_image(page.image, "jpg", quality)
        space = "/DeviceGray" if page.image.ndim == 2 else "/DeviceRGB"
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        img_id, content_id, page_id = len(objects) + 3, len(objects) + 4, len(objects) + 5
        objects.append(
            f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {space} /BitsPerComponent 8 "
            f"/Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode()
            + jpeg
            + b"\nendstream"
        )
        draw = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
            f"/Resources << /XObject << /Im0 {img_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        kids.append(page_id)
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    tree = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    body = [catalog, tree, *objects]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(body, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(body) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
