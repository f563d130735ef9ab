"""Read an ICAO 9303 machine-readable zone with a fixed-pitch glyph classifier (no Tesseract).

The MRZ alphabet has 37 characters (``A–Z 0–9 <``) printed at a fixed pitch, in OCR-B on real documents. A general
OCR model confuses the filler ``<`` with ``K``/``X``/``C``/``S``/``E`` and merges touching ``<<``; here every character
cell is cut from the fitted pitch grid and matched against rendered glyphs, so a cell always yields exactly one
character. :func:`read_mrz_glyphs` takes a roughly upright crop around the MRZ block (tilt up to a few degrees, margins
and other print allowed) and returns the 2 or 3 lines it reads, each exactly 30, 36 or 44 characters long, with a
confidence per character; callers then run :func:`extractors.validators.mrz.repair` on the lines.

Steps:

1. illumination: ink = ``1 - grey / background`` where the background is a large grey closing (computed at a quarter
   of the size), then an Otsu threshold on the ink;
2. skew: the angle (±4°) that makes the horizontal projection of the ink sharpest; the ink is turned upright;
3. lines: bands of the row projection of text-sized components; in each band the longest run of closely spaced
   components; 2 or 3 runs that are long, parallel, of similar height and length and evenly stacked make the block
   (the lowest such group wins); each line's cap line and baseline are fitted as straight lines;
4. pitch: 3 lines are TD1 (30 characters); for 2 lines the grid of 36 (TD2) or 44 (TD3) cells that fits the
   component centres better is taken; a grid is fitted by least squares to the centres of single glyphs (and of
   touching pairs such as ``<<``, which sit between two cells);
5. glyphs: each cell, masked to its pitch and re-centred on its ink, is resampled to a small canvas (cap height
   :data:`BAND_PX`) and compared by normalised cross-correlation, with a ±1 px shift search, to templates rendered at
   run time from OCR-B and common monospace fonts (several stroke weights and blur levels, built once per process).

A character's confidence is the margin between the best template score and the best score of any other character,
scaled to 0–1 (:data:`MARGIN_FULL` is a margin of full confidence).
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from models.geometry import BBox

FloatImage = npt.NDArray[np.float32]
Mask = npt.NDArray[np.uint8]

ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
FONT_PATHS: Final = (
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
    "/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf",
)
BAND_PX: Final = 20  # cap height of a character on the classification canvas
MARGIN_TOP: Final = 4  # canvas rows above the cap line
MARGIN_BOTTOM: Final = 5  # canvas rows below the baseline (descender of Q in some fonts)
CANVAS_W: Final = 24
CANVAS_H: Final = MARGIN_TOP + BAND_PX + MARGIN_BOTTOM
SHIFT: Final = 1  # shift search, canvas pixels each way
_SHORTLIST: Final = 4  # characters per cell given the shift search
MARGIN_FULL: Final = 0.12  # a best-vs-runner-up score margin that counts as full confidence
MIN_MEAN_SCORE: Final = 0.45  # below this mean template score the block is not an MRZ
_RENDER_CAP_PX: Final = 96
_WEIGHTS: Final = (-1, 0, 1)  # template stroke: thinner, as drawn, bolder
_BLURS: Final = (0.6, 1.2)  # template blur sigmas, canvas pixels
_FLAT: Final = frozenset("BDEFHIKLMNPRTZ")  # letters whose top and bottom sit on the cap line and baseline
_FLOATING: Final = frozenset("<QJ")  # characters off the baseline (filler) or below it (tails)
_WIDTHS_BY_LINES: Final[dict[int, tuple[int, ...]]] = {3: (30,), 2: (44, 36)}
_MAX_SKEW_DEG: Final = 4.0


@dataclass(frozen=True)
class GlyphRead:
    """The characters read from an MRZ block.

    ``lines`` hold exactly 30, 36 or 44 characters each; ``confidence`` one value in 0–1 per character;
    ``runner_up`` the second-best character per cell; ``boxes`` each line's box in the crop's pixels; ``angle`` the
    skew (degrees, counter-clockwise positive) that was corrected; ``score`` the mean best template correlation;
    ``font`` the template font that fitted best.
    """

    lines: list[str]
    confidence: list[list[float]]
    runner_up: list[str]
    boxes: list[BBox]
    angle: float
    score: float
    font: str


@dataclass(frozen=True)
class _Component:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass(frozen=True)
class _Line:
    """One text line on the upright ink image: its components left to right, cap line and baseline ``y = a + b·x``."""

    comps: tuple[_Component, ...]
    top: tuple[float, float]
    bottom: tuple[float, float]

    @property
    def x0(self) -> int:
        return min(c.x0 for c in self.comps)

    @property
    def x1(self) -> int:
        return max(c.x1 for c in self.comps)

    @property
    def height(self) -> float:
        cx = (self.x0 + self.x1) / 2
        return _at(self.bottom, cx) - _at(self.top, cx)

    @property
    def cy(self) -> float:
        cx = (self.x0 + self.x1) / 2
        return (_at(self.bottom, cx) + _at(self.top, cx)) / 2


@dataclass(frozen=True)
class _Grid:
    start: float  # centre of cell 0
    pitch: float
    residual: float  # median distance of glyph centres to their cell centres, in pitches


@dataclass(frozen=True)
class _Templates:
    """Template canvases as rows of ``matrix`` (zero-mean, unit-norm), ordered font → character → variant."""

    matrix: FloatImage  # (fonts · len(ALPHABET) · variants, CANVAS_H · CANVAS_W)
    fonts: tuple[str, ...]
    variants: int

    def of_font(self, font: int) -> FloatImage:
        """The rows of one font."""
        size = len(ALPHABET) * self.variants
        return self.matrix[font * size : (font + 1) * size]


def _at(line: tuple[float, float], x: float) -> float:
    return line[0] + line[1] * x


# Templates ------------------------------------------------------------------------------------------------------------


def _render_glyph(font: ImageFont.FreeTypeFont, ch: str, cap: float) -> tuple[FloatImage, float, float, float, float]:
    """One glyph in white on black at the render size: image, cell centre x, cap line y, baseline y, advance."""
    advance = float(font.getlength(ch))
    size = int(cap * 3)
    img = Image.new("L", (size, size), 0)
    origin_x, baseline = cap, cap * 2
    ImageDraw.Draw(img).text((origin_x, baseline), ch, font=font, fill=255, anchor="ls")
    ink = np.asarray(img, dtype=np.float32) / 255.0
    return ink, origin_x + advance / 2, baseline - cap, baseline, advance


def _font_cap(path: str) -> tuple[ImageFont.FreeTypeFont, float]:
    """The font at a size whose capital ``H`` is about :data:`_RENDER_CAP_PX` tall, and that exact cap height."""
    probe = ImageFont.truetype(path, 100)
    box = probe.getbbox("H", anchor="ls")
    size = max(8, round(100 * _RENDER_CAP_PX / max(1, -box[1])))
    font = ImageFont.truetype(path, size)
    return font, float(-font.getbbox("H", anchor="ls")[1])


def _font_templates(path: str) -> list[FloatImage]:
    """Canvas patches of every MRZ character in one font (in :data:`ALPHABET` order), each in
    :data:`_WEIGHTS` stroke weights × :data:`_BLURS` blur levels."""
    font, cap = _font_cap(path)
    stroke = max(1, round(cap * 0.025))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * stroke + 1, 2 * stroke + 1))
    scale = BAND_PX / cap
    out: list[FloatImage] = []
    for ch in ALPHABET:
        ink, cx, top, bottom, advance = _render_glyph(font, ch, cap)
        for weight in _WEIGHTS:
            img = ink if weight == 0 else (cv2.dilate(ink, kernel) if weight > 0 else cv2.erode(ink, kernel))
            small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            patch = _patch(small, cx * scale, advance * scale, top * scale, 0.0, bottom * scale, 0.0, 0)
            out.extend(np.asarray(cv2.GaussianBlur(patch, (0, 0), sigma), dtype=np.float32) for sigma in _BLURS)
    return out


@functools.lru_cache(maxsize=1)
def templates() -> _Templates:
    """The templates of all installed fonts of :data:`FONT_PATHS` (built once per process, ~0.1 s)."""
    rows: list[FloatImage] = []
    names: list[str] = []
    for path in FONT_PATHS:
        name = os.path.basename(path)
        if name in names or not os.path.exists(path):
            continue
        names.append(name)
        rows.extend(patch.reshape(-1) for patch in _font_templates(path))
    if not rows:
        raise RuntimeError("no monospace font found for MRZ templates")
    return _Templates(_normalise_rows(np.stack(rows)), tuple(names), len(_WEIGHTS) * len(_BLURS))


def _normalise_rows(rows: FloatImage) -> FloatImage:
    """Rows minus their mean, divided by their norm (all-blank rows stay zero)."""
    centred = rows - rows.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.asarray(centred / np.maximum(norm, 1e-6), dtype=np.float32)


# Cells ----------------------------------------------------------------------------------------------------------------


def _patch(
    ink: FloatImage, cx: float, pitch: float, top_a: float, top_b: float, bottom_a: float, bottom_b: float, pad: int
) -> FloatImage:
    """The canvas of one cell centred at ``cx``: cap line → row :data:`MARGIN_TOP`, baseline → that + :data:`BAND_PX`.

    Ink further than half a pitch from ``cx`` is masked out; ``pad`` extra canvas pixels are kept on every side for
    the shift search.
    """
    top = top_a + top_b * cx
    bottom = bottom_a + bottom_b * cx
    scale = (bottom - top) / BAND_PX  # source pixels per canvas pixel
    width, height = CANVAS_W + 2 * pad, CANVAS_H + 2 * pad
    u0 = cx - (width / 2) * scale
    v0 = top - (MARGIN_TOP + pad) * scale
    slope = (top_b + bottom_b) / 2
    # canvas (u, v) → source (x, y) at pixel centres; rows follow the line's slope around the cell centre
    matrix = np.array(
        [
            [scale, 0.0, u0 + 0.5 * scale - 0.5],
            [slope * scale, scale, v0 + 0.5 * scale - 0.5 + slope * (0.5 - width / 2) * scale],
        ]
    )
    out = cv2.warpAffine(
        ink,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0.0,
    )
    half = pitch / 2 / scale
    cols = np.arange(width, dtype=np.float32) + 0.5 - width / 2
    out[:, np.abs(cols) > half + 0.5] = 0.0
    return np.asarray(out, dtype=np.float32)


def _cell_centre(ink: FloatImage, line: _Line, x: float, pitch: float) -> float:
    """The cell centre ``x`` moved to the ink centroid within the cell (by at most a fifth of the pitch)."""
    top, bottom = _at(line.top, x), _at(line.bottom, x)
    x0, x1 = max(0, int(round(x - pitch / 2))), min(ink.shape[1], int(round(x + pitch / 2)))
    y0, y1 = max(0, int(round(top))), min(ink.shape[0], int(round(bottom)) + 1)
    if x1 <= x0 or y1 <= y0:
        return x
    cols = ink[y0:y1, x0:x1].sum(axis=0)
    total = float(cols.sum())
    if total <= 1e-3:
        return x
    centroid = x0 + float((cols * (np.arange(x1 - x0) + 0.5)).sum()) / total
    return x + max(-0.2 * pitch, min(0.2 * pitch, centroid - x))


def _line_patches(ink: FloatImage, line: _Line, grid: _Grid, n: int) -> FloatImage:
    """The padded canvases of the ``n`` cells of one line, shape ``(n, CANVAS_H + 2·SHIFT, CANVAS_W + 2·SHIFT)``."""
    out = np.empty((n, CANVAS_H + 2 * SHIFT, CANVAS_W + 2 * SHIFT), dtype=np.float32)
    for k in range(n):
        x = _cell_centre(ink, line, grid.start + k * grid.pitch, grid.pitch)
        out[k] = _patch(ink, x, grid.pitch, line.top[0], line.top[1], line.bottom[0], line.bottom[1], SHIFT)
    return out


@dataclass(frozen=True)
class Classified:
    """Per cell: best and runner-up character (indices into :data:`ALPHABET`), best score, best-vs-runner-up margin."""

    best: list[int]
    second: list[int]
    score: list[float]
    margin: list[float]


def _windows(patches: FloatImage, shifts: bool) -> FloatImage:
    """Normalised canvas rows: the centred window of each padded patch, or all ``(2·SHIFT+1)²`` shifted windows."""
    n = patches.shape[0]
    if not shifts:
        centre = patches[:, SHIFT : SHIFT + CANVAS_H, SHIFT : SHIFT + CANVAS_W]
        return _normalise_rows(np.ascontiguousarray(centre).reshape(n, -1))
    windows = np.lib.stride_tricks.sliding_window_view(patches, (CANVAS_H, CANVAS_W), axis=(1, 2))
    return _normalise_rows(np.ascontiguousarray(windows).reshape(-1, CANVAS_H * CANVAS_W))


def font_scores(patches: FloatImage) -> FloatImage:
    """Unshifted scores of every font and character (one template variant each), ``(cells, fonts, len(ALPHABET))``."""
    tpl = templates()
    rows = tpl.matrix.reshape(len(tpl.fonts), len(ALPHABET), tpl.variants, -1)[:, :, tpl.variants // 2]
    scores = _windows(patches, shifts=False) @ rows.reshape(-1, rows.shape[-1]).T
    return scores.reshape(patches.shape[0], len(tpl.fonts), len(ALPHABET))


def classify(patches: FloatImage, font: int) -> Classified:
    """Each padded canvas matched against the templates of one font.

    All templates are scored unshifted; the :data:`_SHORTLIST` best characters of each cell are then scored with
    every variant at every shift of ±:data:`SHIFT` canvas pixels (a character's score is its best variant and shift).
    """
    tpl = templates()
    n = patches.shape[0]
    rows = tpl.of_font(font).reshape(len(ALPHABET), tpl.variants, -1)
    plain = (_windows(patches, shifts=False) @ rows.reshape(len(ALPHABET) * tpl.variants, -1).T).reshape(
        n, len(ALPHABET), tpl.variants
    )
    scores = plain.max(axis=2)
    shortlist = np.argsort(-scores, axis=1)[:, :_SHORTLIST]  # (n, K)
    shifted = _windows(patches, shifts=True).reshape(n, (2 * SHIFT + 1) ** 2, -1)  # (n, S, D)
    candidates = rows[shortlist].reshape(n, _SHORTLIST * tpl.variants, -1)  # (n, K·V, D)
    fine = np.matmul(shifted, candidates.transpose(0, 2, 1)).reshape(n, -1, _SHORTLIST, tpl.variants)
    idx = np.arange(n)[:, None]
    scores[idx, shortlist] = np.maximum(scores[idx, shortlist], fine.max(axis=(1, 3)))
    order = np.argsort(-scores, axis=1)
    best, second = order[:, 0], order[:, 1]
    flat = np.arange(n)
    best_score = scores[flat, best]
    margin = best_score - scores[flat, second]
    return Classified(best.tolist(), second.tolist(), best_score.tolist(), margin.tolist())


# Image → upright ink --------------------------------------------------------------------------------------------------


def _grey(image: np.ndarray) -> Mask:
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        return np.asarray(cv2.cvtColor(image, code), dtype=np.uint8)
    return np.asarray(image, dtype=np.uint8)


def ink_map(grey: Mask) -> FloatImage:
    """``1 - grey / background`` in 0–1 (1 = black ink on paper); the background is a large closing of ``grey``."""
    h, w = grey.shape
    factor = 4 if min(h, w) >= 64 else 1
    small = cv2.resize(grey, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    k = max(5, (min(h, w) // 5) // factor) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), max(1.0, k / 4))
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    ratio = grey.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0)
    return np.asarray(np.clip(1.0 - ratio, 0.0, 1.0), dtype=np.float32)


def _threshold(ink: FloatImage) -> float:
    """Otsu's threshold of the ink map (at least 0.15, so that a blank page stays blank)."""
    as_byte = np.clip(ink * 255.0, 0, 255).astype(np.uint8)
    t, _ = cv2.threshold(as_byte, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return max(0.15, float(t) / 255.0)


def skew_angle(binary: Mask) -> float:
    """The angle in degrees (±:data:`_MAX_SKEW_DEG`) that makes the row projection of the ink sharpest."""
    step = 2 if binary.shape[0] >= 120 else 1
    ys, xs = np.nonzero(binary[::step, ::step])
    if len(xs) < 50:
        return 0.0
    xf = xs.astype(np.float64) - xs.mean()
    yf = ys.astype(np.float64)

    def sharpness(deg: float) -> float:
        idx = np.round(yf - xf * math.tan(math.radians(deg))).astype(np.int64)
        hist = np.bincount(idx - idx.min()).astype(np.float64)
        return float((hist * hist).sum())

    coarse = np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 1e-9, 0.5)
    best = float(max(coarse, key=sharpness))
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    return float(max(fine, key=sharpness))


def _rotation(shape: tuple[int, ...], angle: float) -> npt.NDArray[np.float64]:
    """The affine matrix that turns an image of ``shape`` by ``angle`` degrees about its centre."""
    h, w = shape[:2]
    return np.asarray(cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), dtype=np.float64)


