"""Split a printed address into street part, commune, district and province, with their official codes.

A blank spaCy Vietnamese pipeline (``spacy.blank("vi")``: the pyvi word segmenter, no downloaded model, no
network) tokenises the address; a ``sohoa_syllables`` component splits pyvi's multi-syllable words back into
syllables (pyvi glues a unit word to a name when a comma is missing: ``Hòa Bình Huyện``) and sets each token's
``NORM`` to its folded form (no diacritics, lower case), so that a ``PhraseMatcher`` on ``NORM`` finds the unit words
(``xã``, ``phường``, ``thị trấn``, ``đặc khu``, ``huyện``, ``quận``, ``thị xã``, ``thành phố``, ``tỉnh``; ``TP.``,
``Q.``, ``P.``, ``H.``, ``TX.``, ``TT.``) and every gazetteer name, with or without its diacritics. Those spans put
back the commas that OCR or the writer left out (``Xa Ma Le Huyen Dong Van Ha Giang`` → ``Xã Ma Le, Huyện Dong Van,
Ha Giang``: a unit word at the start of a segment also gets its marks back); the segments are then resolved in
context by :func:`extractors.gazetteer.address.check_address` (from the end: the province narrows the district,
the district the commune; same letters first, then one or two edits).

Validation by the document's date (:func:`validate`): before 01/07/2025 the legacy three-level units, from then
on the 2025 two-level units; a district on a later document is a warning, and the 2025 units an old address went
into are given as a hint (:func:`current_units`). Nothing here rewrites the printed text.

Cost (2-vCPU machine shared with other jobs, ``.venv/bin/python -m extractors.gazetteer.parse``): the first
build 1.5–1.9 s (importing spaCy ~0.5 s, the gazetteer ~0.04 s, pyvi and the ~7,600 name patterns ~1.1 s), then
~0.3 ms per address. It is built once per process, lazily, under a lock.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from extractors.gazetteer.address import AddressCheck, Segment, check_address
from extractors.gazetteer.keys import fold_key, traditional_tones
from extractors.gazetteer.lexicon import LEVELS, Level, Unit, load, preferred

REFORM: Final = date(2025, 7, 1)  # the two-level units (34 provinces, no districts) from this day
MAPPING: Final = Path(__file__).resolve().parent / "data" / "mapping.tsv.gz"

Era = Literal["legacy", "2025"]

# Unit words, folded, as matched on NORM; abbreviations only with their full stop (``Q.``), except TP/TX/TT.
_WORDS: Final = ("xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa", "thanh pho", "tinh")
_ABBREVIATIONS: Final = ("tp", "tx", "tt", "q", "p", "h", "f")
_DOTTED_ONLY: Final = frozenset({"q", "p", "h", "f"})
_COMMA: Final = frozenset({",", ";"})
_HYPHENS: Final = frozenset({"-", "‐", "‑", "–", "—"})


@dataclass(frozen=True)
class CurrentUnit:
    """A 2025 unit that (part of) a legacy unit went into: a hint for search, never a replacement."""

    commune: str | None
    commune_code: str | None
    province: str
    province_code: str
    whole: bool  # the legacy unit went entirely into this one (False: it was divided)


@dataclass(frozen=True)
class ParsedAddress:
    text: str  # the address as given
    street: str | None  # the street, hamlet or building part, as printed
    commune: str | None  # the unit names as printed (after any restoration by check_address), unit word included
    district: str | None
    province: str | None
    units: dict[Level, tuple[Unit, ...]]  # per level, the gazetteer units the name denotes (every era, spelling)
    check: AddressCheck
    segments_text: str  # the address with the commas the parser put back

    def unit(self, level: Level, era: Era) -> Unit | None:
        """The unit at ``level`` in ``era`` (the newest spelling), or None."""
        found = [u for u in self.units.get(level, ()) if u.era == era]
        return preferred(found) if found else None

    def valid_in(self, era: Era) -> bool:
        """Every unit name found is a unit of ``era`` (and at least one was found); a 2025 address has no district."""
        levels = [level for level in LEVELS if self.units.get(level)]
        if not levels or (era == "2025" and "district" in levels):
            return False
        return all(self.unit(level, era) is not None for level in levels)

    @property
    def problems(self) -> tuple[Segment, ...]:
        """Segments whose unit name is unknown, ambiguous, known only elsewhere, restored or corrected."""
        return tuple(s for s in self.check.segments if s.level is not None and s.status != "known")


@dataclass
class _Pipeline:
    nlp: Any
    matcher: Any
    words: set[int] = field(default_factory=set)  # match ids of unit words


_LOCK = threading.Lock()
_PIPELINE: _Pipeline | None = None
_MAPPING: dict[tuple[str, str], list[tuple[str, str, bool, bool]]] | None = None


def _split_syllables(doc: Any) -> Any:
    """pyvi's words → syllables (``Hòa Bình Huyện`` → three tokens); NORM = the folded syllable, ``TP.`` → ``tp``."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for token in doc:
        if token.text in _HYPHENS and words:
            # "Bà Rịa - Vũng Tàu": the hyphen joins the word before it, so that the name matches as four syllables
            words[-1] += (" " if spaces[-1] else "") + token.text
            spaces[-1] = bool(token.whitespace_)
            continue
        pieces = token.text.split(" ")
        for i, piece in enumerate(pieces):
            if piece:
                words.append(piece)
                spaces.append(True if i < len(pieces) - 1 else bool(token.whitespace_))
    out = Doc(doc.vocab, words=words, spaces=spaces)
    for token in out:
        norm = fold_key(token.text)
        if len(norm) > 1 and norm.endswith(".") and norm[:-1].isalpha():
            norm = norm[:-1]
        token.norm_ = norm
    return out


