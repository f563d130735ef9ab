"""Evidence, beyond edge support, that a quadrilateral is a card and not something else of its shape.

* Rounded corners: the corner radius of an ID-1 card is 3.18 mm, 3.7 % of its long side. Right at the intersection
  of two sides the colour is then the background's, while a square corner (a sheet of paper, a book, a screen, a
  printed box) has the object's own colour there. Each corner is compared with the colours just inside and just
  outside the two sides next to it, past the rounding.
* Sides that end at the corners: a quad with a side that has no edge while its neighbours' edges run on past its
  corners stops short inside a larger object.
* A card cut off by the frame really goes on out of the picture: no edge closes it just inside the frame border.
"""

from __future__ import annotations

import numpy as np

from pipeline.cleaning.quads import Array, cut_sides, inside_length
from pipeline.cleaning.refine import continuation, fit_sides, sample

WEAK_SIDE = 0.5  # a side with less edge support is checked for edges running on past its corners
CAPPED = 0.3  # weight of a quad taken as cut off by the frame although an edge closes it inside the frame
CORNER_RADIUS = 3.18 / 85.6  # of the long side (ID-1)
_MIN_RADIUS_PX = 4.0
_MIN_CONTRAST = 15.0  # colour distance between inside and outside below which a corner cannot tell

# Sample spots (a, b) in corner radii along the two sides from the corner, all within 1.3 radii of it: a larger
# neighbourhood would mix in unrelated surroundings (a patterned desk).
_VERTEX = ((0.08, 0.08), (0.15, 0.05), (0.05, 0.15))
_INSIDE = ((1.2, 0.35), (0.35, 1.2), (1.3, 0.6), (0.6, 1.3))
_OUTSIDE = ((1.2, -0.35), (-0.35, 1.2), (1.3, -0.6), (-0.6, 1.3))
_SPOTS = np.array(_VERTEX + _INSIDE + _OUTSIDE, dtype=np.float64)


def corner_roundness(image: Array, quads: Array) -> list[float | None]:
    """For each quad (Q, 4, 2; TL, TR, BR, BL), how much its corners look rounded like an ID-1 card's (1) rather
    than square (0): the median over the corners that can tell; None when fewer than two can (too small, low
    contrast, outside the frame)."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    h, w = image.shape[:2]
    e1 = np.roll(q, -1, axis=1) - q
    e2 = np.roll(q, 1, axis=1) - q
    len1 = np.hypot(e1[..., 0], e1[..., 1])
    len2 = np.hypot(e2[..., 0], e2[..., 1])
    radius = CORNER_RADIUS * np.maximum(len1, len2).max(axis=1)  # (Q,)
    e1 = e1 / np.maximum(len1, 1e-9)[..., None]
    e2 = e2 / np.maximum(len2, 1e-9)[..., None]
    r = radius[:, None, None, None]
    pts = q[:, :, None, :] + r * (
        _SPOTS[None, None, :, 0:1] * e1[:, :, None, :] + _SPOTS[None, None, :, 1:2] * e2[:, :, None, :]
    )
    colours = sample(image, pts[..., 0], pts[..., 1])  # (Q, 4, P, C)
    nv, ni = len(_VERTEX), len(_INSIDE)
    vertex = colours[:, :, :nv].mean(axis=2)
    inside = colours[:, :, nv : nv + ni].mean(axis=2)
    outside = colours[:, :, nv + ni :].mean(axis=2)
    span = inside - outside
    contrast = (span**2).sum(axis=2)
    t = ((vertex - outside) * span).sum(axis=2) / np.maximum(contrast, 1e-9)
    rounded = 1.0 - np.clip(t, 0.0, 1.0)  # (Q, 4)
    margin = radius[:, None]
    in_frame = (
        (q[..., 0] >= margin) & (q[..., 0] <= w - 1 - margin) & (q[..., 1] >= margin) & (q[..., 1] <= h - 1 - margin)
    )
    can_tell = in_frame & (contrast >= _MIN_CONTRAST**2) & (radius[:, None] >= _MIN_RADIUS_PX)
    out: list[float | None] = []
    for i in range(len(q)):
        values = rounded[i][can_tell[i]]
        out.append(float(np.median(values)) if len(values) >= 2 else None)
    return out


def overrun_weights(image: Array, quads: Array, supports: Array) -> Array:
    """Down-weight quads whose weakly supported side has the neighbouring sides' edges running on past its corners:
    such a quad stops short inside a larger object (a side placed by the aspect ratio across a card half lost in
    glare, or across a sheet of paper)."""
    h, w = image.shape[:2]
    weak = (supports < WEAK_SIDE) & ~cut_sides(quads, w, h)
    owners, sides = np.nonzero(weak)
    if len(owners) == 0:
        return np.ones(len(quads))
    q = quads[owners]
    a, b = q[np.arange(len(q)), sides], q[np.arange(len(q)), (sides + 1) % 4]
    before, after = q[np.arange(len(q)), (sides - 1) % 4], q[np.arange(len(q)), (sides + 2) % 4]
    corners = np.concatenate([a, b])
    runs = np.concatenate([a - before, b - after])
    lengths = np.hypot(runs[:, 0], runs[:, 1])
    shares = continuation(image, corners, runs / np.maximum(lengths, 1e-9)[:, None], lengths, reach=3.0)
    over = (shares[: len(q)] + shares[len(q) :]) / 2
    weights = np.ones(len(quads))
    np.multiply.at(weights, owners, 1.0 - 0.8 * over)
    return weights


def capped_weight(image: Array, quad: Array, cut: int | None) -> float:
    """Down-weight a quad taken as cut off by the frame when an edge runs across it just inside the frame border:
    the object ends there (a sheet of paper, a book), it does not go on out of the picture."""
    if cut is None:
        return 1.0
    h, w = image.shape[:2]
    a, b, c, d = cut, (cut + 1) % 4, (cut + 2) % 4, (cut + 3) % 4
    exits = []
    for corner, base in ((a, d), (b, c)):
        run = quad[corner] - quad[base]
        exits.append(quad[base] + run / np.hypot(*run) * inside_length(quad[base], quad[corner], w, h))
    across = exits[1] - exits[0]
    length = float(np.hypot(*across))
    if length < 8:
        return 1.0
    inward = np.array([across[1], -across[0]]) / length * -1.0  # the cut side runs a→b clockwise: outward is left
    reach = max(4.0, 0.12 * length)
    p0, p1 = exits[0] + inward * reach, exits[1] + inward * reach
    _, _, share = fit_sides(image, p0[None], p1[None], np.array([reach]), tol=1.2, along=1)
    return CAPPED if share[0] >= 0.6 else 1.0
