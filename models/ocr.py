"""The OCR result tree shared by the OCR engine and the extractors: page → line → word.

Every word carries its text (NFC), a :class:`~models.geometry.BBox` in pixels of the page image it was read
from, and a confidence in 0–1. Lines are built by the OCR module from words that share a baseline; their
confidence is the mean of their words'.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from models.geometry import BBox


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox
    confidence: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", unicodedata.normalize("NFC", self.text))


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return BBox.enclosing([w.bbox for w in self.words])

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


@dataclass(frozen=True)
class Page:
    """OCR of one page image (or one zone of it, with boxes already shifted to page coordinates)."""

    width: int
    height: int
    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        words = self.words
        return sum(w.confidence for w in words) / len(words) if words else 0.0


def group_lines(words: list[Word], tall: float = 3.5) -> tuple[Line, ...]:
    """Group words into lines by their vertical centres, then order lines top-down and words left-right.

    A word is added to a row when its centre lies within 0.4 of a word height (its own, the row's or the page's
    typical one, whichever is largest) of the row's centre (the median of its words' centres). Words much taller
    than the typical word (a seal or a photo edge read as text) are kept on lines of their own so that they cannot
    glue two text lines together. Words of two columns at the same height end up on one line; extractors split
    lines at labels, so that is what they expect.
    """
    if not words:
        return ()
    heights = sorted(w.bbox.height for w in words)
    typical = max(1, heights[len(heights) // 2])
    rows: list[list[Word]] = []
    centres: list[list[float]] = []
    singles: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bbox.cy, w.bbox.x0)):
        if word.bbox.height > tall * typical:
            singles.append([word])
            continue
        for row, cys in zip(rows, centres, strict=True):
            mid = sorted(cys)[len(cys) // 2]
            row_height = sorted(w.bbox.height for w in row)[len(row) // 2]
            if abs(word.bbox.cy - mid) <= 0.4 * max(typical, row_height, word.bbox.height):
                row.append(word)
                cys.append(word.bbox.cy)
                break
        else:
            rows.append([word])
            centres.append([word.bbox.cy])
    lines = [Line(tuple(sorted(row, key=lambda w: w.bbox.x0))) for row in rows + singles]
    return tuple(sorted(lines, key=lambda ln: (ln.bbox.cy, ln.bbox.x0)))
