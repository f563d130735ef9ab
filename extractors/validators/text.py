"""Text helpers shared by the validators and the extractors.

All functions are pure and total: they accept any string and never raise.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Dotted leader lines under printed values: runs of dots, ellipses, middle dots, underscores or dashes.
_LEADER_CHARS = ".…·_\\-‥⋯"
_LEADER_RUN = re.compile(rf"(?:[{_LEADER_CHARS}]\s*){{2,}}|…|⋯|‥")
_EDGE_LEADERS = re.compile(rf"^[\s{_LEADER_CHARS}:;,]+|[\s{_LEADER_CHARS}:;,]+$")


def collapse_ws(s: str) -> str:
    """Collapse every whitespace run to one space and strip both ends."""
    return _WS.sub(" ", s).strip()


def strip_combining(s: str) -> str:
    """Remove diacritics: NFD, drop combining marks, map Đ/đ (and the look-alike Ð) to D/d."""
    decomposed = unicodedata.normalize("NFD", s)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").replace("ð", "d")


def fold(s: str) -> str:
    """Comparison key: NFC → NFD, strip combining marks, đ → d, casefold, collapse whitespace."""
    return collapse_ws(strip_combining(unicodedata.normalize("NFC", s)).casefold())


def nfc_key(s: str) -> str:
    """Comparison key that keeps diacritics: NFC, casefold, whitespace collapsed."""
    return collapse_ws(unicodedata.normalize("NFC", s).casefold())


def strip_leaders(s: str) -> str:
    """Remove dotted leader lines (runs of ``.``, ``…``, ``·``, ``_``, ``-``) and label punctuation at the ends.

    A single dot or dash inside a value (``TP. Hồ Chí Minh``, ``Bà Rịa - Vũng Tàu``) is kept.
    """
    text = _LEADER_RUN.sub(" ", s)
    text = _EDGE_LEADERS.sub("", text)
    return collapse_ws(text)


def normalise_name(s: str) -> str:
    """Person name as the contract wants it: NFC, upper case with diacritics, single spaces, no stray punctuation."""
    text = strip_leaders(unicodedata.normalize("NFC", s))
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] == "L" or category[0] == "M" or ch in "'-":
            kept.append(ch)
        else:
            kept.append(" ")
    words = [w.strip("'-") for w in "".join(kept).split()]
    return unicodedata.normalize("NFC", " ".join(w for w in words if w).upper())


_SEX_WORDS: dict[str, str] = {
    "nam": "Nam",
    "male": "Nam",
    "m": "Nam",
    "nu": "Nữ",
    "female": "Nữ",
    "f": "Nữ",
}


def normalise_sex(s: str | None) -> str | None:
    """``Nam`` / ``Nữ`` from a tolerant reading (``Nu``, ``nừ``, ``Male``, ``F``, ``Nữ/Female``), else None."""
    if s is None:
        return None
    tokens = re.sub(r"[^0-9a-z]+", " ", fold(s)).split()
    found = {_SEX_WORDS[t] for t in tokens if t in _SEX_WORDS}
    if len(found) == 1:
        return found.pop()
    return None
