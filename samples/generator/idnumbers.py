"""The 12-digit personal identification number (domain spec §1.8) and 9-digit CMND numbers."""

from __future__ import annotations

import random
from datetime import date
from typing import Final

# Thông tư 07/2016/TT-BCA, Phụ lục 1 (the 63 legacy codes).
PROVINCE_CODES: Final[dict[str, str]] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu", "079": "TP. Hồ Chí Minh",
    "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

# Leading digits of old 9-digit CMND numbers by province. Folk knowledge, unverified ([U]); only flavour —
# nothing may validate against it.
_CMND_PREFIX: Final[dict[str, str]] = {
    "001": "01", "079": "02", "031": "03", "011": "04", "014": "05", "010": "06", "015": "06", "002": "07",
    "008": "07", "004": "08", "020": "08", "019": "09", "022": "10", "024": "12", "027": "12", "025": "13",
    "026": "13", "030": "14", "033": "14", "034": "15", "035": "16", "036": "16", "037": "16", "038": "17",
    "040": "18", "042": "18", "044": "19", "045": "19", "046": "19", "048": "20", "049": "20", "051": "21",
    "052": "21", "056": "22", "064": "23", "066": "24", "068": "25", "060": "26", "075": "27", "077": "27",
    "074": "28", "072": "29", "080": "30", "082": "31", "083": "32", "084": "33", "086": "33", "087": "34",
    "089": "35", "092": "36", "094": "36", "091": "37", "096": "38", "017": "11",
}  # fmt: skip


def century_sex_digit(year: int, sex: str) -> int:
    """§1.8 digit 4: 1900s male 0 / female 1, 2000s 2/3, 2100s 4/5, …"""
    century_index = year // 100 - 19
    if not 0 <= century_index <= 4:
        raise ValueError(f"birth year outside 1900–2399: {year}")
    return 2 * century_index + (1 if sex == "Nữ" else 0)


def make_pin(rng: random.Random, province_code: str, dob: date, sex: str) -> str:
    """``PPP G YY RRRRRR``: birth-registration province, century/sex, birth year, six random digits."""
    if province_code not in PROVINCE_CODES:
        raise ValueError(f"unknown province code {province_code!r}")
    tail = f"{rng.randrange(1_000_000):06d}"
    return f"{province_code}{century_sex_digit(dob.year, sex)}{dob.year % 100:02d}{tail}"


def pin_matches(pin: str, dob: date, sex: str) -> bool:
    """True when the PIN's province code is valid and digits 4–6 agree with ``dob`` and ``sex``."""
    return (
        len(pin) == 12
        and pin.isdigit()
        and pin[:3] in PROVINCE_CODES
        and int(pin[3]) == century_sex_digit(dob.year, sex)
        and pin[4:6] == f"{dob.year % 100:02d}"
    )


def make_cmnd(rng: random.Random, province_code: str) -> str:
    prefix = _CMND_PREFIX.get(province_code, f"{rng.randint(1, 38):02d}")
    return prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
