"""From OCR words, QR and validators to field statuses (no Tesseract: recorded words, a given QR payload)."""

from __future__ import annotations

from datetime import date

import numpy as np

from extractors.card_document import build_document
from extractors.confirm import apply_findings
from extractors.spec import load_templates
from extractors.validators import Finding
from models.geometry import BBox
from models.ocr import Page, Word, group_lines
from models.results import Document, Field
from pipeline.codes import QrCode
from pipeline.ocr.engine import RecordedEngine

H = 24
TODAY = date(2026, 11, 22)
QR = "079301012345|025123456|Trần Thị Bích Ngọc|15032001|Nữ|12 Đường A, Phường B, Quận C, TP. Hồ Chí Minh|20062021"


def row(y: int, *items: tuple[int, str], conf: float = 0.97) -> list[Word]:
    return [Word(t, BBox(x, y, x + 14 * len(t), y + H), conf) for x, t in items]


def front_page(pin: str = "079301012345", dob: str = "15/03/2001", name_conf: float = 0.97) -> Page:
    words = (
        row(120, (400, "CĂN"), (470, "CƯỚC"), (560, "CÔNG"), (650, "DÂN"))
        + row(160, (420, "Citizen"), (530, "Identity"), (650, "Card"))
        + row(270, (340, "Số"), (375, "/"), (395, "No.:"), (470, pin))
        + row(330, (340, "Họ"), (380, "và"), (415, "tên"), (465, "/"), (485, "Full"), (550, "name:"))
        + row(365, (340, "TRẦN"), (420, "THỊ"), (480, "BÍCH"), (560, "NGỌC"), conf=name_conf)
        + row(410, (340, "Ngày"), (410, "sinh"), (470, "/"), (490, "Date"), (560, "of"), (595, "birth:"), (690, dob))
        + row(455, (340, "Giới"), (400, "tính"), (460, "/"), (480, "Sex:"), (545, "Nữ"))
        + row(455, (700, "Quốc"), (770, "tịch"), (830, "/"), (850, "Nationality:"), (1030, "Việt"), (1100, "Nam"))
        + row(500, (340, "Quê"), (395, "quán"), (465, "/"), (485, "Place"), (565, "of"), (600, "origin:"), (710, "Xã"))
        + row(660, (40, "Có"), (80, "giá"), (130, "trị"), (170, "đến:"), (240, "15/03/2026"))
    )
    return Page(1200, 757, group_lines(words))


def build(page: Page, qr: list[QrCode]) -> Document:
    template = load_templates()["cccd_2021_front"]
    image = np.full((757, 1200), 255, np.uint8)
    return build_document(
        template, image, page, qr, RecordedEngine(page), classification_confidence=1.0, page_number=1, today=TODAY
    )


def test_qr_confirms_printed_fields() -> None:
    doc = build(front_page(), [QrCode(QR, BBox(900, 20, 1150, 270))])
    for name in ("id_number", "full_name", "date_of_birth", "sex"):
        assert doc.fields[name].status == "ok", name
        assert doc.fields[name].source == "qr"
    assert doc.fields["full_name"].value == "TRẦN THỊ BÍCH NGỌC"
    assert doc.fields["old_id_number"].value == "025123456"
    assert doc.fields["qr"].value == QR


def test_qr_wins_over_a_misread_and_says_so() -> None:
    doc = build(front_page(dob="16/03/2001"), [QrCode(QR, BBox(900, 20, 1150, 270))])
    assert doc.fields["date_of_birth"].value == "2001-03-15"
    assert doc.fields["date_of_birth"].status == "review"
    assert "qr_date_of_birth_mismatch" in {i.code for i in doc.issues}
    assert doc.needs_review


def test_without_qr_a_pin_that_contradicts_the_birth_year_is_not_ok() -> None:
    doc = build(front_page(pin="079399012345"), [])
    codes = {i.code for i in doc.issues}
    assert "id_number_birth_year_mismatch" in codes
    assert doc.fields["id_number"].status != "ok"
    assert doc.fields["date_of_birth"].status != "ok"
    assert doc.needs_review


def test_weak_ocr_without_second_source_goes_to_review() -> None:
    doc = build(front_page(name_conf=0.6), [])
    assert doc.fields["full_name"].status == "review"
    assert doc.fields["full_name"].value == "TRẦN THỊ BÍCH NGỌC"


def test_unread_required_field_is_null_review() -> None:
    doc = build(front_page(), [])
    residence = doc.fields["place_of_residence"]
    assert residence.value is None and residence.status == "review"
    assert "field_not_found" in residence.issues
    assert "qr" not in doc.fields  # optional on this side when no QR was decoded


def test_single_field_error_makes_it_invalid_and_cross_field_error_review() -> None:
    doc = Document(
        type="cccd_2021_front",
        fields={"id_number": Field(value="1", status="ok"), "sex": Field(value="Nam", status="ok")},
    )
    apply_findings(doc, [Finding("id_number_format", "error", "m", ("id_number",))])
    assert doc.fields["id_number"].status == "invalid"
    apply_findings(doc, [Finding("id_number_sex_mismatch", "error", "m", ("id_number", "sex"))])
    assert doc.fields["sex"].status == "review"
