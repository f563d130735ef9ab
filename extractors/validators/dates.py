"""Dates as printed on cards and as OCR'd, and the date rules of ID cards (domain spec §1.0, §1.10).

Parsing returns contract values (ISO ``YYYY-MM-DD``, or ``YYYY`` for a year alone). The validators take
:class:`datetime.date` values; anything relative to "now" takes an explicit ``today`` argument.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, Literal

from extractors.validators import Finding
from extractors.validators.text import fold, strip_leaders

CardKind = Literal["cmnd", "cmnd_12", "cccd_2016", "cccd_2021", "can_cuoc_2024"]

EARLIEST_BIRTH: Final = date(1900, 1, 1)
CCCD_2016_START: Final = date(2016, 1, 1)  # Luật CCCD 2014 in force [V]; exact first issue date [U]
CCCD_2016_END: Final = date(2020, 12, 31)  # [U]: barcode cards until the chip roll-out
CCCD_2021_START: Final = date(2021, 1, 23)  # Thông tư 06/2021/TT-BCA in force [V]
CCCD_2021_END: Final = date(2024, 6, 30)  # [V]
CAN_CUOC_START: Final = date(2024, 7, 1)  # Luật Căn cước 2023 [V]
CMND_LAST_VALID: Final = date(2024, 12, 31)  # Luật Căn cước Art. 46 [V]
EXTENSION_FROM: Final = date(2024, 1, 15)  # expiries 15/01–30/06/2024 extended to 30/06/2024 [V]
EXTENSION_TO: Final = date(2024, 6, 30)
NO_EXPIRY_MIN_AGE: Final = 58

# --------------------------------------------------------------------------------------------------------------------
# Parsing

_OCR_DIGITS: Final = str.maketrans({"O": "0", "o": "0", "D": "0", "d": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                                    "S": "5", "s": "5", "B": "8", "b": "8"})  # fmt: skip
_G = r"[0-9OoDIl|SB]"  # digit-group characters in raw text
_GF = r"[0-9odil|sb]"  # the same after fold() (case-folded)
_SEP = r"\s*[/.\-]\s*"
_NUMERIC = re.compile(rf"(?<![0-9])({_G}{{1,2}}){_SEP}({_G}{{1,2}}){_SEP}({_G}{{4}})(?![0-9])")
_FILL = r"[\s.:,…·_\-]*"
_WORDS = re.compile(
    rf"ngay{_FILL}({_GF}{{1,2}}){_FILL}thang{_FILL}({_GF}{{1,2}}){_FILL}nam{_FILL}({_GF}{{4}})(?![0-9])"
)
_YEAR = re.compile(rf"{_G}{{4}}")


def _real_digits(s: str) -> int:
    return sum(ch.isascii() and ch.isdigit() for ch in s)


def _to_iso(day: str, month: str, year: str) -> str | None:
    if _real_digits(day) < 1 or _real_digits(month) < 1 or _real_digits(year) < 2:
        return None
    try:
        parsed = date(
            int(year.translate(_OCR_DIGITS)), int(month.translate(_OCR_DIGITS)), int(day.translate(_OCR_DIGITS))
        )
    except ValueError:
        return None
    return parsed.isoformat()


def parse_date(text: str | None) -> str | None:
    """A printed or OCR'd date → ISO ``YYYY-MM-DD`` (or ``YYYY`` for a year alone); None when there is none.

    Accepts ``15/03/2001``, ``15-03-2001``, ``15.03.2001``, ``15 / 03 / 2001``, ``Ngày 15 tháng 03 năm 2001`` and a
    year alone. Inside digit groups only, OCR confusions are mapped: O/o/D→0, I/l/|→1, S→5, B→8.
    """
    if not text:
        return None
    for match in _NUMERIC.finditer(text):
        iso = _to_iso(*match.groups())
        if iso is not None:
            return iso
    for match in _WORDS.finditer(fold(text)):
        iso = _to_iso(*match.groups())
        if iso is not None:
            return iso
    bare = strip_leaders(text)
    if _YEAR.fullmatch(bare) and _real_digits(bare) >= 2:
        year = bare.translate(_OCR_DIGITS)
        if year[0] in "12":
            return year
    return None


def parse_ddmmyyyy(text: str) -> date | None:
    """Compact ``ddmmyyyy`` (QR payloads) → date, None when not a real date."""
    if not re.fullmatch(r"[0-9]{8}", text):
        return None
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def iso_to_date(value: str | None) -> date | None:
    """A contract ISO date ``YYYY-MM-DD`` → date; None for None, a year alone or anything else."""
    if value is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------------------------
# Date arithmetic and the expiry rule


def add_years(d: date, years: int) -> date:
    """Same day and month ``years`` later; 29 February falls back to 28 February in a non-leap year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        # [U] domain spec §1.10 / §7.4: the expiry of 29 February birthdays is unverified; we use 28 February.
        return d.replace(year=d.year + years, day=28)


