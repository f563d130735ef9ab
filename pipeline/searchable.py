"""Searchable PDF and plain text of any paper document: file → pages → cleaned pages → OCR → one PDF.

Each page of the input (:mod:`pipeline.load`, after :mod:`pipeline.preflight`) is cleaned
(:func:`pipeline.cleaning.page.clean_page`: upright whatever the scan's orientation, straight, flat; a two-page
spread gives two pages), then read by ONE Tesseract process that writes both its PDF text layer (Tesseract's own
renderer, ``textonly_pdf``) and its plain text (:meth:`pipeline.ocr.tesseract.TesseractEngine.read_pdf`), so the text
returned is exactly the PDF's layer. Tesseract reads the grey, evenly lit ``ocr_image``; the PDF page shows the
colour ``image`` (JPEG, same geometry) under that invisible layer: the archival copy keeps the stamps' colour and the
dotted leaders, the text layer has neither the leaders' junk nor the shadows' errors. The pages are put together
by :func:`pipeline.archive.assemble`, as for the archival copy of ``sohoa extract --pdf``.

A PDF page's size is its pixels over its resolution: ``settings.pdf_dpi`` for pages of a PDF that were not photos,
otherwise the resolution an A4 page of that many pixels would have (clamped to 72–600 dpi).
Errors are the contract's (:mod:`models.errors`): input errors from preflight and load, OCR errors from the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pipeline.archive import ArchivePage, a4_dpi, assemble
from pipeline.cleaning.page import CleanPage, clean_page
from pipeline.load import iter_pages, read_input
from pipeline.ocr.engine import OcrEngine
from sohoa.settings import Settings


@dataclass(frozen=True)
class SearchablePage:
    """One output page: its text (no trailing form feed) and where it came from."""

    text: str
    source_page: int  # 1-based page of the input file
    half: str | None  # "left"/"right" for a two-page spread
    rotation: int
    skew_deg: float
    from_photo: bool
    dpi: int


@dataclass(frozen=True)
class Searchable:
    name: str
    pages: tuple[SearchablePage, ...]
    pdf: bytes

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.pages]

    @property
    def text(self) -> str:
        """Every page's text, pages separated by a form feed (what ``sohoa ocr`` prints)."""
        return "\f".join(self.texts)


def page_dpi(clean: CleanPage, is_pdf: bool, settings: Settings) -> int:
    if is_pdf and not clean.from_photo and clean.half is None:
        return settings.pdf_dpi
    return a4_dpi(clean.image)


def make_searchable(
    source: str | os.PathLike[str] | bytes,
    engine: OcrEngine,
    settings: Settings | None = None,
    name: str | None = None,
) -> Searchable:
    """Read ``source`` (a path or raw bytes) into text per page and one searchable PDF (module docstring)."""
    settings = settings or Settings()
    pre = read_input(source, name, settings)
    archive: list[ArchivePage] = []
    pages: list[SearchablePage] = []
    for number, image in enumerate(iter_pages(pre, settings), start=1):
        for clean in clean_page(image, engine):
            dpi = page_dpi(clean, pre.kind == "pdf", settings)
            layer = engine.read_pdf(clean.ocr_image, dpi=dpi, text_only=True)
            archive.append(ArchivePage(number, clean.image, layer.pdf, dpi))
            text = layer.text.rstrip("\f").rstrip()
            pages.append(
                SearchablePage(text, number, clean.half, clean.rotation, clean.skew_deg, clean.from_photo, dpi)
            )
    return Searchable(pre.name, tuple(pages), assemble(archive))