# Lines ----------------------------------------------------------------------------------------------------------------


def _components(binary: Mask) -> list[_Component]:
    """Text-sized connected components: at least 4 px tall, not long rules, not huge blobs."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    h = binary.shape[0]
    out: list[_Component] = []
    for i in range(1, n):
        x, y, w, hh, area = (int(v) for v in stats[i])
        if hh < 4 or area < 8 or hh > h * 0.6 or w > 6 * hh:
            continue
        out.append(_Component(x, y, x + w, y + hh))
    return out


def _bands(comps: list[_Component], height: int) -> list[tuple[int, int]]:
    """Row ranges where the summed width of components is high (text lines)."""
    profile = np.zeros(height + 1, dtype=np.float64)
    for c in comps:
        profile[c.y0 : c.y1] += c.width
    if profile.max() <= 0:
        return []
    limit = 0.12 * float(profile.max())
    above = profile > limit
    bands: list[tuple[int, int]] = []
    start = -1
    for y, on in enumerate(above):
        if on and start < 0:
            start = y
        elif not on and start >= 0:
            bands.append((start, y))
            start = -1
    return bands


def _fit_edge(xs: list[float], ys: list[float], tolerance: float = 2.0) -> tuple[float, float]:
    """A straight line ``y = a + b·x`` through points, refitted without the points more than ``tolerance`` px off."""
    x = np.asarray(xs)
    y = np.asarray(ys)
    if len(x) < 4 or float(np.ptp(x)) < 1:
        return float(np.median(y)), 0.0
    b, a = np.polyfit(x, y, 1)
    keep = np.abs(y - (a + b * x)) <= tolerance
    if keep.sum() >= 4:
        b, a = np.polyfit(x[keep], y[keep], 1)
    return float(a), float(b)


def _band_line(comps: list[_Component], band: tuple[int, int]) -> _Line | None:
    """The longest run of closely spaced components centred in ``band``, with its fitted cap line and baseline."""
    inside = sorted((c for c in comps if band[0] <= c.cy < band[1]), key=lambda c: c.x0)
    if len(inside) < 8:
        return None
    tall = float(np.percentile([c.height for c in inside], 75))
    inside = [c for c in inside if c.height >= 0.35 * tall]
    gap = 1.5 * tall
    runs: list[list[_Component]] = [[inside[0]]]
    for c in inside[1:]:
        if c.x0 - max(r.x1 for r in runs[-1]) > gap:
            runs.append([c])
        else:
            runs[-1].append(c)
    run = max(runs, key=lambda r: max(c.x1 for c in r) - r[0].x0)
    glyphs = [c for c in run if c.height >= 0.8 * tall and c.height <= 1.35 * tall]
    if len(glyphs) < 4 or len(run) < 8:
        return None
    top = _fit_edge([c.cx for c in glyphs], [float(c.y0) for c in glyphs])
    bottom = _fit_edge([c.cx for c in glyphs], [float(c.y1) for c in glyphs])
    return _Line(tuple(run), top, bottom)


def _group_score(group: list[_Line]) -> float | None:
    """How well 2 or 3 lines fit an MRZ block (higher is better); None when they do not."""
    heights = [ln.height for ln in group]
    lengths = [ln.x1 - ln.x0 for ln in group]
    h = float(np.median(heights))
    if h < 5 or max(heights) > 1.4 * min(heights):
        return None
    if min(lengths) < 18 * h or max(lengths) > 1.12 * min(lengths):
        return None
    if max(ln.x0 for ln in group) - min(ln.x0 for ln in group) > 1.5 * h:
        return None
    gaps = [b.cy - a.cy for a, b in zip(group, group[1:], strict=False)]
    if min(gaps) < 1.2 * h or max(gaps) > 3.2 * h or max(gaps) > 1.3 * min(gaps):
        return None
    slopes = [ln.top[1] for ln in group]
    if max(slopes) - min(slopes) > 0.02:
        return None
    return len(group) * 10 - max(lengths) / min(lengths) - max(gaps) / min(gaps)


def _find_block(comps: list[_Component], height: int) -> list[_Line] | None:
    """The group of 2 or 3 stacked lines that fits the MRZ geometry best (the lowest one on ties)."""
    lines = [ln for band in _bands(comps, height) if (ln := _band_line(comps, band)) is not None]
    lines.sort(key=lambda ln: ln.cy)
    best: tuple[float, float, list[_Line]] | None = None
    for size in (3, 2):
        for i in range(len(lines) - size + 1):
            group = lines[i : i + size]
            score = _group_score(group)
            if score is None:
                continue
            key = (score, group[-1].cy)
            if best is None or key > best[:2]:
                best = (score, group[-1].cy, group)
    return best[2] if best else None


# Pitch grid -----------------------------------------------------------------------------------------------------------


def fit_grid(centres: list[float], widths: list[float], n: int) -> _Grid:
    """The cell grid of ``n`` cells through glyph centres (left to right, first and last glyph at the line's ends).

    Components wider than 1.5 cells are taken as ``m`` touching glyphs centred between cells.
    """
    cx = np.asarray(centres, dtype=np.float64)
    w = np.asarray(widths, dtype=np.float64)
    rough = (cx.max() + w[int(np.argmax(cx))] / 2 - (cx.min() - w[int(np.argmin(cx))] / 2)) / n
    span = np.maximum(1, np.round(w / rough))
    half = (span - 1) / 2  # touching glyphs: centre sits between cells
    first = int(np.argmin(cx))
    last = int(np.argmax(cx))
    start = cx[first] - half[first] * rough
    end = cx[last] + half[last] * rough
    pitch = (end - start) / max(1, n - 1)
    for _ in range(3):
        pos = np.round((cx - start) / pitch - half) + half
        ok = (pos >= -0.01) & (pos <= n - 1 + 0.01)
        if ok.sum() < 4:
            break
        b, a = np.polyfit(pos[ok], cx[ok], 1)
        if not (0.5 * pitch < b < 1.5 * pitch):
            break
        pitch, start = float(b), float(a)
    pos = np.round((cx - start) / pitch - half) + half
    residual = float(np.median(np.abs(cx - (start + pitch * pos)))) / pitch
    return _Grid(float(start), float(pitch), residual)


def _choose_width(block: list[_Line]) -> tuple[int, list[_Grid]]:
    """Characters per line (30, 36 or 44) and each line's grid: the width whose grids fit the glyphs best."""
    best: tuple[float, int, list[_Grid]] | None = None
    for n in _WIDTHS_BY_LINES[len(block)]:
        grids = [fit_grid([c.cx for c in ln.comps], [float(c.width) for c in ln.comps], n) for ln in block]
        plausible = all(0.6 * ln.height < g.pitch < 1.4 * ln.height for ln, g in zip(block, grids, strict=True))
        cost = sum(g.residual for g in grids) + (0.0 if plausible else 1.0)
        if best is None or cost < best[0]:
            best = (cost, n, grids)
    assert best is not None
    return best[1], best[2]


# Public API -----------------------------------------------------------------------------------------------------------


def _line_box(line: _Line, grid: _Grid, n: int, inverse: npt.NDArray[np.float64], shape: tuple[int, int]) -> BBox:
    """The line's box (its cells' extent) mapped back to the crop's pixels."""
    xl = grid.start - grid.pitch / 2
    xr = grid.start + (n - 0.5) * grid.pitch
    pts = np.array(
        [[xl, _at(line.top, xl)], [xr, _at(line.top, xr)], [xr, _at(line.bottom, xr)], [xl, _at(line.bottom, xl)]]
    )
    back = pts @ inverse[:, :2].T + inverse[:, 2]
    h, w = shape
    x0, y0 = np.floor(back.min(axis=0)).astype(int)
    x1, y1 = np.ceil(back.max(axis=0)).astype(int)
    return BBox(max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1)))


