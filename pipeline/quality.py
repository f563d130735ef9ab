"""The quality gate: measure a photo or scan and warn (never reject) when it will read badly.

:func:`assess` returns the contract's :class:`~models.results.Quality` with four measurements, taken inside the
located document when its corners are given (else over the whole image), on a copy whose long side is at most
:data:`ANALYSIS_SIDE` px (the document warped upright, downscaled with area averaging, never upscaled), so that
the numbers are relative to the document's size and not to the camera's resolution:

``blur`` (0–1, 1 = very blurred)
    The *blur effect* of Crété-Roffet et al. (2007, "The blur effect: perception and estimation with a new
    no-reference perceptual blur metric"): ``1 - Σ max(0, |∇I| - |∇(box₁₁ * I)|) / Σ |∇I|``, the worse of the two
    axes — the share of the image's pixel-to-pixel variation that re-blurring it does *not* remove is what makes
    it sharp. A ratio, so it depends little on how much text there is. Made robust to sensor noise and exposure:
    the grey image is first smoothed (σ = 0.7 px) and only edge neighbourhoods are summed (where the re-blurred
    gradient exceeds 0.8 % of the 1–99 % luma range). Reported as 0 on a blank document (nothing to judge).
``glare`` (0–1)
    Share of the document covered by specular highlights: connected blobs of clipped, colourless pixels
    (luma ≥ :data:`GLARE_LUMA`, chroma ≤ :data:`GLARE_MAX_CHROMA`) at least :data:`GLARE_MARGIN` brighter than the
    document's median luma, that fade out into a halo (see :data:`GLARE_HALO_SHARE`). White paper is not glare:
    a page photographed or scanned white is its own median (nothing on it is brighter), white paper seen on a
    table ends in a step down to the table and a printed white area in a step down to the card, not in a halo.
``brightness`` (0–1)
    Mean luma / 255. ``too_dark`` and ``too_bright`` use the luma distribution instead (see their thresholds).
``resolution_ok``
    The document's short side is at least :data:`RESOLUTION_MIN_SHORT_SIDE_PX` px (see there for why).

Warnings are codes from :data:`WARNINGS`, each with a Vietnamese and an English sentence for a portal; add them
with :func:`warn`. ``document_cut_off``, ``document_too_small`` and ``no_document_edges`` are decided by the
caller from the located region (:func:`region_cut_off`, :func:`region_too_small`).

Thresholds were calibrated on synthetic images (a 1200×757 card with Noto Sans text in a 2000×1500 photo, and a
1240×1754 A4 page; the measurements are listed at each constant). Speed: ~10–15 ms on a 2000×1500 photo.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from models.results import Quality, QualityMessage
from pipeline.cleaning import quads

FloatArray = npt.NDArray[np.float64]
UInt8Array = npt.NDArray[np.uint8]

#: Long side, in px, of the copy that is measured (a straightened card is ~1200 px wide; an A4 scan more).
ANALYSIS_SIDE = 1024

#: ``blur`` at or above this warns ``blurry``. Measured (Gaussian σ in source px; card in photo / A4 page):
#: sharp 0.31 / 0.25, JPEG q30–50 0.33 / 0.27, σ=1 0.38 / 0.31 (with noise σ=8 and JPEG at most 0.40), σ=2 0.53 /
#: 0.43, σ=3 0.68 / 0.54 (noise does not lower it: 0.66–0.68), σ=4 0.78 / 0.62; 9-px motion blur 0.47.
BLUR_WARN = 0.47
_BLUR_BOX = 11
_BLUR_PRESMOOTH = 0.7
_BLUR_EDGE = 0.008

#: Glare: clipped, colourless pixels …
GLARE_LUMA = 245
GLARE_MAX_CHROMA = 28
#: … at least this much brighter than the document's median luma (so nothing on paper photographed at 230 or
#: more counts: white paper is not glare) …
GLARE_MARGIN = 25
#: … in blobs of at least this fraction of the document …
GLARE_MIN_BLOB = 0.001
#: … that fade out into a halo: in a ring ``_GLARE_RING_PX`` wide around the blob (at half the analysis scale,
#: text holes inside the blob filled) the 75th percentile of luma is at least :data:`GLARE_HALO_LUMA` and at
#: least :data:`GLARE_HALO_SHARE` of the way from the median up to the clipping threshold. Measured: highlights
#: 0.6–0.9 of the way (ring ≥ 234 for a median of 220); a printed white area 0.04 (ring = the card); white paper
#: on a table: ring = the table (46).
GLARE_HALO_LUMA = 200
GLARE_HALO_SHARE = 0.5
_GLARE_RING_PX = 3
#: ``glare`` at or above this warns ``glare``. Measured: a highlight of radius 60 px on the card in the photo
#: covers 0.028 of it, radius 30 px 0.007; clean cards, white pages, white-printed areas and overexposed cards 0.
GLARE_WARN = 0.01
# A card face burnt out to white over this share of its area (luma ≥ BURNT_LUMA) is glare, halo or not.
# Measured: the committed glare sample 0.92; 160 synthetic scans and photos of every card type (bench corpus,
# some with a small glare spot) at most 0.25.
BURNT_LUMA = 250
BURNT_CARD_SHARE = 0.4

#: ``too_dark`` when the document's white level (95th percentile of luma, 0–1) is below this. Measured on the
#: card: clean 0.89, levels ×0.6 0.53, ×0.45 0.40, ×0.35 0.31, ×0.25 0.22.
TOO_DARK_WHITE = 0.35
#: ``too_bright`` when even the darkest 0.5 % of the document is lighter than this (0–1): the ink is washed out.
#: Measured (card / page): clean 0.00 / 0.02; levels lifted 30 % 0.30 / 0.31, 50 % 0.50 / 0.51, 60 % 0.60 /
#: 0.61. Not raised on a blurry image (blur alone lifts thin text: page σ=2 0.50, σ=3 0.57). A white background
#: clipped to 255 with the ink still dark (a scanner's white page, an overexposed card) is not "too bright".
TOO_BRIGHT_DARK = 0.55

#: A document whose detail (:func:`detail_level`) is below this has no content to judge: blank paper, however
#: unevenly lit or noisy. Its ``blur`` and ``glare`` are reported as 0 and it gets none of ``blurry``, ``glare``,
#: ``too_bright``. Measured: blank page with noise σ=3/10/15 0.7/2.0/2.7, with strong vignetting 0.2; page with
#: text 25, blurred σ=4 13; a page with 7 lines at the top 9.7, blurred σ=4 4.5; card 32, blurred σ=4 10,
#: levels ×0.15 32, lifted 70 % 8.9.
BLANK_MAX_DETAIL = 3.0
_DETAIL_BOX = 17

#: Share of the region's width/height left out on each side before measuring: a located outline is off by a few
#: pixels and the background just outside it must not be measured as the document.
REGION_INSET = 0.02

#: Short side, in px, below which ``resolution_ok`` is False. The smallest text that must be read on a card is
#: ~1.8 mm high (field labels; values are ~2.5 mm) and Tesseract needs ~14 px: 7.8 px/mm × 54 mm (the ID-1 short
#: side) ≈ 420 px, rounded up. Pages need more (10-pt text on A4 wants ~1200 px, i.e. ~150 dpi): callers that
#: know they hold a page pass ``min_short_side_px=PAGE_MIN_SHORT_SIDE_PX``.
RESOLUTION_MIN_SHORT_SIDE_PX = 450
PAGE_MIN_SHORT_SIDE_PX = 1200

#: ``document_too_small``: the document covers less than this fraction of the frame …
REGION_MIN_AREA_FRACTION = 0.08
#: … or its short side is under this many px (card text would be under ~10 px high).
REGION_MIN_SHORT_SIDE_PX = 300

WARNINGS: dict[str, tuple[str, str]] = {
    "blurry": ("Ảnh bị mờ, vui lòng chụp lại rõ nét hơn.", "The photo is blurry; please retake it in focus."),
    "glare": (
        "Ảnh bị lóa, vui lòng chụp lại tránh ánh đèn phản chiếu.",
        "The photo has glare; please retake it without reflections.",
    ),
    "too_dark": ("Ảnh quá tối, vui lòng chụp ở nơi đủ sáng.", "The photo is too dark; please take it in better light."),
    "too_bright": (
        "Ảnh quá sáng, chữ bị mất nét, vui lòng chụp lại.",
        "The photo is too bright and the text is washed out; please retake it.",
    ),
    "low_resolution": (
        "Ảnh có độ phân giải thấp, vui lòng chụp hoặc quét với độ phân giải cao hơn.",
        "The image resolution is too low; please photograph or scan it at a higher resolution.",
    ),
    "document_cut_off": (
        "Giấy tờ bị cắt mất một phần, vui lòng chụp đủ cả bốn góc.",
        "Part of the document is cut off; please include all four corners.",
    ),
    "document_too_small": (
        "Giấy tờ quá nhỏ trong ảnh, vui lòng chụp gần hơn.",
        "The document is too small in the photo; please take it closer.",
    ),
    "no_document_edges": (
        "Không tìm thấy mép giấy tờ, vui lòng chụp cả giấy tờ trên nền tương phản.",
        "The document's edges were not found; please photograph the whole document on a contrasting background.",
    ),
}


def warn(quality: Quality, code: str) -> None:
    """Add warning ``code`` (a key of :data:`WARNINGS`) and its message to ``quality``, once."""
    vi, en = WARNINGS[code]
    if code not in quality.warnings:
        quality.warnings.append(code)
        quality.messages.append(QualityMessage(code=code, vi=vi, en=en))


# --------------------------------------------------------------------------- geometry of the region


def order_corners(points: Any) -> FloatArray:
    """4 points ordered top-left, top-right, bottom-right, bottom-left (the locator's convention), as float64."""
    return np.asarray(quads.order_corners(np.asarray(points, dtype=np.float32)), dtype=np.float64)


def region_sides(region: Any) -> tuple[float, float]:
    """Mean width (top/bottom sides) and mean height (left/right sides) of a quadrilateral, in px."""
    return quads.side_lengths(order_corners(region))


def region_cut_off(region: Any, image_shape: tuple[int, ...], margin_px: float = 2.0) -> bool:
    """True when a corner of ``region`` lies outside the frame or within ``margin_px`` of its edge: the
    document probably continues beyond the photo (``document_cut_off``)."""
    height, width = image_shape[:2]
    q = np.asarray(region, dtype=np.float64).reshape(4, 2)
    x, y = q[:, 0], q[:, 1]
    inside = (x >= margin_px) & (y >= margin_px) & (x <= width - 1 - margin_px) & (y <= height - 1 - margin_px)
    return not bool(inside.all())


def region_too_small(region: Any, image_shape: tuple[int, ...]) -> bool:
    """True when ``region`` covers under :data:`REGION_MIN_AREA_FRACTION` of the frame or its short side is under
    :data:`REGION_MIN_SHORT_SIDE_PX` px (``document_too_small``)."""
    height, width = image_shape[:2]
    q = order_corners(region)
    x, y = q[:, 0], q[:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    return area < REGION_MIN_AREA_FRACTION * width * height or min(region_sides(q)) < REGION_MIN_SHORT_SIDE_PX


# --------------------------------------------------------------------------- measurements


def _as_bgr(image: npt.NDArray[Any]) -> UInt8Array:
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = image[..., :3]
    return np.ascontiguousarray(image, dtype=np.uint8)


def _shrink(image: UInt8Array, factor: int) -> UInt8Array:
    """Downscale by an integer ``factor`` with area averaging (OpenCV's fast path: the size is first cropped to a
    multiple of ``factor``, dropping at most ``factor - 1`` px)."""
    if factor < 2:
        return image
    height, width = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    if height < factor or width < factor:
        return image
    small = cv2.resize(image[:height, :width], (width // factor, height // factor), interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8)


def analysis_view(image_bgr: npt.NDArray[Any], region: Any | None = None) -> tuple[UInt8Array, float]:
    """The measured copy (document upright, long side ≤ :data:`ANALYSIS_SIDE`, :data:`REGION_INSET` trimmed off
    each side of a region) and the document's short side in source px.

    Downscaling is an integer-factor area average (OpenCV's fast path) followed by a bilinear resize, or the
    perspective warp, of the remaining factor < 2. A degenerate region (a side under 2 px) falls back to the
    whole image."""
    image = _as_bgr(image_bgr)
    height, width = image.shape[:2]
    if region is not None:
        q = order_corners(region)
        doc_w, doc_h = region_sides(q)
        x0, y0 = (max(0, int(np.floor(v))) for v in q.min(axis=0))
        crop = image[y0 : int(np.ceil(q[:, 1].max())) + 1, x0 : int(np.ceil(q[:, 0].max())) + 1]
        if min(doc_w, doc_h) >= 2 and crop.size:
            scale = min(1.0, ANALYSIS_SIDE / max(doc_w, doc_h))
            factor = max(1, int(1.0 / scale))
            crop = _shrink(crop, factor)
            src = ((q - (x0, y0)) / factor).astype(np.float32)
            out_w, out_h = max(2, round(doc_w * scale)), max(2, round(doc_h * scale))
            dx, dy = REGION_INSET * (out_w - 1), REGION_INSET * (out_h - 1)
            out_w, out_h = max(2, round(out_w - 2 * dx)), max(2, round(out_h - 2 * dy))
            dst = np.array(
                [[-dx, -dy], [out_w - 1 + dx, -dy], [out_w - 1 + dx, out_h - 1 + dy], [-dx, out_h - 1 + dy]], np.float32
            )
            matrix = cv2.getPerspectiveTransform(src, dst)
            view = cv2.warpPerspective(
                crop, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )
            return np.ascontiguousarray(view), min(doc_w, doc_h)
    scale = min(1.0, ANALYSIS_SIDE / max(height, width))
    if scale < 1.0:
        image = _shrink(image, int(1.0 / scale))
        out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
        if (out_w, out_h) != (image.shape[1], image.shape[0]):
            image = np.asarray(cv2.resize(image, (out_w, out_h), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)
    return np.ascontiguousarray(image), float(min(height, width))


def blur_effect(gray: UInt8Array) -> float:
    """Crété-Roffet blur effect of a grey image, 0 = sharp, 1 = fully blurred (see the module docstring), made
    robust to sensor noise: the image is first smoothed with a σ = :data:`_BLUR_PRESMOOTH` Gaussian and only the
    neighbourhoods of edges are summed (where the re-blurred gradient exceeds :data:`_BLUR_EDGE` of the image's
    1–99 % luma range), so flat noisy areas do not pass for detail."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    tau = _BLUR_EDGE * max(16.0, _percentile(hist, 99) - _percentile(hist, 1))
    img = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), _BLUR_PRESMOOTH)
    worst = 0.0
    for axis, ksize in ((0, (1, _BLUR_BOX)), (1, (_BLUR_BOX, 1))):
        reblurred = cv2.blur(img, ksize, borderType=cv2.BORDER_REFLECT)
        d_img = np.abs(np.diff(img, axis=axis))
        d_blur = np.abs(np.diff(reblurred, axis=axis))
        edges = d_blur > tau
        total = float(d_img[edges].sum())
        if total <= 0.0:
            return 1.0  # no edge at all
        kept = float(np.maximum(0.0, d_img - d_blur)[edges].sum())
        worst = max(worst, (total - kept) / total)
    return worst


def glare_fraction(view_bgr: UInt8Array, background: float) -> float:
    """Fraction of the view covered by specular highlights (see the module docstring); ``background`` is the
    document's median luma. Measured at half the analysis scale: glare needs no detail."""
    small = _shrink(view_bgr, 2)
    luma = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    threshold = max(GLARE_LUMA, background + GLARE_MARGIN)
    if threshold > 255:
        return 0.0
    b, g, r = cv2.split(small)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    mask = ((luma >= threshold) & (chroma <= GLARE_MAX_CHROMA)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    total = float(luma.size)
    min_area = max(4.0, GLARE_MIN_BLOB * total)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * _GLARE_RING_PX + 1, 2 * _GLARE_RING_PX + 1))
    height, width = luma.shape
    pad = _GLARE_RING_PX + 1
    halo = max(GLARE_HALO_LUMA, background + GLARE_HALO_SHARE * (threshold - background))
    glare = 0
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if area < min_area:
            continue
        ys, xs = slice(max(0, y - pad), min(height, y + h + pad)), slice(max(0, x - pad), min(width, x + w + pad))
        blob = (labels[ys, xs] == label).astype(np.uint8)
        # The halo is judged on the blob's outline only: holes (text surviving inside the glare) are filled.
        contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        filled = cv2.drawContours(np.zeros_like(blob), contours, -1, 1, thickness=cv2.FILLED)
        ring = (cv2.dilate(filled, kernel) > 0) & (filled == 0)
        if not ring.any() or float(np.percentile(luma[ys, xs][ring], 75)) >= halo:
            glare += area
    return glare / total


def detail_level(gray: UInt8Array) -> float:
    """How much is drawn on the image: the standard deviation of its 3-px box mean (pixel noise is not content)
    minus its 17-px box mean, in luma levels relative to a white level of 255 (so a dark photo is not blank)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    white = max(25.5, _percentile(hist, 95))
    img = cv2.blur(gray.astype(np.float32), (3, 3), borderType=cv2.BORDER_REFLECT)
    local = img - cv2.blur(img, (_DETAIL_BOX, _DETAIL_BOX), borderType=cv2.BORDER_REFLECT)
    return float(np.std(local)) * 255.0 / white


def _percentile(hist: FloatArray, q: float) -> float:
    """``q``-th percentile (0–100) of a 256-bin histogram, as a luma value 0–255."""
    cumulative = np.cumsum(hist)
    return float(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


def assess(
    image_bgr: npt.NDArray[Any],
    region: Any | None = None,
    *,
    min_short_side_px: int = RESOLUTION_MIN_SHORT_SIDE_PX,
    card: bool = False,
) -> Quality:
    """Measure ``image_bgr`` (BGR or grey ``uint8``) inside ``region`` (4×2 corners in px, any order; the whole
    image when None) and return :class:`Quality` with ``blurry``, ``glare``, ``too_dark``, ``too_bright`` and
    ``low_resolution`` warnings as they apply (see the module docstring and the thresholds above).

    ``card``: the region is an ID card, whose printed background is never white. A card whose face is mostly
    burnt out to white (a lamp or the flash over most of it) has glare too big to show a halo inside the card:
    that is glare as well. (A white page does not count: pass ``card`` only for located cards.)"""
    view, short_side = analysis_view(image_bgr, region)
    luma = np.asarray(cv2.cvtColor(view, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    hist = np.bincount(luma.ravel(), minlength=256).astype(np.float64)
    mean = float(luma.mean())
    blank = detail_level(luma) < BLANK_MAX_DETAIL
    quality = Quality(
        blur=0.0 if blank else round(blur_effect(luma), 3),
        glare=0.0 if blank else round(glare_fraction(view, _percentile(hist, 50)), 4),
        brightness=round(mean / 255.0, 3),
        resolution_ok=short_side >= min_short_side_px,
    )
    if quality.blur >= BLUR_WARN:
        warn(quality, "blurry")
    if card and not blank:
        burnt = float(hist[BURNT_LUMA:].sum() / hist.sum())
        if burnt >= BURNT_CARD_SHARE:
            quality.glare = round(max(quality.glare, burnt), 4)
    if quality.glare >= GLARE_WARN:
        warn(quality, "glare")
    if _percentile(hist, 95) / 255.0 < TOO_DARK_WHITE:
        warn(quality, "too_dark")
    elif not blank and quality.blur < BLUR_WARN and _percentile(hist, 0.5) / 255.0 > TOO_BRIGHT_DARK:
        warn(quality, "too_bright")
    if not quality.resolution_ok:
        warn(quality, "low_resolution")
    return quality
