"""The unit of work: one input file → one contract Result. The CLI, the flows and the API all call this.

Stages, in order (each timed in ``timings_ms``):

1. ``preflight`` — bytes, SHA-256, real type, limits (:mod:`pipeline.preflight`);
2. ``load`` — page images, EXIF orientation (:mod:`pipeline.load`);
3. ``locate`` — cards in each page, straightened (:mod:`pipeline.cleaning.locate`);
4. ``quality`` — blur, glare, brightness, resolution, cut-off (:mod:`pipeline.quality`);
5. ``ocr`` — words with boxes, orientation, classification (:mod:`pipeline.card`);
6. ``extract`` — fields, QR, MRZ, validators, statuses (:mod:`extractors.card_document`);
7. ``crosscheck`` — front and back of one card in the same file checked against each other.

Input errors become ``Result.error`` with the contract's code; nothing escapes for one bad file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import cv2
import numpy as np

from extractors.card_document import build_document
from extractors.crosscheck import crosscheck
from extractors.paper_document import PaperPage, build_paper_document
from extractors.spec import Template, load_templates
from models.errors import NoDocumentFound, SohoaError
from models.ocr import Page
from models.results import Document, ErrorInfo, Quality, Result
from pipeline import quality as quality_gate
from pipeline.archive import ArchivePage, a4_dpi, assemble, card_dpi
from pipeline.card import CLEAR_SCORE, CardRead, read_card
from pipeline.classify import classify
from pipeline.cleaning import enhance
from pipeline.cleaning.locate import Region, find_cards
from pipeline.cleaning.page import CleanPage
from pipeline.grouping import group_pages
from pipeline.load import iter_pages, read_input
from pipeline.ocr.engine import PAGE, OcrEngine
from pipeline.ocr.tesseract import TesseractEngine
from pipeline.paper import PaperRead, read_paper_pages, role_templates
from pipeline.searchable import page_dpi
from sohoa.settings import Settings

log = logging.getLogger("sohoa.process")
MIN_WORDS = 4  # fewer confident words than this on a page and no known document: "no document found"
SURE_CLASSIFICATION = 0.9  # under this, a close runner-up of the same side is extracted too and the dates decide
RIVAL_MARGIN = 2.5


@dataclass
class Timer:
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + (time.perf_counter() - start) * 1000

    def as_ms(self, total_ms: float) -> dict[str, int]:
        out = {"total": round(total_ms)}
        out.update({k: round(v) for k, v in self.timings.items()})
        return out


@dataclass
class Outcome:
    """A Result and the cleaned images its boxes refer to: ``pages[i]`` maps each file page of
    ``result.documents[i]`` to its cleaned image (the straightened, upright card; a paper's page, a spread's two
    halves side by side; BGR), ``images[i]`` is that of its first page. Storage keeps them for field crops and the
    review UI."""

    result: Result
    pages: list[dict[int, np.ndarray]] = field(default_factory=list)
    pdf: bytes | None = None  # the searchable archival copy (:mod:`pipeline.archive`), when one was asked for

    @property
    def images(self) -> list[np.ndarray]:
        return [pages[d.pages[0]] for d, pages in zip(self.result.documents, self.pages, strict=True)]


class Processor:
    """Holds what is expensive to set up (the OCR engine, the templates) and processes files one by one."""

    def __init__(
        self,
        settings: Settings,
        engine: OcrEngine | None = None,
        templates: dict[str, Template] | None = None,
        today: date | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine or TesseractEngine(
            lang=settings.ocr_lang, tesseract_cmd=settings.tesseract_cmd, timeout_s=settings.ocr_timeout_s
        )
        self.templates = templates or load_templates()
        self.card_templates = {k: t for k, t in self.templates.items() if t.family == "card"}
        self.paper_templates = {k: t for k, t in self.templates.items() if t.family == "paper"}
        self.role_templates = role_templates(self.paper_templates)
        self.today = today

    def process(self, source: str | Path | bytes, name: str | None = None) -> Result:
        return self.run(source, name).result

    def run(self, source: str | Path | bytes, name: str | None = None, pdf: bool | None = None) -> Outcome:
        """Like :meth:`process`, keeping the cleaned image of every document and, with ``pdf`` (default:
        ``settings.searchable_pdf``), the file's searchable archival copy."""
        want_pdf = self.settings.searchable_pdf if pdf is None else pdf
        label = name or (Path(source).name if not isinstance(source, bytes) else "input")
        started = time.perf_counter()
        timer = Timer()
        result = Result(file=label)
        outcome = Outcome(result)
        try:
            with timer.stage("preflight"):
                pre = read_input(source, label, self.settings)
            result.sha256 = pre.sha256
            archive: list[ArchivePage] | None = [] if want_pdf else None
            pages = iter_pages(pre, self.settings)
            outcome.pages = self._process_pages(pre.page_count, pages, result, timer, archive, pre.kind == "pdf")
            if archive is not None:
                with timer.stage("pdf"):
                    outcome.pdf = assemble(archive)
        except SohoaError as exc:
            result.documents, outcome.pages, outcome.pdf = [], [], None
            result.error = ErrorInfo(code=exc.code, message=exc.message)
            # File names can carry a person's name: logs name an input by the start of its hash only.
            log.info("rejected input %s: %s", (result.sha256 or "-")[:12], exc.code)
        except Exception as exc:  # an internal fault must not stop the other files of the call
            # The exception's type and where it happened; never its message, which may quote content.
            log.error("internal error on input %s: %s", (result.sha256 or "-")[:12], type(exc).__name__)
            log.debug("traceback of the internal error (debug only: may quote content)", exc_info=True)
            result.documents, outcome.pages, outcome.pdf = [], [], None
            result.error = ErrorInfo(code="internal_error", message="Lỗi nội bộ. / Internal error.")
        result.timings_ms = timer.as_ms((time.perf_counter() - started) * 1000)
        return outcome

    def _process_pages(
        self,
        page_count: int,
        pages: Iterator[np.ndarray],
        result: Result,
        timer: Timer,
        archive: list[ArchivePage] | None = None,
        is_pdf: bool = False,
    ) -> list[dict[int, np.ndarray]]:
        """Every page of a file → its documents (and, into ``archive`` when given, its searchable pages)."""
        today = self.today or date.today()
        settings = self.settings

        def layer_dpi(clean: CleanPage) -> int:
            return page_dpi(clean, is_pdf, settings)

        cards: list[tuple[Document, PageImages]] = []
        papers: list[tuple[int, PaperRead]] = []
        confident_words = 0
        page_iter = iter(pages)
        for number in range(1, page_count + 1):
            with timer.stage("load"):
                image = next(page_iter)
            with timer.stage("locate"):
                regions = find_cards(image)
            paper = looks_like_paper(image, regions)
            maybe, card_score = False, 0.0
            with timer.stage("quality"):
                quality = quality_gate.assess(image, None, card=False) if paper else self._quality(image, regions)
            if result.quality is None:
                result.quality = quality
            page_cards: list[tuple[Document, PageImages]] = []
            if not paper:
                card_reads: list[CardRead] = []
                for region in regions:
                    with timer.stage("ocr"):
                        card = read_card(image, region, self.engine, self.card_templates, _crop(image, region))
                    card_reads.append(card)
                # A block of a paper's text can look like a card; its words then read like a paper, not a card. A
                # weak card reading of a large page is checked against the page read as a paper: the stronger wins.
                big = max(image.shape[:2]) >= MIN_PAPER_SIDE
                paper = big and all(self._reads_as_paper(c) for c in card_reads)
                card_score = max(c.classification.score for c in card_reads)
                weak = card_score < CLEAR_SCORE or filled_page(image, regions)
                maybe = big and not paper and weak and not card_on_desk(image, regions)
                if not paper:
                    for card in card_reads:
                        confident_words += _confident(card.page)
                        with timer.stage("extract"):
                            page_cards.append((self._document(card, number, today), {number: card.image}))
            page_reads: list[PaperRead] = []
            if paper or maybe:
                with timer.stage("ocr"):
                    reads = read_paper_pages(
                        image, self.engine, self.role_templates, layer_dpi if archive is not None else None
                    )
                paper_score = max((r.classification.score for r in reads if r.type != "unknown"), default=None)
                if paper or (paper_score is not None and paper_score > card_score):
                    confident_words += sum(_confident(r.page) for r in reads)
                    if paper_score is not None or not page_cards:
                        papers.extend((number, r) for r in reads)
                        page_reads, page_cards = reads, []
            cards.extend(page_cards)
            if archive is not None:
                with timer.stage("pdf"):
                    archive.extend(self._archive_pages(number, image, page_reads, page_cards))
        with timer.stage("extract"):
            paper_docs = self._paper_documents(papers, today)
        known_cards = [(d, i) for d, i in cards if d.type != "unknown"]
        found = known_cards + [(d, i) for d, i in paper_docs if d.type != "unknown"]
        if not found and confident_words < MIN_WORDS:
            raise NoDocumentFound()
        with timer.stage("crosscheck"):
            crosscheck([d for d, _ in cards], today)
        # Unknown card regions beside a known card are noise; an unknown page of a dossier is kept for review.
        kept = known_cards + paper_docs if found else (cards + paper_docs)[:1]
        kept.sort(key=lambda di: di[0].pages[0])
        result.documents = [d for d, _ in kept]
        return [i for _, i in kept]

    def _archive_pages(
        self, number: int, image: np.ndarray, reads: list[PaperRead], cards: list[tuple[Document, PageImages]]
    ) -> list[ArchivePage]:
        """The searchable pages of one file page: its paper pages' layers, else its cards read for a layer (one more
        Tesseract process per card), else the page as loaded."""
        out = [ArchivePage(number, r.clean.image, r.layer.pdf, r.layer.dpi) for r in reads if r.layer is not None]
        for _, images in cards:
            card = images[number]
            layer = self.engine.read_pdf(enhance.for_ocr(card), PAGE, text_only=True)
            out.append(ArchivePage(number, card, layer.pdf, card_dpi(card)))
        if not out:
            out.append(ArchivePage(number, image, None, a4_dpi(image)))
        return out

    def _reads_as_paper(self, card: CardRead) -> bool:
        """Unknown as a card, or the OCR'd text of the region scores higher as a page of a paper than as a card."""
        if card.classification.type == "unknown":
            return True
        as_paper = classify(card.lines, self.role_templates)
        return as_paper.type != "unknown" and as_paper.score > card.classification.score

    def _paper_documents(self, papers: list[tuple[int, PaperRead]], today: date) -> list[tuple[Document, PageImages]]:
        counts = {name: max(1, len(t.pages)) for name, t in self.paper_templates.items()}
        groups = group_pages([(r.type, r.role, (n, r)) for n, r in papers], counts, sheets=[n for n, _ in papers])
        out: list[tuple[Document, PageImages]] = []
        for group in groups:
            first_number = group.items[0][0]
            if group.type == "unknown":
                doc = Document(type="unknown", pages=[first_number], confidence=0.0, needs_review=True)
                out.append((doc, {first_number: _file_page(papers, first_number)}))
                continue
            # A page of the group that was not recognised (role 0) counts among the document's pages, nothing more.
            pages = [
                PaperPage(
                    r.role if r.type == group.type else 0, n, r.clean.ocr_image, r.page, r.qr, _x_offset(papers, n, r)
                )
                for n, r in group.items
            ]
            confidence = min(r.classification.confidence for _, r in group.items if r.type == group.type)
            document = build_paper_document(
                self.paper_templates[group.type], pages, self.engine, classification_confidence=confidence, today=today
            )
            out.append((document, {n: _file_page(papers, n) for n in document.pages}))
        return out

    def _document(self, card: CardRead, page_number: int, today: date) -> Document:
        cls = card.classification
        if cls.type == "unknown":
            return Document(type="unknown", pages=[page_number], confidence=0.0, needs_review=True)
        document = self._build(card, cls.type, cls.confidence, page_number, today)
        rival = self._rival(cls.type, cls.scores) if cls.confidence < SURE_CLASSIFICATION else None
        if rival is not None:
            # Two generations of the same side look alike on a poor photo; the dates decide (a card issued in June
            # 2024 cannot be a Căn cước): keep the reading that breaks fewer rules.
            other = self._build(card, rival, cls.confidence, page_number, today)
            if _errors(other) < _errors(document):
                return other
        return document

    def _rival(self, doc_type: str, scores: dict[str, float]) -> str | None:
        """The runner-up type when it is the same side of another generation and scored close to the winner."""
        side = doc_type.rsplit("_", 1)[-1]
        ranked = sorted(((s, t) for t, s in scores.items() if t != doc_type), reverse=True)
        if not ranked:
            return None
        score, runner = ranked[0]
        close = score >= scores[doc_type] - RIVAL_MARGIN
        return runner if close and runner.endswith(f"_{side}") and runner in self.card_templates else None

    def _build(self, card: CardRead, doc_type: str, confidence: float, page_number: int, today: date) -> Document:
        return build_document(
            self.templates[doc_type],
            card.ocr_image,
            card.page,
            card.qr,
            self.engine,
            classification_confidence=confidence,
            page_number=page_number,
            today=today,
        )

    def _quality(self, image: np.ndarray, regions: list[Region]) -> Quality:
        main = regions[0]
        located = main.method != "frame"
        quality = quality_gate.assess(image, main.quad if located else None, card=located and main.method != "copy")
        if located:
            if quality_gate.region_cut_off(main.quad, image.shape):
                quality_gate.warn(quality, "document_cut_off")
            if quality_gate.region_too_small(main.quad, image.shape):
                quality_gate.warn(quality, "document_too_small")
        return quality


