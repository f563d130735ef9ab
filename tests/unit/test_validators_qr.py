from __future__ import annotations

import unicodedata

import pytest

from extractors.validators import Finding
from extractors.validators.qr import QrData, parse_qr, validate_qr_vs_printed

ADDRESS = "12 Đường A, Phường B, Quận C, TP. Hồ Chí Minh"
SEVEN = f"079301012345|025123456|Trần Thị Bích Ngọc|15032001|Nữ|{ADDRESS}|20062021"
PRINTED = {
    "id_number": "079301012345",
    "full_name": "TRẦN THỊ BÍCH NGỌC",
    "date_of_birth": "2001-03-15",
    "sex": "Nữ",
    "place_of_residence": "12 Đường A, Phường B, Quận C, TP. Hồ Chí Minh",
    "issue_date": "2021-06-20",
}


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_seven_fields() -> None:
    qr = parse_qr(SEVEN)
    assert qr == QrData(
        id_number="079301012345",
        old_id_number="025123456",
        full_name="TRẦN THỊ BÍCH NGỌC",
        date_of_birth="2001-03-15",
        sex="Nữ",
        place_of_residence=ADDRESS,
        issue_date="2021-06-20",
        extras=(),
        raw=SEVEN,
    )


def test_seven_fields_without_cmnd() -> None:
    qr = parse_qr(SEVEN.replace("|025123456|", "||"))
    assert qr is not None and qr.old_id_number is None and qr.full_name == "TRẦN THỊ BÍCH NGỌC"


def test_six_field_variant() -> None:
    qr = parse_qr(SEVEN.replace("|025123456|", "|"))
    assert qr is not None
    assert qr.old_id_number is None
    assert (qr.date_of_birth, qr.sex, qr.issue_date) == ("2001-03-15", "Nữ", "2021-06-20")
    assert qr.extras == ()


def test_more_than_seven_fields_keep_extras_raw() -> None:
    payload = SEVEN + "|001099012345|Trần Văn B|Nguyễn Thị C"
    qr = parse_qr(payload)
    assert qr is not None
    assert qr.extras == ("001099012345", "Trần Văn B", "Nguyễn Thị C")
    assert qr.raw == payload


def test_nfd_input_and_whitespace() -> None:
    payload = unicodedata.normalize("NFD", SEVEN).replace("Nữ", " Nữ ") + "\n"
    qr = parse_qr(payload)
    assert qr is not None
    assert qr.full_name == "TRẦN THỊ BÍCH NGỌC"
    assert qr.sex == "Nữ"
    assert unicodedata.is_normalized("NFC", qr.place_of_residence)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello world",
        "https://example.com/?q=1",
        "079301012345|Trần Thị Bích Ngọc",
        "07930101234|025123456|Trần Thị Bích Ngọc|15032001|Nữ|addr|20062021",  # 11-digit PIN
        "079301012345|025123456|Trần Thị Bích Ngọc|31022001|Nữ|addr|20062021",  # impossible DOB
        "079301012345|025123456|Trần Thị Bích Ngọc|15032001|X|addr|20062021",  # no sex
        "079301012345|025123456||15032001|Nữ|addr|20062021",  # no name
        "079301012345|025123456|Trần Thị Bích Ngọc|15032001|Nữ|addr|2006202",  # bad issue date
        "|||||||",
    ],
)
def test_garbage(payload: str) -> None:
    assert parse_qr(payload) is None


def test_agrees_with_printed() -> None:
    qr = parse_qr(SEVEN)
    assert qr is not None
    assert validate_qr_vs_printed(qr, PRINTED) == []
    assert validate_qr_vs_printed(qr, {}) == []
    # Case, whitespace, NFD and punctuation spacing differences are not mismatches.
    relaxed = {
        **PRINTED,
        "full_name": "Trần  Thị Bích Ngọc",
        "place_of_residence": unicodedata.normalize("NFD", "12 đường A ,Phường B, quận C,  TP.Hồ Chí Minh"),
        "date_of_birth": "2001",
    }
    assert validate_qr_vs_printed(qr, relaxed) == []


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("id_number", "079301012346", "qr_id_number_mismatch"),
        ("full_name", "TRẦN THỊ BÍCH NGÂN", "qr_full_name_mismatch"),
        ("full_name", "TRAN THI BICH NGOC", "qr_full_name_mismatch"),
        ("date_of_birth", "2001-03-16", "qr_date_of_birth_mismatch"),
        ("sex", "Nam", "qr_sex_mismatch"),
        ("issue_date", "2021-06-21", "qr_issue_date_mismatch"),
    ],
)
def test_mismatches_are_errors(key: str, value: str, code: str) -> None:
    qr = parse_qr(SEVEN)
    assert qr is not None
    findings = validate_qr_vs_printed(qr, {**PRINTED, key: value})
    assert codes(findings) == [code]
    assert findings[0].severity == "error"
    assert findings[0].fields == (key, "qr")


def test_residence_mismatch_is_a_warning() -> None:
    qr = parse_qr(SEVEN)
    assert qr is not None
    findings = validate_qr_vs_printed(qr, {**PRINTED, "place_of_residence": "12 Đường A, P. B, Q. C, TP.HCM"})
    assert codes(findings) == ["qr_residence_mismatch"]
    assert findings[0].severity == "warning"
    assert findings[0].fields == ("place_of_residence", "qr")
