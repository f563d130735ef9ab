"""Preflight and load: every bad input gets its contract code, every good input loads upright as BGR uint8.

All fixtures are generated here (in memory or under ``tmp_path``); nothing binary is committed.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile, TiffImagePlugin
from pypdf import PdfWriter

from models.errors import (
    EmptyFile,
    EncryptedPdf,
    FileNotFound,
    SohoaError,
    TooLarge,
    TooManyPages,
    TooSmall,
    UnreadableImage,
    UnsupportedFormat,
)
from pipeline.load import iter_pages, load_pages, read_input, to_bgr
from pipeline.preflight import preflight, sha256_hex, sniff
from sohoa.settings import Settings

SETTINGS = Settings(pdf_dpi=72)
PIL_DEFAULT_MAX_PIXELS = Image.MAX_IMAGE_PIXELS


# --------------------------------------------------------------------------- fixture builders


def _pattern(width: int = 400, height: int = 300) -> Image.Image:
    """RGB test image: grey gradient with a red block in the top-left corner."""
    x = np.linspace(40, 220, width, dtype=np.float64)
    arr = np.repeat(np.tile(x, (height, 1))[..., None], 3, axis=2).astype(np.uint8)
    arr[:60, :80] = (255, 0, 0)
    return Image.fromarray(arr, "RGB")


def _encode(im: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png_header_only(width: int, height: int) -> bytes:
    """A syntactically valid PNG claiming ``width``×``height`` RGB with a tiny IDAT (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _pdf(pages: int, size: tuple[int, int] = (400, 300)) -> bytes:
    first, *rest = [_pattern(*size) for _ in range(pages)]
    return _encode(first, "PDF", save_all=True, append_images=rest, resolution=72.0)


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_pdf(1)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _tiff(pages: int) -> bytes:
    first, *rest = [_pattern() for _ in range(pages)]
    return _encode(first, "TIFF", save_all=True, append_images=rest, compression="tiff_deflate")


def _load(data: bytes, name: str = "input", settings: Settings = SETTINGS) -> list[np.ndarray]:
    return load_pages(preflight(data, name, settings), settings)


def _code(data: bytes, name: str = "input", settings: Settings = SETTINGS) -> str:
    with pytest.raises(SohoaError) as info:
        _load(data, name, settings)
    return info.value.code


# --------------------------------------------------------------------------- bad inputs


def test_empty_bytes() -> None:
    with pytest.raises(EmptyFile):
        preflight(b"", "empty.jpg", SETTINGS)


def test_file_over_byte_limit() -> None:
    with pytest.raises(TooLarge):
        preflight(_encode(_pattern(), "PNG"), "big.png", Settings(max_file_bytes=100))


def test_truncated_jpeg_is_unreadable() -> None:
    data = _encode(_pattern(), "JPEG", quality=90)
    for cut in (len(data) // 2, len(data) - 2):
        pre = preflight(data[:cut], "half.jpg", SETTINGS)  # the header is intact
        with pytest.raises(UnreadableImage):
            load_pages(pre, SETTINGS)


def test_truncated_jpeg_is_unreadable_even_if_pil_was_told_to_accept_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = _encode(_pattern(), "JPEG")
    assert _code(data[: len(data) // 2]) == "unreadable_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored


def test_truncated_png_is_unreadable() -> None:
    data = _encode(_pattern(), "PNG")
    assert _code(data[: len(data) // 2]) == "unreadable_image"


@pytest.mark.parametrize("text", [b"Hello, this is not a picture.\n", b"BMW service manual, page 1\n"])
def test_text_named_jpg_is_unsupported(text: bytes) -> None:
    with pytest.raises(UnsupportedFormat):
        preflight(text * 10, "photo.jpg", SETTINGS)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (_encode(_pattern(), "GIF"), "GIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "HEIC/HEIF"),
        (b"PK\x03\x04" + b"\x00" * 64, "ZIP/Office document"),
    ],
)
def test_other_formats_are_unsupported(data: bytes, detail: str) -> None:
    with pytest.raises(UnsupportedFormat) as info:
        preflight(data, "image.jpg", SETTINGS)
    assert info.value.detail == detail


def test_pixel_bomb_header_rejected_fast_without_decoding() -> None:
    data = _png_header_only(60000, 60000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            preflight(data, "bomb.png", Settings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # decoding would need 10.8 GB; the header alone is enough to refuse
    assert Image.MAX_IMAGE_PIXELS == PIL_DEFAULT_MAX_PIXELS  # PIL's global untouched afterwards


def test_webp_canvas_over_the_limit_is_never_allocated() -> None:
    # A VP8X header claiming 10000×10000 (over our 80 Mpx, under twice it): rejected before libwebp's canvas.
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4 + (9999).to_bytes(3, "little") * 2
    data = b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            preflight(data, "bomb.webp", Settings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_pixel_limit_is_ours_not_pils() -> None:
    # Over our limit but under PIL's default bomb limit (only a warning there): still too_large.
    with pytest.raises(TooLarge):
        preflight(_png_header_only(5000, 5000), "big.png", Settings(max_pixels=20_000_000))
    # Over PIL's default limit but allowed by ours: accepted by preflight.
    pre = preflight(_png_header_only(10000, 10000), "big.png", Settings(max_pixels=120_000_000))
    assert pre.page_sizes == ((10000, 10000),)


def test_encrypted_pdf_needing_a_password() -> None:
    with pytest.raises(EncryptedPdf):
        preflight(_encrypted_pdf("user-secret"), "locked.pdf", SETTINGS)


def test_owner_password_only_pdf_is_processed() -> None:
    pages = _load(_encrypted_pdf(""), "restricted.pdf")
    assert len(pages) == 1
    assert pages[0].shape == (300, 400, 3)


def test_one_pixel_image_is_too_small() -> None:
    with pytest.raises(TooSmall) as info:
        preflight(_encode(Image.new("RGB", (1, 1)), "PNG"), "dot.png", SETTINGS)
    assert info.value.code == "image_too_small"


def test_too_many_tiff_pages() -> None:
    with pytest.raises(TooManyPages):
        preflight(_tiff(4), "scan.tif", Settings(max_pages=3))


def test_too_many_pdf_pages() -> None:
    with pytest.raises(TooManyPages):
        preflight(_pdf(4), "dossier.pdf", Settings(max_pages=3))


def test_pdf_page_too_large_at_render_dpi() -> None:
    # 400×300 pt at 600 dpi = 3334×2500 px > 5 Mpx.
    with pytest.raises(TooLarge):
        preflight(_pdf(1), "poster.pdf", Settings(pdf_dpi=600, max_pixels=5_000_000))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage that is no PDF at all\n" * 20,
        _pdf(2)[:300],
    ],
)
def test_corrupt_pdf_is_unreadable(data: bytes) -> None:
    assert _code(data, "broken.pdf") in {"unreadable_image", "empty_file"}


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(FileNotFound):
        read_input(tmp_path / "nope.jpg")
    with pytest.raises(FileNotFound):
        read_input(tmp_path)


def test_read_input_limits_bytes_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(_encode(_pattern(), "PNG"))
    with pytest.raises(TooLarge):
        read_input(path, settings=Settings(max_file_bytes=100))


# --------------------------------------------------------------------------- good inputs


def test_preflight_metadata(tmp_path: Path) -> None:
    data = _encode(_pattern(), "PNG")
    path = tmp_path / "card.bin"  # the extension is irrelevant
    path.write_bytes(data)
    pre = read_input(path, settings=SETTINGS)
    assert (pre.name, pre.kind, pre.page_count, pre.page_sizes) == ("card.bin", "png", 1, ((400, 300),))
    assert pre.sha256 == sha256_hex(data) and len(pre.sha256) == 64
    assert "data" not in repr(pre)


def test_jpeg_exif_orientation_6_is_rotated() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored image must be rotated 90° clockwise to display
    data = _encode(_pattern(400, 300), "JPEG", quality=95, exif=exif.tobytes())
    pre = preflight(data, "phone.jpg", SETTINGS)
    assert pre.page_sizes == ((300, 400),)
    (page,) = load_pages(pre, SETTINGS)
    assert page.shape == (400, 300, 3) and page.dtype == np.uint8
    # The red block (stored top-left) is now top-right; BGR order.
    b, g, r = (int(v) for v in page[20, 300 - 20])
    assert r > 200 and g < 60 and b < 60
    assert page[20, 20].max() < 200  # the gradient's dark end is no longer red


def test_png_with_alpha_composited_on_white() -> None:
    arr = np.zeros((300, 400, 4), np.uint8)
    arr[..., 0] = 255  # red…
    arr[:, :200, 3] = 255  # …opaque on the left, transparent on the right
    (page,) = _load(_encode(Image.fromarray(arr, "RGBA"), "PNG"))
    assert tuple(page[10, 10]) == (0, 0, 255)
    assert tuple(page[10, 300]) == (255, 255, 255)


def test_palette_with_transparency_and_la() -> None:
    im = Image.new("P", (300, 300), 1)
    im.putpalette([0, 0, 0, 0, 255, 0] + [0] * 762)
    im.info["transparency"] = 1
    (page,) = _load(_encode(im, "PNG"))
    assert tuple(page[5, 5]) == (255, 255, 255)
    la = Image.merge("LA", (Image.new("L", (300, 300), 0), Image.new("L", (300, 300), 255)))
    (page,) = _load(_encode(la, "PNG"))
    assert tuple(page[5, 5]) == (0, 0, 0)


def test_16_bit_png() -> None:
    arr = np.full((300, 400), 0x8000, np.uint16)
    arr[:, 200:] = 0xFFFF
    (page,) = _load(_encode(Image.fromarray(arr), "PNG"))
    assert page.shape == (300, 400, 3) and page.dtype == np.uint8
    assert tuple(page[0, 0]) == (128, 128, 128) and tuple(page[0, 399]) == (255, 255, 255)


def test_grayscale_and_bilevel() -> None:
    (page,) = _load(_encode(_pattern().convert("L"), "PNG"))
    assert page.shape == (300, 400, 3)
    assert np.array_equal(page[..., 0], page[..., 2])
    (page,) = _load(_encode(_pattern().convert("1"), "TIFF", compression="group4"))
    assert set(np.unique(page).tolist()) <= {0, 255}


def test_cmyk_jpeg() -> None:
    im = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # red in CMYK
    (page,) = _load(_encode(im, "JPEG", quality=95))
    b, g, r = (int(v) for v in page[150, 200])
    assert r > 200 and g < 60 and b < 60


def test_multipage_tiff_gives_one_array_per_frame() -> None:
    pre = preflight(_tiff(3), "scan.tiff", SETTINGS)
    assert pre.page_count == 3
    pages = load_pages(pre, SETTINGS)
    assert [p.shape for p in pages] == [(300, 400, 3)] * 3


def test_tiff_thumbnail_ifd_is_not_a_page() -> None:
    buf = io.BytesIO()
    with TiffImagePlugin.AppendingTiffWriter(buf) as tiff:
        _pattern().save(tiff, "TIFF")
        tiff.newFrame()
        _pattern(100, 75).save(tiff, "TIFF", tiffinfo={254: 1})  # NewSubfileType: reduced-resolution copy
        tiff.newFrame()
    pre = preflight(buf.getvalue(), "scan.tif", SETTINGS)
    assert (pre.page_count, pre.frames) == (1, (0,))
    assert [p.shape for p in load_pages(pre, SETTINGS)] == [(300, 400, 3)]


def test_webp_and_bmp() -> None:
    for fmt in ("WEBP", "BMP"):
        pre = preflight(_encode(_pattern(), fmt), "image", SETTINGS)
        (page,) = load_pages(pre, SETTINGS)
        assert page.shape == (300, 400, 3)
        b, g, r = (int(v) for v in page[10, 10])
        assert r > 200 and g < 60 and b < 60, fmt


def test_two_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(_pdf(2))
    pre = read_input(path, settings=Settings(pdf_dpi=144))
    assert pre.kind == "pdf" and pre.page_sizes == ((800, 600), (800, 600))
    pages = list(iter_pages(pre, Settings(pdf_dpi=144)))
    assert [p.shape for p in pages] == [(600, 800, 3), (600, 800, 3)]
    b, g, r = (int(v) for v in pages[1][20, 20])
    assert r > 200 and g < 60 and b < 60


def test_bytes_input_and_sniff() -> None:
    data = _encode(_pattern(), "JPEG")
    assert read_input(data, "upload", SETTINGS).kind == "jpeg"
    assert sniff(b"junk\n%PDF-1.4\n") == "pdf"


def test_to_bgr_modes() -> None:
    assert to_bgr(Image.new("I", (3, 2), 70000)).tolist()[0][0] == [255, 255, 255]
    assert to_bgr(Image.new("I", (3, 2), 200)).tolist()[0][0] == [200, 200, 200]
    assert to_bgr(Image.new("F", (3, 2), 0.5)).tolist()[0][0] == [128, 128, 128]
    assert to_bgr(Image.new("RGB", (3, 2), (1, 2, 3))).tolist()[0][0] == [3, 2, 1]
