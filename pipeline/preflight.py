"""Preflight: decide from the bytes alone, before any pixel is decoded, whether an input can be processed.

What is checked, in this order, each failure raising one of the contract's errors (``models.errors``):

1. empty input → :class:`~models.errors.EmptyFile`; more than ``settings.max_file_bytes`` → :class:`TooLarge`;
2. the real type, sniffed from magic bytes (the file name's extension is never trusted): JPEG, PNG, TIFF, WebP,
   BMP and PDF are accepted, anything else (GIF, HEIC/AVIF, text, …) → :class:`UnsupportedFormat`;
3. images: width × height read from the header by PIL's lazy ``Image.open`` (no pixel buffer is allocated);
   more than ``settings.max_pixels`` → :class:`TooLarge`, a short side under ``settings.min_side_px`` →
   :class:`TooSmall`; TIFF frames are counted (reduced-resolution thumbnail IFDs are skipped) and more than
   ``settings.max_pages`` → :class:`TooManyPages`;
4. PDF (pypdf): needs a password → :class:`EncryptedPdf` (an owner-password-only PDF, which opens with the empty
   user password, is accepted); more than ``max_pages`` pages → :class:`TooManyPages`; a page whose render at
   ``settings.pdf_dpi`` would exceed ``max_pixels`` → :class:`TooLarge`; a PDF with no pages →
   :class:`EmptyFile`; anything pypdf cannot parse → :class:`UnreadableImage`.

Nothing else escapes: unexpected library exceptions become :class:`UnreadableImage` with a short detail that
never quotes file content.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image, ImageFile
from pypdf import PasswordType, PdfReader

from models.errors import (
    EmptyFile,
    EncryptedPdf,
    SohoaError,
    TooLarge,
    TooManyPages,
    TooSmall,
    UnreadableImage,
    UnsupportedFormat,
)
from sohoa.settings import Settings

FileKind = Literal["jpeg", "png", "tiff", "webp", "bmp", "pdf"]

#: PIL plugin allowed to open each kind; no other plugin is ever tried on our input.
PIL_FORMATS: dict[str, str] = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WEBP", "bmp": "BMP"}

#: ``%PDF-`` may follow a little leading junk (readers accept it within the first KiB).
PDF_HEADER_WINDOW = 1024

#: EXIF/TIFF orientation values that swap width and height.
_TRANSPOSED_ORIENTATIONS = frozenset({5, 6, 7, 8})
_ORIENTATION_TAG = 0x0112
_NEW_SUBFILE_TYPE_TAG = 254
#: Sizes of the DIB header that follows a BMP's 14-byte file header (OS/2 1.x/2.x, Windows v1–v5).
_BMP_HEADER_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})

# PIL keeps its limits in module globals (MAX_IMAGE_PIXELS, LOAD_TRUNCATED_IMAGES). We set them for the duration
# of each of our calls under this lock and restore them afterwards, so no setting leaks to other code.
_PIL_LOCK = threading.RLock()


@dataclass(frozen=True, slots=True)
class Preflighted:
    """An input that passed preflight: the original bytes plus what the header told us.

    ``page_sizes`` are ``(width, height)`` in pixels of each page as :func:`pipeline.load.load_pages` will return
    it: upright after the EXIF orientation for images, rendered at ``settings.pdf_dpi`` for PDF pages.
    ``frames`` locates each page in the file: the PIL frame index for images (TIFF thumbnails are skipped), the
    1-based page number for PDF.
    """

    name: str
    sha256: str
    kind: FileKind
    page_count: int
    page_sizes: tuple[tuple[int, int], ...]
    frames: tuple[int, ...]
    data: bytes = field(repr=False)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the original bytes (the contract's ``sha256``)."""
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> FileKind:
    """The real type from the magic bytes; :class:`UnsupportedFormat` (with a detail naming it) otherwise."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and len(data) >= 26 and int.from_bytes(data[14:18], "little") in _BMP_HEADER_SIZES:
        return "bmp"
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    raise UnsupportedFormat(_describe_unsupported(head))


def _describe_unsupported(head: bytes) -> str:
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        return "HEIC/HEIF" if brand[:3] in (b"hei", b"hev", b"mif") else "ISO-BMFF"
    if head.startswith((b"\x00\x00\x00\x0cjP  ", b"\xff\x4f\xff\x51")):
        return "JPEG 2000"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP/Office document"
    return "unrecognised content"


@contextlib.contextmanager
def pil_guard(max_pixels: int) -> Iterator[None]:
    """Run PIL with *our* limits: nothing over ``max_pixels`` is ever allocated, truncated data is an error.

    PIL raises ``DecompressionBombError`` above twice ``Image.MAX_IMAGE_PIXELS`` (checked from the header, and
    for WebP before the decoder allocates its canvas) and only warns above it; inside the block the global is
    half of ``max_pixels``, so PIL's error fires exactly at our limit, and its warning is ignored.
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` is False, so a truncated JPEG/PNG always fails to load, whatever other
    code in the process set. Both globals are restored on exit; a process-wide lock keeps concurrent callers
    from seeing each other's values (decoding is therefore serialised; it is cheap next to OCR).
    """
    with _PIL_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        saved_pixels, saved_truncated = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
        Image.MAX_IMAGE_PIXELS = (max_pixels + 1) // 2
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved_pixels, saved_truncated


@contextlib.contextmanager
def translate_errors(what: str) -> Iterator[None]:
    """Let our own errors through; turn PIL's bomb errors into :class:`TooLarge` and anything else into
    :class:`UnreadableImage` whose detail is ``what`` plus the exception's class name (never file content)."""
    try:
        yield
    except SohoaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLarge("image dimensions exceed the pixel limit") from exc
    except MemoryError as exc:
        raise TooLarge(f"{what}: out of memory") from exc
    except Exception as exc:  # every decoder failure is the input's fault
        raise UnreadableImage(f"{what} ({type(exc).__name__})") from exc


def open_image(data: bytes, kind: FileKind) -> Image.Image:
    """Lazily open ``data`` with the one PIL plugin of ``kind``; call inside :func:`pil_guard`."""
    return Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]])


def check_page_size(width: int, height: int, settings: Settings, page: int | None = None) -> None:
    """:class:`TooLarge` over ``max_pixels``, :class:`TooSmall` under ``min_side_px`` on the short side."""
    where = f"page {page}: " if page is not None else ""
    if width * height > settings.max_pixels:
        raise TooLarge(f"{where}{width}x{height} pixels exceeds the limit of {settings.max_pixels}")
    if min(width, height) < settings.min_side_px:
        raise TooSmall(f"{where}{width}x{height} pixels, the short side must be at least {settings.min_side_px}")


def is_thumbnail_frame(im: Image.Image) -> bool:
    """A TIFF IFD marked as a reduced-resolution copy (NewSubfileType bit 0): a thumbnail, not a page."""
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return False
    try:
        return bool(int(tags.get(_NEW_SUBFILE_TYPE_TAG, 0)) & 1)
    except (TypeError, ValueError):
        return False


def upright_size(im: Image.Image) -> tuple[int, int]:
    """Header size after the EXIF orientation (read from the metadata, no decoding)."""
    width, height = im.size
    try:
        orientation = im.getexif().get(_ORIENTATION_TAG)
    except Exception:  # broken EXIF is ignored here, as exif_transpose ignores it
        orientation = None
    return (height, width) if orientation in _TRANSPOSED_ORIENTATIONS else (width, height)


def _preflight_image(data: bytes, kind: FileKind, settings: Settings) -> tuple[list[tuple[int, int]], list[int]]:
    sizes: list[tuple[int, int]] = []
    frames: list[int] = []
    with pil_guard(settings.max_pixels), translate_errors(f"cannot parse the {kind.upper()} header"):
        im = open_image(data, kind)
        try:
            if kind != "tiff":
                sizes.append(upright_size(im))
                frames.append(0)
            else:
                frame = 0
                while True:
                    if frame > 4 * settings.max_pages + 4:  # a pathological chain of thumbnail IFDs
                        raise TooManyPages(f"more than {settings.max_pages} pages")
                    if not is_thumbnail_frame(im):
                        if len(sizes) >= settings.max_pages:
                            raise TooManyPages(f"more than {settings.max_pages} pages")
                        sizes.append(upright_size(im))
                        frames.append(frame)
                    frame += 1
                    try:
                        im.seek(frame)
                    except EOFError:
                        break
        finally:
            im.close()
    if not sizes:
        raise UnreadableImage("no image frame")
    for number, (width, height) in enumerate(sizes, start=1):
        check_page_size(width, height, settings, number if len(sizes) > 1 else None)
    return sizes, frames


def _preflight_pdf(data: bytes, settings: Settings) -> tuple[list[tuple[int, int]], list[int]]:
    with translate_errors("cannot parse the PDF"):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise EncryptedPdf("unsupported encryption") from exc
            if opened == PasswordType.NOT_DECRYPTED:
                raise EncryptedPdf("a password is required to open it")
        count = len(reader.pages)
        if count == 0:
            raise EmptyFile("the PDF has no pages")
        if count > settings.max_pages:
            raise TooManyPages(f"{count} pages, at most {settings.max_pages}")
        sizes: list[tuple[int, int]] = []
        for number, page in enumerate(reader.pages, start=1):
            box = page.mediabox
            unit = float(page.user_unit) * settings.pdf_dpi / 72.0
            width = math.ceil(abs(float(box.width)) * unit)
            height = math.ceil(abs(float(box.height)) * unit)
            if (page.rotation or 0) % 180:
                width, height = height, width
            check_page_size(width, height, settings, number if count > 1 else None)
            sizes.append((width, height))
    return sizes, list(range(1, count + 1))


def preflight(data: bytes, name: str, settings: Settings) -> Preflighted:
    """Check ``data`` (the whole file, named ``name`` for the result) against ``settings``; never decodes pixels.

    Returns a :class:`Preflighted` or raises one of the contract's errors (see the module docstring).
    """
    if not data:
        raise EmptyFile()
    if len(data) > settings.max_file_bytes:
        raise TooLarge(f"{len(data)} bytes, at most {settings.max_file_bytes}")
    kind = sniff(data)
    sizes, frames = _preflight_pdf(data, settings) if kind == "pdf" else _preflight_image(data, kind, settings)
    return Preflighted(
        name=name,
        sha256=sha256_hex(data),
        kind=kind,
        page_count=len(sizes),
        page_sizes=tuple(sizes),
        frames=tuple(frames),
        data=data,
    )
