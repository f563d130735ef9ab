"""Read an ICAO 9303 machine-readable zone with a fixed-pitch glyph classifier (no Tesseract).

The MRZ alphabet has 37 characters (``A–Z 0–9 <``) printed at a fixed pitch, in OCR-B on real documents. A general
OCR model confuses the filler ``<`` with ``K``/``X``/``C``/``S``/``E`` and merges touching ``<<``; here every character
cell is cut from the fitted pitch grid and matched against rendered glyphs, so a cell always yields exactly one
character. :func:`read_mrz_glyphs` takes a roughly upright crop around the MRZ block (tilt up to a few degrees, margins
and other print allowed) and returns the 2 or 3 lines it reads, each exactly 30, 36 or 44 characters long, with a
confidence per character; callers then run :func:`extractors.validators.mrz.repair` on the lines.

Steps:

1. ink: ``1 - grey / background``, the background being a large closing of the (smoothed, quarter-size) grey image;
   the geometry uses an Otsu binarisation of a slightly smoothed copy, the glyphs are classified on the ink itself;
2. skew: the angle (±4°) that makes the row projection of the ink sharpest; the ink is turned upright;
3. lines: bands of the row projection of text-sized components; in each band the longest run of closely spaced
   components; 2 or 3 runs that are long, parallel, of similar height and length, left-aligned and evenly stacked make
   the block (the lowest such group wins);
4. pitch: 3 lines are TD1 (30 characters); for 2 lines, 36 (TD2) or 44 (TD3), whichever grid fits the glyphs better.
   A line's grid of ``n`` cells comes from the block's common pitch (the one at which glyph centres line up best)
   placed where most ink falls, or from walking the glyphs left to right at a slowly adapting local pitch (which
   follows perspective left in the crop), whichever fits better after a least-squares refit (with a small quadratic
   bend when perspective is left). A grid's error is the glyphs' median distance to their cell centres plus the
   fractions of glyphs outside the cells and of cells without a glyph; too large an error means the print is not an
   MRZ. Touching ``<<`` are simply cut at the pitch;
5. framing: a first classification tells letters, digits and fillers apart; baselines are then refitted to the
   sub-pixel bottom edges of glyphs that sit on them and cap lines set from flat-topped capitals (OCR-B digits are
   taller than capitals); the block's font is the template font that fits it best;
6. glyphs: each cell, masked to its pitch and re-centred on its ink, is resampled to a small canvas (cap height
   :data:`BAND_PX`) and compared by normalised cross-correlation to templates rendered at run time from OCR-B and
   common monospace fonts (stroke weights × blur levels, built once per process); the best few characters of each
   cell are tried again at ±:data:`SHIFT` canvas pixel shifts.

A character's confidence is the margin between the best template score and the best score of any other character,
scaled to 0–1 (:data:`MARGIN_FULL` is a margin of full confidence). Blocks that are not fixed-pitch print, or whose
characters are mostly unreadable, give None.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import os
from dataclasses import dataclass, field
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
_SHIFTS: Final = ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1))  # (dy, dx) canvas shifts tried (SHIFT = 1)
MARGIN_FULL: Final = 0.12  # a best-vs-runner-up score margin that counts as full confidence
MIN_MEAN_SCORE: Final = 0.45  # below this mean template score the block is not an MRZ
MAX_GRID_RESIDUAL: Final = 0.06  # median glyph distance to its cell centre, in pitches: MRZ ≤ 0.02, proportional ~0.14
MIN_MEAN_CONFIDENCE: Final = 0.2  # below this mean confidence the block is unreadable (defocused, tiny, not an MRZ)
_RENDER_CAP_PX: Final = 96
_WEIGHTS: Final = (-0.025, 0.0, 0.025)  # template stroke change per side, in cap heights (thin, as drawn, bold)
_BLURS: Final = (0.6, 1.2, 2.0, 3.0)  # template blur sigmas, canvas pixels (3.0: tiny or defocused print)
_PLAIN_VARIANT: Final = _WEIGHTS.index(0.0) * len(_BLURS) + 1  # stroke as drawn, blur 1.2: for choosing the font
_FLAT: Final = frozenset("EFHKLMNPRT")  # flat-topped capitals that no digit resembles (not I/1, B/8, D/0, Z/2)
_FLOATING: Final = frozenset("<QJ")  # characters off the baseline (filler) or below it (tails)
_WIDTHS_BY_LINES: Final[dict[int, tuple[int, ...]]] = {3: (30,), 2: (44, 36)}
_MAX_SKEW_DEG: Final = 4.0
_SMOOTH_SIGMA: Final = 1.0  # Gaussian smoothing of the ink before binarisation, pixels


@dataclass(frozen=True)
class GlyphRead:
    """The characters read from an MRZ block.

    ``lines`` hold exactly 30, 36 or 44 characters each; ``confidence`` one value in 0–1 per character (the
    margin between the best and the second-best character's score, :data:`MARGIN_FULL` and more counting as 1);
    ``runner_up`` the second-best character per cell; ``boxes`` each line's box in the crop's pixels; ``angle`` the
    tilt of the text lines that was corrected (degrees, positive when they descend to the right); ``score`` the mean
    best template correlation (about 0.95–0.99 on clean print); ``font`` the template font that fitted best.
    """

    lines: list[str]
    confidence: list[list[float]]
    runner_up: list[str]
    boxes: list[BBox]
    angle: float
    score: float
    font: str


_Component = BBox  # a connected component's box (models.geometry: x0, y0, x1, y1, cx, cy, width, height)


_Edges = tuple[tuple[float, float], tuple[float, float]]  # cap line and baseline, each ``y = a + b·x``


@dataclass(frozen=True)
class _Line:
    """One text line on the upright ink image: its components left to right, cap line and baseline ``y = a + b·x``."""

    comps: tuple[_Component, ...]
    top: tuple[float, float]
    bottom: tuple[float, float]
    x0: int = field(init=False)
    x1: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "x0", min(c.x0 for c in self.comps))
        object.__setattr__(self, "x1", max(c.x1 for c in self.comps))

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
    """Cell centres ``start + pitch·k + bend·k²`` (the bend follows perspective left in the crop)."""

    start: float  # centre of cell 0
    pitch: float
    residual: float  # fit error of the glyphs (see _grid_error); 0 is perfect
    bend: float = 0.0

    def centres(self, n: int) -> npt.NDArray[np.float64]:
        """The centres of the first ``n`` cells."""
        k = np.arange(n, dtype=np.float64)
        return self.start + self.pitch * k + self.bend * k * k

    def centre(self, k: float) -> float:
        """The centre of cell ``k`` (fractional ``k`` for cell edges)."""
        return self.start + self.pitch * k + self.bend * k * k


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
    scale = BAND_PX / cap
    out: list[FloatImage] = []
    for ch in ALPHABET:
        ink, cx, top, bottom, advance = _render_glyph(font, ch, cap)
        for weight in _WEIGHTS:
            img = _embolden(ink, round(weight * cap))
            small = np.asarray(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.float32)
            rows = (round(top * scale), round(bottom * scale) + 1)
            x = _centroids(small, np.array([cx * scale]), advance * scale, rows).astype(np.float64)
            (patch,) = _patches(small, x, advance * scale, ((top * scale, 0.0), (bottom * scale, 0.0)), 0)
            out.extend(np.asarray(cv2.GaussianBlur(patch, (0, 0), sigma), dtype=np.float32) for sigma in _BLURS)
    return out


def _embolden(ink: FloatImage, pixels: int) -> FloatImage:
    """Strokes grown (``pixels`` > 0) or thinned (< 0) by that many pixels on each side."""
    if pixels == 0:
        return ink
    size = 2 * abs(pixels) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    grown = cv2.dilate(ink, kernel) if pixels > 0 else cv2.erode(ink, kernel)
    return np.asarray(grown, dtype=np.float32)


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


def _patches(ink: FloatImage, centres: npt.NDArray[np.float64], pitch: float, line: _Edges, pad: int) -> FloatImage:
    """The canvases of the cells centred at ``centres`` on one line, shape ``(k, CANVAS_H + 2·pad, CANVAS_W + 2·pad)``.

    Each cell's cap line goes to canvas row :data:`MARGIN_TOP` and its baseline :data:`BAND_PX` rows lower; rows follow
    the line's slope. Ink further than half a pitch from the centre is masked out; ``pad`` extra canvas pixels on every
    side are kept for the shift search. All cells are sampled by one ``cv2.remap``.
    """
    (top_a, top_b), (bottom_a, bottom_b) = line
    k = len(centres)
    width, height = CANVAS_W + 2 * pad, CANVAS_H + 2 * pad
    top = top_a + top_b * centres
    scale = ((bottom_a + bottom_b * centres) - top) / BAND_PX  # source pixels per canvas pixel, per cell
    u = np.arange(width, dtype=np.float64) + 0.5 - width / 2  # canvas columns from the cell centre
    v = np.arange(height, dtype=np.float64) + 0.5 - MARGIN_TOP - pad  # canvas rows from the cap line
    slope = (top_b + bottom_b) / 2
    s = scale[:, None, None]
    map_x = np.broadcast_to(centres[:, None, None] + u[None, None, :] * s - 0.5, (k, height, width))
    map_y = top[:, None, None] + (v[None, :, None] + slope * u[None, None, :]) * s - 0.5
    out = cv2.remap(
        ink,
        map_x.reshape(k * height, width).astype(np.float32),
        map_y.reshape(k * height, width).astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0.0,
    ).reshape(k, height, width)
    outside = np.abs(u)[None, :] > (pitch / 2 / scale)[:, None] + 0.5  # (k, width)
    out[np.broadcast_to(outside[:, None, :], out.shape)] = 0.0
    return np.asarray(out, dtype=np.float32)


def _centroids(ink: FloatImage, xs: npt.NDArray[np.float64], pitch: float, rows: tuple[int, int]) -> FloatImage:
    """Cell centres ``xs`` moved to the ink centroid of their cell within ``rows`` (by at most a fifth of the pitch).

    Templates are centred the same way, so a glyph whose ink leans to one side (``L``, ``F``) is framed alike.
    """
    y0, y1 = max(0, rows[0]), min(ink.shape[0], rows[1])
    if y1 <= y0:
        return np.asarray(xs, dtype=np.float32)
    cols = ink[y0:y1].sum(axis=0, dtype=np.float64)
    mass = np.concatenate([[0.0], np.cumsum(cols)])
    moment = np.concatenate([[0.0], np.cumsum(cols * (np.arange(len(cols)) + 0.5))])
    lo = np.clip(np.round(xs - pitch / 2).astype(int), 0, len(cols))
    hi = np.clip(np.round(xs + pitch / 2).astype(int), 0, len(cols))
    total = mass[hi] - mass[lo]
    centroid = np.where(total > 1e-3, (moment[hi] - moment[lo]) / np.maximum(total, 1e-3), xs)
    return np.asarray(xs + np.clip(centroid - xs, -0.2 * pitch, 0.2 * pitch), dtype=np.float32)


def _line_patches(ink: FloatImage, line: _Line, grid: _Grid, n: int) -> FloatImage:
    """The padded canvases of the ``n`` cells of one line, shape ``(n, CANVAS_H + 2·SHIFT, CANVAS_W + 2·SHIFT)``."""
    xs = grid.centres(n)
    x_mid = (xs[0] + xs[-1]) / 2
    rows = (round(_at(line.top, x_mid)), round(_at(line.bottom, x_mid)) + 1)
    centres = _centroids(ink, xs, grid.pitch, rows).astype(np.float64)
    return _patches(ink, centres, grid.pitch, (line.top, line.bottom), SHIFT)


@dataclass(frozen=True)
class Classified:
    """Per cell: best and runner-up character (indices into :data:`ALPHABET`), best score, best-vs-runner-up margin."""

    best: list[int]
    second: list[int]
    score: list[float]
    margin: list[float]


def _dot(rows: FloatImage, templates_: FloatImage) -> FloatImage:
    """``rows @ templates_.T`` without BLAS threads (einsum's own loop: steady under load, no thread start-up)."""
    return np.asarray(np.einsum("ij,kj->ik", rows, templates_, optimize=False), dtype=np.float32)


def _windows(patches: FloatImage, shifts: bool) -> FloatImage:
    """Normalised canvas rows: the centred window of each padded patch, or its :data:`_SHIFTS` shifted windows
    (``(cells · len(_SHIFTS), D)``, cell-major)."""
    n = patches.shape[0]
    offsets = _SHIFTS if shifts else ((0, 0),)
    windows = np.stack(
        [patches[:, SHIFT + dy : SHIFT + dy + CANVAS_H, SHIFT + dx : SHIFT + dx + CANVAS_W] for dy, dx in offsets],
        axis=1,
    )
    return _normalise_rows(windows.reshape(n * len(offsets), CANVAS_H * CANVAS_W))


def _font_scores(patches: FloatImage) -> FloatImage:
    """Unshifted scores of every font and character (one template variant each), ``(cells, fonts, len(ALPHABET))``."""
    tpl = templates()
    rows = tpl.matrix.reshape(len(tpl.fonts), len(ALPHABET), tpl.variants, -1)[:, :, _PLAIN_VARIANT]
    scores = _dot(_windows(patches, shifts=False), rows.reshape(-1, rows.shape[-1]))
    return scores.reshape(patches.shape[0], len(tpl.fonts), len(ALPHABET))


def classify(patches: FloatImage, font: int) -> Classified:
    """Each padded canvas matched against the templates of one font.

    The templates of the drawn stroke weight are scored unshifted; the :data:`_SHORTLIST` best characters of each cell
    are then scored with every stroke weight, at the two blur levels that suit most cells of the block, at every shift
    of ±:data:`SHIFT` canvas pixels (a character's score is its best template and shift).
    """
    tpl = templates()
    n = patches.shape[0]
    rows = tpl.of_font(font).reshape(len(ALPHABET), len(_WEIGHTS), len(_BLURS), -1)
    plain = rows[:, _WEIGHTS.index(0.0)]  # (chars, blurs, D)
    by_blur = _dot(_windows(patches, shifts=False), plain.reshape(-1, plain.shape[-1])).reshape(n, len(ALPHABET), -1)
    scores = by_blur.max(axis=2)
    # the two blur levels that fit most cells, for the block (one photo, one focus)
    votes = np.bincount(by_blur.max(axis=1).argmax(axis=1), minlength=len(_BLURS))
    blurs = np.sort(np.argsort(-votes, kind="stable")[:2])
    shortlist = np.argsort(-scores, axis=1)[:, :_SHORTLIST]  # (n, K)
    shifted = _windows(patches, shifts=True).reshape(n, len(_SHIFTS), -1)  # (n, S, D)
    candidates = rows[:, :, blurs][shortlist].reshape(n, -1, rows.shape[-1])  # (n, K·weights·2, D)
    fine = np.einsum("nsd,ntd->nst", shifted, candidates, optimize=False).reshape(n, -1, _SHORTLIST, len(_WEIGHTS) * 2)
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
    """``1 - grey / background`` in 0–1 (1 = black ink on paper).

    The background is a large closing of ``grey`` at a quarter of the size, smoothed first so that it follows the
    paper and not the peaks of sensor noise (which would make a noisy dark photo look inked all over).
    """
    h, w = grey.shape
    factor = 4 if min(h, w) >= 64 else 1
    small = cv2.resize(grey, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 1.5)
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


def _fit_edge(xs: list[float], ys: list[float], tolerance: float = 2.0, side: int = 0) -> tuple[float, float]:
    """A straight line ``y = a + b·x`` through points, refitted twice without the outliers.

    ``side`` 0 drops points more than ``tolerance`` px off either way; ``side`` 1 fits a lower envelope (drops points
    that far *above*: fillers and short glyphs over a baseline), ``side`` -1 an upper one (drops points that far below
    a cap line).
    """
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    if len(x) < 4 or float(np.ptp(x)) < 1:
        return float(np.median(y)), 0.0
    b, a = np.polyfit(x, y, 1)
    for _ in range(2):
        off = y - (a + b * x)
        keep = np.abs(off) <= tolerance if side == 0 else side * off >= -tolerance
        if keep.sum() < 4:
            break
        b, a = np.polyfit(x[keep], y[keep], 1)
    return float(a), float(b)


def _band_line(comps: list[_Component], band: tuple[int, int]) -> _Line | None:
    """The longest run of closely spaced components centred in ``band``, with its fitted cap line and baseline."""
    inside = sorted((c for c in comps if band[0] <= c.cy < band[1]), key=lambda c: c.x0)
    if len(inside) < 8:
        return None
    heights = sorted(c.height for c in inside)
    tall = float(heights[-4])  # letters and digits; a name line can be mostly (shorter) fillers
    inside = [c for c in inside if c.height >= 0.35 * tall]
    gap = 1.5 * tall
    runs: list[list[_Component]] = [[inside[0]]]
    ends = [inside[0].x1]
    for c in inside[1:]:
        if c.x0 - ends[-1] > gap:
            runs.append([c])
            ends.append(c.x1)
        else:
            runs[-1].append(c)
            ends[-1] = max(ends[-1], c.x1)
    run = max(zip(runs, ends, strict=True), key=lambda r: r[1] - r[0][0].x0)[0]
    glyphs = [c for c in run if c.height >= 0.8 * tall and c.height <= 1.35 * tall]
    if len(glyphs) < 4 or len(run) < 8:
        return None
    tolerance = max(1.0, 0.05 * tall)
    top = _fit_edge([c.cx for c in glyphs], [float(c.y0) for c in glyphs], tolerance, side=-1)
    bottom = _fit_edge([c.cx for c in glyphs], [float(c.y1) for c in glyphs], tolerance, side=1)
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
    gaps = [b.cy - a.cy for a, b in itertools.pairwise(group)]
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


def _periodicity(lines: list[_Line], rough: float) -> float:
    """The common pitch near ``rough`` at which the lines' single glyphs line up best.

    For each trial pitch the glyph centres of each line are wrapped onto a circle (x / pitch); the pitch with the
    largest mean resultant length, averaged over lines, wins (1 would be every glyph exactly on a grid).
    """
    trials = rough * np.linspace(0.85, 1.15, 61)
    strength = np.zeros(len(trials))
    for line in lines:
        cx = np.array([c.cx for c in line.comps if c.width <= 1.3 * rough and c.height >= 0.5 * line.height])
        if len(cx) < 4:
            continue
        phases = np.exp(2j * np.pi * cx[None, :] / trials[:, None])
        strength += np.abs(phases.mean(axis=1)) / len(lines)
    return float(trials[int(np.argmax(strength))])


def _cells_window(line: _Line, pitch: float, n: int, anchor: float | None) -> tuple[float, bool]:
    """Centre of the first of the ``n`` cells of a line at ``pitch``, and whether the glyphs alone decided it.

    Glyphs (touching ones covering several cells) mark the cells they cover, weighted by size; the window of ``n``
    cells with the most ink wins (specks beyond the line's ends lose). When the glyphs cover fewer than ``n`` cells
    the window is placed at ``anchor`` (the left edge shared by the block's lines), or at the first glyph.
    """
    glyphs = [c for c in line.comps if c.height >= 0.5 * line.height]
    if len(glyphs) < 2:
        return line.x0 + pitch / 2, False
    cx = np.array([c.cx for c in glyphs])
    phase = float(np.angle(np.exp(2j * np.pi * cx / pitch).mean())) / (2 * np.pi) * pitch
    span = np.maximum(1, np.round(np.array([c.width for c in glyphs]) / pitch))
    half = (span - 1) / 2
    first = np.round((cx - phase) / pitch - half).astype(int)  # first cell covered by each glyph
    lo, hi = int(first.min()), int((first + span).max())
    weight = np.zeros(hi - lo)
    for f, m, c in zip(first, span.astype(int), glyphs, strict=True):
        weight[f - lo : f - lo + m] += c.width * c.height / m
    if hi - lo >= n:
        sums = np.convolve(weight, np.ones(n), mode="valid")
        k = int(np.argmax(sums))
        return phase + (lo + k) * pitch, True
    if anchor is not None:
        latest = phase + lo * pitch  # the window must cover [lo, hi)
        earliest = phase + (hi - n) * pitch
        k = round((min(max(anchor, earliest), latest) - phase) / pitch)
        return phase + k * pitch, False
    return phase + lo * pitch, False


def _cell_positions(cx: npt.NDArray[np.float64], half: npt.NDArray[np.float64], grid: _Grid) -> npt.NDArray[np.float64]:
    """The (possibly half-integer, for touching glyphs) cell position of each glyph centre on ``grid``."""
    d = cx - grid.start
    k = d / grid.pitch - grid.bend * d * d / grid.pitch**3  # inverse of the bent grid, to first order
    return np.asarray(np.round(k - half) + half, dtype=np.float64)


def _grid_error(cx: npt.NDArray[np.float64], half: npt.NDArray[np.float64], grid: _Grid, n: int) -> float:
    """Median distance (in pitches) of the glyph centres inside the ``n`` cells to their cell centres, plus the
    fraction of glyphs outside the cells and the fraction of cells without a glyph (every MRZ cell holds one)."""
    pos = _cell_positions(cx, half, grid)
    inside = (pos >= -0.01) & (pos <= n - 0.99)
    err = np.abs(cx - (grid.start + grid.pitch * pos + grid.bend * pos * pos))[inside] / grid.pitch
    if not len(err):
        return 1.0
    covered = np.zeros(n, dtype=bool)
    for p, h in zip(pos[inside], half[inside], strict=True):
        covered[max(0, round(p - h)) : round(p + h) + 1] = True
    return float(np.median(err)) + float(1.0 - inside.mean()) + float(1.0 - covered.mean())


def _refit(cx: npt.NDArray[np.float64], half: npt.NDArray[np.float64], grid: _Grid, n: int, bent: bool) -> _Grid:
    """Least-squares grid through the glyphs that sit within 0.3 pitch of their cell: single glyphs only when there are
    6 of them (the box centre of touching glyphs is only roughly between their cells), and a bent grid needs 12; the
    input grid when the fit is not plausible."""
    singles_only = bent or int((half == 0).sum()) >= 6
    for _ in range(2):
        pos = _cell_positions(cx, half, grid)
        err = np.abs(cx - (grid.start + grid.pitch * pos + grid.bend * pos * pos))
        ok = (pos >= -0.01) & (pos <= n - 0.99) & (err < 0.3 * grid.pitch)
        if singles_only:
            ok &= half == 0
        if ok.sum() < (12 if bent else 4):
            break
        coef = np.polyfit(pos[ok], cx[ok], 2 if bent else 1)
        bend = float(coef[0]) if bent else 0.0
        b, a = float(coef[-2]), float(coef[-1])
        if not 0.9 * grid.pitch < b < 1.1 * grid.pitch or abs(bend) * (n - 1) ** 2 > 2.5 * grid.pitch:
            break
        grid = _Grid(a, b, 0.5, bend)
    return grid


def _fit_grid(line: _Line, pitch: float, n: int, start: float) -> _Grid:
    """The line's grid refined by least squares through the glyphs inside its ``n`` cells (touching glyphs sit
    between cells); a bent grid (perspective left in the crop: the pitch shrinks along the line) is kept only when it
    fits the single glyphs clearly better. ``residual`` is the glyphs' median distance to their cell centre, in
    pitches."""
    glyphs = [c for c in line.comps if c.height >= 0.5 * line.height]
    cx = np.array([c.cx for c in glyphs], dtype=np.float64)
    half = (np.maximum(1, np.round(np.array([c.width for c in glyphs]) / pitch)) - 1) / 2
    straight = _refit(cx, half, _Grid(start, pitch, 0.5), n, bent=False)
    grid = _refit(cx, half, straight, n, bent=True)
    single = half == 0
    if grid.bend and not (
        abs(grid.bend) * (n - 1) ** 2 > 0.1 * grid.pitch
        and _grid_error(cx[single], half[single], grid, n) < 0.7 * _grid_error(cx[single], half[single], straight, n)
    ):
        grid = straight
    return _Grid(grid.start, grid.pitch, _grid_error(cx, half, grid, n), grid.bend)


def _sequential_grid(line: _Line, rough: float, n: int) -> _Grid | None:
    """A grid from walking the glyphs left to right: each glyph's cell follows from the previous one's and the gap
    between them at the local pitch, which is updated from neighbouring single glyphs (so a pitch that drifts along
    the line, as perspective makes it, is followed); then a least-squares bent grid through the single glyphs."""
    glyphs = sorted((c for c in line.comps if c.height >= 0.5 * line.height), key=lambda c: c.cx)
    if len(glyphs) < 6:
        return None
    half = [(max(1, round(c.width / rough)) - 1) / 2 for c in glyphs]
    pos = [half[0]]
    local = rough
    for i in range(1, len(glyphs)):
        step = glyphs[i].cx - glyphs[i - 1].cx
        first_cell = round(pos[-1] + step / local - half[i])
        pos.append(first_cell + half[i])
        if half[i] == 0 and half[i - 1] == 0 and round(pos[-1] - pos[-2]) == 1:
            local = 0.7 * local + 0.3 * step
    cx = np.array([c.cx for c in glyphs])
    k = np.array(pos)
    single = np.array(half) == 0
    if single.sum() < 6:
        return None
    degree = 2 if single.sum() >= 12 else 1
    coef = np.polyfit(k[single], cx[single], degree)
    bend = float(coef[0]) if degree == 2 else 0.0
    return _Grid(float(coef[-1]), float(coef[-2]), 0.5, bend)


def _scored(line: _Line, grid: _Grid, n: int) -> _Grid:
    """The grid with its residual over the line's glyphs (see :func:`_grid_error`)."""
    glyphs = [c for c in line.comps if c.height >= 0.5 * line.height]
    cx = np.array([c.cx for c in glyphs], dtype=np.float64)
    half = (np.maximum(1, np.round(np.array([c.width for c in glyphs]) / grid.pitch)) - 1) / 2
    return dataclasses.replace(grid, residual=_grid_error(cx, half, grid, n))


def _block_grids(block: list[_Line], n: int) -> list[_Grid]:
    """Each line's grid of ``n`` cells: from the block's common pitch and each line's best window, or from walking
    the line's glyphs when that fits them better."""
    rough = float(np.median([(ln.x1 - ln.x0) / n for ln in block]))
    pitch = _periodicity(block, rough)
    windows = [_cells_window(ln, pitch, n, None) for ln in block]
    decided = [start for start, sure in windows if sure]
    anchor = float(np.median(decided)) if decided else None
    grids: list[_Grid] = []
    for line, (start, sure) in zip(block, windows, strict=True):
        if not sure:
            start = _cells_window(line, pitch, n, anchor)[0]
        candidates = [_fit_grid(line, pitch, n, start)]
        walked = _sequential_grid(line, (line.x1 - line.x0) / n, n)
        if walked is not None:
            candidates.append(_scored(line, walked, n))
        grids.append(min(candidates, key=lambda g: g.residual))
    return grids


def _choose_width(block: list[_Line]) -> tuple[int, list[_Grid], float]:
    """Characters per line (30, 36 or 44), each line's grid and their mean residual (in pitches): the width whose
    grids fit the glyph centres best."""
    best: tuple[float, int, list[_Grid], float] | None = None
    for n in _WIDTHS_BY_LINES[len(block)]:
        grids = _block_grids(block, n)
        residual = float(np.mean([g.residual for g in grids]))
        plausible = all(0.6 * ln.height < g.pitch < 1.4 * ln.height for ln, g in zip(block, grids, strict=True))
        cost = residual + (0.0 if plausible else 1.0)
        if best is None or cost < best[0]:
            best = (cost, n, grids, residual)
    assert best is not None
    return best[1], best[2], best[3]


# Public API -----------------------------------------------------------------------------------------------------------


def _line_box(line: _Line, grid: _Grid, n: int, inverse: npt.NDArray[np.float64], shape: tuple[int, int]) -> BBox:
    """The line's box (its cells' extent) mapped back to the crop's pixels."""
    xl = grid.centre(-0.5)
    xr = grid.centre(n - 0.5)
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
    y0, y1 = max(0, math.floor(top - 0.35 * h)), min(ink.shape[0], math.ceil(bottom + 0.35 * h))
    x0, x1 = max(0, round(x - 0.3 * pitch)), min(ink.shape[1], round(x + 0.3 * pitch))
    if y1 - y0 < 4 or x1 <= x0:
        return None, None
    profile = ink[y0:y1, x0:x1].mean(axis=1).astype(np.float64)
    quarter = max(2, round(0.3 * h))
    t_rel, b_rel = round(top) - y0, round(bottom) - y0
    upper = float(profile[max(0, t_rel - quarter) : t_rel + quarter].max(initial=0.0))
    lower = float(profile[max(0, b_rel - quarter) : b_rel + quarter].max(initial=0.0))
    t_edge = _crossing(profile, 0.5 * upper, reverse=False) if upper > 0.05 else None
    b_edge = _crossing(profile, 0.5 * lower, reverse=True) if lower > 0.05 else None
    return (None if t_edge is None else y0 + t_edge), (None if b_edge is None else y0 + b_edge)


def _parallel_fit(points: list[tuple[list[float], list[float]]], tolerance: float) -> list[tuple[float, float]] | None:
    """Parallel straight lines ``y = a_i + b·x`` through each line's points (one common slope: the lines of a
    deskewed block are parallel, and a line whose glyphs sit at one end cannot fix its own slope); points more than
    ``tolerance`` px off are dropped and the fit repeated. None when a line has fewer than 2 points."""
    xs = [np.asarray(x, dtype=np.float64) for x, _ in points]
    ys = [np.asarray(y, dtype=np.float64) for _, y in points]
    keep = [np.ones(len(x), dtype=bool) for x in xs]
    fits: list[tuple[float, float]] = []
    for _ in range(2):
        if any(k.sum() < 2 for k in keep):
            return None
        num = sum(
            float(((x[k] - x[k].mean()) * (y[k] - y[k].mean())).sum()) for x, y, k in zip(xs, ys, keep, strict=True)
        )
        den = sum(float(((x[k] - x[k].mean()) ** 2).sum()) for x, k in zip(xs, keep, strict=True))
        slope = num / den if den > 0 else 0.0
        fits = [(float(y[k].mean() - slope * x[k].mean()), slope) for x, y, k in zip(xs, ys, keep, strict=True)]
        new_keep = [np.abs(y - (a + b * x)) <= tolerance for x, y, (a, b) in zip(xs, ys, fits, strict=True)]
        keep = [nk if nk.sum() >= 2 else k for nk, k in zip(new_keep, keep, strict=True)]
    return fits


def _own_fit(xs: list[float], ys: list[float], length: float, spread: float) -> tuple[float, float] | None:
    """A line's own straight fit through edge points, when there are enough of them spread along it (None if not)."""
    if len(xs) < 5 or max(xs) - min(xs) < spread * length:
        return None
    return _fit_edge(xs, ys, 1.0)


def _reframe(ink: FloatImage, block: list[_Line], grids: list[_Grid], chars: list[int], n: int) -> list[_Line]:
    """Cap lines and baselines measured again, to sub-pixel precision, once the characters are roughly known.

    Baselines go through the bottom edges of glyphs that sit on them (not ``<``, which floats, nor the tails of
    ``Q``/``J``); a line whose edges spread along it gets its own fit (a little perspective makes lines converge),
    the others are parallel to the block's. The cap height is measured on flat-topped letters (OCR-B digits are taller
    than capitals, and templates are framed by the capital ``H``) as a multiple of the local pitch, the block's
    median of which sets every cap line. Edges are where the ink reaches half its level, so blur and the binarisation
    threshold do not move them. Lines are returned unchanged without enough such glyphs.
    """
    flat: list[tuple[list[float], list[float], list[float]]] = []
    points: list[tuple[list[float], list[float]]] = []
    for i, (line, grid) in enumerate(zip(block, grids, strict=True)):
        xs: list[float] = []
        ys: list[float] = []
        tx: list[float] = []
        ty: list[float] = []
        tp: list[float] = []  # local pitch at the flat letter
        for k in range(n):
            ch = ALPHABET[chars[i * n + k]]
            if ch in _FLOATING:
                continue
            x = grid.centre(k)
            top_edge, bottom_edge = _edges(ink, line, x, grid.pitch)
            if bottom_edge is not None and bottom_edge > _at(line.bottom, x) - max(1.0, 0.06 * line.height):
                xs.append(x)  # not a filler taken for a letter: those float above the baseline
                ys.append(bottom_edge)
            if top_edge is not None and ch in _FLAT:
                tx.append(x)
                ty.append(top_edge)
                tp.append(grid.pitch + 2 * grid.bend * k)
        points.append((xs, ys))
        flat.append((tx, ty, tp))
    parallel = _parallel_fit(points, 1.0)
    if parallel is None or sum(len(f[0]) for f in flat) < 3:
        return block
    ratios = [(_at(parallel[i], x) - y) / p for i, f in enumerate(flat) for x, y, p in zip(*f, strict=True)]
    cap_per_pitch = float(np.median(ratios))  # cap height in local pitches: perspective shrinks both alike
    out: list[_Line] = []
    for line, grid, shared, (xs, ys) in zip(block, grids, parallel, points, strict=True):
        bottom = _own_fit(xs, ys, float(line.x1 - line.x0), 0.6) or shared
        ends = (0, n - 1)
        x_end = [grid.centre(k) for k in ends]
        y_end = [
            _at(bottom, x) - cap_per_pitch * (grid.pitch + 2 * grid.bend * k) for x, k in zip(x_end, ends, strict=True)
        ]
        slope = (y_end[1] - y_end[0]) / (x_end[1] - x_end[0])
        out.append(_Line(line.comps, (y_end[0] - slope * x_end[0], slope), bottom))
    return out


def _block_patches(ink: FloatImage, block: list[_Line], grids: list[_Grid], n: int) -> FloatImage:
    """The padded canvases of every cell of the block, line by line."""
    return np.concatenate([_line_patches(ink, ln, g, n) for ln, g in zip(block, grids, strict=True)])


def _best_font(patches: FloatImage) -> tuple[int, list[int]]:
    """The font whose templates fit the block best (one document, one font), and its best character per cell."""
    scores = _font_scores(patches)
    font = int(np.argmax(scores.max(axis=2).sum(axis=0)))
    return font, [int(k) for k in scores[:, font].argmax(axis=1)]


def _upright(grey: Mask) -> tuple[FloatImage, Mask, float, npt.NDArray[np.float64]]:
    """The ink map and its binarisation turned upright, the skew angle corrected and the rotation matrix used.

    The binarisation (for geometry only) is made from a slightly smoothed ink map, so that sensor noise in dark
    photos does not break strokes or fill the background; the glyphs are classified on the unsmoothed ink.
    """
    ink = ink_map(grey)
    smooth = np.asarray(cv2.GaussianBlur(ink, (0, 0), _SMOOTH_SIGMA), dtype=np.float32)
    threshold = _threshold(smooth)
    angle = skew_angle((smooth > threshold).astype(np.uint8))
    rotation = _rotation(grey.shape, angle)
    if abs(angle) > 0.05:
        h, w = grey.shape
        ink = np.asarray(cv2.warpAffine(ink, rotation, (w, h), flags=cv2.INTER_LINEAR), dtype=np.float32)
        smooth = np.asarray(cv2.warpAffine(smooth, rotation, (w, h), flags=cv2.INTER_LINEAR), dtype=np.float32)
    return ink, (smooth > threshold).astype(np.uint8), angle, rotation


def _locate(grey: Mask) -> tuple[FloatImage, list[_Line], float, npt.NDArray[np.float64]] | None:
    """The upright ink (shrunk when the print is large), the MRZ lines on it and the map from its pixels back to the
    crop's; None without a block of 2 or 3 MRZ-like lines."""
    ink, binary, angle, rotation = _upright(grey)
    block = _find_block(_components(binary), binary.shape[0])
    if block is None:
        return None
    scale = 1.0
    band = float(np.median([ln.height for ln in block]))
    if band > 1.6 * BAND_PX:  # shrink with area averaging rather than sample a large image
        scale = 1.25 * BAND_PX / band
        ink = np.asarray(cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), dtype=np.float32)
        block = [_scaled(ln, scale) for ln in block]
    back = np.asarray(cv2.invertAffineTransform(rotation), np.float64) @ np.diag([1 / scale, 1 / scale, 1.0])
    return ink, block, angle, back


def _as_read(found: Classified, block: list[_Line], grids: list[_Grid], n: int, font: int) -> GlyphRead:
    """Cell results as text lines with confidences (the boxes and the angle are filled in by the caller)."""
    lines, conf, runner = [], [], []
    for i in range(len(block)):
        cells = slice(i * n, (i + 1) * n)
        lines.append("".join(ALPHABET[k] for k in found.best[cells]))
        runner.append("".join(ALPHABET[k] for k in found.second[cells]))
        conf.append([round(min(1.0, max(0.0, m / MARGIN_FULL)), 3) for m in found.margin[cells]])
    return GlyphRead(lines, conf, runner, [], 0.0, float(np.mean(found.score)), templates().fonts[font])


def read_mrz_glyphs(image: np.ndarray) -> GlyphRead | None:
    """Read the MRZ block in a roughly upright BGR or grey crop; None when no readable 2- or 3-line MRZ is found."""
    grey = _grey(image)
    if grey.shape[0] < 16 or grey.shape[1] < 64:
        return None
    located = _locate(grey)
    if located is None:
        return None
    ink, block, angle, back = located
    n, grids, residual = _choose_width(block)
    if residual > MAX_GRID_RESIDUAL:  # not fixed-pitch print
        return None
    font, rough = _best_font(_block_patches(ink, block, grids, n))
    block = _reframe(ink, block, grids, rough, n)
    found = classify(_block_patches(ink, block, grids, n), font)
    read = _as_read(found, block, grids, n, font)
    if read.score < MIN_MEAN_SCORE or float(np.mean(found.margin)) / MARGIN_FULL < MIN_MEAN_CONFIDENCE:
        return None
    boxes = [_line_box(ln, g, n, back, grey.shape) for ln, g in zip(block, grids, strict=True)]
    return dataclasses.replace(read, boxes=boxes, angle=angle)


def _scaled(line: _Line, s: float) -> _Line:
    """The line with every coordinate multiplied by ``s``."""
    comps = tuple(
        _Component(round(c.x0 * s), round(c.y0 * s), max(round(c.x0 * s) + 1, round(c.x1 * s)), round(c.y1 * s))
        for c in line.comps
    )
    return _Line(comps, (line.top[0] * s, line.top[1]), (line.bottom[0] * s, line.bottom[1]))
