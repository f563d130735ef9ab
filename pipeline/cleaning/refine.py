"""Snap a rough card quadrilateral to the card's four straight edges.

Each side of the rough quad is searched along its normal: colour profiles are sampled across the side (averaged
over a few pixels along it), the strongest colour-gradient peaks of each profile are located to a fraction of a
pixel, and a straight line is fitted to them robustly (RANSAC over the peaks, then weighted least squares on the
inliers). Only the middle of each side is used, so the card's rounded corners do not pull the lines inward; the
corners are the intersections of adjacent lines. A side with too little edge support (occluded, washed out, or
lying along the frame border) keeps its rough position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

_END_MARGIN = 0.1  # share of each side left out at both ends (rounded corners, rough corner positions)
_STRONGEST = 2  # peaks kept per profile: the strongest ones ...
_OUTERMOST = 2  # ... and the outermost ones
_HYPOTHESES = 96
_MAX_TILT = np.cos(np.radians(12.0))  # a fitted side may turn at most this much from the rough side
_MIN_SUPPORT = 0.3  # share of profiles that must agree on a line for the side to move


@dataclass(frozen=True)
class Snapped:
    quad: Array  # float64 (4, 2), TL, TR, BR, BL
    support: tuple[float, float, float, float]  # share of profiles on each fitted side (top, right, bottom, left)
    contrast: tuple[float, float, float, float]  # median gradient of the inlier peaks of each side


def _sample(image: Array, xs: Array, ys: Array) -> Array:
    """Bilinear samples of a BGR ``image`` at float coordinates (replicating the border), as float32."""
    h, w = image.shape[:2]
    x0 = int(max(0, np.floor(xs.min()) - 1))
    y0 = int(max(0, np.floor(ys.min()) - 1))
    x1 = int(min(w, np.ceil(xs.max()) + 2))
    y1 = int(min(h, np.ceil(ys.max()) + 2))
    if x1 <= x0 or y1 <= y0:  # entirely outside the frame: the nearest border pixels
        x0, y0 = min(max(0, x0), w - 1), min(max(0, y0), h - 1)
        x1, y1 = x0 + 1, y0 + 1
    roi = image[y0:y1, x0:x1]
    map_x = (xs - x0).astype(np.float32).reshape(xs.shape[0], -1)
    map_y = (ys - y0).astype(np.float32).reshape(xs.shape[0], -1)
    out = np.asarray(cv2.remap(roi, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), np.float32)
    return out.reshape(*xs.shape, *image.shape[2:])


def _peaks(image: Array, p0: Array, p1: Array, reach: float, along: int) -> tuple[Array, Array, Array] | None:
    """Gradient peaks across the side p0→p1: positions (N, K, 2), strengths (N, K) (0 = none), offsets (N, K)."""
    side = p1 - p0
    length = float(np.hypot(*side))
    if length < 8:
        return None
    u = side / length
    n = np.array([u[1], -u[0]])  # outward for a clockwise quad in image coordinates
    count = int(np.clip(length / 4, 12, 48))
    ts = np.linspace(_END_MARGIN, 1 - _END_MARGIN, count) * length
    step = max(1.0, reach / 24)
    offsets = np.arange(-reach, reach + step / 2, step)
    taps = (np.arange(along) - (along - 1) / 2) * 1.0
    base = p0[None, :] + ts[:, None] * u[None, :]  # (N, 2)
    pts = (
        base[:, None, None, :] + offsets[None, :, None, None] * n[None, None, None, :] + taps[None, None, :, None] * u
    )  # (N, M, A, 2)
    samples = _sample(image, pts[..., 0], pts[..., 1])
    if samples.ndim == 3:
        samples = samples[..., None]
    profiles = samples.mean(axis=2)  # (N, M, C)
    deriv = (profiles[:, 2:] - profiles[:, :-2]) / (2 * step)
    mag = np.sqrt((deriv**2).sum(axis=2))  # (N, M-2)
    mag = np.pad(mag, ((0, 0), (1, 1)), mode="edge")
    mag = (mag[:, :-2] + 2 * mag[:, 1:-1] + mag[:, 2:]) / 4  # smoothed, back to (N, M-2)
    mids = offsets[1:-1]
    left, centre, right = mag[:, :-2], mag[:, 1:-1], mag[:, 2:]
    is_peak = (centre >= left) & (centre > right)
    strongest = np.where(is_peak, centre, 0.0)
    typical = float(np.percentile(strongest.max(axis=1), 75))
    level = max(min(3.0 * float(np.median(mag)), 0.5 * typical), 0.05 * typical, 1e-3)
    strongest = np.where(strongest >= level, strongest, 0.0)
    # The strongest peaks, and the outermost ones: a faint card edge can lie just outside strong print.
    by_strength = np.argsort(-strongest, axis=1, kind="stable")[:, :_STRONGEST]
    ranks = np.where(strongest > 0, np.arange(strongest.shape[1])[None, :], -1)
    by_position = np.argsort(-ranks, axis=1, kind="stable")[:, :_OUTERMOST]
    order = np.concatenate([by_strength, by_position], axis=1)  # (N, K) indices into the interior
    rows = np.arange(count)[:, None]
    value = strongest[rows, order]
    denom = left[rows, order] - 2 * centre[rows, order] + right[rows, order]
    shift = np.where(denom < 0, 0.5 * (left[rows, order] - right[rows, order]) / np.where(denom < 0, denom, -1), 0.0)
    offset = mids[1:-1][order] + np.clip(shift, -0.5, 0.5) * step
    positions = base[:, None, :] + offset[..., None] * n[None, None, :]
    return positions, value, offset


def _fit_line(positions: Array, strength: Array, direction: Array, tol: float) -> tuple[Array, Array, float, float]:
    """RANSAC + weighted least squares: (point, unit direction, support share, median inlier strength)."""
    count, per = strength.shape
    valid = strength > 0
    flat = np.flatnonzero(valid.ravel())
    if flat.size < 2:
        return positions[0, 0], direction, 0.0, 0.0
    rng = np.random.default_rng(7)
    a = rng.choice(flat, _HYPOTHESES)
    b = rng.choice(flat, _HYPOTHESES)
    pa = positions.reshape(-1, 2)[a]
    pb = positions.reshape(-1, 2)[b]
    d = pb - pa
    norm = np.hypot(d[:, 0], d[:, 1])
    ok = (np.abs(a // per - b // per) >= count / 4) & (norm > 0)
    d = d / np.where(norm > 0, norm, 1)[:, None]
    ok &= np.abs(d @ direction) >= _MAX_TILT
    if not ok.any():
        return positions[0, 0], direction, 0.0, 0.0
    pa, d = pa[ok], d[ok]
    normals = np.stack([-d[:, 1], d[:, 0]], axis=1)  # (H, 2)
    dist = np.abs(np.einsum("hc,nkc->hnk", normals, positions) - (normals * pa).sum(axis=1)[:, None, None])
    dist = np.where(valid[None], dist, np.inf)
    near = dist.min(axis=2) < tol  # (H, N)
    score = near.sum(axis=1) + 0.001 * np.where(near, strength.max(axis=1)[None], 0).sum(axis=1) / (
        strength.max() + 1e-9
    )
    best = int(np.argmax(score))
    point, unit = pa[best], d[best]
    for _ in range(2):
        normal = np.array([-unit[1], unit[0]])
        dist = np.abs((positions - point) @ normal)
        dist = np.where(valid, dist, np.inf)
        pick = np.argmin(dist, axis=1)
        rows = np.arange(count)
        chosen = dist[rows, pick] < tol
        if chosen.sum() < 2:
            break
        pts = positions[rows, pick][chosen]
        wts = strength[rows, pick][chosen]
        centre = (pts * wts[:, None]).sum(axis=0) / wts.sum()
        cov = ((pts - centre) * wts[:, None]).T @ (pts - centre)
        _, vecs = np.linalg.eigh(cov)
        unit = vecs[:, 1] if vecs[:, 1] @ direction >= 0 else -vecs[:, 1]
        point = centre
    normal = np.array([-unit[1], unit[0]])
    dist = np.where(valid, np.abs((positions - point) @ normal), np.inf)
    inliers = dist.min(axis=1) < tol
    support = float(inliers.mean())
    contrast = float(np.median(strength.max(axis=1)[inliers])) if inliers.any() else 0.0
    return point, unit, support, contrast


def _intersect(p: Array, u: Array, q: Array, v: Array) -> Array | None:
    m = np.array([[u[0], -v[0]], [u[1], -v[1]]])
    if abs(np.linalg.det(m)) < 1e-3:
        return None
    s, _ = np.linalg.solve(m, q - p)
    return p + s * u


def snap(image: Array, quad: Array, reach: float, tol: float = 1.0, along: int = 3) -> Snapped:
    """Fit the four sides of ``quad`` (TL, TR, BR, BL, clockwise) to edges within ``reach`` px of it in ``image``."""
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    lines: list[tuple[Array, Array]] = []
    support: list[float] = []
    contrast: list[float] = []
    for k in range(4):
        p0, p1 = q[k], q[(k + 1) % 4]
        length = float(np.hypot(*(p1 - p0)))
        direction = (p1 - p0) / max(length, 1e-9)
        found = _peaks(image, p0, p1, reach, along)
        if found is None:
            lines.append((p0, direction))
            support.append(0.0)
            contrast.append(0.0)
            continue
        positions, strength, _ = found
        point, unit, share, level = _fit_line(positions, strength, direction, tol)
        if share < _MIN_SUPPORT:
            point, unit = p0, direction
        lines.append((point, unit))
        support.append(share)
        contrast.append(level)
    corners = []
    for k in range(4):
        (p, u), (r, v) = lines[k - 1], lines[k]
        corner = _intersect(p, u, r, v)
        limit = 0.25 * min(np.hypot(*(q[(k + 1) % 4] - q[k])), np.hypot(*(q[k - 1] - q[k])))
        if corner is None or np.hypot(*(corner - q[k])) > max(limit, 2 * reach):
            corner = q[k]
        corners.append(corner)
    return Snapped(
        np.array(corners, dtype=np.float64),
        (support[0], support[1], support[2], support[3]),
        (contrast[0], contrast[1], contrast[2], contrast[3]),
    )
