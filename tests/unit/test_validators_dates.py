from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators import Finding
from extractors.validators.dates import (
    CardKind,
    add_years,
    card_kind_of,
    cmnd_valid_until,
    expected_expiry,
    is_plausible_birth_date,
    iso_to_date,
    parse_date,
    parse_ddmmyyyy,
    validate_birth_date,
    validate_card_dates,
    validate_card_not_expired,
    validate_cmnd_validity,
    validate_expiry,
    validate_issue_date,
)

TODAY = date(2026, 1, 15)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# ---------------------------------------------------------------------------------------------------------------- parse


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15/03/2001", "2001-03-15"),
        ("15-03-2001", "2001-03-15"),
        ("15.03.2001", "2001-03-15"),
        ("15 / 03 / 2001", "2001-03-15"),
        ("5/3/2001", "2001-03-05"),
        ("Sinh ngày: 15-03-2001", "2001-03-15"),
        ("Ngày sinh/Date of birth: 15/03/2001", "2001-03-15"),
        ("Ngày 15 tháng 03 năm 2001", "2001-03-15"),
        ("Ngày 15, tháng 03, năm 2001", "2001-03-15"),
        ("ngày ..15.. tháng ..03.. năm ..2001", "2001-03-15"),
        ("NGÀY 20 THÁNG 6 NĂM 2021", "2021-06-20"),
        ("1990", "1990"),
        ("..1990..", "1990"),
        # OCR confusions inside digit groups
        ("15/O3/2OO1", "2001-03-15"),
        ("l5/03/200l", "2001-03-15"),
        ("I5-03-2001", "2001-03-15"),
        ("15.03.20S1", "2051-03-15"),
        ("1S/03/2001", "2001-03-15"),
        ("15/03/198B", "1988-03-15"),
        ("Ngày l5 tháng O3 năm 2OO1", "2001-03-15"),
        ("199O", "1990"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [None, "", "Không thời hạn", "31/02/2001", "15/13/2001", "SO/OB/SOSO", "Số 079301012345", "12345", "Oslo"],
)
def test_parse_date_rejects(text: str | None) -> None:
    assert parse_date(text) is None


def test_confusions_only_inside_digit_groups() -> None:
    # The letters of surrounding words are never turned into digits.
    assert parse_date("SBO 15/03/2001 IOS") == "2001-03-15"


def test_compact_and_iso_helpers() -> None:
    assert parse_ddmmyyyy("15032001") == date(2001, 3, 15)
    assert parse_ddmmyyyy("31022001") is None
    assert parse_ddmmyyyy("1503200") is None
    assert iso_to_date("2001-03-15") == date(2001, 3, 15)
    assert iso_to_date("2001") is None
    assert iso_to_date(None) is None
    assert iso_to_date("2001-02-30") is None


# ----------------------------------------------------------------------------------------------------------- arithmetic


def test_add_years_29_february_falls_back_to_28() -> None:
    assert add_years(date(2000, 2, 29), 25) == date(2025, 2, 28)
    assert add_years(date(2000, 2, 29), 40) == date(2040, 2, 29)


def test_card_kind_of() -> None:
    assert card_kind_of("cccd_2021_back") == "cccd_2021"
    assert card_kind_of("cmnd_front") == "cmnd"
    assert card_kind_of("can_cuoc_2024_front") == "can_cuoc_2024"
    assert card_kind_of("birth_certificate") is None


# --------------------------------------------------------------------------------------------------------------- expiry

