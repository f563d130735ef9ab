"""Template + OCR page → raw field candidates (label-anchored, zone as fallback), with zone re-reads.

The card image is the straightened card (:mod:`pipeline.cleaning.locate`); boxes are in its pixels. For each
field the value is looked for where the template says — right of its label on the same line, on the lines
below it, or both — and stops at the next label (of any field or anchor) or at a column gap. Fields whose
label was not found fall back to the template's zone. Numbers and dates are always read twice: on the page and
again zone by zone with a character whitelist (batched into one Tesseract call per card); the two readings must
agree for the value to count as confirmed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

import cv2
import numpy as np
from rapidfuzz import fuzz

from extractors import values
from extractors.labels import CLOSE_MATCH, Hit, LineIndex, find, fold_label, resolve
from extractors.marks import is_mark_word
from extractors.spec import FieldSpec, Template
from models.geometry import BBox
from models.ocr import Page, Word, group_lines
from pipeline.ocr.engine import BLOCK, NUMERIC_LINE, OcrEngine

AGREED = 0.97  # confidence of a number or date that the page reading and the zone re-read agree on
DISAGREED = 0.6  # cap when they disagree


@dataclass(frozen=True)
class Candidate:
    """What the OCR text says for one field, before validation."""

    raw: str
    parsed: values.Parsed
    bbox: BBox | None
    confidence: float
    located_by: str  # "label", "zone", "search", "reread"


@dataclass(frozen=True)
class Layout:
    """The OCR lines of one card with the labels found on them."""

    lines: list[LineIndex]
    hits: dict[str, Hit]  # field name or "@anchor-n" → hit
    line_height: float

    @classmethod
    def of(cls, page: Page, template: Template) -> Layout:
        lines = [LineIndex.of(line) for line in group_lines(page.words)]
        found: list[Hit] = []
        for name, spec in template.fields.items():
            for label in spec.labels:
                found.extend(find(label, name, lines))
        field_labels = {fold_label(label) for label in template.label_texts}
        strict = template.family == "paper"  # a paper's long phrases share words with its values: match closely
        for n, anchor in enumerate(template.anchors):
            if anchor.weight > 0 and fold_label(anchor.text) not in field_labels:
                found.extend(h for h in find(anchor.text, f"@{n}", lines) if not strict or h.score >= CLOSE_MATCH)
        heights = [w.bbox.height for idx in lines for w in idx.line.words]
        return cls(lines, resolve(found), float(statistics.median(heights)) if heights else 20.0)

    def stops_on(self, line_no: int) -> list[Hit]:
        return sorted((h for h in self.hits.values() if h.line_no == line_no), key=lambda h: h.first)


def _strip_punctuation(words: list[Word]) -> list[Word]:
    while words and not any(c.isalnum() for c in words[0].text):
        words = words[1:]
    return words


def _strip_label_tail(words: list[Word], labels: tuple[str, ...]) -> list[Word]:
    """Drop what is left of the label before the value (``/ No.:`` when only ``Số`` matched).

    Words up to a colon near the start are dropped only when they read like part of one of the field's labels,
    so that a value with its own colon (``Nốt ruồi C:3cm``) is kept whole.
    """
    for i, word in enumerate(words[:5]):
        if word.text.endswith(":"):
            head = fold_label(" ".join(w.text for w in words[: i + 1]))
            if not head or any(fuzz.partial_ratio(head, fold_label(label)) >= 80 for label in labels):
                return _strip_punctuation(words[i + 1 :])
            break
    # No colon: an English sub-label read badly (``Plz of birth,``) still matches the label's English part whole.
    tails = [fold_label(label.split("/")[-1]) for label in labels]
    for k in range(min(4, len(words)), 0, -1):
        head = fold_label(" ".join(w.text for w in words[:k]))
        if len(head) >= 4 and any(fuzz.ratio(head, tail) >= 80 for tail in tails if tail):
            return _strip_punctuation(words[k:])
    return _strip_punctuation(words)


def _cut_at_gap(words: list[Word], line_height: float) -> list[Word]:
    kept: list[Word] = []
    for word in words:
        if kept and word.bbox.x0 - kept[-1].bbox.x1 > 3.0 * line_height:
            break
        kept.append(word)
    return kept


def _same_line(layout: Layout, hit: Hit, labels: tuple[str, ...]) -> list[Word]:
    line = layout.lines[hit.line_no].line
    end = len(line.words)
    for stop in layout.stops_on(hit.line_no):
        if stop.first >= hit.last:
            end = stop.first
            break
    words = _strip_label_tail(list(line.words[hit.last : end]), labels)
    label_end = line.words[hit.last - 1].bbox.x1
    if words and words[0].bbox.x0 - label_end > 4.0 * layout.line_height:
        return []  # what follows on this row belongs to another column (fingerprint boxes, the photo…)
    return _cut_at_gap(words, layout.line_height)


def _lines_below(
    layout: Layout, hit: Hit, count: int, after_y: int, labels: tuple[str, ...], first: bool, margin: bool = False
) -> list[list[Word]]:
    """Up to ``count`` lines under the label, in its column, until another label or a wide vertical gap.

    A label that opens the column ends the value; a label further right (fingerprint boxes beside the
    distinguishing marks) only cuts the line. Lines of nothing but specks are skipped. With ``margin`` the value
    wraps to the start of the label's line (a paper's text block), not to the label's own column.
    """
    label_box = hit.bbox(layout.lines)
    start = layout.lines[hit.line_no].line.bbox.x0 if margin else label_box.x0
    column_x0 = start - 1.5 * layout.line_height
    found: list[list[Word]] = []
    last_y = after_y
    for n in range(hit.line_no + 1, len(layout.lines)):
        if len(found) >= count:
            break
        line = layout.lines[n].line
        if line.bbox.y0 - last_y > 1.6 * layout.line_height:
            break
        stops = [s for s in layout.stops_on(n) if line.words[s.last - 1].bbox.x1 > column_x0]
        if stops and line.words[stops[0].first].bbox.x0 < column_x0 + 4 * layout.line_height:
            break  # the next label of this column
        first_stop = stops[0].first if stops else len(line.words)
        words = [w for i, w in enumerate(line.words) if i < first_stop and w.bbox.x0 >= column_x0]
        # The first value line may start with the end of a bilingual label that wrapped (``Place of birth``).
        head = _strip_label_tail(words, labels) if first and not found else _strip_punctuation(words)
        words = _cut_at_gap(head, layout.line_height)
        legible = _trim_junk(words)
        if legible and statistics.fmean(w.confidence for w in legible) >= JUNK_LINE:
            found.append(words)  # trimmed later by _candidate, which notes what it drops
            last_y = line.bbox.y1
    return found


JUNK_CONFIDENCE = 0.45  # a word under this that is short or odd is a speck of graphics, not text
JUNK_LINE = 0.5  # a line under the label whose words average less than this is graphics: skipped


def _trim_junk(words: list[Word], kind: str = "text") -> list[Word]:
    """Drop unreadable specks at either end of a value: short, low-confidence words (seal, photo edge, guilloche).

    A faint word of the marks' closed vocabulary (``Seo`` opening ``Sẹo chấm C:1cm…``) is kept: the marks grammar
    restores it or sends the value to review."""

    def junk(w: Word) -> bool:
        if kind == "marks" and is_mark_word(w.text):
            return False
        odd = any(not (c.isalnum() or c in ",.:;/-()'") for c in w.text)
        return w.confidence < JUNK_CONFIDENCE and (len(w.text) <= 3 or odd or not any(c.isalpha() for c in w.text))

    start, end = 0, len(words)
    while start < end and junk(words[start]):
        start += 1
    while end > start and junk(words[end - 1]):
        end -= 1
    return words[start:end]


def _upper(word: Word) -> bool:
    letters = [c for c in word.text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _strip_label_words(words: list[Word]) -> list[Word]:
    """A name printed in capitals after what is left of a label read too badly to match (``Họ vệ sec LƯƠNG ĐỨC``):
    the leading words with small letters go when at least two capitalised words follow them."""
    first = next((i for i, w in enumerate(words) if _upper(w)), None)
    if not first or sum(_upper(w) for w in words[first:]) < 2 or not all(_upper(w) for w in words[first:]):
        return words
    return words[first:]


def _candidate(kind: str, lines: list[list[Word]], located_by: str) -> Candidate | None:
    trimmed_letters = False
    if kind == "name" and lines:
        lines = [_strip_label_words(lines[0]), *lines[1:]]
    if kind in ("text", "place", "marks", "name"):
        kept = [_trim_junk(line, kind) for line in lines]
        dropped = [w for line, k in zip(lines, kept, strict=True) for w in line if w not in k]
        trimmed_letters = any(c.isalpha() for w in dropped for c in w.text)
        lines = [k for k in kept if k]
    words = [w for line in lines for w in line]
    if not words:
        return None
    raw = " ".join(" ".join(w.text for w in line) for line in lines)
    confidence = min(statistics.fmean(w.confidence for w in words), min(w.confidence for w in words) + 0.25)
    parsed = values.parse(kind, raw)
    if trimmed_letters:  # a speck dropped at the edge may have been a word of the value
        parsed = replace(parsed, doubtful=True)
    return Candidate(raw, parsed, BBox.enclosing([w.bbox for w in words]), confidence, located_by)


def _from_zone(layout: Layout, spec: FieldSpec, width: int, height: int) -> Candidate | None:
    assert spec.zone is not None
    zone = BBox.from_fractions(spec.zone, width, height)
    claimed = {(h.line_no, i) for h in layout.hits.values() for i in range(h.first, h.last)}
    lines: list[list[Word]] = []
    for n, idx in enumerate(layout.lines):
        words = [
            w
            for i, w in enumerate(idx.line.words)
            if (n, i) not in claimed and zone.x0 <= w.bbox.cx <= zone.x1 and zone.y0 <= w.bbox.cy <= zone.y1
        ]
        if words:
            lines.append(_strip_label_tail(words, spec.labels))
    if spec.kind == "name":  # names are printed in capitals; the zone may also hold the label's illegible line
        capitals = [line for line in lines if sum(_upper(w) for w in line) >= 2]
        lines = capitals or lines
    return _candidate(spec.kind, lines[: spec.max_lines], "zone")


def _search_number(layout: Layout, kind: str) -> Candidate | None:
    """A 12- (or 9-) digit number anywhere on the card, when exactly one is printed (MRZ lines excluded)."""
    length = 12 if kind == "id_number" else 9
    found: dict[str, Candidate] = {}
    for idx in layout.lines:
        if "<" in idx.line.text:
            continue
        for run in values.digit_runs(idx.line.text):
            if len(run) == length:
                found.setdefault(
                    run, Candidate(run, values.Parsed(run, True), idx.line.bbox, idx.line.confidence, "search")
                )
    return next(iter(found.values())) if len(found) == 1 else None


def locate_value(layout: Layout, name: str, spec: FieldSpec, width: int, height: int) -> Candidate | None:
    hit = layout.hits.get(name)
    candidate: Candidate | None = None
    if hit is not None:
        lines: list[list[Word]] = []
        label_line = layout.lines[hit.line_no].line
        if spec.layout in ("right", "right_or_below"):
            same = _same_line(layout, hit, spec.labels)
            if same:
                lines.append(same)
        wants_below = spec.layout == "below" or (spec.layout == "right_or_below" and (not lines or spec.max_lines > 1))
        if wants_below and len(lines) < spec.max_lines:
            more = spec.max_lines - len(lines)
            margin = spec.wrap == "margin"
            below = _lines_below(layout, hit, more, label_line.bbox.y1, spec.labels, not lines, margin)
            lines.extend(below)
        candidate = _candidate(spec.kind, lines, "label")
    if (candidate is None or not candidate.parsed.valid) and spec.search and spec.kind in ("id_number", "cmnd_number"):
        candidate = _search_number(layout, spec.kind) or candidate
    if candidate is None and spec.zone is not None:
        candidate = _from_zone(layout, spec, width, height)
    if spec.kind == "nationality" and (candidate is None or not candidate.parsed.valid):
        candidate = _search_nationality(layout) or candidate
    return candidate


_HEADER_WORDS = ("chu nghia", "republic", "cong hoa")


def _search_nationality(layout: Layout) -> Candidate | None:
    """ "Việt Nam" printed after the nationality label that OCR lost (not the one in the national motto)."""
    for idx in layout.lines:
        if any(h in idx.text for h in _HEADER_WORDS):
            continue
        words = idx.line.words
        for i in range(len(words) - 1):
            pair = words[i : i + 2]
            parsed = values.parse("nationality", " ".join(w.text for w in pair))
            if parsed.valid:
                confidence = min(w.confidence for w in pair)
                return Candidate(
                    parsed.value or "", parsed, BBox.enclosing([w.bbox for w in pair]), confidence, "search"
                )
    return None


def _reread_zone(
    candidate: Candidate | None, spec: FieldSpec, width: int, height: int, line_height: float
) -> BBox | None:
    if candidate is not None and candidate.bbox is not None and candidate.located_by != "search":
        box = candidate.bbox
        pad = round(0.45 * max(box.height, line_height * 0.8))
        return box.pad(pad * 2, pad, width, height)
    if spec.zone is not None:
        return BBox.from_fractions(spec.zone, width, height)
    return None


def extract_candidates(
    template: Template, page: Page, image: np.ndarray, engine: OcrEngine
) -> tuple[dict[str, Candidate | None], Layout]:
    """Candidates for every OCR field of ``template`` on the straightened card ``image``."""
    height, width = image.shape[:2]
    layout = Layout.of(page, template)
    found: dict[str, Candidate | None] = {}
    for name, spec in template.fields.items():
        if spec.source == "ocr":
            found[name] = locate_value(layout, name, spec, width, height)

    wanted: list[tuple[str, BBox]] = []
    for name, spec in template.fields.items():
        cand = found.get(name)
        if spec.source != "ocr" or spec.reread == "none":
            continue
        if cand is not None and cand.parsed.no_expiry:
            continue
        zone = _reread_zone(cand, spec, width, height, layout.line_height)
        if zone is not None:
            wanted.append((name, zone))
    if wanted:
        pages = engine.read_zones(image, [zone for _, zone in wanted], NUMERIC_LINE)
        for (name, zone), zone_page in zip(wanted, pages, strict=True):
            spec = template.fields[name]
            reread = _candidate(spec.kind, [list(zone_page.words)], "reread") if zone_page.words else None
            found[name] = _second_reading(found.get(name), reread, zone)
    _reread_listed(template, found, image, engine)
    return found, layout


_LISTED = ("ethnicity", "religion")


def _reread_listed(
    template: Template, found: dict[str, Candidate | None], image: np.ndarray, engine: OcrEngine
) -> None:
    """An ethnicity or religion the page reading lost (faint print, glare over a short word): its zone, split into ink
    and paper, read again as a block of text, one Tesseract process for all of them. Kept only when it names a
    listed value (the 54 groups, the religions)."""
    lost = [
        (name, BBox.from_fractions(spec.zone, image.shape[1], image.shape[0]))
        for name, spec in template.fields.items()
        if spec.kind in _LISTED and spec.zone is not None and not _listed(found.get(name))
    ]
    if not lost:
        return
    # Faint grey print that Tesseract skips on the grey card reads once each zone is split into ink and paper (Otsu).
    binary = image.copy() if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    for _, z in lost:
        crop = cv2.GaussianBlur(binary[z.y0 : z.y1, z.x0 : z.x1], (3, 3), 0)
        if crop.size:
            binary[z.y0 : z.y1, z.x0 : z.x1] = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    for (name, _), zone_page in zip(lost, engine.read_zones(binary, [z for _, z in lost], BLOCK), strict=True):
        words = list(zone_page.words)
        for start in range(len(words)):  # the value follows its label inside the zone: the first listed run wins
            reread = _candidate(template.fields[name].kind, [words[start:]], "reread")
            if _listed(reread):
                found[name] = reread
                break


def _listed(candidate: Candidate | None) -> bool:
    """A reading that names a value of its closed list as it is spelt there."""
    return candidate is not None and candidate.parsed.valid and not candidate.parsed.doubtful


def _second_reading(first: Candidate | None, second: Candidate | None, zone: BBox) -> Candidate | None:
    """Combine the page reading of a number or date with its zone re-read.

    Two readings that agree confirm each other (confidence ≥ AGREED); two valid readings that disagree leave the
    value in doubt (confidence capped at DISAGREED, so it goes to review); otherwise the valid one wins.
    """
    if second is None or not second.parsed.valid:
        return first
    if first is None or not first.parsed.valid:
        return replace(second, bbox=second.bbox or zone)
    if first.parsed.value == second.parsed.value:
        return replace(first, confidence=max(first.confidence, second.confidence, AGREED))
    best = first if first.confidence >= second.confidence else second
    return replace(best, confidence=min(best.confidence, DISAGREED))
