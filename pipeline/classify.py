"""Page classification: which template (document type and side) an OCR'd card is.

Every template carries weighted anchors (titles, labels; negative weights for phrases of a look-alike
generation, e.g. "Quê quán" on a 2021 card versus "Nơi đăng ký khai sinh" on a 2024 one). A type's score is the
sum of the weights of its anchors found in the OCR lines, plus a little for each of its field labels found,
plus what the machine-readable codes say (an MRZ only on chip-card backs, a QR only where the template has one —
detected by its finder patterns even when it cannot be decoded).
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.labels import CLOSE_MATCH, LineIndex, find
from extractors.spec import Template
from models.ocr import Page, group_lines

UNKNOWN_BELOW = 2.5  # a best score under this is "unknown"
LABEL_WEIGHT = 0.4


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