def card_kind_of(document_type: str) -> CardKind | None:
    """The card kind of a contract document type (``cccd_2021_back`` → ``cccd_2021``); None for other documents."""
    kinds: tuple[CardKind, ...] = ("cmnd_12", "cmnd", "cccd_2016", "cccd_2021", "can_cuoc_2024")
    for kind in kinds:
        if document_type == kind or document_type.startswith(kind + "_"):
            return kind
    return None


def milestones(card_kind: CardKind, issue_date: date | None) -> tuple[int, ...]:
    """Renewal ages: 25, 40, 60; plus 14 for a Căn cước (issued from 2024-07-01, or issue date unknown)."""
    if card_kind == "can_cuoc_2024" and (issue_date is None or issue_date >= CAN_CUOC_START):
        return (14, 25, 40, 60)
    return (25, 40, 60)


def expected_expiry(dob: date, issue_date: date, card_kind: CardKind) -> date | None:
    """The expiry a card must print (§1.10); None means "Không thời hạn" (no expiry, MRZ ``991231``).

    The first milestone M with ``issue_date < DOB + (M − 2) years`` gives ``DOB + M years``. CMND cards print no
    expiry: for them this returns the nominal 15-year validity from the issue date (see :func:`cmnd_valid_until`).
    """
    if card_kind in ("cmnd", "cmnd_12"):
        return add_years(issue_date, 15)
    for age in milestones(card_kind, issue_date):
        if issue_date < add_years(dob, age - 2):
            return add_years(dob, age)
    return None


def cmnd_valid_until(issue_date: date) -> date:
    """Last day a CMND is valid: 15 years from issue, the 2024 transitional extension, never after 2024-12-31."""
    nominal = add_years(issue_date, 15)
    if EXTENSION_FROM <= nominal <= EXTENSION_TO:
        nominal = EXTENSION_TO
    return min(nominal, CMND_LAST_VALID)


def is_plausible_birth_date(dob: date, today: date) -> bool:
    """Born on or after 1900-01-01 and not after ``today``."""
    return EARLIEST_BIRTH <= dob <= today


# --------------------------------------------------------------------------------------------------------------------
# Validators

_EXPIRY_FIELDS: Final = ("date_of_expiry", "date_of_birth", "issue_date")


def validate_birth_date(dob: date, today: date) -> list[Finding]:
    if is_plausible_birth_date(dob, today):
        return []
    return [
        Finding(
            "date_of_birth_implausible",
            "error",
            f"Ngày sinh không hợp lý / implausible date of birth {dob}",
            ("date_of_birth",),
        )
    ]


def validate_expiry(
    dob: date | None,
    issue_date: date | None,
    expiry: date | None,
    no_expiry: bool,
    card_kind: CardKind,
    *,
    today: date | None = None,
) -> list[Finding]:
    """Printed expiry against the milestone rule (§1.10).

    With DOB and issue date known a difference is an ``error``. With the issue date unknown only the shape is
    checked (``warning``): expiry − DOB ∈ milestones with the same day and month, or, for no expiry, age ≥ 58 at the
    latest plausible issue date (the end of the card generation's period, or ``today`` when given).
    """
    if card_kind == "cmnd" or dob is None or (expiry is None and not no_expiry):
        return []
    if issue_date is not None:
        want = expected_expiry(dob, issue_date, card_kind)
        got = None if no_expiry else expiry
        if want == got:
            return []
        want_text = "Không thời hạn" if want is None else want.isoformat()
        got_text = "Không thời hạn" if got is None else got.isoformat()
        return [
            Finding(
                "date_of_expiry_mismatch",
                "warning" if card_kind == "cmnd_12" else "error",  # CMND 12 số printed expiry: [U]
                f"Ngày hết hạn {got_text}, theo quy định phải là {want_text} / expiry should be {want_text}",
                _EXPIRY_FIELDS,
            )
        ]
    if card_kind == "cmnd_12":
        return []  # 15 years from an unknown issue date: nothing to check
    if no_expiry:
        latest = _latest_issue(card_kind, today)
        if latest is not None and latest < add_years(dob, NO_EXPIRY_MIN_AGE):
            return [
                Finding(
                    "date_of_expiry_no_expiry_too_young",
                    "warning",
                    f"Thẻ không thời hạn nhưng người sinh {dob} chưa đủ {NO_EXPIRY_MIN_AGE} tuổi / "
                    f"no expiry but holder under {NO_EXPIRY_MIN_AGE}",
                    ("date_of_expiry", "date_of_birth"),
                )
            ]
        return []
    assert expiry is not None
    if any(expiry == add_years(dob, age) for age in milestones(card_kind, None)):
        return []
    return [
        Finding(
            "date_of_expiry_not_milestone",
            "warning",
            f"Ngày hết hạn {expiry} không phải sinh nhật tuổi 14/25/40/60 / expiry is not a milestone birthday",
            ("date_of_expiry", "date_of_birth"),
        )
    ]