def pipeline() -> _Pipeline:
    """The spaCy pipeline and phrase matcher, built on first use (a few seconds) and kept for the process."""
    global _PIPELINE
    if _PIPELINE is None:
        with _LOCK:
            if _PIPELINE is None:
                _PIPELINE = _build()
    return _PIPELINE


def _build() -> _Pipeline:
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    if not Language.has_factory("sohoa_syllables"):
        Language.component("sohoa_syllables")(_split_syllables)
    nlp = spacy.blank("vi")  # pyvi tokenizer (spaCy's default for "vi"); no model, no download
    nlp.add_pipe("sohoa_syllables")
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    vocab = nlp.vocab

    def pattern(folded: str) -> Any:
        return Doc(vocab, words=folded.split(" "))

    names = sorted({unit.fold for unit in load().units if unit.fold})
    matcher.add("NAME", [pattern(n) for n in names])
    matcher.add("WORD", [pattern(w) for w in (*_WORDS, *_ABBREVIATIONS)])
    built = _Pipeline(nlp, matcher)
    built.words = {vocab.strings["WORD"]}
    return built


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    word: bool


def _spans(doc: Any, built: _Pipeline) -> list[_Span]:
    found: list[_Span] = []
    for match_id, start, end in built.matcher(doc):
        word = match_id in built.words
        if word and end - start == 1:
            token = doc[start]
            if token.norm_ in _DOTTED_ONLY and not token.text.endswith("."):
                continue
            if token.norm_ in ("tp", "tx", "tt") and not (token.text.isupper() or token.text.endswith(".")):
                continue
        found.append(_Span(start, end, word))
    return found


_CUT: Final = "\ue000"  # a comma put back by the parser (private use: never in printed text)
_CANONICAL: Final = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "dac khu": "Đặc khu", "huyen": "Huyện",
                     "quan": "Quận", "thi xa": "Thị xã", "thanh pho": "Thành phố", "tinh": "Tỉnh"}  # fmt: skip


