"""Value parsers per field kind: raw OCR text → the contract's normalised value.

Each parser is pure and total. ``Parsed.valid`` says the text had the shape of the kind (twelve digits, a
real date, ``Nam``/``Nữ``…); whether the value is *right* is for the validators to say.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from extractors.gazetteer import check_address, same_letters_as_known
from extractors.gazetteer.address import strip_junk_prefix
from extractors.marks import check_marks
from extractors.name_lexicon import check_name
from extractors.validators import civil, land, number_words
from extractors.validators.dates import parse_date
from extractors.validators.ethnicity import normalise_ethnicity, normalise_religion
from extractors.validators.syllables import non_syllables
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
    doubtful: bool = False  # well-formed, but with a sign of a misread (a place name in lower case…)
    read_as: str | None = None  # the text as read, when the value is a proposal that differs from it (restored)


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


_LOOSE_DATE = re.compile(r"(?<!\d)(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?((?:19|20)\d{2})(?!\d)")
_SPACED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+(\d{1,2})\s+((?:19|20)\d{2})(?!\d)")


def parse_date_value(text: str) -> Parsed:
    """A printed date: ``dd/mm/yyyy`` and its OCR variants, ``[Ngày] dd tháng mm năm yyyy``, or "Không thời hạn".

    The label "Ngày" may have been consumed as the field's label, and a digits-only re-read turns the words
    into spaces (``19 07 2017``); both are accepted.
    """
    if is_no_expiry(text):
        return Parsed(None, True, no_expiry=True)
    iso = parse_date(text) or parse_date(f"ngày {text}")
    if iso is None:
        spaced = _SPACED_DATE.search(text)
        if spaced:
            iso = parse_date("/".join(spaced.groups()))
    if iso is None:
        # "Noày 15 tàn 09 sản 2018": the words around the numbers misread, day, month and year still in order.
        loose = _LOOSE_DATE.search(text)
        if loose:
            iso = parse_date("/".join(loose.groups()))
            return Parsed(iso, iso is not None and len(iso) == 10, doubtful=True)
    return Parsed(iso, iso is not None and len(iso) == 10)


def parse_text(text: str) -> Parsed:
    value = collapse_ws(strip_leaders(unicodedata.normalize("NFC", text)))
    return Parsed(value or None, bool(value))


#: Address unit words whose diacritics OCR often gets wrong; restored when the letters match exactly.
_UNIT_PHRASES = ("Tổ dân phố", "Khu phố", "Thành phố", "Thị trấn", "Thị xã", "Tỉnh", "Huyện", "Quận", "Phường", "Xã",
                 "Thôn", "Xóm", "Ấp", "Đường", "Ngõ", "Ngách", "Hẻm", "Số nhà", "Số", "Đặc khu")  # fmt: skip
_ABBREVIATIONS = {"tp", "q", "p", "h", "tx", "tt", "f"}


_MISREAD_COMMA = re.compile(r"(?<=\w)[;)](?=\s)")
# A house, hamlet or group number with a letter for a digit: "Xóm I1", "Tổ I5", "Số 2O".
_NUMBERED = re.compile(r"\b(Xóm|Thôn|Tổ|Ấp|Khu|phố|Số|Phường|Ngõ|Ngách|Hẻm|Bản|Đội) ([0-9IlO|]*[0-9][0-9IlO|]*)\b")
_TO_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0"})
_GLUED_ABBREVIATION = re.compile(r"\b(TP|Tp|TX|TT)\.(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])")


def _split_segments(text: str) -> list[str]:
    """Split at commas, and at full stops that stand for commas (not after ``TP.``, ``Q.``…).

    A ``;`` or ``)`` right after a word is a misread comma; ``TP.Hà Nội`` gets its space back (``TP. Hà Nội``).
    """
    text = _GLUED_ABBREVIATION.sub(r"\1. ", _MISREAD_COMMA.sub(",", text))
    text = _NUMBERED.sub(lambda m: f"{m.group(1)} {m.group(2).translate(_TO_DIGITS)}", text)
    segments: list[str] = []
    current: list[str] = []
    for token in text.split(" "):
        current.append(token)
        if token.endswith(",") or (token.endswith(".") and len(token) > 1 and fold(token[:-1]) not in _ABBREVIATIONS):
            segments.append(" ".join(current)[:-1])
            current = []
    if current:
        segments.append(" ".join(current))
    return [seg.strip() for seg in segments if seg.strip()]


def _case_as(word: str, read: str) -> str:
    if read[:1].islower():
        return word[:1].lower() + word[1:]
    return word


def tidy_address(text: str) -> tuple[str, bool]:
    """Repair what OCR does to address punctuation and unit words, never the place names themselves.

    ``Xã Quảng Đông. Huyện`` → ``Xã Quảng Đông, Huyện`` (a full stop at the end of a segment is a misread comma,
    except after an abbreviation such as ``TP.``); a unit word at the start of a segment whose letters match
    exactly gets its diacritics back (``Tính Phú Thọ`` → ``Tỉnh Phú Thọ``, ``Tố dân phố`` → ``Tổ dân phố``).
    Also says whether the address looks misread: a place name after a unit word that starts in lower case
    (``Xã la Ka``: ``Ia`` or ``La``?) is left as read but marked doubtful.
    """
    out: list[str] = []
    doubtful = False
    for segment in _split_segments(text):
        words = segment.split(" ")
        if same_letters_as_known(segment):
            out.append(segment)  # a bare unit name that starts like a unit word: "Quan Hóa", not "Quận Hóa"
            continue
        for phrase in _UNIT_PHRASES_LONGEST_FIRST:
            parts = phrase.split(" ")
            n = len(parts)
            if len(words) > n and fold(" ".join(words[:n])) == fold(phrase) and words[n][:1].isalnum():
                # The unit word's diacritics as listed, its case as printed ("xã" stays lower case on certificates).
                words[:n] = [_case_as(part, read) for part, read in zip(parts, words[:n], strict=True)]
                doubtful = doubtful or any(w[:1].islower() for w in words[n:])
                break
        out.append(" ".join(words))
    return ", ".join(out), doubtful


_UNIT_PHRASES_LONGEST_FIRST = sorted(_UNIT_PHRASES, key=lambda p: -len(p))


def parse_place(text: str) -> Parsed:
    """An address: punctuation and unit words tidied, then unit names checked against the gazetteer in context.

    A name restored from the gazetteer (``Căn Thơ`` → ``Cần Thơ``), or OCR junk dropped from the front
    (:func:`~extractors.gazetteer.address.strip_junk_prefix`), is a proposal: the value is doubtful and
    ``read_as`` keeps the tidied text as read. An unknown or ambiguous unit name makes the value doubtful too.
    """
    parsed = parse_text(text)
    if not parsed.value:
        return parsed
    value, doubtful = tidy_address(parsed.value)
    stripped = strip_junk_prefix(value)  # "PXeoe ø osos XÃ Lưu Phương, …": a proposal without the junk
    if stripped is not None:
        stripped, _ = tidy_address(stripped)
    checked = check_address(stripped or value)
    read_as = value if checked.restorations or stripped is not None else None
    doubtful = doubtful or checked.doubtful or stripped is not None
    return Parsed(checked.text, True, doubtful=doubtful, read_as=read_as)


def parse_marks(text: str) -> Parsed:
    parsed = parse_text(text)
    if not parsed.value:
        return parsed
    value, doubtful = check_marks(parsed.value)
    return Parsed(value, True, doubtful=doubtful)


def parse_listed(text: str, lookup: Callable[[str], tuple[str | None, bool]]) -> Parsed:
    """A value from a closed list: its listed spelling when the letters match; anything else is doubtful."""
    read = parse_text(text).value
    if read is None:
        return Parsed(None, False)
    listed, exact = lookup(read)
    return Parsed(listed or read, True, doubtful=listed is None or not exact)


def parse_nationality(text: str) -> Parsed:
    value = parse_text(text).value
    if value is None:
        return Parsed(None, False)
    if fuzz.ratio(fold(value).replace(" ", ""), "vietnam") >= 80:
        return Parsed("Việt Nam", True)
    return Parsed(value, False)


_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_HONORIFIC = re.compile(
    r"^(?:(?:và|va)\s+)?(?:(?:vợ|vo|chồng|chong)\s*:?\s*)?(?:(?:hộ|ho)\s+)?(?:ông|ong|bà|ba)\s*:?\s+", re.I
)


def parse_year(text: str) -> Parsed:
    fixed = " ".join(t.translate(_TO_DIGIT) if _DIGITISH.fullmatch(t) else t for t in text.split())
    match = _YEAR.search(fixed)
    return Parsed(match.group(1) if match else None, match is not None)


def parse_person_number(text: str) -> Parsed:
    """A person's number on a paper: the 12-digit number, or a 9-digit CMND number."""
    for length in (12, 9):
        parsed = parse_number(text, length)
        if parsed.valid:
            return parsed
    return Parsed(None, False)