def _crossing(profile: npt.NDArray[np.float64], level: float, reverse: bool) -> float | None:
    """The sub-pixel position where ``profile`` first rises to ``level`` (scanning from the end if ``reverse``)."""
    values = profile[::-1] if reverse else profile
    above = np.nonzero(values >= level)[0]
    if len(above) == 0 or above[0] == 0:
        return None
    i = int(above[0])
    lo, hi = float(values[i - 1]), float(values[i])
    edge = i - 0.5 + (level - lo) / max(hi - lo, 1e-6)  # boundary between the rows, in row units
    return len(profile) - edge if reverse else edge


def _edges(ink: FloatImage, line: _Line, x: float, pitch: float) -> tuple[float | None, float | None]:
    """Sub-pixel top and bottom edge of the glyph in the cell at ``x``: where the mean ink of its rows first reaches
    half the local maximum near the fitted cap line (from above) and near the baseline (from below)."""
    top, bottom = _at(line.top, x), _at(line.bottom, x)
    h = bottom - top
    y0, y1 = max(0, int(math.floor(top - 0.35 * h))), min(ink.shape[0], int(math.ceil(bottom + 0.35 * h)))
    x0, x1 = max(0, int(round(x - 0.3 * pitch))), min(ink.shape[1], int(round(x + 0.3 * pitch)))
    if y1 - y0 < 4 or x1 <= x0:
        return None, None
    profile = ink[y0:y1, x0:x1].mean(axis=1).astype(np.float64)
    quarter = max(2, int(round(0.3 * h)))
    t_rel, b_rel = int(round(top)) - y0, int(round(bottom)) - y0
    upper = float(profile[max(0, t_rel - quarter) : t_rel + quarter].max(initial=0.0))
    lower = float(profile[max(0, b_rel - quarter) : b_rel + quarter].max(initial=0.0))
    t_edge = _crossing(profile, 0.5 * upper, reverse=False) if upper > 0.05 else None
    b_edge = _crossing(profile, 0.5 * lower, reverse=True) if lower > 0.05 else None
    return (None if t_edge is None else y0 + t_edge), (None if b_edge is None else y0 + b_edge)


