"""Vietnamese numbers and dates written in words (domain spec §2.3).

Certificates write the date of birth "ghi bằng chữ" (``Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi``)
and land certificates write areas in words (``bốn trăm chín mươi chín phẩy bốn mét vuông``). This module generates the
canonical form and parses the forms actually printed or OCR'd:

* the generator writes the northern canonical form (``nghìn``, ``linh``, ``mốt``/``tư``/``lăm`` after *mươi*,
  ``không trăm`` after a thousand group); ``style="south"`` writes ``ngàn`` and ``lẻ``;
* the parser accepts NFC or NFD text, either tone-mark placement (``mừơi``/``mười``), any case, ``ngàn``/``nghìn``,
  ``linh``/``lẻ``, ``bốn``/``tư`` after *mươi*, ``lăm``/``nhăm``, ``mười tư``, ``bẩy``, ``chục``, commas and extra
  spaces, and text whose diacritics were lost by OCR (``hai muoi lam``). It returns None rather than guess.

All functions are pure and total on strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

from extractors.validators.text import fold

Style = Literal["north", "south"]

MAX_NUMBER: Final = 999_999_999

# --------------------------------------------------------------------------------------------------------------------
# Generation

_DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _group_words(n: int, *, inner: bool, style: Style) -> list[str]:
    """Words of a group 0..999. ``inner``: a higher group precedes (→ ``không trăm``, ``linh``/``lẻ``)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh" if style == "north" else "lẻ")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
        return words
    words += [_DIGITS[tens], "mươi"]
    if units:
        words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def to_words(n: int, *, style: Style = "north") -> str:
    """``n`` (0..999 999 999) in words: ``105`` → ``một trăm linh năm``; ``2020`` → ``hai nghìn không trăm hai mươi``.

    Zero groups after the leading one are skipped (``1 000 005`` → ``một triệu không trăm linh năm``).
    ``style="south"`` uses ``ngàn`` and ``lẻ``. Raises ValueError outside the range.
    """
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"to_words: {n} outside 0..{MAX_NUMBER}")
    if n == 0:
        return "không"
    thousand = "nghìn" if style == "north" else "ngàn"
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    for value, scale in ((millions, "triệu"), (thousands, thousand), (units, "")):
        if value == 0:
            continue
        words += _group_words(value, inner=bool(words), style=style)
        if scale:
            words.append(scale)
    return " ".join(words)


def decimal_to_words(value: Decimal, *, style: Style = "north") -> str:
    """A non-negative decimal in words: ``499.4`` → ``bốn trăm chín mươi chín phẩy bốn``; ``0.05`` → ``không phẩy
    không năm``.

    The fraction is read like an integer after its leading zeros (``12.25`` → ``mười hai phẩy hai mươi lăm``), digit
    by digit when it is longer than nine digits. Trailing zeros are dropped (``93.0`` → ``chín mươi ba``).
    """
    if not value.is_finite() or value < 0:
        raise ValueError(f"decimal_to_words: {value} is not a finite non-negative number")
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    words = to_words(int(whole), style=style)
    fraction = fraction.rstrip("0")
    if not fraction:
        return words
    significant = fraction.lstrip("0")
    zeros = ["không"] * (len(fraction) - len(significant))
    if len(significant) <= 9:
        tail = [to_words(int(significant), style=style)]
    else:
        tail = [_DIGITS[int(ch)] for ch in significant]
    return " ".join([words, "phẩy", *zeros, *tail])


# --------------------------------------------------------------------------------------------------------------------
# Tokens

_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_NOT_WORD: Final = re.compile(r"[^\w]+|_")

_Kind = Literal["digit", "ten", "chuc", "hundred", "linh", "scale", "point"]
#: Unit forms: ``plain`` (một, bốn, năm…), ``mot`` (mốt), ``tu`` (tư), ``lam`` (lăm/nhăm).
_Form = Literal["plain", "mot", "tu", "lam", ""]


@dataclass(frozen=True)
class _Tok:
    kind: _Kind
    value: int = 0
    form: _Form = ""


