"""Quadrilateral geometry and card likeness.

Quads are (4, 2) or (Q, 4, 2) arrays of corners TL, TR, BR, BL (clockwise in image coordinates). A card is scored
by the share of each side that lies on an edge across it, by its aspect ratio — the sides' mean ratio, or the ratio
of the rectangle a pinhole camera would see as this quad — and by its size. A side along the frame border or mostly
outside the frame is *cut*: the card goes on out of the picture there, and :func:`complete` places that side from
the ID-1 aspect ratio.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

CARD_ASPECT = 85.6 / 53.98
MIN_AREA = 0.003  # of the frame: a card narrower than ~8 % of the frame width is not looked for
MAX_AREA = 0.985
BORDER_PX = 2.0  # a side this close to the frame edge lies along the border
CUT_SUPPORT = 0.6  # stand-in edge support of a side cut off by the frame border
ORIENTATION_BINS = 8  # gradient directions of :func:`pipeline.cleaning.masks.oriented_support`, over 180°
BIN_DEG = 180.0 / ORIENTATION_BINS  # width of one bin
_FOCAL = 0.8  # a phone camera's focal length over the image's long side (≈ 70° field of view)


def order_corners(points: Array) -> Array:
    """Order 4 points TL, TR, BR, BL (by angle around the centroid, starting top-left)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting anywhere
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def order_quads(quads: Array) -> Array:
    """:func:`order_corners` for quads (Q, 4, 2) whose corners already run around the outline (either way)."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    x, y = q[..., 0], q[..., 1]
    signed = (x * np.roll(y, -1, axis=1) - y * np.roll(x, -1, axis=1)).sum(axis=1)
    q = np.where((signed < 0)[:, None, None], q[:, ::-1], q)
    start = np.argmin(q.sum(axis=2), axis=1)
    idx = (start[:, None] + np.arange(4)[None, :]) % 4
    return np.take_along_axis(q, idx[..., None], axis=1)


def side_lengths(quad: Array) -> tuple[float, float]:
    """Mean length of the top/bottom sides and of the left/right sides."""
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    horizontal = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    vertical = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    return float(horizontal), float(vertical)


def rectified_aspect(quads: Array, width: int, height: int) -> Array:
    """(Q,) long/short side ratio of the rectangle each quad (TL, TR, BR, BL) is the perspective image of, for a
    pinhole camera centred on the frame with the focal length the quad itself implies (Zhang & He, "Whiteboard
    scanning and image enhancement", 2007), or a phone camera's typical one when that is implausible (a trapezoid or
    parallelogram does not fix it)."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    m = np.concatenate([q - [(width - 1) / 2, (height - 1) / 2], np.ones((len(q), 4, 1))], axis=2)
    m1, m2, m4, m3 = m[:, 0], m[:, 1], m[:, 2], m[:, 3]  # the paper's order: (0,0), (w,0), (0,h), (w,h)
    c14 = np.cross(m1, m4)
    with np.errstate(divide="ignore", invalid="ignore"):
        k2 = (c14 * m3).sum(axis=1) / (np.cross(m2, m4) * m3).sum(axis=1)
        k3 = (c14 * m2).sum(axis=1) / (np.cross(m3, m4) * m2).sum(axis=1)
        n2 = k2[:, None] * m2 - m1
        n3 = k3[:, None] * m3 - m1
        f2 = -(n2[:, 0] * n3[:, 0] + n2[:, 1] * n3[:, 1]) / (n2[:, 2] * n3[:, 2])
        size = float(max(width, height))
        plausible = (f2 > (0.4 * size) ** 2) & (f2 < (5.0 * size) ** 2)
        f2 = np.where(plausible, f2, (_FOCAL * size) ** 2)
        ratio2 = (n2[:, 0] ** 2 + n2[:, 1] ** 2 + f2 * n2[:, 2] ** 2) / (
            n3[:, 0] ** 2 + n3[:, 1] ** 2 + f2 * n3[:, 2] ** 2
        )
        ratio = np.sqrt(ratio2)
        ratio = np.maximum(ratio, 1 / ratio)
    return np.asarray(np.where(np.isfinite(ratio), ratio, np.nan))


