"""Find ID cards in a photo or scan and warp each to a canonical, landscape image.

Corners are ordered top-left, top-right, bottom-right, bottom-left in the source image's pixels (the
convention of :mod:`models.geometry`).

1. Rough quadrilaterals are proposed on a copy with a long side of 640 px: blobs of three masks (filled edge
   outlines, holes inside edge rings, colour difference from the background along the frame border), hulls of
   edge outlines (:mod:`pipeline.cleaning.masks`), and straight edges combined four or three at a time
   (:mod:`pipeline.cleaning.lines`). They are ranked (:mod:`pipeline.cleaning.quads`) by how much of each side
   lies on an edge across it, by closeness to the ID-1 aspect ratio (85.6 × 53.98 mm, allowing for perspective)
   and by size.
2. The best few are snapped to the straight edges near them (:mod:`pipeline.cleaning.refine`) and scored again on
   that evidence; a quad with a side that has no edge while its neighbours run on past it (it stops inside a larger
   object) is down-weighted.
3. The leading candidates are fitted again on the full-resolution image, to a fraction of a pixel, and weighed by
   how rounded their corners look (:mod:`pipeline.cleaning.checks`: a card's are, a sheet of paper's are not).
4. Up to ``max_cards`` non-overlapping cards of similar size are kept, in reading order (front and back side by
   side).

On a grey sheet of paper (a photocopy of a card's front and back, "bản photo") the cards are also looked for from
their content (:mod:`pipeline.cleaning.copies`): the copier washes their outline out. Those cards are returned
(``method="copy"``) unless a card found from its outline holds one of them and is clearly larger (a photo or QR code
printed on a card scanned in grey).

A card cut off by the frame on one side is returned as the *full* card quad, extrapolated from its three visible
sides with the ID-1 aspect ratio: its outside corners lie beyond the image, which is what
:func:`pipeline.quality.region_cut_off` reports. When nothing card-like stands out, or the card fills the frame,
the whole frame is returned as one region (``method="frame"``): a tightly cropped card, a screenshot, a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.cleaning.checks import capped_weight, corner_roundness, overrun_weights
from pipeline.cleaning.copies import find_copy_cards, paper_level
from pipeline.cleaning.lines import line_proposals
from pipeline.cleaning.masks import (
    colour_gradient,
    colour_mask,
    edge_holes,
    edge_map,
    edge_mask,
    mask_proposals,
    oriented_support,
    outline_proposals,
)
from pipeline.cleaning.quads import (
    CARD_ASPECT,
    Array,
    complete,
    cut_sides,
    order_corners,
    order_quads,
    plausible,
    quad_area,
    quad_iou,
    quad_overlap,
    quad_scores,
    side_coverage,
    side_lengths,
)
from pipeline.cleaning.refine import Snapped, snap

__all__ = ["CANONICAL_SIZE", "CARD_ASPECT", "Region", "find_cards", "order_corners", "side_lengths", "warp"]

CANONICAL_SIZE = (1200, 757)  # width, height of a straightened card (≈ 356 dpi)
_DETECT_SIDE = 640
_MID_SIDE = 2400  # the copy search reads the image at about this size (a photocopied A4 page at 200–300 dpi)
_SNAPPED = 8  # best proposals snapped to the edges and scored again
_REFINED = 5  # leading candidates fitted again on the full-resolution image
_MIN_SCORE = 0.25
_UNKNOWN_ROUNDNESS = 0.75  # score weight when the corners cannot tell rounded from square
_UNKNOWN_ROUNDNESS_CUT = 0.5  # the same for a quad cut off by the frame: it has only two corners to show
_FRAME_ASPECT_TOLERANCE = 0.12  # a frame this close to the ID-1 aspect ratio may itself be the card ...
_FRAME_CARD_SCORE = 0.55  # ... unless a candidate inside it scores at least this
_LARGER = 1.3  # a card found from its outline this much larger than one found on a photocopy inside it wins


@dataclass(frozen=True)
class Region:
    quad: np.ndarray  # float32 (4, 2): TL, TR, BR, BL in source pixels
    score: float
    method: str

    @property
    def area(self) -> float:
        return float(cv2.contourArea(self.quad.astype(np.float32)))


@dataclass(frozen=True)
class _Candidate:
    quad: Array  # float64 (4, 2), TL, TR, BR, BL
    score: float
    method: str
    cut: int | None  # the side cut off by the frame border, if exactly one
    support: tuple[float, ...] = ()  # edge support of each side


def _frame_region(width: int, height: int) -> Region:
    frame = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    return Region(frame, 0.0, "frame")


def _with_cut_completed(quad: Array, width: int, height: int) -> tuple[Array, int | None]:
    cut = np.flatnonzero(cut_sides(quad, width, height)[0])
    if len(cut) != 1:
        return quad, None
    return complete(quad, int(cut[0]), width, height), int(cut[0])


def _downscale(image: Array) -> tuple[Array, float, Array]:
    """The image with its long side at most :data:`_DETECT_SIDE` (halved by 2 × 2 averaging while at least twice too
    large — much faster than one area resize by an odd factor), its scale, and the first of the halvings with a long
    side of at most :data:`_MID_SIDE` (or the image itself: the copy search reads it)."""
    h, w = image.shape[:2]
    small = image
    mid = image
    while max(small.shape[:2]) >= 2 * _DETECT_SIDE:
        half = (small.shape[1] // 2, small.shape[0] // 2)
        small = cv2.resize(small[: 2 * half[1], : 2 * half[0]], half, interpolation=cv2.INTER_AREA)
        if max(mid.shape[:2]) > _MID_SIDE:
            mid = small
    if max(small.shape[:2]) > _DETECT_SIDE:
        factor = _DETECT_SIDE / max(small.shape[:2])
        size = (max(1, round(small.shape[1] * factor)), max(1, round(small.shape[0] * factor)))
        small = cv2.resize(small, size, interpolation=cv2.INTER_LINEAR)  # by less than 2: linear is enough
    return small, (small.shape[1] / w + small.shape[0] / h) / 2, mid


def _proposals(small: Array) -> tuple[Array, list[str], Array]:
    """Rough quads (P, 4, 2), the method that proposed each, and the oriented edge support for ranking them."""
    h, w = small.shape[:2]
    dx, dy = colour_gradient(small)
    edges = edge_map(dx, dy)
    from_masks = [(q, "edges") for q in mask_proposals(edge_mask(edges))]
    from_masks += [(q, "edge-holes") for q in mask_proposals(edge_holes(edges))]
    from_masks += [(q, "outline") for q in outline_proposals(edges)]
    from_masks += [(q, "colour") for q in mask_proposals(colour_mask(small))]
    # Half the size again: fine texture (print, weave, grain) blurs away and a card's outline closes.
    half = cv2.pyrDown(small)
    coarse = edge_map(*colour_gradient(half))
    from_masks += [(q * 2.0, "edges") for q in mask_proposals(edge_mask(coarse))]
    from_masks += [(q * 2.0, "edge-holes") for q in mask_proposals(edge_holes(coarse))]
    quads = np.array([order_corners(q) for q, _ in from_masks], dtype=np.float64).reshape(-1, 4, 2)
    cut = cut_sides(quads, w, h)
    for i in np.flatnonzero(cut.sum(axis=1) == 1):  # the visible part of a card cut off by the frame: complete it
        quads[i] = complete(quads[i], int(np.argmax(cut[i])), w, h)
    methods = [m for _, m in from_masks]
    lines = order_quads(line_proposals(small, edges))
    stacked = np.concatenate([quads, lines])
    return stacked, methods + ["lines"] * len(lines), oriented_support(edges, dx, dy)


def _candidates(small: Array) -> list[_Candidate]:
    """Proposals ranked on the edge map, the best snapped to the edges and scored again, best first."""
    h, w = small.shape[:2]
    quads, methods, support = _proposals(small)
    if len(quads) == 0:
        return []
    keep = plausible(quads, w, h)
    quads, methods = quads[keep], [m for m, k in zip(methods, keep, strict=True) if k]
    rough = quad_scores(quads, side_coverage(quads, support), w, h)
    kept: list[int] = []
    for i in np.argsort(-rough):
        if rough[i] <= 0.02 or len(kept) == _SNAPPED:
            break
        if all(quad_iou(quads[i], quads[k]) < 0.9 for k in kept):
            kept.append(int(i))
    if not kept:
        return []
    short = np.array([min(side_lengths(quads[i])) for i in kept])
    snapped = snap(small, quads[kept], np.clip(0.06 * short, 4, 12), tol=1.2, along=1, wide=2.5, profiles=16)
    completed = [_with_cut_completed(s.quad, w, h) for s in snapped]
    fitted = np.array([q for q, _ in completed])
    supports = np.array([s.support for s in snapped])
    scores = quad_scores(fitted, supports, w, h) * overrun_weights(small, fitted, supports)
    scores *= np.array([capped_weight(small, q, cut) for q, (_, cut) in zip(fitted, completed, strict=True)])
    found = [
        _Candidate(fitted[j], float(scores[j]), methods[i], completed[j][1], snapped[j].support)
        for j, i in enumerate(kept)
        if scores[j] > 0
    ]
    return sorted(found, key=lambda c: -c.score)


def _leading(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates worth refining: within reach of the best score and not a near copy of a better one."""
    kept: list[_Candidate] = []
    for cand in candidates:
        if cand.score < max(_MIN_SCORE, 0.4 * candidates[0].score) or len(kept) == _REFINED:
            break
        if all(quad_iou(cand.quad, k.quad) < 0.7 for k in kept):
            kept.append(cand)
    return kept


