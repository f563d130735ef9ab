"""Synthetic A4 pages for the page-cleaning tests and ``scripts/eval_page_cleaning.py``.

:func:`render_page` draws a birth-certificate-like page (labels, dotted leaders, values, a red stamp) with a font
of :mod:`samples.generator.fonts` and returns the image with its expected text (leaders left out: that is what a
reader wants). The ``degrade_*`` functions make the usual copies of it: turned, skewed, shadowed, photographed on a
desk, blurred and JPEG-compressed, two pages side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples.generator import fonts

A4_300 = (2480, 3508)
MARGIN = 200

# (label, value, leader style): "after" = value then dots to the margin, "between" = dots glued between label and
# value, "" = no leader. "…" = U+2026 leaders, "." = full stops.
BIRTH_LINES: tuple[tuple[str, str, str, str], ...] = (
    ("Họ, chữ đệm, tên:", "NGUYỄN VĂN AN", "between", "."),
    ("Ngày, tháng, năm sinh:", "15/03/2020", "after", "."),
    ("ghi bằng chữ:", "Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi", "", "."),
    ("Giới tính:", "Nam", "after", "…"),
    ("Dân tộc:", "Kinh", "between", "…"),
    ("Quốc tịch:", "Việt Nam", "after", "."),
    ("Nơi sinh:", "Bệnh viện Phụ sản Hà Nội, quận Đống Đa, thành phố Hà Nội", "after", "."),
    ("Quê quán:", "xã Nghĩa Hưng, huyện Nghĩa Đàn, tỉnh Nghệ An", "after", "…"),
    ("Số định danh cá nhân:", "001220012345", "between", "."),
    ("Họ, chữ đệm, tên người mẹ:", "TRẦN THỊ BÍCH NGỌC", "after", "."),
    ("Năm sinh:", "1992", "between", "…"),
    ("Nơi cư trú:", "Số 12, ngõ 45, phố Nguyễn Trãi, phường Thượng Đình", "after", "."),
    ("Họ, chữ đệm, tên người cha:", "NGUYỄN VĂN BÌNH", "between", "."),
    ("Năm sinh:", "1990", "after", "…"),
    ("Nơi cư trú:", "xã Diễn Châu, huyện Diễn Châu, tỉnh Nghệ An", "after", "."),
    ("Nơi đăng ký khai sinh:", "Ủy ban nhân dân phường Thượng Đình", "after", "."),
    ("Ngày, tháng, năm đăng ký:", "20/03/2020", "between", "…"),
)
HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY KHAI SINH")


@dataclass(frozen=True)
class Rendered:
    image: np.ndarray  # BGR uint8
    text: str  # expected text, lines joined with "\n", no leaders
    values: tuple[str, ...]  # the values, in order


def render_page(
    font_file: str = "LiberationSerif-Regular.ttf",
    size: tuple[int, int] = A4_300,
    lines: tuple[tuple[str, str, str, str], ...] = BIRTH_LINES,
    font_px: int = 46,
    stamp: bool = True,
) -> Rendered:
    """A white page with a header, ``lines`` as "label leaders value leaders" rows and an optional red stamp."""
    width = size[0]
    scale = width / A4_300[0]
    px = max(8, round(font_px * scale))
    margin = round(MARGIN * scale)
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    regular = fonts.load(font_file, px)
    bold_name = font_file.replace("-Regular", "-Bold")
    try:
        bold = fonts.load(bold_name, px)
    except (KeyError, OSError):
        bold = regular
    text_lines: list[str] = []
    y = margin
    for i, head in enumerate(HEADER):
        font = bold if i != 1 else regular
        w = draw.textlength(head, font=font)
        draw.text(((width - w) / 2, y), head, font=font, fill="black")
        text_lines.append(head)
        y += round(px * (2.6 if i == 1 else 1.6))
    y += px
    right = width - margin
    line_step = round(px * 1.9)
    for label, value, style, dot in lines:
        x = float(margin)
        draw.text((x, y), label, font=regular, fill="black")
        x += draw.textlength(label + " ", font=regular)
        dot_w = draw.textlength(dot, font=regular)
        if style == "between":
            n = max(4, int(0.18 * (right - x) / dot_w))
            draw.text((x, y), dot * n, font=regular, fill="black")
            x += dot_w * n  # glued: no space between the leaders and the value
        draw.text((x, y), value, font=regular, fill="black")
        x += draw.textlength(value, font=regular)
        if style == "after":
            n = int((right - x) / dot_w)
            if n >= 3:
                draw.text((x, y), dot * n, font=regular, fill="black")
        text_lines.append(f"{label} {value}")
        y += line_step
    if stamp:
        cx, cy, r = round(width * 0.68), y + round(px * 3.5), round(px * 3.2)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 30, 40), width=max(2, round(px / 8)))
        draw.ellipse((cx - r + px // 2, cy - r + px // 2, cx + r - px // 2, cy + r - px // 2), outline=(210, 30, 40))
        draw.text((cx - r * 0.55, cy - px * 0.5), "★ UBND ★", font=regular, fill=(210, 30, 40))
    bgr = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    return Rendered(bgr, "\n".join(text_lines), tuple(v for _, v, _, _ in lines))


def rotate_quarter(image: np.ndarray, clockwise_deg: int) -> np.ndarray:
    """Turn by 0/90/180/270 degrees clockwise."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image.copy() if clockwise_deg % 360 == 0 else cv2.rotate(image, codes[clockwise_deg % 360])