def _reframe(ink: FloatImage, block: list[_Line], grids: list[_Grid], chars: list[int], n: int) -> list[_Line]:
    """Cap lines and baselines measured again, to sub-pixel precision, once the characters are roughly known.

    The baseline is fitted through the bottom edges of glyphs that sit on it (not ``<``, which floats, nor the tails
    of ``Q``/``J``); the cap height is the median height of flat-topped letters over the whole block (OCR-B digits
    are taller than capitals, and templates are framed by the capital ``H``). Edges are where the ink reaches half
    its level, so blur and the binarisation threshold do not change them. Lines are returned unchanged without
    enough such glyphs.
    """
    caps: list[float] = []
    bottoms: list[tuple[float, float]] = []
    for i, (line, grid) in enumerate(zip(block, grids, strict=True)):
        xs: list[float] = []
        ys: list[float] = []
        flat: list[tuple[float, float]] = []
        for k in range(n):
            ch = ALPHABET[chars[i * n + k]]
            if ch in _FLOATING:
                continue
            x = grid.start + k * grid.pitch
            top, bottom = _edges(ink, line, x, grid.pitch)
            if bottom is not None:
                xs.append(x)
                ys.append(bottom)
            if top is not None and ch in _FLAT:
                flat.append((x, top))
        fit = _fit_edge(xs, ys, 1.0) if len(xs) >= 3 else line.bottom
        bottoms.append(fit)
        caps.extend(_at(fit, x) - top for x, top in flat)
    if len(caps) < 3:
        return block
    cap = float(np.median(caps))
    return [_Line(ln.comps, (b[0] - cap, b[1]), b) for ln, b in zip(block, bottoms, strict=True)]


