from __future__ import annotations

import pytest

from extractors.validators.text import collapse_ws, fold, normalise_name, normalise_sex, strip_leaders


def test_fold_strips_marks_and_d() -> None:
    assert fold("  Đường   Nguyễn  Huệ ") == "duong nguyen hue"
    assert fold("Hòa") == fold("Hoà") == "hoa"


def test_collapse_ws() -> None:
    assert collapse_ws(" a \t b\n c ") == "a b c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("..........Nguyễn Văn A.........", "Nguyễn Văn A"),
        (": 12 Đường A …… Phường B", "12 Đường A Phường B"),
        ("TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("____ Kinh ____", "Kinh"),
        ("·····Không·····", "Không"),
    ],
)
def test_strip_leaders(raw: str, expected: str) -> None:
    assert strip_leaders(raw) == expected


def test_normalise_name() -> None:
    assert normalise_name("trần thị  bích ngọc") == "TRẦN THỊ BÍCH NGỌC"
    assert normalise_name(": ..Đỗ   Văn. Đức,") == "ĐỖ VĂN ĐỨC"
    decomposed = "Tra\u0300n"  # NFD input
    assert normalise_name(decomposed) == "TRÀN"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nam", "Nam"),
        ("nam", "Nam"),
        ("Nu", "Nữ"),
        ("Nữ", "Nữ"),
        ("nừ", "Nữ"),
        ("Male", "Nam"),
        ("Female", "Nữ"),
        ("M", "Nam"),
        ("F", "Nữ"),
        ("Nữ / Female", "Nữ"),
        ("Nam/Male", "Nam"),
        ("", None),
        ("???", None),
        (None, None),
        ("Nam Nữ", None),
    ],
)
def test_normalise_sex(raw: str | None, expected: str | None) -> None:
    assert normalise_sex(raw) == expected