def quad_area(quad: Array) -> float:
    return float(cv2.contourArea(np.asarray(quad, dtype=np.float32).reshape(4, 2)))


def quad_iou(a: Array, b: Array) -> float:
    pa, pb = np.asarray(a, dtype=np.float32).reshape(4, 2), np.asarray(b, dtype=np.float32).reshape(4, 2)
    try:
        inter, _ = cv2.intersectConvexConvex(pa, pb)
    except cv2.error:
        return 0.0
    union = quad_area(pa) + quad_area(pb) - inter
    return float(inter / union) if union > 0 else 0.0


def quad_overlap(a: Array, b: Array) -> float:
    """Intersection over the smaller of the two areas."""
    pa, pb = np.asarray(a, dtype=np.float32).reshape(4, 2), np.asarray(b, dtype=np.float32).reshape(4, 2)
    try:
        inter, _ = cv2.intersectConvexConvex(pa, pb)
    except cv2.error:
        return 0.0
    smaller = min(quad_area(pa), quad_area(pb))
    return float(inter / smaller) if smaller > 0 else 0.0


# Scoring --------------------------------------------------------------------------------------------------------------


def cut_sides(quads: Array, width: int, height: int) -> Array:
    """(Q, 4) bool: the side lies along the frame border or mostly (70 %) outside the frame: the card is cut off
    there."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    p0, p1 = q, np.roll(q, -1, axis=1)
    ts = np.linspace(0.1, 0.9, 9)[None, None, :, None]
    pts = p0[:, :, None, :] + ts * (p1 - p0)[:, :, None, :]
    x, y = pts[..., 0], pts[..., 1]
    m = BORDER_PX
    outside = ((x < m) | (x > width - 1 - m) | (y < m) | (y > height - 1 - m)).mean(axis=2)
    return np.asarray(outside >= 0.7)


def side_coverage(quads: Array, support: Array) -> Array:
    """(Q, 4): share of the middle of each side that lies on an edge across it (``support`` from
    :func:`oriented_support`), inside the frame."""
    h, w = support.shape[:2]
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    p0, p1 = q, np.roll(q, -1, axis=1)
    d = p1 - p0
    normal = (np.degrees(np.arctan2(-d[..., 0], d[..., 1])) % 180.0) / BIN_DEG
    bins = (np.rint(normal).astype(np.intp) % ORIENTATION_BINS)[:, :, None]
    ts = np.linspace(0.1, 0.9, 16)[None, None, :, None]
    pts = np.rint(p0[:, :, None, :] + ts * d[:, :, None, :])
    x, y = pts[..., 0], pts[..., 1]
    inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
    xi = np.clip(x, 0, w - 1).astype(np.intp)
    yi = np.clip(y, 0, h - 1).astype(np.intp)
    hit = support[yi, xi, np.broadcast_to(bins, xi.shape)] & inside
    return np.asarray(hit.sum(axis=2) / np.maximum(inside.sum(axis=2), 1))


def plausible(quads: Array, width: int, height: int) -> Array:
    """(Q,) bool: convex, of a card's size range, with a card-like shape at all (cheap, before any sampling)."""
    return np.asarray(quad_scores(quads, np.ones((len(quads), 4)), width, height) > 0.05)


