"""Page classification: which template (document type and side) an OCR'd card is.

Every template carries weighted anchors (titles, labels; negative weights for phrases of a look-alike
generation, e.g. "Quê quán" on a 2021 card versus "Nơi đăng ký khai sinh" on a 2024 one). A type's score is the
sum of the weights of its anchors found in the OCR lines, plus a little for each of its field labels found,
plus what the machine-readable codes say (an MRZ only on chip-card backs, a QR only where the template has one —
detected by its finder patterns even when it cannot be decoded).
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors import values
from extractors.labels import CLOSE_MATCH, LineIndex, find
from extractors.spec import Template
from models.geometry import BBox
from models.ocr import Page, group_lines

UNKNOWN_BELOW = 2.5  # a best score under this is "unknown"
LABEL_WEIGHT = 0.4
LAYOUT_MIN_FIT = 3  # values that must parse in their zones (the ID number one of them) for a layout-only type
LAYOUT_CONFIDENCE = 0.5  # a type told by the layout alone always goes to review
_LAYOUT_KINDS = ("id_number", "cmnd_number", "date", "name", "sex", "nationality")


@dataclass(frozen=True)
class Classification:
    type: str
    score: float
    confidence: float  # 0–1: how clearly the best type beats the runner-up
    scores: dict[str, float]


def index_lines(page: Page) -> list[LineIndex]:
    return [LineIndex.of(line) for line in group_lines(page.words)]


def _score(template: Template, lines: list[LineIndex], has_mrz: bool, has_qr: bool) -> float:
    score = 0.0
    for anchor in template.anchors:
        hits = find(anchor.text, "a", lines)
        # A paper's titles and phrases share most of their words ("GIẤY KHAI SINH" / "TRÍCH LỤC KHAI SINH", "… sau
        # khi cấp Giấy chứng nhận" / "Mã Giấy chứng nhận"): its anchors must match closely.
        if any(h.score >= CLOSE_MATCH for h in hits) if template.family == "paper" else hits:
            score += anchor.weight
    labels_found = {name for name, spec in template.fields.items() for lb in spec.labels if find(lb, name, lines)}
    score += LABEL_WEIGHT * len(labels_found)
    if has_mrz:
        score += 3.0 if template.has_mrz else -4.0
    elif template.has_mrz:
        score -= 1.0
    if has_qr:
        score += 1.5 if template.has_qr else -2.0
    elif template.has_qr:
        score -= 1.0  # the QR detector misses few printed QRs (1 in 40 on the bench corpus)
    return score


def classify(
    lines: list[LineIndex], templates: dict[str, Template], *, has_mrz: bool = False, has_qr: bool = False
) -> Classification:
    scores = {name: _score(t, lines, has_mrz, has_qr) for name, t in templates.items()}
    best_type = max(scores, key=lambda name: scores[name])
    best = scores[best_type]
    if best < UNKNOWN_BELOW:
        return Classification("unknown", best, 0.0, scores)
    return Classification(best_type, best, margin_confidence(scores, best_type), scores)


def margin_confidence(scores: dict[str, float], best_type: str) -> float:
    """0–1: how clearly ``best_type`` beats the runner-up (0.5 + the margin as a share of its score)."""
    best = scores[best_type]
    runner_up = max((s for name, s in scores.items() if name != best_type), default=0.0)
    if best <= 0:
        return 0.0
    return max(0.0, min(1.0, 0.5 + (best - max(runner_up, 0.0)) / best))


def _layout_fit(template: Template, page: Page) -> int:
    """How many of the template's zoned values parse from the words inside their zones; 0 without the ID number."""
    fit, has_number = 0, False
    for spec in template.fields.values():
        if spec.source != "ocr" or spec.zone is None or spec.kind not in _LAYOUT_KINDS:
            continue
        zone = BBox.from_fractions(spec.zone, page.width, page.height)
        text = " ".join(
            w.text for w in page.words if zone.x0 <= w.bbox.cx <= zone.x1 and zone.y0 <= w.bbox.cy <= zone.y1
        )
        if text and values.parse(spec.kind, text).valid:
            fit += 1
            has_number = has_number or spec.kind in ("id_number", "cmnd_number")
    return fit if has_number else 0


def classify_by_layout(page: Page, templates: dict[str, Template]) -> Classification:
    """The card type whose zones hold its values, for a straightened card whose labels OCR could not read.

    A blurred photo can lose every small printed label while the large values (number, name, date) still read;
    where they sit tells the generation (the 2024 front has its number lower than the 2021 front, and nothing
    under the nationality). A type is given only when at least :data:`LAYOUT_MIN_FIT` values, the ID number among
    them, fit one template better than any other; its confidence is :data:`LAYOUT_CONFIDENCE` (review).
    """
    fits = {name: float(_layout_fit(t, page)) for name, t in templates.items() if t.family == "card"}
    if not fits:
        return Classification("unknown", 0.0, 0.0, fits)
    ranked = sorted(fits.items(), key=lambda kv: kv[1], reverse=True)
    best_type, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < LAYOUT_MIN_FIT or best <= runner_up:
        return Classification("unknown", 0.0, 0.0, fits)
    return Classification(best_type, UNKNOWN_BELOW, LAYOUT_CONFIDENCE, fits)
