"""Vietnamese number and date words, northern canonical form (domain spec §2.3), for the generator's own use.

``number_words(2020)`` → ``"hai nghìn không trăm hai mươi"``; ``date_words(date(2020, 3, 15))`` →
``"Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi"``; ``area_words("499.4")`` →
``"Bốn trăm chín mươi chín phẩy bốn mét vuông"``. :func:`parse_number` reads the same forms back (plus the
regional variants of the spec: ngàn, lẻ, bốn after mươi, nhăm, mồng/mùng); the tests use it to check that the
words printed on a page agree with its digits.
"""

from __future__ import annotations

from datetime import date
from typing import Final

DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_100(n: int) -> str:
    if n < 10:
        return DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 1:
        word = "một" if tens == 1 else "mốt"
    elif unit == 5:
        word = "lăm"
    elif unit == 4:
        word = "bốn" if tens == 1 else "tư"
    else:
        word = DIGITS[unit]
    return f"{head} {word}"


def _below_1000(n: int, *, full: bool) -> str:
    """``full``: a group after a higher one, so zero hundreds are spoken ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _below_100(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {DIGITS[rest]}"
    return f"{head} {_below_100(rest)}"


def number_words(n: int) -> str:
    """0 ≤ n < 10⁹ in words, lower case."""
    if not 0 <= n < 1_000_000_000:
        raise ValueError(f"out of range: {n}")
    if n < 1000:
        return _below_1000(n, full=False)
    groups: list[tuple[int, str]] = [(n // 1_000_000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")]
    words: list[str] = []
    for value, unit in groups:
        if not words:
            if value:
                words.append(_below_1000(value, full=False) + (f" {unit}" if unit else ""))
            continue
        if value == 0:
            continue
        words.append(_below_1000(value, full=True) + (f" {unit}" if unit else ""))
    return " ".join(words)


def month_words(month: int) -> str:
    return "tư" if month == 4 else number_words(month)


def date_words(d: date) -> str:
    """``Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi``."""
    return f"Ngày {number_words(d.day)}, tháng {month_words(d.month)}, năm {number_words(d.year)}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def area_words(area: str) -> str:
    """A normalised area (``"499.4"``, ``"93"``) in words, capitalised, with ``mét vuông``."""
    whole, _, frac = area.partition(".")
    words = number_words(int(whole))
    if frac:
        words += " phẩy " + (
            " ".join(DIGITS[int(c)] for c in frac) if frac.startswith("0") else number_words(int(frac))
        )
    return capitalise(words) + " mét vuông"


# Parsing (round trip for the tests) ----------------------------------------------------------------------------------

_UNIT_WORDS: Final[dict[str, int]] = {
    **{w: i for i, w in enumerate(DIGITS)},
    "mốt": 1,
    "lăm": 5,
    "nhăm": 5,
    "tư": 4,
    "bẩy": 7,
}


def parse_number(text: str) -> int:
    """Words → integer for the forms above (and ngàn, lẻ, chục-free regional variants)."""
    total = 0
    group = 0  # value below one thousand being built
    current = 0  # digit waiting for its multiplier
    for word in text.lower().replace(",", " ").split():
        if word in ("mồng", "mùng", "linh", "lẻ"):
            continue
        if word == "mười":
            group += 10
        elif word == "mươi":
            group += current * 10
            current = 0
        elif word == "trăm":
            group += current * 100
            current = 0
        elif word in ("nghìn", "ngàn"):
            total += (group + current) * 1000
            group = current = 0
        elif word == "triệu":
            total += (group + current) * 1_000_000
            group = current = 0
        elif word in _UNIT_WORDS:
            current = _UNIT_WORDS[word]
        else:
            raise ValueError(f"not a number word: {word!r}")
    return total + group + current


def parse_date_words(text: str) -> date:
    """``Ngày …, tháng …, năm …`` → date (split positionally on the labels, §2.3)."""
    body = text.strip()
    low = body.lower()
    if not low.startswith("ngày "):
        raise ValueError(f"not a date in words: {text!r}")
    day_part, _, rest = low[5:].partition("tháng ")
    month_part, _, year_part = rest.partition("năm ")
    # "năm" as the digit five inside the day or month ("tháng năm, năm …"): the year label is the last "năm ".
    if year_part and "năm " in year_part and not month_part.strip(" ,"):
        month_part, _, year_part = year_part.partition("năm ")
    month_text = month_part.strip(" ,")
    month = 4 if month_text == "tư" else parse_number(month_text)
    return date(parse_number(year_part.strip(" ,")), month, parse_number(day_part.strip(" ,")))


def parse_area_words(text: str) -> str:
    """``"Bốn trăm chín mươi chín phẩy bốn mét vuông"`` → ``"499.4"``."""
    body = text.lower().removesuffix("mét vuông").strip()
    whole, _, frac = body.partition(" phẩy ")
    value = str(parse_number(whole))
    if frac:
        words = frac.split()
        if words[0] == "không":
            value += "." + "".join(str(_UNIT_WORDS[w]) for w in words)
        else:
            value += "." + str(parse_number(frac))
    return value
