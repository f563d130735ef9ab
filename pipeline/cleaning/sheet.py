"""A sheet of paper photographed on a table: find its outline and warp it flat. A scan passes through.

On a copy with a long side of ``_SIDE`` px, text is blurred away and every pixel is scored for "paper"
(bright, little colour: L − 0.5·S); Otsu splits paper from table, and the largest paper blob, holes filled, is the
sheet. Its convex hull is cut into four sides (``approxPolyDP``), a straight line is fitted to the outline points of
each side away from the corners, and the corners are where neighbouring lines meet (sub-pixel on the copy, a few
pixels on a 12 MP photo). The warp keeps the sheet's real aspect ratio, recovered from the perspective
(:func:`pipeline.cleaning.quads.rectified_aspect`), at the photo's resolution.

No sheet is reported (None: the image is used as it is) when the frame border is itself mostly paper (a flatbed
scan, a tight crop), when the blob is under ``MIN_AREA`` or over ``MAX_AREA`` of the frame, or when it is not
four-sided, or when any of its sides inside the frame is a slope rather than a step of brightness (the lit part of
a shadowed scan: ``MIN_STEP``). Measured on rendered desk photos (``tests/page_synth.py``, seeds 0–5, 12 MP): IoU
with the true quad 0.995–0.996, ~0.05 s per photo; shadowed scans (strength 0.5–0.9) all pass through.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.cleaning.lines import line_proposals
from pipeline.cleaning.masks import colour_gradient, edge_map, oriented_support
from pipeline.cleaning.quads import (
    cut_sides,
    order_corners,
    order_quads,
    rectified_aspect,
    side_coverage,
    side_lengths,
)

Array = npt.NDArray[Any]

_SIDE = 640
MIN_AREA = 0.12
MAX_AREA = 0.97
_BORDER_PAPER = 0.6  # a frame border that is paper on this share of its length is a scan, not a photo
_STEP_PX = 4  # paper score is compared this far inside and outside each side (copy pixels)
MIN_STEP = 20.0  # a sheet's side is a step of at least this much paper score; a shadow's edge is a slope
A4_ASPECT = 297 / 210
LINES_MIN_AREA = 0.2  # a sheet found from straight edges covers at least this share of the frame…
LINES_ASPECT_TOLERANCE = 0.1  # …has A4's proportions within this once rectified…
LINES_MIN_SUPPORT = 0.5  # …and lies on an edge along at least this share of the middle of every side


def _paper_score(small_bgr: Array) -> Array:
    blurred = cv2.medianBlur(small_bgr, 9)
    hsv = cv2.cvtColor(blurred, cv2.COLOR_BGR2HSV)
    lab = cv2.cvtColor(blurred, cv2.COLOR_BGR2LAB)
    score = lab[:, :, 0].astype(np.float32) - 0.5 * hsv[:, :, 1].astype(np.float32)
    return np.clip(score, 0, 255).astype(np.uint8)


def _border(mask: Array) -> Array:
    return np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])


def _fit_corners(points: Array, rough: Array) -> Array | None:
    """Corners where lines fitted to the outline points of each side (its middle 80 %) meet."""
    lines = []
    for i in range(4):
        a, b = rough[i], rough[(i + 1) % 4]
        ab = b - a
        length = float(np.linalg.norm(ab))
        if length < 4:
            return None
        u = ab / length
        rel = points - a
        t = rel @ u
        d = np.abs(rel @ np.array([-u[1], u[0]]))
        near = points[(t > 0.1 * length) & (t < 0.9 * length) & (d < max(3.0, 0.03 * length))]
        if len(near) < 5:
            lines.append((a, u))
            continue
        vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)))
    corners = []
    for i in range(4):
        (p, u), (q, v) = lines[i - 1], lines[i]
        m = np.array([u, -v]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return None
        s, _ = np.linalg.solve(m, q - p)
        corners.append(p + s * u)
    return np.array(corners, dtype=np.float64)


def edge_steps(score: Array, quad: Array) -> list[float | None]:
    """Per side (TL-TR, TR-BR, BR-BL, BL-TL), the median paper score just inside minus just outside the quad; None
    for a side that lies along the frame border (nothing outside to compare)."""
    h, w = score.shape[:2]
    centre = quad.mean(axis=0)
    steps: list[float | None] = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        u = (b - a) / max(1e-6, float(np.linalg.norm(b - a)))
        normal = np.array([-u[1], u[0]])
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal  # pointing inwards
        t = np.linspace(0.1, 0.9, 40)[:, None]
        points = a + t * (b - a)
        inside, outside = points + _STEP_PX * normal, points - _STEP_PX * normal
        ok = (outside[:, 0] >= 0) & (outside[:, 0] <= w - 1) & (outside[:, 1] >= 0) & (outside[:, 1] <= h - 1)
        if ok.mean() < 0.5:
            steps.append(None)
            continue
        ii, oo = inside[ok].round().astype(int), outside[ok].round().astype(int)
        ii[:, 0], ii[:, 1] = ii[:, 0].clip(0, w - 1), ii[:, 1].clip(0, h - 1)
        diff = score[ii[:, 1], ii[:, 0]].astype(np.float64) - score[oo[:, 1], oo[:, 0]].astype(np.float64)
        steps.append(float(np.median(diff)))
    return steps


def table_visible(image: Array) -> bool:
    """Whether the frame's border is mostly not paper: a photo of a sheet on a table, even when the sheet's outline
    could not be found (a flatbed scan or a tight crop is paper all round)."""
    h, w = image.shape[:2]
    scale = min(1.0, _SIDE / max(h, w))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    _, mask = cv2.threshold(_paper_score(small), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float((_border(mask) > 0).mean()) < _BORDER_PAPER


def _flattened(score: Array) -> Array:
    """The paper score over its own large-scale average: a shadow or light falling across sheet and table no longer
    decides what is paper, the step at the sheet's edge does."""
    s = score.astype(np.float32)
    background = cv2.GaussianBlur(s, (0, 0), sigmaX=max(score.shape[:2]) * 0.2)
    return np.clip(s / np.maximum(background, 1.0) * 160.0, 0, 255).astype(np.uint8)


