"""The validators that apply to each paper type, run on the Document's values (pure: no OCR, no I/O).

Civil-status papers: registration after birth, death between birth and registration, parents' birth years, marriage
ages, the date in words against the date in digits, ID numbers against the printed date of birth and sex. Land
certificates: serial format per form, registry number, land-use codes against the purpose text and catalogue, area
in words and the sum of per-purpose areas, holders' ID numbers against their birth years.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from extractors.validators import Finding, civil, land, national_id, number_words
from extractors.validators.dates import iso_to_date
from models.contract import MAX_HOLDERS
from models.results import Document


def _value(document: Document, name: str) -> str | None:
    f = document.fields.get(name)
    return f.value if f is not None else None


def _date(document: Document, name: str) -> date | None:
    return iso_to_date(_value(document, name))


def _year(document: Document, name: str) -> int | None:
    value = _value(document, name)
    return int(value) if value is not None and value.isdigit() else None


def _renamed(findings: Iterable[Finding], mapping: dict[str, str]) -> list[Finding]:
    return [replace(f, fields=tuple(mapping.get(n, n) for n in f.fields)) for f in findings]


def _pin(document: Document, prefix: str = "", dob: date | None = None, year: int | None = None) -> list[Finding]:
    number = _value(document, f"{prefix}id_number")
    if number is None or len(number) != 12:
        return []
    sex = _value(document, "sex") if not prefix else None
    found = national_id.validate_pin(number, dob, sex, year_only=year)
    mapping = {"id_number": f"{prefix}id_number", "date_of_birth": f"{prefix}date_of_birth"}
    if year is not None:
        mapping["date_of_birth"] = f"{prefix}birth_year"
    return _renamed(found, mapping)


def _words_vs_digits(document: Document) -> list[Finding]:
    words, dob = _value(document, "date_of_birth_in_words"), _date(document, "date_of_birth")
    if words is None or dob is None:
        return []
    said = number_words.parse_date_words(words)
    if said is None or said == dob:
        return []
    return [
        Finding(
            "date_words_mismatch",
            "error",
            "Ngày sinh bằng chữ khác ngày sinh bằng số. / The date of birth in words differs from the digits.",
            ("date_of_birth", "date_of_birth_in_words"),
        )
    ]


def _birth(document: Document) -> list[Finding]:
    dob = _date(document, "date_of_birth")
    return [
        *civil.check_registration_after_birth(dob, _date(document, "registration_date")),
        *civil.check_parent_birth_years(
            dob,
            mother_birth_year=_year(document, "mother_birth_year"),
            father_birth_year=_year(document, "father_birth_year"),
        ),
        *_words_vs_digits(document),
        *_pin(document, dob=dob),
    ]


def _death(document: Document) -> list[Finding]:
    dob = _date(document, "date_of_birth")
    return [
        *civil.check_death_dates(dob, _date(document, "date_of_death"), _date(document, "registration_date")),
        *_pin(document, dob=dob),
    ]


def _marriage(document: Document) -> list[Finding]:
    findings = civil.check_marriage_ages(
        _date(document, "husband_date_of_birth"),
        _date(document, "wife_date_of_birth"),
        _date(document, "registration_date"),
    )
    for spouse, sex in (("husband", "Nam"), ("wife", "Nữ")):
        doc = civil.split_id_document(_value(document, f"{spouse}_id_document"))
        if doc is not None and doc.number is not None and len(doc.number) == 12:
            dob = _date(document, f"{spouse}_date_of_birth")
            found = national_id.validate_pin(doc.number, dob, sex)
            mapping = {"id_number": f"{spouse}_id_document", "date_of_birth": f"{spouse}_date_of_birth"}
            findings += _renamed(found, mapping)
    return findings


def _land(document: Document, form: land.Form) -> list[Finding]:
    issued = _date(document, "issue_date")
    findings = [
        *land.check_serial(_value(document, "serial_number"), form, issued),
        *land.check_registry_number(_value(document, "registry_number"), _value(document, "serial_number")),
    ]
    codes = [c for c in (_value(document, "land_use_codes") or "").split(",") if c]
    if codes:
        findings += land.check_land_use(codes, _value(document, "land_use"), issued)
    area = land.parse_area(_value(document, "area_m2"))
    findings += land.check_area_words(area, _value(document, "area_in_words"))
    parts = land.per_purpose_areas(_value(document, "land_use"))
    if area is not None and len(parts) > 1:
        findings += land.check_area_sum(area, [a for _, a in parts])
    for n in range(1, MAX_HOLDERS + 1):
        findings += _pin(document, f"holder_{n}_", year=_year(document, f"holder_{n}_birth_year"))
    return findings


def validate_paper(document: Document, doc_type: str, today: date) -> list[Finding]:
    """Every rule of ``doc_type`` on the document's current values."""
    del today  # the rules of papers compare their own dates; kept for symmetry with the card validators
    if doc_type in ("birth_certificate", "birth_extract"):
        return _birth(document)
    if doc_type == "death_extract":
        return _death(document)
    if doc_type == "marriage_certificate":
        return _marriage(document)
    if doc_type == "land_certificate_2014":
        return _land(document, "2014")
    if doc_type == "land_certificate_2024":
        return _land(document, "2024")
    return []
