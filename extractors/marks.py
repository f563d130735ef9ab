"""Distinguishing marks ("Đặc điểm nhân dạng", "Dấu vết riêng và dị hình"): a small grammar over a closed
vocabulary, so misreads can be put right or noticed.

The marks are written in a fixed clerical style — the kind of mark, its distance and direction from a facial
landmark, the side: ``Nốt ruồi C:2cm trên sau đầu lông mày trái`` (several marks follow one another). So:

* distances are put back into their one shape (``C: 3cm``, ``C2 5cm``, ``C:lem`` → ``C:3cm``, ``C:2,5cm``,
  ``C:1cm``); a repair that guessed a character makes the value doubtful;
* a word not in the vocabulary but with exactly one vocabulary word of the same letters is restored (``Seo`` →
  ``Sẹo``); when several share the letters (``duoi``: ``dưới`` or ``đuôi``) the grammar decides — a direction
  follows a distance, a landmark follows ``trước``/``sau`` — and otherwise the value stays doubtful;
* specks read as words before the first kind of mark or after the last side (``Lzƒt index``, ``Ầ``, a date of the
  next line) are dropped;
* what is left must open with a kind of mark, end with a side and hold nothing but vocabulary and distances, or it
  is doubtful (review): never silently changed into another valid mark.
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
#: Words that open a mark (``Nốt ruồi``, ``Sẹo``…); ``chấm`` alone does not (it is the second word of ``Sẹo chấm``).
OPENERS: Final[frozenset[str]] = frozenset({"nốt", "sẹo", "vết", "bớt", "tàn", "xăm", "rỗ"})
SIDES: Final[frozenset[str]] = frozenset({"phải", "trái"})
_VERTICAL: Final[frozenset[str]] = frozenset({"trên", "dưới", "ngang"})
_LANDMARK_LEAD: Final[frozenset[str]] = frozenset({"đầu", "đuôi", "lông", "mắt", "mép", "mũi", "cánh", "dái", "gò"})

_MEASURE = re.compile(r"^C:\d{1,2}(,\d)?cm$")
# A distance as OCR leaves it: "C: 3cm", "C2 5cm", "C:1.5cm", "C:lem", "C:3cem", "C:†1cm".
_LOOSE_MEASURE = re.compile(
    r"(?<![\w])C\s*[:;.]?\s*[†|]?([0-9lIO|]{1,2})(?:\s*[,. ]\s*([0-9]))?\s*(cm|em|cem|ccm|crn|c m)(?![\w])"
)
_TO_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0"})
_BY_LETTERS: dict[str, set[str]] = defaultdict(set)
for _word in VOCABULARY:
    _BY_LETTERS[fold(_word)].add(_word)


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def _measures(text: str) -> tuple[str, bool]:
    """Distances put into the ``C:1,5cm`` shape; True when a character had to be guessed."""
    guessed = False

    def fix(m: re.Match[str]) -> str:
        nonlocal guessed
        whole, digits = m.group(1).translate(_TO_DIGITS), m.group(1)
        fixed = f"C:{whole}{',' + m.group(2) if m.group(2) else ''}cm"
        guessed = guessed or digits != whole or m.group(3) != "cm" or "†" in m.group(0)
        return fixed

    return _LOOSE_MEASURE.sub(fix, text), guessed


def _is_known(word: str) -> bool:
    return bool(_MEASURE.match(word)) or _lower(word) in VOCABULARY


def _restore(word: str, previous: str | None) -> str | None:
    """The vocabulary word this reading stands for, or None when it cannot be told."""
    if _is_known(word):
        return word
    matches = _BY_LETTERS.get(fold(word), set())
    if len(matches) > 1 and previous is not None:
        if _MEASURE.match(previous):
            matches &= _VERTICAL
        elif _lower(previous) in {"trước", "sau"}:
            matches &= _LANDMARK_LEAD
    if len(matches) != 1:
        return None
    found = next(iter(matches))
    return found[:1].upper() + found[1:] if word[:1].isupper() else found


def is_mark_word(word: str) -> bool:
    """Whether a word, however faintly read, stands for a word of the marks' vocabulary (``Seo`` for ``Sẹo``)."""
    word = word.strip(".,;")
    return _is_known(word) or fold(word) in _BY_LETTERS


def check_marks(text: str) -> tuple[str, bool]:
    """The marks with what can be put right put right, and whether anything in them is still doubtful."""
    text, doubtful = _measures(text)
    words: list[str | None] = []
    for token in text.split():
        previous = next((w for w in reversed(words) if w is not None), None)
        words.append(_restore(token.strip(".,;"), previous))
    raw = text.split()
    first = next((i for i, w in enumerate(words) if w is not None and _lower(w) in OPENERS), None)
    last = next(
        (i for i in range(len(words) - 1, -1, -1) if words[i] is not None and _lower(words[i] or "") in SIDES), None
    )
    if first is None or last is None or last < first:
        return text, True  # no complete mark: leave it as read, for review
    kept = [w if w is not None else raw[i] for i, w in enumerate(words[first : last + 1], start=first)]
    doubtful = doubtful or any(w is None for w in words[first : last + 1])
    dropped = [raw[i] for i in range(len(raw)) if i < first or i > last]
    # What was dropped must be specks or the next line, not a lost word of the mark.
    doubtful = doubtful or any(_lower(w) in VOCABULARY for w in dropped)
    return " ".join(kept), doubtful
