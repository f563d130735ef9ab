"""Card proposals from straight edges: Hough segments merged into lines, combined into quadrilaterals.

Four lines (two roughly parallel pairs crossing each other) give a whole outline. Three lines (a parallel pair and
one side across them) give a card whose fourth side is missing — washed out by glare, hidden by a thumb, or outside
the frame — completed with the ID-1 aspect ratio on the side where the pair's segments lie. Everything is vectorised
over all combinations; :func:`pipeline.cleaning.quads.prescore` ranks them.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.cleaning.quads import CARD_ASPECT, Array

_MAX_LINES = 24
_MERGE_DEG = 2.5
_MERGE_PX = 2.0
_MAX_SEGMENTS = 200
_MIN_OVERLAP = 0.3  # share of each side of a proposal that its line's segments must cover
_MAX_PARALLEL = 8  # lines kept in any one direction
_MAX_CONVERGENCE = 30.0  # degrees between opposite sides (perspective makes them converge)
_STEP_PX = 3.0  # colours compared this far either side of a segment ...
_MIN_STEP = 10.0  # ... must differ by this much (BGR distance)


def _segments(small_bgr: Array, edges: Array) -> Array:
    """Hough segments (x1, y1, x2, y2) along which the colour steps, longest first (thin lines — ruled paper, pen
    strokes, print — have the same colour on both sides and are dropped)."""
    h, w = edges.shape[:2]
    shortest = max(8, int(0.03 * min(h, w)))
    segs = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=shortest, minLineLength=shortest, maxLineGap=3)
    if segs is None:
        return np.zeros((0, 4), np.float64)
    segs = segs.reshape(-1, 4).astype(np.float64)
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    normal = np.stack([-d[:, 1], d[:, 0]], axis=1) / length[:, None]
    ts = np.linspace(0.15, 0.85, 6)[None, :, None]
    along = segs[:, None, :2] + ts * d[:, None, :]  # (S, 6, 2)
    sides = []
    for sign in (-1.0, 1.0):
        pts = np.rint(along + sign * _STEP_PX * normal[:, None, :])
        x = np.clip(pts[..., 0], 0, w - 1).astype(np.intp)
        y = np.clip(pts[..., 1], 0, h - 1).astype(np.intp)
        sides.append(small_bgr[y, x].astype(np.float32).mean(axis=1))
    step = np.sqrt(((sides[0] - sides[1]) ** 2).sum(axis=1))
    keep = step >= _MIN_STEP
    segs, length, d = segs[keep], length[keep], d[keep]
    order = np.argsort(-length)
    # At most a share of the segments in any one direction (rows of print, stripes), longest first.
    direction = np.rint((np.degrees(np.arctan2(d[order, 1], d[order, 0])) % 180.0) / 22.5).astype(np.intp) % 8
    rank = np.zeros(len(order), np.intp)
    for b in range(8):
        members = direction == b
        rank[members] = np.arange(int(members.sum()))
    order = order[rank < _MAX_SEGMENTS // 3]
    return np.asarray(segs[order][:_MAX_SEGMENTS])


def merged_lines(small_bgr: Array, edges: Array) -> tuple[Array, Array, Array, Array]:
    """Lines as (unit direction (L, 2), unit normal (L, 2), offset c with n·x = c (L,), extent (L, 2) along u)."""
    segs = _segments(small_bgr, edges)
    count = len(segs)
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    u = d / np.maximum(length, 1e-9)[:, None]
    u = np.where(((u[:, 0] < 0) | ((u[:, 0] == 0) & (u[:, 1] < 0)))[:, None], -u, u)
    n = np.stack([-u[:, 1], u[:, 0]], axis=1)
    # Segment j joins the line of segment i when nearly parallel and both its ends lie on that line.
    same_dir = np.abs(u @ u.T) >= np.cos(np.radians(_MERGE_DEG))
    ends = np.maximum(
        np.abs(n @ segs[:, :2].T - (n * segs[:, :2]).sum(axis=1)[:, None]),
        np.abs(n @ segs[:, 2:].T - (n * segs[:, :2]).sum(axis=1)[:, None]),
    )
    joins = same_dir & (ends <= _MERGE_PX)
    owner = np.full(count, -1)
    for i in range(count):  # longest first: each segment founds a line or joins the first line that takes it
        if owner[i] < 0:
            free = joins[i] & (owner < 0)
            owner[free] = i
            owner[i] = i
    heads = np.flatnonzero(owner == np.arange(count))
    if len(heads) == 0:
        empty = np.zeros((0, 2))
        return empty, empty, np.zeros(0), empty
    cover = np.bincount(owner, weights=length, minlength=count)[heads]
    keep = _diverse(heads[np.argsort(-cover)], u)
    # Extent of each line: the projections of its segments' ends on the line's direction.
    along = u[owner]
    t0 = (segs[:, :2] * along).sum(axis=1)
    t1 = (segs[:, 2:] * along).sum(axis=1)
    low = np.full(count, np.inf)
    high = np.full(count, -np.inf)
    np.minimum.at(low, owner, np.minimum(t0, t1))
    np.maximum.at(high, owner, np.maximum(t0, t1))
    offsets = (n[keep] * segs[keep, :2]).sum(axis=1)
    return u[keep], n[keep], offsets, np.stack([low[keep], high[keep]], axis=1)


def _diverse(ranked: Array, u: Array) -> Array:
    """The first :data:`_MAX_LINES` of ``ranked`` lines, at most :data:`_MAX_PARALLEL` of them in any one direction
    (bins of 11.25°): rows of print or a striped desk must not crowd out the card's other pair of sides."""
    direction = np.rint((np.degrees(np.arctan2(u[ranked, 1], u[ranked, 0])) % 180.0) / 11.25).astype(np.intp) % 16
    seen = np.zeros(len(ranked), np.intp)
    for b in np.unique(direction):
        members = direction == b
        seen[members] = np.arange(int(members.sum()))
    return np.asarray(ranked[seen < _MAX_PARALLEL][:_MAX_LINES])


