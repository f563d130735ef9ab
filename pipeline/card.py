"""One card region → straightened, upright card image, its OCR words, its type and its QR codes.

The region is warped to the canonical landscape size; text then runs along the long side, so only 0° and
180° remain. The card is read upright first; when the reading does not clearly identify a card (few anchors,
little confident text), it is read again turned 180° and the better reading wins. A region that is the whole
frame (nothing card-like was found: a cropped card, a screenshot, a page) is read as it is, in the
orientation that reads best.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.labels import LineIndex
from extractors.spec import Template
from models.ocr import Page
from pipeline.classify import Classification, classify, classify_by_layout, index_lines
from pipeline.cleaning import enhance
from pipeline.cleaning.locate import CANONICAL_SIZE, Region, warp
from pipeline.codes import QrCode, decode_qr, qr_present
from pipeline.ocr.engine import PAGE, OcrEngine

CLEAR_SCORE = 6.0  # a classification at least this strong is not re-read upside down
_MAX_FRAME_SIDE = 1800


@dataclass(frozen=True)
class CardRead:
    image: np.ndarray  # the straightened, upright card (BGR); field boxes are in its pixels
    ocr_image: np.ndarray  # the same card as Tesseract reads it (grey, even lighting; same geometry)
    page: Page
    lines: list[LineIndex]
    classification: Classification
    qr: list[QrCode]
    region: Region
    rotation: int  # degrees clockwise the straightened image was turned to read upright


def has_mrz_text(lines: list[LineIndex]) -> bool:
    """A line of the general OCR that looks like an MRZ line (fillers or the VN card header)."""
    for idx in lines:
        text = idx.line.text.replace(" ", "")
        if text.count("<") >= 5 or "IDVNM" in text.upper():
            return True
    return False


def _prepare(image: np.ndarray, region: Region) -> np.ndarray:
    if region.method != "frame":
        return warp(image, region.quad, CANONICAL_SIZE)
    h, w = image.shape[:2]
    scale = min(1.0, _MAX_FRAME_SIDE / max(h, w))
    if max(h, w) < CANONICAL_SIZE[0] * 0.9:
        scale = CANONICAL_SIZE[0] / max(h, w)
    if scale != 1.0:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return image


_ROTATIONS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _turn(image: np.ndarray, degrees: int) -> np.ndarray:
    return image if degrees == 0 else cv2.rotate(image, _ROTATIONS[degrees])


def _text_quality(page: Page) -> float:
    words = [w for w in page.words if len(w.text) >= 2]
    if not words:
        return 0.0
    return sum(1 for w in words if w.confidence >= 0.8) / len(words) * min(1.0, len(words) / 25)


def _read(
    image: np.ndarray, engine: OcrEngine, templates: dict[str, Template], has_qr: bool
) -> tuple[Page, list[LineIndex], Classification, float]:
    page = engine.read(image, PAGE)
    lines = index_lines(page)
    cls = classify(lines, templates, has_mrz=has_mrz_text(lines), has_qr=has_qr)
    return page, lines, cls, cls.score + 4.0 * _text_quality(page)


def read_card(
    image: np.ndarray, region: Region, engine: OcrEngine, templates: dict[str, Template], original_crop: np.ndarray
) -> CardRead:
    card = _prepare(image, region)
    qr = decode_qr(card, original_crop)
    has_qr = bool(qr) or qr_present(card)
    ocr_card = enhance.for_ocr(card)
    h, w = card.shape[:2]
    # Straightened cards are landscape: only 0° or 180°. A whole-frame portrait image may be a card on its side.
    turns = [0, 180] if w >= h else [0, 90, 270, 180]
    best: tuple[float, int, Page, list[LineIndex], Classification] | None = None
    reads: list[tuple[float, int, Page, list[LineIndex], Classification]] = []
    for degrees in turns:
        page, lines, cls, quality = _read(_turn(ocr_card, degrees), engine, templates, has_qr)
        reads.append((quality, degrees, page, lines, cls))
        if best is None or quality > best[0]:
            best = reads[-1]
        if cls.type != "unknown" and cls.score >= CLEAR_SCORE:
            break
    assert best is not None
    _, degrees, page, lines, cls = best
    if cls.type == "unknown" and region.method != "frame":
        # A card-shaped region whose labels did not read: where its values sit may still tell the type.
        for _q, deg, pg, ln, _ in sorted(reads, key=lambda r: -r[0]):
            by_layout = classify_by_layout(pg, templates)
            if by_layout.type != "unknown":
                degrees, page, lines, cls = deg, pg, ln, by_layout
                break
    card, ocr_card = _turn(card, degrees), _turn(ocr_card, degrees)
    if degrees:
        qr = decode_qr(card, None) or qr
    return CardRead(card, ocr_card, page, lines, cls, qr, region, degrees)
