"""Check the unit names of a printed address against the gazetteer, in context, from the end of the address.

An address is written from the smallest unit to the largest: ``[street or hamlet, ]commune, [district, ]province``.
Reading it from the end, the province fixes where its districts are looked for, and the district (or, in a
two-level address after 01/07/2025, the province) where the commune is. A name that is known there is kept as
printed, legacy or 2025 alike (old names stay valid on old documents). A name that is not, but has exactly one
known name with the same letters there, is *restored* to it (OCR gets the marks of Vietnamese wrong, rarely the
letters); the caller must treat a restoration as a proposal for review, never as a confirmed value. A name
with several such names, or none, is left as read and makes the address doubtful; so does a name that is known,
but not there (it is never rewritten: the sources disagree on a few spellings, and units move).

When no name there has the same letters, a name after a unit word (or in the province position) that is one edit
(two for a name of ten letters or more) from exactly one name there is *corrected* to it, the same kind of
proposal as a restoration; several such names make it ambiguous, with them as candidates. The whole country is
searched this way for a province only: a commune or district is corrected only inside its province or district.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from extractors.gazetteer.keys import canon, fold_key, traditional_tones
from extractors.gazetteer.lexicon import Group, Level, Lexicon, Unit, load, preferred

# known: a name of that level in that context; restored: it was not, one name of the same letters is;
# ambiguous: several are; elsewhere: a known name, but not of that level in that context (kept as printed);
# corrected: no name of the same letters, exactly one within one or two edits there (an OCR letter error);
# unknown: no such name; skipped: a street or hamlet part, not checked.
Status = Literal["known", "restored", "corrected", "ambiguous", "elsewhere", "unknown", "skipped"]


@dataclass(frozen=True)
class Restoration:
    read: str  # the bare name as read: "Bính Thúy"
    restored: str  # the known name put in its place: "Bình Thủy"
    level: Level
    corrected: bool = False  # letters changed (an edit-distance correction), not only diacritics


@dataclass(frozen=True)
class Segment:
    """One part of the address and what the gazetteer made of it."""

    text: str  # as output (unit word and name, after any restoration)
    level: Level | None  # the level it was checked as (None when skipped)
    status: Status
    units: tuple[Unit, ...] = ()  # the units it names (known or restored), every era and spelling
    candidates: tuple[str, ...] = ()  # ambiguous or elsewhere: the names with the same letters in that context


@dataclass(frozen=True)
class AddressCheck:
    text: str  # the address with restored names
    doubtful: bool  # a name after a unit word is unknown or ambiguous, or a name was restored
    restorations: tuple[Restoration, ...]
    segments: tuple[Segment, ...]


# Unit words (lower case) → the levels they name, in order of preference, and the unit types they may stand for.
_CITY: Final = ("province", "district")
_WORDS: Final[dict[str, tuple[tuple[Level, ...], frozenset[str]]]] = {
    "thành phố": (_CITY, frozenset({"thành phố trung ương", "thành phố"})),
    "thị xã": (("district",), frozenset({"thị xã"})),
    "thị trấn": (("commune",), frozenset({"thị trấn"})),
    "đặc khu": (("commune",), frozenset({"đặc khu"})),
    "tỉnh": (("province",), frozenset({"tỉnh"})),
    "huyện": (("district",), frozenset({"huyện"})),
    "quận": (("district",), frozenset({"quận"})),
    "phường": (("commune",), frozenset({"phường"})),
    "xã": (("commune",), frozenset({"xã"})),
}
_ABBREVIATIONS: Final = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "q": "quận", "p": "phường",
                         "f": "phường", "h": "huyện"}  # fmt: skip
_HEAD: Final = re.compile(
    r"(?P<word>thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã)\s+(?=\w)"
    r"|(?P<abbr>tp|tx|tt|q|p|f|h)\s*\.\s*(?=\w)"
    r"|(?P<bare>tp|tx|tt)\s+(?=\w)"
)
# A unit word inside a segment where OCR dropped the comma before it: "Xã Tân Lập Huyện Cái Bè".
_INNER: Final = re.compile(r"\s(?=(?:Thành phố|Thị xã|Thị trấn|Đặc khu|Tỉnh|Huyện|Quận|Phường|Xã|TP\.)\s*\w)")
# Words that open a street, hamlet or building part (never checked), as printed after tidy_address.
_LOCAL_WORDS: Final = frozenset({
    "số", "sn", "đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "thôn", "xóm", "ấp", "bản", "buôn", "làng", "khóm",
    "khu", "tổ", "đội", "cụm", "khối", "lô", "nhà", "phòng", "tầng", "km", "ql", "quốc", "chung", "căn", "toà", "tòa",
})  # fmt: skip
_STRIP: Final = ' .,;:()[]{}"“”'


@dataclass
class _Part:
    head: str  # the unit word as printed, with what follows it ("Huyện ", "TP. "), or ""
    name: str  # the bare name as printed
    tail: str  # trailing punctuation kept as read
    word: str | None  # the unit word in lower case ("thành phố" for "TP."), None when bare
    sep: str  # what precedes the part in the output ("" first, ", " after a comma or a split)

    @property
    def local(self) -> bool:
        if self.word is not None:
            return False
        first = self.name.split(" ", 1)[0].lower()
        return bool(first) and (first[0].isdigit() or first in _LOCAL_WORDS)


def _parse_part(text: str, sep: str) -> _Part:
    lowered = text.lower()
    match = _HEAD.match(lowered) if len(lowered) == len(text) else None
    word: str | None = None
    head = ""
    if match is not None:
        word = match.group("word") or _ABBREVIATIONS[match.group("abbr") or match.group("bare")]
        head = text[: match.end()]
    rest = text[len(head) :]
    name = rest.rstrip(_STRIP)
    lead = len(name) - len(name.lstrip(_STRIP))
    return _Part(head + name[:lead], name[lead:], rest[len(name) :], word, sep)


def _split(text: str, lex: Lexicon) -> list[_Part]:
    parts: list[_Part] = []
    for i, raw in enumerate(text.split(",")):
        segment = raw.strip()
        if not segment:
            continue
        sep = ", " if parts or i else ""
        part = _parse_part(segment, sep)
        if canon(part.name) not in lex.everything.by_canon and _INNER.search(segment):
            pieces = _inner_pieces(segment)
            for j, piece in enumerate(pieces):
                parts.append(_parse_part(piece, sep if j == 0 else ", "))
        else:
            parts.append(part)
    if parts:
        parts[0].sep = ""
    return parts


def _inner_pieces(segment: str) -> list[str]:
    """Split before each inner unit word that is followed by a name (not by another unit word)."""
    pieces: list[str] = []
    start = 0
    for match in _INNER.finditer(segment):
        after = _parse_part(segment[match.end() :], "")
        if after.word is None or not after.name or _parse_part(after.name, "").word is not None:
            continue
        if segment[start : match.start()].strip():
            pieces.append(segment[start : match.start()].strip())
            start = match.end()
    pieces.append(segment[start:].strip())
    return pieces


@dataclass
class _Outcome:
    status: Status
    level: Level
    units: tuple[Unit, ...] = ()
    name: str = ""
    candidates: tuple[str, ...] = ()


def _display(units: list[Unit]) -> str:
    """The spelling to print for units of one name: the preferred row's, with traditional tone placement."""
    return traditional_tones(preferred(units).bare)


