"""Vietnamese name syllables: which spellings can exist, and the one a misread most likely stood for.

Tesseract's ``vie`` model confuses stacked diacritics (``Hòa`` → ``điòa``, ``trung`` → ``ưung``). A Vietnamese
syllable is an initial consonant, a rhyme from a closed set (``oanh``, ``ương``, ``uyêt``…) and at most one tone
mark, and a rhyme that ends in ``p``/``t``/``c``/``ch`` takes the acute or the dot-below tone (never none).
:func:`is_valid_syllable` checks all of that on the letters *with* their marks (the shape-only check in
:mod:`extractors.validators.syllables` ignores the marks).

:func:`check_name` reads a printed name word by word: a word that is not a valid syllable (and not in the lexicon
of common family, middle and given names, ``data/names.tsv``, which also holds a few minority names such as
``Ksor``) makes the name doubtful; when exactly one lexicon syllable is nearest to it (at most two edits over the
letters and their marks), that syllable is proposed. A valid syllable is never replaced, so a name is never
rewritten into another valid name, with one exception that is only ever proposed (the name goes to review): the
first word of a name that is no family name but one diacritic away from exactly one (``NGUYÊN`` → ``NGUYỄN``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

DATA: Final = Path(__file__).resolve().parent / "gazetteer" / "data" / "names.tsv"

_TONES: Final = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook above, dot below
_STOP_TONES: Final = {"\u0301", "\u0323"}
_LETTERS: Final = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_INITIALS: Final = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
                    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")  # fmt: skip
_FRONT: Final = ("i", "e", "ê", "y")


_OPEN_RHYMES: Final = """a ai ao au ay âu ây e eo ê êu i ia iu iêu yêu o oa oai oay oe oeo oi ô ôi ơ ơi u ua uê ui
    uôi uơ uy uya uyu ư ưa ưi ươi ươu ưu y uây"""


def _rhymes() -> frozenset[str]:
    open_rhymes = _OPEN_RHYMES.split()
    finals = {
        "a": "m n ng nh p t c ch", "ă": "m n ng p t c", "â": "m n ng p t c", "e": "m n ng p t c",
        "ê": "m n nh p t ch", "i": "m n nh p t ch", "o": "m n ng p t c", "oo": "ng c", "ô": "m n ng p t c",
        "ơ": "m n p t", "u": "m n ng p t c", "ư": "m n ng t c", "iê": "m n ng p t c", "yê": "m n ng p t",
        "uô": "m n ng t c", "ươ": "m n ng p t c", "oa": "m n ng nh p t c ch", "oă": "m n ng t c", "oe": "n t",
        "uâ": "n ng t", "uê": "nh ch", "uy": "n nh t ch", "uyê": "n t", "y": "nh t ch",
    }  # fmt: skip
    closed = {nucleus + final for nucleus, fs in finals.items() for final in fs.split()}
    return frozenset(open_rhymes) | closed


_RHYMES: Final = _rhymes()


def _split_tone(word: str) -> tuple[str, list[str]]:
    """(the word in lower case without tone marks, NFC; the tone marks found)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bare, tones


