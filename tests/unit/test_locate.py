"""Card location: synthetic cards drawn here with OpenCV (no Tesseract, no generator fonts).

A card is a pale ID-1 rectangle with rounded corners, a portrait block and dark text bars, warped onto a background
with a known homography, so its true corners are known exactly.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from pipeline.cleaning.locate import CANONICAL_SIZE, CARD_ASPECT, find_cards, order_corners, side_lengths, warp

CARD_W, CARD_H = 1012, 638
RADIUS = 38  # ID-1 corner radius (3.18 mm) at this size


def _card(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Canonical card image (BGR) and its rounded-corner alpha mask."""
    rng = np.random.default_rng(seed)
    card = np.empty((CARD_H, CARD_W, 3), np.uint8)
    card[:] = (238, 226, 210)  # pale blue-grey, like a chip card's background
    cv2.rectangle(card, (60, 150), (290, 460), (120, 120, 125), -1)  # portrait
    for row in range(8):
        y = 150 + row * 45
        width = int(rng.integers(200, 600))
        cv2.rectangle(card, (340, y), (340 + width, y + 18), (40, 40, 40), -1)
    cv2.putText(card, "CAN CUOC", (360, 100), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 200), 4)
    alpha = np.zeros((CARD_H, CARD_W), np.uint8)
    cv2.rectangle(alpha, (RADIUS, 0), (CARD_W - 1 - RADIUS, CARD_H - 1), 255, -1)
    cv2.rectangle(alpha, (0, RADIUS), (CARD_W - 1, CARD_H - 1 - RADIUS), 255, -1)
    for cx, cy in ((RADIUS, RADIUS), (CARD_W - 1 - RADIUS, RADIUS), (RADIUS, CARD_H - 1 - RADIUS)):
        cv2.circle(alpha, (cx, cy), RADIUS, 255, -1)
    cv2.circle(alpha, (CARD_W - 1 - RADIUS, CARD_H - 1 - RADIUS), RADIUS, 255, -1)
    return card, alpha


def _place(
    canvas: np.ndarray, centre: tuple[float, float], width: float, angle_deg: float, seed: int = 0
) -> np.ndarray:
    """Warp a card onto ``canvas`` (in place); returns its true quad (TL, TR, BR, BL of the upright card)."""
    card, alpha = _card(seed)
    scale = width / CARD_W
    a = np.radians(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    corners = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], np.float64)
    quad = (corners - [CARD_W / 2, CARD_H / 2]) @ rot.T * scale + centre
    hom = cv2.getPerspectiveTransform(corners.astype(np.float32), quad.astype(np.float32))
    size = (canvas.shape[1], canvas.shape[0])
    warped = cv2.warpPerspective(card, hom, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(alpha, hom, size, flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255.0
    canvas[:] = (canvas * (1 - mask) + warped * mask).astype(np.uint8)
    return quad


def _photo(background: tuple[int, int, int], size: tuple[int, int] = (1600, 1200)) -> np.ndarray:
    w, h = size
    image = np.empty((h, w, 3), np.uint8)
    image[:] = background
    noise = np.random.default_rng(1).normal(0, 2.0, (h, w, 1))
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    union = cv2.contourArea(a.astype(np.float32)) + cv2.contourArea(b.astype(np.float32)) - inter
    return float(inter / union)


@pytest.mark.parametrize(("background", "angle"), [((60, 90, 130), 7.0), ((235, 235, 235), -4.0), ((25, 25, 25), 95.0)])
def test_card_on_plain_background(background: tuple[int, int, int], angle: float) -> None:
    image = _photo(background)
    truth = _place(image, (820, 590), 900, angle)
    regions = find_cards(image)
    assert len(regions) == 1
    assert regions[0].method != "frame"
    assert _iou(regions[0].quad, truth) >= 0.95


def test_two_cards_side_by_side_in_reading_order() -> None:
    image = _photo((240, 240, 238), (2400, 900))
    left = _place(image, (620, 450), 1000, 1.5, seed=1)
    right = _place(image, (1780, 470), 1000, -1.0, seed=2)
    regions = find_cards(image)
    assert len(regions) == 2
    assert _iou(regions[0].quad, left) >= 0.9
    assert _iou(regions[1].quad, right) >= 0.9


def test_blank_image_gives_the_frame() -> None:
    image = _photo((128, 128, 128), (1200, 900))
    regions = find_cards(image)
    assert [r.method for r in regions] == ["frame"]
    np.testing.assert_allclose(regions[0].quad, [[0, 0], [1199, 0], [1199, 899], [0, 899]])


def test_card_filling_the_frame_gives_the_frame_or_the_frame_quad() -> None:
    card, _ = _card()
    regions = find_cards(card)
    assert len(regions) == 1
    frame = np.array([[0, 0], [CARD_W - 1, 0], [CARD_W - 1, CARD_H - 1], [0, CARD_H - 1]], np.float32)
    assert regions[0].method == "frame" or _iou(regions[0].quad, frame) >= 0.95


def test_card_cut_off_by_the_frame_is_extrapolated() -> None:
    image = _photo((60, 90, 130))
    truth = _place(image, (1600 - 200, 600), 900, 0.0)  # the right 250 px of the card lie outside
    regions = find_cards(image)
    assert regions[0].method != "frame"
    assert regions[0].quad[:, 0].max() > 1600  # corners beyond the frame: the card goes on outside
    assert _iou(regions[0].quad, truth) >= 0.9


def test_portrait_card_warps_to_landscape() -> None:
    image = np.zeros((1000, 800, 3), np.uint8)
    x0, y0, x1, y1 = 200, 183, 600, 817  # a portrait card, 400 × 634
    image[y0:y1, x0:x1] = 200
    image[y0 : y0 + 60, x0 : x0 + 60] = (0, 0, 255)  # a red mark at its top-left
    quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    out = warp(image, quad)
    assert out.shape == (CANONICAL_SIZE[1], CANONICAL_SIZE[0], 3)
    assert (out[5:-5, 5:-5] > 0).any(axis=2).all()  # the card fills the output: nothing of the black outside
    assert tuple(out[730, 20]) == (0, 0, 255)  # turned a quarter counter-clockwise: its top-left is now bottom-left
    assert tuple(out[20, 20]) == (200, 200, 200)


def test_order_corners_on_shuffled_points() -> None:
    a = np.radians(20)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    expected = (np.array([[0, 0], [300, 0], [300, 190], [0, 190]], np.float64) - [150, 95]) @ rot.T + [400, 300]
    for perm in itertools.permutations(range(4)):
        np.testing.assert_allclose(order_corners(expected[list(perm)]), expected, atol=1e-4)


def test_side_lengths_and_aspect() -> None:
    quad = np.array([[0, 0], [856, 0], [856, 540], [0, 540]], np.float32)
    horizontal, vertical = side_lengths(quad)
    assert horizontal == pytest.approx(856)
    assert vertical == pytest.approx(540)
    assert horizontal / vertical == pytest.approx(CARD_ASPECT, rel=0.01)