def skew(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate by ``degrees`` counter-clockwise (OpenCV's sign), white fill, same size."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def shadow(image: np.ndarray, strength: float = 0.6, seed: int = 0) -> np.ndarray:
    """A diagonal lighting gradient and a soft blob of shadow (a hand or a phone), multiplying the page."""
    rng = np.random.default_rng(seed)
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gradient = 1.0 - strength * 0.6 * (xx / w * 0.6 + yy / h * 0.4)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.5, 0.9) * h
    blob = np.exp(-(((xx - cx) / (0.25 * w)) ** 2 + ((yy - cy) / (0.2 * h)) ** 2))
    light = gradient * (1.0 - strength * 0.5 * blob)
    return np.clip(image.astype(np.float32) * light[:, :, None], 0, 255).astype(np.uint8)


def desk_photo(
    image: np.ndarray, seed: int = 0, out_size: tuple[int, int] = (3000, 4000), fill: float = 0.78
) -> tuple[np.ndarray, np.ndarray]:
    """The page photographed on a wooden desk: perspective, lighting, slight blur. Returns (photo, true quad TL,
    TR, BR, BL in photo pixels)."""
    rng = np.random.default_rng(seed)
    ow, oh = out_size
    yy, xx = np.mgrid[0:oh, 0:ow].astype(np.float32)
    grain = np.sin(xx / 23.0 + 3 * np.sin(yy / 180.0)) * 0.5 + 0.5
    desk = np.stack([60 + 30 * grain, 95 + 35 * grain, 140 + 40 * grain], axis=2)  # BGR brown
    desk += rng.normal(0, 6, desk.shape)
    h, w = image.shape[:2]
    pw = fill * ow
    ph = pw * h / w
    if ph > 0.92 * oh:
        ph = 0.92 * oh
        pw = ph * w / h
    x0, y0 = (ow - pw) / 2, (oh - ph) / 2
    j = 0.05 * pw
    quad = np.array(
        [
            [x0 + rng.uniform(0, j), y0 + rng.uniform(0, j)],
            [x0 + pw - rng.uniform(0, j), y0 + rng.uniform(-j / 2, j / 2)],
            [x0 + pw + rng.uniform(0, j), y0 + ph - rng.uniform(0, j)],
            [x0 - rng.uniform(0, j), y0 + ph + rng.uniform(-j / 2, j / 2)],
        ],
        dtype=np.float32,
    )
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, quad)
    page = cv2.warpPerspective(image, m, (ow, oh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (ow, oh), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    photo = page.astype(np.float32) * alpha + desk * (1 - alpha)
    light = 1.0 - 0.35 * (xx / ow) * (1 - yy / oh) - 0.1 * np.exp(-(((xx - ow * 0.3) / (0.3 * ow)) ** 2))
    photo = np.clip(photo * light[:, :, None] * 0.95, 0, 255).astype(np.uint8)
    photo = cv2.GaussianBlur(photo, (0, 0), 1.0)
    return photo, quad


def blur_jpeg(image: np.ndarray, sigma: float = 1.2, quality: int = 40) -> np.ndarray:
    blurred = cv2.GaussianBlur(image, (0, 0), sigma)
    ok, buf = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def spread(left: np.ndarray, right: np.ndarray, gutter: int = 60) -> tuple[np.ndarray, int]:
    """Two portrait pages side by side on one landscape image, with a faint fold line; returns (image, fold x)."""
    h = max(left.shape[0], right.shape[0])
    out = np.full((h, left.shape[1] + gutter + right.shape[1], 3), 255, np.uint8)
    out[: left.shape[0], : left.shape[1]] = left
    out[: right.shape[0], left.shape[1] + gutter :] = right
    fold = left.shape[1] + gutter // 2
    out[:, fold - 1 : fold + 1] = 200
    return out, fold


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)
