"""A4 page cleaning: one scan or photo of a page → upright, straight, evenly lit page image(s) for OCR.

:func:`clean_page` runs, in order:

1. :mod:`~pipeline.cleaning.sheet` — a sheet photographed on a table is found and warped flat (a scan passes);
2. :mod:`~pipeline.cleaning.illumination` — a grey, evenly lit copy (every later decision is taken on it, and it
   is turned along with the colour image so both keep one geometry);
3. :mod:`~pipeline.cleaning.orient` — 0/90/180/270 (Tesseract OSD, a reading check when it is unsure);
4. :mod:`~pipeline.cleaning.deskew` — small angles from the text lines;
5. :mod:`~pipeline.cleaning.spread` — two pages side by side are split;
6. :mod:`~pipeline.cleaning.leaders` — dotted leaders removed from the grey copy.

Measured with ``.venv/bin/python scripts/eval_page_cleaning.py`` (two fonts, rendered 300 dpi A4 birth
certificates with leaders and a red stamp; CER % = Levenshtein distance / length of the expected text, runs of
leader dots deleted from the OCR text before scoring; s/page = cleaning + Tesseract on 2 shared cores, ±30 %;
-illum = without illumination, +adapt = adaptive threshold)::

    variant         raw     full   -sheet   -illum  -orient  -deskew -leaders  +median +nlmeans    +otsu   +adapt
    scan           45.9      0.7      0.7      0.7      0.7      0.7     43.1      0.0      0.7      0.7      0.7
    rot90          47.2      0.7      0.7      0.7     44.2      0.7     43.1      0.0      0.7      0.7      0.7
    rot180         96.0      0.7      0.7      0.7     85.9      0.7     43.1      0.0      0.7      0.7      0.7
    rot270        103.0      0.7      0.7      0.7     92.7      0.7     43.1      0.0      0.7      0.7      0.7
    skew4          25.5      0.7      0.7      0.7      0.7      1.6     55.8      0.7      0.7      0.5      0.6
    shadow         47.1      0.7      0.7      0.0      0.7      0.7     43.1      0.1      0.7      0.7      0.7
    photo           6.9      0.7      0.7     44.3      0.7      0.7     59.6      0.7      0.7      0.5      1.0
    blur_jpeg      68.2      0.8      0.8      0.8      0.8      0.8     55.1      0.8      0.8      0.6      1.3
    mean CER       55.0      0.7      0.7      6.1     28.3      0.8     48.2      0.3      0.7      0.6      0.8
    s/page         1.31     2.05     1.99     1.71     1.11     1.87     2.10     1.77     6.58     2.41     2.06

and ``--variants lowres150`` (the page at 150 dpi, JPEG q60): raw 20.2, full 0.1, -leaders 26.0, +median 0.3,
+otsu 0.2, +adaptive 4.5. The 0.7 left on "full" is the red stamp's word "UBND", read by Tesseract and absent from
the expected text; a 3×3 median or a global threshold hides it (hence their 0.0–0.6) but reads worse at 150 dpi
(0.3 and 0.2 against 0.1), adaptive thresholding does worse everywhere, non-local means costs 4 s a page for
nothing. So no denoising and no binarisation (Tesseract binarises internally): the grey stays grey.
Leaders are the biggest
single gain (raw Tesseract turns them into long junk words glued to the values); orientation next; the evenly lit
grey is what makes the photo readable once the sheet is warped (-illumination on the photo: 44.3). Without the
sheet step the mildly tilted rendered photo still reads (its perspective is small), but boxes then refer to the
photo rather than the page. Orientation: ``--orientation`` gives OSD 24/24 right (0.81 s), the reading check 24/24
(1.12 s).

``CleanPage.image`` is what boxes refer to (see :mod:`models.geometry`); ``ocr_image`` has exactly its geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.cleaning import deskew, illumination, leaders, orient, sheet, spread
from pipeline.ocr.engine import OcrEngine

Array = npt.NDArray[Any]
Half = Literal["left", "right"]


@dataclass(frozen=True)
class CleanPage:
    """One cleaned page.

    ``image``: upright, deskewed, perspective-flattened BGR page (the image boxes refer to); ``ocr_image``: grey,
    evenly lit, leaders removed, same geometry; ``rotation``: clockwise degrees (0/90/180/270) applied to make it
    upright; ``skew_deg``: the small skew removed (OpenCV sign: positive = lines rose to the right);
    ``from_photo``: a sheet was found in a photo and warped; ``sheet_quad``: its corners TL, TR, BR, BL in the
    input's pixels, or None; ``half``: "left"/"right" when the input was a two-page spread, else None;
    ``orientation_method``: how the rotation was decided ("osd", "strip", "none").
    """

    image: Array
    ocr_image: Array
    rotation: int
    skew_deg: float
    from_photo: bool
    sheet_quad: Array | None
    half: Half | None
    orientation_method: str = "none"


@dataclass(frozen=True)
class Steps:
    """Which steps run (all by default); the extra options exist for ``scripts/eval_page_cleaning.py``."""

    sheet: bool = True
    illumination: bool = True
    orient: bool = True
    osd: bool = True
    strip: bool = True
    deskew: bool = True
    spread: bool = True
    leaders: bool = True
    denoise: Literal["none", "median", "nlmeans"] = "none"
    binarize: Literal["none", "otsu", "adaptive"] = "none"


ALL = Steps()


def _finish(gray: Array, steps: Steps, photo: bool = False) -> Array:
    out = gray
    if steps.leaders:
        out, _ = leaders.remove_leaders(out, local=photo)
    if steps.denoise == "median":
        out = cv2.medianBlur(out, 3)
    elif steps.denoise == "nlmeans":
        out = cv2.fastNlMeansDenoising(out, None, 7, 7, 21)
    if steps.binarize == "otsu":
        _, out = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    elif steps.binarize == "adaptive":
        block = max(15, (round(max(out.shape) / 80) // 2) * 2 + 1)
        out = cv2.adaptiveThreshold(out, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 12)
    return np.ascontiguousarray(out)


def clean_page(image: Array, engine: OcrEngine, steps: Steps = ALL) -> list[CleanPage]:
    """Clean one page image (BGR or grey ``uint8``); one CleanPage, or two for a two-page spread (left first)."""
    bgr = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    quad = sheet.find_sheet(bgr) if steps.sheet else None
    # A photo's leader dots are grey and blurred: found by local contrast (on a scan that would eat dots below vowels).
    photo = quad is not None or (steps.sheet and sheet.table_visible(bgr))
    if quad is not None:
        bgr = sheet.warp_sheet(bgr, quad)
    gray = illumination.even_light(bgr) if steps.illumination else illumination.to_gray(bgr)

    rotation, method = 0, "none"
    if steps.orient:
        found = orient.detect_orientation(gray, engine, use_osd=steps.osd, use_strip=steps.strip)
        rotation, method = found.rotation, found.method
        bgr, gray = orient.turn(bgr, rotation), orient.turn(gray, rotation)

    skew_deg = 0.0
    if steps.deskew:
        skew_deg = deskew.estimate_skew(gray).angle
        bgr = deskew.rotate(bgr, skew_deg)
        gray = deskew.rotate(gray, skew_deg, fill=illumination.PAPER if steps.illumination else None)

    fold = spread.find_fold(gray) if steps.spread else None

    def page(colour: Array, grey: Array, half: Half | None) -> CleanPage:
        return CleanPage(
            np.ascontiguousarray(colour),
            _finish(grey, steps, photo),
            rotation,
            skew_deg,
            quad is not None,
            quad,
            half,
            method,
        )

    if fold is None:
        return [page(bgr, gray, None)]
    (left, right), (gleft, gright) = spread.split(bgr, fold), spread.split(gray, fold)
    return [page(left, gleft, "left"), page(right, gright, "right")]
