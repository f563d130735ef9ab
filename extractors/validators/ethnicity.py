"""The 54 ethnic groups of Viet Nam (official names, Decision 121-TCTK/PPCĐ), and religions as cards print them.

Both are closed lists, so a reading is normalised to the official spelling when it has the same letters (or is
one edit away from exactly one name), and anything else is flagged rather than trusted.
"""

from __future__ import annotations

from typing import Final

from rapidfuzz.distance import Levenshtein

from extractors.validators.text import fold

ETHNIC_GROUPS: Final[tuple[str, ...]] = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "Sán Chay",
    "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru Vân Kiều",
    "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí",
    "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y", "Cống",
    "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip
#: Other spellings seen on documents (kept as printed when read), with the official name they stand for.
ETHNIC_ALIASES: Final[dict[str, str]] = {
    "kho me": "Khmer", "khome": "Khmer", "khơ me": "Khmer", "h'mong": "Mông", "hmong": "Mông", "h mong": "Mông",
    "ede": "Ê Đê", "e de": "Ê Đê", "jrai": "Gia Rai", "bahnar": "Ba Na", "stieng": "Xtiêng", "x tieng": "Xtiêng",
    "bru - van kieu": "Bru Vân Kiều", "bru-van kieu": "Bru Vân Kiều", "gie-trieng": "Giẻ Triêng",
}  # fmt: skip
RELIGIONS: Final[tuple[str, ...]] = (
    "Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Bà-la-môn",
    "Tịnh độ cư sĩ Phật hội Việt Nam", "Bửu Sơn Kỳ Hương", "Tứ Ân Hiếu Nghĩa", "Minh Sư đạo", "Minh Lý đạo",
)  # fmt: skip


def _lookup(text: str, names: tuple[str, ...], aliases: dict[str, str]) -> tuple[str | None, bool]:
    """(official name, exact): same letters → that name; otherwise one edit from exactly one name."""
    key = fold(text).replace("-", " ").strip()
    if not key:
        return None, False
    by_letters = {fold(n).replace("-", " "): n for n in names}
    if key in by_letters:
        return by_letters[key], True
    if key in aliases or fold(text) in aliases:
        return " ".join(text.split()), True  # a known other spelling: kept as printed
    near = [n for k, n in by_letters.items() if Levenshtein.distance(key, k) <= 1 and len(k) >= 4]
    return (near[0], False) if len(near) == 1 else (None, False)


def normalise_ethnicity(text: str) -> tuple[str | None, bool]:
    """The official name of an ethnic group and whether the reading matched it letter for letter."""
    return _lookup(text, ETHNIC_GROUPS, ETHNIC_ALIASES)


def normalise_religion(text: str) -> tuple[str | None, bool]:
    """A religion as cards print it and whether the reading matched it letter for letter."""
    return _lookup(text, RELIGIONS, {})
