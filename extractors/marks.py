"""Distinguishing marks ("Đặc điểm nhân dạng", "Dấu vết riêng và dị hình"): a closed vocabulary, so misread
diacritics can be put back and unknown words noticed.

The marks are written in a fixed clerical style — a kind of mark, its distance and direction from a facial
landmark: ``Nốt ruồi C:2cm trên sau đầu lông mày trái``. A word that is not in the vocabulary but has exactly one
vocabulary word with the same letters is restored (``Seo`` → ``Sẹo``); a word with several (``duoi``: ``dưới`` or
``đuôi``?) or none makes the value doubtful (review), never silently changed; so does a value that does not open
with the kind of mark (its first words were lost) or holds a bare number (a speck read as a digit).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Final

from extractors.validators.text import fold

_WORDS: Final = (
    # kinds of mark
    "nốt ruồi son sẹo chấm vết bớt thâm lang tàn nhang rỗ xăm hình chàm đen nâu đỏ",
    # landmarks
    "đầu đuôi lông mày mắt mí mép mũi cánh dái tai vành gò má cằm trán môi khóe cổ gáy thái dương",
    "nhân trung hàm sống chân tóc lỗ ngón tay bàn",
    # directions and connectives
    "trên dưới trước sau giữa ngang bên phải trái cạnh cách và có ở gần",
)
VOCABULARY: Final[frozenset[str]] = frozenset(unicodedata.normalize("NFC", w) for line in _WORDS for w in line.split())
_MEASURE = re.compile(r"^C:\d+([.,]\d+)?(cm|mm)?$|^\d+([.,]\d+)?(cm|mm)$|^C:?$|^cm$", re.IGNORECASE)
#: A mark opens with its kind (``Nốt ruồi``, ``Sẹo``…); a value that does not has lost its first words.
KINDS: Final[frozenset[str]] = frozenset({"nốt", "sẹo", "vết", "bớt", "nốt ruồi", "chấm", "tàn", "lang", "xăm", "rỗ"})
_BY_LETTERS: dict[str, set[str]] = defaultdict(set)
for _word in VOCABULARY:
    _BY_LETTERS[fold(_word)].add(_word)


def _restored(token: str) -> tuple[str, bool]:
    """The token (restored when unambiguous) and whether it stays doubtful."""
    core = token.strip(".,;:")
    if not core or _MEASURE.match(core):
        return token, False
    lower = unicodedata.normalize("NFC", core.lower())
    if lower in VOCABULARY:
        return token, False
    matches = _BY_LETTERS.get(fold(core), set())
    if len(matches) != 1:
        return token, True
    word = next(iter(matches))
    if core[:1].isupper():
        word = word[:1].upper() + word[1:]
    return token.replace(core, word), False


def check_marks(text: str) -> tuple[str, bool]:
    """``text`` with unambiguous diacritic misreads restored, and whether anything in it is still doubtful."""
    out: list[str] = []
    doubtful = False
    for token in text.split(" "):
        word, unsure = _restored(token)
        out.append(word)
        doubtful = doubtful or unsure
    opens_with_kind = bool(out) and unicodedata.normalize("NFC", out[0].lower()) in KINDS
    return " ".join(out), doubtful or not opens_with_kind