# Appendix vectors: (DOB, issue date, card kind) → expiry (None = Không thời hạn).
APPENDIX_EXPIRY: list[tuple[date, date, CardKind, date | None]] = [
    (date(2004, 2, 10), date(2021, 4, 1), "cccd_2021", date(2029, 2, 10)),
    (date(1990, 8, 20), date(2021, 5, 10), "cccd_2021", date(2030, 8, 20)),
    (date(1964, 11, 2), date(2025, 3, 3), "can_cuoc_2024", None),
    (date(1963, 5, 5), date(2021, 6, 1), "cccd_2021", None),
    (date(2001, 3, 15), date(2021, 6, 20), "cccd_2021", date(2026, 3, 15)),
    (date(1999, 9, 1), date(2022, 12, 1), "cccd_2021", date(2039, 9, 1)),
    (date(2012, 1, 1), date(2024, 8, 1), "can_cuoc_2024", date(2037, 1, 1)),
    (date(2018, 5, 5), date(2024, 9, 1), "can_cuoc_2024", date(2032, 5, 5)),
]


@pytest.mark.parametrize(("dob", "issue", "kind", "expiry"), APPENDIX_EXPIRY)
def test_appendix_expiry_vectors(dob: date, issue: date, kind: CardKind, expiry: date | None) -> None:
    assert expected_expiry(dob, issue, kind) == expiry
    assert validate_expiry(dob, issue, expiry, expiry is None, kind) == []
    # Issue date unknown: the shape rule accepts the same values.
    assert validate_expiry(dob, None, expiry, expiry is None, kind, today=TODAY) == []


@pytest.mark.parametrize(("dob", "issue", "kind", "expiry"), APPENDIX_EXPIRY)
def test_appendix_vectors_reject_a_different_expiry(
    dob: date, issue: date, kind: CardKind, expiry: date | None
) -> None:
    wrong = date(2030, 1, 1) if expiry is None else add_years(expiry, 1)
    findings = validate_expiry(dob, issue, wrong, False, kind)
    assert codes(findings) == ["date_of_expiry_mismatch"]
    assert findings[0].severity == "error"
    assert findings[0].fields == ("date_of_expiry", "date_of_birth", "issue_date")


def test_milestone_14_only_for_can_cuoc() -> None:
    issue = date(2024, 8, 1)
    # Milestone 14 applies only from 2024-07-01: an earlier issue date falls back to 25, 40, 60.
    assert expected_expiry(date(2012, 1, 1), date(2024, 6, 1), "can_cuoc_2024") == date(2037, 1, 1)
    assert expected_expiry(date(2015, 1, 1), date(2024, 6, 1), "can_cuoc_2024") == date(2040, 1, 1)
    assert expected_expiry(date(2015, 1, 1), issue, "can_cuoc_2024") == date(2029, 1, 1)
    assert expected_expiry(date(2015, 1, 1), issue, "cccd_2021") == date(2040, 1, 1)


def test_no_expiry_printed_but_expected_a_date() -> None:
    findings = validate_expiry(date(2001, 3, 15), date(2021, 6, 20), None, True, "cccd_2021")
    assert codes(findings) == ["date_of_expiry_mismatch"]


def test_issue_unknown_expiry_not_a_milestone_is_a_warning() -> None:
    findings = validate_expiry(date(2001, 3, 15), None, date(2026, 3, 16), False, "cccd_2021")
    assert codes(findings) == ["date_of_expiry_not_milestone"]
    assert findings[0].severity == "warning"
    assert codes(validate_expiry(date(2001, 3, 15), None, date(2031, 3, 15), False, "cccd_2021")) == [
        "date_of_expiry_not_milestone"
    ]
    # 14 is a milestone only on a Căn cước.
    assert codes(validate_expiry(date(2015, 3, 15), None, date(2029, 3, 15), False, "cccd_2021")) == [
        "date_of_expiry_not_milestone"
    ]
    assert validate_expiry(date(2015, 3, 15), None, date(2029, 3, 15), False, "can_cuoc_2024") == []


