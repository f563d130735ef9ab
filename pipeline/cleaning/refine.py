"""Snap rough card quadrilaterals to the card's straight edges, to a fraction of a pixel.

Each side is searched along its normal: colour profiles are sampled across the side (averaged over a few pixels
along it), the colour-gradient peaks of each profile that are steps (the colours either side differ — not a thin
line such as ruled paper or print) are located to a fraction of a pixel, and a straight line is fitted to them
robustly: RANSAC over the peaks, among lines with about as many profiles the one nearest the rough side, then
weighted least squares on the inliers. Only the middle 80 % of each side is used, so the card's rounded corners do
not pull the lines inward; corners are the intersections of adjacent lines. A side with too little edge support
(occluded, washed out, or along the frame border) keeps its rough position.

All sides of all quads are processed together (arrays with a leading side axis): numpy's per-call overhead, not
arithmetic, is what costs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

_PROFILES = 24  # profiles across each side
_HALF = 12  # samples either side of the rough side along each profile
_END_MARGIN = 0.1  # share of each side left out at both ends (rounded corners, rough corner positions)
_STRONGEST = 2  # peaks kept per profile: the strongest ones ...
_OUTERMOST = 2  # ... and the outermost ones (a faint card edge can lie just outside strong print)
_MIN_STEP = 1.2  # colour jump across a peak over its gradient, in pixels: a step edge, not a line
_HYPOTHESES = 64
_MAX_TILT = float(np.cos(np.radians(12.0)))  # a fitted side may turn at most this much from the rough side
_AWAY_COST = 0.15  # RANSAC score lost (share of profiles) by a line at the full reach from the rough side
_MIN_SUPPORT = 0.3  # share of profiles that must agree on a line for the side to move
_RETRY_SUPPORT = 0.6  # a side with less support is searched again farther out (when asked to)


@dataclass(frozen=True)
class Snapped:
    quad: Array  # float64 (4, 2), TL, TR, BR, BL
    support: tuple[float, float, float, float]  # share of profiles on each fitted side (top, right, bottom, left)


@dataclass(frozen=True)
class _Peaks:
    positions: Array  # (S, N, K, 2) image coordinates
    strength: Array  # (S, N, K), 0 where there is no peak
    usable: Array  # (S,) profiles inside the frame


def sample(image: Array, xs: Array, ys: Array) -> Array:
    """Bilinear samples (float32, border replicated) of ``image`` at float coordinates of any shape."""
    shape = xs.shape
    map_x = np.ascontiguousarray(xs.reshape(shape[0], -1), dtype=np.float32)
    map_y = np.ascontiguousarray(ys.reshape(shape[0], -1), dtype=np.float32)
    out = np.asarray(cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), np.float32)
    return out.reshape(*shape, -1)


def _peaks(image: Array, p0: Array, p1: Array, reach: Array, along: int, profiles: int = _PROFILES) -> _Peaks:
    """Step-edge peaks across the sides p0→p1 (S, 2) within ``reach`` (S,) px of them, on ``profiles`` profiles."""
    h, w = image.shape[:2]
    vec = p1 - p0
    length = np.maximum(np.hypot(vec[:, 0], vec[:, 1]), 1e-9)
    u = vec / length[:, None]
    n = np.stack([u[:, 1], -u[:, 0]], axis=1)  # outward for a clockwise quad in image coordinates
    step = reach / _HALF  # (S,)
    ts = np.linspace(_END_MARGIN, 1 - _END_MARGIN, profiles)[None, :] * length[:, None]  # (S, N)
    base = p0[:, None, :] + ts[..., None] * u[:, None, :]  # (S, N, 2)
    offsets = np.arange(-_HALF, _HALF + 1)[None, :] * step[:, None]  # (S, M)
    taps = np.arange(along) - (along - 1) / 2
    pts = (
        base[:, :, None, None, :]
        + offsets[:, None, :, None, None] * n[:, None, None, None, :]
        + taps[None, None, None, :, None] * u[:, None, None, None, :]
    )  # (S, N, M, A, 2)
    inside = (base[..., 0] >= 1) & (base[..., 0] <= w - 2) & (base[..., 1] >= 1) & (base[..., 1] <= h - 2)
    colours = sample(image, pts[..., 0], pts[..., 1]).mean(axis=3)  # (S, N, M, C)
    count = colours.shape[2]
    deriv = (colours[:, :, 2:] - colours[:, :, :-2]) / (2 * step[:, None, None, None])
    mag = np.sqrt((deriv**2).sum(axis=3))  # (S, N, M-2)
    padded = np.concatenate([mag[:, :, :1], mag, mag[:, :, -1:]], axis=2)
    mag = (padded[:, :, :-2] + 2 * padded[:, :, 1:-1] + padded[:, :, 2:]) / 4
    left, centre, right = mag[:, :, :-2], mag[:, :, 1:-1], mag[:, :, 2:]  # centre: profile samples 2 … M-3
    is_peak = (centre >= left) & (centre > right) & inside[:, :, None]
    # A step, not a thin line: the colours k samples either side of the peak must differ (ruled paper, print).
    k = np.clip(np.rint(2.0 / step), 2, _HALF // 2).astype(np.intp)
    jump = np.empty_like(centre)
    pad = _HALF // 2
    padded = np.concatenate([np.repeat(colours[:, :, :1], pad, 2), colours, np.repeat(colours[:, :, -1:], pad, 2)], 2)
    for size in np.unique(k):  # sides sharing a k: plain slices, no gathering
        group = k == size
        lo = padded[group, :, pad + 2 - size : pad + count - 2 - size]
        hi = padded[group, :, pad + 2 + size : pad + count - 2 + size]
        jump[group] = np.sqrt(((hi - lo) ** 2).sum(axis=3))
    is_peak &= jump >= _MIN_STEP * centre * step[:, None, None]
    strongest = np.where(is_peak, centre, 0.0)
    typical = np.percentile(strongest.max(axis=2), 75, axis=1)  # (S,)
    level = np.maximum(np.maximum(np.minimum(2.0 * mag.mean(axis=(1, 2)), 0.5 * typical), 0.05 * typical), 1e-3)
    strongest = np.where(strongest >= level[:, None, None], strongest, 0.0)
    # The strongest peaks and the outermost ones (a faint card edge can lie just outside strong print).
    by_strength = np.argsort(-strongest, axis=2, kind="stable")[:, :, :_STRONGEST]
    ranks = np.where(strongest > 0, np.arange(strongest.shape[2])[None, None, :], -1)
    by_position = np.argsort(-ranks, axis=2, kind="stable")[:, :, :_OUTERMOST]
    order = np.concatenate([by_strength, by_position], axis=2)  # (S, N, K) indices into ``centre``
    value = np.take_along_axis(strongest, order, axis=2)
    lv, cv, rv = (np.take_along_axis(a, order, axis=2) for a in (left, centre, right))
    denom = lv - 2 * cv + rv
    shift = np.where(denom < 0, 0.5 * (lv - rv) / np.where(denom < 0, denom, -1.0), 0.0)
    offset = (order + 2 - _HALF + np.clip(shift, -0.5, 0.5)) * step[:, None, None]
    positions = base[:, :, None, :] + offset[..., None] * n[:, None, None, :]
    return _Peaks(positions, value, inside.sum(axis=1))


def _fit_lines(peaks: _Peaks, p0: Array, p1: Array, reach: Array, tol: float) -> tuple[Array, Array, Array]:
    """RANSAC + weighted least squares for each side: points (S, 2), unit directions (S, 2), support shares (S,)."""
    pos, strength = peaks.positions, peaks.strength
    sides, count, per = strength.shape
    vec = p1 - p0
    direction = vec / np.maximum(np.hypot(vec[:, 0], vec[:, 1]), 1e-9)[:, None]
    middle = (p0 + p1) / 2
    valid = strength > 0
    flat_valid = valid.reshape(sides, -1)
    available = flat_valid.sum(axis=1)  # (S,)
    ranked = np.argsort(~flat_valid, axis=1, kind="stable")  # valid peaks first
    rng = np.random.default_rng(7)
    picks = (rng.random((2, sides, _HYPOTHESES)) * np.maximum(available, 1)[None, :, None]).astype(np.intp)
    a = np.take_along_axis(ranked, picks[0], axis=1)
    b = np.take_along_axis(ranked, picks[1], axis=1)
    flat_pos = pos.reshape(sides, -1, 2)
    pa = np.take_along_axis(flat_pos, a[..., None], axis=1)  # (S, H, 2)
    pb = np.take_along_axis(flat_pos, b[..., None], axis=1)
    d = pb - pa
    norm = np.hypot(d[..., 0], d[..., 1])
    d = d / np.maximum(norm, 1e-9)[..., None]
    ok = (np.abs(a // per - b // per) >= count / 4) & (norm > 0) & (available[:, None] >= 2)
    ok &= np.abs((d * direction[:, None, :]).sum(axis=2)) >= _MAX_TILT
    normals = np.stack([-d[..., 1], d[..., 0]], axis=2)  # (S, H, 2)
    offs = (normals * pa).sum(axis=2)  # (S, H)
    # Distances of every peak to every hypothesis (S, H, N·K), in float32: the bulk of the work.
    far = np.where(valid[..., None], pos, 1e6).reshape(sides, 1, -1, 2).astype(np.float32)
    nx = normals[..., 0:1].astype(np.float32)
    ny = normals[..., 1:2].astype(np.float32)
    dist = np.abs(nx * far[..., 0] + ny * far[..., 1] - offs[..., None].astype(np.float32))
    near = (dist < tol).reshape(sides, -1, count, per).any(axis=3)  # (S, H, N)
    away = np.abs((normals * middle[:, None, :]).sum(axis=2) - offs) / np.maximum(reach, 1e-9)[:, None]
    score = near.sum(axis=2) - _AWAY_COST * peaks.usable[:, None] * away
    score = np.where(ok, score, -np.inf)
    best = np.argmax(score, axis=1)
    found = np.isfinite(score[np.arange(sides), best])
    rows = np.arange(sides)
    point = np.where(found[:, None], pa[rows, best], p0)
    unit = np.where(found[:, None], d[rows, best], direction)
    for _ in range(2):
        normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)
        dist = np.abs(((pos - point[:, None, None, :]) * normal[:, None, None, :]).sum(axis=3))
        dist = np.where(valid, dist, np.inf)
        pick = np.argmin(dist, axis=2)  # (S, N)
        closest = np.take_along_axis(dist, pick[..., None], axis=2)[..., 0]
        chosen = closest < tol
        pts = np.take_along_axis(pos, pick[..., None, None], axis=2)[:, :, 0]  # (S, N, 2)
        wts = np.where(chosen, np.take_along_axis(strength, pick[..., None], axis=2)[..., 0], 0.0)
        total = wts.sum(axis=1)
        enough = chosen.sum(axis=1) >= 2
        centre = (pts * wts[..., None]).sum(axis=1) / np.maximum(total, 1e-9)[:, None]
        rel = pts - centre[:, None, :]
        cxx = (wts * rel[..., 0] ** 2).sum(axis=1)
        cyy = (wts * rel[..., 1] ** 2).sum(axis=1)
        cxy = (wts * rel[..., 0] * rel[..., 1]).sum(axis=1)
        theta = 0.5 * np.arctan2(2 * cxy, cxx - cyy)
        fitted = np.stack([np.cos(theta), np.sin(theta)], axis=1)
        fitted *= np.where((fitted * direction).sum(axis=1) < 0, -1.0, 1.0)[:, None]
        point = np.where(enough[:, None], centre, point)
        unit = np.where(enough[:, None], fitted, unit)
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)
    dist = np.abs(((pos - point[:, None, None, :]) * normal[:, None, None, :]).sum(axis=3))
    inliers = (np.where(valid, dist, np.inf).min(axis=2) < tol).sum(axis=1)
    share = np.where(found, inliers / np.maximum(peaks.usable, 1), 0.0)
    share = np.where(peaks.usable >= max(4, 0.25 * count), share, 0.0)
    weak = share < _MIN_SUPPORT
    return np.where(weak[:, None], p0, point), np.where(weak[:, None], direction, unit), share


def fit_sides(
    image: Array,
    p0: Array,
    p1: Array,
    reach: Array,
    tol: float,
    along: int = 3,
    wide: float = 1.0,
    profiles: int = _PROFILES,
) -> tuple[Array, Array, Array]:
    """The edge line near each side p0→p1 (S, 2): points, unit directions and support shares. Sides with little
    support are searched again ``wide`` times as far (a side placed by the aspect ratio alone can be farther off)."""
    point, unit, share = _fit_lines(_peaks(image, p0, p1, reach, along, profiles), p0, p1, reach, tol)
    retry = np.flatnonzero(share < _RETRY_SUPPORT) if wide > 1 else np.zeros(0, np.intp)
    if len(retry):
        far = reach[retry] * wide
        peaks = _peaks(image, p0[retry], p1[retry], far, along, profiles)
        found = _fit_lines(peaks, p0[retry], p1[retry], far, tol)
        better = found[2] > share[retry] + 0.1
        take = retry[better]
        point[take], unit[take], share[take] = found[0][better], found[1][better], found[2][better]
    return point, unit, share


def _intersect(p: Array, u: Array, q: Array, v: Array) -> tuple[Array, Array]:
    """Intersections of lines p + s·u and q + t·v (…, 2), and where they exist (not nearly parallel)."""
    det = u[..., 0] * (-v[..., 1]) - u[..., 1] * (-v[..., 0])
    ok = np.abs(det) > 1e-3
    rhs = q - p
    s = (rhs[..., 0] * (-v[..., 1]) - rhs[..., 1] * (-v[..., 0])) / np.where(ok, det, 1.0)
    return p + s[..., None] * u, ok


def snap(
    image: Array,
    quads: Array,
    reach: Array | float,
    tol: float = 1.0,
    along: int = 3,
    wide: float = 1.0,
    profiles: int = _PROFILES,
) -> list[Snapped]:
    """Fit the four sides of each quad (Q, 4, 2; TL, TR, BR, BL, clockwise) to the edges within ``reach`` px, on
    ``profiles`` profiles per side."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    count = len(q)
    if count == 0:
        return []
    reaches = np.broadcast_to(np.asarray(reach, dtype=np.float64), (count,))
    p0 = q.reshape(-1, 2)
    p1 = np.roll(q, -1, axis=1).reshape(-1, 2)
    point, unit, share = fit_sides(image, p0, p1, np.repeat(reaches, 4), tol, along, wide, profiles)
    point, unit, share = point.reshape(count, 4, 2), unit.reshape(count, 4, 2), share.reshape(count, 4)
    corners, ok = _intersect(np.roll(point, 1, axis=1), np.roll(unit, 1, axis=1), point, unit)
    sides = np.hypot(*(np.roll(q, -1, axis=1) - q).transpose(2, 0, 1))  # (Q, 4): side k runs from corner k
    limit = np.maximum(0.25 * np.minimum(sides, np.roll(sides, 1, axis=1)), 2 * reaches[:, None] * max(wide, 1.0))
    moved = np.hypot(*(corners - q).transpose(2, 0, 1))
    corners = np.where((ok & (moved <= limit))[..., None], corners, q)
    return [Snapped(corners[i], (share[i, 0], share[i, 1], share[i, 2], share[i, 3])) for i in range(count)]