# A card reading under CLEAR_SCORE on a large image is also read as a paper page and the stronger reading wins
# (a lower bar, 3.0, or keeping it for PDFs only let paper scans be taken for cards: 3 of 30 JPEG scans), unless the
# cards lie on a desk (:func:`card_on_desk`): on card photos that check cost p95 2.80 s instead of 1.3 s.
MIN_PAPER_SIDE = 1400  # px: a page image smaller than this is not read as a paper (A4 at 150 dpi is 1754 px)
_CARD_ASPECT = 85.6 / 53.98
_A4_ASPECT = 297 / 210


def looks_like_paper(image: np.ndarray, regions: list[Region]) -> bool:
    """A large page where no card stands out (not shaped like a card cropped to its edges), or whose one region is
    a sheet: most of the image, with the proportions of A4 rather than of a card."""
    h, w = (int(v) for v in image.shape[:2])
    if max(h, w) < MIN_PAPER_SIDE:
        return False
    if regions[0].method == "frame":
        return abs(max(h, w) / max(1, min(h, w)) - _CARD_ASPECT) > 0.06
    if len(regions) == 1:
        quad = regions[0].quad
        area = float(cv2.contourArea(quad.astype(np.float32))) / (h * w)
        a, b = float(np.linalg.norm(quad[0] - quad[1])), float(np.linalg.norm(quad[1] - quad[2]))
        aspect = max(a, b) / max(1.0, min(a, b))
        return area >= 0.6 and abs(aspect - _A4_ASPECT) < 0.08
    return False