def segment(text: str) -> str:
    """``text`` with the parser's cuts marked by U+E000: before each unit word that opens a name, and between the
    unit names of a segment (longest gazetteer names first, from the end); unit words written without their
    diacritics (``huyen``) are given them, so that :func:`check_address` sees them. Otherwise as given."""
    built = pipeline()
    doc = built.nlp(unicodedata.normalize("NFC", text))
    spans = _spans(doc, built)
    names = [s for s in spans if not s.word and not all(t.text.isdigit() for t in doc[s.start : s.end])]
    words: dict[int, _Span] = {}
    for span in spans:
        if span.word and (span.start not in words or span.end > words[span.start].end):
            words[span.start] = span
    cuts: set[int] = set()
    bounds: list[tuple[int, int]] = []
    start = 0
    for token in doc:
        if token.text in _COMMA:
            bounds.append((start, token.i))
            start = token.i + 1
    bounds.append((start, len(doc)))
    pieces: list[tuple[int, int]] = []
    for lo, hi in bounds:
        if lo >= hi:
            continue
        piece_start = lo
        for i in range(lo + 1, hi):
            word = words.get(i)
            if word is None or word.end >= hi or word.end in words:
                continue  # at the end, or followed by another unit word ("Xã Tân Xã Huyện")
            if any(n.start < i < n.end for n in names) or any(w.start < i < w.end for w in words.values()):
                continue  # inside a name that holds a unit word ("Tân Xã"), or the second word of "Thị xã"
            cuts.add(i)
            pieces.append((piece_start, i))
            piece_start = i
        pieces.append((piece_start, hi))
    for lo, hi in pieces:
        first = lo + (words[lo].end - lo if lo in words else 0)  # the name starts after the unit word
        end = hi
        while True:
            ending = [n for n in names if n.end == end and n.start >= first]
            if not ending:
                break
            longest = min(ending, key=lambda n: n.start)
            if longest.start <= first:
                break
            cuts.add(longest.start)
            end = longest.start
    out: list[str] = []
    replaced: dict[int, str] = {}
    starts = dict(pieces)
    known = load().everything.by_fold
    for span in words.values():
        key = " ".join(t.norm_ for t in doc[span.start : span.end])
        printed = doc[span.start : span.end].text
        if span.start not in starts or fold_key(doc[span.start : starts[span.start]].text) in known:
            continue  # not at the start of a segment, or the segment is a name ("Quan Hóa", not "Quận Hóa")
        if key in _CANONICAL and printed.lower() != _CANONICAL[key].lower():
            for token, canonical in zip(doc[span.start : span.end], _CANONICAL[key].split(" "), strict=True):
                replaced[token.i] = canonical  # "huyen", "Tính" → "Huyện", "Tỉnh": a unit word's marks misread
    for token in doc:
        if token.i in cuts:
            out.append(_CUT)
        out.append(replaced.get(token.i, token.text) + token.whitespace_)
    return " ".join("".join(out).split()).replace(f" {_CUT}", _CUT).replace(f"{_CUT} ", _CUT)


