"""Finding printed labels in OCR lines, tolerant of OCR noise and missing diacritics.

Labels and line text are compared after :func:`extractors.validators.text.fold` (no diacritics, case-folded,
punctuation dropped) with a fuzzy partial match, so ``Hg và tên / Fuli name:`` still announces ``full_name``.
Short labels (``Số``, ``Ngày``) must match whole words exactly, because a fuzzy two-letter match is found
almost anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.validators.text import fold
from models.geometry import BBox
from models.ocr import Line

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
SHORT_LABEL = 4  # folded labels up to this many characters need an exact whole-word match
CLOSE_MATCH = 0.93  # the score a paper's anchor phrases must reach: they share most words with other phrases


def fold_label(text: str) -> str:
    """A label or OCR word as compared: folded, punctuation removed, single spaces."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class LineIndex:
    """A line's folded text with the character span of every word, to map matches back to words."""

    line: Line
    text: str
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, line: Line) -> LineIndex:
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for word in line.words:
            folded = fold_label(word.text)
            if parts:
                pos += 1
            spans.append((pos, pos + len(folded)))
            parts.append(folded)
            pos += len(folded)
        return cls(line, " ".join(parts), tuple(spans))

    def words_in(self, start: int, end: int) -> tuple[int, int]:
        """Indices ``[first, last)`` of the words overlapping characters ``[start, end)``.

        A fuzzy alignment may start or end a character or two inside a neighbouring word ("LINH, Căn cước" for the
        label "Căn cước"); an edge word counts only when at least half of it is inside.
        """
        hit = [i for i, (a, b) in enumerate(self.spans) if a < end and b > start and b > a]
        while len(hit) > 1 and _inside(self.spans[hit[0]], start, end) < 0.5:
            hit = hit[1:]
        while len(hit) > 1 and _inside(self.spans[hit[-1]], start, end) < 0.5:
            hit = hit[:-1]
        return (hit[0], hit[-1] + 1) if hit else (0, 0)


def _inside(span: tuple[int, int], start: int, end: int) -> float:
    a, b = span
    return (min(b, end) - max(a, start)) / (b - a)


@dataclass(frozen=True)
class Hit:
    """One label occurrence: which line, which words, how well it matched."""

    key: str
    line_no: int
    first: int
    last: int  # exclusive word index
    score: float
    length: int  # folded label length, to prefer longer labels

    def bbox(self, lines: list[LineIndex]) -> BBox:
        words = lines[self.line_no].line.words[self.first : self.last]
        return BBox.enclosing([w.bbox for w in words])


def threshold(length: int) -> float:
    return 0.86 if length <= 8 else 0.8


def find(label: str, key: str, lines: list[LineIndex]) -> list[Hit]:
    """Every line where ``label`` occurs (best occurrence per line)."""
    target = fold_label(label)
    if not target:
        return []
    hits: list[Hit] = []
    for n, idx in enumerate(lines):
        if not idx.text:
            continue
        if len(target) <= SHORT_LABEL:
            # A short label must open its line (or a column: the word before it is far away), else "Số" is
            # found inside every address.
            tokens = target.split()
            words = [idx.text[a:b] for a, b in idx.spans]
            boxes = [w.bbox for w in idx.line.words]
            for i in range(len(words) - len(tokens) + 1):
                opens = i == 0 or boxes[i].x0 - boxes[i - 1].x1 > 2.5 * boxes[i].height
                if opens and words[i : i + len(tokens)] == tokens:
                    hits.append(Hit(key, n, i, i + len(tokens), 1.0, len(target)))
                    break
            continue
        if len(idx.text) < 0.6 * len(target):
            continue
        align = fuzz.partial_ratio_alignment(target, idx.text)
        if align is None:
            continue
        score = align.score / 100.0
        if score < threshold(len(target)):
            continue
        if align.dest_end - align.dest_start < 0.75 * len(target):
            continue  # the line is a fragment of the label ("sử dụng đất" inside "QUYỀN SỬ DỤNG ĐẤT"), not the label
        first, last = idx.words_in(align.dest_start, align.dest_end)
        if last > first:
            hits.append(Hit(key, n, first, last, score, len(target)))
    return hits


def resolve(candidates: list[Hit]) -> dict[str, Hit]:
    """Give each key its best hit such that no two keys claim the same words.

    Longer, better-scoring labels win first; a shorter label cannot take words inside a longer one.
    """
    taken: dict[int, list[tuple[int, int]]] = {}
    chosen: dict[str, Hit] = {}
    for hit in sorted(candidates, key=lambda h: (-(h.score * min(h.length, 40)), h.key.startswith("@"), h.line_no)):
        if hit.key in chosen:
            continue
        spans = taken.setdefault(hit.line_no, [])
        if any(hit.first < b and hit.last > a for a, b in spans):
            continue
        spans.append((hit.first, hit.last))
        chosen[hit.key] = hit
    return chosen
