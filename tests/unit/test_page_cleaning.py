"""A4 page cleaning on synthetic pages: sheet, orientation, skew, light, spreads and leaders (no Tesseract)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from models.ocr import Page
from pipeline.cleaning import deskew, illumination, leaders, orient, sheet, spread
from pipeline.cleaning.page import clean_page
from pipeline.cleaning.quads import quad_iou
from pipeline.ocr.engine import Osd, RecordedEngine
from samples.generator import fonts
from tests import page_synth as ps

SMALL = (1240, 1754)  # A4 at 150 dpi: quick, and still the size of many real scans


@pytest.fixture(scope="module")
def page() -> ps.Rendered:
    return ps.render_page(size=SMALL)


def gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


# Orientation ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_sure_osd_turns_the_page_upright(page: ps.Rendered, turned: int) -> None:
    image = ps.rotate_quarter(page.image, turned)
    engine = RecordedEngine(Page(1, 1), osd_result=Osd((360 - turned) % 360, 12.0))
    [clean] = clean_page(image, engine)
    assert clean.rotation == (360 - turned) % 360
    assert clean.orientation_method == "osd"
    assert clean.image.shape[:2] == page.image.shape[:2]
    assert np.abs(clean.image.astype(int) - page.image.astype(int)).mean() < 2.0


@pytest.mark.parametrize("turned", [90, 270])
def test_lines_on_their_side_are_seen_without_ocr(page: ps.Rendered, turned: int) -> None:
    assert orient.lines_run_vertically(gray(ps.rotate_quarter(page.image, turned))) is True
    assert orient.lines_run_vertically(gray(ps.rotate_quarter(page.image, (turned + 90) % 360))) is False


def test_blank_page_is_left_as_it_is() -> None:
    blank = np.full((800, 600, 3), 250, np.uint8)
    [clean] = clean_page(blank, RecordedEngine(Page(600, 800)))
    assert clean.rotation == 0 and clean.orientation_method == "none" and clean.half is None


# Skew -----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [-8.0, -2.7, -0.4, 1.3, 4.0, 9.5])
def test_skew_is_estimated_within_half_a_degree(page: ps.Rendered, angle: float) -> None:
    est = deskew.estimate_skew(gray(ps.skew(page.image, angle)))
    assert abs(est.angle - angle) <= 0.5
    assert est.sharpness > 1.2


def test_deskewed_page_lines_are_horizontal_again(page: ps.Rendered) -> None:
    engine = RecordedEngine(Page(1, 1), osd_result=Osd(0, 12.0))
    [clean] = clean_page(ps.skew(page.image, 3.0), engine)
    assert abs(clean.skew_deg - 3.0) <= 0.5
    assert abs(deskew.estimate_skew(clean.ocr_image).angle) <= 0.2


# Light ----------------------------------------------------------------------------------------------------------------


def test_shadow_is_divided_out_and_ink_keeps_its_contrast(page: ps.Rendered) -> None:
    shaded = ps.shadow(page.image, 0.7, seed=1)
    flat = illumination.even_light(shaded)
    paper = gray(page.image) > 200
    assert np.std(gray(shaded)[paper]) > 25
    assert np.std(flat[paper]) < 6
    ink = gray(page.image) < 80
    assert np.median(flat[ink]) < 110


# Spreads --------------------------------------------------------------------------------------------------------------


def test_spread_splits_at_the_gutter(page: ps.Rendered) -> None:
    other = ps.render_page("NotoSans-Regular.ttf", size=SMALL)
    image, fold = ps.spread(page.image, other.image, gutter=50)
    found = spread.find_fold(gray(image))
    assert found is not None and abs(found - fold) <= 25
    pages = clean_page(image, RecordedEngine(Page(1, 1), osd_result=Osd(0, 12.0)))
    assert [p.half for p in pages] == ["left", "right"]
    assert all(abs(p.image.shape[1] - page.image.shape[1]) <= 40 for p in pages)


def test_one_page_is_not_split(page: ps.Rendered) -> None:
    assert spread.find_fold(gray(page.image)) is None  # portrait
    wide = ps.render_page(size=(1754, 1240))  # a landscape page whose text runs across the middle
    assert spread.find_fold(gray(wide.image)) is None


# Sheet on a desk ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sheet_is_found_on_a_desk(page: ps.Rendered, seed: int) -> None:
    photo, truth = ps.desk_photo(ps.shadow(page.image, 0.5, seed=seed), seed=seed, out_size=(1500, 2000))
    quad = sheet.find_sheet(photo)
    assert quad is not None
    assert quad_iou(quad, truth) >= 0.97
    flat = sheet.warp_sheet(photo, quad)
    h, w = flat.shape[:2]
    assert 1.3 < h / w < 1.5  # A4 is 1.414


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scan_passes_through_even_in_deep_shadow(page: ps.Rendered, seed: int) -> None:
    assert sheet.find_sheet(page.image) is None
    for strength in (0.5, 0.7, 0.9):
        assert sheet.find_sheet(ps.shadow(page.image, strength, seed=seed)) is None


def test_photo_is_flagged_and_flattened(page: ps.Rendered) -> None:
    photo, _ = ps.desk_photo(page.image, seed=3, out_size=(1500, 2000))
    [clean] = clean_page(photo, RecordedEngine(Page(1, 1), osd_result=Osd(0, 12.0)))
    assert clean.from_photo and clean.sheet_quad is not None
    assert clean.ocr_image.shape == clean.image.shape[:2]


# Leaders --------------------------------------------------------------------------------------------------------------


def _layers(parts: list[tuple[str, str]], px: int = 40) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One text line drawn part by part; returns the page (grey) and each kind's own ink mask."""
    font = fonts.load("LiberationSerif-Regular.ttf", px)
    width = 2400
    canvases = {kind: Image.new("L", (width, 3 * px), 255) for kind in ("label", "leader", "value")}
    x = 40.0
    for kind, text in parts:
        ImageDraw.Draw(canvases[kind]).text((x, px), text, font=font, fill=0)
        x += ImageDraw.Draw(canvases[kind]).textlength(text, font=font)
    arrays = {k: np.asarray(c) for k, c in canvases.items()}
    page = np.minimum.reduce(list(arrays.values()))
    return page, {k: a < 160 for k, a in arrays.items()}


