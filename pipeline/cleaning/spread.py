"""Two portrait pages scanned side by side on one landscape image (a land certificate's pages 4|1 and 2|3): where
to split them.

On an upright, deskewed, evenly lit page: text-sized ink blobs (large ones — page borders, frames, a fold's
shadow, a photo — are left out) are counted per column; a spread has a gutter, a run of columns with no text at all
near the middle (``_MIDDLE`` of the width), while both halves carry text and the image is landscape. The fold is
the centre of the widest such run. A landscape page of one table or of wide text lines has no such gutter.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

MIN_ASPECT = 1.15  # width over height from which an image may hold two portrait pages
_MIDDLE = (0.36, 0.64)
_SIDE = 1200
_INK = 150
_MIN_GUTTER = 0.012  # of the width: the empty band must be at least this wide (≈ 5 mm on a double A4)
_MIN_HALF_INK = 0.15  # each half holds at least this share of the text ink


def find_fold(gray: Array) -> int | None:
    """x of the fold between two pages in ``gray`` (full-resolution pixels), or None when it is one page."""
    h, w = gray.shape[:2]
    if w < MIN_ASPECT * h:
        return None
    scale = min(1.0, _SIDE / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    sh, sw = small.shape[:2]
    ink = (small < _INK).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return None
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    text = np.zeros(n, dtype=bool)
    text[1:] = (heights < 0.06 * sh) & (widths < 0.15 * sw) & (stats[1:, cv2.CC_STAT_AREA] >= 2)
    columns = text[labels].sum(axis=0).astype(np.float64)
    total = columns.sum()
    if total <= 0:
        return None
    lo, hi = round(_MIDDLE[0] * sw), round(_MIDDLE[1] * sw)
    empty = columns[lo:hi] == 0
    best_len, best_mid, run_start = 0, -1, None
    for i, e in enumerate([*empty.tolist(), False]):
        if e and run_start is None:
            run_start = i
        elif not e and run_start is not None:
            if i - run_start > best_len:
                best_len, best_mid = i - run_start, lo + (run_start + i - 1) / 2
            run_start = None
    if best_len < _MIN_GUTTER * sw:
        return None
    left, right = columns[: round(best_mid)].sum(), columns[round(best_mid) :].sum()
    if min(left, right) < _MIN_HALF_INK * total:
        return None
    fold: int = round(best_mid / scale)
    return fold


def split(image: Array, fold: int) -> tuple[Array, Array]:
    """The left and right pages (views into ``image``)."""
    return image[:, :fold], image[:, fold:]