def quad_scores(quads: Array, support: Array, width: int, height: int) -> Array:
    """(Q,) card likeness from per-side edge ``support`` (Q, 4), the ID-1 aspect ratio and size; 0 for a quad that is
    not convex, too small or large, or cut off on more than two sides. A cut side counts as half supported."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    edges = np.roll(q, -1, axis=1) - q
    lengths = np.hypot(edges[..., 0], edges[..., 1])
    turns = edges[:, :, 0] * np.roll(edges, -1, axis=1)[:, :, 1] - edges[:, :, 1] * np.roll(edges, -1, axis=1)[:, :, 0]
    convex = (turns > 0).all(axis=1) | (turns < 0).all(axis=1)
    x, y = q[..., 0], q[..., 1]
    area = 0.5 * np.abs((x * np.roll(y, -1, axis=1) - y * np.roll(x, -1, axis=1)).sum(axis=1))
    share = area / (width * height)
    long_pair = (lengths[:, 0] + lengths[:, 2]) / 2
    short_pair = (lengths[:, 1] + lengths[:, 3]) / 2
    aspect = np.maximum(long_pair, short_pair) / np.maximum(np.minimum(long_pair, short_pair), 1e-6)
    shape = np.exp(-(((aspect - CARD_ASPECT) / 0.3) ** 2))
    # Under strong perspective the sides' mean ratio is far off; the rectified ratio is not.
    seen = rectified_aspect(q, width, height)
    shape = np.maximum(shape, np.nan_to_num(np.exp(-(((seen - CARD_ASPECT) / 0.3) ** 2)), nan=0.0))
    cut = cut_sides(q, width, height)
    sides = np.sort(np.where(cut, CUT_SUPPORT, support), axis=1)
    edge_score = (0.5 * sides[:, 0] + sides[:, 1:].sum(axis=1)) / 3.5
    # A side with no edge at all is less likely than four partly seen ones (glare, a thumb).
    edge_score *= 0.7 + 0.3 * np.minimum(1.0, sides[:, 0] / 0.3)
    ok = convex & (share >= MIN_AREA) & (share <= MAX_AREA) & (cut.sum(axis=1) <= 2)
    return np.asarray(np.where(ok, edge_score**2 * shape * share**0.15, 0.0))


def inside_length(p: Array, q: Array, width: int, height: int) -> float:
    """Length of the segment p→q from p (inside the frame) to where it leaves the frame, or to q."""
    d = q - p
    t = 1.0
    for axis, limit in ((0, width - 1.0), (1, height - 1.0)):
        if d[axis] > 0:
            t = min(t, (limit - p[axis]) / d[axis])
        elif d[axis] < 0:
            t = min(t, -p[axis] / d[axis])
    return max(0.0, t) * float(np.hypot(*d))


def complete(quad: Array, side: int, width: int, height: int) -> Array:
    """Place ``side`` of ``quad`` — a card cut off by the frame there — where the ID-1 aspect ratio puts it: the two
    sides running into it are prolonged from the opposite, whole side. The whole side is taken as the long one unless
    more of the card than its short side is visible; the length allows for the perspective implied by the two sides
    converging (assuming equal scale along and across the card at the whole side)."""
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2).copy()
    a, b = side, (side + 1) % 4  # the corners of the cut side
    c, d = (side + 2) % 4, (side + 3) % 4  # the whole side: b runs from c, a from d
    whole = float(np.hypot(*(q[c] - q[d])))
    da, db = q[a] - q[d], q[b] - q[c]
    if whole < 1 or min(np.hypot(*da), np.hypot(*db)) < 1:
        return q
    ua, ub = da / np.hypot(*da), db / np.hypot(*db)
    visible = (inside_length(q[d], q[a], width, height) + inside_length(q[c], q[b], width, height)) / 2
    ratio = 1 / CARD_ASPECT if visible <= 1.05 * whole / CARD_ASPECT else CARD_ASPECT
    if visible > 1:
        far = float(np.hypot(*((q[d] + ua * visible) - (q[c] + ub * visible))))
        slope = (far - whole) / visible
    else:
        slope = 0.0
    length = whole * ratio / max(0.5, 1.0 - slope * ratio)
    q[a] = q[d] + ua * length
    q[b] = q[c] + ub * length
    return q