def parse_date_words_value(text: str) -> Parsed:
    """A date written in words, kept as printed (normalised text); valid when it reads as a date."""
    value = parse_text(text).value
    if value is None:
        return Parsed(None, False)
    value = value.strip(" ()")
    return Parsed(value, number_words.parse_date_words(value) is not None)


def parse_area_value(text: str) -> Parsed:
    area = land.parse_area(text)
    return Parsed(land.format_area(area) if area is not None else None, area is not None)


def parse_area_words(text: str) -> Parsed:
    value = parse_text(text).value
    if value is None:
        return Parsed(None, False)
    value = re.sub(r"^\(?\s*(?:bằng chữ|bang chu)\s*:?\s*", "", value, flags=re.I).strip(" ()")
    return Parsed(value or None, land.area_from_words(value) is not None)


#: Fixed phrases of land certificates besides the land-use names of the code catalogue.
_LAND_PHRASES = (
    "Sử dụng riêng",
    "Sử dụng chung",
    "Sử dụng chung của vợ và chồng",
    "Lâu dài",
    "Đến ngày",
    "Đến",
    "Không",
    "Nhà nước giao đất",
    "Công nhận QSDĐ",
    "thu tiền sử dụng đất",
)


@functools.lru_cache(maxsize=1)
def _land_phrases() -> dict[str, str]:
    """Folded phrase → printed spelling, longest first; only phrases whose folded form is unambiguous."""
    phrases = [*_LAND_PHRASES, *(name for entry in land.CATALOGUE.codes for name in entry.names)]
    folded: dict[str, set[str]] = {}
    for phrase in phrases:
        folded.setdefault(fold(phrase), set()).add(phrase)
    unique = {key: next(iter(spellings)) for key, spellings in folded.items() if len(spellings) == 1}
    return dict(sorted(unique.items(), key=lambda kv: -len(kv[0])))


