"""Dotted leader lines (``……`` / ``.....``) removed from an evenly lit grey page, so values stop gluing onto them.

A leader is a row of at least ``MIN_DOTS`` small, compact ink blobs (dots, or dashes where blur merged two dots)
at one height, with regular small gaps; values are often typed over it. Only the row's own dots go: all alike,
exactly in its line, at its pitch. That is what keeps what else sits in the row: a comma is taller and reaches
above the dots, the dot below ạ/ệ/ọ of a value typed over the line is bigger or off the pitch, a colon's lower dot
has a dot above it, and full stops inside a value come alone, not in rows of four.
Leader dots are painted with the paper's grey; the rest of the page is untouched.

Measured with ``scripts/eval_page_cleaning.py`` (table in :mod:`pipeline.cleaning.page`): mean CER 48.2 % without
this step, 0.7 % with it (26.0 % → 0.1 % at 150 dpi); the unit tests check pixel masks: labels and values (dots
below, i/j dots, colons, "..." inside a value) keep > 99.5 % of their ink, leaders lose > 95 %. ~0.1 s per A4
page at 300 dpi.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

MIN_DOTS = 4
_LOCAL_CONTRAST = 25  # grey levels under the local mean (31 px window) that make a pixel ink
_INK = 150  # grey level under which a pixel is ink on an evenly lit page (paper ≈ 250)
_DOT_MAX = 0.45  # a dot's larger side, as a share of the typical letter height
_DASH_ASPECT = 3.2  # widest dot (two merged by blur): width over height
_GAP_MAX = 1.3  # largest gap between neighbouring dots' centres, in letter heights
_ROW_TOL = 0.2  # neighbouring dots' centres differ by at most this share of a letter height in y
_CLEAR = 0.9  # a dot with another dot this many letter heights above it is the lower dot of a colon


def _letter_height(heights: Array) -> float:
    """Typical height of letters: the median of blobs at least half as tall as the tallest tenth (leader dots and
    diacritics can outnumber letters, so a plain median would be a dot's height)."""
    if not len(heights):
        return 0.0
    tall = heights[heights >= 0.5 * np.percentile(heights, 90)]
    return float(np.median(tall))


def leader_mask(gray: Array, ink_level: int = _INK, local: bool = False) -> Array:
    """uint8 mask (255) of the pixels of leader dots in ``gray`` (``local``: ink by local contrast too, for photos)."""
    return _leaders(gray, ink_level, local)[0]


def _leaders(gray: Array, ink_level: int = _INK, local: bool = False) -> tuple[Array, float]:
    ink = (gray < ink_level).astype(np.uint8)
    if local:
        # Ink is darker than the paper around it: a fixed level misses the grey, blurred dots of a phone photo (on a
        # scan it would also take the grey halo of every dot, and dots below vowels would pass for leader dots).
        dark = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, _LOCAL_CONTRAST)
        ink = np.maximum(ink, dark.astype(np.uint8))
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    mask = np.zeros_like(ink)
    if n <= 1:
        return mask, 0.0
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    xh = _letter_height(h[area >= 6])
    if xh <= 0:
        return mask, 0.0
    size_limit = _DOT_MAX * xh
    dotlike = (
        (h <= size_limit) & (w <= _DASH_ASPECT * size_limit) & (w <= _DASH_ASPECT * np.maximum(h, 1))
        & (area >= 2) & (area >= 0.35 * w * h)
    )  # fmt: skip
    reach = max(1, round(_CLEAR * xh))
    # Dots over a dot (the lower dot of a colon or semicolon) stay too.
    dot_img = np.zeros_like(ink)
    for i in np.nonzero(dotlike)[0]:
        dot_img[y[i] : y[i] + h[i], x[i] : x[i] + w[i]] = 1
    gap = max(1, round(0.25 * xh))
    candidates = [
        i
        for i in np.nonzero(dotlike)[0]
        if not dot_img[max(0, y[i] - reach) : max(0, y[i] - gap), x[i] : x[i] + w[i]].any()
    ]
    if len(candidates) < MIN_DOTS:
        return mask, xh
    idx = np.array(candidates)
    cx, cy = centroids[idx + 1, 0], centroids[idx + 1, 1]
    leader = np.zeros(n, dtype=bool)
    # Rows: candidates sorted by height, split where neighbouring centres differ by more than the tolerance.
    by_y = np.argsort(cy)
    row_breaks = np.nonzero(np.diff(cy[by_y]) > _ROW_TOL * xh)[0] + 1
    for row in np.split(by_y, row_breaks):
        if len(row) < MIN_DOTS:
            continue
        row = row[np.argsort(cx[row])]
        run_breaks = np.nonzero(np.diff(cx[row]) > _GAP_MAX * xh)[0] + 1
        for run in np.split(row, run_breaks):
            if len(run) < MIN_DOTS:
                continue
            # Leader dots are all alike and exactly in line, at a regular pitch. What else sits in the row is kept:
            # a comma (taller, reaching above the dots), the dot below ạ/ệ/ọ of a value typed over the line
            # (bigger, and off the pitch).
            typical = float(np.median(area[idx[run]]))
            tall = float(np.median(h[idx[run]]))
            row_y = float(np.median(cy[run]))
            in_line = (h[idx[run]] <= 1.3 * tall + 1) & (np.abs(cy[run] - row_y) <= 0.08 * xh)
            strict = in_line & (area[idx[run]] <= 1.5 * typical)
            xs = np.sort(cx[run[strict]])
            pitch = float(np.median(np.diff(xs))) if len(xs) > 1 else 0.0
            keep = strict.copy()
            for k in np.nonzero(in_line & ~strict & (area[idx[run]] <= 2.5 * typical))[0]:
                nearest = float(np.min(np.abs(xs - cx[run[k]]))) if len(xs) else 0.0
                keep[k] = pitch > 0 and nearest >= 0.75 * pitch  # a slightly blotted dot in its place
            if keep.sum() >= MIN_DOTS:
                leader[idx[run[keep]] + 1] = True
    return np.where(leader[labels], 255, 0).astype(np.uint8), xh


def remove_leaders(gray: Array, paper: int = 250, local: bool = False) -> tuple[Array, int]:
    """``gray`` with leader dots painted ``paper``; also how many pixels were painted."""
    mask, xh = _leaders(gray, local=local)
    count = int(np.count_nonzero(mask))
    if not count:
        return gray, 0
    # The dots' soft edges go too (a blurred dot is wider than its ink), but never a pixel of other ink.
    k = 2 * max(1, round(0.08 * xh)) + 1
    halo = cv2.dilate(mask, np.ones((k, k), np.uint8)) > 0
    other_ink = (gray < _INK) & (mask == 0)
    other_ink = cv2.dilate(other_ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = gray.copy()
    out[halo & ~other_ink] = paper
    return out, count