def _resolve(
    name: str, tiers: list[list[tuple[Level, Group]]], types: frozenset[str], lex: Lexicon, fuzzy: bool = False
) -> _Outcome | None:
    """Look ``name`` up tier by tier (narrowest context first); None when no tier has it or its letters.

    A name that is known somewhere, but not here, is never rewritten (sources disagree on spellings such as
    ``Mù Cang Chải``/``Mù Căng Chải``, and units move): it comes back as ``elsewhere``, with any name of the same
    letters found here as a candidate.
    """
    key, folded = canon(name), fold_key(name)
    known_anywhere = key in lex.everything.by_canon
    for tier in tiers:
        known = [(level, unit) for level, group in tier for unit in group.by_canon.get(key, ())]
        if known:
            level = known[0][0]
            units = [u for lv, u in known if lv == level]
            typed = [u for u in units if u.type in types]
            return _Outcome("known", level, tuple(typed or units), name)
        similar = [(level, unit) for level, group in tier for unit in group.by_fold.get(folded, ())]
        if not similar:
            continue
        by_name: dict[str, list[tuple[Level, Unit]]] = {}
        for level, unit in similar:
            by_name.setdefault(unit.canon, []).append((level, unit))
        if known_anywhere:
            names = sorted({_display([u for _, u in v]) for v in by_name.values()})
            return _Outcome("elsewhere", similar[0][0], (), name, tuple(names))
        if len(by_name) > 1:
            typed_names = {k: v for k, v in by_name.items() if any(u.type in types for _, u in v)}
            identities = {(u.era, u.level, u.code) for _, u in similar}
            if len(typed_names) == 1:
                by_name = typed_names
            elif len(identities) == 1:
                by_name = {similar[0][1].canon: similar}
        if len(by_name) == 1:
            matches = next(iter(by_name.values()))
            level = matches[0][0]
            units = [u for lv, u in matches if lv == level]
            typed = [u for u in units if u.type in types]  # Huyện vs Thị xã Cai Lậy: the unit word decides
            return _Outcome("restored", level, tuple(typed or units), _display(units))
        names = sorted({_display([u for _, u in v]) for v in by_name.values()})
        return _Outcome("ambiguous", similar[0][0], (), name, tuple(names))
    if known_anywhere and tiers:
        return _Outcome("elsewhere", tiers[0][0][0], (), name)
    if fuzzy:
        return _nearest(folded, tiers, types, lex)
    return None


