"""Paper extraction on hand-made OCR words (no Tesseract): repeated labels resolved by section and column."""

from __future__ import annotations

import numpy as np

from extractors.paper_extract import extract_paper_candidates
from extractors.spec import load_templates
from models.geometry import BBox
from models.ocr import Page, Word, group_lines
from pipeline.ocr.engine import RecordedEngine

H = 30
W, HEIGHT = 2480, 3508


def row(y: int, text: str, x: int = 150, conf: float = 0.96) -> list[Word]:
    """The words of ``text`` laid out from ``x`` on one row, 18 px per character plus a space."""
    words: list[Word] = []
    for token in text.split(" "):
        width = 18 * len(token)
        words.append(Word(token, BBox(x, y, x + width, y + H), conf))
        x += width + 18
    return words


def read(doc_type: str, *rows: list[Word]) -> dict[str, str | None]:
    template = load_templates()[doc_type]
    p = Page(W, HEIGHT, group_lines([w for r in rows for w in r]))
    image = np.full((HEIGHT, W), 255, np.uint8)
    found = extract_paper_candidates(template, template.page_fields(1), p, image, RecordedEngine(p))
    return {k: (c.parsed.value if c else None) for k, c in found.items()}


def test_birth_certificate_parents_keep_their_own_years_and_ethnicities() -> None:
    values = read(
        "birth_certificate",
        row(300, "Số: 125/2020"),
        row(300, "Quyển số: 01", x=1500),
        row(500, "Họ, chữ đệm, tên: NGUYỄN VĂN AN"),
        row(560, "Ngày, tháng, năm sinh: 15/03/2020"),
        row(560, "ghi bằng chữ: Ngày mười lăm, tháng ba,", x=1000),
        row(620, "năm hai nghìn không trăm hai mươi", x=1000),
        row(680, "Giới tính: Nam"),
        row(680, "Dân tộc: Kinh", x=900),
        row(680, "Quốc tịch: Việt Nam", x=1600),
        row(800, "Họ, chữ đệm, tên người mẹ: TRẦN THỊ BÌNH"),
        row(860, "Năm sinh: 1992"),
        row(860, "Dân tộc: Tày", x=900),
        row(860, "Quốc tịch: Việt Nam", x=1600),
        row(920, "Nơi cư trú: Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"),
        row(1040, "Họ, chữ đệm, tên người cha: NGUYỄN VĂN CƯỜNG"),
        row(1100, "Năm sinh: 1990"),
        row(1100, "Dân tộc: Kinh", x=900),
        row(1100, "Quốc tịch: Việt Nam", x=1600),
        row(1160, "Nơi cư trú: Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"),
    )
    assert values["full_name"] == "NGUYỄN VĂN AN"
    assert values["date_of_birth"] == "2020-03-15"
    assert values["ethnicity"] == "Kinh"
    assert values["mother_name"] == "TRẦN THỊ BÌNH"
    assert values["mother_birth_year"] == "1992"
    assert values["mother_ethnicity"] == "Tày"
    assert values["father_name"] == "NGUYỄN VĂN CƯỜNG"
    assert values["father_birth_year"] == "1990"
    assert values["father_ethnicity"] == "Kinh"
    assert values["registration_number"] == "125/2020"
    assert values["book_number"] == "01"


def test_marriage_certificate_columns_are_told_apart_by_their_headers() -> None:
    # The wife's column is on the left here: columns are found by their labels, not their side.
    values = read(
        "marriage_certificate",
        row(500, "Họ, chữ đệm, tên vợ:"),
        row(500, "Họ, chữ đệm, tên chồng:", x=1300),
        row(560, "LÊ THỊ HOA"),
        row(560, "PHẠM VĂN TUẤN", x=1300),
        row(620, "Ngày, tháng, năm sinh: 02/09/1995"),
        row(620, "Ngày, tháng, năm sinh: 11/11/1993", x=1300),
        row(680, "Dân tộc: Kinh"),
        row(680, "Dân tộc: Mường", x=1300),
        row(900, "Nơi đăng ký kết hôn: Ủy ban nhân dân xã Tân Lập"),
    )
    assert values["wife_name"] == "LÊ THỊ HOA"
    assert values["husband_name"] == "PHẠM VĂN TUẤN"
    assert values["wife_date_of_birth"] == "1995-09-02"
    assert values["husband_date_of_birth"] == "1993-11-11"
    assert values["husband_ethnicity"] == "Mường"
    assert values["wife_ethnicity"] == "Kinh"
