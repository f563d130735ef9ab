from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators import Finding
from extractors.validators.land import (
    CATALOGUE,
    LAND_CODES,
    LAND_CODES_PATH,
    LandCodesError,
    UseTerm,
    area_from_words,
    check_area_sum,
    check_area_words,
    check_land_use,
    check_registry_number,
    check_serial,
    codes_for_purpose_text,
    find_land_use_codes,
    format_area,
    load_land_codes,
    normalise_registry_number,
    normalise_serial,
    parse_area,
    parse_use_term,
    per_purpose_areas,
    per_purpose_terms,
)
from extractors.validators.number_words import decimal_to_words


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# ------------------------------------------------------------------------------------------------------------ catalogue

SPEC_CORE_CODES = {
    "ONT", "ODT", "LUC", "LUK", "LUN", "CLN", "BHK", "NHK", "HNK", "CNT", "RSX", "RPH", "RDD", "NTS", "LMU", "NKH",
    "TSC", "CQP", "CAN", "DGD", "DYT", "DVH", "DTT", "DKH", "TMD", "SKC", "SKS", "DGT", "DTL", "DNL", "DBV", "DCH",
    "DRA", "TON", "TIN", "NTD", "SON", "MNC", "PNK", "BCS", "DCS", "NCS", "DSH", "DKV", "DDT", "DDL",
}  # fmt: skip


def test_catalogue_has_every_spec_code() -> None:
    assert len(SPEC_CORE_CODES) == 46
    assert set(LAND_CODES) >= SPEC_CORE_CODES


def test_catalogue_membership() -> None:
    assert LAND_CODES["HNK"].catalogues == ("2024",)
    assert LAND_CODES["CNT"].catalogues == ("2024",)
    for old in ("LUN", "BHK", "NHK"):
        assert LAND_CODES[old].catalogues == ("2014",)
    assert set(LAND_CODES["ONT"].catalogues) == {"2014", "2024"}
    assert set(LAND_CODES["HNK"].replaces) == {"BHK", "NHK"}


def test_conflicting_codes_are_marked_uncertain() -> None:
    for code in ("SKK", "SKN", "SKT", "CSK", "DPC", "DNG", "DSK", "DSO", "DSH", "DKV", "DDT", "DDL"):
        assert LAND_CODES[code].uncertain, code
    assert not LAND_CODES["ONT"].uncertain


def test_catalogue_file_is_next_to_the_module() -> None:
    assert LAND_CODES_PATH.name == "land_codes.yaml"
    assert load_land_codes() == CATALOGUE


@pytest.mark.parametrize(
    "body",
    [
        "codes:\n  - {code: ont, catalogues: ['2014'], names: []}\n",  # lower case
        "codes:\n  - {code: ONT, catalogues: ['2019'], names: []}\n",  # unknown catalogue
        "codes:\n  - {code: ONT, catalogues: [], names: []}\n",
        "codes:\n  - {code: ONT, catalogues: ['2014'], colour: red}\n",  # unknown key
        "codes:\n  - {code: ONT, catalogues: ['2014']}\n  - {code: ONT, catalogues: ['2024']}\n",  # duplicate
        "codes:\n  - {code: HNK, catalogues: ['2024'], replaces: [XYZ]}\n",
        "codes:\n  - {code: ONT, catalogues: ['2014'], names: ['Đất ở']}\n"
        "  - {code: ODT, catalogues: ['2014'], names: ['Dat o']}\n",  # same name for two codes
        "codes: [\n",  # broken YAML
    ],
)
def test_bad_catalogue_fails_loudly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "land_codes.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LandCodesError, match=r"land_codes\.yaml"):
        load_land_codes(path)


def test_missing_catalogue_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(LandCodesError):
        load_land_codes(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------------------------------------------- serial


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BX 123456", "BX 123456"),
        ("BX123456", "BX 123456"),
        ("bx  123456", "BX 123456"),
        ("BX 12 34 56", "BX 123456"),
        ("BX l23456", "BX 123456"),  # l → 1
        ("BX I23456", "BX 123456"),
        ("BX 12345O", "BX 123450"),  # O → 0
        ("BX-123456", "BX 123456"),
        ("AA 12345678", "AA 12345678"),
        ("AA12345678", "AA 12345678"),
        ("AA 1234567O", "AA 12345670"),
        ("Số seri: BX 123456", "BX 123456"),
        ("Số phát hành: BX 123456", "BX 123456"),
        ("No. AA 12345678", "AA 12345678"),
        ("NO 123456", "NO 123456"),  # letters that look like a label
        ("SO123456", "SO 123456"),
        ("X 123456", "X 123456"),  # 1993 generation: one letter
        ("B0 123456", "BO 123456"),  # 0 in the letter part
    ],
)
def test_normalise_serial(raw: str, expected: str) -> None:
    assert normalise_serial(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "12345678", "BX 1234567", "BX 123", "ABC 123456", "hello"])