def test_issue_unknown_no_expiry_needs_age_58() -> None:
    # Chip 2021: latest issue 2024-06-30. Born 1966-07-01 → 57 then: too young.
    findings = validate_expiry(date(1966, 7, 1), None, None, True, "cccd_2021")
    assert codes(findings) == ["date_of_expiry_no_expiry_too_young"]
    assert findings[0].severity == "warning"
    assert validate_expiry(date(1966, 6, 30), None, None, True, "cccd_2021") == []
    # Căn cước: bounded by today only.
    assert validate_expiry(date(1967, 1, 1), None, None, True, "can_cuoc_2024", today=TODAY) == []
    assert codes(validate_expiry(date(1970, 1, 1), None, None, True, "can_cuoc_2024", today=TODAY)) == [
        "date_of_expiry_no_expiry_too_young"
    ]
    assert validate_expiry(date(1970, 1, 1), None, None, True, "can_cuoc_2024") == []  # no bound without today


def test_expiry_29_february_birthday() -> None:
    # [U] rule: 28 February in a non-leap milestone year.
    dob = date(2000, 2, 29)
    assert expected_expiry(dob, date(2021, 3, 1), "cccd_2021") == date(2025, 2, 28)
    assert validate_expiry(dob, None, date(2025, 2, 28), False, "cccd_2021") == []


def test_cmnd_12_expiry_is_15_years_and_only_a_warning() -> None:
    assert validate_expiry(date(1980, 1, 1), date(2013, 5, 2), date(2028, 5, 2), False, "cmnd_12") == []
    findings = validate_expiry(date(1980, 1, 1), date(2013, 5, 2), date(2028, 5, 1), False, "cmnd_12")
    assert codes(findings) == ["date_of_expiry_mismatch"]
    assert findings[0].severity == "warning"
    assert validate_expiry(date(1980, 1, 1), None, date(2028, 5, 1), False, "cmnd_12") == []


def test_expiry_nothing_to_check() -> None:
    assert validate_expiry(None, date(2021, 6, 20), date(2026, 3, 15), False, "cccd_2021") == []
    assert validate_expiry(date(2001, 3, 15), date(2021, 6, 20), None, False, "cccd_2021") == []
    assert validate_expiry(date(2001, 3, 15), date(2021, 6, 20), None, False, "cmnd") == []


@given(
    dob=st.dates(min_value=date(1930, 1, 1), max_value=date(2024, 12, 31)),
    age_days=st.integers(min_value=0, max_value=95 * 366),
)
def test_expected_expiry_properties(dob: date, age_days: int) -> None:
    issue = date.fromordinal(max(dob.toordinal() + age_days, date(2024, 7, 1).toordinal()))
    expiry = expected_expiry(dob, issue, "can_cuoc_2024")
    if expiry is None:
        assert issue >= add_years(dob, 58)
    else:
        assert expiry > issue
        assert expiry.year - dob.year in (14, 25, 40, 60)
        assert validate_expiry(dob, None, expiry, False, "can_cuoc_2024") == []


# ------------------------------------------------------------------------------------------------------- CMND validity


def test_cmnd_validity() -> None:
    assert cmnd_valid_until(date(2005, 3, 1)) == date(2020, 3, 1)
    assert cmnd_valid_until(date(2009, 3, 1)) == date(2024, 6, 30)  # 2024 transitional extension
    assert cmnd_valid_until(date(2015, 3, 1)) == date(2024, 12, 31)
    assert validate_cmnd_validity(date(2015, 3, 1), date(2024, 6, 1)) == []
    assert codes(validate_cmnd_validity(date(2005, 3, 1), date(2021, 1, 1))) == ["cmnd_expired"]
    findings = validate_cmnd_validity(date(2015, 3, 1), date(2025, 1, 1))
    assert codes(findings) == ["cmnd_no_longer_valid"]
    assert findings[0].severity == "warning"
    assert codes(validate_cmnd_validity(None, TODAY)) == ["cmnd_no_longer_valid"]


