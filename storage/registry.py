"""The person registry's rules: which persons a document names, which of its fields are which person fields, and
what a new reading does to what is already known. Pure logic on contract Documents (the store does the SQL).

Persons are keyed by the 12-digit personal identification number; a 9-digit CMND number is linked to it when a
card's QR (``old_id_number``) shows the link, and stands alone until then.

Rules for one incoming field (``apply``):

* a value is **confirmed** when its field's status is ``ok``, or when an operator set or approved it;
* a confirmed value is recorded with its provenance (document, page, source, date) unless the registry already
  holds a different confirmed value of an *identity* field (name, date of birth, sex, origin, ethnicity, …): then
  the new field goes to ``review`` with the issue ``registry_conflict``, and the document gets an issue whose
  message names both sources — the registry keeps its value until an operator decides;
* *current* fields (residence, card dates, identifying marks, religion, …) change legitimately over a life: the
  newer confirmed value replaces the older one;
* an unconfirmed value never replaces a confirmed one and is recorded as ``unconfirmed`` only where nothing is
  confirmed; prefill offers it as such;
* an operator's value (correction, approval) replaces whatever was there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from extractors.validators import mrz as mrz_rules
from extractors.validators import qr as qr_rules
from models.contract import FIELDS_BY_TYPE, GENERATIONS
from models.results import Document, Field, Result

CONFLICT = "registry_conflict"

# Person fields that identify a person for life: a disagreement is an error of one of the two readings.
IDENTITY_FIELDS = frozenset(
    {
        "full_name",
        "date_of_birth",
        "birth_year",
        "sex",
        "place_of_origin",
        "place_of_birth",
        "place_of_birth_registration",
        "ethnicity",
        "nationality",
        "old_id_number",
    }
)

_CARD_PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "place_of_origin",
    "place_of_residence",
    "place_of_birth_registration",
    "date_of_expiry",
    "issue_date",
    "personal_identification",
    "ethnicity",
    "religion",
    "old_id_number",
)


@dataclass(frozen=True)
class Role:
    """One person named by a document type: where the number is, and document field → person field."""

    role: str
    id_field: str | None  # None: a card back, whose number comes from its MRZ/QR or the front beside it
    fields: dict[str, str]


def _card_role(doc_type: str, id_field: str | None) -> Role:
    present = set(FIELDS_BY_TYPE.get(doc_type, ()))
    return Role("holder", id_field, {f: f for f in _CARD_PERSON_FIELDS if f in present})


def _spouse(prefix: str) -> Role:
    return Role(
        prefix,
        f"{prefix}_id_document",
        {
            f"{prefix}_name": "full_name",
            f"{prefix}_date_of_birth": "date_of_birth",
            f"{prefix}_ethnicity": "ethnicity",
            f"{prefix}_nationality": "nationality",
            f"{prefix}_residence": "place_of_residence",
        },
    )


def _holder(n: int) -> Role:
    p = f"holder_{n}"
    return Role(
        p, f"{p}_id_number", {f"{p}_name": "full_name", f"{p}_birth_year": "birth_year", f"{p}_address": "address"}
    )


_CHILD = Role(
    "child",
    "id_number",
    {
        "full_name": "full_name",
        "date_of_birth": "date_of_birth",
        "sex": "sex",
        "ethnicity": "ethnicity",
        "nationality": "nationality",
        "place_of_birth": "place_of_birth",
        "place_of_origin": "place_of_origin",
    },
)

# The table: document type → the persons it names. Birth certificates print no number for the parents; they are
# matched to their own cards by the dossier checks (storage.dossiers), not here.
ROLES: dict[str, tuple[Role, ...]] = {
    **{front: (_card_role(front, "id_number"),) for front, _ in GENERATIONS.values()},
    **{back: (_card_role(back, None),) for _, back in GENERATIONS.values()},
    "birth_certificate": (_CHILD,),
    "birth_extract": (_CHILD,),
    "death_extract": (
        Role(
            "deceased",
            "id_number",
            {
                "full_name": "full_name",
                "date_of_birth": "date_of_birth",
                "sex": "sex",
                "ethnicity": "ethnicity",
                "nationality": "nationality",
                "last_residence": "place_of_residence",
                "date_of_death": "date_of_death",
                "place_of_death": "place_of_death",
            },
        ),
    ),
    "marriage_certificate": (_spouse("husband"), _spouse("wife")),
    "land_certificate_2014": (_holder(1), _holder(2)),
    "land_certificate_2024": (_holder(1), _holder(2)),
}

_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")


def is_id_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d{12}|\d{9}", text))


def confirmed(f: Field) -> bool:
    return f.value is not None and (f.status == "ok" or f.source == "operator")


@dataclass
class Mention:
    """One person named by one document of a Result."""

    doc_index: int
    role: str
    id_number: str | None = None  # 12 digits
    cmnd_number: str | None = None  # 9 digits
    fields: dict[str, str] = field(default_factory=dict)  # person field → document field

    @property
    def key(self) -> str | None:
        return self.id_number or self.cmnd_number


def _numbers(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    found = _NUMBER.findall(text)
    twelve = next((n for n in found if len(n) == 12), None)
    nine = next((n for n in found if len(n) == 9), None)
    return twelve, nine


def _back_number(back: Document) -> str | None:
    mrz_field = back.fields.get("mrz")
    if mrz_field is not None and mrz_field.value and mrz_field.status == "ok":
        try:
            return mrz_rules.mrz_to_fields(mrz_rules.parse(mrz_field.value.split("\n"))).get("id_number")
        except ValueError:
            pass
    qr_field = back.fields.get("qr")
    if qr_field is not None and qr_field.value and qr_field.status == "ok":
        qr = qr_rules.parse_qr(qr_field.value)
        if qr is not None:
            return qr.id_number
    return None


def _front_for_back(documents: list[Document], index: int) -> Document | None:
    """The one front of the same card generation on the same or an adjacent page (as the cross-check pairs them)."""
    back = documents[index]
    fronts = [
        d
        for d in documents
        if any(d.type == f and back.type == b for f, b in GENERATIONS.values()) and abs(d.pages[0] - back.pages[0]) <= 1
    ]
    return fronts[0] if len(fronts) == 1 else None


def mentions(result: Result) -> list[Mention]:
    """Every person that the Result's documents name with a confirmed number (an unsure number links nobody)."""
    out: list[Mention] = []
    for index, document in enumerate(result.documents):
        for role in ROLES.get(document.type, ()):
            mention = Mention(index, role.role, fields={p: d for d, p in role.fields.items() if d in document.fields})
            if role.id_field is None:
                number = _back_number(document)
                if number is None:
                    front = _front_for_back(result.documents, index)
                    id_field = front.fields.get("id_number") if front is not None else None
                    number = id_field.value if id_field is not None and confirmed(id_field) else None
                mention.id_number, mention.cmnd_number = _numbers(number)
            else:
                id_field = document.fields.get(role.id_field)
                if id_field is None or not confirmed(id_field):
                    continue
                mention.id_number, mention.cmnd_number = _numbers(id_field.value)
            old = document.fields.get("old_id_number")
            if mention.id_number and old is not None and confirmed(old) and old.value and len(old.value) == 9:
                mention.cmnd_number = old.value
            if mention.key:
                out.append(mention)
    return out


