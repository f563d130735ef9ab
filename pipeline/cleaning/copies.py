"""Cards on a photocopy: an A4 sheet with a card's front and back copied onto it ("bản photo CCCD").

The copier washes a card's pale background out to the paper's white, so the card's outline is at best a faint thin
line (the shadow of its edge), a dashed one, or a faint step; what remains is its content: text, photo, emblem, QR
code, MRZ, fingerprint boxes. Cards are found from that content:

1. The image must look like a grey sheet of paper: most of it one bright level, next to no colour
   (:func:`paper_level`; a scanned or photographed card has colour).
2. Dark ink is closed at a few card-text scales; each blob's ink gives a rotated content rectangle — a blob of two
   cards' shape (side by side or one above the other) also its two halves, and a slightly tilted one also the
   rectangle square to the page (:func:`content_rects`).
3. Around each content rectangle a straightened crop of the page is searched, outward from each side of the content,
   for the card's edge: a thin dark line or a step, straight, at a small tilt, along most of the side
   (:func:`_side_edges`). A crop that turns out tilted against the card is straightened and searched again.
4. The edges found — or, for a side without one, the ID-1 aspect ratio and the content margins common to all card
   layouts — give card rectangles, ranked by edge evidence, agreement with the ID-1 aspect ratio and margins
   (:func:`_fit_card`), then by how much ink lies just outside them (a rectangle around part of a card's content,
   or reaching to the next card's outline, cuts through content).

A rectangle counts as a card only with evidence: edges on three sides, or on two around a solid graphic (photo,
emblem, QR code, fingerprint box), or a graphic and a clean fit of the content alone (no outline copied at all), and
a card's size on the sheet. A page of text has neither outlines nor graphics, and its text blocks have text around
them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import cv2
import numpy as np

from pipeline.cleaning.quads import CARD_ASPECT, Array, order_corners, quad_iou, quad_overlap

_MIN_PAPER = 0.7  # share of the image at the paper's level for it to be a sheet of paper
_PAPER_TOLERANCE = 8.0  # grey levels around the paper's level that count as paper
_MIN_LEVEL = 150.0  # a sheet of paper is bright ...
_COLOURED = 8  # chroma (|Cr − 128| + |Cb − 128|) of a coloured pixel ...
_MAX_COLOURED = 0.03  # ... of which a photocopy has next to none (a stamp, a signature); a scanned card has plenty
_INK = 32.0  # darker than the paper by this much: ink (at the detection scale)
_CLOSINGS = (0.02, 0.035, 0.055)  # closing sizes, of the image's short side
_CONTENT_PX = 400.0  # crops are sampled with the content's long side this long
_SEGMENTS = 8  # pieces each side is split into for the tilt search
_TILTS = np.linspace(-0.025, 0.025, 11)  # tilt slopes searched (±1.4°)
_LINE_HALF = 2.0  # px (crop) either side of a thin line compared with it
_GAP = 0.012  # share of the content's long side left between the content and the first edge position searched
_REACH_LONG = 0.30  # share of the content's long side searched beyond its ends
_REACH_SHORT = 0.45  # share of the card's expected short side searched beyond the content's long sides
_MARGINS = (0.037, 0.042, 0.038)  # typical content margins, left, top, right, of the card's width or height
_MIN_SIGNIFICANCE = 6.0  # an edge's response over the noise of the search band
_MIN_RESPONSE = 1.2  # grey levels
_SPILL = 0.04  # share of the outline with ink just outside it that divides a card's score by e
_FIRST = 3  # band positions next to the content not searched (its own edge, seen by the step response)
_SQUARE_MIN, _SQUARE_MAX = np.radians(0.7), np.radians(8.0)  # tilts also tried square to the page
_MIN_COPY_SCORE = 0.3  # any card
_MIN_CONTENT_SCORE = 0.45  # score of a card placed around its content alone (no outline found) to count
_NEAR = 0.1  # ink this far around a card (of its width) should be its own
_SKIPPED = 10.0  # strength of an edge a card's side may not lie beyond
_RETURN = 0.015  # a tilt (slope) of the card in the crop this large is looked at again, straightened
_OUTLINE_SPAN = 0.8  # share of the content box a straight ink line at its end spans to be a copied outline
_FITS = 6  # leading card rectangles around one content checked for ink just outside them
_MIN_COVERAGE = 0.45  # share of the pieces of a side an edge must run along ...
_MIN_COVERAGE_STRONG, _STRONG = 0.25, 25.0  # ... or this share, with a response this far over the noise
_ASPECT_SPREAD = 0.05  # relative deviation from the ID-1 aspect ratio that halves a combination's score
_PAGE_ASPECTS = (1.25, 1.5)  # a frame of about A4 (or Letter) shape: a whole sheet scanned
_CARD_ON_PAGE = (0.25, 0.65)  # a card's long side, of a whole sheet's short side (copier zoom, any dpi)


@dataclass(frozen=True)
class ContentRect:
    centre: tuple[float, float]
    long: float  # length of the long side
    short: float
    angle: float  # radians: direction of the long side (−π/2, π/2]
    graphic: bool  # a solid dark component (photo, emblem, QR, fingerprint box) inside


@dataclass(frozen=True)
class CopyCard:
    quad: Array  # float64 (4, 2) in the coordinates of the image searched, TL, TR, BR, BL
    score: float
    sides: int  # sides with an edge found
    turn: float = 0.0  # the card's tilt in the crop searched (slope, clockwise), from the sides found


def paper_level(small_bgr: Array) -> float | None:
    """The paper's grey level when the image looks like a grey photocopy: most of it one bright level, next to no
    colour (a scanned or photographed card has its pale background colour and a red and yellow emblem); else
    None."""
    ycc = cv2.cvtColor(small_bgr, cv2.COLOR_BGR2YCrCb).astype(np.int16)
    chroma = np.abs(ycc[..., 1] - 128) + np.abs(ycc[..., 2] - 128)
    if float((chroma > _COLOURED).mean()) > _MAX_COLOURED:
        return None
    luma = ycc[..., 0]
    level = float(np.median(luma))
    if level < _MIN_LEVEL:
        return None
    if float((np.abs(luma - level) <= _PAPER_TOLERANCE).mean()) < _MIN_PAPER:
        return None
    return level


def _ink(grey: Array, level: float) -> Array:
    return np.asarray((level - grey.astype(np.float32)) > _INK, dtype=np.uint8) * 255


def _has_graphic(ink: Array, labels: Array, stats: Array, box: tuple[int, int, int, int], short: float) -> bool:
    """A solid dark component of at least a seventh of the content's short side in both directions."""
    x, y, w, h = box
    inside = np.unique(labels[y : y + h, x : x + w])
    inside = inside[inside > 0]
    if len(inside) == 0:
        return False
    s = stats[inside]
    big = (np.minimum(s[:, 2], s[:, 3]) >= short / 7) & (s[:, 4] >= 0.25 * s[:, 2] * s[:, 3])
    return bool(big.any())


