"""Card location on an A4 photocopy of a card's front and back ("bản photo CCCD").

Pages are composed here from the generator's card renderer, the way its ``copy`` variant does (grey, contrast
pushed so the card's pale background washes out to the paper's white), but with the layouts that variant does not
make: side by side, turned a few degrees, one side only, and with no visible card outline at all.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from models.contract import GENERATIONS
from pipeline.cleaning.locate import find_cards
from samples.generator.people import make_holder
from samples.generator.render import render_card
from samples.generator.variants import Placement, card_homography, composite, rotated_extent

FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
_PHRASES = (
    "công dân",
    "việt nam",
    "có quyền và nghĩa vụ",
    "theo quy định của pháp luật",
    "đơn đề nghị",
    "cấp giấy chứng nhận",
    "ủy ban nhân dân",
    "phường",
    "huyện",
    "thành phố",
    "số điện thoại",
    "địa chỉ thường trú",
    "ngày tháng năm sinh",
    "họ và tên",
    "xác nhận của cơ quan có thẩm quyền",
    "kính gửi",
)


def copy_page(
    generation: str,
    layout: str = "vertical",
    angles: tuple[float, float] = (0.5, -0.8),
    outline: bool = True,
    dpi: int = 250,
    seed: int = 0,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """A grey A4 copy (BGR) of a card's front and back and the cards' true quads in reading order. ``layout``:
    "vertical" (front above back), "horizontal" (side by side) or "single" (the front only); without ``outline``
    the cards' edges do not show at all (a band around each is painted over with the paper's colour)."""
    rng = random.Random(seed)
    person, card = make_holder(rng, generation)
    sides = GENERATIONS[generation][:1] if layout == "single" else GENERATIONS[generation]
    cards = [render_card(side, person, card, random.Random(rng.randrange(2**32))) for side in sides]
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    paper = rng.uniform(238, 250)
    canvas = np.full((h, w, 3), paper, np.float32)
    scale = dpi / 300.0
    quads = []
    for n, (rendered, angle) in enumerate(zip(cards, angles, strict=False)):
        extent_w, _ = rotated_extent(scale, angle)
        if layout == "horizontal":
            gap = 10 / 25.4 * dpi  # 1 cm
            centre = (w / 2 + (n - 0.5) * (extent_w + gap), 0.3 * h)
        else:
            centre = (w / 2 + rng.uniform(-0.06, 0.06) * w, h * (0.25 + 0.3 * n))
        hom = card_homography(centre, scale, angle)
        composite(canvas, rendered, hom, shadow=0.1 if outline else 0.0, offset=1)
        quad = np.array(Placement(rendered, hom, angle).quad, np.float32)
        if not outline:
            band = np.zeros((h, w), np.uint8)
            cv2.polylines(band, [np.rint(quad).astype(np.int32)], True, 255, thickness=max(3, dpi // 40))
            canvas[band > 0] = paper
        quads.append(quad)
    grey = canvas.mean(axis=2, keepdims=True)
    grey = np.clip((grey - 128.0) * 1.35 + 128.0 + 12.0, 0, 255)
    grey = cv2.GaussianBlur(grey, (0, 0), 0.5)[..., None] + np.random.default_rng(seed).normal(0, 1.5, (h, w, 1))
    page = np.repeat(np.clip(grey + 0.5, 0, 255).astype(np.uint8), 3, axis=2)
    ok, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), quads


def text_page(kind: str, dpi: int = 250, seed: int = 0) -> np.ndarray:
    """An A4 page of Vietnamese text (BGR): "letter" (paragraphs down the page), "official" (a centred national
    motto and title over paragraphs), "short" (a few paragraphs and a signature block) or "signed" (the same, with a
    signature and a round stamp)."""
    rng = random.Random(seed)
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (w, h), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, round(12 * dpi / 72))
    left, right = int(0.12 * w), int(0.9 * w)
    y = int(0.08 * h)

    def paragraph(lines: int, x0: int = left, x1: int = right) -> None:
        nonlocal y
        for _ in range(lines):
            x = float(x0)
            while True:
                word = rng.choice(_PHRASES)
                width = draw.textlength(word + " ", font=font)
                if x + width > x1:
                    break
                draw.text((x, y), word, font=font, fill=20)
                x += width
            y += int(font.size * 1.5)
        y += int(font.size * 0.8)

    if kind == "official":
        for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "", "ĐƠN ĐỀ NGHỊ"):
            draw.text(((w - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=15)
            y += int(font.size * 2)
    if kind in ("short", "signed"):
        paragraph(5)
        paragraph(4)
        y = int(0.5 * h)
        paragraph(3, int(0.55 * w), int(0.88 * w))
    if kind == "signed":  # a signature and a round stamp over it
        cx, cy, r = int(0.68 * w), y + int(0.09 * w), int(0.085 * w)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=60, width=max(2, dpi // 40))
        draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), outline=60, width=max(2, dpi // 60))
        points = [(cx - r + i * r // 6, cy + (-1) ** i * r // 3) for i in range(13)]
        draw.line(points, fill=30, width=max(2, dpi // 60))
        y = cy + r + int(font.size)
        paragraph(1, int(0.58 * w), int(0.8 * w))
    elif kind != "signed":
        while y < 0.85 * h:
            paragraph(rng.randint(3, 8))
    grey = np.asarray(image, np.float32) + np.random.default_rng(seed).normal(0, 1.5, (h, w))
    return cv2.cvtColor(np.clip(grey, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    union = cv2.contourArea(a.astype(np.float32)) + cv2.contourArea(b.astype(np.float32)) - inter
    return float(inter / union)


@pytest.mark.parametrize(
    ("generation", "layout", "angles", "dpi"),
    [
        ("cccd_2021", "vertical", (0.5, -0.8), 300),
        ("cmnd", "vertical", (-1.2, 0.3), 200),
        ("can_cuoc_2024", "horizontal", (0.4, -0.6), 300),
        ("cccd_2016", "vertical", (4.0, -5.0), 250),
    ],
)
def test_front_and_back_on_a_copy(generation: str, layout: str, angles: tuple[float, float], dpi: int) -> None:
    image, truth = copy_page(generation, layout, angles, dpi=dpi, seed=3)
    regions = find_cards(image)
    assert [r.method for r in regions] == ["copy", "copy"]
    for region, quad in zip(regions, truth, strict=True):  # reading order: top then bottom, or left then right
        assert _iou(region.quad, quad) >= 0.9


def test_one_side_on_a_copy() -> None:
    image, truth = copy_page("cccd_2021", "single", dpi=220, seed=5)
    regions = find_cards(image)
    assert len(regions) == 1
    assert _iou(regions[0].quad, truth[0]) >= 0.9


def test_copy_without_a_visible_outline() -> None:
    """Only the content is left: the card is placed around it with the ID-1 aspect ratio and typical margins."""
    image, truth = copy_page("cccd_2021", "vertical", outline=False, dpi=300, seed=7)
    regions = find_cards(image)
    assert len(regions) == 2
    for region, quad in zip(regions, truth, strict=True):
        assert _iou(region.quad, quad) >= 0.8


@pytest.mark.parametrize(
    ("kind", "dpi"), [("letter", 300), ("official", 200), ("short", 250), ("signed", 300), ("signed", 200)]
)
def test_text_page_has_no_card(kind: str, dpi: int) -> None:
    image = text_page(kind, dpi)
    regions = find_cards(image)
    assert [r.method for r in regions] == ["frame"]