def max_edits(folded: str) -> int:
    """Edits allowed between an OCR reading (folded) and a gazetteer name: 0 under 5 letters, 1, 2 from 10."""
    return 0 if len(folded) < 5 else 1 if len(folded) < 10 else 2


def _nearest(
    folded: str, tiers: list[list[tuple[Level, Group]]], types: frozenset[str], lex: Lexicon
) -> _Outcome | None:
    """The names within :func:`max_edits` of ``folded`` in the narrowest tier that has any (national: provinces)."""
    limit = max_edits(folded)
    if not limit:
        return None
    for tier in tiers:
        found: list[tuple[int, Level, str]] = []
        for level, group in tier:
            if level != "province" and group is lex.group(level, ""):
                continue  # no fuzzy search of every commune or district in the country
            keys = list(group.by_fold)
            for key, distance, _ in process.extract(
                folded, keys, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
            ):
                found.append((int(distance), level, key))
        if not found:
            continue
        best = min(d for d, _, _ in found)
        nearest = [(level, key) for d, level, key in found if d == best]
        groups = {level: group for level, group in tier}
        by_name: dict[str, list[tuple[Level, Unit]]] = {}
        for level, key in nearest:
            for unit in groups[level].by_fold[key]:
                by_name.setdefault(unit.canon, []).append((level, unit))
        if len({(u.era, u.level, u.code) for v in by_name.values() for _, u in v}) == 1 and len(by_name) > 1:
            by_name = {next(iter(by_name)): [x for v in by_name.values() for x in v]}  # spellings of one unit
        if len(by_name) == 1:
            matches = next(iter(by_name.values()))
            level = matches[0][0]
            units = [u for lv, u in matches if lv == level]
            typed = [u for u in units if u.type in types]
            return _Outcome("corrected", level, tuple(typed or units), _display(units))
        names = sorted({_display([u for _, u in v]) for v in by_name.values()})
        return _Outcome("ambiguous", nearest[0][0], (), "", tuple(names))
    return None


def _groups(lex: Lexicon, level: Level, scopes: list[str]) -> list[tuple[Level, Group]]:
    found: list[tuple[Level, Group]] = []
    for scope in dict.fromkeys(scopes):
        group = lex.group(level, scope)
        if group is not None:
            found.append((level, group))
    return found


def _tiers(
    lex: Lexicon,
    levels: tuple[Level, ...],
    province: tuple[Unit, ...] | None,
    district: tuple[Unit, ...] | None,
    national: bool,
) -> list[list[tuple[Level, Group]]]:
    """The contexts to search, narrowest first; each tier holds a group per allowed level.

    A commune is looked for in its district, then in its province (legacy and 2025 communes); a district in its
    province. The whole country is searched only for a level with no context (and not for a bare name that may
    be a street): a name known elsewhere but not here is not known *here*.
    """
    by_level: dict[Level, list[list[tuple[Level, Group]]]] = {}
    for level in levels:
        tiers: list[list[tuple[Level, Group]]] = []
        if level == "district" and province:
            tiers.append(_groups(lex, "district", [f"legacy:{u.code}" for u in province if u.era == "legacy"]))
        if level == "commune":
            if district:
                tiers.append(_groups(lex, "commune", [f"legacy:{u.code}" for u in district if u.era == "legacy"]))
            if province:
                scopes = [f"legacy-province:{u.code}" if u.era == "legacy" else f"2025:{u.code}" for u in province]
                tiers.append(_groups(lex, "commune", scopes))
        tiers = [tier for tier in tiers if tier]
        if not tiers and (national or level == "province"):
            tiers.append(_groups(lex, level, [""]))  # no context: the whole country
        by_level[level] = tiers
    depth = max((len(t) for t in by_level.values()), default=0)
    return [[g for level in levels if d < len(by_level[level]) for g in by_level[level][d]] for d in range(depth)]


def _restore_case(read: str, known: str) -> str:
    return known.upper() if read.isupper() and len(read) > 1 else known