def _card_range(height: int, width: int) -> tuple[float, float]:
    """Smallest and largest long side of a card (px): on a whole sheet, a share of its short side; else anything
    from a small part of the frame to all of it."""
    short_side = min(height, width)
    if _PAGE_ASPECTS[0] <= max(height, width) / short_side <= _PAGE_ASPECTS[1]:
        return _CARD_ON_PAGE[0] * short_side, _CARD_ON_PAGE[1] * short_side
    return 0.08 * width, 0.98 * max(height, width)


def content_rects(small_bgr: Array, level: float) -> list[ContentRect]:
    """Rotated rectangles around blobs of ink of a card's size range (pixels of ``small_bgr``)."""
    h, w = small_bgr.shape[:2]
    grey = cv2.cvtColor(small_bgr, cv2.COLOR_BGR2GRAY)
    ink = _ink(grey, level)
    _, ink_labels, ink_stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    short_side = min(h, w)
    lo, hi = _card_range(h, w)
    found: list[ContentRect] = []
    for size in _CLOSINGS:
        k = max(3, round(size * short_side))
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
        for i in range(1, count):
            x, y, bw, bh, _area = stats[i]
            if max(bw, bh) < 0.6 * lo or max(bw, bh) > 2.3 * hi:
                continue
            ys, xs = np.nonzero((labels[y : y + bh, x : x + bw] == i) & (ink[y : y + bh, x : x + bw] > 0))
            if len(xs) < 20:
                continue
            pts = np.stack([xs + x, ys + y], axis=1).astype(np.float32)
            (cx, cy), (rw, rh), deg = cv2.minAreaRect(pts)
            angle = np.radians(deg)
            if rh > rw:
                rw, rh, angle = rh, rw, angle + np.pi / 2
            angle = (angle + np.pi / 2) % np.pi - np.pi / 2
            graphic = _has_graphic(ink, ink_labels, ink_stats, (int(x), int(y), int(bw), int(bh)), max(rh, rw / 2.2))
            pieces = [((cx, cy), rw, rh)]
            ratio = rw / max(rh, 1.0)
            axis = np.array([np.cos(angle), np.sin(angle)])
            if 2.4 <= ratio <= 4.0 or 1.1 <= ratio <= 1.5:  # two cards side by side / one above the other
                for sign in (-1.0, 1.0):
                    c = np.array([cx, cy]) + sign * axis * rw / 4
                    pieces.append(((float(c[0]), float(c[1])), rw / 2, rh))
            for centre, long, short in pieces:
                if long < short:
                    rect = ContentRect(centre, short, long, (angle + np.pi) % np.pi - np.pi / 2, graphic)
                else:
                    rect = ContentRect(centre, long, short, angle, graphic)
                if lo * 0.6 <= rect.long <= hi and rect.short >= 0.35 * rect.long / CARD_ASPECT:
                    found.append(rect)
                    # A stray speck of ink tilts the rectangle; a card on a copy usually lies square to the page.
                    square = round(rect.angle / (np.pi / 2)) * np.pi / 2
                    if _SQUARE_MIN < abs(rect.angle - square) <= _SQUARE_MAX:
                        found.append(ContentRect(centre, rect.long, rect.short, float(square), graphic))
    return _distinct(found)


