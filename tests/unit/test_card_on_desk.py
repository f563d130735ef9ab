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
