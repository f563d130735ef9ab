"""ICAO 9303 TD1 machine-readable zone as printed on chip CCCD and Căn cước backs (domain spec §1.9)."""

from __future__ import annotations

import unicodedata
from datetime import date

NO_EXPIRY = "991231"
_WEIGHTS = (7, 3, 1)


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(data: str) -> str:
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def transliterate(name: str) -> str:
    """``"Trần Thị Bích Ngọc"`` → ``"TRAN THI BICH NGOC"``: drop combining marks after NFD, Đ → D."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c for c in word.upper() if "A" <= c <= "Z") for word in plain.split())


def name_line(name: str) -> str:
    """Family name, ``<<``, other names separated by ``<``, padded to 30 (truncated if longer: [U] in the spec)."""
    words = transliterate(name).split()
    line = words[0] + "<<" + "<".join(words[1:])
    return line[:30].ljust(30, "<")


def yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def build_td1(pin: str, name: str, dob: date, sex: str, expiry: date | None) -> tuple[str, str, str]:
    """The three 30-character lines for a PIN, mixed-case name, DOB, ``"Nam"``/``"Nữ"`` and expiry."""
    if len(pin) != 12 or not pin.isdigit():
        raise ValueError(f"PIN must be 12 digits: {pin!r}")
    document = pin[3:]
    line1 = f"IDVNM{document}{check_digit(document)}{pin}<<{check_digit(pin)}"
    birth = yymmdd(dob)
    until = NO_EXPIRY if expiry is None else yymmdd(expiry)
    sex_code = "F" if sex == "Nữ" else "M"
    head = f"{birth}{check_digit(birth)}{sex_code}{until}{check_digit(until)}VNM"
    filler = "<" * 11
    composite = check_digit(line1[5:30] + head[0:7] + head[8:15] + filler)
    line2 = head + filler + composite
    line3 = name_line(name)
    for line in (line1, line2, line3):
        assert len(line) == 30, line
    return line1, line2, line3