def test_normalise_serial_rejects(raw: str | None) -> None:
    assert normalise_serial(raw) is None


def test_check_serial_ok() -> None:
    assert check_serial("BX 123456", "2014", date(2016, 5, 1)) == []
    assert check_serial("CS123456", "2014", date(2019, 5, 1)) == []
    assert check_serial("AA 12345678", "2024", date(2024, 9, 1)) == []
    assert check_serial("AA 12345678", "2024", None) == []


@pytest.mark.parametrize(
    ("serial", "form"),
    [("AA 12345678", "2014"), ("BX 123456", "2024"), ("garbage", "2014"), (None, "2024"), ("Đ 12345678", "2024")],
)
def test_check_serial_format(serial: str | None, form: str) -> None:
    assert form in ("2014", "2024")
    findings = check_serial(serial, "2014" if form == "2014" else "2024", date(2020, 1, 1))
    assert codes(findings) == ["serial_format_invalid"]
    assert findings[0].severity == "error"


@pytest.mark.parametrize(
    ("serial", "form", "issued"),
    [
        ("AA 12345678", "2024", date(2024, 7, 31)),  # the 2024 form before 01/08/2024
        ("BX 123456", "2014", date(2025, 3, 1)),  # old blanks after 31/12/2024
        ("BX 123456", "2014", date(2006, 1, 1)),  # 2003 law: starts with A
        ("AB 123456", "2014", date(2012, 1, 1)),  # NĐ 88/2009: starts with B
        ("AB 123456", "2014", date(2016, 1, 1)),  # TT 23/2014: B, C, D
        ("BX 123456", "2014", date(2000, 1, 1)),  # 1993 law: one letter
    ],
)
def test_check_serial_generation_is_a_warning(serial: str, form: str, issued: date) -> None:
    findings = check_serial(serial, "2024" if form == "2024" else "2014", issued)
    assert codes(findings) == ["serial_generation_date_mismatch"]
    assert findings[0].severity == "warning"


@pytest.mark.parametrize(
    ("serial", "issued"),
    [("AB 123456", date(2006, 1, 1)), ("BA 123456", date(2011, 1, 1)), ("DA 123456", date(2024, 12, 31))],
)
def test_check_serial_generation_matches(serial: str, issued: date) -> None:
    assert check_serial(serial, "2014", issued) == []


# ---------------------------------------------------------------------------------------------------- registry number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CH 00123", "CH 00123"),
        ("CS01234", "CS01234"),
        ("CT-01234", "CT-01234"),
        ("CH.........00123", "CH 00123"),
        ("Số vào sổ cấp GCN: CH 00123", "CH 00123"),
        ("Số vào sổ cấp Giấy chứng nhận: ........CS 01234........", "CS 01234"),
        ("ch 0O123", "CH 00123"),
        ("VP 01234/2015", "VP 01234/2015"),
        ("CN 123.", "CN 123"),
    ],
)
def test_normalise_registry_number(raw: str, expected: str) -> None:
    assert normalise_registry_number(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "12345", "..........", "CHXYZ 123", "hello"])
def test_normalise_registry_number_rejects(raw: str | None) -> None:
    assert normalise_registry_number(raw) is None


def test_check_registry_number() -> None:
    assert check_registry_number("CH 00123", "BX 123456") == []
    assert codes(check_registry_number("12345")) == ["registry_number_format_invalid"]
    findings = check_registry_number("BX123456", "BX 123456")
    assert codes(findings) == ["registry_number_is_serial"]
    assert findings[0].severity == "error"


