"""Label-anchored extraction on hand-made OCR lines (no Tesseract): where values are found and where they stop."""

from __future__ import annotations

import numpy as np

from extractors.extract import extract_candidates
from extractors.labels import LineIndex, find
from extractors.spec import load_templates
from models.geometry import BBox
from models.ocr import Line, Page, Word, group_lines
from pipeline.ocr.engine import RecordedEngine

H = 24  # word height in px


def line(y: int, *items: tuple[int, str], conf: float = 0.95) -> list[Word]:
    """Words at x positions on one row; each word is 14 px per character wide."""
    return [Word(text, BBox(x, y, x + 14 * len(text), y + H), conf) for x, text in items]


def page(*rows: list[Word]) -> Page:
    words = [w for row in rows for w in row]
    return Page(1200, 757, group_lines(words))


def candidates(doc_type: str, p: Page) -> dict[str, str | None]:
    template = load_templates()[doc_type]
    found, _ = extract_candidates(template, p, np.full((757, 1200), 255, np.uint8), RecordedEngine(p))
    return {k: (c.parsed.value if c else None) for k, c in found.items()}


def test_noisy_bilingual_labels_are_found() -> None:
    idx = [
        LineIndex.of(
            Line(tuple(line(100, (300, "Hg"), (340, "và"), (380, "tên"), (440, "/"), (460, "Fuli"), (530, "name:"))))
        )
    ]
    assert find("Họ và tên / Full name", "full_name", idx)


def test_short_label_only_opens_a_line() -> None:
    idx = [
        LineIndex.of(Line(tuple(line(100, (300, "Số"), (350, "025123456"))))),
        LineIndex.of(
            Line(
                tuple(line(200, (300, "Nơi"), (350, "ĐKHK"), (420, "thường"), (520, "trú"), (580, "Số"), (630, "235")))
            )
        ),
    ]
    hits = find("Số", "id_number", idx)
    assert [h.line_no for h in hits] == [0]


def test_cccd_2021_front_values_right_below_and_two_columns() -> None:
    p = page(
        line(270, (340, "Số"), (375, "/"), (395, "No.:"), (470, "079301012345")),
        line(330, (340, "Họ"), (380, "và"), (415, "tên"), (465, "/"), (485, "Full"), (550, "name:")),
        line(365, (340, "TRẦN"), (420, "THỊ"), (480, "BÍCH"), (560, "NGỌC")),
        line(
            410,
            (340, "Ngày"),
            (410, "sinh"),
            (470, "/"),
            (490, "Date"),
            (560, "of"),
            (595, "birth:"),
            (690, "15/03/2001"),
        ),
        line(
            455,
            (340, "Giới"),
            (400, "tính"),
            (460, "/"),
            (480, "Sex:"),
            (545, "Nữ"),
            (700, "Quốc"),
            (770, "tịch"),
            (830, "/"),
            (850, "Nationality:"),
            (1030, "Việt"),
            (1100, "Nam"),
        ),
        line(
            500,
            (340, "Quê"),
            (395, "quán"),
            (465, "/"),
            (485, "Place"),
            (565, "of"),
            (600, "origin:"),
            (710, "Xã"),
            (750, "Tân"),
            (810, "Lập,"),
            (880, "Tỉnh"),
            (950, "Long"),
            (1020, "An"),
        ),
        line(
            540,
            (340, "Nơi"),
            (390, "thường"),
            (490, "trú"),
            (540, "/"),
            (560, "Place"),
            (640, "of"),
            (675, "residence:"),
            (830, "Số"),
            (870, "12"),
            (910, "Đường"),
            (1000, "A,"),
        ),
        line(
            575,
            (340, "Phường"),
            (440, "B,"),
            (480, "Quận"),
            (560, "C"),
            (40, "Có"),
            (80, "giá"),
            (130, "trị"),
            (170, "đến:"),
            (240, "15/03/2026"),
        ),
    )
    got = candidates("cccd_2021_front", p)
    assert got["id_number"] == "079301012345"
    assert got["full_name"] == "TRẦN THỊ BÍCH NGỌC"
    assert got["date_of_birth"] == "2001-03-15"
    assert got["sex"] == "Nữ"
    assert got["nationality"] == "Việt Nam"
    assert got["place_of_origin"] == "Xã Tân Lập, Tỉnh Long An"
    assert got["place_of_residence"] == "Số 12 Đường A, Phường B, Quận C"
    assert got["date_of_expiry"] == "2026-03-15"


def test_value_with_its_own_colon_is_kept_whole() -> None:
    p = page(
        line(40, (40, "Dân"), (100, "tộc:"), (180, "Kinh"), (520, "Tôn"), (580, "giáo:"), (670, "Không")),
        line(100, (40, "DẤU"), (100, "VẾT"), (160, "RIÊNG"), (250, "VÀ"), (300, "DỊ"), (345, "HÌNH")),
        line(
            140,
            (50, "Nốt"),
            (100, "ruồi"),
            (170, "C:3cm"),
            (260, "dưới"),
            (330, "trước"),
            (410, "gò"),
            (450, "má"),
            (490, "trái"),
        ),
        line(330, (500, "Ngày"), (570, "27"), (610, "tháng"), (700, "07"), (740, "năm"), (800, "2008")),
    )
    got = candidates("cmnd_back", p)
    assert got["personal_identification"] == "Nốt ruồi C:3cm dưới trước gò má trái"
    assert got["ethnicity"] == "Kinh"
    assert got["religion"] == "Không"
    assert got["issue_date"] == "2008-07-27"