def restore_land_phrases(text: str) -> str:
    """Known land phrases read with a diacritic wrong ("Sử dung riêng", "Đất ở tai đô thị") get their printed
    spelling back. Only whole words whose letters match exactly are touched; nothing else is rewritten."""
    words = text.split(" ")
    keys = [fold(w.strip(",;:.()")) for w in words]
    out: list[str] = []
    i = 0
    phrases = _land_phrases()
    while i < len(words):
        for key, phrase in phrases.items():
            n = key.count(" ") + 1
            if " ".join(keys[i : i + n]) == key and all(keys[i : i + n]):
                parts = phrase.split(" ")
                last = words[i + n - 1]
                tail = last[len(last.rstrip(",;:.()")) :]
                head = words[i][: len(words[i]) - len(words[i].lstrip("("))]
                first = parts[0] if words[i].lstrip("(")[:1].isupper() else parts[0][:1].lower() + parts[0][1:]
                out.extend([head + first, *parts[1:-1]] if n > 1 else [head + first])
                if n > 1:
                    out.append(parts[-1])
                out[-1] += tail
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


_TERM_AFTER_SEMICOLON = re.compile(r";\s*(?=(?:Đến|Lâu dài)\b)")  # a term follows a colon: "…khác: Đến ngày …"


def parse_land_text(text: str) -> Parsed:
    value = parse_text(text).value
    if not value:
        return Parsed(None, False)
    value = _SQUARE_METRE.sub(" m²", value)
    return Parsed(_TERM_AFTER_SEMICOLON.sub(": ", restore_land_phrases(value)), True)


_CODE_THEN_AREA = re.compile(r"\(([A-Z]{3})\)\s*[;:]\s*(?=\d)")  # "(ODT); 229,5 m²": the colon misread
_SQUARE_METRE = re.compile(r"(?<=\d)\s*m\s*[2²?]?(?![\w²])")  # areas: "m2", "m?" or a lost "²"


def parse_land_use(text: str) -> Parsed:
    """A land-use line as printed, with ``m2``/``m?`` (a misread ²) written ``m²`` and known names restored."""
    value = parse_text(text).value
    if not value:
        return Parsed(None, False)
    value = _CODE_THEN_AREA.sub(r"(\1): ", _SQUARE_METRE.sub(" m²", value))
    return Parsed(restore_land_phrases(value), True)