@dataclass
class Known:
    """A person field as the registry holds it, with its provenance."""

    value: str | None
    confirmed: bool
    source: str
    document_id: int | None = None
    document_type: str | None = None
    page: int | None = None
    observed_at: datetime | None = None
    file_sha256: str | None = None


@dataclass(frozen=True)
class Here:
    """The document being ingested, for messages (it has no row id yet)."""

    file_sha256: str
    doc_index: int
    doc_type: str
    when: datetime


@dataclass
class Update:
    name: str
    value: str
    confirmed: bool
    source: str
    page: int
    doc_field: str


def normalise(name: str, value: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", value).split())
    return text.upper() if name in {"full_name"} or name.endswith("_name") else text


def same(name: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalise(name, a) == normalise(name, b)


def _comparable(name: str, value: str, known: dict[str, Known]) -> tuple[Known | None, str, str]:
    """The registry entry to compare against, as (entry, known value, incoming value) in one form.
    A birth year compares with a known date of birth's year and the other way round."""
    entry = known.get(name)
    if entry is not None and entry.confirmed and entry.value is not None:
        return entry, entry.value, value
    if name == "birth_year":
        dob = known.get("date_of_birth")
        if dob is not None and dob.confirmed and dob.value:
            return dob, dob.value[:4], value[:4]
    if name == "date_of_birth":
        year = known.get("birth_year")
        if year is not None and year.confirmed and year.value:
            return year, year.value[:4], value[:4]
    return entry, entry.value if entry is not None and entry.value is not None else "", value


def describe(entry: Known) -> tuple[str, str]:
    """(Vietnamese, English) description of where a registry value came from."""
    date = entry.observed_at.date().isoformat() if entry.observed_at else "?"
    if entry.document_id is None:
        return (f"nguồn {entry.source}, {date}", f"source {entry.source}, {date}")
    page = entry.page if entry.page is not None else "?"
    return (
        f"tài liệu #{entry.document_id} ({entry.document_type}, trang {page}, {date})",
        f"document #{entry.document_id} ({entry.document_type}, page {page}, {date})",
    )


def apply(
    mention: Mention, document: Document, known: dict[str, Known], here: Here, *, operator: bool = False
) -> list[Update]:
    """The registry updates this mention brings; marks conflicting fields of ``document`` in place (status
    ``review``, issue ``registry_conflict``, a document issue naming both sources)."""
    updates: list[Update] = []
    for person_field, doc_field in mention.fields.items():
        f = document.fields.get(doc_field)
        if f is None or f.value is None:
            continue
        if operator:
            updates.append(Update(person_field, f.value, True, "operator", f.page, doc_field))
            continue
        entry, known_value, incoming = _comparable(person_field, f.value, known)
        known_confirmed = entry is not None and entry.confirmed and entry.value is not None
        differs = known_confirmed and not same(person_field, known_value, incoming)
        own_file = entry is not None and entry.file_sha256 == here.file_sha256
        if entry is not None and differs and person_field in IDENTITY_FIELDS and not own_file:
            _flag_conflict(document, doc_field, f, entry, here)
            continue
        exact = known.get(person_field)
        exact_confirmed = exact is not None and exact.confirmed and exact.value is not None
        if confirmed(f):
            if exact is not None and exact_confirmed and same(person_field, exact.value, f.value):
                continue  # already known and confirmed: the first confirmation stays the provenance
            updates.append(Update(person_field, f.value, True, f.source, f.page, doc_field))
        elif not exact_confirmed:
            updates.append(Update(person_field, f.value, False, f.source, f.page, doc_field))
    return updates


def _flag_conflict(document: Document, doc_field: str, f: Field, entry: Known, here: Here) -> None:
    f.status = "review"
    f.add_issue(CONFLICT)
    document.needs_review = True
    source_vi, source_en = describe(entry)
    page = f.page
    this_vi = f"tệp {here.file_sha256[:12]}, tài liệu {here.doc_index + 1} ({here.doc_type}, trang {page})"
    this_en = f"file {here.file_sha256[:12]}, document {here.doc_index + 1} ({here.doc_type}, page {page})"
    document.add_issue(
        CONFLICT,
        "error",
        f"{doc_field}: khác với giá trị đã xác nhận trong sổ đăng ký từ {source_vi}; tài liệu này: {this_vi}. / "
        f"{doc_field} disagrees with the registry value confirmed by {source_en}; this one: {this_en}.",
        [doc_field],
    )
