"""The OCR engine interface the rest of sohoa codes against.

``OcrEngine`` has one real implementation (:mod:`pipeline.ocr.tesseract`, the only place that starts
Tesseract) and a recorded one for unit tests (:class:`RecordedEngine`). Every method returns the shared
OCR tree (:mod:`models.ocr`) with boxes in the coordinates of the image that was passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from models.geometry import BBox
from models.ocr import Page

DIGITS = "0123456789"
DATE_CHARS = "0123456789/-."
MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


@dataclass(frozen=True)
class OcrOptions:
    """How to read one image or zone.

    ``psm`` is Tesseract's page segmentation mode (3 auto, 4 single column, 6 block, 7 single line,
    11 sparse text); ``whitelist`` restricts the characters; ``lang`` overrides the engine's language
    (``eng`` for the MRZ alphabet); ``scale`` enlarges small zones before reading.
    """

    psm: int = 3
    whitelist: str | None = None
    lang: str | None = None
    scale: float = 1.0


PAGE = OcrOptions(psm=3)
BLOCK = OcrOptions(psm=6)
LINE = OcrOptions(psm=7)
DIGIT_LINE = OcrOptions(psm=7, whitelist=DIGITS, scale=1.5)
DATE_LINE = OcrOptions(psm=7, whitelist=DATE_CHARS, scale=1.5)
NUMERIC_LINE = DATE_LINE  # ID numbers and dates re-read together: one whitelist, one Tesseract call
# The OCR-B model of DoubangoTelecom/tesseractMRZ (BSD-3), installed by scripts/install-mrz-model.sh: the stock
# `eng` model reads runs of `<` as K/X/6, which spoils name lines that no check digit covers.
MRZ_BLOCK = OcrOptions(psm=6, whitelist=MRZ_CHARS, lang="mrz")


@dataclass(frozen=True)
class Osd:
    """Tesseract's orientation and script detection of a page.

    ``rotate`` is how many degrees (0, 90, 180 or 270) the image must be turned *clockwise* to stand upright;
    ``confidence`` is Tesseract's orientation confidence (about 2 and more is reliable on a page of text).
    """

    rotate: int
    confidence: float


@dataclass(frozen=True)
class PdfPage:
    """One page as Tesseract's PDF renderer wrote it (``pdf``: a one-page PDF), the same read as plain text, and as
    words with boxes (``page``): one recognition, three renderings."""

    pdf: bytes
    text: str
    page: Page


class OcrEngine(Protocol):
    def read(self, image: np.ndarray, options: OcrOptions = PAGE) -> Page:
        """Words of the whole image, boxes in its pixels."""
        ...

    def read_zones(self, image: np.ndarray, zones: list[BBox], options: OcrOptions) -> list[Page]:
        """Words of each zone, boxes shifted back to ``image`` pixels; one Page per zone, in order."""
        ...

    def osd(self, image: np.ndarray) -> Osd | None:
        """Orientation of a page of text; None when there is too little text to tell."""
        ...

    def read_pdf(
        self, image: np.ndarray, options: OcrOptions = PAGE, *, dpi: int | None = None, text_only: bool = False
    ) -> PdfPage:
        """Words of the whole image and, from the same recognition, a one-page searchable PDF and its text."""
        ...


class RecordedEngine:
    """A fake engine for unit tests: returns recorded pages, and empty pages for zones.

    ``zone_pages`` maps a zone index to what a zone read should return (boxes in page pixels); ``osd_result`` is
    what :meth:`osd` returns (None: too little text).
    """

    def __init__(self, page: Page, zone_pages: dict[int, Page] | None = None, osd_result: Osd | None = None) -> None:
        self.page = page
        self.zone_pages = zone_pages or {}
        self.osd_result = osd_result
        self.calls: list[str] = []

    def read(self, image: np.ndarray, options: OcrOptions = PAGE) -> Page:
        self.calls.append(f"read psm={options.psm}")
        return self.page

    def read_zones(self, image: np.ndarray, zones: list[BBox], options: OcrOptions) -> list[Page]:
        self.calls.append(f"zones n={len(zones)} psm={options.psm}")
        h, w = image.shape[:2]
        return [self.zone_pages.get(i, Page(w, h)) for i in range(len(zones))]

    def osd(self, image: np.ndarray) -> Osd | None:
        self.calls.append("osd")
        return self.osd_result

    def read_pdf(
        self, image: np.ndarray, options: OcrOptions = PAGE, *, dpi: int | None = None, text_only: bool = False
    ) -> PdfPage:
        self.calls.append(f"read_pdf psm={options.psm}")
        return PdfPage(b"", "\n".join(line.text for line in self.page.lines), self.page)
