"""Value parsers: OCR text → the contract's normalised values."""

from __future__ import annotations

import pytest

from extractors.values import digit_runs, parse, tidy_address


@pytest.mark.parametrize(
    ("kind", "text", "value", "valid"),
    [
        ("id_number", "079301012345", "079301012345", True),
        ("id_number", "O79 3010 12345", "079301012345", True),
        ("id_number", "/ No.: 0793O1O12345", "079301012345", True),
        ("id_number", "07930101234", "07930101234", False),
        ("cmnd_number", "Số 025123456", "025123456", True),
        ("date", "15/03/2001", "2001-03-15", True),
        ("date", "15-03-2001", "2001-03-15", True),
        ("date", "19 tháng 07 năm 2017", "2017-07-19", True),
        ("date", "19 07 2017", "2017-07-19", True),
        ("date", "31/02/2001", None, False),
        ("sex", "Nữ", "Nữ", True),
        ("sex", "Nu", "Nữ", True),
        ("sex", "???", None, False),
        ("nationality", "Viet Nam", "Việt Nam", True),
        ("nationality", "Việt Nam", "Việt Nam", True),
        ("name", "Trần  thị Bích ngọc", "TRẦN THỊ BÍCH NGỌC", True),
        ("text", "Kinh .......", "Kinh", True),
    ],
)
def test_parse(kind: str, text: str, value: str | None, valid: bool) -> None:
    parsed = parse(kind, text)
    assert parsed.value == value
    assert parsed.valid is valid


def test_no_expiry_is_null_with_flag() -> None:
    parsed = parse("date", "Không thời hạn")
    assert parsed.value is None and parsed.no_expiry and parsed.valid
    assert not parse("date", "12/12/2030").no_expiry


def test_digit_runs_keep_groups_apart() -> None:
    assert digit_runs("Số: 0793 0101 2345 ngày 15/03/2001") == ["079301012345", "15032001"]


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("Xã Quảng Đông. Huyện Quảng Trạch, Tỉnh Quảng Bình", "Xã Quảng Đông, Huyện Quảng Trạch, Tỉnh Quảng Bình"),
        ("Tố dân phố 7, Phường Hoàng Văn Thụ", "Tổ dân phố 7, Phường Hoàng Văn Thụ"),
        ("Xã Thục Luyện, Tính Phú Thọ", "Xã Thục Luyện, Tỉnh Phú Thọ"),
        ("Phường 13, Quận Bình Thạnh, TP. Hồ Chí Minh", "Phường 13, Quận Bình Thạnh, TP. Hồ Chí Minh"),
        ("Thôn Thanh Hà, Xã Thanh Hà", "Thôn Thanh Hà, Xã Thanh Hà"),
        ("Số 5 Tô Hiến Thành, Phường 12", "Số 5 Tô Hiến Thành, Phường 12"),
    ],
)
def test_tidy_address_fixes_punctuation_and_unit_words_only(raw: str, tidy: str) -> None:
    assert tidy_address(raw) == (tidy, False)


def test_a_place_name_in_lower_case_is_doubtful_not_rewritten() -> None:
    assert tidy_address("Xã la Ka, Huyện Chư Păh") == ("Xã la Ka, Huyện Chư Păh", True)
    assert parse("place", "Xã la Ka, Huyện Chư Păh").doubtful


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        (
            "Chứng minh nhândânsố 134579836, do Công an tỉnh Phú Thọ cấp ngày 12/03/2010",
            "Chứng minh nhân dân số 134579836, do Công an tỉnh Phú Thọ cấp ngày 12/03/2010",
        ),
        (
            "Chứng minh nhận dận số 030021052, do Côngan tỉnh Hải Phòng",
            "Chứng minh nhân dân số 030021052, do Công an tỉnh Hải Phòng",
        ),
        (
            "Căn cước số024075353107, do Bộ Công an cấpngày 11/01/2026",
            "Căn cước số 024075353107, do Bộ Công an cấp ngày 11/01/2026",
        ),
        # Only the printed words: a wrong issuer or number is left as read, for review.
        (
            "Chứng minh nhân dân số 27411173, do Công an tỉnh Đồng Nại",
            "Chứng minh nhân dân số 27411173, do Công an tỉnh Đồng Nại",
        ),
    ],
)
def test_id_document_printed_words_are_put_back(read: str, printed: str) -> None:
    assert parse("id_document", read).value == printed
