"""A card lying on a desk vs a card-like block of a paper page (no Tesseract)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.cleaning.locate import Region
from pipeline.process import card_on_desk


def region(x0: int, y0: int, x1: int, y1: int, method: str = "lines") -> Region:
    return Region(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32), 1.0, method)


def test_a_card_on_a_dark_desk() -> None:
    image = np.full((1600, 1200, 3), (90, 60, 40), np.uint8)
    cv2.rectangle(image, (200, 300), (900, 740), (235, 235, 235), -1)
    assert card_on_desk(image, [region(200, 300, 900, 740)])


def test_a_block_of_a_white_page_is_not_on_a_desk() -> None:
    image = np.full((2400, 1700, 3), 245, np.uint8)
    for y in range(100, 2300, 60):
        cv2.line(image, (100, y), (1600, y), (30, 30, 30), 3)
    assert not card_on_desk(image, [region(300, 800, 1400, 1500)])


def test_a_region_filling_most_of_the_photo_is_not_on_a_desk() -> None:
    image = np.full((1600, 1200, 3), (90, 60, 40), np.uint8)
    assert not card_on_desk(image, [region(50, 100, 1150, 1300)])


def test_the_whole_frame_is_not_a_card_on_a_desk() -> None:
    image = np.full((1600, 1200, 3), (90, 60, 40), np.uint8)
    assert not card_on_desk(image, [region(0, 0, 1199, 1599, method="frame")])


def test_cards_filling_an_a4_page_make_it_a_page_to_read_as_paper() -> None:
    from pipeline.process import filled_page

    page = np.full((3508, 2480, 3), 250, np.uint8)
    halves = [region(60, 100, 2420, 1700), region(60, 1800, 2420, 3400)]
    assert filled_page(page, halves)
    assert not filled_page(page, [region(200, 300, 1056, 840)])  # one card copied on the page
    pair = np.full((1000, 2600, 3), 250, np.uint8)  # two cards side by side, not A4-shaped
    assert not filled_page(pair, [region(20, 100, 1280, 900), region(1320, 100, 2580, 900)])
