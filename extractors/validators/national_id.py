"""The 12-digit personal identification number (số định danh cá nhân) and the 9-digit CMND number.

Structure ``PPP G YY RRRRRR`` (domain spec §1.8): ``PPP`` = province where the birth was registered, ``G`` = century and
sex, ``YY`` = last two digits of the birth year, ``RRRRRR`` = random digits (no checksum).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from extractors.validators import Finding
from extractors.validators.text import normalise_sex

# Thông tư 07/2016/TT-BCA, Phụ lục 1 (63 legacy provinces). Codes stay valid after the 2025 merger (§1.8, §5).
PROVINCES: Final = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "TP. Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)

FIRST_CENTURY: Final = 1900
LAST_YEAR: Final = 2399
_PIN = re.compile(r"[0-9]{12}")
_CMND9 = re.compile(r"[0-9]{9}")


@dataclass(frozen=True)
class PinInfo:
    province_code: str
    province_name: str | None  # None: code not among the 63 provinces
    century_start: int  # 1900, 2000, … 2300
    sex: str  # "Nam" / "Nữ"
    year_2digits: int

    @property
    def birth_year(self) -> int:
        return self.century_start + self.year_2digits


def century_sex_digit(dob_year: int, sex: str) -> int:
    """The ``G`` digit for a birth year (1900–2399) and a sex (``Nam``/``Nữ``, or what :func:`normalise_sex` takes)."""
    if not FIRST_CENTURY <= dob_year <= LAST_YEAR:
        raise ValueError(f"birth year {dob_year} outside {FIRST_CENTURY}–{LAST_YEAR}")
    norm = normalise_sex(sex)
    if norm is None:
        raise ValueError(f"unknown sex {sex!r}")
    return 2 * ((dob_year - FIRST_CENTURY) // 100) + (1 if norm == "Nữ" else 0)


def decode_pin(pin: str) -> PinInfo | None:
    """Split a 12-digit PIN into its parts; None when it is not exactly 12 ASCII digits."""
    if not _PIN.fullmatch(pin):
        return None
    g = int(pin[3])
    return PinInfo(
        province_code=pin[:3],
        province_name=PROVINCES.get(pin[:3]),
        century_start=FIRST_CENTURY + 100 * (g // 2),
        sex="Nữ" if g % 2 else "Nam",
        year_2digits=int(pin[4:6]),
    )


def validate_pin(pin: str, date_of_birth: date | None, sex: str | None, year_only: int | None = None) -> list[Finding]:
    """Check a 12-digit PIN's structure and its agreement with the printed birth date (or year alone) and sex."""
    info = decode_pin(pin)
    if info is None:
        return [
            Finding(
                "id_number_format",
                "error",
                f"Số định danh phải có 12 chữ số / ID number must be 12 digits: {pin!r}",
                ("id_number",),
            )
        ]
    findings: list[Finding] = []
    if info.province_name is None:
        findings.append(
            Finding(
                "id_number_province_unknown",
                "error",
                f"Mã tỉnh {info.province_code} không hợp lệ / unknown province code {info.province_code}",
                ("id_number",),
            )
        )
    year = date_of_birth.year if date_of_birth is not None else year_only
    if year is not None:
        if year - year % 100 != info.century_start:
            findings.append(
                Finding(
                    "id_number_century_mismatch",
                    "error",
                    f"Chữ số thứ 4 ({pin[3]}) không khớp thế kỷ của năm sinh {year} / "
                    f"century digit does not match birth year {year}",
                    ("id_number", "date_of_birth"),
                )
            )
        if year % 100 != info.year_2digits:
            findings.append(
                Finding(
                    "id_number_birth_year_mismatch",
                    "error",
                    f"Chữ số 5–6 ({pin[4:6]}) không khớp năm sinh {year} / digits 5–6 do not match birth year {year}",
                    ("id_number", "date_of_birth"),
                )
            )
    norm_sex = normalise_sex(sex)
    if norm_sex is not None and norm_sex != info.sex:
        findings.append(
            Finding(
                "id_number_sex_mismatch",
                "error",
                f"Chữ số thứ 4 ({pin[3]}) chỉ giới tính {info.sex}, thẻ ghi {norm_sex} / sex digit does not match sex",
                ("id_number", "sex"),
            )
        )
    return findings


def validate_cmnd9(number: str) -> list[Finding]:
    """The old CMND number: exactly 9 digits (it has no checksum)."""
    if _CMND9.fullmatch(number):
        return []
    return [
        Finding(
            "id_number_format",
            "error",
            f"Số CMND phải có 9 chữ số / CMND number must be 9 digits: {number!r}",
            ("id_number",),
        )
    ]
