from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators import Finding
from extractors.validators.civil import (
    MARRIAGE_AGE,
    IdDocument,
    age_on,
    check_death_dates,
    check_marriage_ages,
    check_parent_birth_years,
    check_registration_after_birth,
    normalise_time_of_death,
    split_id_document,
)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


DOB = date(2020, 3, 15)

# ------------------------------------------------------------------------------------------------------ registration


def test_registration_after_birth() -> None:
    assert check_registration_after_birth(DOB, DOB) == []
    assert check_registration_after_birth(DOB, date(2020, 4, 1)) == []
    assert check_registration_after_birth(None, DOB) == []
    assert check_registration_after_birth(DOB, None) == []
    findings = check_registration_after_birth(DOB, date(2020, 3, 14))
    assert codes(findings) == ["registration_before_birth"]
    assert findings[0].severity == "error"
    assert findings[0].fields == ("date_of_birth", "registration_date")


@given(st.dates(), st.dates())
def test_registration_rule_property(dob: date, registered: date) -> None:
    findings = check_registration_after_birth(dob, registered)
    assert (codes(findings) == ["registration_before_birth"]) == (registered < dob)


# -------------------------------------------------------------------------------------------------------------- death


def test_death_dates_ok() -> None:
    assert check_death_dates(date(1950, 1, 1), date(2020, 5, 1), date(2020, 5, 3)) == []
    assert check_death_dates(date(1950, 1, 1), date(2020, 5, 1), date(2020, 5, 1)) == []
    assert check_death_dates(None, None, None) == []


def test_death_before_birth() -> None:
    findings = check_death_dates(date(1950, 1, 1), date(1949, 12, 31), date(2020, 5, 3))
    assert codes(findings) == ["death_before_birth"]
    assert findings[0].severity == "error"


def test_registration_before_death() -> None:
    findings = check_death_dates(date(1950, 1, 1), date(2020, 5, 1), date(2020, 4, 30))
    assert codes(findings) == ["registration_before_death"]
    assert findings[0].severity == "error"


def test_death_both_wrong() -> None:
    findings = check_death_dates(date(1950, 1, 1), date(1940, 1, 1), date(1930, 1, 1))
    assert codes(findings) == ["death_before_birth", "registration_before_death"]


def test_death_unknown_still_checks_registration_vs_birth() -> None:
    assert codes(check_death_dates(date(1950, 1, 1), None, date(1940, 1, 1))) == ["registration_before_birth"]


# ------------------------------------------------------------------------------------------------------------ parents


@pytest.mark.parametrize(("year", "ok"), [(2008, True), (2009, False), (1950, True), (1949, False), (2021, False)])
def test_parent_birth_years(year: int, ok: bool) -> None:
    findings = check_parent_birth_years(DOB, mother_birth_year=year)
    assert findings == [] if ok else codes(findings) == ["mother_age_implausible"]
    father = check_parent_birth_years(DOB, father_birth_year=year)
    assert father == [] if ok else codes(father) == ["father_age_implausible"]


def test_parent_birth_years_are_warnings_with_fields() -> None:
    findings = check_parent_birth_years(DOB, mother_birth_year=2015, father_birth_year=1900)
    assert codes(findings) == ["mother_age_implausible", "father_age_implausible"]
    assert {f.severity for f in findings} == {"warning"}
    assert findings[0].fields == ("mother_birth_year", "date_of_birth")
    assert findings[1].fields == ("father_birth_year", "date_of_birth")


def test_parent_birth_years_nothing_to_check() -> None:
    assert check_parent_birth_years(None, mother_birth_year=2019) == []
    assert check_parent_birth_years(DOB) == []


# ----------------------------------------------------------------------------------------------------------- marriage


def test_age_on() -> None:
    assert age_on(date(2000, 5, 10), date(2020, 5, 9)) == 19
    assert age_on(date(2000, 5, 10), date(2020, 5, 10)) == 20
    assert age_on(date(2000, 2, 29), date(2018, 2, 28)) == 18


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=120))
def test_age_on_property(dob: date, days_extra: int) -> None:
    later = dob + timedelta(days=days_extra * 100)
    age = age_on(dob, later)
    assert 0 <= age <= (later - dob).days // 365