def _rect_quad(r: ContentRect) -> Array:
    u = np.array([np.cos(r.angle), np.sin(r.angle)]) * r.long / 2
    v = np.array([-np.sin(r.angle), np.cos(r.angle)]) * r.short / 2
    c = np.array(r.centre)
    return np.array([c - u - v, c + u - v, c + u + v, c - u + v])


def _distinct(rects: list[ContentRect]) -> list[ContentRect]:
    kept: list[ContentRect] = []
    for r in rects:
        if all(quad_iou(_rect_quad(r), _rect_quad(k)) < 0.85 or abs(r.angle - k.angle) > 0.01 for k in kept):
            kept.append(r)
    return kept


# Edges around one content rectangle ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edge:
    offset: float  # crop px outward from the content's side
    slope: float  # tilt: offset change per crop px along the side
    strength: float  # over the search band's noise


def _side_edges(profiles: Array, along: Array, base: float, gap: float, limit: float, outward: int) -> list[_Edge]:
    """Candidate edges (best first) beyond one side of the content. ``profiles`` (K, N): darkness across the side
    averaged over K pieces centred at ``along`` (crop px from the side's middle); ``base``: the content's side (crop
    px), searched from ``gap`` px beyond it to ``limit``; ``outward``: +1 or −1 along the profile. An edge is a thin
    dark line or a step down in darkness going outward, straight at one of a few tilts, and must run along most of
    the pieces (a card's outline does; a box or a rule printed on the card does not)."""
    count, n = profiles.shape
    start = round(base + outward * gap)
    stop = int(np.clip(round(limit), 4, n - 5))
    if (stop - start) * outward < _FIRST + 4:
        return []
    idx = np.arange(start, stop, outward)  # (P,) positions searched, nearest the content first
    a = round(_LINE_HALF)
    taps = np.array([0, -a, a, -outward, -2 * outward, -3 * outward, outward, 2 * outward, 3 * outward])
    shifts = np.rint(_TILTS[:, None] * along[None, :]).astype(np.intp)  # (T, K)
    cols = idx[None, None, :, None] + shifts[:, :, None, None] + taps[None, None, None, :]
    values = profiles[np.arange(count)[None, :, None, None], np.clip(cols, 0, n - 1)]  # (T, K, P, 9)
    line = values[..., 0] - 0.5 * (values[..., 1] + values[..., 2])
    step = values[..., 3:6].mean(axis=3) - values[..., 6:9].mean(axis=3)  # darker inside than outside
    total_line, total_step = line.mean(axis=1), step.mean(axis=1)  # (T, P)
    tilt = int(np.argmax(np.maximum(total_line, total_step)[:, _FIRST:].max(axis=1)))
    total_line, total_step = total_line[tilt], total_step[tilt]
    resp = np.maximum(total_line, total_step)
    pieces = np.where((total_line >= total_step)[None, :], line[tilt], step[tilt])  # (K, P)
    noise = 1.4826 * float(np.median(np.abs(resp - np.median(resp)))) + 0.15
    edges: list[_Edge] = []
    for j in np.argsort(-resp)[:12]:
        r = float(resp[j])
        if r < _MIN_RESPONSE or r < _MIN_SIGNIFICANCE * noise:
            break
        if j < _FIRST or (j + 1 < len(resp) and resp[j + 1] > r) or resp[j - 1] > r:
            continue  # not a peak, or too close to the content (its own edge)
        # A thin line is a pixel or two wide here: a tilt off by a fraction of a pixel moves it to a neighbour.
        near = pieces[:, max(0, j - 1) : j + 2].max(axis=1)
        coverage = float((near >= 0.3 * r).mean())
        if coverage < _MIN_COVERAGE and (coverage < _MIN_COVERAGE_STRONG or r < _STRONG * noise):
            continue  # a dashed outline may show on a few pieces only, but then clearly
        sub = 0.0
        if j < len(resp) - 1:
            denom = resp[j - 1] - 2 * r + resp[j + 1]
            if denom < 0:
                sub = float(np.clip(0.5 * (resp[j - 1] - resp[j + 1]) / denom, -0.5, 0.5))
        edges.append(_Edge(abs(start + outward * (j + sub) - base), float(_TILTS[tilt]), coverage * r / noise))
        if len(edges) == 3:
            break
    return edges


