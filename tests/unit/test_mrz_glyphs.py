"""The fixed-pitch glyph reader for machine-readable zones (pipeline.mrz_glyphs), on MRZ lines rendered here."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.validators.mrz import repair
from pipeline.mrz_glyphs import GlyphRead, read_mrz_glyphs

OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
DEJAVU_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

TD1 = ("IDVNM3010123455079301012345<<5", "0103152F2603151VNM<<<<<<<<<<<6", "TRAN<<THI<BICH<NGOC<<<<<<<<<<<")
TD1_LO = ("IDVNM0123456784096012345678<<7", "9601019M3601017VNM<<<<<<<<<<<2", "LO<<THE<TAI<<<<<<<<<<<<<<<<<<<")
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def _font(path: str, cap_px: float) -> ImageFont.FreeTypeFont:
    probe = ImageFont.truetype(path, 100)
    cap = -probe.getbbox("H", anchor="ls")[1]
    return ImageFont.truetype(path, round(100 * cap_px / cap))


def render(
    lines: tuple[str, ...],
    font_path: str = OCRB,
    *,
    cap_px: float = 28,
    stroke: int = 0,
    blur: float = 0.6,
    angle: float = 0.0,
    above: str = "",
    condensed: float = 1.0,
) -> np.ndarray:
    """MRZ lines at the font's own pitch (times ``condensed``) on a white page (BGR), optionally emboldened by
    ``stroke`` px, with a text line above and a tilt."""
    font = _font(font_path, cap_px)
    pitch = font.getlength("H") * condensed
    line_pitch = 1.9 * cap_px
    width = int(pitch * len(lines[0]) + 120)
    height = int(line_pitch * (len(lines) + 2) + 80)
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    if above:
        draw.text(
            (60, 40 + cap_px), above, font=_font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", cap_px), fill=20
        )
    first = 40 + cap_px + line_pitch * (2 if above else 0.5)
    for i, line in enumerate(lines):
        for j, ch in enumerate(line):
            draw.text(
                (60 + j * pitch, first + i * line_pitch), ch, font=font, fill=15, anchor="ls", stroke_width=stroke
            )
    page = np.asarray(img)
    if angle:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=250)
    if blur:
        page = cv2.GaussianBlur(page, (0, 0), blur)
    return cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)


def _read(image: np.ndarray) -> GlyphRead:
    found = read_mrz_glyphs(image)
    assert found is not None
    return found


@pytest.mark.parametrize("font_path", [OCRB, DEJAVU_MONO], ids=["ocr-b", "dejavu-sans-mono"])
@pytest.mark.parametrize("lines", [TD1, TD1_LO, TD2, TD3], ids=["td1", "td1-fillers", "td2", "td3"])
def test_rendered_lines_are_read_exactly(font_path: str, lines: tuple[str, ...]) -> None:
    found = _read(render(lines, font_path))
    assert found.lines == list(lines)
    assert [len(c) for c in found.confidence] == [len(line) for line in lines]
    assert all(0.0 <= v <= 1.0 for row in found.confidence for v in row)
    result = repair(found.lines)
    assert result is not None and result.valid and result.repairs == []


def test_small_tilted_noisy_jpeg_is_read() -> None:
    page = render(TD1_LO, cap_px=18, angle=2.5, blur=0.9).astype(np.float32)
    page += np.random.default_rng(3).normal(0, 6, page.shape).astype(np.float32)
    ok, buf = cv2.imencode(".jpg", np.clip(page, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 60])
    decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert ok and decoded is not None
    found = _read(decoded)
    assert found.lines == list(TD1_LO)
    assert found.angle == pytest.approx(-2.5, abs=0.5)  # turned counter-clockwise: lines rise to the right


def test_touching_fillers_are_split() -> None:
    page = render(TD1_LO, stroke=1, blur=1.4, condensed=0.75)
    binary = (cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) < 128).astype(np.uint8)
    n_components = cv2.connectedComponents(binary)[0] - 1
    # the 90 glyphs really touch, mostly in runs of '<' (without that this test would prove nothing)
    assert n_components < 65
    found = _read(page)
    assert found.lines == list(TD1_LO)


def test_two_line_td3_and_three_line_td1_are_told_apart() -> None:
    td3 = _read(render(TD3))
    td1 = _read(render(TD1))
    td2 = _read(render(TD2))
    assert [len(line) for line in td3.lines] == [44, 44]
    assert [len(line) for line in td1.lines] == [30, 30, 30]
    assert [len(line) for line in td2.lines] == [36, 36]


def test_text_above_the_block_is_ignored_and_boxes_are_in_crop_pixels() -> None:
    page = render(TD1, above="Ngay cap / Date of issue 20/06/2021")
    found = _read(page)
    assert found.lines == list(TD1)
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    for box in found.boxes:
        inside = grey[box.y0 : box.y1, box.x0 : box.x1]
        assert inside.size and inside.min() < 80  # the box holds ink
        assert box.width > 20 * box.height  # one MRZ line, not the block
    tops = [b.y0 for b in found.boxes]
    assert tops == sorted(tops) and tops[0] > 40 + 28 * 2  # below the text line


def _text_page(lines: tuple[str, ...], size: int, pitch: int) -> np.ndarray:
    img = Image.new("L", (1300, 80 + pitch * len(lines)), 245)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)
    for i, text in enumerate(lines):
        draw.text((40, 40 + pitch * i), text, font=font, fill=20)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)


def test_no_mrz_gives_none() -> None:
    assert read_mrz_glyphs(np.full((200, 900, 3), 235, np.uint8)) is None
    labels = ("Noi thuong tru: 12 Ly Thuong Kiet, Hoan Kiem", "Quoc tich: Viet Nam  Gioi tinh: Nam")
    assert read_mrz_glyphs(_text_page(labels, 26, 70)) is None


def test_proportional_text_stacked_like_an_mrz_gives_none() -> None:
    """Three long, left-aligned, evenly spaced capital lines pass the block geometry; they are not fixed pitch."""
    lines = (
        "CONG HOA XA HOI CHU NGHIA VIET NAM",
        "DOC LAP TU DO HANH PHUC NAM MUOI",
        "CAN CUOC CONG DAN VIET NAM SO MOT",
    )
    assert read_mrz_glyphs(_text_page(lines, 30, 60)) is None


def test_grey_input_and_tiny_input() -> None:
    page = cv2.cvtColor(render(TD3), cv2.COLOR_BGR2GRAY)
    found = _read(page)
    assert found.lines == list(TD3)
    assert 0.9 < found.score <= 1.0 and found.font == "OCRB.otf"
    assert read_mrz_glyphs(np.full((10, 10), 255, np.uint8)) is None