def check_address(text: str) -> AddressCheck:
    """Check and restore the unit names of ``text`` (an address as printed, ideally after ``tidy_address``)."""
    lex = load()
    text = unicodedata.normalize("NFC", text)
    parts = _split(text, lex)
    results: list[Segment | None] = [None] * len(parts)
    restorations: list[Restoration] = []
    doubtful = False
    province: tuple[Unit, ...] | None = None
    district: tuple[Unit, ...] | None = None
    have_province = have_district = done = False
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if part.local and fold_key(part.name) not in lex.everything.by_fold:
            done = True  # a street or hamlet: this and everything before it is the local part
        if done or not part.name:
            results[i] = Segment(_text(part), None, "skipped")
            continue
        types: frozenset[str] = frozenset()
        strict = True
        if part.word is not None:
            levels, types = _WORDS[part.word]
            if levels == _CITY and (have_province or have_district):
                levels = ("district",)
        else:
            if not have_province and not have_district:
                levels = ("province", "district", "commune")
            elif not have_district:
                levels = ("district", "commune")
            else:
                levels = ("commune",)
            # A bare name with nothing but street parts to its left may itself be a street: checked in context only.
            strict = i == len(parts) - 1 or any(p.word is not None for p in parts[:i])
        fuzzy = part.word is not None or i == len(parts) - 1  # never for a bare name that may be a street
        tiers = _tiers(lex, levels, province, district, national=strict)
        outcome = _resolve(part.name, tiers, types, lex, fuzzy=fuzzy)
        if outcome is not None and outcome.status == "elsewhere" and not outcome.candidates and not strict:
            outcome = None  # a street named like a unit somewhere else: "Lê Lợi, Quận 3"
        if outcome is None:
            if not strict:
                done = True
                results[i] = Segment(_text(part), None, "skipped")
                continue
            outcome = _Outcome("unknown", levels[0], (), part.name)
        if outcome.status == "ambiguous" and not outcome.name:
            outcome.name = part.name
        if outcome.status in ("restored", "corrected"):
            restored = _restore_case(part.name, outcome.name)
            restorations.append(Restoration(part.name, restored, outcome.level, outcome.status == "corrected"))
            part.name = restored
        doubtful = doubtful or outcome.status != "known"
        units = outcome.units or None
        if outcome.level == "province":
            have_province, province = True, units
        elif outcome.level == "district":
            have_province = have_district = True
            district = units
        else:
            done = True
        results[i] = Segment(_text(part), outcome.level, outcome.status, outcome.units, outcome.candidates)
    segments = tuple(s for s in results if s is not None)
    out = "".join(p.sep + _text(p) for p in parts)
    return AddressCheck(out, doubtful, tuple(reversed(restorations)), segments)


def _text(part: _Part) -> str:
    return part.head + part.name + part.tail


# A word of a street or hamlet part that is not a syllable but is fine: a house or group number ("12", "307/51",
# "12A"), an initial ("A"), a unit abbreviation.
_NUMBERISH: Final = re.compile(r"[\d/\-.]+[A-Za-z]?|[A-Za-z]|tp|tx|tt|sn|km|ql", re.IGNORECASE)
_UNIT_START: Final = re.compile(
    r"(?<!\w)(?:thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã)\s+(?=\w)", re.IGNORECASE
)
_ODD_CHAR: Final = re.compile(r"[^\w\s,.;:()'\"“”/-]|[ø£ƒ]|\d[^\W\d]{3,}|[^\W\d]/|/[^\W\d]")


def strip_junk_prefix(text: str) -> str | None:
    """``text`` without the OCR junk in front of its first unit word, or None when there is none to strip.

    Junk is what a label or a stain reads as: most of its words are no Vietnamese syllables (marks included) and it
    holds a character no address has (``PXeoe ø osos XÃ Lưu Phương, …``, ``NeNđăng ký kha h/ Pioce oƒ bừth, Xã
    …``). What follows must start with a unit name the gazetteer knows there. A real street or hamlet part (``Số
    12 đường Lê Lợi``, ``Buôn Kmrơng Prông A``) is kept. The caller treats the result as a proposal.
    """
    from extractors.name_lexicon import is_valid_syllable  # here: the name lexicon is not needed to load this module

    match = _UNIT_START.search(text)
    if match is None or match.start() == 0:
        return None
    prefix = text[: match.start()].strip(" ,;.")
    words = [w.strip(".,;:()\"'“”") for w in prefix.split()]
    words = [w for w in words if w]
    if not words or not _ODD_CHAR.search(prefix):
        return None
    invalid = [w for w in words if not _NUMBERISH.fullmatch(w) and not is_valid_syllable(w)]
    if len(invalid) < 2 or len(invalid) * 2 <= len(words):
        return None
    rest = text[match.start() :]
    checked = check_address(rest)
    first = next((s for s in checked.segments if s.level is not None), None)
    if first is None or checked.segments[0] is not first or first.status not in ("known", "restored", "corrected"):
        return None
    return rest