def _refined(image: Array, candidates: list[_Candidate], scale: float) -> list[_Candidate]:
    """``candidates`` fitted again on the full-resolution ``image`` (source pixels), each score weighed by how
    rounded the corners look (an ID-1 card's are, a sheet of paper's or a book's are not)."""
    if not candidates:
        return []
    h, w = image.shape[:2]
    snapped: list[Snapped] = snap(image, np.array([c.quad for c in candidates]) / scale, 2.0 / scale + 2.0, tol=1.2)
    quads = [
        s.quad if c.cut is None else complete(s.quad, c.cut, w, h) for s, c in zip(snapped, candidates, strict=True)
    ]
    roundness = corner_roundness(image, np.array(quads))
    out = []
    for cand, quad, snap_, rounded in zip(candidates, quads, snapped, roundness, strict=True):
        if rounded is None:
            weight = _UNKNOWN_ROUNDNESS if cand.cut is None else _UNKNOWN_ROUNDNESS_CUT
        else:
            weight = 0.3 + 0.7 * rounded
        out.append(_Candidate(quad, cand.score * weight, cand.method, cand.cut, snap_.support))
    return sorted(out, key=lambda c: -c.score)


def _choose(candidates: list[_Candidate], max_cards: int) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for cand in candidates:
        if cand.score < _MIN_SCORE:
            break
        if any(quad_overlap(cand.quad, c.quad) > 0.1 for c in chosen):
            continue
        if chosen:
            first = chosen[0]
            ratio = quad_area(cand.quad) / quad_area(first.quad)
            if cand.score < 0.45 * first.score or not 0.6 < ratio < 1.6 or cand.cut is not None:
                continue
        chosen.append(cand)
        if len(chosen) == max_cards:
            break
    return chosen