# ------------------------------------------------------------------------------------------------------- land-use codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đất ở tại nông thôn (ONT): 93,0 m²; Đất trồng cây hằng năm khác (HNK): 290,0 m²", ["ONT", "HNK"]),
        ("ONT, CLN", ["ONT", "CLN"]),
        ("Mục đích sử dụng: ONT+CLN", ["ONT", "CLN"]),
        ("ONT CLN", ["ONT", "CLN"]),
        ("(0NT)", ["ONT"]),  # OCR 0 for O
        ("Đất ở (ont)", ["ONT"]),
        ("Đất trồng cây lâu năm (CLN); Đất ở tại nông thôn (ONT): Lâu dài; ONT", ["CLN", "ONT"]),
        ("THÔNG TIN VỀ THỬA ĐẤT", []),  # TIN inside an upper-case phrase
        ("(XYZ)", []),
        ("", []),
    ],
)
def test_find_land_use_codes(text: str, expected: list[str]) -> None:
    assert find_land_use_codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đất ở tại nông thôn", ["ONT"]),
        ("Đất ở tại đô thị; Đất trồng cây lâu năm", ["ODT", "CLN"]),
        ("Đất trồng cây hằng năm khác", ["HNK"]),
        ("Đất trồng cây hàng năm khác", ["HNK"]),  # hàng variant
        ("Đất bằng trồng cây hàng năm khác", ["BHK"]),  # the longer name wins
        ("dat o tai nong thon, dat trong cay lau nam", ["ONT", "CLN"]),  # diacritics lost
        ("ĐẤT Ở TẠI NÔNG THÔN", ["ONT"]),
        ("Đất nuôi trồng thuỷ sản", ["NTS"]),  # thuỷ / thủy
        ("Đất chuyên trồng lúa nước", ["LUC"]),
        ("Đất trồng lúa nước còn lại", ["LUK"]),
        ("Đất thổ cư", []),  # colloquial, no code
        ("cho tôi", []),  # DCH needs "đất chợ"
    ],
)
def test_codes_for_purpose_text(text: str, expected: list[str]) -> None:
    assert codes_for_purpose_text(text) == expected


def test_check_land_use_ok() -> None:
    text = "Đất ở tại nông thôn (ONT): 93,0 m²; Đất trồng cây hằng năm khác (HNK): 290,0 m²"
    assert check_land_use(["ONT", "HNK"], text, date(2024, 9, 1)) == []
    assert check_land_use(["BHK"], "Đất trồng cây hàng năm khác", date(2020, 1, 1)) == []  # HNK replaces BHK
    assert check_land_use(["ONT"], None, None) == []


def test_check_land_use_unknown_code() -> None:
    findings = check_land_use(["XYZ"], None, None)
    assert codes(findings) == ["land_use_code_unknown"]
    assert findings[0].severity == "error"


def test_check_land_use_purpose_mismatch() -> None:
    findings = check_land_use(["ODT"], "Đất ở tại nông thôn", None)
    assert codes(findings) == ["land_use_code_purpose_mismatch"]
    assert findings[0].severity == "warning"
    # a printed purpose without its code
    assert codes(check_land_use(["ONT"], "Đất ở tại nông thôn; Đất trồng cây lâu năm", None)) == [
        "land_use_code_purpose_mismatch"
    ]


def test_check_land_use_uncertain_code_is_not_compared() -> None:
    assert check_land_use(["SKK"], "Đất ở tại nông thôn", date(2010, 1, 1)) == []


@pytest.mark.parametrize(
    ("code", "issued"), [("HNK", date(2020, 1, 1)), ("CNT", date(2024, 7, 31)), ("BHK", date(2024, 8, 1))]
)
def test_check_land_use_catalogue_date_is_a_warning(code: str, issued: date) -> None:
    findings = check_land_use([code], None, issued)
    assert codes(findings) == ["land_use_code_catalogue_date_mismatch"]
    assert findings[0].severity == "warning"


def test_check_land_use_catalogue_date_ok() -> None:
    assert check_land_use(["HNK"], None, date(2024, 8, 1)) == []
    assert check_land_use(["BHK"], None, date(2024, 7, 31)) == []


# --------------------------------------------------------------------------------------------------------------- areas


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("499,4 m²", Decimal("499.4")),
        ("93,0m2", Decimal("93.0")),
        ("1.234,5 m2", Decimal("1234.5")),
        ("1.234 m2", Decimal("1234")),  # a dot before three digits: thousands
        ("93.5", Decimal("93.5")),
        ("314", Decimal("314")),
        ("Diện tích: 314 m², (bằng chữ: Ba trăm mười bốn mét vuông)", Decimal("314")),
        ("Thửa đất số 12, diện tích 150,5 m2", Decimal("150.5")),  # the number with a unit wins
        ("1,234,567 m2", Decimal("1234567")),
    ],
)
def test_parse_area(raw: str, expected: Decimal) -> None:
    assert parse_area(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "m²", "không"])