@pytest.mark.parametrize(
    "parts",
    [
        [("label", "Họ, chữ đệm, tên: "), ("leader", "." * 30), ("value", "NGUYỄN THỊ NGỌC DIỆP")],
        [("label", "Nơi cư trú: "), ("value", "Số 1, ngõ 2. Phường Định Công, quận Hoàng Mai"), ("leader", "…" * 12)],
        [("label", "Dân tộc: "), ("leader", "…" * 10), ("value", "Kinh; ghi chú: ạ ặ ệ ị ọ ộ ợ ụ ự ỵ i j...")],
    ],
)
def test_leaders_go_values_and_diacritics_stay(parts: list[tuple[str, str]]) -> None:
    image, masks = _layers(parts)
    cleaned, removed = leaders.remove_leaders(image)
    assert removed > 0
    ink_after = cleaned < 160
    for kind in ("label", "value"):
        kept = (ink_after & masks[kind]).sum() / masks[kind].sum()
        assert kept > 0.995, f"{kind} lost {(1 - kept):.1%} of its ink"
    gone = 1 - (ink_after & masks["leader"]).sum() / masks["leader"].sum()
    assert gone > 0.95


def test_text_without_leaders_is_untouched() -> None:
    image, _ = _layers([("label", "Quê quán: "), ("value", "xã Nghĩa Hưng... huyện Nghĩa Đàn, tỉnh Nghệ An. Ô. Ị.")])
    cleaned, removed = leaders.remove_leaders(image)
    assert removed == 0 and np.array_equal(cleaned, image)


# Bench-corpus desk photos whose sheet lies among other white papers or on a light table: the paper score finds no
# blob that stands out; the straight edges with A4's proportions do (doc type, seed of the photo).
CLUTTERED_DESKS = [
    ("birth_certificate", 788375397),
    ("death_extract", 3223246944),
    ("marriage_certificate", 3678957359),
]


@pytest.mark.parametrize(("doc_type", "seed"), CLUTTERED_DESKS)
def test_a_white_sheet_among_white_papers_is_found(doc_type: str, seed: int) -> None:
    from samples.generator.papers.build import make_paper_sample

    sample = make_paper_sample(doc_type, "photo", seed, "desk")
    image = cv2.imdecode(np.frombuffer(sample.data, np.uint8), cv2.IMREAD_COLOR)
    truth = np.array(sample.truth["transform"]["file_pages"][0]["placements"][0]["quad"], dtype=np.float32)
    quad = sheet.find_sheet(image)
    assert quad is not None
    assert quad_iou(quad, truth) >= 0.97


# Bench-corpus flatbed scans with a grey scanner margin: among their straight edges are quads with A4's proportions
# (the page, boxes printed on it), but with paper on both sides of their edges they are no sheet on a table.
MARGINED_SCANS = [("birth_certificate", 2695644977), ("birth_extract", 348246845), ("death_extract", 2638378623)]


@pytest.mark.parametrize(("doc_type", "seed"), MARGINED_SCANS)
def test_a_scan_is_not_cut_to_a_box_printed_on_it(doc_type: str, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from samples.generator.papers.build import make_paper_sample

    sample = make_paper_sample(doc_type, "scan", seed, "scan")
    image = cv2.imdecode(np.frombuffer(sample.data, np.uint8), cv2.IMREAD_COLOR)
    assert sheet.find_sheet(image) is None
    monkeypatch.setattr(sheet, "MIN_STEP", -1000.0)  # without the step test, a wrong quad would be taken
    assert sheet.find_sheet(image) is not None
