"""One geometry convention for the whole project.

A :class:`BBox` is ``(x0, y0, x1, y1)`` in integer pixels of the *cleaned page image* (the image as stored
after locating, straightening and orienting), origin at the top-left corner, x to the right, y downwards.
``x1``/``y1`` are exclusive, so ``width = x1 - x0``. Zones in templates are fractions of the page
``(fx0, fy0, fx1, fy1)`` in the same orientation and are turned into a BBox with :meth:`BBox.from_fractions`.
"""

from __future__ import annotations

from typing import NamedTuple


class BBox(NamedTuple):
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    def intersection_area(self, other: BBox) -> int:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(0, w) * max(0, h)

    def vertical_overlap(self, other: BBox) -> float:
        """Overlap of the two y-ranges as a fraction of the smaller height (0–1)."""
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.height, other.height)
        return max(0.0, h / smaller) if smaller > 0 else 0.0

    def pad(self, dx: int, dy: int, width: int, height: int) -> BBox:
        """Grow by ``dx``/``dy`` on each side, clipped to an image of ``width`` × ``height``."""
        return BBox(max(0, self.x0 - dx), max(0, self.y0 - dy), min(width, self.x1 + dx), min(height, self.y1 + dy))

    def shift(self, dx: int, dy: int) -> BBox:
        return BBox(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def scale(self, sx: float, sy: float) -> BBox:
        return BBox(round(self.x0 * sx), round(self.y0 * sy), round(self.x1 * sx), round(self.y1 * sy))

    @classmethod
    def from_fractions(cls, zone: tuple[float, float, float, float], width: int, height: int) -> BBox:
        fx0, fy0, fx1, fy1 = zone
        return cls(round(fx0 * width), round(fy0 * height), round(fx1 * width), round(fy1 * height))

    @classmethod
    def enclosing(cls, boxes: list[BBox]) -> BBox:
        if not boxes:
            raise ValueError("no boxes")
        return cls(
            min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes)
        )

    def as_list(self) -> list[int]:
        return [int(self.x0), int(self.y0), int(self.x1), int(self.y1)]
