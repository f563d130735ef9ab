"""One page image of a paper → cleaned page(s), OCR words, and which document type and page role it is.

A page is cleaned first (:func:`pipeline.cleaning.page.clean_page`: sheet found and flattened, upright, deskewed,
even light, dotted leaders removed; a spread of two pages is split), then read once by Tesseract, then classified
against every page role of every paper template (the 2014 land form has four printed pages that look nothing
alike; a certificate has one). Grouping pages into documents is :mod:`pipeline.grouping`'s job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from extractors.labels import LineIndex
from extractors.spec import Template
from models.ocr import Page
from pipeline.classify import Classification, classify, index_lines, margin_confidence
from pipeline.cleaning.page import CleanPage, clean_page
from pipeline.codes import QrCode, decode_qr
from pipeline.ocr.engine import PAGE, OcrEngine

#: Classification keys are ``"<type>#<role>"``.
ROLE_SEP = "#"


@dataclass(frozen=True)
class TextLayer:
    """Tesseract's invisible text layer of one cleaned page (a one-page PDF of ``dpi``), from the same recognition as
    the page's words: laid over the cleaned page's picture it makes the searchable archival copy."""

    pdf: bytes
    dpi: int


@dataclass(frozen=True)
class PaperRead:
    clean: CleanPage
    page: Page
    lines: list[LineIndex]
    classification: Classification  # type and confidence of the document type
    role: int  # which printed page of its type (1 for single-page papers)
    qr: list[QrCode]
    layer: TextLayer | None = None  # the page's searchable-PDF text layer, when one was asked for

    @property
    def type(self) -> str:
        return self.classification.type


def role_templates(templates: dict[str, Template]) -> dict[str, Template]:
    """One pseudo-template per (paper type, page role): the type's anchors plus the role's, and the role's fields.

    A single-page paper is its own role 1. The pseudo-templates only classify; extraction uses the real ones.
    """
    out: dict[str, Template] = {}
    for name, template in templates.items():
        if not template.pages:
            out[f"{name}{ROLE_SEP}1"] = template
            continue
        for page in template.pages:
            anchors = (*template.anchors, *page.anchors)
            fields = template.page_fields(page.role)
            out[f"{name}{ROLE_SEP}{page.role}"] = template.model_copy(update={"anchors": anchors, "fields": fields})
    return out


def read_paper_pages(
    image: np.ndarray,
    engine: OcrEngine,
    roles: dict[str, Template],
    layer_dpi: Callable[[CleanPage], int] | None = None,
) -> list[PaperRead]:
    """Every printed page in ``image`` (two for a spread), cleaned, read and classified.

    With ``layer_dpi`` each page is read by :meth:`~pipeline.ocr.engine.OcrEngine.read_pdf` instead: one Tesseract
    process gives both the words and the page's searchable-PDF text layer (shown at the resolution ``layer_dpi`` says).
    """
    reads: list[PaperRead] = []
    for clean in clean_page(image, engine):
        layer: TextLayer | None = None
        if layer_dpi is None:
            page = engine.read(clean.ocr_image, PAGE)
        else:
            # Recognition at the engine's resolution, as in a plain read (same words, same confidences); the
            # archival page takes the page's own resolution and the layer is scaled onto it.
            pdf_page = engine.read_pdf(clean.ocr_image, PAGE, text_only=True)
            page, layer = pdf_page.page, TextLayer(pdf_page.pdf, layer_dpi(clean))
        lines = index_lines(page)
        qr = decode_qr(clean.image)
        by_role = classify(lines, roles, has_qr=bool(qr))
        doc_type, _, role = by_role.type.partition(ROLE_SEP)
        scores: dict[str, float] = {}
        for key, score in by_role.scores.items():
            t = key.partition(ROLE_SEP)[0]
            scores[t] = max(scores.get(t, float("-inf")), score)
        confidence = margin_confidence(scores, doc_type) if doc_type != "unknown" else 0.0
        typed = Classification(doc_type, by_role.score, confidence, scores)
        reads.append(PaperRead(clean, page, lines, typed, int(role or 1), qr, layer))
    return reads