def find_sheet(image: Array) -> Array | None:
    """Corners TL, TR, BR, BL (float32, image pixels) of a sheet of paper lying in the photo, or None.

    The plain paper score first; when it finds no sheet (a shadow across the sheet, a light table), the score with
    the lighting flattened (measured on the paper bench photos: 2 of 4 missed sheets found, none lost).
    """
    h, w = image.shape[:2]
    scale = min(1.0, _SIDE / max(h, w))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    score = _paper_score(small)
    found = _sheet_from(score, scale)
    if found is None:
        found = _sheet_from(_flattened(score), scale)
    if found is None and float((_border(_otsu(score)) > 0).mean()) < _BORDER_PAPER:
        found = _sheet_from_lines(small, score, scale)
    return found


def _otsu(score: Array) -> Array:
    return cv2.threshold(score, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def _sheet_from_lines(small: Array, score: Array, scale: float) -> Array | None:
    """The sheet as the best-supported quadrilateral of straight edges with the proportions of A4 once the perspective
    is taken out: for a white sheet among other white papers or on a light table, where no paper blob stands out.

    Its four sides must lie inside the frame, each on an edge along at least half its middle, it must cover
    ``LINES_MIN_AREA`` of the frame, and its sides must be steps from paper to something else (median
    :data:`MIN_STEP`): a box printed on a page is paper on both sides. Measured on the paper bench corpus: the 6
    sheets the paper score missed among its 30 desk photos were all found (IoU with the true outline 0.988–0.992,
    median steps 33–91), ~0.03 s each; on its 30 flatbed scans the best such quad has median steps of 15 at most
    (an inner box, or the page within a dark scanner margin), so scans pass through as before.
    """
    sh, sw = small.shape[:2]
    dx, dy = colour_gradient(small)
    edges = edge_map(dx, dy)
    quads = order_quads(line_proposals(small, edges))
    if len(quads) == 0:
        return None
    coverage = side_coverage(quads, oriented_support(edges, dx, dy))
    x, y = quads[..., 0], quads[..., 1]
    area = 0.5 * np.abs((x * np.roll(y, -1, axis=1) - y * np.roll(x, -1, axis=1)).sum(axis=1)) / float(sw * sh)
    aspect = np.nan_to_num(rectified_aspect(quads, sw, sh), nan=0.0)
    ok = (
        (area >= LINES_MIN_AREA)
        & (area <= MAX_AREA)
        & (np.abs(aspect - A4_ASPECT) < LINES_ASPECT_TOLERANCE)
        & ~cut_sides(quads, sw, sh).any(axis=1)
        & (coverage.min(axis=1) >= LINES_MIN_SUPPORT)
    )
    if not ok.any():
        return None
    best = int(np.argmax(np.where(ok, coverage.mean(axis=1) * np.sqrt(area), -1.0)))
    corners = order_corners(quads[best])
    steps = [st for st in edge_steps(score, corners) if st is not None]
    if len(steps) < 3 or float(np.median(steps)) < MIN_STEP:
        return None
    quad: Array = (corners / scale).astype(np.float32)
    return quad


def _sheet_from(score: Array, scale: float) -> Array | None:
    _, mask = cv2.threshold(score, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if float((_border(mask) > 0).mean()) >= _BORDER_PAPER:
        return None
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    sh, sw = mask.shape[:2]
    area = cv2.contourArea(outline) / float(sh * sw)
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    rough = None
    for eps in (0.01, 0.02, 0.03, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            rough = order_corners(approx.reshape(4, 2)).astype(np.float64)
            break
    if rough is None:
        return None
    fitted = _fit_corners(outline.reshape(-1, 2).astype(np.float64), rough)
    corners = rough if fitted is None else fitted
    if cv2.contourArea(corners.astype(np.float32)) < 0.8 * cv2.contourArea(hull):
        return None
    steps = [st for st in edge_steps(score, corners) if st is not None]
    if len(steps) < 2 or min(steps) < MIN_STEP:
        return None  # the "sheet" is the bright part of an unevenly lit scan: its outline is a slope, not an edge
    quad: Array = (order_corners(corners) / scale).astype(np.float32)
    return quad


def warp_sheet(image: Array, quad: Array) -> Array:
    """The sheet warped to a rectangle of its real aspect ratio, at about the photo's resolution."""
    q = order_corners(quad)
    h, w = image.shape[:2]
    horizontal, vertical = side_lengths(q)
    ratio = float(rectified_aspect(q[None], w, h)[0])
    long_px = max(horizontal, vertical)
    if not np.isfinite(ratio) or ratio < 1.0:
        ratio = long_px / max(1.0, min(horizontal, vertical))
    if vertical >= horizontal:
        out_w, out_h = round(long_px / ratio), round(long_px)
    else:
        out_w, out_h = round(long_px), round(long_px / ratio)
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(q.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