def test_marriage_ages() -> None:
    registered = date(2022, 6, 1)
    assert MARRIAGE_AGE == {"husband": 20, "wife": 18}
    assert check_marriage_ages(date(2002, 6, 1), date(2004, 6, 1), registered) == []
    findings = check_marriage_ages(date(2002, 6, 2), date(2004, 6, 2), registered)
    assert codes(findings) == ["husband_under_marriage_age", "wife_under_marriage_age"]
    assert {f.severity for f in findings} == {"warning"}
    assert findings[0].fields == ("husband_date_of_birth", "registration_date")
    assert check_marriage_ages(None, None, registered) == []
    assert check_marriage_ages(date(2010, 1, 1), None, None) == []


def test_marriage_registration_before_spouse_birth_is_an_error() -> None:
    findings = check_marriage_ages(date(2023, 1, 1), date(1990, 1, 1), date(2022, 6, 1))
    assert codes(findings) == ["registration_before_birth"]
    assert findings[0].severity == "error"
    assert findings[0].fields == ("husband_date_of_birth", "registration_date")


# ------------------------------------------------------------------------------------------------------ time of death


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 giờ 30 phút", "10:30"),
        ("10g30", "10:30"),
        ("10h30", "10:30"),
        ("10:30", "10:30"),
        ("10 giờ", "10:00"),
        ("7 giờ 5 phút", "07:05"),
        ("0 giờ 15 phút", "00:15"),
        ("23 GIỜ 59 PHÚT", "23:59"),
        ("10 gio 30 phut", "10:30"),
        ("Đã chết vào lúc: 22 giờ 05 phút, ngày 15 tháng 3 năm 2020", "22:05"),
    ],
)
def test_normalise_time_of_death(text: str, expected: str) -> None:
    assert normalise_time_of_death(text) == expected


@pytest.mark.parametrize("text", [None, "", "25:00", "10:75", "ngày 15.03.2021", "15/03/2021", "không rõ", "10."])
def test_normalise_time_of_death_none(text: str | None) -> None:
    assert normalise_time_of_death(text) is None


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_time_of_death_property(hour: int, minute: int) -> None:
    want = f"{hour:02d}:{minute:02d}"
    assert normalise_time_of_death(f"{hour} giờ {minute} phút") == want
    assert normalise_time_of_death(f"{hour}g{minute:02d}") == want
    assert normalise_time_of_death(want) == want


# ------------------------------------------------------------------------------------------------------- ID document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giấy tờ tùy thân: CCCD số 079301012345 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/06/2021",
            IdDocument("CCCD", "079301012345", "Cục Cảnh sát QLHC về TTXH", "2021-06-20"),
        ),
        (
            "Giấy tờ tuỳ thân: Chứng minh nhân dân số 025 123 456 do Công an TP. Hồ Chí Minh cấp ngày 01/02/2010",
            IdDocument("CMND", "025123456", "Công an TP. Hồ Chí Minh", "2010-02-01"),
        ),
        ("CMND số 025123456", IdDocument("CMND", "025123456", None, None)),
        ("Căn cước số 079301012345, ngày cấp 01.08.2024", IdDocument("Căn cước", "079301012345", None, "2024-08-01")),
        ("Hộ chiếu số C1234567, cấp ngày 01/02/2019", IdDocument("Hộ chiếu", "C1234567", None, "2019-02-01")),
        ("079301012345", IdDocument(None, "079301012345", None, None)),
    ],
)
def test_split_id_document(text: str, expected: IdDocument) -> None:
    assert split_id_document(text) == expected


def test_split_id_document_does_not_take_a_date_or_a_wrong_length() -> None:
    doc = split_id_document("CCCD số 07930101234 cấp ngày 20/06/2021")  # 11 digits
    assert doc == IdDocument("CCCD", None, None, "2021-06-20")


@pytest.mark.parametrize("text", [None, "", "xin chào", "........"])
def test_split_id_document_none(text: str | None) -> None:
    assert split_id_document(text) is None
