"""Cross-document checks inside a dossier (the files of one procedure). Pure logic; the store feeds it rows.

The same person appears on several papers of one procedure: their ID card, a birth certificate (as the child, or
as a parent: name and birth year, no number), a land certificate (holder: name, birth year, number), a marriage
certificate (spouse: name, date of birth, sometimes a number). Checks:

* ``dossier_name_mismatch`` / ``dossier_date_of_birth_mismatch`` — the same ID number with a different name or
  date of birth (a year alone is compared with the year of a full date);
* ``dossier_id_number_mismatch`` — the same name and date of birth with two different ID numbers;
* ``dossier_parent_mismatch`` — a parent on a birth certificate whose own ID card (found by name) is in the dossier
  gives a different birth year.

Every issue names the documents it compares (internal id, type, page); never the values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from models.results import Issue
from storage.registry import normalise

_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
CARD_FRONTS = ("cmnd_front", "cccd_2016_front", "cccd_2021_front", "can_cuoc_2024_front")


@dataclass(frozen=True)
class DocRef:
    id: int
    type: str
    page: int
    fields: dict[str, str | None] = field(default_factory=dict)  # field name → value (None: not read)

    def label(self) -> str:
        return f"#{self.id} ({self.type}, p.{self.page})"


@dataclass(frozen=True)
class PersonView:
    doc: DocRef
    role: str
    id_number: str | None
    name: str | None
    dob: str | None  # ISO date or a year alone
    name_field: str
    dob_field: str
    id_field: str | None


def _view(doc: DocRef, role: str, id_field: str | None, name_field: str, dob_field: str) -> PersonView:
    raw = doc.fields.get(id_field) if id_field else None
    found = _NUMBER.search(raw) if raw else None
    name = doc.fields.get(name_field)
    return PersonView(
        doc,
        role,
        found.group(1) if found else None,
        normalise("full_name", name) if name else None,
        doc.fields.get(dob_field),
        name_field,
        dob_field,
        id_field,
    )


def person_views(doc: DocRef) -> list[PersonView]:
    t = doc.type
    if t in CARD_FRONTS or t == "death_extract":
        return [_view(doc, "holder", "id_number", "full_name", "date_of_birth")]
    if t in ("birth_certificate", "birth_extract"):
        return [
            _view(doc, "child", "id_number", "full_name", "date_of_birth"),
            _view(doc, "mother", None, "mother_name", "mother_birth_year"),
            _view(doc, "father", None, "father_name", "father_birth_year"),
        ]
    if t == "marriage_certificate":
        return [_view(doc, p, f"{p}_id_document", f"{p}_name", f"{p}_date_of_birth") for p in ("husband", "wife")]
    if t.startswith("land_certificate"):
        return [
            _view(doc, f"holder_{n}", f"holder_{n}_id_number", f"holder_{n}_name", f"holder_{n}_birth_year")
            for n in (1, 2)
            if doc.fields.get(f"holder_{n}_name")
        ]
    return []


def _dob_agree(a: str, b: str) -> bool:
    if len(a) == 4 or len(b) == 4:
        return a[:4] == b[:4]
    return a == b


def check(documents: list[DocRef]) -> list[Issue]:
    views = [v for d in documents for v in person_views(d)]
    issues: list[Issue] = []
    by_number: dict[str, list[PersonView]] = defaultdict(list)
    for v in views:
        if v.id_number:
            by_number[v.id_number].append(v)
    for group in by_number.values():
        group.sort(key=lambda v: (v.doc.type not in CARD_FRONTS, v.doc.id))  # a card, when present, is the reference
        ref = group[0]
        for other in group[1:]:
            if ref.name and other.name and ref.name != other.name:
                issues.append(_issue("dossier_name_mismatch", "tên", "name", ref, other, "name"))
            if ref.dob and other.dob and not _dob_agree(ref.dob, other.dob):
                issues.append(_issue("dossier_date_of_birth_mismatch", "ngày sinh", "date of birth", ref, other, "dob"))
    numbered = [v for v in views if v.id_number and v.name]
    for i, a in enumerate(numbered):
        for b in numbered[i + 1 :]:
            same_person = a.name == b.name and a.dob and b.dob and len(a.dob) == 10 and a.dob == b.dob
            if same_person and a.id_number != b.id_number:
                issues.append(_issue("dossier_id_number_mismatch", "số định danh", "ID number", a, b, "id"))
    cards = [v for v in views if v.doc.type in CARD_FRONTS and v.name]
    for parent in (v for v in views if v.role in ("mother", "father") and v.name):
        own = [c for c in cards if c.name == parent.name]
        if len(own) == 1 and own[0].dob and parent.dob and not _dob_agree(own[0].dob, parent.dob):
            issues.append(_issue("dossier_parent_mismatch", "năm sinh", "birth year", own[0], parent, "dob"))
    return issues


def _issue(code: str, what_vi: str, what_en: str, a: PersonView, b: PersonView, kind: str) -> Issue:
    fa, fb = {
        "name": (a.name_field, b.name_field),
        "dob": (a.dob_field, b.dob_field),
        "id": (a.id_field or "id_number", b.id_field or "id_number"),
    }[kind]
    return Issue(
        code=code,
        severity="warning",
        message=(
            f"{what_vi.capitalize()} không khớp giữa tài liệu {a.doc.label()} [{fa}] và {b.doc.label()} [{fb}]. / "
            f"The {what_en} differs between document {a.doc.label()} [{fa}] and {b.doc.label()} [{fb}]."
        ),
        fields=sorted({fa, fb}),
    )
