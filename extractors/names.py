"""Vietnamese family names: diacritics that OCR drops from the first word of a name, restored from a lexicon.

Tesseract's ``vie`` model often reads a stacked diacritic (a tone mark over a circumflex) as the bare circumflex:
``NGUYỄN`` → ``NGUYÊN``. The family name is the first word of every printed name and comes from a short, closed
list, so a first word that is *not* a family name but has exactly one family name with the same letters is
restored. The field is never confirmed by this (it goes to review, with what was read kept as a candidate):
the lexicon proposes, the operator or a second source decides. Given names are left alone here.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import Final

from extractors.validators.text import fold

FAMILY_NAMES: Final[tuple[str, ...]] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Đào", "Cao", "Lâm", "Mai", "Trịnh", "Lương", "Tô", "Hà", "Tạ", "Chu", "Quách",
    "Thái", "Vương", "Trương", "Lưu", "La", "Lã", "Từ", "Kiều", "Đoàn", "Tăng", "Lục", "Mạc", "Nông", "Triệu",
    "Hứa", "Âu", "Đàm", "Khổng", "Kim", "Khúc", "Lạc", "Lại", "Phùng", "Giang", "Thân", "Tống", "Ông",
    "Quan", "Châu", "Diệp", "Doãn", "Hầu", "Lò", "Lộc", "Ma", "Mã", "Nghiêm", "Nhan", "Ninh", "Phí", "Phó",
    "Sơn", "Tiêu", "Trang", "Vi", "Viên", "Bạch", "Bế", "Cù", "Cung", "Đồng", "Đông", "Giáp", "Hàn", "Hạ",
    "Kha", "Khương", "Lang", "Liễu", "Lỗ", "Mông", "Nhâm", "Tôn", "Uông", "Vừ", "Thạch", "Danh", "Kiên",
    "Lầu", "Sùng", "Giàng", "Hoa", "Văn", "Đậu", "Cấn", "Chử", "Khuất", "Mạnh", "Thiều", "Đường", "Ứng",
)  # fmt: skip

_UPPER = {unicodedata.normalize("NFC", n.upper()) for n in FAMILY_NAMES}
_BY_LETTERS: dict[str, set[str]] = defaultdict(set)
for _name in _UPPER:
    _BY_LETTERS[fold(_name)].add(_name)


def restore_family_name(name: str) -> str | None:
    """The name with its first word restored to the one family name of the same letters, or None if unchanged."""
    words = name.split(" ")
    if len(words) < 2 or words[0] in _UPPER:
        return None
    matches = _BY_LETTERS.get(fold(words[0]), set())
    if len(matches) != 1:
        return None
    return " ".join([next(iter(matches)), *words[1:]])