def _tone_key(word: str) -> str:
    """Lower-case word keyed so that both tone-mark placements compare equal (``hoà``/``hòa``, ``mừơi``/``mười``)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return base + "|" + "".join(tones[:1])


_LEXICON: Final[dict[str, _Tok]] = {
    "không": _Tok("digit", 0, "plain"),
    "một": _Tok("digit", 1, "plain"),
    "mốt": _Tok("digit", 1, "mot"),
    "hai": _Tok("digit", 2, "plain"),
    "ba": _Tok("digit", 3, "plain"),
    "bốn": _Tok("digit", 4, "plain"),
    "tư": _Tok("digit", 4, "tu"),
    "năm": _Tok("digit", 5, "plain"),
    "lăm": _Tok("digit", 5, "lam"),
    "nhăm": _Tok("digit", 5, "lam"),
    "sáu": _Tok("digit", 6, "plain"),
    "bảy": _Tok("digit", 7, "plain"),
    "bẩy": _Tok("digit", 7, "plain"),
    "tám": _Tok("digit", 8, "plain"),
    "chín": _Tok("digit", 9, "plain"),
    "mười": _Tok("ten"),
    "mươi": _Tok("ten"),
    "chục": _Tok("chuc"),
    "trăm": _Tok("hundred"),
    "linh": _Tok("linh"),
    "lẻ": _Tok("linh"),
    "nghìn": _Tok("scale", 1000),
    "ngàn": _Tok("scale", 1000),
    "triệu": _Tok("scale", 1_000_000),
    "tỷ": _Tok("scale", 1_000_000_000),
    "tỉ": _Tok("scale", 1_000_000_000),
    "phẩy": _Tok("point"),
    "phảy": _Tok("point"),
    "chấm": _Tok("point"),
}
_BY_TONE_KEY: Final = {_tone_key(word): tok for word, tok in _LEXICON.items()}
# Diacritics lost (OCR): every folded key below stands for exactly one lexeme, or for lexemes that the grammar tells
# apart (``muoi`` = mười or mươi, both "ten"; ``mot`` = một or mốt, read as một, which is accepted after mươi).
_BY_FOLD: Final[dict[str, _Tok]] = {
    "khong": _LEXICON["không"],
    "mot": _LEXICON["một"],
    "hai": _LEXICON["hai"],
    "ba": _LEXICON["ba"],
    "bon": _LEXICON["bốn"],
    "tu": _LEXICON["tư"],
    "nam": _LEXICON["năm"],
    "lam": _LEXICON["lăm"],
    "nham": _LEXICON["nhăm"],
    "sau": _LEXICON["sáu"],
    "bay": _LEXICON["bảy"],
    "tam": _LEXICON["tám"],
    "chin": _LEXICON["chín"],
    "muoi": _LEXICON["mười"],
    "chuc": _LEXICON["chục"],
    "tram": _LEXICON["trăm"],
    "linh": _LEXICON["linh"],
    "le": _LEXICON["lẻ"],
    "nghin": _LEXICON["nghìn"],
    "ngan": _LEXICON["ngàn"],
    "trieu": _LEXICON["triệu"],
    "ty": _LEXICON["tỷ"],
    "ti": _LEXICON["tỉ"],
    "phay": _LEXICON["phẩy"],
    "cham": _LEXICON["chấm"],
}


def _words(text: str) -> list[str]:
    return [w for w in _NOT_WORD.split(unicodedata.normalize("NFC", text)) if w]


def _token(word: str) -> _Tok | None:
    tok = _BY_TONE_KEY.get(_tone_key(word))
    if tok is None:
        tok = _BY_FOLD.get(fold(word))
    return tok


def _tokens(words: list[str]) -> list[_Tok] | None:
    toks: list[_Tok] = []
    for word in words:
        tok = _token(word)
        if tok is None:
            return None
        toks.append(tok)
    return toks


# --------------------------------------------------------------------------------------------------------------------
# Parsing

_UNIT_FORMS: Final[dict[str, frozenset[str]]] = {
    "none": frozenset({"plain"}),
    "ten": frozenset({"plain", "mot", "tu", "lam"}),  # after mười / mươi / chục
    "linh": frozenset({"plain", "tu"}),  # 104 một trăm linh tư
}


@dataclass(frozen=True)
class _Group:
    value: int
    end: int
    units_only: bool  # a bare unit digit: no hundreds, no tens, no linh


def _parse_group(toks: list[_Tok], i: int, after_scale: bool) -> _Group | None:
    """One group 0..999 starting at ``i``; ``after_scale``: a triệu/nghìn group precedes."""
    n = len(toks)
    start = i
    value = 0
    has_hundreds = False
    if i + 1 < n and toks[i].kind == "digit" and toks[i].form == "plain" and toks[i + 1].kind == "hundred":
        if toks[i].value == 0 and not after_scale:
            return None
        value, has_hundreds, i = toks[i].value * 100, True, i + 2
    context = "none"
    if i < n and toks[i].kind == "ten":
        value, i, context = value + 10, i + 1, "ten"
    elif (
        i + 1 < n
        and toks[i].kind == "digit"
        and toks[i].form == "plain"
        and toks[i + 1].kind in ("ten", "chuc")
        and toks[i].value >= (2 if toks[i + 1].kind == "ten" else 1)
    ):
        value, i, context = value + toks[i].value * 10, i + 2, "ten"
    elif i < n and toks[i].kind == "linh":
        if not (has_hundreds or after_scale):
            return None
        i, context = i + 1, "linh"
    units = 0
    if i < n and toks[i].kind == "digit" and toks[i].value != 0 and toks[i].form in _UNIT_FORMS[context]:
        units, i = toks[i].value, i + 1
    elif context == "linh":
        return None
    if i == start:
        return None
    return _Group(value + units, i, units_only=(i == start + 1 and units > 0))


def _parse_tokens(toks: list[_Tok]) -> int | None:
    if not toks:
        return None
    if len(toks) == 1 and toks[0].kind == "digit" and toks[0].value == 0:
        return 0
    total = 0
    last_scale = 10**12
    after_scale = False
    i = 0
    while i < len(toks):
        group = _parse_group(toks, i, after_scale)
        if group is None:
            return None
        # "hai nghìn hai" is colloquial for 2200, not 2002: ambiguous, refuse.
        if after_scale and group.units_only and (group.end == len(toks) or toks[group.end].kind != "scale"):
            return None
        i = group.end
        if i < len(toks) and toks[i].kind == "scale":
            scale = toks[i].value
            if scale >= last_scale or group.value == 0:
                return None
            total += group.value * scale
            last_scale, after_scale, i = scale, True, i + 1
        elif i == len(toks):
            total += group.value
        else:
            return None
    return total


def parse_number(text: str | None) -> int | None:
    """A whole number written in words (or in digits) → int; None when the text is not exactly one number.

    ``hai mươi lăm``, ``Hai Mươi Nhăm``, ``hai muoi lam``, ``một trăm lẻ năm``, ``hai ngàn không trăm hai mươi``,
    ``mười tư``, ``hai chục`` are all accepted. Ambiguous shorthand (``hai nghìn hai``) and unknown words give None.
    """
    if text is None:
        return None
    words = _words(text)
    if len(words) == 1 and words[0].isascii() and words[0].isdigit():
        return int(words[0])
    toks = _tokens(words)
    if toks is None or any(t.kind == "point" for t in toks):
        return None
    return _parse_tokens(toks)


def _parse_fraction(toks: list[_Tok]) -> str | None:
    """The digits after ``phẩy``: leading ``không`` are zeros, then one number, or a run of single digits."""
    zeros = 0
    while zeros < len(toks) and toks[zeros].kind == "digit" and toks[zeros].value == 0:
        zeros += 1
    rest = toks[zeros:]
    if not rest:
        return "0" * zeros if zeros else None
    value = _parse_tokens(rest)
    if value is not None:
        return "0" * zeros + str(value)
    if all(t.kind == "digit" for t in rest):  # read digit by digit: "hai lăm" → 25
        return "0" * zeros + "".join(str(t.value) for t in rest)
    return None


def parse_decimal(text: str | None) -> Decimal | None:
    """A decimal in words → Decimal: ``bốn trăm chín mươi chín phẩy bốn`` → 499.4; ``phẩy không năm`` → 0.05.

    The whole part may be missing (``phẩy không năm``); ``chấm`` is accepted for ``phẩy``. Digits are accepted
    (``499,4``). None when the text is not one number.
    """
    if text is None:
        return None
    compact = text.strip()
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", compact):
        return Decimal(compact.replace(",", "."))
    toks = _tokens(_words(text))
    if not toks:
        return None
    points = [i for i, t in enumerate(toks) if t.kind == "point"]
    if not points:
        whole = _parse_tokens(toks)
        return None if whole is None else Decimal(whole)
    if len(points) > 1:
        return None
    head, tail = toks[: points[0]], toks[points[0] + 1 :]
    whole_value = _parse_tokens(head) if head else 0
    fraction = _parse_fraction(tail)
    if whole_value is None or fraction is None:
        return None
    try:
        return Decimal(f"{whole_value}.{fraction}")
    except InvalidOperation:  # pragma: no cover - digits only
        return None


# --------------------------------------------------------------------------------------------------------------------
# Dates

_DAY_PREFIXES: Final = frozenset({"mong", "mung"})  # mồng / mùng, folded
_MONTH_WORDS: Final = {"gieng": 1, "chap": 12, "tu": 4}


def _label(word: str) -> str | None:
    key = fold(word)
    return key if key in ("ngay", "thang", "nam") else None


def _parse_day(words: list[str]) -> int | None:
    words = [w for w in words if fold(w) not in _DAY_PREFIXES]
    day = parse_number(" ".join(words)) if words else None
    return day if day is not None and 1 <= day <= 31 else None


def _parse_month(words: list[str]) -> int | None:
    if len(words) == 1 and fold(words[0]) in _MONTH_WORDS:
        return _MONTH_WORDS[fold(words[0])]
    month = parse_number(" ".join(words)) if words else None
    return month if month is not None and 1 <= month <= 12 else None


def _parse_year(words: list[str]) -> int | None:
    for end in range(len(words), 0, -1):  # longest prefix first: tolerate trailing words
        year = parse_number(" ".join(words[:end]))
        if year is not None:
            return year if 1 <= year <= 9999 else None
    return None


def _date_from(day_words: list[str], rest: list[str]) -> date | None:
    """``rest`` = the words after ``tháng``; try each ``năm`` in it as the year label, leftmost first."""
    day = _parse_day(day_words)
    if day is None:
        return None
    for k, word in enumerate(rest):
        if k == 0 or _label(word) != "nam":
            continue
        month = _parse_month(rest[:k])
        year = _parse_year(rest[k + 1 :])
        if month is None or year is None:
            continue
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def parse_date_words(text: str | None) -> date | None:
    """A date written in words → date; None when there is none.

    ``Ngày mồng năm, tháng năm, năm hai ngàn lẻ năm`` → 2005-05-05. The phrase is split on the labels
    ``ngày … tháng … năm …`` (``năm`` is both *year* and *five*: the first ``năm`` after a non-empty month that leaves a
    valid month and year is the label). ``mồng``/``mùng`` are ignored; ``tháng giêng`` = 1, ``tháng chạp`` = 12,
    ``tháng tư`` = 4. Text before the phrase (``ghi bằng chữ:``) is skipped; a missing ``ngày`` label is tolerated.
    """
    if not text:
        return None
    words = _words(text)
    thang = [i for i, w in enumerate(words) if _label(w) == "thang"]
    for t in thang:
        starts = [i for i in range(t) if _label(words[i]) == "ngay"]
        day_words = words[starts[-1] + 1 : t] if starts else words[:t]
        found = _date_from(day_words, words[t + 1 :])
        if found is not None:
            return found
    return None


def date_to_words(d: date, *, style: Style = "north") -> str:
    """``2020-03-15`` → ``Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi`` (month 4 is ``tư``)."""
    month = "tư" if d.month == 4 else to_words(d.month, style=style)
    return f"Ngày {to_words(d.day, style=style)}, tháng {month}, năm {to_words(d.year, style=style)}"
