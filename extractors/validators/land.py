"""Land certificates (GCN, "sổ đỏ"/"sổ hồng"): serial, registry number, land-use codes, areas, term (spec §4).

Everything here is a pure function of its arguments; the land-use code catalogue is data
(``land_codes.yaml`` next to this module), validated by a pydantic model when the module is imported, so a bad entry
fails loudly and early. Rules marked **[P]**/**[U]** in the spec (serial letters per generation, catalogue per issue
date, code meaning) give ``warning`` findings only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from extractors.validators import Finding
from extractors.validators.dates import parse_date
from extractors.validators.number_words import parse_decimal
from extractors.validators.text import fold, strip_leaders

Form = Literal["2014", "2024"]
Catalogue = Literal["2014", "2024"]

LAND_CODES_PATH: Final = Path(__file__).with_name("land_codes.yaml")
CATALOGUE_2024_FROM: Final = date(2024, 8, 1)  # Thông tư 08/2024 and Thông tư 10/2024 in force [V]/[U]
FORM_2024_FROM: Final = date(2024, 8, 1)  # Thông tư 10/2024 form [V]
FORM_2014_LAST: Final = date(2024, 12, 31)  # old blanks usable until 31/12/2024 [V]

# --------------------------------------------------------------------------------------------------------------------
# The code catalogue


class LandCode(BaseModel):
    """One land-use code of ``land_codes.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    catalogues: tuple[Catalogue, ...]
    names: tuple[str, ...] = ()
    uncertain: bool = False
    replaces: tuple[str, ...] = ()

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"land-use code must be three capital letters, got {value!r}")
        return value

    @field_validator("catalogues")
    @classmethod
    def _some_catalogue(cls, value: tuple[Catalogue, ...]) -> tuple[Catalogue, ...]:
        if not value or len(set(value)) != len(value):
            raise ValueError("catalogues must list 2014 and/or 2024, each once")
        return value

    @field_validator("names")
    @classmethod
    def _names_nfc(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if not name.strip() or unicodedata.normalize("NFC", name) != name:
                raise ValueError(f"name {name!r} is empty or not NFC")
        return value


class LandCodeCatalogue(BaseModel):
    """The whole file: codes unique, ``replaces`` pointing at listed codes, no name shared by two codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    codes: tuple[LandCode, ...]

    @model_validator(mode="after")
    def _consistent(self) -> LandCodeCatalogue:
        seen: set[str] = set()
        for entry in self.codes:
            if entry.code in seen:
                raise ValueError(f"duplicate land-use code {entry.code}")
            seen.add(entry.code)
        for entry in self.codes:
            missing = set(entry.replaces) - seen
            if missing:
                raise ValueError(f"{entry.code} replaces unknown codes {sorted(missing)}")
        names: dict[str, str] = {}
        for entry in self.codes:
            for name in entry.names:
                other = names.setdefault(_name_key(name), entry.code)
                if other != entry.code:
                    raise ValueError(f"name {name!r} given for both {other} and {entry.code}")
        return self

    def by_code(self) -> dict[str, LandCode]:
        return {entry.code: entry for entry in self.codes}


class LandCodesError(ValueError):
    """``land_codes.yaml`` is missing or invalid."""


def load_land_codes(path: Path = LAND_CODES_PATH) -> LandCodeCatalogue:
    """Read and validate a land-code file; raises :class:`LandCodesError` naming the file on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return LandCodeCatalogue.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise LandCodesError(f"{path.name}: {exc}") from exc


def _name_key(name: str) -> str:
    """Folded name for matching: no diacritics, lower case, punctuation → spaces (``hằng``/``hàng`` → ``hang``)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name)).split())


CATALOGUE: Final = load_land_codes()
LAND_CODES: Final = CATALOGUE.by_code()

# --------------------------------------------------------------------------------------------------------------------
# Serial number (số phát hành / số seri)

_SERIAL_2014: Final = re.compile(r"[A-ZĐ]{1,2} ?\d{6}")
_SERIAL_2024: Final = re.compile(r"[A-Z]{2} ?\d{8}")
_TO_DIGIT: Final = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "!": "1"})
_TO_LETTER: Final = str.maketrans({"0": "O", "1": "I", "8": "B", "5": "S"})
_SERIAL_LABEL: Final = re.compile(
    r"^(?:s[oố](?:\s+ph[aá]t\s+h[aà]nh)?\b[\s.:]*)?(?:(?:s[eê]\s*-?\s*ri(?:al)?|serial)\b|no\.)?[\s.:]*", re.IGNORECASE
)


def _serial_parts(letters: str, digits: str) -> str | None:
    letters = letters.translate(_TO_LETTER)
    digits = digits.translate(_TO_DIGIT)
    if not re.fullmatch(r"[A-ZĐ]{1,2}", letters) or not re.fullmatch(r"\d{6}|\d{8}", digits):
        return None
    return f"{letters} {digits}"


def normalise_serial(raw: str | None) -> str | None:
    """Serial as the contract wants it: ``BX 123456`` / ``AA 12345678`` (one space); None when it is not one.

    OCR-tolerant: case, missing or extra spaces, dots and dashes are ignored; in the digit part O/Q/D → 0 and
    I/l/| → 1; in the letter part 0 → O, 1 → I, 8 → B, 5 → S. A space in the reading is taken as the boundary
    between letters and digits; without one, two letters are preferred over one.
    """
    if not raw:
        return None
    text = unicodedata.normalize("NFC", raw).strip()
    # The reading as it is first (a serial may start with "SO"), then without a label (``Số seri:``, ``No.``).
    return _serial_from(text) or _serial_from(_SERIAL_LABEL.sub("", text))


def _serial_from(text: str) -> str | None:
    text = re.sub(r"[.\-_:·]", " ", text.upper()).strip()
    split = re.fullmatch(r"([A-ZĐ0-9]{1,2})\s+([0-9A-Z|!\s]+)", text)
    if split is not None:
        found = _serial_parts(split.group(1), re.sub(r"\s+", "", split.group(2)))
        if found is not None:
            return found
    compact = re.sub(r"\s+", "", text)
    for n_letters in (2, 1):
        found = _serial_parts(compact[:n_letters], compact[n_letters:])
        if found is not None and any(ch.isalpha() for ch in compact[:n_letters]):
            return found
    return None


def _serial_generation_ok(letters: str, issue_date: date) -> tuple[bool, str]:
    """Serial letters against the generation table of §4.1 [P] (indicative only)."""
    if issue_date < date(2004, 7, 1):
        return len(letters) == 1, "một chữ cái / one letter (Luật Đất đai 1993)"
    if issue_date < date(2009, 12, 10):
        return len(letters) == 2 and letters[0] == "A", "bắt đầu bằng A / starting with A (Luật Đất đai 2003)"
    if issue_date < date(2014, 7, 1):
        return len(letters) == 2 and letters[0] == "B", "bắt đầu bằng B / starting with B (NĐ 88/2009)"
    return len(letters) == 2 and letters[0] in "BCD", "bắt đầu bằng B, C, D / starting with B, C or D (TT 23/2014)"


def check_serial(serial: str | None, form: Form, issue_date: date | None) -> list[Finding]:
    """Serial against the form's pattern (error) and against the issue date's generation (warning only).

    Form ``2014`` (Thông tư 23/2014 and the earlier look-alike forms): ``^[A-ZĐ]{1,2} ?\\d{6}$``; form ``2024``
    (Thông tư 10/2024): ``^[A-Z]{2} ?\\d{8}$``. The raw reading is normalised first (:func:`normalise_serial`).
    """
    fields = ("serial_number",)
    normal = normalise_serial(serial)
    pattern = _SERIAL_2024 if form == "2024" else _SERIAL_2014
    if normal is None or not pattern.fullmatch(normal):
        want = (
            "2 chữ cái + 8 chữ số / 2 letters + 8 digits"
            if form == "2024"
            else "chữ cái + 6 chữ số / letters + 6 digits"
        )
        return [
            Finding(
                "serial_format_invalid",
                "error",
                f"Số phát hành {serial!r} không đúng mẫu {want} / serial does not match the {form} form",
                fields,
            )
        ]
    if issue_date is None:
        return []
    letters = normal.split(" ")[0]
    problem: str | None = None
    if form == "2024":
        if issue_date < FORM_2024_FROM:
            problem = f"mẫu 2024 nhưng cấp ngày {issue_date} trước 01/08/2024 / 2024 form issued before 2024-08-01"
    elif issue_date > FORM_2014_LAST:
        problem = f"số 6 chữ số nhưng cấp ngày {issue_date} sau 31/12/2024 / old 6-digit serial issued after 2024"
    else:
        ok, want = _serial_generation_ok(letters, issue_date)
        if not ok:
            problem = f"cấp ngày {issue_date}, số phát hành thường {want}"
    if problem is None:
        return []
    return [
        Finding(
            "serial_generation_date_mismatch",
            "warning",
            f"Số phát hành {normal}: {problem}",
            ("serial_number", "issue_date"),
        )
    ]


# --------------------------------------------------------------------------------------------------------------------
# Registry number (Số vào sổ cấp GCN)

_REGISTRY_LABEL: Final = re.compile(
    r"^.*?s[oố]\s+v[aà]o\s+s[oổ]\s+c[aấ]p\s+(?:gcn|gi[aấ]y\s+ch[uứ]ng\s+nh[aậ]n)\b", re.I
)
_REGISTRY: Final = re.compile(r"([A-ZĐ]{1,3})\s*([.\-]?)\s*([0-9OQ][0-9OQ./\-]*)")
_REGISTRY_LOOSE: Final = re.compile(r"[A-ZĐ]{1,3}[ .\-]?[0-9][0-9./\-]*")


def normalise_registry_number(raw: str | None) -> str | None:
    """``Số vào sổ cấp GCN`` value: dotted fill stripped, prefix + number kept (``CH 00123``, ``CS01234``, ``CT-01``).

    The separator as printed is kept (space, ``-``, ``.`` or none; dotted fill counts as a space); O/Q in the number
    → 0; trailing punctuation dropped. None when there is no letter prefix followed by a number.
    """
    if not raw:
        return None
    text = unicodedata.normalize("NFC", raw)
    text = _REGISTRY_LABEL.sub("", text)
    text = strip_leaders(text).upper()
    text = text.strip(" :;,")
    match = _REGISTRY.fullmatch(text)
    if match is None:
        return None
    prefix, sep, number = match.groups()
    number = number.translate(_TO_DIGIT).rstrip("./-")
    if not number:
        return None
    had_space = bool(re.search(r"\s", text[match.end(1) : match.start(3)]))
    return f"{prefix}{sep or (' ' if had_space else '')}{number}"


def check_registry_number(registry: str | None, serial: str | None = None) -> list[Finding]:
    """Loose shape check (§4.2, warning) and a guard against the serial having been read into this field (error)."""
    if not registry:
        return []
    findings: list[Finding] = []
    compact = re.sub(r"\s+", "", strip_leaders(registry).upper())
    if not _REGISTRY_LOOSE.fullmatch(compact):
        findings.append(
            Finding(
                "registry_number_format_invalid",
                "warning",
                f"Số vào sổ {registry!r} không có dạng tiền tố + số / registry number is not prefix + number",
                ("registry_number",),
            )
        )
    serial_normal = normalise_serial(serial)
    if serial_normal is not None and normalise_serial(registry) == serial_normal:
        findings.append(
            Finding(
                "registry_number_is_serial",
                "error",
                "Số vào sổ trùng số phát hành / the registry number repeats the serial",
                ("registry_number", "serial_number"),
            )
        )
    return findings


# --------------------------------------------------------------------------------------------------------------------
# Land-use codes

_PAREN_CODE: Final = re.compile(r"\(\s*([A-Za-z0]{3})\s*\)")
_BARE_CODE: Final = re.compile(r"(?<![\w])([A-Z0]{3})(?![\w])")
_WORD: Final = re.compile(r"\S+")


def _as_code(token: str) -> str | None:
    code = token.upper().replace("0", "O")
    return code if code in LAND_CODES else None


def _is_code_or_not_caps(word: str) -> bool:
    """A neighbour that does not make a bare code part of an upper-case phrase (``THÔNG TIN``)."""
    core = word.strip("()[]:;,.+/-")
    if not core or _as_code(core) is not None:
        return True
    letters = [ch for ch in core if ch.isalpha()]
    return len(letters) < 2 or not all(ch.isupper() for ch in letters)


def find_land_use_codes(text: str | None) -> list[str]:
    """Official codes in printed order, each once: ``(ONT)`` style (any case) and bare upper-case codes.

    OCR-tolerant: ``0`` is read as ``O`` (``(0NT)`` → ONT). A bare code is kept only when it is not part of an
    upper-case phrase (``THÔNG TIN`` holds no TIN): its neighbours on either side (without a separator between)
    must be codes themselves, or not upper-case words.
    """
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _PAREN_CODE.finditer(text):
        code = _as_code(match.group(1))
        if code is not None:
            found.append((match.start(), code))
            taken.append(match.span())
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    for match in _BARE_CODE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        code = _as_code(match.group(1))
        if code is None or not any(ch.isalpha() for ch in match.group(1)):
            continue
        index = next(k for k, (a, b, _) in enumerate(words) if a <= match.start() < b)
        word = words[index][2]
        neighbours: list[str] = []
        if not re.match(r"[\w]+[,;:+/.)\]]", word) and index + 1 < len(words):
            neighbours.append(words[index + 1][2])
        if index > 0 and not re.search(r"[,;:+/(\[]$", words[index - 1][2]) and not re.match(r"[,;:+/(\[]", word):
            neighbours.append(words[index - 1][2])
        if all(_is_code_or_not_caps(n) for n in neighbours):
            found.append((match.start(), code))
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return ordered


def _name_patterns() -> list[tuple[str, str]]:
    """(folded name, code), longest first; names of three words or more also match without the leading "đất"."""
    pairs: list[tuple[str, str]] = []
    for entry in CATALOGUE.codes:
        for name in entry.names:
            key = _name_key(name)
            pairs.append((key, entry.code))
            if key.startswith("dat ") and len(key.split()) >= 4:
                pairs.append((key[4:], entry.code))
    return sorted(pairs, key=lambda p: -len(p[0]))


_NAME_PATTERNS: Final = _name_patterns()


def codes_for_purpose_text(text: str | None) -> list[str]:
    """Codes whose Vietnamese names appear in ``text``, in printed order, each once.

    Matching folds case and diacritics (so ``hằng``/``hàng``, ``thủy``/``thuỷ`` and OCR text without diacritics all
    match) and punctuation; the longest name wins where names overlap. Colloquial names without a code
    (``đất thổ cư``, ``đất vườn``) give nothing.
    """
    if not text:
        return []
    key = " " + _name_key(text) + " "
    used = [False] * len(key)
    found: list[tuple[int, str]] = []
    for name, code in _NAME_PATTERNS:
        needle = " " + name + " "
        start = key.find(needle)
        while start != -1:
            span = range(start + 1, start + len(needle) - 1)
            if not any(used[k] for k in span):
                for k in span:
                    used[k] = True
                found.append((start, code))
            start = key.find(needle, start + 1)
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return ordered


def _equivalents(code: str) -> set[str]:
    """A code with the codes of the other catalogue that mean the same (HNK ↔ BHK, NHK)."""
    same = {code}
    for entry in CATALOGUE.codes:
        if entry.code == code:
            same |= set(entry.replaces)
        elif code in entry.replaces:
            same.add(entry.code)
    return same


def check_land_use(codes: Sequence[str], printed_text: str | None, issue_date: date | None) -> list[Finding]:
    """Codes against the catalogue, the printed purpose names and the issue date.

    * a code in neither catalogue → ``land_use_code_unknown`` (error);
    * a code whose meaning is not among the printed names, or a printed name without its code →
      ``land_use_code_purpose_mismatch`` (warning; codes marked uncertain are not compared);
    * a 2024-only code before 2024-08-01, or a 2014-only code after → ``land_use_code_catalogue_date_mismatch``
      (warning: re-issued certificates may restate old codes).
    """
    findings: list[Finding] = []
    known: list[LandCode] = []
    for code in codes:
        entry = LAND_CODES.get(code.strip().upper())
        if entry is None:
            findings.append(
                Finding(
                    "land_use_code_unknown",
                    "error",
                    f"Mã loại đất {code!r} không có trong danh mục / unknown land-use code",
                    ("land_use_codes",),
                )
            )
        else:
            known.append(entry)
    named = codes_for_purpose_text(printed_text)
    certain = [e.code for e in known if not e.uncertain]
    if named and certain:
        unexplained = [c for c in certain if not _equivalents(c) & set(named)]
        uncoded = [n for n in named if not _equivalents(n) & {e.code for e in known}]
        if unexplained or uncoded:
            findings.append(
                Finding(
                    "land_use_code_purpose_mismatch",
                    "warning",
                    f"Mã loại đất ({', '.join(e.code for e in known)}) không khớp tên mục đích in "
                    f"({', '.join(named)}) / land-use codes do not match the printed purposes",
                    ("land_use_codes", "land_use"),
                )
            )
    if issue_date is not None:
        catalogue: Catalogue = "2024" if issue_date >= CATALOGUE_2024_FROM else "2014"
        off = [e.code for e in known if not e.uncertain and catalogue not in e.catalogues]
        if off:
            findings.append(
                Finding(
                    "land_use_code_catalogue_date_mismatch",
                    "warning",
                    f"Mã {', '.join(off)} không thuộc danh mục {catalogue} áp dụng ngày cấp {issue_date} / "
                    f"codes not in the {catalogue} catalogue of the issue date",
                    ("land_use_codes", "issue_date"),
                )
            )
    return findings


# --------------------------------------------------------------------------------------------------------------------
# Areas

_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)*")
_AREA_WITH_UNIT: Final = re.compile(r"(\d+(?:[.,]\d+)*)\s*(?:m\s*[²2](?![0-9])|mét\s+vuông|met\s+vuong)", re.I)


def _decimal_from_digits(token: str) -> Decimal | None:
    """``499,4`` → 499.4; ``1.234,5`` → 1234.5; ``1.234`` → 1234 (dot before three digits = thousands); ``93.0``."""
    if "," in token and "." in token:
        decimal_sep = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        token = token.replace(thousands, "").replace(decimal_sep, ".")
    elif token.count(",") == 1:
        token = token.replace(",", ".")
    elif "," in token:
        token = token.replace(",", "")
    elif token.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", token):
        token = token.replace(".", "")
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def parse_area(raw: str | None) -> Decimal | None:
    """An area reading → Decimal: ``499,4 m²`` → 499.4; ``1.234,5 m2`` → 1234.5. The first number followed by a unit
    (``m²``, ``m2``, ``mét vuông``) is taken, else the first number.

    Vietnamese decimal comma; a dot is a thousands separator when it is followed by exactly three digits and no
    comma (``1.234`` → 1234), a decimal point otherwise (``93.0``). None when there is no number.
    """
    if not raw:
        return None
    text = unicodedata.normalize("NFC", raw)
    with_unit = _AREA_WITH_UNIT.search(text)
    if with_unit is not None:
        return _decimal_from_digits(with_unit.group(1))
    match = _NUMBER.search(text)
    return None if match is None else _decimal_from_digits(match.group())


def format_area(area: Decimal) -> str:
    """Contract form: dot decimal, no trailing zeros, no exponent: ``499.4``, ``93``, ``1200``."""
    text = format(area.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_AREA_WORD_NOISE: Final = re.compile(r"\b(?:bằng\s+chữ|bang\s+chu|mét\s+vuông|met\s+vuong|m\s*[²2])\b|[():;]", re.I)


def area_from_words(words_text: str | None) -> Decimal | None:
    """``(Ba trăm mười bốn mét vuông)`` / ``bằng chữ: … phẩy bốn mét vuông`` → the area it says, or None."""
    if not words_text:
        return None
    cleaned = _AREA_WORD_NOISE.sub(" ", unicodedata.normalize("NFC", words_text))
    return parse_decimal(" ".join(cleaned.split()))


def check_area_words(area: Decimal | None, words_text: str | None) -> list[Finding]:
    """The area in figures against the area in words: differ → ``area_words_mismatch`` (error); words that cannot be
    read → ``area_words_unreadable`` (warning). Nothing when either is missing."""
    if area is None or not words_text or not words_text.strip():
        return []
    said = area_from_words(words_text)
    fields = ("area_m2", "area_in_words")
    if said is None:
        return [
            Finding(
                "area_words_unreadable",
                "warning",
                f"Không đọc được diện tích bằng chữ {words_text!r} / area in words unreadable",
                fields,
            )
        ]
    if said != area:
        return [
            Finding(
                "area_words_mismatch",
                "error",
                f"Diện tích {format_area(area)} m² nhưng bằng chữ là {format_area(said)} m² / area figures ≠ words",
                fields,
            )
        ]
    return []


def _purpose_code(segment: str) -> str | None:
    codes = find_land_use_codes(segment) or codes_for_purpose_text(segment)
    return codes[-1] if codes else None


def per_purpose_areas(text: str | None) -> list[tuple[str | None, Decimal]]:
    """Areas per purpose, in printed order: ``Đất ở tại nông thôn (ONT): 93,0 m²; Đất trồng cây hằng năm khác (HNK):
    290,0 m²`` → ``[("ONT", 93.0), ("HNK", 290.0)]``. The code comes from the text before each area (a printed code,
    else a purpose name), None when there is neither. Areas need a unit (``m²``/``m2``); without any unit in the text
    the ``;``-separated parts with a number after a colon are used."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    found: list[tuple[str | None, Decimal]] = []
    previous_end = 0
    for match in _AREA_WITH_UNIT.finditer(text):
        value = _decimal_from_digits(match.group(1))
        if value is not None:
            found.append((_purpose_code(text[previous_end : match.start()]), value))
        previous_end = match.end()
    if found:
        return found
    for segment in re.split(r"[;\n]", text):
        head, colon, tail = segment.rpartition(":")
        number = _NUMBER.search(tail) if colon else None
        if number is not None:
            value = _decimal_from_digits(number.group())
            if value is not None:
                found.append((_purpose_code(head), value))
    return found


def check_area_sum(
    total: Decimal | None, parts: Iterable[Decimal], *, tolerance: Decimal = Decimal("0.05")
) -> list[Finding]:
    """The total area must equal the sum of the per-purpose areas (``area_sum_mismatch``, error).

    ``tolerance`` (default 0.05 m²) absorbs rounding of parts printed to one decimal. Nothing with no total or no parts.
    """
    values = list(parts)
    if total is None or not values:
        return []
    summed = sum(values, Decimal(0))
    if abs(summed - total) <= tolerance:
        return []
    return [
        Finding(
            "area_sum_mismatch",
            "error",
            f"Tổng diện tích theo mục đích {format_area(summed)} m² ≠ diện tích {format_area(total)} m² / "
            "per-purpose areas do not add up to the total",
            ("area_m2", "land_use"),
        )
    ]


# --------------------------------------------------------------------------------------------------------------------
# Term of use (Thời hạn sử dụng)


class UseTerm(NamedTuple):
    """``("long_term", None)`` or ``("until", date)``, ``("until", (year, month))``, ``("until", (year, None))``."""

    kind: Literal["long_term", "until"]
    until: date | tuple[int, int | None] | None


_LONG_TERM: Final = re.compile(r"\blau\s+dai\b")
_UNTIL: Final = re.compile(r"\bden\b(.*)")
_MONTH_YEAR: Final = re.compile(r"(?<![0-9])(0?[1-9]|1[0-2])\s*[/.\-]\s*((?:19|20|21)\d\d)(?![0-9])")
_YEAR_ONLY: Final = re.compile(r"(?<![0-9])((?:19|20|21)\d\d)(?![0-9])")


def parse_use_term(raw: str | None) -> UseTerm | None:
    """``Lâu dài`` → ``("long_term", None)``; ``Đến ngày 15/10/2064`` → ``("until", date(2064, 10, 15))``;
    ``Đến 10/2064`` → ``("until", (2064, 10))``; ``đến năm 2064`` → ``("until", (2064, None))``; else None.

    Reads the first term in the text; see :func:`per_purpose_terms` for lines with one term per purpose.
    """
    if not raw:
        return None
    key = fold(raw)
    long_term = _LONG_TERM.search(key)
    until = _UNTIL.search(key)
    if long_term is not None and (until is None or long_term.start() < until.start()):
        return UseTerm("long_term", None)
    if until is None:
        return None
    rest = until.group(1)
    iso = parse_date(rest)
    if iso is not None and len(iso) == 10:
        return UseTerm("until", date.fromisoformat(iso))
    month_year = _MONTH_YEAR.search(rest)
    if month_year is not None:
        return UseTerm("until", (int(month_year.group(2)), int(month_year.group(1))))
    year = _YEAR_ONLY.search(rest)
    if year is not None:
        return UseTerm("until", (int(year.group(1)), None))
    return None


def per_purpose_terms(text: str | None) -> list[tuple[str | None, UseTerm]]:
    """One term per purpose on one line: ``Đất ở tại nông thôn: Lâu dài; Đất trồng cây hằng năm khác: Đến ngày
    15/10/2064`` → ``[("ONT", long term), ("HNK", until 2064-10-15)]``. Parts are separated by ``;`` or new lines;
    the code comes from a printed code or a purpose name in the part (None when neither)."""
    if not text:
        return []
    found: list[tuple[str | None, UseTerm]] = []
    for segment in re.split(r"[;\n]", unicodedata.normalize("NFC", text)):
        term = parse_use_term(segment)
        if term is not None:
            found.append((_purpose_code(segment), term))
    return found
