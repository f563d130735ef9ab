"""Template + OCR page of a paper (certificate, land form) → raw field candidates, section by section.

Papers repeat labels: ``Năm sinh``, ``Dân tộc`` and ``Quốc tịch`` appear for the child, the mother and the father
of a birth certificate; every label of a marriage certificate appears twice, once per spouse column. A template
therefore cuts the page into *sections* (:class:`extractors.spec.Section`), each found by its start labels, and
each field's label is looked for only inside its section. Inside a section the card machinery of
:mod:`extractors.extract` applies unchanged: value right of its label up to the next label, or on the lines below.

Geometry: boxes are in pixels of the cleaned page image (:mod:`models.geometry`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractors.extract import Candidate, extract_candidates
from extractors.labels import Hit, LineIndex, find
from extractors.spec import FieldSpec, Section, Template
from models.geometry import BBox
from models.ocr import Line, Page, Word, group_lines
from pipeline.ocr.engine import OcrEngine

_MAIN = "@main"  # the lines that belong to no section


@dataclass(frozen=True)
class SectionArea:
    """Where one section lies on the page: from ``y0`` to ``y1`` and, for a column section, ``x0``–``x1``."""

    name: str
    y0: float
    y1: float
    x0: float = 0.0
    x1: float = float("inf")

    def holds(self, word: Word) -> bool:
        return self.y0 <= word.bbox.cy < self.y1 and self.x0 <= word.bbox.cx < self.x1


def _first_hit(labels: tuple[str, ...], lines: list[LineIndex], after_y: float = -1.0) -> Hit | None:
    """The topmost occurrence of any of ``labels`` below ``after_y`` among the best-matching ones.

    Only hits that match about as well as the best one count: ``… tên người mẹ`` matches the child's
    ``Họ, chữ đệm, tên:`` line fuzzily too, and that line is higher on the page.
    """
    hits = [
        (hit, hit.bbox(lines)) for label in labels for hit in find(label, "s", lines) if hit.bbox(lines).cy > after_y
    ]
    if not hits:
        return None
    best = max(h.score * min(h.length, 40) for h, _ in hits)
    good = [(h, b) for h, b in hits if h.score * min(h.length, 40) >= best - 1.5]
    return min(good, key=lambda hb: (hb[1].y0, hb[1].x0, -hb[0].length))[0]


def locate_sections(template: Template, lines: list[LineIndex], width: int, height: int) -> list[SectionArea]:
    """The page areas of the template's sections that were found, in page order."""
    starts: list[tuple[str, Section, BBox]] = []
    for name, section in template.sections.items():
        hit = _first_hit(section.start, lines)
        if hit is not None:
            starts.append((name, section, hit.bbox(lines)))
    # A label that is the start of one section and part of another's ("Họ, chữ đệm, tên" inside "… tên người mẹ")
    # may open both at the same place: a section keeps its start only when it is the longest label there.
    starts.sort(key=lambda s: (s[2].y0, s[2].x0))
    areas: list[SectionArea] = []
    for i, (name, section, box) in enumerate(starts):
        later = [b for _, s, b in starts[i + 1 :] if not (section.column and s.column and _same_row(b, box))]
        y1 = min((b.y0 - 2 for b in later if b.y0 > box.y0 + box.height * 0.5), default=float(height))
        if section.until:
            stop = _first_hit(section.until, lines, after_y=box.cy + box.height * 0.5)
            if stop is not None:
                y1 = min(y1, stop.bbox(lines).y0 - 2)
        x0, x1 = 0.0, float(width)
        if section.column:
            row = [b for _, s, b in starts if s.column and _same_row(b, box)]
            left_of = [b.x0 for b in row if b.x0 > box.x0 + 10]
            x0 = max(0.0, box.x0 - 0.02 * width)
            x1 = min(left_of, default=float(width)) - 0.01 * width
            if any(b.x0 < box.x0 - 10 for b in row):
                x0 = box.x0 - 0.01 * width
        areas.append(SectionArea(name, box.y0 - box.height * 0.3, y1, x0, x1))
    return areas


def _same_row(a: BBox, b: BBox) -> bool:
    return abs(a.cy - b.cy) < max(a.height, b.height) * 1.5


def _sub_page(page: Page, keep: list[Word]) -> Page:
    return Page(page.width, page.height, tuple(Line((w,)) for w in keep))


def extract_paper_candidates(
    template: Template, fields: dict[str, FieldSpec], page: Page, image: np.ndarray, engine: OcrEngine
) -> dict[str, Candidate | None]:
    """Candidates for the OCR fields in ``fields`` (one page of ``template``), each looked for in its section."""
    height, width = image.shape[:2]
    lines = [LineIndex.of(line) for line in group_lines(page.words)]
    areas = locate_sections(template, lines, width, height)
    words = page.words
    found: dict[str, Candidate | None] = {}
    groups: dict[str, dict[str, FieldSpec]] = {}
    for name, spec in fields.items():
        if spec.source == "ocr":
            groups.setdefault(spec.section or _MAIN, {})[name] = spec
    by_name = {a.name: a for a in areas}
    for section, specs in groups.items():
        if section == _MAIN:  # the lines that belong to no section: the header's "Số", the signature block…
            keep = [w for w in words if not any(a.holds(w) for a in areas)]
        elif section in by_name:
            keep = [w for w in words if by_name[section].holds(w)]
        else:
            found.update({name: None for name in specs})  # the section's start was not found
            continue
        sub_template = template.model_copy(update={"fields": specs, "sections": {}})
        candidates, _ = extract_candidates(sub_template, _sub_page(page, keep), image, engine)
        found.update(candidates)
    return found