def continuation(
    image: Array, corners: Array, directions: Array, lengths: Array, reach: float, tol: float = 1.2
) -> Array:
    """(S,) share of each line through ``corners`` along ``directions`` that still lies on an edge past the corner
    (from 3 % to 30 % of ``lengths`` beyond it) about as strong as the edge just before the corner. A true card
    corner ends its sides; a quad cut short inside a larger object (a side placed across a card half lost in glare,
    or across a sheet of paper) does not."""
    count = len(corners)
    if count == 0:
        return np.zeros(0)
    span = lengths[:, None] * directions
    starts = np.concatenate([corners + 0.03 * span, corners - 0.30 * span])
    ends = np.concatenate([corners + 0.30 * span, corners - 0.03 * span])
    peaks = _peaks(image, starts, ends, np.full(2 * count, reach), 1)
    unit = np.concatenate([directions, directions])
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)
    dist = np.abs(((peaks.positions - starts[:, None, None, :]) * normal[:, None, None, :]).sum(axis=3))
    on_line = np.where((dist < tol) & (peaks.strength > 0), peaks.strength, 0.0).max(axis=2)  # (2S, N)
    before = on_line[count:]
    level = np.array([np.median(row[row > 0]) if (row > 0).sum() >= 3 else np.inf for row in before])
    beyond = (on_line[:count] >= 0.5 * level[:, None]).sum(axis=1)
    return np.asarray(np.where(peaks.usable[:count] >= 4, beyond / np.maximum(peaks.usable[:count], 1), 0.0))