def test_card_not_expired() -> None:
    assert validate_card_not_expired(date(2026, 3, 15), False, TODAY) == []
    assert codes(validate_card_not_expired(date(2025, 3, 15), False, TODAY)) == ["card_expired"]
    assert validate_card_not_expired(None, True, TODAY) == []
    # Expiry in 15/01–30/06/2024 extended to 30/06/2024.
    assert validate_card_not_expired(date(2024, 2, 1), False, date(2024, 6, 30)) == []
    assert codes(validate_card_not_expired(date(2024, 2, 1), False, date(2024, 7, 1))) == ["card_expired"]


# ---------------------------------------------------------------------------------------------------------- issue date


def test_issue_date_rules() -> None:
    dob = date(2001, 3, 15)
    assert validate_issue_date(date(2021, 6, 20), dob, "cccd_2021", TODAY) == []
    assert codes(validate_issue_date(date(2026, 2, 1), dob, "can_cuoc_2024", TODAY)) == ["issue_date_in_future"]
    assert codes(validate_issue_date(date(2000, 1, 1), dob, "cmnd", TODAY)) == ["issue_date_before_birth"]
    assert codes(validate_issue_date(date(2014, 1, 1), dob, "cmnd", TODAY)) == ["issue_date_under_minimum_age"]
    under_age = validate_issue_date(date(2014, 6, 1), date(2001, 3, 15), "cmnd", TODAY)
    assert under_age[0].severity == "warning"


@pytest.mark.parametrize(
    ("kind", "issue", "severity"),
    [
        ("cccd_2021", date(2021, 1, 22), "error"),
        ("cccd_2021", date(2024, 7, 1), "error"),
        ("can_cuoc_2024", date(2024, 6, 30), "error"),
        ("cccd_2016", date(2015, 12, 31), "warning"),
        ("cccd_2016", date(2021, 3, 1), "warning"),
    ],
)
def test_issue_date_outside_card_period(kind: CardKind, issue: date, severity: str) -> None:
    findings = validate_issue_date(issue, date(1980, 1, 1), kind, TODAY)
    assert codes(findings) == ["issue_date_outside_card_period"]
    assert findings[0].severity == severity


@pytest.mark.parametrize(
    ("kind", "issue"),
    [
        ("cccd_2021", date(2021, 1, 23)),
        ("cccd_2021", date(2024, 6, 30)),
        ("can_cuoc_2024", date(2024, 7, 1)),
        ("cccd_2016", date(2016, 1, 1)),
        ("cccd_2016", date(2020, 12, 31)),
    ],
)
def test_issue_date_inside_card_period(kind: CardKind, issue: date) -> None:
    assert validate_issue_date(issue, date(1980, 1, 1), kind, TODAY) == []


def test_minimum_age_at_issue() -> None:
    assert codes(validate_issue_date(date(2021, 6, 1), date(2008, 1, 1), "cccd_2021", TODAY)) == [
        "issue_date_under_minimum_age"
    ]
    assert validate_issue_date(date(2022, 1, 1), date(2008, 1, 1), "cccd_2021", TODAY) == []
    assert validate_issue_date(date(2024, 9, 1), date(2024, 8, 1), "can_cuoc_2024", TODAY) == []


def test_birth_date_plausibility() -> None:
    assert is_plausible_birth_date(date(1900, 1, 1), TODAY)
    assert not is_plausible_birth_date(date(1899, 12, 31), TODAY)
    assert not is_plausible_birth_date(date(2026, 1, 16), TODAY)
    assert codes(validate_birth_date(date(2030, 1, 1), TODAY)) == ["date_of_birth_implausible"]


def test_validate_card_dates_combined() -> None:
    dob, issue = date(2001, 3, 15), date(2021, 6, 20)
    assert validate_card_dates(dob, issue, date(2026, 3, 15), False, "cccd_2021", TODAY) == []
    assert codes(validate_card_dates(dob, issue, date(2026, 3, 15), False, "cccd_2021", date(2026, 4, 1))) == [
        "card_expired"
    ]
    assert codes(validate_card_dates(date(1980, 1, 1), date(2005, 1, 1), None, False, "cmnd", TODAY)) == [
        "cmnd_no_longer_valid"
    ]
