"""Find a machine-readable zone anywhere in a photo, scan or screenshot, in any orientation, and read it.

:func:`find_mrz_regions` works on a downscaled grey copy (no OCR): dark thin strokes (black-hat), their horizontal
gradient and a horizontal closing turn each printed line into one blob; blobs that are long and thin are text lines,
and 2 or 3 of them that are parallel, of similar length and thickness and evenly stacked make an MRZ candidate. The
same is done on the copy turned 90° (vertical text) and at half scale (large print); ±20° of tilt is tolerated by the
closing itself. Each :class:`MrzRegion` carries its 4 corners in source pixels, ordered so that TL→TR runs along the
text, and a score.

:func:`read_mrz` warps the best candidates upright to ~22 px characters and reads them with Tesseract's OCR-B
``mrz`` model (:data:`pipeline.ocr.engine.MRZ_BLOCK`); the lines are found and
repaired by :func:`extractors.validators.mrz.repair`. Each crop is read in its likelier orientation first and turned
180° when that reading is poor. When no candidate gives an MRZ, the bottom of the image is read (the lower 40 % of a
card-sized image, and the lower third).

:func:`mrz_result_for_image` gives the contract's ``sohoa mrz`` object for one image.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import cv2
import numpy as np
import numpy.typing as npt

from extractors.validators.mrz import MrzResult, repair
from models.errors import NoMrzFound
from models.geometry import BBox
from pipeline.mrz_glyphs import GlyphRead, read_mrz_glyphs
from pipeline.ocr.engine import MRZ_BLOCK, OcrEngine, OcrOptions

Gray = npt.NDArray[np.uint8]
Quad = npt.NDArray[np.float32]  # (4, 2): TL, TR, BR, BL

DETECT_SIDE: Final = 1024  # longer side of the detection copy
TARGET_CHAR_PX: Final = 22.0  # character height of the crops given to Tesseract
MAX_READ_REGIONS: Final = 3
MIN_EXTRA_SCORE: Final = 0.85  # candidates after the first are read only when at least this MRZ-like
_MIN_LINE_ASPECT: Final = 7.0  # length / thickness of a printed MRZ line (30 chars ≈ 25×)
_MIN_LINE_PX: Final = 3.0  # thinnest line on the detection copy
_MAX_TILT_DEG: Final = 30.0
_CARD_ASPECT: Final = 85.6 / 53.98


@dataclass(frozen=True)
class TextLine:
    """One line blob on a detection copy: centre, unit direction along the text, length and thickness (pixels)."""

    cx: float
    cy: float
    dx: float
    dy: float
    length: float
    thickness: float

    @property
    def normal(self) -> tuple[float, float]:
        return -self.dy, self.dx

    def corners(self) -> npt.NDArray[np.float64]:
        hx, hy = self.dx * self.length / 2, self.dy * self.length / 2
        nx, ny = self.normal
        tx, ty = nx * self.thickness / 2, ny * self.thickness / 2
        c = np.array([self.cx, self.cy])
        offsets = [(-hx - tx, -hy - ty), (hx - tx, hy - ty), (hx + tx, hy + ty), (-hx + tx, -hy + ty)]
        return np.array([c + np.array(o) for o in offsets])


@dataclass(frozen=True, eq=False)
class MrzRegion:
    """A candidate MRZ block.

    ``corners`` are float32 (4, 2) in source pixels: TL, TR, BR, BL of the block as read left to right (the text
    may still be upside down: :func:`read_mrz` tries both). ``char_height`` is the height of one character in
    source pixels; ``lines`` the number of printed lines seen (2 or 3; +2 for an :meth:`expanded` block, 0 for the
    bottom-of-image fallbacks); ``score`` higher is better; ``method`` says where the block came from.
    """

    corners: Quad
    score: float
    lines: int
    char_height: float
    method: str = "lines"

    @property
    def bbox(self) -> BBox:
        xs, ys = self.corners[:, 0], self.corners[:, 1]
        return BBox(math.floor(xs.min()), math.floor(ys.min()), math.ceil(xs.max()), math.ceil(ys.max()))

    def expanded(self) -> MrzRegion:
        """The same block with one line pitch more above and below (pitch = block height / lines)."""
        c = self.corners.astype(np.float64)
        down = ((c[3] - c[0]) + (c[2] - c[1])) / 2
        step = down / max(1, self.lines)
        quad = np.array([c[0] - step, c[1] - step, c[2] + step, c[3] + step], dtype=np.float32)
        return MrzRegion(quad, self.score, self.lines + 2, self.char_height, method=f"{self.method}+")

    @property
    def angle(self) -> float:
        """Direction of the text (TL→TR) in degrees, clockwise from the +x axis."""
        d = self.corners[1] - self.corners[0]
        return math.degrees(math.atan2(float(d[1]), float(d[0])))


@dataclass(frozen=True)
class MrzRead:
    """The MRZ read from an image: the parsed (and proven-repaired) result, where it was, how sure the OCR was."""

    result: MrzResult
    region: MrzRegion
    confidence: float  # mean Tesseract word confidence of the crop, 0–1
    rotation: int  # 0 or 180: how the region's crop was turned to read upright
    ocr_calls: int = 0
    attempts: list[str] = field(default_factory=list)


# Detection -------------------------------------------------------------------------------------------------------


def _gray(image: np.ndarray) -> Gray:
    if image.ndim == 2:
        return np.asarray(image, dtype=np.uint8)
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _text_lines(strokes: Gray) -> list[TextLine]:
    """Line blobs of roughly horizontal text (±30°) on a black-hat image.

    The horizontal gradient keeps character strokes and drops horizontal rules; a 1-pixel-high closing joins the
    characters of a line without joining neighbouring lines.
    """
    grad = cv2.convertScaleAbs(cv2.Sobel(strokes, cv2.CV_16S, 1, 0, ksize=3))
    grad = cv2.blur(grad, (3, 1))
    _, binary = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (11, 1)))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lines: list[TextLine] = []
    for contour in contours:
        if len(contour) < 5:
            continue
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        length, thickness = (w, h) if w >= h else (h, w)
        if thickness < _MIN_LINE_PX or length < _MIN_LINE_ASPECT * thickness:
            continue
        theta = math.radians(angle if w >= h else angle + 90.0)
        dx, dy = math.cos(theta), math.sin(theta)
        if dx < 0:
            dx, dy = -dx, -dy
        if abs(math.degrees(math.atan2(dy, dx))) > _MAX_TILT_DEG:
            continue
        if cv2.contourArea(contour) < 0.45 * length * thickness:
            continue  # a ragged blob, not a printed line
        lines.append(TextLine(float(cx), float(cy), dx, dy, float(length), float(thickness)))
    return lines


def _across(a: TextLine, b: TextLine) -> float:
    """Distance from ``a`` to ``b`` along ``a``'s normal (positive: ``b`` is below ``a`` in the text's frame)."""
    nx, ny = a.normal
    return (b.cx - a.cx) * nx + (b.cy - a.cy) * ny


def _compatible(a: TextLine, b: TextLine) -> bool:
    """``b`` is the MRZ line under ``a``: parallel, similar length and thickness, 1.1–3.5 thicknesses below, and
    side by side with it (a line broken at a ``<`` run is shorter but still lies within its neighbour's span)."""
    if abs(a.dx * b.dy - a.dy * b.dx) > math.sin(math.radians(5)):
        return False
    if min(a.length, b.length) < 0.75 * max(a.length, b.length):
        return False
    if min(a.thickness, b.thickness) < 0.55 * max(a.thickness, b.thickness):
        return False
    t = (a.thickness + b.thickness) / 2
    if not 1.1 * t <= _across(a, b) <= 3.5 * t:
        return False
    along = (b.cx - a.cx) * a.dx + (b.cy - a.cy) * a.dy  # b's centre along a's direction
    overlap = min(a.length / 2, along + b.length / 2) - max(-a.length / 2, along - b.length / 2)
    return overlap >= 0.8 * min(a.length, b.length)


def _groups(lines: list[TextLine]) -> list[list[TextLine]]:
    """Every pair of stacked compatible lines, and every triple whose second gap matches the first (±50 %)."""
    below = [[j for j, b in enumerate(lines) if j != i and _compatible(a, b)] for i, a in enumerate(lines)]
    found: list[list[TextLine]] = []
    for i, first in enumerate(lines):
        for j in below[i]:
            second = lines[j]
            found.append([first, second])
            gap = _across(first, second)
            for k in below[j]:
                third = lines[k]
                if min(first.length, third.length) >= 0.75 * max(first.length, third.length) and (
                    abs(_across(second, third) - gap) <= 0.5 * gap
                ):
                    found.append([first, second, third])
    return found


def _group_region(group: list[TextLine]) -> tuple[npt.NDArray[np.float64], float, float]:
    """Corners (TL, TR, BR, BL) around a group of lines, the mean thickness and a shape score (0–1)."""
    dx = sum(g.dx for g in group) / len(group)
    dy = sum(g.dy for g in group) / len(group)
    norm = math.hypot(dx, dy)
    dx, dy = dx / norm, dy / norm
    nx, ny = -dy, dx
    pts = np.concatenate([g.corners() for g in group])
    u = pts @ np.array([dx, dy])
    v = pts @ np.array([nx, ny])
    t = sum(g.thickness for g in group) / len(group)
    pad_u, pad_v = 0.5 * t, 0.45 * t
    u0, u1, v0, v1 = u.min() - pad_u, u.max() + pad_u, v.min() - pad_v, v.max() + pad_v
    d, n = np.array([dx, dy]), np.array([nx, ny])
    corners = np.array([u0 * d + v0 * n, u1 * d + v0 * n, u1 * d + v1 * n, u0 * d + v1 * n])
    lengths = [g.length for g in group]
    uniform = min(lengths) / max(lengths)  # ≥ 0.75 by construction; a line ending in ``<`` runs may break short
    chars = max(lengths) / t  # ≈ characters per line (OCR-B: pitch ≈ character height)
    plausible = math.exp(-(((chars - 34.0) / 18.0) ** 2))
    return corners, t, (0.8 + 0.2 * uniform) * (0.5 + 0.5 * plausible)


def _to_source(points: npt.NDArray[np.float64], rotated: bool, rot_width: int, scale: float) -> Quad:
    """Points of the detection copy (maybe turned 90° clockwise) → source pixels."""
    pts = points.copy()
    if rotated:
        # R = rotate(I, 90° cw): R[y', x'] = I[H - 1 - x', y'], with H = height of I = width of R.
        x, y = pts[:, 1].copy(), (rot_width - 1) - pts[:, 0]
        pts = np.stack([x, y], axis=1)
    return (pts / scale).astype(np.float32)


def _iou(a: BBox, b: BBox) -> float:
    inter = a.intersection_area(b)
    union = a.area + b.area - inter
    return inter / union if union > 0 else 0.0


def _downscale(gray: Gray, side: int) -> tuple[Gray, float]:
    """A copy whose longer side is at most ``side`` (pyramid halving, then linear) and its scale factor."""
    h, w = gray.shape[:2]
    scale = min(1.0, side / max(h, w))
    out = gray
    while max(out.shape[:2]) >= 2 * side:
        out = np.asarray(cv2.pyrDown(out), dtype=np.uint8)
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        out = np.asarray(cv2.resize(out, size, interpolation=cv2.INTER_LINEAR), dtype=np.uint8)
    return out, scale


def find_mrz_regions(image_bgr: np.ndarray, max_regions: int = 6) -> list[MrzRegion]:
    """Candidate MRZ blocks anywhere in the image (any of 4 orientations, ±20° tilt), best first. No OCR."""
    small, scale = _downscale(_gray(image_bgr), DETECT_SIDE)
    candidates: list[MrzRegion] = []
    for level in (1.0, 0.5):
        img = small if level == 1.0 else cv2.resize(small, None, fx=level, fy=level, interpolation=cv2.INTER_AREA)
        if min(img.shape[:2]) < 40:
            continue
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (13, 13))
        strokes: Gray = np.asarray(cv2.morphologyEx(img, cv2.MORPH_BLACKHAT, kernel), dtype=np.uint8)
        for rotated in (False, True):
            view = np.ascontiguousarray(np.rot90(strokes, k=-1)) if rotated else strokes
            for group in _groups(_text_lines(view)):
                corners, thickness, shape = _group_region(group)
                quad = _to_source(corners, rotated, view.shape[1], scale * level)
                score = shape * (1.0 + 0.15 * (len(group) == 3))
                char_height = thickness / (scale * level) * 0.9
                candidates.append(MrzRegion(quad, round(score, 4), len(group), char_height))
    candidates.sort(key=lambda r: -r.score)
    kept: list[MrzRegion] = []
    for cand in candidates:
        if all(_iou(cand.bbox, k.bbox) < 0.5 for k in kept):
            kept.append(cand)
        if len(kept) >= max_regions:
            break
    return kept


