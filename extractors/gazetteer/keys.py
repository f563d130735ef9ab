"""Comparison keys for Vietnamese unit names.

``canon`` keeps every diacritic but forgives what is only a spelling convention: the place of the tone mark in
``oa``/``oe``/``uy`` at the end of a syllable (``Hoà`` = ``Hòa``, ``Thuỷ`` = ``Thủy``), letter case, a hyphen
(``Bà Rịa - Vũng Tàu`` = ``Bà Rịa-Vũng Tàu`` = ``Bà Rịa Vũng Tàu``) and the shape of an apostrophe
(``Cư M’gar``). Two spellings with the same ``canon`` are the same name as printed. ``fold_key`` drops the
diacritics too: two names with the same ``fold_key`` differ only by marks, which is what OCR gets wrong.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from extractors.validators.text import fold

# Tone marks (combining): grave, acute, tilde, hook above, dot below.
_TONES: Final = "\u0300\u0301\u0303\u0309\u0323"
_TONED = {
    unicodedata.normalize("NFC", base + tone): (base, tone) for base in "aeyAEY" for tone in _TONES
}  # à á ã ả ạ, è …, ỳ …
# A syllable-final "oa"/"oe"/"uy" (not "quy") with the tone on its second letter: the "new style" spelling.
_NEW_STYLE = re.compile(r"(?<![qQ])([oO][àáãảạÀÁÃẢẠèéẽẻẹÈÉẼẺẸ]|[uU][ỳýỹỷỵỲÝỸỶỴ])(?!\w)")
_HYPHEN = re.compile(r"\s*[-‐‑–—]\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "Ð": "Đ", "ð": "đ"})


def _old_style(match: re.Match[str]) -> str:
    first, second = match.group(1)[0], match.group(1)[1]
    base, tone = _TONED[second]
    return unicodedata.normalize("NFC", first + tone) + base


def canon(name: str) -> str:
    """Key equal for two spellings of the same printed name (tone placement, case, hyphens, apostrophes)."""
    text = unicodedata.normalize("NFC", name).translate(_APOSTROPHES)
    text = _HYPHEN.sub(" ", text)
    text = _NEW_STYLE.sub(_old_style, text)
    return " ".join(text.casefold().split())


def traditional_tones(name: str) -> str:
    """``name`` (NFC) with the tone of a final ``oa``/``oe``/``uy`` on its first vowel, as cards print it (``Hòa``)."""
    return _NEW_STYLE.sub(_old_style, name)


def fold_key(name: str) -> str:
    """Key equal for two names with the same letters (diacritics, case, hyphens ignored)."""
    return fold(_HYPHEN.sub(" ", unicodedata.normalize("NFC", name).translate(_APOSTROPHES)))