def test_parse_area_none(raw: str | None) -> None:
    assert parse_area(raw) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("499.4"), "499.4"),
        (Decimal("93.0"), "93"),
        (Decimal("93"), "93"),
        (Decimal("100"), "100"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.050"), "0.05"),
        (Decimal("1234.50"), "1234.5"),
    ],
)
def test_format_area(value: Decimal, text: str) -> None:
    assert format_area(value) == text


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False))
def test_format_area_round_trip(value: Decimal) -> None:
    text = format_area(value)
    assert Decimal(text) == value
    assert "e" not in text.lower()
    assert not (("." in text) and text.endswith("0"))
    assert parse_area(text.replace(".", ",") + " m²") == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("(Ba trăm mười bốn mét vuông)", Decimal("314")),
        ("bằng chữ: bốn trăm chín mươi chín phẩy bốn mét vuông", Decimal("499.4")),
        ("Chín mươi ba m2", Decimal("93")),
    ],
)
def test_area_from_words(words: str, value: Decimal) -> None:
    assert area_from_words(words) == value


def test_check_area_words() -> None:
    assert check_area_words(Decimal("314"), "(Ba trăm mười bốn mét vuông)") == []
    assert check_area_words(Decimal("499.4"), "bốn trăm chín mươi chín phẩy bốn mét vuông") == []
    assert check_area_words(Decimal("93.0"), "chín mươi ba mét vuông") == []
    assert check_area_words(None, "ba trăm") == []
    assert check_area_words(Decimal("1"), None) == []
    mismatch = check_area_words(Decimal("413"), "(Ba trăm mười bốn mét vuông)")
    assert codes(mismatch) == ["area_words_mismatch"]
    assert mismatch[0].severity == "error"
    assert codes(check_area_words(Decimal("314"), "xin chào")) == ["area_words_unreadable"]


@given(st.decimals(min_value=0, max_value=999_999, places=1, allow_nan=False, allow_infinity=False))
def test_check_area_words_agrees_with_generated_words(value: Decimal) -> None:
    assert check_area_words(value, f"({decimal_to_words(value)} mét vuông)") == []


def test_per_purpose_areas() -> None:
    text = "Đất ở tại nông thôn (ONT): 93,0 m²; Đất trồng cây hằng năm khác (HNK): 290,0 m²"
    assert per_purpose_areas(text) == [("ONT", Decimal("93.0")), ("HNK", Decimal("290.0"))]
    assert per_purpose_areas("Đất ở tại đô thị: 100m2, đất trồng cây lâu năm: 200,5 m2") == [
        ("ODT", Decimal("100")),
        ("CLN", Decimal("200.5")),
    ]
    assert per_purpose_areas("ONT: 93,0; CLN: 1.200") == [("ONT", Decimal("93.0")), ("CLN", Decimal("1200"))]
    assert per_purpose_areas("Sử dụng riêng: 314 m²") == [(None, Decimal("314"))]
    assert per_purpose_areas("") == []


def test_check_area_sum() -> None:
    parts = [Decimal("93.0"), Decimal("290.0")]
    assert check_area_sum(Decimal("383"), parts) == []
    assert check_area_sum(None, parts) == []
    assert check_area_sum(Decimal("383"), []) == []
    findings = check_area_sum(Decimal("384"), parts)
    assert codes(findings) == ["area_sum_mismatch"]
    assert findings[0].severity == "error"
    assert check_area_sum(Decimal("383.04"), parts) == []  # within the default rounding tolerance
    assert codes(check_area_sum(Decimal("383.04"), parts, tolerance=Decimal(0))) == ["area_sum_mismatch"]


# ----------------------------------------------------------------------------------------------------------------- term


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lâu dài", ("long_term", None)),
        ("LÂU DÀI", ("long_term", None)),
        ("Đến ngày 15/10/2064", ("until", date(2064, 10, 15))),
        ("đến ngày 15 tháng 10 năm 2064", ("until", date(2064, 10, 15))),
        ("Đến 10/2064", ("until", (2064, 10))),
        ("đến năm 2064", ("until", (2064, None))),
        ("Sử dụng đến tháng 10/2064", ("until", (2064, 10))),
        ("Thời hạn sử dụng: Lâu dài", ("long_term", None)),
    ],
)
def test_parse_use_term(raw: str, expected: tuple[object, object]) -> None:
    term = parse_use_term(raw)
    assert term == expected
    assert isinstance(term, UseTerm)


@pytest.mark.parametrize("raw", [None, "", "-/-", "Đến ngày", "50 năm"])
def test_parse_use_term_none(raw: str | None) -> None:
    assert parse_use_term(raw) is None


def test_per_purpose_terms() -> None:
    text = "Đất ở tại nông thôn: Lâu dài; Đất trồng cây hằng năm khác: Đến ngày 15/10/2064"
    assert per_purpose_terms(text) == [
        ("ONT", UseTerm("long_term", None)),
        ("HNK", UseTerm("until", date(2064, 10, 15))),
    ]
    assert per_purpose_terms("Lâu dài") == [(None, UseTerm("long_term", None))]
    assert per_purpose_terms(None) == []
