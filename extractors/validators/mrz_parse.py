"""ICAO 9303 machine-readable zones: check digits, layouts and a strict parser (TD1, TD2, TD3, MRV-A/B visas).

Positions inside this module are 0-based ``(line, index)`` pairs. :func:`parse` accepts only well-formed lines
(right count and length, characters ``A–Z 0–9 <``); noisy OCR text goes through :func:`mrz_repair.repair` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

MrzFormat = Literal["TD1", "TD2", "TD3"]
Pos = tuple[int, int]

CHARSET: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
SHAPES: Final[dict[MrzFormat, tuple[int, int]]] = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}
_WEIGHTS: Final = (7, 3, 1)


def char_value(ch: str) -> int:
    """ICAO value of one MRZ character: digits keep their value, A–Z are 10–35, ``<`` is 0."""
    if ch == "<":
        return 0
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(s: str) -> int:
    """ICAO 9303-3 check digit: weights 7, 3, 1 repeating from the left, sum modulo 10."""
    return sum(char_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(s)) % 10


@dataclass(frozen=True)
class CheckSpec:
    """One check digit: the positions it covers, where it sits, and which covered positions must be digits."""

    name: str
    data: tuple[Pos, ...]
    digit: Pos
    numeric: frozenset[Pos] = frozenset()
    empty_ok: bool = False  # a ``<`` check digit is right when the data are all ``<`` (TD3 personal number)


@dataclass(frozen=True)
class Layout:
    fmt: MrzFormat
    vn: bool  # Vietnamese chip CCCD / Căn cước layout (TD1, issuing state VNM)
    visa: bool
    checks: tuple[CheckSpec, ...]  # field checks first, the composite (if any) last
    alpha: frozenset[Pos]  # letters and ``<`` only: document code, states, names
    fillers: frozenset[Pos]  # must be ``<`` (VN layout)
    document_number: tuple[Pos, ...]
    optional_data: tuple[Pos, ...]
    optional_data_2: tuple[Pos, ...]
    names: tuple[Pos, ...]
    dob: tuple[Pos, ...]
    sex: Pos
    expiry: tuple[Pos, ...]
    nationality: tuple[Pos, ...]


def span(line: int, start: int, end: int) -> tuple[Pos, ...]:
    return tuple((line, i) for i in range(start, end))


def text_at(lines: Sequence[str], positions: Sequence[Pos]) -> str:
    return "".join(lines[ln][i] for ln, i in positions)


def _document_number(
    lines: Sequence[str], base: tuple[Pos, ...], digit: Pos, region: tuple[Pos, ...]
) -> tuple[tuple[Pos, ...], Pos, tuple[Pos, ...]]:
    """Document number positions, its check-digit position and the rest of the optional data.

    ICAO overflow rule: a number longer than 9 shows ``<`` at the check-digit position and continues in the optional
    data, followed by its check digit and a filler.
    """
    tail = text_at(lines, region)
    if lines[digit[0]][digit[1]] != "<" or not tail or tail[0] == "<":
        return base, digit, region
    end = tail.find("<")
    end = len(tail) if end < 0 else end
    return base + region[: end - 1], region[end - 1], region[end:]


def layout(fmt: MrzFormat, lines: Sequence[str]) -> Layout:
    """Where every element sits for these lines (the layout depends on document code, state and overflow)."""
    visa = lines[0][0] == "V"
    if fmt == "TD1":
        vn = lines[0][2:5] == "VNM"
        doc, doc_digit, optional = _document_number(lines, span(0, 5, 14), (0, 14), span(0, 15, 30))
        dob, expiry, sex = span(1, 0, 6), span(1, 8, 14), (1, 7)
        dob_digit, expiry_digit = (1, 6), (1, 14)
        nationality, names, optional_2 = span(1, 15, 18), span(2, 0, 30), span(1, 18, 29)
        composite = CheckSpec("composite", span(0, 5, 30) + span(1, 0, 7) + span(1, 8, 15) + span(1, 18, 29), (1, 29))
    else:
        vn = False
        width = SHAPES[fmt][1]
        # Optional data: TD2 29–35; TD3 29–42 (the personal number, own check digit at 43); visas run to the end.
        region_end = width if visa else {"TD2": 35, "TD3": 42}[fmt]
        doc, doc_digit, optional = _document_number(lines, span(1, 0, 9), (1, 9), span(1, 28, region_end))
        dob, expiry, sex = span(1, 13, 19), span(1, 21, 27), (1, 20)
        dob_digit, expiry_digit = (1, 19), (1, 27)
        nationality, names, optional_2 = span(1, 10, 13), span(0, 5, width), ()
        comp_data = span(1, 0, 10) + span(1, 13, 20) + span(1, 21, width - 1)
        composite = CheckSpec("composite", comp_data, (1, width - 1))
    checks = [CheckSpec("document_number", doc, doc_digit, frozenset(doc) if vn else frozenset())]
    fillers: tuple[Pos, ...] = ()
    if vn:
        optional = span(0, 15, 27)
        checks.append(CheckSpec("optional_data", optional, (0, 29), frozenset(optional)))
        fillers = span(0, 27, 29) + span(1, 18, 29)
    elif fmt == "TD3" and not visa:
        checks.append(CheckSpec("optional_data", span(1, 28, 42), (1, 42), empty_ok=True))
    checks.append(CheckSpec("date_of_birth", dob, dob_digit, frozenset(dob)))
    checks.append(CheckSpec("date_of_expiry", expiry, expiry_digit, frozenset(expiry)))
    if not visa:
        checks.append(composite)
    return Layout(
        fmt=fmt,
        vn=vn,
        visa=visa,
        checks=tuple(checks),
        alpha=frozenset(span(0, 0, 5) + nationality + names),
        fillers=frozenset(fillers),
        document_number=doc,
        optional_data=optional,
        optional_data_2=optional_2,
        names=names,
        dob=dob,
        sex=sex,
        expiry=expiry,
        nationality=nationality,
    )


def check_passes(lines: Sequence[str], spec: CheckSpec) -> bool:
    data = text_at(lines, spec.data)
    digit = lines[spec.digit[0]][spec.digit[1]]
    if digit == "<":
        return spec.empty_ok and set(data) <= {"<"}
    return digit.isdigit() and check_digit(data) == int(digit)


def split_name(name_field: str) -> tuple[str, str]:
    """``SURNAME<<GIVEN<NAMES<<<`` → (``SURNAME``, ``GIVEN NAMES``); ``<`` becomes a space."""
    surname, _, given = name_field.rstrip("<").partition("<<")
    return " ".join(surname.replace("<", " ").split()), " ".join(given.replace("<", " ").split())


@dataclass(frozen=True)
class MrzResult:
    """A parsed MRZ. ``fields`` keep dates as printed (``YYMMDD``); ``repairs`` lists every change made to OCR text."""

    format: MrzFormat
    lines: list[str]
    fields: dict[str, str]
    checks: dict[str, bool]
    repairs: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(self.checks.values())

    def to_contract(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "lines": list(self.lines),
            "fields": dict(self.fields),
            "checks": dict(self.checks),
            "valid": self.valid,
            "repairs": list(self.repairs),
        }


def detect_format(lines: Sequence[str]) -> MrzFormat | None:
    for fmt, (count, width) in SHAPES.items():
        if len(lines) == count and all(len(line) == width for line in lines):
            return fmt
    return None


def parse(lines: Sequence[str], repairs: Sequence[str] = ()) -> MrzResult:
    """Parse well-formed MRZ lines (3×30, 2×36 or 2×44 of ``A–Z 0–9 <``); ValueError otherwise."""
    lines = list(lines)
    fmt = detect_format(lines)
    if fmt is None:
        raise ValueError(f"not an MRZ shape: {[len(line) for line in lines]}")
    bad = {ch for line in lines for ch in line} - CHARSET
    if bad:
        raise ValueError(f"characters outside the MRZ set: {''.join(sorted(bad))!r}")
    lay = layout(fmt, lines)
    surname, given = split_name(text_at(lines, lay.names))
    fields = {
        "document_code": lines[0][0:2].rstrip("<"),
        "issuing_state": lines[0][2:5].rstrip("<"),
        "document_number": text_at(lines, lay.document_number).rstrip("<"),
        "date_of_birth": text_at(lines, lay.dob),
        "sex": lines[lay.sex[0]][lay.sex[1]],
        "date_of_expiry": text_at(lines, lay.expiry),
        "nationality": text_at(lines, lay.nationality).rstrip("<"),
        "surname": surname,
        "given_names": given,
        "optional_data": text_at(lines, lay.optional_data).strip("<"),
    }
    if fmt == "TD1":
        fields["optional_data_2"] = text_at(lines, lay.optional_data_2).strip("<")
    checks = {spec.name: check_passes(lines, spec) for spec in lay.checks}
    return MrzResult(format=fmt, lines=lines, fields=fields, checks=checks, repairs=list(repairs))
