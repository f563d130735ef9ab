"""Find ID cards in a photo or scan and warp each to a canonical, landscape image.

Corners are ordered top-left, top-right, bottom-right, bottom-left in the source image's pixels (the
convention of :mod:`models.geometry`). Two detectors propose quadrilaterals on a downscaled copy — edges
(Canny → contours → 4-point polygons) and colour difference from the background seen along the frame border —
and candidates are scored by area, fill of their polygon and closeness to the ID-1 aspect ratio (85.6 × 54 mm).
Up to two non-overlapping cards are returned (front and back side by side). When nothing card-like stands out,
the whole frame is returned as one region (``method="frame"``): a tightly cropped card or a scan of a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CARD_ASPECT = 85.6 / 53.98
CANONICAL_SIZE = (1200, 757)  # width, height of a straightened card (≈ 356 dpi)
_DETECT_SIDE = 640
_MIN_AREA = 0.04  # of the frame
_MAX_AREA = 0.97


@dataclass(frozen=True)
class Region:
    quad: np.ndarray  # float32 (4, 2): TL, TR, BR, BL in source pixels
    score: float
    method: str

    @property
    def area(self) -> float:
        return float(cv2.contourArea(self.quad.astype(np.float32)))


def order_corners(points: np.ndarray) -> np.ndarray:
    """Order 4 points TL, TR, BR, BL (by angle around the centroid, starting top-left)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting anywhere
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def side_lengths(quad: np.ndarray) -> tuple[float, float]:
    """Mean length of the top/bottom sides and of the left/right sides."""
    q = quad.astype(np.float64)
    horizontal = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    vertical = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    return float(horizontal), float(vertical)


def _aspect_score(quad: np.ndarray) -> float:
    h, v = side_lengths(quad)
    if min(h, v) < 1:
        return 0.0
    aspect = max(h, v) / min(h, v)
    return float(np.exp(-(((aspect - CARD_ASPECT) / 0.22) ** 2)))


def _quad_from_contour(contour: np.ndarray) -> tuple[np.ndarray, float] | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.015, 0.025, 0.035, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2)), 1.0
    rect = cv2.boxPoints(cv2.minAreaRect(hull))
    return order_corners(rect), 0.8


def _candidates(mask: np.ndarray, method: str) -> list[Region]:
    h, w = mask.shape[:2]
    frame = float(h * w)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Region] = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < _MIN_AREA * frame:
            continue
        made = _quad_from_contour(contour)
        if made is None:
            continue
        quad, shape_factor = made
        quad_area = cv2.contourArea(quad)
        if quad_area <= 0 or quad_area > _MAX_AREA * frame:
            continue
        fill = min(1.0, area / quad_area)
        score = (quad_area / frame) ** 0.5 * fill**2 * _aspect_score(quad) * shape_factor
        if score > 0.05:
            found.append(Region(quad, float(score), method))
    return found


def _edges(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    median = float(np.median(blurred))
    edges = cv2.Canny(blurred, int(max(10, 0.5 * median)), int(min(255, max(40, 1.2 * median))))
    return cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)


def _edge_mask(edges: np.ndarray) -> np.ndarray:
    """Closed outlines filled, so that a card alone on the background becomes one solid blob."""
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(edges)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return cv2.morphologyEx(filled, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))


