"""The quality gate: each warning appears on its degraded image and not on the clean one.

Images are synthesised here: a card-like document (pastel background, Vietnamese text drawn with Noto Sans, a
portrait, a QR-like block) placed slightly rotated in a 2000×1500 "photo", and A4-like pages.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from models.results import Quality
from pipeline.quality import (
    GLARE_WARN,
    WARNINGS,
    assess,
    region_cut_off,
    region_too_small,
    warn,
)

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
BOLD = Path("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="Noto Sans is not installed")

ROWS = [
    ("Số / No.:", "079301012345"),
    ("Họ và tên / Full name:", "TRẦN THỊ BÍCH NGỌC"),
    ("Ngày sinh / Date of birth:", "12/05/1990"),
    ("Giới tính / Sex:", "Nữ   Quốc tịch: Việt Nam"),
    ("Quê quán / Place of origin:", "Xã Hòa Phú, Huyện Hòa Vang, Đà Nẵng"),
    ("Nơi thường trú / Place of residence:", "123 Nguyễn Văn Linh, Quận 7, TP Hồ Chí Minh"),
]


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path if path.exists() else FONT), size)


def make_card(width: int = 1200) -> np.ndarray:
    """A sharp ID-card-like image (BGR), ``width`` × ``width / 1.586``."""
    s = width / 1200
    height = round(width * 53.98 / 85.6)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    bgr = np.stack(
        [
            235 + 8 * np.sin(xx / (37 * s)) * np.cos(yy / (23 * s)),
            225 + 6 * np.sin((xx + yy) / (29 * s)),
            210 + 6 * np.cos(xx / (51 * s)),
        ],
        axis=2,
    )
    im = Image.fromarray(np.clip(bgr, 0, 255).astype(np.uint8)[..., ::-1].copy(), "RGB")
    draw = ImageDraw.Draw(im)
    title, label, value = _font(BOLD, round(34 * s)), _font(FONT, round(22 * s)), _font(BOLD, round(30 * s))
    draw.text((330 * s, 40 * s), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=title, fill=(20, 20, 20))
    draw.text((420 * s, 140 * s), "CĂN CƯỚC CÔNG DÂN", font=title, fill=(160, 20, 20))
    y = 210
    for text_label, text_value in ROWS:
        draw.text((330 * s, y * s), text_label, font=label, fill=(40, 40, 40))
        draw.text((330 * s, (y + 30) * s), text_value, font=value, fill=(10, 10, 10))
        y += 80
    draw.rectangle([40 * s, 220 * s, 300 * s, 560 * s], fill=(200, 205, 215))
    draw.ellipse([95 * s, 260 * s, 245 * s, 430 * s], fill=(150, 120, 100))
    draw.rectangle([70 * s, 430 * s, 270 * s, 560 * s], fill=(60, 60, 80))
    modules = np.random.default_rng(0).random((25, 25)) > 0.5
    qr = np.kron(modules, np.ones((max(1, int(6 * s)),) * 2))
    im.paste(Image.fromarray(((1 - qr) * 255).astype(np.uint8)).convert("RGB"), (int(1000 * s), int(40 * s)))
    return cv2.cvtColor(np.asarray(im), cv2.COLOR_RGB2BGR)


def make_page(width: int = 1240) -> np.ndarray:
    """An A4-like page (BGR) with 30 lines of text."""
    s = width / 1240
    im = Image.new("RGB", (width, round(width * 297 / 210)), (250, 250, 248))
    draw = ImageDraw.Draw(im)
    body, head = _font(FONT, round(22 * s)), _font(BOLD, round(30 * s))
    draw.text((420 * s, 150 * s), "TRÍCH LỤC KHAI SINH", font=head, fill=(0, 0, 0))
    line = "Họ, chữ đệm, tên: Nguyễn Văn An; ngày sinh 01/01/2020; nơi sinh Bệnh viện Từ Dũ"
    for i in range(30):
        draw.text((120 * s, (260 + 40 * i) * s), line[i % 7 :] + line[: i % 7], font=body, fill=(0, 0, 0))
    return cv2.cvtColor(np.asarray(im), cv2.COLOR_RGB2BGR)


def in_photo(
    doc: np.ndarray, frame: tuple[int, int] = (2000, 1500), angle: float = 5.0, bg: int = 70
) -> tuple[np.ndarray, np.ndarray]:
    """``doc`` rotated by ``angle``° on a noisy dark table; returns the photo and the document's corners."""
    width, height = frame
    h, w = doc.shape[:2]
    table = np.clip(bg + np.random.default_rng(1).normal(0, 6, (height, width, 1)), 0, 255)
    photo = np.repeat(table, 3, axis=2).astype(np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    a = np.deg2rad(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    dst = ((src - [w / 2, h / 2]) @ rot.T + [width / 2, height / 2]).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(doc, matrix, (width, height))
    inside = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (width, height)) > 127
    photo[inside] = warped[inside]
    return photo, dst


def add_glare(img: np.ndarray, centre: tuple[float, float], radius: float) -> np.ndarray:
    """A specular highlight: a Gaussian of light added on top, clipped to white."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    light = 400 * np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * (radius / 1.5) ** 2))
    return np.clip(img + light[..., None], 0, 255).astype(np.uint8)


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def scale_levels(img: np.ndarray, gain: float, offset: float = 0.0) -> np.ndarray:
    return np.clip(img.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def photo() -> tuple[np.ndarray, np.ndarray]:
    return in_photo(make_card())


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return make_page()


# --------------------------------------------------------------------------- clean inputs


def test_clean_card_photo_has_no_warning(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    quality = assess(image, quad)
    assert quality.warnings == [] and quality.messages == []
    assert quality.resolution_ok
    assert 0.0 <= quality.blur < 0.4 and quality.glare == 0.0 and 0.6 < quality.brightness < 0.95


def test_clean_straightened_card_and_page(page: np.ndarray) -> None:
    assert assess(make_card()).warnings == []
    assert assess(page).warnings == []


@pytest.mark.parametrize("degrade", ["sigma0.5", "sigma1", "jpeg50", "jpeg30+noise", "sigma1+jpeg60"])
def test_mild_degradations_do_not_warn(photo: tuple[np.ndarray, np.ndarray], degrade: str) -> None:
    image, quad = photo
    noisy = np.clip(image + np.random.default_rng(2).normal(0, 6, image.shape), 0, 255).astype(np.uint8)
    variants = {
        "sigma0.5": blur(image, 0.5),
        "sigma1": blur(image, 1.0),
        "jpeg50": jpeg(image, 50),
        "jpeg30+noise": jpeg(noisy, 30),
        "sigma1+jpeg60": jpeg(blur(image, 1.0), 60),
    }
    assert assess(variants[degrade], quad).warnings == []


# --------------------------------------------------------------------------- each warning


@pytest.mark.parametrize("sigma", [3.0, 4.0])
def test_blurry(photo: tuple[np.ndarray, np.ndarray], sigma: float) -> None:
    image, quad = photo
    quality = assess(blur(image, sigma), quad)
    assert quality.warnings == ["blurry"]
    assert quality.blur > assess(image, quad).blur + 0.2


def test_blurry_despite_sensor_noise(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    noisy = blur(image, 3.0) + np.random.default_rng(3).normal(0, 8, image.shape)
    assert "blurry" in assess(np.clip(noisy, 0, 255).astype(np.uint8), quad).warnings


def test_blurry_page(page: np.ndarray) -> None:
    assert "blurry" in assess(blur(page, 3.0)).warnings
    assert "blurry" not in assess(blur(page, 1.0)).warnings


def test_glare(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    centre = quad.mean(axis=0)
    quality = assess(add_glare(image, (centre[0] - 100, centre[1] - 50), 90), quad)
    assert quality.warnings == ["glare"]
    assert quality.glare >= GLARE_WARN
    messages = {m.code: m for m in quality.messages}
    assert messages["glare"].vi.startswith("Ảnh bị lóa")


def test_glare_without_region_on_the_straightened_card() -> None:
    assert "glare" in assess(add_glare(make_card(), (600, 380), 90)).warnings


def test_too_dark(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    quality = assess(scale_levels(image, 0.25), quad)
    assert quality.warnings == ["too_dark"]
    assert quality.brightness < 0.25
    assert "too_dark" not in assess(scale_levels(image, 0.6), quad).warnings  # dim but fine


def test_too_bright(photo: tuple[np.ndarray, np.ndarray], page: np.ndarray) -> None:
    image, quad = photo
    washed = scale_levels(image, 0.35, 0.65 * 255)  # lifted levels: the ink turns light grey
    assert assess(washed, quad).warnings == ["too_bright"]
    assert "too_bright" in assess(scale_levels(page, 0.35, 0.65 * 255)).warnings


def test_low_resolution() -> None:
    small = cv2.resize(make_card(), (500, 315), interpolation=cv2.INTER_AREA)
    quality = assess(small)
    assert not quality.resolution_ok
    assert quality.warnings == ["low_resolution"]
    assert assess(cv2.resize(make_card(), (800, 504), interpolation=cv2.INTER_AREA)).resolution_ok


def test_low_resolution_threshold_is_configurable(page: np.ndarray) -> None:
    assert assess(page).resolution_ok
    assert "low_resolution" in assess(cv2.resize(page, (600, 849)), min_short_side_px=1200).warnings


# --------------------------------------------------------------------------- what glare is not


def test_white_page_is_not_glare() -> None:
    white = np.full((1754, 1240, 3), 255, np.uint8)
    noisy = np.clip(245 + np.random.default_rng(4).normal(0, 4, white.shape), 0, 255).astype(np.uint8)
    for page in (white, noisy):
        quality = assess(page)
        assert quality.glare == 0.0
        assert quality.warnings == []  # blank: nothing to call blurry or washed out either


def test_white_page_on_a_table_is_not_glare(page: np.ndarray) -> None:
    small = cv2.resize(page, (620, 877), interpolation=cv2.INTER_AREA)
    scanned_white = small.copy()
    scanned_white[small > 240] = 255  # paper clipped to pure white
    for doc in (small, scanned_white, np.full_like(small, 255)):
        image, quad = in_photo(doc, bg=45, angle=0)
        assert "glare" not in assess(image).warnings  # no region: the paper is most of the bright pixels
        assert "glare" not in assess(image, quad).warnings


def test_printed_white_area_on_a_card_is_not_glare() -> None:
    card = make_card()
    card[220:560, 40:300] = 255  # a white portrait background, hard-edged
    image, quad = in_photo(card)
    assert assess(image, quad).glare == 0.0


def test_overexposed_card_is_not_glare(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    assert "glare" not in assess(scale_levels(image, 1.6), quad).warnings


# --------------------------------------------------------------------------- region helpers and API


def test_region_cut_off() -> None:
    shape = (1500, 2000, 3)
    inside = np.array([[100, 100], [1900, 120], [1880, 1400], [90, 1380]], float)
    assert not region_cut_off(inside, shape)
    assert region_cut_off(inside - np.array([100, 0]), shape)  # a corner on the left edge
    assert region_cut_off(inside + np.array([0, 110]), shape)  # a corner below the frame
    assert region_cut_off(np.array([[1, 50], [500, 50], [500, 400], [1, 400]], float), shape)


def test_region_too_small() -> None:
    shape = (3000, 4000, 3)
    assert region_too_small(np.array([[100, 100], [700, 100], [700, 480], [100, 480]], float), shape)
    assert not region_too_small(np.array([[500, 500], [3500, 500], [3500, 2400], [500, 2400]], float), shape)
    # Large enough a share of a small frame, but too few pixels.
    assert region_too_small(np.array([[10, 10], [390, 10], [390, 250], [10, 250]], float), (300, 400))


def test_region_corner_order_does_not_matter(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, quad = photo
    assert assess(image, quad[[2, 0, 3, 1]]) == assess(image, quad)


def test_grey_input_and_degenerate_region(photo: tuple[np.ndarray, np.ndarray]) -> None:
    image, _ = photo
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert assess(grey).resolution_ok
    flat = np.array([[10, 10], [10, 10], [11, 10], [11, 10]], float)
    assert assess(image, flat) == assess(image)


def test_warn_adds_code_and_message_once() -> None:
    quality = Quality()
    warn(quality, "document_cut_off")
    warn(quality, "document_cut_off")
    assert quality.warnings == ["document_cut_off"]
    (message,) = quality.messages
    assert message.vi.startswith("Giấy tờ bị cắt mất một phần")
    assert message.en.startswith("Part of the document is cut off")
    with pytest.raises(KeyError):
        warn(quality, "not_a_code")


def test_warning_table() -> None:
    expected = {"blurry", "glare", "too_dark", "too_bright", "low_resolution", "document_cut_off"}
    assert expected | {"document_too_small", "no_document_edges"} == set(WARNINGS)
    assert WARNINGS["blurry"] == (
        "Ảnh bị mờ, vui lòng chụp lại rõ nét hơn.",
        "The photo is blurry; please retake it in focus.",
    )
    assert WARNINGS["document_too_small"][0] == "Giấy tờ quá nhỏ trong ảnh, vui lòng chụp gần hơn."
    assert all(vi and en for vi, en in WARNINGS.values())


def test_card_face_burnt_out_by_a_lamp_is_glare(photo: tuple[np.ndarray, np.ndarray]) -> None:
    card = make_card()
    burnt = card.copy()
    w = burnt.shape[1]
    burnt[:, w // 3 :] = 255  # the flash took two thirds of the face, halo and all
    image, quad = in_photo(burnt)
    assert "glare" in assess(image, quad, card=True).warnings
    clean_image, clean_quad = photo
    assert "glare" not in assess(clean_image, clean_quad, card=True).warnings
