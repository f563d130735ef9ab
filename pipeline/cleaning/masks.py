"""Rough card proposals from masks of a downscaled image, and the edge maps they and the ranking use.

Edges are Canny edges of the colour gradient (the YCrCb channel that changes most, chroma counted double), with
thresholds from the image's own gradient level. Proposals are the blobs of filled closed outlines, the holes inside
edge rings (a card lying on a sheet of paper merges with it, but its own border still encloses a hole), the convex
hulls of outlines that are not closed (an edge lost in glare), and the blobs that differ in colour from the background
seen along the frame border. They are rough: :mod:`pipeline.cleaning.refine` snaps them to the card's edges.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.cleaning.quads import BIN_DEG, MIN_AREA, ORIENTATION_BINS, Array, order_corners


def colour_gradient(small_bgr: Array) -> tuple[Array, Array]:
    """Sobel derivatives (int16) of the YCrCb channel that changes most at each pixel (chroma counted double: a pale
    blue card on a white scanner bed differs from it mostly in colour)."""
    ycc = cv2.cvtColor(cv2.GaussianBlur(small_bgr, (3, 3), 0), cv2.COLOR_BGR2YCrCb)
    best_dx = best_dy = best = None
    for channel, weight in ((0, 1), (1, 2), (2, 2)):
        dx = cv2.Sobel(ycc[..., channel], cv2.CV_16S, 1, 0, scale=weight)
        dy = cv2.Sobel(ycc[..., channel], cv2.CV_16S, 0, 1, scale=weight)
        mag = np.abs(dx) + np.abs(dy)
        if best is None or best_dx is None or best_dy is None:
            best_dx, best_dy, best = dx, dy, mag
            continue
        stronger = mag > best
        best_dx = np.where(stronger, dx, best_dx)
        best_dy = np.where(stronger, dy, best_dy)
        best = np.maximum(mag, best)
    assert best_dx is not None and best_dy is not None
    return np.ascontiguousarray(best_dx, dtype=np.int16), np.ascontiguousarray(best_dy, dtype=np.int16)


def edge_map(dx: Array, dy: Array) -> Array:
    """Thin edges (Canny on the derivatives of :func:`colour_gradient`, thresholds from the image's own gradient
    level)."""
    typical = float(np.median(np.abs(dx[::4, ::4]) + np.abs(dy[::4, ::4])))
    low = min(max(20.0, 2.0 * typical), 80.0)  # a busy background must not silence every edge
    return np.asarray(cv2.Canny(dx, dy, low, 2.0 * low))


def oriented_support(edges: Array, dx: Array, dy: Array) -> Array:
    """(H, W, 8) bool: edge pixels whose gradient points within ±34° of each of 8 directions (0°, 22.5°, … mod
    180°), dilated by 3 px. A card side is supported by edges across it, not by texture running along it."""
    ys, xs = np.nonzero(edges)
    angle = np.degrees(np.arctan2(dy[ys, xs].astype(np.float32), dx[ys, xs].astype(np.float32))) % 180.0
    bins = np.rint(angle / BIN_DEG).astype(np.intp) % ORIENTATION_BINS
    maps = np.zeros((*edges.shape[:2], ORIENTATION_BINS), np.uint8)
    for shift in (-1, 0, 1):
        maps[ys, xs, (bins + shift) % ORIENTATION_BINS] = 1
    return np.asarray(cv2.dilate(maps, np.ones((7, 7), np.uint8)) > 0)


def edge_mask(edges: Array) -> Array:
    """Closed outlines filled, so that a card alone on the background becomes one solid blob."""
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(edges)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return np.asarray(cv2.morphologyEx(filled, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8)))


def outline_proposals(edges: Array) -> list[Array]:
    """Rough quads around the convex hull of each connected outline, closed or not (a card whose edge is lost in
    glare on one side still has a U-shaped outline)."""
    h, w = edges.shape[:2]
    contours, _ = cv2.findContours(
        cv2.dilate(edges, np.ones((3, 3), np.uint8)), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    found: list[Array] = []
    for contour in contours:
        if len(contour) >= 8 and cv2.contourArea(cv2.convexHull(contour)) >= MIN_AREA * h * w:
            found.extend(_quads_from_contour(contour))
    return found


def edge_holes(edges: Array) -> Array:
    """The insides of closed edge rings: a card that touches or lies on another object (a sheet of paper)
    merges with it in :func:`edge_mask`, but its own border still encloses a hole."""
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, hierarchy = cv2.findContours(edges, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    holes = np.zeros_like(edges)
    if hierarchy is None:
        return holes
    inner = [c for c, h in zip(contours, hierarchy[0], strict=True) if h[3] != -1]
    cv2.drawContours(holes, inner, -1, 255, thickness=cv2.FILLED)
    # Grow back what the dilation of the edges took from the hole.
    return np.asarray(cv2.dilate(holes, np.ones((3, 3), np.uint8), iterations=2))


def _fill_holes(mask: Array) -> Array:
    """Fill what the background cannot reach from the frame border (text and photo holes inside a card)."""
    h, w = mask.shape[:2]
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    seeds = np.zeros((h + 4, w + 4), np.uint8)
    cv2.floodFill(padded, seeds, (0, 0), 128)
    return np.where(padded[1:-1, 1:-1] == 128, 0, 255).astype(np.uint8)


def colour_mask(small_bgr: Array) -> Array:
    """Pixels whose colour differs from the background seen along the frame border, holes filled (worked out at half
    the size of ``small_bgr``, returned at its size)."""
    ycc = cv2.cvtColor(cv2.pyrDown(small_bgr), cv2.COLOR_BGR2YCrCb).astype(np.float32)
    ycc[..., 1:] *= 2.0
    h, w = ycc.shape[:2]
    band = max(3, min(h, w) // 30)
    border = np.concatenate(
        [
            ycc[:band].reshape(-1, 3),
            ycc[-band:].reshape(-1, 3),
            ycc[:, :band].reshape(-1, 3),
            ycc[:, -band:].reshape(-1, 3),
        ]
    )
    background = np.median(border, axis=0)
    spread = float(np.percentile(np.sqrt(((border - background) ** 2).sum(axis=1)), 90))
    diff = ycc - background
    distance = np.sqrt(cv2.transform(diff * diff, np.ones((1, 3), np.float32)))
    level = max(3.0 * spread, 8.0)
    mask = (distance > level).astype(np.uint8) * 255
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    opened = cv2.morphologyEx(_fill_holes(closed), cv2.MORPH_OPEN, np.ones((4, 4), np.uint8))
    size = (small_bgr.shape[1], small_bgr.shape[0])
    return np.asarray(cv2.resize(opened, size, interpolation=cv2.INTER_NEAREST))


def _quads_from_contour(contour: Array) -> list[Array]:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    found: list[Array] = []
    for eps in (0.02, 0.035, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            found.append(order_corners(approx.reshape(4, 2)).astype(np.float64))
            break
    found.append(order_corners(cv2.boxPoints(cv2.minAreaRect(hull))).astype(np.float64))
    return found


def mask_proposals(mask: Array) -> list[Array]:
    """Rough quads around each blob of ``mask`` large enough to be a card."""
    h, w = mask.shape[:2]
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Array] = []
    for contour in contours:
        if cv2.contourArea(contour) >= MIN_AREA * h * w:
            found.extend(_quads_from_contour(contour))
    return found