@dataclass(frozen=True)
class _Fit:
    left: float
    top: float
    right: float
    bottom: float
    slopes: tuple[float, float, float, float]  # tilt of each side's edge (NaN: no edge, placed by the aspect ratio)
    score: float
    sides: int


def _fit_card(content: tuple[float, ...], edges: list[list[_Edge]]) -> list[_Fit]:
    """Card rectangles (crop px: left, top, right, bottom of the straightened crop) from the content box and the
    candidate edges of each side (left, top, right, bottom), the best few, best first: most edge evidence, closest
    to the ID-1 aspect ratio, with typical margins around the content."""
    cl, ct, cr, cb = content
    options: list[list[_Edge | None]] = [[None, *e] for e in edges]
    fits: list[_Fit] = []
    for combo in itertools.product(*options):
        pos: list[float | None] = [None] * 4
        for side, edge in enumerate(combo):
            if edge is not None:
                pos[side] = (cl - edge.offset, ct - edge.offset, cr + edge.offset, cb + edge.offset)[side]
        left, top, right, bottom = pos
        width = right - left if left is not None and right is not None else None
        height = bottom - top if top is not None and bottom is not None else None
        aspect_weight = 1.0
        if width is not None and height is not None:
            aspect_weight = float(np.exp(-(((width / height / CARD_ASPECT - 1) / _ASPECT_SPREAD) ** 2)))
        elif width is not None:
            height = width / CARD_ASPECT
        elif height is not None:
            width = height * CARD_ASPECT
        else:
            width = max((cr - cl) / (1 - _MARGINS[0] - _MARGINS[2]), (cb - ct) / (1 - 2 * _MARGINS[1]) * CARD_ASPECT)
            height = width / CARD_ASPECT
        assert width is not None and height is not None
        # A pair of sides without edges: from the left and top margins, the same on all layouts of an upright card
        # (the right and bottom ones vary).
        if left is None and right is None:
            left = cl - _MARGINS[0] * width
        if top is None and bottom is None:
            top = ct - _MARGINS[1] * height
        left = right - width if left is None and right is not None else left
        right = left + width if right is None and left is not None else right
        top = bottom - height if top is None and bottom is not None else top
        bottom = top + height if bottom is None and top is not None else bottom
        assert left is not None and right is not None and top is not None and bottom is not None
        if left > cl + 1 or right < cr - 1 or top > ct + 1 or bottom < cb - 1:
            continue  # the content must lie inside the card
        found = [e for e in combo if e is not None]
        evidence = sum(min(e.strength, 30.0) / 30.0 for e in found)
        # Margins: the content starts a few per cent inside the card on every layout (more on one side at most).
        margins = np.array([cl - left, ct - top, right - cr, bottom - cb]) / width
        pairs = margins[:2] + margins[2:]
        excess = float(np.clip(margins - 0.22, 0, None).sum() + np.clip(pairs - 0.3, 0, None).sum())
        excess += float(np.clip(0.008 - margins, 0, None).sum())
        # A side placed by the aspect ratio beyond a clear edge nearer the content has skipped the card's own outline
        # (for the next card's, on the opposite side).
        offsets = (cl - left, ct - top, right - cr, bottom - cb)
        skipped = sum(
            combo[k] is None and any(e.offset < offsets[k] - 2 and e.strength >= _SKIPPED for e in edges[k])
            for k in range(4)
        )
        score = (0.5 + evidence) * aspect_weight * float(np.exp(-excess / 0.03)) * 0.5**skipped
        s0, s1, s2, s3 = (e.slope if e is not None else np.nan for e in combo)
        fits.append(_Fit(left, top, right, bottom, (s0, s1, s2, s3), score, len(found)))
    fits.sort(key=lambda f: -f.score)
    distinct: list[_Fit] = []
    for fit in fits:
        box = np.array([fit.left, fit.top, fit.right, fit.bottom])
        if all(np.abs(box - [d.left, d.top, d.right, d.bottom]).max() > 2 for d in distinct):
            distinct.append(fit)
            if len(distinct) == _FITS:
                break
    return distinct  # never empty: the combination without edges always fits