def test_specks_under_a_label_are_skipped() -> None:
    p = page(
        line(
            40,
            (220, "Đặc"),
            (270, "điểm"),
            (340, "nhân"),
            (410, "dạng"),
            (480, "/"),
            (500, "Personal"),
            (620, "identification:"),
        ),
        line(70, (230, "ịn"), (260, "P#SSEKU"), conf=0.2),
        line(100, (220, "Nốt"), (270, "ruồi"), (340, "C:3cm"), (430, "dưới"), (500, "mày"), (560, "phải")),
        line(
            190,
            (40, "Ngày,"),
            (110, "tháng,"),
            (200, "năm"),
            (260, "/"),
            (280, "Date,"),
            (350, "month,"),
            (440, "year:"),
            (520, "14/12/2023"),
        ),
    )
    got = candidates("cccd_2021_back", p)
    assert got["personal_identification"] == "Nốt ruồi C:3cm dưới mày phải"
    assert got["issue_date"] == "2023-12-14"


def test_rows_are_not_glued_by_a_tall_speck() -> None:
    words = line(70, (220, "Nốt"), (270, "ruồi")) + line(100, (220, "Đặc"), (270, "điểm"))
    words.append(Word("F?", BBox(90, 28, 120, 142), 0.3))
    lines = group_lines(words)
    texts = [ln.text for ln in lines]
    assert "Nốt ruồi" in texts and "Đặc điểm" in texts


def test_a_faint_mark_word_at_the_start_is_restored_not_dropped() -> None:
    label = line(40, (40, "Đặc"), (100, "điểm"), (170, "nhân"), (240, "dạng:"))
    faint = Word("Seo", BBox(320, 40, 362, 40 + H), 0.3)
    rest = line(40, (380, "C:1,5cm"), (490, "trên"), (560, "trước"), (640, "đuôi"), (710, "mắt"), (770, "phải"))
    p = page(
        [*label, faint, *rest],
        line(330, (500, "Ngày"), (570, "17"), (610, "tháng"), (700, "12"), (740, "năm"), (800, "2018")),
    )
    assert candidates("cccd_2016_back", p)["personal_identification"] == "Sẹo C:1,5cm trên trước đuôi mắt phải"


def test_a_speck_before_a_mark_is_still_dropped() -> None:
    label = line(40, (40, "Đặc"), (100, "điểm"), (170, "nhân"), (240, "dạng:"))
    speck = Word("Ễ", BBox(320, 40, 334, 40 + H), 0.3)
    rest = line(40, (380, "Sẹo"), (440, "C:2cm"), (520, "trên"), (590, "mắt"), (650, "phải"))
    assert candidates("cccd_2016_back", page([*label, speck, *rest]))["personal_identification"] == (
        "Sẹo C:2cm trên mắt phải"
    )


def test_a_capitalised_name_loses_the_remains_of_an_illegible_label() -> None:
    p = page(
        line(235, (345, "Số:"), (400, "002094543297")),
        line(300, (345, "Họ"), (385, "vệ"), (425, "sec"), (470, "LƯƠNG"), (560, "ĐỨC"), (620, "TRƯỜNG")),
    )
    assert candidates("cccd_2016_front", p)["full_name"] == "LƯƠNG ĐỨC TRƯỜNG"


def test_a_name_in_small_letters_is_left_alone() -> None:
    p = page(line(300, (345, "Họ"), (385, "và"), (425, "tên:"), (490, "Lương"), (570, "Đức"), (640, "Trường")))
    assert candidates("cccd_2016_front", p)["full_name"] == "LƯƠNG ĐỨC TRƯỜNG"


def test_a_religion_the_page_reading_lost_is_read_again_in_its_zone() -> None:
    p = page(
        line(40, (40, "Dân"), (100, "tộc:"), (180, "Kinh")),
        line(100, (40, "DẤU"), (100, "VẾT"), (160, "RIÊNG"), (250, "VÀ"), (300, "DỊ"), (345, "HÌNH")),
        line(140, (50, "Nốt"), (100, "ruồi"), (170, "C:3cm"), (260, "dưới"), (330, "mắt"), (400, "trái")),
    )
    zone_words = Page(1200, 757, group_lines(line(40, (600, "Tên"), (660, "giáo:"), (760, "Không"))))
    template = load_templates()["cmnd_back"]
    image = np.full((757, 1200), 255, np.uint8)
    found, _ = extract_candidates(template, p, image, RecordedEngine(p, zone_pages={0: zone_words}))
    religion = found["religion"]
    assert religion is not None and religion.parsed.value == "Không" and religion.located_by == "reread"
    assert found["ethnicity"] is not None and found["ethnicity"].parsed.value == "Kinh"


def test_a_zone_without_a_listed_value_gives_nothing() -> None:
    p = page(line(40, (40, "Dân"), (100, "tộc:"), (180, "Kinh")))
    zone_words = Page(1200, 757, group_lines(line(40, (600, "Tên"), (660, "giáo:"), (760, "Khanh"))))
    template = load_templates()["cmnd_back"]
    found, _ = extract_candidates(
        template, p, np.full((757, 1200), 255, np.uint8), RecordedEngine(p, zone_pages={0: zone_words})
    )
    assert found["religion"] is None or found["religion"].located_by != "reread"
