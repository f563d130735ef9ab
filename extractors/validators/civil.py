"""Civil-status papers: birth certificate and extract, marriage certificate, death extract (domain spec §2, §3).

Date-order rules that cannot be wrong on a genuine paper are ``error`` findings (registration before birth, death
before birth, registration before death). Plausibility rules (parents' ages, marriage ages — the latter **[U]** in
the spec) are ``warning`` findings. Helpers normalise the time of death and split a "Giấy tờ tùy thân" line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from extractors.validators import Finding
from extractors.validators.dates import add_years, parse_date
from extractors.validators.text import collapse_ws, fold

MIN_PARENT_AGE: Final = 12  # years between a parent's and the child's birth year, below → warning
MAX_PARENT_AGE: Final = 70  # above → warning
MARRIAGE_AGE: Final[dict[str, int]] = {"husband": 20, "wife": 18}  # Luật HN&GĐ 2014 Art. 8 — [U] in the spec

# --------------------------------------------------------------------------------------------------------------------
# Date order


def check_registration_after_birth(
    date_of_birth: date | None,
    registration_date: date | None,
    *,
    fields: tuple[str, str] = ("date_of_birth", "registration_date"),
) -> list[Finding]:
    """Registration on or after the date of birth, else ``registration_before_birth`` (error)."""
    if date_of_birth is None or registration_date is None or registration_date >= date_of_birth:
        return []
    return [
        Finding(
            "registration_before_birth",
            "error",
            f"Ngày đăng ký {registration_date} trước ngày sinh {date_of_birth} / registration before birth",
            fields,
        )
    ]


def check_death_dates(
    date_of_birth: date | None, date_of_death: date | None, registration_date: date | None
) -> list[Finding]:
    """Death extract: death on or after birth (``death_before_birth``) and registered on or after the death
    (``registration_before_death``); both errors. Without a date of death, registration ≥ birth is checked."""
    findings: list[Finding] = []
    if date_of_birth is not None and date_of_death is not None and date_of_death < date_of_birth:
        findings.append(
            Finding(
                "death_before_birth",
                "error",
                f"Ngày chết {date_of_death} trước ngày sinh {date_of_birth} / date of death before date of birth",
                ("date_of_death", "date_of_birth"),
            )
        )
    if date_of_death is not None and registration_date is not None and registration_date < date_of_death:
        findings.append(
            Finding(
                "registration_before_death",
                "error",
                f"Ngày đăng ký {registration_date} trước ngày chết {date_of_death} / registration before death",
                ("registration_date", "date_of_death"),
            )
        )
    if date_of_death is None:
        findings += check_registration_after_birth(date_of_birth, registration_date)
    return findings


# --------------------------------------------------------------------------------------------------------------------
# Plausibility


def check_parent_birth_years(
    child_date_of_birth: date | None, *, mother_birth_year: int | None = None, father_birth_year: int | None = None
) -> list[Finding]:
    """Each parent born at least 12 and at most 70 years before the child (by year; ``mother_age_implausible`` /
    ``father_age_implausible``, warnings). Birth certificates print the parents' year of birth only."""
    if child_date_of_birth is None:
        return []
    findings: list[Finding] = []
    for role, year, label in (("mother", mother_birth_year, "mẹ"), ("father", father_birth_year, "cha")):
        if year is None:
            continue
        age = child_date_of_birth.year - year
        if MIN_PARENT_AGE <= age <= MAX_PARENT_AGE:
            continue
        findings.append(
            Finding(
                f"{role}_age_implausible",
                "warning",
                f"Năm sinh của {label} {year}: {age} tuổi khi sinh con / {role} aged {age} at the child's birth "
                f"(expected {MIN_PARENT_AGE}–{MAX_PARENT_AGE})",
                (f"{role}_birth_year", "date_of_birth"),
            )
        )
    return findings


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on ``on`` (a 29 February birthday is reached on 28 February)."""
    years = on.year - date_of_birth.year
    return years - 1 if on < add_years(date_of_birth, years) else years


def check_marriage_ages(
    husband_date_of_birth: date | None, wife_date_of_birth: date | None, registration_date: date | None
) -> list[Finding]:
    """Both spouses of legal age at registration: man 20, woman 18 (``husband_under_marriage_age`` /
    ``wife_under_marriage_age``, warnings since the rule is [U] in the spec). A registration before a spouse's
    birth is ``registration_before_birth`` (error) instead."""
    if registration_date is None:
        return []
    findings: list[Finding] = []
    for role, dob, label in (("husband", husband_date_of_birth, "chồng"), ("wife", wife_date_of_birth, "vợ")):
        if dob is None:
            continue
        fields = (f"{role}_date_of_birth", "registration_date")
        if registration_date < dob:
            findings += check_registration_after_birth(dob, registration_date, fields=fields)
            continue
        age, minimum = age_on(dob, registration_date), MARRIAGE_AGE[role]
        if age < minimum:
            findings.append(
                Finding(
                    f"{role}_under_marriage_age",
                    "warning",
                    f"Bên {label} {age} tuổi khi đăng ký kết hôn, dưới {minimum} / {role} aged {age} at registration "
                    f"(minimum {minimum})",
                    fields,
                )
            )
    return findings


# --------------------------------------------------------------------------------------------------------------------
# Time of death

_TIME: Final = re.compile(
    r"(?<![0-9./\-])([01]?[0-9]|2[0-3])\s*(?:gio|g|h|:|\.)\s*(?:([0-5]?[0-9])(?![0-9])\s*(?:phut|p|ph|')?)?",
)


def normalise_time_of_death(text: str | None) -> str | None:
    """``10 giờ 30 phút`` / ``10g30`` / ``10h30`` / ``10:30`` / ``10 giờ`` → ``10:30`` / ``10:00`` (contract
    ``HH:MM``); None when there is no time of day (hours 0–23, minutes 0–59)."""
    if not text:
        return None
    key = fold(text)
    for match in _TIME.finditer(key):
        hour, minute = match.group(1), match.group(2)
        end = key[match.end() :]
        # "10." or "10:" without minutes is not a time; "15/03" (a date) is not matched at all.
        if minute is None and not re.search(r"(?:gio|g|h)\s*$", match.group(0).strip()):
            continue
        if minute is None and re.match(r"\s*[0-9]", end):
            continue
        if re.match(r"\s*[./\-]\s*[0-9]", end):  # 15.03.2021 is a date
            continue
        return f"{int(hour):02d}:{int(minute or 0):02d}"
    return None


# --------------------------------------------------------------------------------------------------------------------
# Identity document line ("Giấy tờ tùy thân: CCCD số … do … cấp ngày …")

IdKind = Literal["CCCD", "CMND", "Căn cước", "Hộ chiếu"]


@dataclass(frozen=True)
class IdDocument:
    """The parts of a "Giấy tờ tùy thân" line; each None when not found. ``issue_date`` is ISO."""

    kind: IdKind | None
    number: str | None
    issued_by: str | None
    issue_date: str | None


_KINDS: Final[tuple[tuple[str, IdKind], ...]] = (
    (r"\bcccd\b|can cuoc cong dan", "CCCD"),
    (r"\bcmnd\b|chung minh nhan dan|\bcmt\b", "CMND"),
    (r"\bho chieu\b|\bpassport\b", "Hộ chiếu"),
    (r"\bcan cuoc\b|\bcc\b", "Căn cước"),
)
_ID_DIGITS: Final = re.compile(r"(?<![0-9])[0-9](?:[ .]?[0-9]){8,13}(?![0-9])")
_PASSPORT: Final = re.compile(r"(?<![0-9A-Za-z])([A-Za-z][0-9]{7})(?![0-9])")
_ISSUER: Final = re.compile(r"\bdo\s+(.+?)\s+cap\b")


def _kind(key: str) -> IdKind | None:
    found = [(m.start(), kind) for pattern, kind in _KINDS if (m := re.search(pattern, key))]
    return min(found)[1] if found else None


def split_id_document(text: str | None) -> IdDocument | None:
    """Split ``CCCD số 079301012345 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/06/2021`` into kind, number (9 or 12
    digits, separators removed; a passport number ``C1234567``), issuer (as printed) and ISO issue date.

    Dates are not taken for numbers (their ``/`` separators stop a digit run). None when the text holds none of the
    four parts.
    """
    if not text:
        return None
    nfc = collapse_ws(unicodedata.normalize("NFC", text))
    nfc = re.sub(r"^gi[aấ]y\s+t[oờ]\s+t[uùủ]y\s+th[aâ]n\s*:?\s*", "", nfc, flags=re.I)
    key = fold(nfc)  # same length as nfc: fold() only strips marks of precomposed letters after NFC
    kind = _kind(key)
    number: str | None = None
    for match in _ID_DIGITS.finditer(nfc):
        digits = re.sub(r"[ .]", "", match.group())
        if len(digits) in (9, 12):
            number = digits
            break
    if number is None and kind == "Hộ chiếu":
        passport = _PASSPORT.search(nfc)
        number = passport.group(1).upper() if passport else None
    issued_by: str | None = None
    if len(key) == len(nfc):
        issuer = _ISSUER.search(key)
        if issuer is not None:
            issued_by = nfc[issuer.start(1) : issuer.end(1)].strip(" ,;:") or None
    issue_date: str | None = None
    date_part = re.search(r"\b(?:cap\s+ngay|ngay\s+cap)\b(.*)", key)
    if date_part is not None:
        iso = parse_date(date_part.group(1))
        issue_date = iso if iso is not None and len(iso) == 10 else None
    if kind is None and number is None and issued_by is None and issue_date is None:
        return None
    return IdDocument(kind, number, issued_by, issue_date)