DESK_MAX_AREA = 0.52  # cards found cover less than this share of the image…
DESK_MAX_LIGHT = 0.8  # …and less than this share of the rest is paper-white: a card on a desk, not a page


def card_on_desk(image: np.ndarray, regions: list[Region]) -> bool:
    """Cards lying on a desk (a photo), not a block of a paper page: a weak card reading of such an image is not
    worth reading the whole image again as a paper.

    Measured on the bench corpora (``bench/corpus/cards`` photos, ``bench/corpus/papers`` scans and photos whose
    page was not found as a sheet): the 80 card photos have regions covering 7–51 % of the image and at most 52 %
    of the rest paper-white; the 26 paper images with card-like regions have either a region covering 54 % or more
    (photos) or 94 % or more of the rest paper-white (scans).
    """
    if not regions or regions[0].method == "frame":
        return False
    small = cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    mask = np.zeros(small.shape[:2], np.uint8)
    for region in regions:
        cv2.fillConvexPoly(mask, np.round(region.quad * 0.25).astype(np.int32), 255)
    inside = mask > 0
    if inside.mean() >= DESK_MAX_AREA or inside.all():
        return False
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    light = float((gray[~inside] > 170).mean())
    return light < DESK_MAX_LIGHT


FILLED_PAGE = 0.6  # "cards" covering this much of an A4-shaped image are more likely blocks of a paper's text


