"""Telling a card's type from where its values sit, when OCR lost every label (no Tesseract)."""

from __future__ import annotations

from extractors.spec import load_templates
from models.geometry import BBox
from models.ocr import Page, Word, group_lines
from pipeline.classify import LAYOUT_CONFIDENCE, classify_by_layout

W, H = 1200, 757


def at(fx: float, fy: float, *texts: str) -> list[Word]:
    """Words of one row starting at fractions (fx, fy) of the card, 15 px per character."""
    words, x = [], int(fx * W)
    for text in texts:
        words.append(Word(text, BBox(x, int(fy * H) - 12, x + 15 * len(text), int(fy * H) + 12), 0.9))
        x += 15 * len(text) + 12
    return words


def page(*rows: list[Word]) -> Page:
    return Page(W, H, group_lines([w for row in rows for w in row]))


# A blurred Căn cước 2024 front: labels are noise, the values are where that card prints them.
BLURRED_2024 = (
    at(0.29, 0.40, "%3", "vợ:", "dan", "cá", "“Pa,"),
    at(0.29, 0.45, "072079110056"),
    at(0.29, 0.53, "4:", "(060", "đệm", "vệ"),
    at(0.29, 0.58, "PHAN", "QUANG", "NGHĨA"),
    at(0.29, 0.67, "Mgày", "cứng", "13/11/1979"),
    at(0.29, 0.76, "Qua", "d", "Nam"),
)


def test_values_in_the_2024_zones_tell_a_2024_front() -> None:
    cls = classify_by_layout(page(*BLURRED_2024), load_templates())
    assert cls.type == "can_cuoc_2024_front"
    assert cls.confidence == LAYOUT_CONFIDENCE
    assert cls.scores["can_cuoc_2024_front"] > cls.scores["cccd_2021_front"]


def test_no_id_number_no_type() -> None:
    rows = [r for r in BLURRED_2024 if r[0].text != "072079110056"]
    assert classify_by_layout(page(*rows), load_templates()).type == "unknown"


def test_too_few_values_no_type() -> None:
    assert classify_by_layout(page(BLURRED_2024[1], BLURRED_2024[3]), load_templates()).type == "unknown"
