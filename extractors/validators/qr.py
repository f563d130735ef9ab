"""The QR payload of chip CCCD and Căn cước cards (domain spec §1.7) and its cross-check with the printed fields.

Payload: ``PIN|CMND-or-empty|Full name|ddmmyyyy|Nam/Nữ|residence|ddmmyyyy`` (7 fields). Some payloads have no
CMND field (6 fields); 2024 cards may append more fields, kept raw (their order is [U]). Fields are recognised by
count and by the 12-/9-digit patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from extractors.validators import Finding
from extractors.validators.dates import parse_ddmmyyyy
from extractors.validators.text import collapse_ws, nfc_key, normalise_name, normalise_sex

_PIN = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # 9-digit CMND; 12-digit CMND numbers exist too [U]
_CORE_FIELDS = 5  # name, DOB, sex, residence, issue date


@dataclass(frozen=True)
class QrData:
    id_number: str
    old_id_number: str | None
    full_name: str  # upper case with diacritics, NFC
    date_of_birth: str  # ISO
    sex: str  # Nam / Nữ
    place_of_residence: str
    issue_date: str | None  # ISO; None when the field is empty
    extras: tuple[str, ...]
    raw: str


def parse_qr(payload: str) -> QrData | None:
    """Parse a card QR payload; None when it does not look like one."""
    raw = payload
    text = unicodedata.normalize("NFC", payload).strip().lstrip("\ufeff").strip()
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 1 + _CORE_FIELDS or not _PIN.fullmatch(parts[0]):
        return None
    has_old_id = parts[1] == "" or bool(_OLD_ID.fullmatch(parts[1]))
    rest = parts[2:] if has_old_id else parts[1:]
    if len(rest) < _CORE_FIELDS:
        return None
    name, dob_text, sex_text, residence, issue_text = rest[:_CORE_FIELDS]
    full_name = normalise_name(name)
    dob = parse_ddmmyyyy(dob_text)
    sex = normalise_sex(sex_text)
    issue = parse_ddmmyyyy(issue_text) if issue_text else None
    if not full_name or dob is None or sex is None or (issue_text and issue is None):
        return None
    return QrData(
        id_number=parts[0],
        old_id_number=(parts[1] or None) if has_old_id else None,
        full_name=full_name,
        date_of_birth=dob.isoformat(),
        sex=sex,
        place_of_residence=collapse_ws(residence),
        issue_date=issue.isoformat() if issue else None,
        extras=tuple(rest[_CORE_FIELDS:]),
        raw=raw,
    )


def _address_key(s: str) -> str:
    """Addresses compared on NFC, case-folded text with punctuation spacing ignored."""
    return nfc_key(re.sub(r"\s*([,.;:-])\s*", r"\1", s))


def _same_date(qr_iso: str, printed: str) -> bool:
    return qr_iso == printed or (len(printed) == 4 and qr_iso[:4] == printed)


def validate_qr_vs_printed(qr: QrData, printed: Mapping[str, str | None]) -> list[Finding]:
    """Compare the QR with the printed contract values; missing printed values are not compared.

    Mismatches are errors (the QR is authoritative), except the residence (warning: printed text wraps and
    abbreviates).
    """
    findings: list[Finding] = []

    def mismatch(code: str, field: str, what: str) -> None:
        findings.append(
            Finding(code, "error", f"{what} trên thẻ khác mã QR / printed {field} differs from the QR", (field, "qr"))
        )

    pin = printed.get("id_number")
    if pin and re.sub(r"\D", "", pin) != qr.id_number:
        mismatch("qr_id_number_mismatch", "id_number", "Số định danh")
    name = printed.get("full_name")
    if name and nfc_key(name) != nfc_key(qr.full_name):
        mismatch("qr_full_name_mismatch", "full_name", "Họ tên")
    dob = printed.get("date_of_birth")
    if dob and not _same_date(qr.date_of_birth, dob):
        mismatch("qr_date_of_birth_mismatch", "date_of_birth", "Ngày sinh")
    sex = normalise_sex(printed.get("sex"))
    if sex and sex != qr.sex:
        mismatch("qr_sex_mismatch", "sex", "Giới tính")
    issue = printed.get("issue_date")
    if issue and qr.issue_date and issue != qr.issue_date:
        mismatch("qr_issue_date_mismatch", "issue_date", "Ngày cấp")
    residence = printed.get("place_of_residence")
    if residence and _address_key(residence) != _address_key(qr.place_of_residence):
        findings.append(
            Finding(
                "qr_residence_mismatch",
                "warning",
                "Nơi cư trú trên thẻ khác mã QR / printed residence differs from the QR",
                ("place_of_residence", "qr"),
            )
        )
    return findings