def parse_short_number(text: str) -> Parsed:
    """A registration, book, parcel or map-sheet number as printed (``123``, ``05/2020``, ``01-TLKS``)."""
    value = parse_text(text).value
    if value is None:
        return Parsed(None, False)
    value = value.split(" ")[0].strip(",.;:")
    return Parsed(value or None, bool(value) and any(c.isdigit() for c in value))


def parse_name(text: str) -> Parsed:
    """A person's name in upper case. A word that is no Vietnamese syllable (marks included) makes it doubtful;
    when one common name syllable is nearest to such a word, it is proposed (``read_as`` keeps the name as read)."""
    name = normalise_name(text)
    if not name:
        return Parsed(None, False)
    checked = check_name(name)
    doubtful = bool(non_syllables(name)) or bool(checked.invalid)
    if checked.proposal is not None:
        return Parsed(checked.proposal, len(name.split()) >= 2, doubtful=True, read_as=name)
    return Parsed(name, len(name.split()) >= 2, doubtful=doubtful)


def parse_holder_name(text: str) -> Parsed:
    """A land holder's name without the honorific that introduces it (``Ông``, ``Bà``, ``và vợ: Bà``…)."""
    return parse("name", _HONORIFIC.sub("", parse_text(text).value or ""))


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
        return parse_name(text)
    if kind == "sex":
        sex = normalise_sex(text)
        return Parsed(sex, sex is not None)
    if kind == "nationality":
        return parse_nationality(text)
    if kind == "place":
        return parse_place(text)
    if kind == "marks":
        return parse_marks(text)
    if kind in ("ethnicity", "religion"):
        return parse_listed(text, normalise_ethnicity if kind == "ethnicity" else normalise_religion)
    return _PAPER_PARSERS.get(kind, parse_text)(text)


def _serial(text: str) -> Parsed:
    serial = land.normalise_serial(text)
    return Parsed(serial, serial is not None)


def _registry(text: str) -> Parsed:
    number = land.normalise_registry_number(text)
    return Parsed(number, number is not None)


def _time(text: str) -> Parsed:
    value = civil.normalise_time_of_death(text)
    return Parsed(value, value is not None)


# The printed words of an identity paper's line on civil-status forms ("Giấy tờ tùy thân: Chứng minh nhân dân số …,
# do Công an tỉnh … cấp ngày …"), longest first. OCR glues them when the dotted leader under them is removed
# ("nhândânsố") or misses a mark ("nhận dận"); only these words are put back, never the number, issuer or date.
_ID_DOCUMENT_PHRASES = (
    "Giấy chứng minh nhân dân số",
    "Chứng minh nhân dân số",
    "Căn cước công dân số",
    "Căn cước số",
    "Hộ chiếu số",
    "cấp ngày",
    "Công an",
)


@functools.lru_cache(maxsize=1)
def _id_document_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(r"(?<![a-z])" + r"\s*".join(map(re.escape, fold(p).split())) + r"(?![a-z])"), p)
        for p in _ID_DOCUMENT_PHRASES
    ]


def parse_id_document(text: str) -> Parsed:
    """An identity paper as printed, its fixed words spelt and spaced as printed (numbers and names untouched)."""
    parsed = parse_text(text)
    value = parsed.value
    if value is None:
        return parsed
    nfc = unicodedata.normalize("NFC", value)
    key = fold(nfc)
    if len(key) != len(nfc):
        return parsed
    for pattern, phrase in _id_document_patterns():
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(key):
            pieces.append(nfc[last : m.start()])
            original = nfc[m.start() : m.end()]
            pieces.append(phrase if original[:1].isupper() == phrase[:1].isupper() else original)
            if m.end() < len(nfc) and not nfc[m.end()].isspace() and nfc[m.end()] not in ",.;:":
                pieces.append(" ")
            last = m.end()
        pieces.append(nfc[last:])
        nfc = "".join(pieces)
        key = fold(nfc)
    return replace(parsed, value=collapse_ws(nfc))


_PAPER_PARSERS: dict[str, Callable[[str], Parsed]] = {
    "id_document": parse_id_document,
    "year": parse_year,
    "person_number": parse_person_number,
    "date_words": parse_date_words_value,
    "number": parse_short_number,
    "time": _time,
    "serial": _serial,
    "registry_number": _registry,
    "area": parse_area_value,
    "area_words": parse_area_words,
    "holder_name": parse_holder_name,
    "land_use": parse_land_use,
    "land_text": parse_land_text,
}
