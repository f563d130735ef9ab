"""Value parsers per field kind: raw OCR text → the contract's normalised value.

Each parser is pure and total. ``Parsed.valid`` says the text had the shape of the kind (twelve digits, a
real date, ``Nam``/``Nữ``…); whether the value is *right* is for the validators to say.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.validators.dates import parse_date
from extractors.validators.text import collapse_ws, fold, normalise_name, normalise_sex, strip_leaders

# OCR confusions inside what must be digits.
_TO_DIGIT = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "U": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "i": "1",
        "!": "1",
        "Z": "2",
        "z": "2",
        "S": "5",
        "s": "5",
        "B": "8",
        "G": "6",
        "b": "6",
        "g": "9",
        "q": "9",
        "T": "7",
    }
)
_DIGITISH = re.compile(r"[0-9OoDQUIl|i!ZzSsBGbgqT]+")


@dataclass(frozen=True)
class Parsed:
    value: str | None
    valid: bool
    no_expiry: bool = False


def digit_runs(text: str) -> list[str]:
    """Runs of digits in ``text`` after fixing OCR confusions in mostly-digit tokens; spaced groups joined."""
    runs: list[str] = []
    current = ""
    for token in re.split(r"[\s.,:;/\-_]+", text):
        if not token:
            continue
        fixed = token.translate(_TO_DIGIT) if _DIGITISH.fullmatch(token) else token
        digits = sum(c.isdigit() for c in token)
        if fixed.isdigit() and (digits >= max(1, len(token) // 2) or len(token) >= 6):
            current += fixed
        else:
            if current:
                runs.append(current)
            current = ""
            inner = re.findall(r"\d{4,}", token)
            runs.extend(inner)
    if current:
        runs.append(current)
    return runs


def parse_number(text: str, length: int) -> Parsed:
    runs = digit_runs(text)
    exact = [r for r in runs if len(r) == length]
    if exact:
        return Parsed(exact[0], True)
    longer = [r for r in runs if len(r) > length]
    if len(longer) == 1 and len(longer[0]) == length + 1 and longer[0][0] in "01":
        # A stray leading digit from the label's colon or a border line.
        return Parsed(longer[0][1:], False)
    best = max(runs, key=len, default="")
    return Parsed(best or None, False)


def is_no_expiry(text: str) -> bool:
    folded = fold(text)
    return bool(folded) and fuzz.partial_ratio("khong thoi han", folded) >= 80 and not re.search(r"\d{4}", folded)


def parse_date_value(text: str) -> Parsed:
    if is_no_expiry(text):
        return Parsed(None, True, no_expiry=True)
    iso = parse_date(text)
    return Parsed(iso, iso is not None)


def parse_text(text: str) -> Parsed:
    value = collapse_ws(strip_leaders(unicodedata.normalize("NFC", text)))
    return Parsed(value or None, bool(value))


def parse_nationality(text: str) -> Parsed:
    value = parse_text(text).value
    if value is None:
        return Parsed(None, False)
    if fuzz.ratio(fold(value).replace(" ", ""), "vietnam") >= 80:
        return Parsed("Việt Nam", True)
    return Parsed(value, False)


def parse(kind: str, text: str) -> Parsed:
    """Normalised value of ``text`` read for a field of ``kind`` (see :data:`extractors.spec.ValueKind`)."""
    if kind == "id_number":
        return parse_number(text, 12)
    if kind == "cmnd_number":
        parsed = parse_number(text, 9)
        if not parsed.valid:
            twelve = parse_number(text, 12)  # a 12-digit CMND (2012–2015 form)
            if twelve.valid:
                return twelve
        return parsed
    if kind == "date":
        return parse_date_value(text)
    if kind == "name":
        name = normalise_name(text)
        return Parsed(name or None, len(name.split()) >= 2)
    if kind == "sex":
        sex = normalise_sex(text)
        return Parsed(sex, sex is not None)
    if kind == "nationality":
        return parse_nationality(text)
    return parse_text(text)