# Reading ---------------------------------------------------------------------------------------------------------


def warp_region(image: np.ndarray, region: MrzRegion, rotation: int = 0) -> Gray:
    """The region's block, upright (or turned ``rotation`` = 180°), scaled to ~22 px characters, grey."""
    gray = _gray(image)
    quad = region.corners.astype(np.float32)
    width = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    height = float(np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    k = TARGET_CHAR_PX / max(region.char_height, 1.0)
    out_w, out_h = max(8, round(width * k)), max(8, round(height * k))
    dst = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, dst)
    flags = cv2.INTER_AREA if k < 0.8 else cv2.INTER_CUBIC
    crop = cv2.warpPerspective(gray, matrix, (out_w, out_h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    if rotation == 180:
        crop = cv2.rotate(crop, cv2.ROTATE_180)
    return np.asarray(crop, dtype=np.uint8)


def looks_upside_down(crop: Gray) -> bool:
    """More ink at the right end than at the left: MRZ lines end in ``<`` fillers, so the block is likely turned."""
    size = max(3, round(1.4 * TARGET_CHAR_PX)) | 1
    strokes = cv2.morphologyEx(crop, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    columns = strokes.astype(np.float32).sum(axis=0)
    part = max(1, int(len(columns) * 0.45))
    return float(columns[-part:].sum()) > 1.05 * float(columns[:part].sum())


def _passed(result: MrzResult | None) -> int:
    return -1 if result is None else sum(result.checks.values())


def read_glyphs(crop: np.ndarray) -> tuple[MrzResult | None, float]:
    """The fixed-pitch glyph reader (:mod:`pipeline.mrz_glyphs`, no Tesseract) on an upright crop, repaired.

    The confidence is that of the weakest letter of the name — the one part of an MRZ no check digit covers.
    """
    glyphs = read_mrz_glyphs(crop)
    if glyphs is None:
        return None, 0.0
    return repair(glyphs.lines), name_confidence(glyphs)


def name_confidence(glyphs: GlyphRead) -> float:
    """Lowest per-character confidence over the letters of the name field (TD1 line 3; TD2/TD3 line 1 from 6)."""
    row, start = (2, 0) if len(glyphs.lines) == 3 else (0, 5)
    line, conf = glyphs.lines[row], glyphs.confidence[row]
    letters = [c for ch, c in zip(line[start:], conf[start:], strict=False) if ch != "<"]
    return min(letters, default=0.0)


def _read_crop(crop: Gray, engine: OcrEngine, options: OcrOptions) -> tuple[MrzResult | None, float]:
    background = int(np.median(crop))
    padded = cv2.copyMakeBorder(crop, 12, 12, 16, 16, cv2.BORDER_CONSTANT, value=background)
    page = engine.read(padded, options)
    return repair([line.text for line in page.lines]), page.confidence


def _fallback_regions(image: np.ndarray) -> list[MrzRegion]:
    """The lower 40 % of a card-sized image and the lower third of any image, as regions of unknown print size."""
    h, w = image.shape[:2]
    aspect = w / max(1, h)
    fractions = [0.6] if abs(aspect - _CARD_ASPECT) < 0.3 else []
    fractions.append(2 / 3)
    regions: list[MrzRegion] = []
    for top in fractions:
        y0 = h * top
        quad = np.array([[0, y0], [w, y0], [w, h], [0, h]], dtype=np.float32)
        # Unknown print size: assume the MRZ spans ~90 % of the width with 30–44 characters.
        char_height = max(6.0, 0.9 * w / 38.0)
        regions.append(MrzRegion(quad, 0.0, 0, char_height, method=f"bottom_{round((1 - top) * 100)}"))
    return regions


class _Reader:
    """One image's reading attempts: OCR calls, their outcome and the best reading so far."""

    def __init__(self, image: np.ndarray, engine: OcrEngine) -> None:
        self.image = image
        self.engine = engine
        self.options = MRZ_BLOCK
        self.best: MrzRead | None = None
        self.calls = 0
        self.attempts: list[str] = []

    @property
    def done(self) -> bool:
        """A fully valid reading, or one failing at most two checks (a misprinted or misread check digit: another
        region or orientation will not do better)."""
        best = self.best
        return best is not None and _passed(best.result) >= len(best.result.checks) - 2

    def attempt(self, region: MrzRegion, rotation: int, crop: Gray | None = None) -> int:
        """Read one crop; returns the number of passing checks (-1: no MRZ-like lines)."""
        crop = warp_region(self.image, region) if crop is None else crop
        turned: Gray = np.ascontiguousarray(crop[::-1, ::-1]) if rotation == 180 else crop
        result, confidence = read_glyphs(turned)  # ~20 ms; Tesseract's OCR-B model only when it fails
        if result is None or not result.valid:
            result, confidence = _read_crop(turned, self.engine, self.options)
            self.calls += 1
        passed = _passed(result)
        self.attempts.append(f"{region.method}/{region.lines}@{rotation}:{passed}")
        if result is not None and (self.best is None or passed > _passed(self.best.result)):
            self.best = MrzRead(result, region, confidence, rotation)
        return passed

    def region(self, region: MrzRegion) -> None:
        """The likelier orientation first, the other when that reading is poor; a 2-line block that reads as
        MRZ-like text but not as a good MRZ is read again with one line pitch more above and below (a TD1 line the
        detector missed)."""
        crop = warp_region(self.image, region)
        first = 180 if looks_upside_down(crop) else 0
        outcome = {first: self.attempt(region, first, crop)}
        if outcome[first] < 3 and not self.valid:
            outcome[180 - first] = self.attempt(region, 180 - first, crop)
        rotation = max(outcome, key=lambda r: outcome[r])
        if region.lines == 2 and outcome[rotation] >= 0 and not self.done:
            self.attempt(region.expanded(), rotation)

    @property
    def valid(self) -> bool:
        return self.best is not None and self.best.result.valid


def read_mrz(image_bgr: np.ndarray, engine: OcrEngine, regions: list[MrzRegion] | None = None) -> MrzRead | None:
    """Read the MRZ of an image: the best few candidate regions, then the bottom of the image.

    Returns the reading with the most passing check digits, or None when no MRZ-like text was read anywhere. The
    search stops at the first fully valid reading, and also at a reading that fails at most two checks. With the MRZ
    found at once, that is one Tesseract call (two when the block's orientation was guessed wrong).
    """
    if regions is None:
        regions = find_mrz_regions(image_bgr)
    reader = _Reader(image_bgr, engine)
    for rank, region in enumerate(regions[:MAX_READ_REGIONS]):
        if rank and region.score < MIN_EXTRA_SCORE:
            break
        reader.region(region)
        if reader.done:
            break
    else:
        for region in _fallback_regions(image_bgr):
            reader.attempt(region, 0)
            if reader.done:
                break
    best = reader.best
    if best is None:
        return None
    return MrzRead(best.result, best.region, best.confidence, best.rotation, reader.calls, reader.attempts)


def mrz_result_for_image(image_bgr: np.ndarray, engine: OcrEngine, file: str | None = None) -> dict[str, Any]:
    """The contract's ``sohoa mrz`` object for one loaded image (``file`` is the name to report)."""
    return mrz_result_for_pages([image_bgr], engine, file)


def mrz_result_for_pages(pages: Iterable[np.ndarray], engine: OcrEngine, file: str | None = None) -> dict[str, Any]:
    """The contract's ``sohoa mrz`` object for one input of one or more pages (a PDF): the first page whose MRZ is
    fully valid, else the page read with the most passing checks; ``mrz`` null and ``no_mrz_found`` when none has one.
    """
    best: MrzRead | None = None
    for page in pages:
        read = read_mrz(page, engine)
        if read is not None and (best is None or _passed(read.result) > _passed(best.result)):
            best = read
        if best is not None and best.result.valid:
            break
    if best is None:
        return {"file": file, "mrz": None, "error": NoMrzFound().to_dict()}
    return {"file": file, "mrz": best.result.to_contract(), "error": None}
