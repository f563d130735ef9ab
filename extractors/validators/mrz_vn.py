"""The MRZ of Vietnamese chip CCCD and Căn cước cards (domain spec §1.9): cross-checks with the printed fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Final

from extractors.validators import Finding
from extractors.validators.mrz_parse import MrzResult
from extractors.validators.national_id import decode_pin
from extractors.validators.text import normalise_sex, strip_combining

NO_EXPIRY_MRZ: Final = "991231"
TD1_WIDTH: Final = 30
_MRZ_SEX: Final = {"M": "Nam", "F": "Nữ"}


def transliterate_name(name: str, width: int | None = TD1_WIDTH) -> str:
    """MRZ name line from a Vietnamese name: ``Trần Thị Bích Ngọc`` → ``TRAN<<THI<BICH<NGOC<<<…`` (30 wide).

    Diacritics are stripped after NFD, ``Đ`` → ``D``; the first word is the family name. With ``width`` the line is
    padded with ``<``; a longer name is cut at ``width`` — the official truncation rule is [U] (spec §7.4).
    ``width=None`` gives the unpadded name field.
    """
    ascii_name = strip_combining(unicodedata.normalize("NFC", name)).upper()
    words = re.sub(r"[^A-Z]+", " ", ascii_name).split()
    if not words:
        return "<" * (width or 0)
    line = words[0] + "<<" + "<".join(words[1:])
    if width is None:
        return line
    return line[:width].ljust(width, "<")


def _mrz_date(yymmdd: str, century_start: int) -> date | None:
    if not re.fullmatch(r"[0-9]{6}", yymmdd):
        return None
    try:
        return date(century_start + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return None


def _pin_of(mrz: MrzResult, printed: Mapping[str, str | None]) -> str | None:
    for candidate in (printed.get("id_number"), mrz.fields.get("optional_data")):
        if candidate and decode_pin(candidate) is not None:
            return candidate
    return None


def mrz_to_fields(mrz: MrzResult) -> dict[str, str | None]:
    """Contract-normalised values read from a Vietnamese card's MRZ.

    Keys: ``id_number`` (the PIN from the optional data), ``date_of_birth`` (ISO, century from the PIN's 4th digit),
    ``sex`` (``Nam``/``Nữ``), ``date_of_expiry`` (ISO, or None with ``no_expiry`` = ``"true"``), ``no_expiry``,
    ``full_name`` (upper case without diacritics), ``nationality`` (``Việt Nam`` for VNM). Unreadable values are None.
    """
    pin = mrz.fields.get("optional_data", "")
    info = decode_pin(pin)
    dob = _mrz_date(mrz.fields.get("date_of_birth", ""), info.century_start) if info else None
    raw_expiry = mrz.fields.get("date_of_expiry", "")
    no_expiry = raw_expiry == NO_EXPIRY_MRZ
    expiry = None if no_expiry else _mrz_date(raw_expiry, 2000)
    name = " ".join(p for p in (mrz.fields.get("surname", ""), mrz.fields.get("given_names", "")) if p)
    nationality = mrz.fields.get("nationality") or None
    return {
        "id_number": pin if info else None,
        "date_of_birth": dob.isoformat() if dob else None,
        "sex": _MRZ_SEX.get(mrz.fields.get("sex", "")),
        "date_of_expiry": expiry.isoformat() if expiry else None,
        "no_expiry": "true" if no_expiry else None,
        "full_name": name or None,
        "nationality": "Việt Nam" if nationality == "VNM" else nationality,
    }


def _mismatch(code: str, field: str, message: str) -> Finding:
    return Finding(code, "error", message, (field, "mrz") if field != "mrz" else ("mrz",))


def validate_vn_card_mrz(
    mrz: MrzResult, printed: Mapping[str, str | None], *, no_expiry: bool = False
) -> list[Finding]:
    """Check a Vietnamese card's MRZ: its check digits, its layout and its agreement with the printed fields.

    ``printed`` holds contract values (``id_number``, ``date_of_birth`` ISO or ``YYYY``, ``sex``, ``date_of_expiry``
    ISO, ``full_name``); missing keys or None values are not compared. The printed "Không thời hạn" is given by
    ``no_expiry=True`` or by ``printed["no_expiry"]`` set to ``"true"``.
    """
    no_expiry = no_expiry or (printed.get("no_expiry") or "").strip().lower() in ("true", "1", "yes")
    findings = [
        Finding(
            "mrz_check_digit_failed",
            "error",
            f"Chữ số kiểm tra MRZ sai ({name}) / MRZ check digit failed: {name}",
            ("mrz",),
        )
        for name, ok in mrz.checks.items()
        if not ok
    ]
    if mrz.format != "TD1" or mrz.fields.get("issuing_state") != "VNM" or mrz.fields.get("document_code") != "ID":
        findings.append(
            Finding(
                "mrz_layout_unexpected",
                "error",
                "MRZ không phải mẫu thẻ Việt Nam (TD1, IDVNM) / not a VN card MRZ",
                ("mrz",),
            )
        )
        return findings
    fields = mrz.fields
    optional = fields.get("optional_data", "")
    if fields.get("document_number") != optional[3:12]:
        findings.append(
            _mismatch(
                "mrz_id_number_mismatch",
                "mrz",
                "MRZ: số giấy tờ ≠ 9 số cuối của số định danh / document number ≠ PIN[3:12]",
            )
        )
    printed_pin = printed.get("id_number")
    if printed_pin and optional != printed_pin:
        findings.append(
            _mismatch(
                "mrz_id_number_mismatch",
                "id_number",
                "Số định danh trên thẻ khác MRZ / printed ID number differs from the MRZ",
            )
        )
    pin = _pin_of(mrz, printed)
    info = decode_pin(pin) if pin else None
    printed_dob = printed.get("date_of_birth")
    if printed_dob and not _same_dob(
        fields.get("date_of_birth", ""), printed_dob, info.century_start if info else None
    ):
        findings.append(
            _mismatch(
                "mrz_date_of_birth_mismatch",
                "date_of_birth",
                "Ngày sinh trên thẻ khác MRZ / date of birth differs from the MRZ",
            )
        )
    mrz_sex = _MRZ_SEX.get(fields.get("sex", ""))
    printed_sex = normalise_sex(printed.get("sex"))
    if printed_sex is not None and mrz_sex != printed_sex:
        findings.append(_mismatch("mrz_sex_mismatch", "sex", "Giới tính trên thẻ khác MRZ / sex differs from the MRZ"))
    elif printed_sex is None and info is not None and mrz_sex != info.sex:
        findings.append(
            _mismatch(
                "mrz_sex_mismatch",
                "id_number",
                "Giới tính MRZ khác chữ số giới tính của số định danh / MRZ sex ≠ PIN sex digit",
            )
        )
    findings += _expiry_findings(fields.get("date_of_expiry", ""), printed.get("date_of_expiry"), no_expiry)
    findings += _name_findings(mrz.lines[2], printed.get("full_name"))
    return findings


def _same_dob(mrz_dob: str, printed_dob: str, century_start: int | None) -> bool:
    """MRZ ``YYMMDD`` vs printed ISO date or year; without a PIN the century cannot be checked."""
    if re.fullmatch(r"[0-9]{4}", printed_dob):
        year = int(printed_dob)
        return mrz_dob[:2] == printed_dob[2:] and (century_start is None or year - year % 100 == century_start)
    if century_start is None:
        return mrz_dob == printed_dob[2:4] + printed_dob[5:7] + printed_dob[8:10]
    parsed = _mrz_date(mrz_dob, century_start)
    return parsed is not None and parsed.isoformat() == printed_dob


def _expiry_findings(mrz_expiry: str, printed_expiry: str | None, no_expiry: bool) -> list[Finding]:
    if no_expiry:
        ok = mrz_expiry == NO_EXPIRY_MRZ
    elif printed_expiry and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", printed_expiry):
        ok = mrz_expiry == printed_expiry[2:4] + printed_expiry[5:7] + printed_expiry[8:10]
    else:
        return []
    if ok:
        return []
    return [
        _mismatch(
            "mrz_expiry_mismatch", "date_of_expiry", "Ngày hết hạn trên thẻ khác MRZ / expiry differs from the MRZ"
        )
    ]


def _name_findings(name_line: str, printed_name: str | None) -> list[Finding]:
    if not printed_name:
        return []
    expected = transliterate_name(printed_name, width=None)
    if len(expected) <= TD1_WIDTH:
        if name_line.rstrip("<") == expected:
            return []
        return [
            _mismatch("mrz_name_mismatch", "full_name", "Họ tên trên thẻ khác MRZ / full name differs from the MRZ")
        ]
    if name_line == expected[:TD1_WIDTH]:
        return []
    # [U] truncation rule for names longer than 30 characters: only a warning.
    return [
        Finding(
            "mrz_name_mismatch",
            "warning",
            "Họ tên dài hơn 30 ký tự và khác MRZ / long name differs from the MRZ (truncation rule unverified)",
            ("full_name", "mrz"),
        )
    ]
