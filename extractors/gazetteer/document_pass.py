"""A post-pass over a built Document: the address fields get their parts and codes, checked by the document's date.

Call :func:`annotate_addresses` once the fields are built (values chosen, QR applied) and before
``confirm.finish``; card and paper builders alike. For each address field with a value it sets
``Field.address`` (street, commune, district, province, their official codes, ``units_as_of``, and for a legacy
address the 2025 units it went into as a hint), and adds warnings:

* ``address_district_after_reform``: a district on a document dated from 01/07/2025;
* ``address_units_before_reform``: units valid only before 01/07/2025 on a later document;
* ``address_units_after_date``: 2025 units on a document dated before 01/07/2025;
* ``place_ambiguous``: a unit name that several gazetteer names in context fit equally (the field goes to review,
  the addresses with each name are its candidates);
* ``place_corrected``: a unit name the parser would spell otherwise (the proposal is a candidate, the value stays).

Personal data that never changes with the reform (Quê quán, Nơi sinh, Nơi đăng ký khai sinh) keeps its old names
on any date: no date warnings there. ``value`` is never changed. Nothing is logged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from extractors.gazetteer.keys import traditional_tones
from extractors.gazetteer.lexicon import LEVELS, Level, Unit
from extractors.gazetteer.parse import REFORM, Era, ParsedAddress, current_units, era_of, parse_address, validate
from models.results import Address, CurrentUnit, Document, Field

ADDRESS_FIELD: Final = re.compile(r"place_of_\w+|\w*residence|holder_\d+_address|parcel_address")
PERMANENT: Final = frozenset({"place_of_origin", "place_of_birth", "place_of_birth_registration"})
_MACHINE: Final = ("qr", "mrz")
_DOUBT_CAP: Final = 0.8


def is_address_field(name: str) -> bool:
    return bool(ADDRESS_FIELD.fullmatch(name))


def _era(parsed: ParsedAddress, as_of: date | None) -> Era:
    """The era whose codes to give: the document's, unless the address holds only the other era's units."""
    wanted: Era = era_of(as_of) if as_of is not None else "2025"
    other: Era = "legacy" if wanted == "2025" else "2025"
    if not parsed.valid_in(wanted) and parsed.valid_in(other):
        return other
    if as_of is None and not parsed.valid_in("2025"):
        return "legacy"
    return wanted


def _units_as_of(parsed: ParsedAddress, era: Era) -> str:
    if era == "2025":
        return "2025-07-01"
    for level in reversed(LEVELS):
        unit = parsed.unit(level, "legacy")
        if unit is not None:
            # the newest register snapshot before the reform that has the name (vau's table is of 2025-08-23,
            # but describes the units just before 01/07/2025)
            dates = [d for d in unit.seen.split(",") if d and d < REFORM.isoformat()]
            return max(dates) if dates else "2025-06-30"
    return "2025-06-30"


def _name(unit: Unit | None) -> str | None:
    return traditional_tones(unit.name) if unit is not None else None


def address_of(parsed: ParsedAddress, as_of: date | None) -> Address:
    """The contract's ``address`` object of a parsed address (codes of the era that fits ``as_of``)."""
    era = _era(parsed, as_of)
    units: dict[Level, Unit | None] = {level: parsed.unit(level, era) for level in LEVELS}
    current: list[CurrentUnit] | None = None
    if era == "legacy" and not parsed.valid_in("2025"):
        hint = current_units(parsed)
        current = [
            CurrentUnit(
                commune=c.commune,
                commune_code=c.commune_code,
                province=c.province,
                province_code=c.province_code,
                whole=c.whole,
            )
            for c in hint
        ] or None
    return Address(
        street=parsed.street,
        commune=_name(units["commune"]),
        commune_code=units["commune"].code if units["commune"] else None,
        district=_name(units["district"]),
        district_code=units["district"].code if units["district"] else None,
        province=_name(units["province"]),
        province_code=units["province"].code if units["province"] else None,
        units_as_of=_units_as_of(parsed, era) if any(units.values()) else None,
        current=current,
    )


def _proposals(parsed: ParsedAddress) -> tuple[list[str], bool, bool]:
    """Addresses with each ambiguous or corrected unit name replaced; whether any name was ambiguous, corrected."""
    proposals: list[str] = []
    corrected = bool(parsed.check.restorations)
    if corrected:
        proposals.append(parsed.check.text)
    ambiguous = False
    for seg in parsed.check.segments:
        if seg.status == "ambiguous" and seg.candidates:
            ambiguous = True
            for name in seg.candidates:
                proposals.append(parsed.check.text.replace(seg.text, seg.text.replace(_bare(seg.text), name), 1))
    return list(dict.fromkeys(p for p in proposals if p != parsed.text)), ambiguous, corrected


def _bare(text: str) -> str:
    """The name of a segment without its unit word (``Xã Hoằng Đong`` → ``Hoằng Đong``)."""
    match = re.match(r"(?i)(thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã|tp|tx|tt|q|p|h)\.?\s+", text)
    return text[match.end() :] if match else text


def annotate_field(document: Document, name: str, field: Field, as_of: date | None) -> None:
    if field.value is None:
        return
    parsed = parse_address(field.value)
    if not parsed.units:
        return
    field.address = address_of(parsed, as_of)
    for finding in validate(parsed, as_of, permanent=name in PERMANENT):
        field.add_issue(finding.code)
        document.add_issue(finding.code, "warning", finding.message, [name])
    if field.source in _MACHINE:
        return  # a machine-read address is not second-guessed by the gazetteer
    if any(seg.status in ("unknown", "elsewhere") for seg in parsed.problems):
        return  # an address the gazetteer cannot make sense of: no proposals built on it
    proposals, ambiguous, corrected = _proposals(parsed)
    if not (ambiguous or corrected):
        return
    field.add_issue("place_ambiguous" if ambiguous else "place_corrected")
    field.candidates = list(dict.fromkeys([*(field.candidates or []), *proposals])) or field.candidates
    field.confidence = min(field.confidence, _DOUBT_CAP)
    if field.status == "ok":
        field.status = "review"


def annotate_addresses(document: Document, as_of: date | None) -> None:
    """Annotate every address field of ``document`` (see the module docstring); ``as_of`` None: date unknown."""
    for name, field in document.fields.items():
        if is_address_field(name):
            annotate_field(document, name, field, as_of)