def parse_address(text: str) -> ParsedAddress:
    """Street part, commune, district and province of ``text`` (as printed), with the units they name."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    marked = segment(text) if text else text
    segmented = marked.replace(_CUT, ", ")
    checked = check_address(segmented)
    found: dict[Level, tuple[Unit, ...]] = {}
    printed: dict[Level, str] = {}
    streets = 0
    for seg in checked.segments:
        if seg.level is None:
            if not found and not printed:
                streets += 1
            continue
        if seg.level in printed:
            continue
        printed[seg.level] = seg.text
        if seg.units:
            found[seg.level] = seg.units
    street: str | None = None
    if streets:
        pieces = re.split(f"(\\s*,\\s*|{_CUT})", marked)  # pieces and separators alternate
        street = "".join(pieces[: 2 * streets - 1]).replace(_CUT, " ").strip(" ,") or None
    return ParsedAddress(
        text=text,
        street=street,
        commune=printed.get("commune"),
        district=printed.get("district"),
        province=printed.get("province"),
        units=found,
        check=checked,
        segments_text=segmented,
    )


def era_of(as_of: date) -> Era:
    return "legacy" if as_of < REFORM else "2025"


def _mapping() -> dict[tuple[str, str], list[tuple[str, str, bool, bool]]]:
    global _MAPPING
    if _MAPPING is None:
        table: dict[tuple[str, str], list[tuple[str, str, bool, bool]]] = {}
        with gzip.open(MAPPING, "rt", encoding="utf-8") as f:
            next(f)
            for line in f:
                level, code, province, commune, whole, default = line.rstrip("\n").split("\t")
                table.setdefault((level, code), []).append((province, commune, whole == "1", default == "1"))
        _MAPPING = table
    return _MAPPING


def _named(level: Level, code: str) -> Unit | None:
    group = load().group(level, "")
    if group is None:
        return None
    units = [u for u in group.units if u.era == "2025" and u.code == code]
    return preferred(units) if units else None


def _display(unit: Unit | None) -> str | None:
    return traditional_tones(unit.name) if unit is not None else None


def current_units(parsed: ParsedAddress) -> list[CurrentUnit]:
    """The 2025 units that the legacy commune (else the legacy province) of ``parsed`` went into; [] if unknown.

    Only for an address whose units are legacy ones; the default successor first.
    """
    mapping = _mapping()
    commune = parsed.unit("commune", "legacy")
    province = parsed.unit("province", "legacy")
    rows: list[tuple[str, str, bool, bool]] = []
    if commune is not None:
        rows = mapping.get(("commune", commune.code), [])
    if not rows and province is not None and commune is None:
        rows = mapping.get(("province", province.code), [])
    out: list[CurrentUnit] = []
    for province_code, commune_code, whole, _ in sorted(rows, key=lambda r: not r[3]):
        p = _named("province", province_code)
        c = _named("commune", commune_code) if commune_code else None
        if p is None:
            continue
        out.append(CurrentUnit(_display(c), commune_code or None, _display(p) or "", province_code, whole))
    return out


@dataclass(frozen=True)
class AddressFinding:
    code: str
    message: str  # Vietnamese / English, with no address text in it


def validate(parsed: ParsedAddress, as_of: date | None, *, permanent: bool = False) -> list[AddressFinding]:
    """Findings about ``parsed`` on a document dated ``as_of`` (None: either era accepted).

    ``permanent`` marks personal data that never changes with the reform (Quê quán, Nơi đăng ký khai sinh): old
    names stay right on any date. Findings are warnings; nothing is rewritten.
    """
    if not parsed.units or as_of is None:
        return []
    era = era_of(as_of)
    findings: list[AddressFinding] = []
    if era == "2025" and parsed.units.get("district") and not permanent:
        findings.append(
            AddressFinding(
                "address_district_after_reform",
                "Địa chỉ có cấp huyện trên giấy tờ từ 01/07/2025 / a district on a document dated after the reform",
            )
        )
    if parsed.valid_in(era) or permanent:
        return findings
    if era == "2025" and parsed.valid_in("legacy"):
        findings.append(
            AddressFinding(
                "address_units_before_reform",
                "Đơn vị hành chính trước 01/07/2025 trên giấy tờ sau ngày đó / pre-reform units on a later document",
            )
        )
    elif era == "legacy" and parsed.valid_in("2025"):
        findings.append(
            AddressFinding(
                "address_units_after_date",
                "Đơn vị hành chính sau 01/07/2025 trên giấy tờ trước đó / post-reform units on an earlier document",
            )
        )
    return findings


def _measure() -> None:
    started = time.perf_counter()
    pipeline()
    built = time.perf_counter() - started
    samples = [
        "Thôn 4, Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giang",
        "So 12 duong Le Loi, P. Ben Nghe, Q.1, TP. Ho Chi Minh",
        "xa tan lap huyen cai be tinh tien giang",
        "Phường Cửa Nam, Thành phố Hà Nội",
    ]
    started = time.perf_counter()
    rounds = 50
    for _ in range(rounds):
        for sample in samples:
            parse_address(sample)
    each = (time.perf_counter() - started) / (rounds * len(samples))
    print(f"first build {built:.2f} s; parse {each * 1000:.2f} ms per address")


if __name__ == "__main__":
    _measure()