def _card_around(mid: Array, level: float, rect: ContentRect) -> CopyCard:
    """The card holding the content ``rect`` (coordinates of ``mid``), from the edges found around it."""
    f = _CONTENT_PX / rect.long  # crop px per mid px
    cos, sin = float(np.cos(rect.angle)) * f, float(np.sin(rect.angle)) * f
    long, short = _CONTENT_PX, rect.short * f
    card_short = max(short, long / CARD_ASPECT)
    reach_u = _REACH_LONG * long
    reach_v = _REACH_SHORT * card_short
    half_w = long / 2 + reach_u + 6
    half_h = short / 2 + reach_v + 6
    width, height = round(2 * half_w), round(2 * half_h)
    # crop (u, v) = f R (x − c) + (half_w, half_h)
    matrix = np.array(
        [
            [cos, sin, half_w - (cos * rect.centre[0] + sin * rect.centre[1])],
            [-sin, cos, half_h - (-sin * rect.centre[0] + cos * rect.centre[1])],
        ]
    )
    crop = cv2.warpAffine(mid, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    dark = np.clip(level - grey.astype(np.float32), 0, None)
    cl, ct, cr, cb = _content_box(dark, half_w, half_h, long, short)
    if cr - cl < 4 * _SEGMENTS or cb - ct < 2 * _SEGMENTS:  # a speck, not content
        return CopyCard(np.zeros((4, 2)), 0.0, 0)
    gap = _GAP * long
    # Profiles across the top/bottom sides: rows, averaged over pieces of the content's width (middle 80 %).
    us = np.linspace(cl + 0.1 * (cr - cl), cr - 0.1 * (cr - cl), _SEGMENTS + 1).astype(np.intp)
    vs = np.linspace(ct + 0.1 * (cb - ct), cb - 0.1 * (cb - ct), _SEGMENTS + 1).astype(np.intp)
    rows = (np.add.reduceat(dark, us, axis=1)[:, :-1] / np.maximum(np.diff(us), 1)).T  # (K, H)
    cols = np.add.reduceat(dark, vs, axis=0)[:-1] / np.maximum(np.diff(vs), 1)[:, None]  # (K, W)
    along_u = (us[:-1] + us[1:]) / 2 - half_w
    along_v = (vs[:-1] + vs[1:]) / 2 - half_h
    edges = [
        _side_edges(cols, along_v, cl, gap, cl - reach_u, -1),
        _side_edges(rows, along_u, ct, gap, ct - reach_v, -1),
        _side_edges(cols, along_v, cr, gap, cr + reach_u, 1),
        _side_edges(rows, along_u, cb, gap, cb + reach_v, 1),
    ]
    # The best of the leading fits once ink just outside them counts: a rectangle around part of a card's content, or
    # reaching to the next card's outline, cuts through content.
    ink = dark > _INK
    sums = cv2.integral(ink.astype(np.uint8))
    scored = [
        (f.score * float(np.exp(-_outside_ink(ink, f) / _SPILL)) * _completeness(sums, f) ** 2, f)
        for f in _fit_card((cl, ct, cr, cb), edges)
    ]
    score, fit = max(scored, key=lambda sf: sf[0])
    inverse = cv2.invertAffineTransform(matrix)
    corners = np.array([[fit.left, fit.top], [fit.right, fit.top], [fit.right, fit.bottom], [fit.left, fit.bottom]])
    corners = _tilted(corners, fit, half_w, half_h)
    quad = corners @ inverse[:, :2].T + inverse[:, 2]
    s_left, s_top, s_right, s_bottom = fit.slopes  # a clockwise turn tilts the top and bottom down, the sides left
    turns = [t for t in (-s_left, s_top, -s_right, s_bottom) if not np.isnan(t)]
    turn = float(np.median(turns)) if len(turns) >= 2 else 0.0
    return CopyCard(order_corners(quad).astype(np.float64), score, fit.sides, turn)


def _clamp(value: float, top: int) -> int:
    return min(max(round(value), 0), top)


def _box_sum(sums: Array, x0: float, y0: float, x1: float, y1: float) -> float:
    h, w = sums.shape[0] - 1, sums.shape[1] - 1
    a, b, c, d = _clamp(x0, w), _clamp(x1, w), _clamp(y0, h), _clamp(y1, h)
    return float(sums[d, b] - sums[c, b] - sums[d, a] + sums[c, a])


def _completeness(sums: Array, fit: _Fit) -> float:
    """Share of the ink within a tenth of the card's width around it that lies inside it: a card holds all of its
    content; a rectangle around part of it leaves the rest nearby."""
    inside = _box_sum(sums, fit.left, fit.top, fit.right, fit.bottom)
    grow = _NEAR * (fit.right - fit.left)
    near = _box_sum(sums, fit.left - grow, fit.top - grow, fit.right + grow, fit.bottom + grow)
    return inside / near if near > 0 else 0.0


def _outside_ink(ink: Array, fit: _Fit) -> float:
    """Share of the positions along the card's outline with ink just outside it (from 0.6 % to 4 % of the card's
    long side beyond each side): a rectangle around part of a card's content cuts through the rest of it."""
    width = fit.right - fit.left
    near, far = 0.006 * width + 1.5, 0.04 * width + 2
    h, w = ink.shape[:2]
    x0, x1, y0, y1 = _clamp(fit.left, w), _clamp(fit.right, w), _clamp(fit.top, h), _clamp(fit.bottom, h)
    bands = [
        ink[y0:y1, _clamp(fit.left - far, w) : _clamp(fit.left - near, w)].any(axis=1),
        ink[_clamp(fit.top - far, h) : _clamp(fit.top - near, h), x0:x1].any(axis=0),
        ink[y0:y1, _clamp(fit.right + near, w) : _clamp(fit.right + far, w)].any(axis=1),
        ink[_clamp(fit.bottom + near, h) : _clamp(fit.bottom + far, h), x0:x1].any(axis=0),
    ]
    total = sum(int(b.size) for b in bands)
    return float(sum(int(b.sum()) for b in bands) / total) if total else 0.0


def _content_box(dark: Array, half_w: float, half_h: float, long: float, short: float) -> tuple[float, ...]:
    """The ink's extent (left, top, right, bottom; crop px) near the content rectangle (``long`` × ``short``, centred
    in the crop) found at the detection scale."""
    pad = 0.015 * long + 3
    x0, x1 = round(half_w - long / 2 - pad), round(half_w + long / 2 + pad)
    y0, y1 = round(half_h - short / 2 - pad), round(half_h + short / 2 + pad)
    ink = dark[y0:y1, x0:x1] > _INK
    per_col, per_row = ink.sum(axis=0), ink.sum(axis=1)
    cols, rows = np.flatnonzero(per_col >= 2), np.flatnonzero(per_row >= 2)
    if len(cols) < 2 or len(rows) < 2:
        return half_w - long / 2, half_h - short / 2, half_w + long / 2, half_h + short / 2
    left, right = _peeled(per_col, float(rows[-1] - rows[0]))
    top, bottom = _peeled(per_row, float(cols[-1] - cols[0]))
    return x0 + left, y0 + top, x0 + right, y0 + bottom


def _peeled(counts: Array, span: float) -> tuple[float, float]:
    """First and last position with ink along one axis of the content box (``counts``: ink pixels across it), less
    a straight line across nearly the whole ``span`` at either end: a card's outline copied dark, not content."""
    has_ink = np.flatnonzero(counts >= 2)
    first, last = int(has_ink[0]), int(has_ink[-1])
    lines = counts >= _OUTLINE_SPAN * span
    ends = []
    for start, stop, step in ((first, last, 1), (last, first, -1)):
        i = start
        while i != stop and lines[i]:
            i += step
        if i != start:  # an outline: the content starts after the blank margin inside it
            while i != stop and counts[i] < 2:
                i += step
        ends.append(i)
    if (ends[1] - ends[0]) < 0.5 * (last - first):  # peeled too much: lines, not an outline around content
        return float(first), float(last)
    return float(ends[0]), float(ends[1])


def _tilted(corners: Array, fit: _Fit, half_w: float, half_h: float) -> Array:
    """Corners of the four side lines with their tilts (a side without an edge takes its opposite's, or none)."""
    s_left, s_top, s_right, s_bottom = fit.slopes
    s_left = s_right if np.isnan(s_left) else s_left
    s_right = s_left if np.isnan(s_right) else s_right
    s_top = s_bottom if np.isnan(s_top) else s_top
    s_bottom = s_top if np.isnan(s_bottom) else s_bottom
    slopes = [0.0 if np.isnan(s) else float(s) for s in (s_left, s_top, s_right, s_bottom)]
    # Side lines: left/right x = x0 + s·(y − half_h) (outward sign folded into the slope), top/bottom likewise.
    lines = [(fit.left, slopes[0]), (fit.top, slopes[1]), (fit.right, slopes[2]), (fit.bottom, slopes[3])]
    out = corners.copy()
    for k, (vertical, horizontal) in enumerate(((0, 1), (2, 1), (2, 3), (0, 3))):
        x0, sx = lines[vertical]
        y0, sy = lines[horizontal]
        # x = x0 + sx (y − half_h); y = y0 + sy (x − half_w)
        denom = 1 - sx * sy
        x = (x0 + sx * (y0 - sy * half_w - half_h)) / denom
        y = y0 + sy * (x - half_w)
        out[k] = (x, y)
    return out


def _long_side(quad: Array) -> float:
    return float(np.hypot(*(np.roll(quad, -1, axis=0) - quad).T).max())


def find_copy_cards(mid: Array, small: Array, level: float, max_cards: int) -> list[CopyCard]:
    """Cards on a photocopied sheet, in ``mid``'s pixels, best first, not overlapping."""
    scale = mid.shape[1] / small.shape[1]
    rects = content_rects(small, level)
    cards: list[tuple[CopyCard, ContentRect]] = []
    for rect in rects:
        centre = (rect.centre[0] * scale, rect.centre[1] * scale)
        scaled = replace(rect, centre=centre, long=rect.long * scale, short=rect.short * scale)
        card = _card_around(mid, level, scaled)
        if abs(card.turn) >= _RETURN:  # the crop was off the card's angle: straighten it and look again
            again = _card_around(mid, level, replace(scaled, angle=scaled.angle + float(np.arctan(card.turn))))
            card = max(card, again, key=lambda c: c.score)
        cards.append((card, rect))
    # Edges on three sides, or on two around a solid graphic (photo, emblem, QR code, fingerprint box), or no
    # outline at all but a graphic and nothing just outside a card of the right shape around the content.
    convincing = [
        (c, r)
        for c, r in cards
        if c.score >= _MIN_COPY_SCORE
        and (c.sides >= 3 or (r.graphic and (c.sides >= 2 or c.score >= _MIN_CONTENT_SCORE)))
    ]
    lo, hi = _card_range(*small.shape[:2])
    convincing = [(c, r) for c, r in convincing if lo <= _long_side(c.quad) / scale <= hi]
    convincing.sort(key=lambda cr: -cr[0].score)
    chosen: list[CopyCard] = []
    for card, _ in convincing:
        if any(quad_overlap(card.quad, c.quad) > 0.1 for c in chosen):
            continue
        if chosen and not 0.6 < _long_side(card.quad) / _long_side(chosen[0].quad) < 1.6:
            continue  # the front and back of one card are the same size
        chosen.append(card)
        if len(chosen) == max_cards:
            break
    return chosen