def filled_page(image: np.ndarray, regions: list[Region]) -> bool:
    """An image with A4's proportions whose "cards" cover most of it: the halves of a paper page can read as
    strong cards (a death extract's labels score as a Căn cước back), so the page is also read as a paper."""
    h, w = (int(v) for v in image.shape[:2])
    if abs(max(h, w) / max(1, min(h, w)) - _A4_ASPECT) > 0.06 or regions[0].method == "frame":
        return False
    return sum(r.area for r in regions) / float(h * w) >= FILLED_PAGE


PageImages = dict[int, np.ndarray]  # file page number → the cleaned image that boxes on that page refer to


def _file_page(papers: list[tuple[int, PaperRead]], number: int) -> np.ndarray:
    """The cleaned image of file page ``number``: a spread's two halves side by side (see :func:`_x_offset`)."""
    halves = [r.clean.image for n, r in papers if n == number]
    if len(halves) == 1:
        return halves[0]
    height = max(h.shape[0] for h in halves)
    padded = [
        cv2.copyMakeBorder(h, 0, height - h.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255)) for h in halves
    ]
    return np.hstack(padded)


def _confident(page: Page) -> int:
    return sum(1 for w in page.words if w.confidence >= 0.6 and len(w.text) > 1)


def _x_offset(papers: list[tuple[int, PaperRead]], number: int, read: PaperRead) -> int:
    """A spread's right half sits right of its left half in the cleaned file page."""
    if read.clean.half != "right":
        return 0
    return sum(int(r.clean.image.shape[1]) for n, r in papers if n == number and r.clean.half == "left")


def _errors(document: Document) -> int:
    return sum(1 for issue in document.issues if issue.severity == "error")


def _crop(image: np.ndarray, region: Region) -> np.ndarray:
    """The axis-aligned part of ``image`` around ``region``, with a margin (for a second QR attempt)."""
    h, w = image.shape[:2]
    xs, ys = region.quad[:, 0], region.quad[:, 1]
    mx, my = 0.05 * (xs.max() - xs.min()), 0.05 * (ys.max() - ys.min())
    x0, x1 = int(max(0, xs.min() - mx)), int(min(w, xs.max() + mx))
    y0, y1 = int(max(0, ys.min() - my)), int(min(h, ys.max() + my))
    return image[y0:y1, x0:x1]