def _reading_order(regions: list[Region]) -> list[Region]:
    """Rows top to bottom (a region whose centre lies level with a row's first region joins that row), each row
    left to right."""
    rows: list[list[Region]] = []
    for region in sorted(regions, key=lambda r: float(r.quad[:, 1].mean())):
        centre = float(region.quad[:, 1].mean())
        if rows and float(rows[-1][0].quad[:, 1].min()) <= centre <= float(rows[-1][0].quad[:, 1].max()):
            rows[-1].append(region)
        else:
            rows.append([region])
    return [r for row in rows for r in sorted(row, key=lambda r: float(r.quad[:, 0].mean()))]


def _frame_is_card(cand: _Candidate, width: int, height: int) -> bool:
    """A frame of the card's own shape (a tight crop, a scan cut to the card) holding no convincing card of its own:
    the quads found are then print on the card (its photo, a barcode, a text block)."""
    shaped = abs(max(width, height) / min(width, height) - CARD_ASPECT) < _FRAME_ASPECT_TOLERANCE
    return shaped and cand.score < _FRAME_CARD_SCORE and quad_area(cand.quad) < 0.8 * width * height


def _fills_frame(quad: Array, width: int, height: int) -> bool:
    frame = _frame_region(width, height).quad
    limit = 0.015 * max(width, height)
    return bool((np.hypot(*(quad - frame).T) < limit).all())


def _parts_of_cards(copies: list[Region], chosen: list[_Candidate], width: int, height: int) -> bool:
    """Whether a card found from its outline (not the frame) holds one found on a photocopy and is clearly larger: the
    latter is then a box printed on a card (its photo, a QR code, a fingerprint box) scanned or photographed in
    grey."""
    for cand in chosen:
        if _fills_frame(cand.quad, width, height):
            continue
        for copy in copies:
            if quad_overlap(cand.quad, copy.quad) > 0.9 and quad_area(cand.quad) > _LARGER * copy.area:
                return True
    return False


def find_cards(image: np.ndarray, max_cards: int = 2) -> list[Region]:
    """Card regions in ``image`` (BGR), in reading order; the whole frame when no card stands out."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    image = np.ascontiguousarray(image)  # OpenCV would copy a strided view at every step
    h, w = image.shape[:2]
    small, scale, mid = _downscale(image)
    chosen = _choose(_refined(image, _leading(_candidates(small)), scale), max_cards)
    level = paper_level(small)
    if level is not None:  # a grey sheet: maybe a photocopy, whose cards show little or no outline
        factor = w // mid.shape[1]  # mid is the image halved k times: 2**k
        copies = [
            Region(((c.quad + 0.5) * factor - 0.5).astype(np.float32), c.score, "copy")
            for c in find_copy_cards(mid, small, level, max_cards)
        ]
        if copies and not _parts_of_cards(copies, chosen, w, h):
            return _reading_order(copies)
    if not chosen or (len(chosen) == 1 and (_fills_frame(chosen[0].quad, w, h) or _frame_is_card(chosen[0], w, h))):
        return [_frame_region(w, h)]
    return _reading_order([Region(c.quad.astype(np.float32), c.score, c.method) for c in chosen])


def warp(image: np.ndarray, quad: np.ndarray, size: tuple[int, int] = CANONICAL_SIZE) -> np.ndarray:
    """Perspective-warp the region to ``size`` (landscape); a portrait quad is turned a quarter counter-clockwise
    (its right side becomes the top; which way up the text runs is settled later)."""
    q = order_corners(quad)
    horizontal, vertical = side_lengths(q)
    if vertical > horizontal:
        q = np.roll(q, -1, axis=0)  # TR, BR, BL, TL: the right side becomes the top
    w, h = size
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(q.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
