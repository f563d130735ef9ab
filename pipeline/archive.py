"""The searchable archival copy of a processed file: every page, cleaned, with its invisible OCR text layer.

What a back office keeps beside the JSON. A page read as a paper shows its cleaned page (upright, straight, flat;
the two halves of a spread as two pages) under the text layer that came from the same Tesseract process as its
words (:func:`pipeline.paper.read_paper_pages` with a layer); a card shows its straightened card under its layer; a
page where nothing was found shows the page as loaded, without text. Pages keep the file's order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from pypdf import PdfReader, PdfWriter

from models.errors import OcrError
from pipeline.searchable import add_overlaid_page, image_page

CARD_WIDTH_IN = 85.6 / 25.4


@dataclass(frozen=True)
class ArchivePage:
    number: int  # 1-based page of the input file
    image: np.ndarray  # what the PDF page shows (BGR or grey)
    layer: bytes | None  # Tesseract's text-only one-page PDF of the same size, or None (a picture only)
    dpi: int


def card_dpi(card: np.ndarray) -> int:
    """The resolution of a straightened card image (its width is the card's 85.6 mm)."""
    return max(72, round(int(card.shape[1]) / CARD_WIDTH_IN))


def assemble(pages: list[ArchivePage]) -> bytes:
    """One PDF of ``pages`` in file order (stable: a spread's halves stay left then right)."""
    writer = PdfWriter()
    for page in sorted(pages, key=lambda p: p.number):
        if page.layer is None:
            try:
                writer.add_page(PdfReader(io.BytesIO(image_page(page.image, page.dpi))).pages[0])
            except Exception as exc:  # PIL's PDF that pypdf cannot read: not the input's fault
                raise OcrError(f"cannot assemble the archival page ({type(exc).__name__})") from exc
        else:
            add_overlaid_page(writer, page.image, page.layer, page.dpi)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