def _crossings(n: Array, c: Array) -> Array:
    """(L, L, 2) intersection of every two lines (NaN for parallel ones)."""
    det = n[:, None, 0] * n[None, :, 1] - n[:, None, 1] * n[None, :, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (c[:, None] * n[None, :, 1] - c[None, :] * n[:, None, 1]) / det
        y = (n[:, None, 0] * c[None, :] - n[None, :, 0] * c[:, None]) / det
    out = np.stack([x, y], axis=2)
    out[np.abs(det) < 1e-3] = np.nan
    return out


def line_proposals(small_bgr: Array, edges: Array) -> Array:
    """Candidate quads (Q, 4, 2) from the straight edges of ``edges`` (a thin edge map of ``small_bgr``)."""
    h, w = edges.shape[:2]
    u, n, c, span = merged_lines(small_bgr, edges)
    count = len(u)
    if count < 3:
        return np.zeros((0, 4, 2))
    cross = _crossings(n, c)
    cos = np.abs(u @ u.T)
    ii, jj = np.triu_indices(count, 1)
    aligned = np.sign(np.einsum("ij,ij->i", n[ii], n[jj]))
    gap = np.abs(c[ii] - aligned * c[jj])
    parallel = (cos[ii, jj] >= np.cos(np.radians(_MAX_CONVERGENCE))) & (gap >= 0.03 * min(h, w))
    pa, pb = ii[parallel], jj[parallel]
    quads: list[Array] = []
    if len(pa) >= 2:
        p, q = np.triu_indices(len(pa), 1)
        across = cos[pa[p], pa[q]] <= np.cos(np.radians(50))
        a, b, cc, d = pa[p][across], pb[p][across], pa[q][across], pb[q][across]
        four = np.stack([cross[a, cc], cross[cc, b], cross[b, d], cross[d, a]], axis=1)
        seen = [_overlap(u, span, line, four[:, i], four[:, (i + 1) % 4]) for i, line in enumerate((cc, b, d, a))]
        quads.append(four[np.min(seen, axis=0) >= _MIN_OVERLAP])
    if len(pa) >= 1:
        quads.append(_three_line_quads(u, span, cross, cos, pa, pb))
    if not quads:
        return np.zeros((0, 4, 2))
    out = np.concatenate(quads)
    return np.asarray(out[np.isfinite(out).all(axis=(1, 2))])


def _overlap(u: Array, span: Array, line: Array, start: Array, end: Array) -> Array:
    """Share of each side start→end (on ``line``) that the line's observed segments cover."""
    t0 = np.einsum("ij,ij->i", u[line], start)
    t1 = np.einsum("ij,ij->i", u[line], end)
    lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
    covered = np.minimum(hi, span[line, 1]) - np.maximum(lo, span[line, 0])
    return np.asarray(np.clip(covered, 0, None) / np.maximum(hi - lo, 1e-9))


def _three_line_quads(u: Array, span: Array, cross: Array, cos: Array, pa: Array, pb: Array) -> Array:
    """A parallel pair (a, b) and a line c across both; the side opposite c comes from the aspect ratio."""
    count = len(u)
    grid_pair, grid_c = np.meshgrid(np.arange(len(pa)), np.arange(count), indexing="ij")
    pair_idx, c_idx = grid_pair.ravel(), grid_c.ravel()
    a, b = pa[pair_idx], pb[pair_idx]
    ok = (cos[a, c_idx] <= np.cos(np.radians(50))) & (c_idx != a) & (c_idx != b)
    a, b, cc = a[ok], b[ok], c_idx[ok]
    near_a, near_b = cross[a, cc], cross[b, cc]
    width = np.hypot(*(near_a - near_b).T)
    # Towards the middle of the pair's segments, from the side c.
    ua = u[a] * np.sign(span[a].mean(axis=1) - np.einsum("ij,ij->i", u[a], near_a))[:, None]
    ub = u[b] * np.sign(np.einsum("ij,ij->i", u[b], ua))[:, None]
    out = []
    across = _overlap(u, span, cc, near_a, near_b)
    for ratio in (CARD_ASPECT, 1 / CARD_ASPECT):
        depth = (width * ratio)[:, None]
        three = np.stack([near_a, near_b, near_b + ub * depth, near_a + ua * depth], axis=1)
        seen = np.minimum(
            across,
            np.minimum(_overlap(u, span, a, three[:, 0], three[:, 3]), _overlap(u, span, b, three[:, 1], three[:, 2])),
        )
        out.append(three[seen >= _MIN_OVERLAP])
    return np.concatenate(out)
