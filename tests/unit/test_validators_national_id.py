from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators import Finding
from extractors.validators.national_id import (
    PROVINCES,
    century_sex_digit,
    decode_pin,
    validate_cmnd9,
    validate_pin,
)

# The spec's "Valid set (63)", copied verbatim.
SPEC_VALID_SET = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 "
    "042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 "
    "086 087 089 091 092 093 094 095 096"
)
VALID_CODES = SPEC_VALID_SET.split()


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_province_table_is_the_spec_list() -> None:
    assert len(PROVINCES) == 63
    assert sorted(PROVINCES) == VALID_CODES
    assert PROVINCES["079"] == "TP. Hồ Chí Minh"
    assert PROVINCES["001"] == "Hà Nội"


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_province_code_is_accepted(code: str) -> None:
    pin = code + "301012345"
    assert validate_pin(pin, date(2001, 3, 15), "Nữ") == []
    info = decode_pin(pin)
    assert info is not None and info.province_name == PROVINCES[code]


@pytest.mark.parametrize("code", ["000", "003", "005", "007", "013", "097", "999"])
def test_unused_province_codes_are_rejected(code: str) -> None:
    findings = validate_pin(code + "301012345", date(2001, 3, 15), "Nữ")
    assert codes(findings) == ["id_number_province_unknown"]
    assert findings[0].severity == "error"
    assert findings[0].fields == ("id_number",)


def test_decode_worked_example() -> None:
    info = decode_pin("079301012345")
    assert info is not None
    assert (info.province_code, info.province_name) == ("079", "TP. Hồ Chí Minh")
    assert (info.century_start, info.sex, info.year_2digits, info.birth_year) == (2000, "Nữ", 1, 2001)


@pytest.mark.parametrize("bad", ["", "07930101234", "0793010123456", "07930101234A", "079 301012345", "٠٧٩٣٠١٠١٢٣٤٥"])
def test_format(bad: str) -> None:
    assert decode_pin(bad) is None
    findings = validate_pin(bad, None, None)
    assert codes(findings) == ["id_number_format"]
    assert findings[0].severity == "error"


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [
        (1900, "Nam", 0),
        (1999, "Nữ", 1),
        (2000, "Nam", 2),
        (2099, "Nữ", 3),
        (2100, "Nam", 4),
        (2250, "Nữ", 7),
        (2399, "Nam", 8),
    ],
)
def test_century_sex_digit(year: int, sex: str, digit: int) -> None:
    assert century_sex_digit(year, sex) == digit


def test_century_sex_digit_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        century_sex_digit(1899, "Nam")
    with pytest.raises(ValueError):
        century_sex_digit(2000, "?")


def test_sex_mismatch() -> None:
    findings = validate_pin("079301012345", date(2001, 3, 15), "Nam")
    assert codes(findings) == ["id_number_sex_mismatch"]
    assert findings[0].fields == ("id_number", "sex")


def test_birth_year_mismatch() -> None:
    findings = validate_pin("079301012345", date(2002, 3, 15), "Nữ")
    assert codes(findings) == ["id_number_birth_year_mismatch"]
    assert findings[0].fields == ("id_number", "date_of_birth")


def test_century_mismatch() -> None:
    # G = 1 says female born 1900–1999; born 2001.
    assert codes(validate_pin("079101012345", date(2001, 3, 15), "Nữ")) == ["id_number_century_mismatch"]
    # G = 3 says 2000s; born 1901: both century and sex agree only on "female".
    assert codes(validate_pin("079301012345", date(1901, 1, 1), "Nữ")) == ["id_number_century_mismatch"]


def test_year_only_and_unknown_values() -> None:
    assert validate_pin("001090123456", None, None, year_only=1990) == []
    assert codes(validate_pin("001090123456", None, None, year_only=1991)) == ["id_number_birth_year_mismatch"]
    assert validate_pin("001090123456", None, "??") == []


def test_cmnd9() -> None:
    assert validate_cmnd9("025123456") == []
    assert codes(validate_cmnd9("02512345")) == ["id_number_format"]
    assert codes(validate_cmnd9("02512345A")) == ["id_number_format"]


@given(
    code=st.sampled_from(VALID_CODES),
    dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)),
    sex=st.sampled_from(["Nam", "Nữ"]),
    tail=st.integers(min_value=0, max_value=999_999),
)
def test_pin_round_trip(code: str, dob: date, sex: str, tail: int) -> None:
    pin = f"{code}{century_sex_digit(dob.year, sex)}{dob.year % 100:02d}{tail:06d}"
    info = decode_pin(pin)
    assert info is not None
    assert (info.province_code, info.birth_year, info.sex) == (code, dob.year, sex)
    assert validate_pin(pin, dob, sex) == []
    other = "Nam" if sex == "Nữ" else "Nữ"
    assert codes(validate_pin(pin, dob, other)) == ["id_number_sex_mismatch"]
