"""Load: a preflighted file → one upright BGR ``uint8`` array (``H×W×3``, OpenCV convention) per page.

Images are decoded by PIL under :func:`pipeline.preflight.pil_guard` (our pixel limit, truncated data is always
an error), turned upright with ``ImageOps.exif_transpose`` and converted to BGR: palette, CMYK, 1-bit, gray and
16-bit images are converted (16-bit keeps its high byte), transparency is composited on white. Multi-page TIFF
gives one array per frame. PDF pages are rendered one at a time by poppler (``pdf2image``, ``thread_count=1``,
a per-page timeout) at ``settings.pdf_dpi``, so at most one rendered page is held by this module at a time; use
:func:`iter_pages` to stream them. Every failure is one of the contract's errors (``models.errors``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

from models.errors import FileNotFound, SohoaError, TooLarge, UnreadableImage
from pipeline.preflight import Preflighted, check_page_size, open_image, pil_guard, preflight, translate_errors
from sohoa.settings import Settings

BGRImage = npt.NDArray[np.uint8]

#: Seconds poppler may spend rendering one PDF page before the input is rejected as unreadable.
PDF_PAGE_TIMEOUT_S = 60

_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
_INT16_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})


def to_bgr(im: Image.Image) -> BGRImage:
    """Convert a loaded PIL image of any mode to a contiguous ``H×W×3`` BGR ``uint8`` array."""
    mode = im.mode
    if mode in _INT16_MODES or mode in ("I", "F"):
        gray = _wide_to_uint8(np.asarray(im), mode)
        return np.ascontiguousarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    if mode in _ALPHA_MODES or "transparency" in im.info:
        rgba = np.asarray(im.convert("RGBA"), dtype=np.uint16)
        alpha = rgba[..., 3:4]
        rgb = (rgba[..., :3] * alpha + 255 * (255 - alpha) + 127) // 255  # composite on white
        return np.ascontiguousarray(rgb[..., ::-1].astype(np.uint8))
    if mode in ("1", "L"):
        gray = np.asarray(im.convert("L"), dtype=np.uint8)
        return np.ascontiguousarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    rgb = np.asarray(im if mode == "RGB" else im.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[..., ::-1])


def _wide_to_uint8(values: npt.NDArray[np.generic], mode: str) -> npt.NDArray[np.uint8]:
    """16/32-bit integer or float gray → 8 bit. 16-bit keeps the high byte; ``I`` data that fits in 8 bits is
    kept as is; float data in 0–1 is scaled to 0–255, other floats are clipped."""
    if mode == "F":
        floats = values.astype(np.float64)
        finite = floats[np.isfinite(floats)]
        scale = 255.0 if finite.size and float(finite.max()) <= 1.0 else 1.0
        return np.clip(np.nan_to_num(floats) * scale, 0, 255).round().astype(np.uint8)
    ints = values.astype(np.int64)
    if mode == "I" and ints.size and int(ints.max()) <= 255:
        return np.clip(ints, 0, 255).astype(np.uint8)
    return (np.clip(ints, 0, 65535) >> 8).astype(np.uint8)


def _decode_frame(pre: Preflighted, frame: int, settings: Settings) -> BGRImage:
    with pil_guard(settings.max_pixels), translate_errors(f"cannot decode the {pre.kind.upper()} image"):
        im = open_image(pre.data, pre.kind)
        try:
            if frame:
                im.seek(frame)
            im.load()  # raises on truncated data (pil_guard)
            try:
                upright = ImageOps.exif_transpose(im)
            except Exception:  # unreadable EXIF: keep the stored orientation rather than reject the image
                upright = im
            return to_bgr(upright)
        finally:
            im.close()


def _render_pdf(pre: Preflighted, settings: Settings, timeout_s: int) -> Iterator[BGRImage]:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPopplerTimeoutError

    try:
        workdir = tempfile.TemporaryDirectory(prefix="sohoa-pdf-")
        source = os.path.join(workdir.name, "input.pdf")
        with open(source, "wb") as fh:
            fh.write(pre.data)
    except OSError as exc:  # not the input's fault: an internal error
        raise SohoaError(f"cannot write a temporary file ({type(exc).__name__})") from exc
    with workdir as tmp:
        for page in pre.frames:
            try:
                paths = convert_from_path(
                    source,
                    dpi=settings.pdf_dpi,
                    first_page=page,
                    last_page=page,
                    fmt="ppm",
                    thread_count=1,
                    timeout=timeout_s,
                    output_folder=tmp,
                    output_file=f"page{page}",
                    paths_only=True,
                )
            except PDFInfoNotInstalledError as exc:
                raise SohoaError("poppler (pdfinfo/pdftoppm) is not installed") from exc
            except PDFPopplerTimeoutError as exc:
                raise UnreadableImage(f"rendering page {page} timed out after {timeout_s} s") from exc
            except Exception as exc:
                raise UnreadableImage(f"cannot render PDF page {page} ({type(exc).__name__})") from exc
            if len(paths) != 1:
                raise UnreadableImage(f"cannot render PDF page {page}")
            path = str(paths[0])
            image = cv2.imread(path, cv2.IMREAD_COLOR)
            os.remove(path)
            if image is None:
                raise UnreadableImage(f"cannot render PDF page {page}")
            yield np.ascontiguousarray(image, dtype=np.uint8)


def iter_pages(pre: Preflighted, settings: Settings, *, pdf_timeout_s: int = PDF_PAGE_TIMEOUT_S) -> Iterator[BGRImage]:
    """Yield the pages of ``pre`` one by one as upright BGR ``uint8`` arrays (see the module docstring).

    Each page is checked again after decoding: :class:`~models.errors.TooSmall` under ``settings.min_side_px``,
    :class:`~models.errors.TooLarge` over ``settings.max_pixels``.
    """
    pages = (
        _render_pdf(pre, settings, pdf_timeout_s)
        if pre.kind == "pdf"
        else (_decode_frame(pre, frame, settings) for frame in pre.frames)
    )
    for number, page in enumerate(pages, start=1):
        height, width = page.shape[:2]
        check_page_size(width, height, settings, number if pre.page_count > 1 else None)
        yield page


def load_pages(pre: Preflighted, settings: Settings, *, pdf_timeout_s: int = PDF_PAGE_TIMEOUT_S) -> list[BGRImage]:
    """All pages of ``pre`` as upright BGR ``uint8`` arrays, in file order (:func:`iter_pages` as a list)."""
    return list(iter_pages(pre, settings, pdf_timeout_s=pdf_timeout_s))


def read_input(
    source: str | os.PathLike[str] | bytes, name: str | None = None, settings: Settings | None = None
) -> Preflighted:
    """Read a path (or take raw bytes) and :func:`~pipeline.preflight.preflight` it — the CLI's entry point.

    A path that does not exist, is a directory or cannot be read → :class:`~models.errors.FileNotFound`; a file
    over ``settings.max_file_bytes`` → :class:`~models.errors.TooLarge` without reading it whole. ``name``
    defaults to the path's file name (``"input"`` for bytes).
    """
    settings = settings or Settings()
    if isinstance(source, bytes | bytearray | memoryview):
        return preflight(bytes(source), name or "input", settings)
    path = Path(source)
    name = name or path.name
    try:
        with path.open("rb") as fh:
            data = fh.read(settings.max_file_bytes + 1)
    except OSError as exc:  # missing, a directory, no permission
        raise FileNotFound(name) from exc
    if len(data) > settings.max_file_bytes:
        raise TooLarge(f"more than {settings.max_file_bytes} bytes")
    return preflight(data, name, settings)