def _block_patches(ink: FloatImage, block: list[_Line], grids: list[_Grid], n: int) -> FloatImage:
    """The padded canvases of every cell of the block, line by line."""
    return np.concatenate([_line_patches(ink, ln, g, n) for ln, g in zip(block, grids, strict=True)])


def _best_font(patches: FloatImage) -> tuple[int, list[int]]:
    """The font whose templates fit the block best (one document, one font), and its best character per cell."""
    scores = font_scores(patches)
    font = int(np.argmax(scores.max(axis=2).sum(axis=0)))
    return font, [int(k) for k in scores[:, font].argmax(axis=1)]


def _upright(grey: Mask) -> tuple[FloatImage, float, float, npt.NDArray[np.float64]]:
    """The ink map turned upright, its threshold, the skew angle corrected and the rotation matrix used."""
    ink = ink_map(grey)
    threshold = _threshold(ink)
    angle = skew_angle((ink > threshold).astype(np.uint8))
    rotation = _rotation(grey.shape, -angle)
    if abs(angle) > 0.05:
        h, w = grey.shape
        ink = np.asarray(cv2.warpAffine(ink, rotation, (w, h), flags=cv2.INTER_LINEAR), dtype=np.float32)
    return ink, threshold, angle, rotation


def read_mrz_glyphs(image: np.ndarray) -> GlyphRead | None:
    """Read the MRZ block in a roughly upright crop; None when no 2- or 3-line MRZ is found."""
    grey = _grey(image)
    if grey.shape[0] < 16 or grey.shape[1] < 64:
        return None
    ink, threshold, angle, rotation = _upright(grey)
    binary = (ink > threshold).astype(np.uint8)
    block = _find_block(_components(binary), binary.shape[0])
    if block is None:
        return None
    scale = 1.0
    band = float(np.median([ln.height for ln in block]))
    if band > 1.6 * BAND_PX:  # shrink with area averaging rather than sampling a large image
        scale = 1.25 * BAND_PX / band
        ink = np.asarray(cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), dtype=np.float32)
        block = [_scaled(ln, scale) for ln in block]
    n, grids = _choose_width(block)
    _, rough = _best_font(_block_patches(ink, block, grids, n))
    block = _reframe(ink, block, grids, rough, n)
    patches = _block_patches(ink, block, grids, n)
    font, _ = _best_font(patches)
    found = classify(patches, font)
    mean_score = float(np.mean(found.score))
    if mean_score < MIN_MEAN_SCORE:
        return None
    back = cv2.invertAffineTransform(rotation) @ np.diag([1 / scale, 1 / scale, 1.0])
    lines, conf, runner = [], [], []
    for i in range(len(block)):
        cells = slice(i * n, (i + 1) * n)
        lines.append("".join(ALPHABET[k] for k in found.best[cells]))
        runner.append("".join(ALPHABET[k] for k in found.second[cells]))
        conf.append([round(min(1.0, max(0.0, m / MARGIN_FULL)), 3) for m in found.margin[cells]])
    boxes = [_line_box(ln, g, n, back, grey.shape) for ln, g in zip(block, grids, strict=True)]
    return GlyphRead(lines, conf, runner, boxes, angle, mean_score, templates().fonts[font])


def _scaled(line: _Line, s: float) -> _Line:
    """The line with every coordinate multiplied by ``s``."""
    comps = tuple(
        _Component(round(c.x0 * s), round(c.y0 * s), max(round(c.x0 * s) + 1, round(c.x1 * s)), round(c.y1 * s))
        for c in line.comps
    )
    return _Line(comps, (line.top[0] * s, line.top[1]), (line.bottom[0] * s, line.bottom[1]))
