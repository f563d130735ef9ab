"""Is a word a possible Vietnamese syllable? (on its letters, diacritics removed)

Every Vietnamese syllable is an optional initial consonant, a vowel nucleus of one to three vowels, and an optional
final consonant from a short list. OCR junk (``DTFM``) and shifted readings (``ONGUYEN``) break that shape, so a
name word that is not a syllable is a sign of a misread — a soft signal for review, never a verdict: names of some
ethnic groups (``H'Hen``, ``Sok``) are not Vietnamese syllables either.
"""

from __future__ import annotations

import re

from extractors.validators.text import fold

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEUS = r"[aeiouy]{1,3}"
_FINAL = r"(?:ng|nh|ch|c|m|n|p|t)?"
_SYLLABLE = re.compile(f"{_INITIAL}{_NUCLEUS}{_FINAL}")


def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, with or without diacritics) has the shape of a Vietnamese syllable."""
    return bool(_SYLLABLE.fullmatch(fold(word)))


def non_syllables(name: str) -> list[str]:
    """The words of ``name`` (split on spaces and MRZ ``<``) that cannot be Vietnamese syllables."""
    return [w for w in re.split(r"[\s<]+", name) if w and not is_syllable(w)]