def is_valid_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or NFD) is a possible Vietnamese syllable, marks included."""
    bare, tones = _split_tone(word)
    if not bare or len(tones) > 1 or not set(bare) <= _LETTERS:
        return False
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial) :]
        if rhyme not in _RHYMES:
            continue
        front = rhyme.startswith(_FRONT)
        if (initial in ("k", "gh", "ngh") and not front) or (initial in ("c", "ng") and front):
            continue
        if initial == "qu" and rhyme.startswith(("u", "o")):
            continue
        if rhyme.endswith(("p", "t", "c", "ch")) and (not tones or tones[0] not in _STOP_TONES):
            continue
        return True
    return False


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """``{"family" | "middle" | "given": names}`` (NFC, as written: ``Nguyễn``), read once from ``names.tsv``."""
    kinds: dict[str, set[str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines()[1:]:
        if not line or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, name = line.split("\t")
        kinds.setdefault(kind, set()).add(unicodedata.normalize("NFC", name))
    return {kind: frozenset(names) for kind, names in kinds.items()}


@lru_cache(maxsize=1)
def _syllables() -> tuple[dict[str, str], dict[str, str]]:
    """(every lexicon syllable, the family names), as NFD lower case → NFC spelling."""
    every: dict[str, str] = {}
    family: dict[str, str] = {}
    for kind, names in lexicon().items():
        for name in names:
            for syllable in name.split(" "):
                key = unicodedata.normalize("NFD", syllable.lower())
                every[key] = syllable
                if kind == "family":
                    family[key] = syllable
    return every, family


def known_name_syllable(word: str) -> bool:
    return unicodedata.normalize("NFD", word.lower()) in _syllables()[0]


def nearest(word: str, *, family: bool = False) -> list[str]:
    """The lexicon syllables nearest to ``word`` (at most two edits over letters and marks, NFD), NFC, sorted."""
    every, families = _syllables()
    pool = families if family else every
    key = unicodedata.normalize("NFD", word.lower())
    found = process.extract(key, list(pool), scorer=Levenshtein.distance, score_cutoff=2, limit=None)
    if not found:
        return []
    best = min(distance for _, distance, _ in found)
    return sorted({pool[k] for k, distance, _ in found if distance == best})


_NOT_NAMES: Final = frozenset({"hộ"})  # "HỘ GIA ĐÌNH" (a household holding land) is no misread "HỒ"


def _is_family(word: str) -> bool:
    return unicodedata.normalize("NFD", word.lower()) in _syllables()[1]


def nearest_family_by_one_mark(word: str) -> str | None:
    """The one family name that ``word`` (not itself a family name) is one diacritic away from, else None."""
    _, families = _syllables()
    key = unicodedata.normalize("NFD", word.lower())
    found = [
        families[k]
        for k, _, _ in process.extract(key, list(families), scorer=Levenshtein.distance, score_cutoff=1, limit=None)
    ]
    same_letters = [f for f in found if _bare(f) == _bare(word)]
    return same_letters[0] if len(same_letters) == 1 else None


def _bare(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c.isalpha()).replace("đ", "d")


@dataclass(frozen=True)
class NameCheck:
    proposal: str | None  # the name with each invalid word replaced by its one nearest syllable; None if none
    invalid: tuple[str, ...]  # the words that are neither valid syllables nor lexicon names
    candidates: tuple[tuple[str, tuple[str, ...]], ...]  # per invalid word, its nearest lexicon syllables


def _case_like(read: str, known: str) -> str:
    if read.isupper():
        return unicodedata.normalize("NFC", known.upper())
    if read[:1].isupper():
        return known[:1].upper() + known[1:]
    return known


def check_name(name: str) -> NameCheck:
    """Check each word of ``name`` (as normalised: NFC, single spaces); see the module docstring."""
    words = name.split(" ")
    invalid: list[str] = []
    candidates: list[tuple[str, tuple[str, ...]]] = []
    out: list[str] = []
    changed = False
    for i, word in enumerate(words):
        if i == 0 and len(words) > 1 and word and word.lower() not in _NOT_NAMES and not _is_family(word):
            family = nearest_family_by_one_mark(word)
            if family is not None:  # ``NGUYÊN`` heading a name: the tilde of ``NGUYỄN`` lost (proposed, for review)
                invalid.append(word)
                candidates.append((word, (family,)))
                out.append(_case_like(word, family))
                changed = True
                continue
        if not word or is_valid_syllable(word) or known_name_syllable(word) or not any(c.isalpha() for c in word):
            out.append(word)
            continue
        invalid.append(word)
        near = nearest(word, family=i == 0 and len(words) > 1)
        candidates.append((word, tuple(near)))
        if len(near) == 1:
            out.append(_case_like(word, near[0]))
            changed = True
        else:
            out.append(word)
    return NameCheck(" ".join(out) if changed else None, tuple(invalid), tuple(candidates))