def _edge_holes(edges: np.ndarray) -> np.ndarray:
    """The insides of closed edge rings: a card that touches or lies on another object (a sheet of paper)
    merges with it in :func:`_edge_mask`, but its own border still encloses a hole."""
    contours, hierarchy = cv2.findContours(edges, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    holes = np.zeros_like(edges)
    if hierarchy is None:
        return holes
    inner = [c for c, h in zip(contours, hierarchy[0], strict=True) if h[3] != -1]
    cv2.drawContours(holes, inner, -1, 255, thickness=cv2.FILLED)
    # Grow back what the dilation of the edges took from the hole.
    return cv2.dilate(holes, np.ones((3, 3), np.uint8), iterations=3)


def _line_params(seg: np.ndarray) -> tuple[float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in seg)
    angle = float(np.degrees(np.arctan2(y2 - y1, x2 - x1))) % 180.0
    theta = np.radians(angle + 90.0)
    rho = x1 * np.cos(theta) + y1 * np.sin(theta)
    return angle, float(rho), float(np.hypot(x2 - x1, y2 - y1))


def _intersect(l1: tuple[float, float], l2: tuple[float, float]) -> tuple[float, float] | None:
    (a1, r1), (a2, r2) = l1, l2
    t1, t2 = np.radians(a1 + 90.0), np.radians(a2 + 90.0)
    m = np.array([[np.cos(t1), np.sin(t1)], [np.cos(t2), np.sin(t2)]])
    if abs(np.linalg.det(m)) < 1e-6:
        return None
    x, y = np.linalg.solve(m, np.array([r1, r2]))
    return float(x), float(y)


def _support(quad: np.ndarray, edges: np.ndarray) -> float:
    """Share of the quad's perimeter that lies on an edge."""
    h, w = edges.shape[:2]
    hits = total = 0
    for i in range(4):
        p, q = quad[i], quad[(i + 1) % 4]
        n = max(2, int(np.hypot(*(q - p)) / 3))
        xs = np.linspace(p[0], q[0], n).round().astype(int)
        ys = np.linspace(p[1], q[1], n).round().astype(int)
        inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        total += n
        hits += int(np.count_nonzero(edges[ys[inside], xs[inside]]))
    return hits / total if total else 0.0


def _line_candidates(gray: np.ndarray, dilated: np.ndarray) -> list[Region]:
    """Quads from straight edges (Hough): a card whose outline is broken or merged with another object."""
    h, w = gray.shape[:2]
    thin = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 20, 60)
    segs = cv2.HoughLinesP(thin, 1, np.pi / 180, threshold=40, minLineLength=int(0.12 * min(h, w)), maxLineGap=12)
    if segs is None:
        return []
    lines = sorted((_line_params(s) for s in segs.reshape(-1, 4)), key=lambda t: -t[2])
    distinct: list[tuple[float, float]] = []
    for angle, rho, _ in lines:
        if all(min(abs(angle - a), 180 - abs(angle - a)) > 4 or abs(rho - r) > 12 for a, r in distinct):
            distinct.append((angle, rho))
        if len(distinct) >= 14:
            break
    found: list[Region] = []
    frame = float(h * w)
    for i, la in enumerate(distinct):
        for lb in distinct[i + 1 :]:
            if min(abs(la[0] - lb[0]), 180 - abs(la[0] - lb[0])) > 20 or abs(la[1] - lb[1]) < 0.1 * min(h, w):
                continue
            for j, lc in enumerate(distinct):
                for ld in distinct[j + 1 :]:
                    d_ac = min(abs(la[0] - lc[0]), 180 - abs(la[0] - lc[0]))
                    if d_ac < 60 or min(abs(lc[0] - ld[0]), 180 - abs(lc[0] - ld[0])) > 20:
                        continue
                    corners = [_intersect(la, lc), _intersect(lc, lb), _intersect(lb, ld), _intersect(ld, la)]
                    if any(c is None for c in corners):
                        continue
                    pts = np.array(corners, dtype=np.float32)
                    if (pts[:, 0] < -0.05 * w).any() or (pts[:, 0] > 1.05 * w).any():
                        continue
                    if (pts[:, 1] < -0.05 * h).any() or (pts[:, 1] > 1.05 * h).any():
                        continue
                    quad = order_corners(pts)
                    area = cv2.contourArea(quad)
                    if not _MIN_AREA * frame < area < _MAX_AREA * frame or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
                        continue
                    score = (area / frame) ** 0.5 * _support(quad, dilated) ** 2 * _aspect_score(quad)
                    if score > 0.05:
                        found.append(Region(quad, float(score), "lines"))
    found.sort(key=lambda r: -r.score)
    return found[:5]


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """Fill what the background cannot reach from the frame border (text and photo holes inside a card)."""
    h, w = mask.shape[:2]
    flood = mask.copy()
    seeds = np.zeros((h + 2, w + 2), np.uint8)
    for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
        if flood[y, x] == 0:
            cv2.floodFill(flood, seeds, (x, y), 128)
    return np.where(flood == 128, 0, 255).astype(np.uint8)


def _colour_mask(small_bgr: np.ndarray) -> np.ndarray:
    lab = cv2.cvtColor(cv2.GaussianBlur(small_bgr, (7, 7), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    h, w = lab.shape[:2]
    band = max(4, min(h, w) // 25)
    border = np.concatenate(
        [lab[:band].reshape(-1, 3), lab[-band:].reshape(-1, 3), lab[:, :band].reshape(-1, 3), lab[:, -band:].reshape(-1, 3)]
    )
    background = np.median(border, axis=0)
    spread = float(np.percentile(np.linalg.norm(border - background, axis=1), 90))
    distance = np.linalg.norm(lab - background, axis=2)
    level = max(3.0 * spread, 6.0)
    mask = (distance > level).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    mask = _fill_holes(mask)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))


def _iou(a: Region, b: Region) -> float:
    pa, pb = a.quad.astype(np.float32), b.quad.astype(np.float32)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = a.area + b.area - inter
    return float(inter / union) if union > 0 else 0.0


def find_cards(image: np.ndarray, max_cards: int = 2) -> list[Region]:
    """Card regions in ``image`` (BGR), best first; the whole frame when no card stands out."""
    h, w = image.shape[:2]
    scale = _DETECT_SIDE / max(h, w)
    small = cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = _edges(gray)
    candidates = (
        _candidates(_edge_mask(edges), "edges")
        + _candidates(_edge_holes(edges), "edge-holes")
        + _candidates(_colour_mask(small), "colour")
    )
    if not candidates or max(c.score for c in candidates) < 0.35:
        candidates += _line_candidates(gray, edges)
    candidates.sort(key=lambda r: -r.score)
    chosen: list[Region] = []
    for cand in candidates:
        if any(_iou(cand, c) > 0.1 for c in chosen):
            continue
        if chosen and (cand.score < 0.5 * chosen[0].score or not 0.5 < cand.area / chosen[0].area < 2.0):
            continue
        chosen.append(cand)
        if len(chosen) == max_cards:
            break
    if not chosen:
        frame = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
        return [Region(frame, 0.0, "frame")]
    regions = [Region((c.quad / scale).astype(np.float32), c.score, c.method) for c in chosen]
    # Left-to-right, then top-to-bottom reading order for side-by-side cards.
    return sorted(regions, key=lambda r: (round(float(r.quad[:, 1].mean()) / (h / 3)), float(r.quad[:, 0].mean())))


def warp(image: np.ndarray, quad: np.ndarray, size: tuple[int, int] = CANONICAL_SIZE) -> np.ndarray:
    """Perspective-warp the region to ``size`` (landscape); a portrait quad is turned a quarter clockwise."""
    q = order_corners(quad)
    horizontal, vertical = side_lengths(q)
    if vertical > horizontal:
        q = np.roll(q, -1, axis=0)  # the left side becomes the top
    w, h = size
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(q.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