def _latest_issue(card_kind: CardKind, today: date | None) -> date | None:
    ends = [
        d for d in ({"cccd_2016": CCCD_2016_END, "cccd_2021": CCCD_2021_END}.get(card_kind), today) if d is not None
    ]
    return min(ends) if ends else None


def validate_cmnd_validity(issue_date: date | None, today: date) -> list[Finding]:
    """CMND: no longer valid after 2024-12-31; before that, 15 years from issue (warnings)."""
    if today > CMND_LAST_VALID:
        return [
            Finding(
                "cmnd_no_longer_valid",
                "warning",
                "CMND hết giá trị sử dụng từ 01/01/2025 / CMND cards are no longer valid after 2024-12-31",
                ("id_number",),
            )
        ]
    if issue_date is not None and today > cmnd_valid_until(issue_date):
        return [
            Finding(
                "cmnd_expired",
                "warning",
                f"CMND cấp ngày {issue_date} đã hết hạn 15 năm / CMND older than 15 years",
                ("issue_date",),
            )
        ]
    return []


def validate_card_not_expired(expiry: date | None, no_expiry: bool, today: date) -> list[Finding]:
    """CCCD / Căn cước past its printed expiry (with the 2024 transitional extension) → warning."""
    if no_expiry or expiry is None:
        return []
    last = EXTENSION_TO if EXTENSION_FROM <= expiry <= EXTENSION_TO else expiry
    if today <= last:
        return []
    return [
        Finding("card_expired", "warning", f"Thẻ đã hết hạn ngày {last} / card expired on {last}", ("date_of_expiry",))
    ]


_PERIODS: Final[dict[str, tuple[date, date | None, Literal["error", "warning"]]]] = {
    "cccd_2016": (CCCD_2016_START, CCCD_2016_END, "warning"),
    "cccd_2021": (CCCD_2021_START, CCCD_2021_END, "error"),
    "can_cuoc_2024": (CAN_CUOC_START, None, "error"),
}


def validate_issue_date(issue_date: date, dob: date | None, card_kind: CardKind, today: date) -> list[Finding]:
    """Issue date: not in the future, not before birth, within the card generation's period, minimum age at issue."""
    findings: list[Finding] = []
    if issue_date > today:
        findings.append(
            Finding(
                "issue_date_in_future",
                "error",
                f"Ngày cấp {issue_date} ở tương lai / issue date in the future",
                ("issue_date",),
            )
        )
    period = _PERIODS.get(card_kind)
    if period is not None:
        start, end, severity = period
        if issue_date < start or (end is not None and issue_date > end):
            span = f"{start}…{end or ''}"
            findings.append(
                Finding(
                    "issue_date_outside_card_period",
                    severity,
                    f"Ngày cấp {issue_date} ngoài thời kỳ cấp loại thẻ này ({span}) / issue date outside {span}",
                    ("issue_date",),
                )
            )
    if dob is None:
        return findings
    if issue_date < dob:
        findings.append(
            Finding(
                "issue_date_before_birth",
                "error",
                f"Ngày cấp {issue_date} trước ngày sinh {dob} / issue date before date of birth",
                ("issue_date", "date_of_birth"),
            )
        )
    elif card_kind != "can_cuoc_2024" and issue_date < add_years(dob, 14):
        # CCCD: issued from 14 (Luật CCCD 2014). CMND: 14 as well per Nghị định 05/1999 — [U], so a warning.
        severity_age: Literal["error", "warning"] = "warning" if card_kind in ("cmnd", "cmnd_12") else "error"
        findings.append(
            Finding(
                "issue_date_under_minimum_age",
                severity_age,
                "Người được cấp chưa đủ 14 tuổi tại ngày cấp / holder under 14 at the issue date",
                ("issue_date", "date_of_birth"),
            )
        )
    return findings


def validate_card_dates(
    dob: date | None,
    issue_date: date | None,
    expiry: date | None,
    no_expiry: bool,
    card_kind: CardKind,
    today: date,
) -> list[Finding]:
    """Every date rule of an ID card at once (birth date, issue date, expiry, CMND validity)."""
    findings: list[Finding] = []
    if dob is not None:
        findings += validate_birth_date(dob, today)
    if issue_date is not None:
        findings += validate_issue_date(issue_date, dob, card_kind, today)
    findings += validate_expiry(dob, issue_date, expiry, no_expiry, card_kind, today=today)
    if card_kind == "cmnd":
        findings += validate_cmnd_validity(issue_date, today)
    else:
        findings += validate_card_not_expired(expiry, no_expiry, today)
    return findings
