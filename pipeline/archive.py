"""The searchable archival copy of a processed file: every page, cleaned, with its invisible OCR text layer.

What a back office keeps beside the JSON. A page read as a paper shows its cleaned page (upright, straight, flat;
the two halves of a spread as two pages) under the text layer that came from the same Tesseract process as its
words (:func:`pipeline.paper.read_paper_pages` with a layer); a card shows its straightened card under its layer; a
page where nothing was found shows the page as loaded, without text. Pages keep the file's order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation

from models.errors import OcrError

CARD_WIDTH_IN = 85.6 / 25.4
A4_LONG_IN = 297 / 25.4
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ArchivePage:
    number: int  # 1-based page of the input file
    image: np.ndarray  # what the PDF page shows (BGR or grey)
    layer: bytes | None  # Tesseract's text-only one-page PDF of the same size, or None (a picture only)
    dpi: int


def card_dpi(card: np.ndarray) -> int:
    """The resolution of a straightened card image (its width is the card's 85.6 mm)."""
    return max(72, round(int(card.shape[1]) / CARD_WIDTH_IN))


def a4_dpi(image: np.ndarray) -> int:
    """The resolution an A4 page of this many pixels has (its long side is 297 mm), clamped to 72–600 dpi."""
    return int(min(600, max(72, round(max(image.shape[:2]) / A4_LONG_IN))))


def image_page(image: np.ndarray, dpi: int) -> bytes:
    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB) if image.ndim == 3 else image
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PDF", resolution=float(dpi), quality=JPEG_QUALITY)
    return buf.getvalue()


def add_overlaid_page(writer: PdfWriter, image: np.ndarray, text_layer_pdf: bytes, dpi: int) -> None:
    """Append to ``writer`` a page showing ``image`` at ``dpi`` with Tesseract's text-only page of the same pixels laid
    over it (scaled when Tesseract wrote it at another resolution)."""
    try:
        page = writer.add_page(PdfReader(io.BytesIO(image_page(image, dpi))).pages[0])
        layer = PdfReader(io.BytesIO(text_layer_pdf)).pages[0]
        sx = float(page.mediabox.width) / float(layer.mediabox.width)
        sy = float(page.mediabox.height) / float(layer.mediabox.height)
        if abs(sx - 1.0) < 1e-3 and abs(sy - 1.0) < 1e-3:
            page.merge_page(layer)
        else:  # a layer recognised at another resolution: the same pixels, a page of another size in points
            page.merge_transformed_page(layer, Transformation().scale(sx, sy))
    except Exception as exc:  # Tesseract's or PIL's PDF that pypdf cannot read: not the input's fault
        raise OcrError(f"cannot assemble the searchable page ({type(exc).__name__})") from exc


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
