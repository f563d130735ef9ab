"""Contract field names of the civil-status and land documents, and which of them each printed form carries.

Importable on its own (no heavy imports). :data:`CONTRACT_FIELDS` is the contract's list per type
(``contract.md``, "Field names and normalised values"); :data:`PRINTED_FIELDS` is the subset the generated
pages print, i.e. exactly the fields that appear in the ground truth (``holder_2_…`` only when a second holder
is present; on ``land_certificate_2014`` only the fields of the pages present in the file).

Fields of the contract that a form does not print, hence never in its truth:

* ``birth_extract``: ``declarant_name`` (the extract names no declarant). Its ``registration_number``,
  ``book_number`` and ``registration_date`` are those of the original registration, printed in the body
  (``Số: 125, Quyển số: 01/2020, ngày 15/03/2020``); the ``Số: …/TLKS-BS`` at the top is the extract's own
  number and is **not** ``registration_number``.
* ``land_certificate_2024`` (Thông tư 10/2024): ``holder_N_birth_year`` and ``holder_N_address`` (only name and ID
  are printed, §4.3), ``area_in_words`` (the area is printed in digits only) and ``use_origin`` (held in the QR /
  database, not printed).
* ``land_certificate_2014``: every field is printed somewhere, but on different pages: page 1 carries the holders
  and ``serial_number``; page 2 the parcel block, ``issue_date``, ``issuing_authority`` and ``registry_number``;
  pages 3 and 4 carry none (:data:`PAGE_FIELDS`). On ``land_certificate_2024`` only ``registry_number`` is on
  page 2; a single image of page 1 has no ``registry_number`` in its truth.
"""

from __future__ import annotations

from typing import Final

from models.contract import DOCUMENT_TYPES, HOLDER_FIELDS, PAPER_FIELDS_BY_TYPE, holder_field

#: The paper types, in the contract's order.
PAPER_TYPES: Final[tuple[str, ...]] = tuple(t for t in DOCUMENT_TYPES if t in PAPER_FIELDS_BY_TYPE)


def _with_two_holders(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The contract lists ``holder_1_…``; the generator prints up to two holders."""
    out: list[str] = []
    for name in fields:
        out.append(name)
        if name == holder_field(1, HOLDER_FIELDS[-1]):
            out.extend(holder_field(2, f) for f in HOLDER_FIELDS)
    return tuple(out)


#: The contract's fields per paper type (:data:`models.contract.PAPER_FIELDS_BY_TYPE`), with a second holder's.
CONTRACT_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    doc_type: _with_two_holders(fields) for doc_type, fields in PAPER_FIELDS_BY_TYPE.items()
}

NOT_PRINTED: Final[dict[str, frozenset[str]]] = {
    "birth_certificate": frozenset(),
    "birth_extract": frozenset({"declarant_name"}),
    "marriage_certificate": frozenset(),
    "death_extract": frozenset(),
    "land_certificate_2014": frozenset(),
    "land_certificate_2024": frozenset(
        {
            "holder_1_birth_year",
            "holder_1_address",
            "holder_2_birth_year",
            "holder_2_address",
            "area_in_words",
            "use_origin",
        }
    ),
}

PRINTED_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    t: tuple(f for f in names if f not in NOT_PRINTED[t]) for t, names in CONTRACT_FIELDS.items()
}

# Multi-page forms: document page → contract fields printed on it (single-page types print all on page 1).
PAGE_FIELDS: Final[dict[str, dict[int, frozenset[str]]]] = {
    "land_certificate_2014": {
        1: frozenset({"serial_number", *(f"holder_{n}_{k}" for n in (1, 2) for k in HOLDER_FIELDS)}),
        2: frozenset(
            f for f in CONTRACT_FIELDS["land_certificate_2014"] if not f.startswith("holder_") and f != "serial_number"
        ),
        3: frozenset(),
        4: frozenset(),
    },
    "land_certificate_2024": {
        1: frozenset(f for f in PRINTED_FIELDS["land_certificate_2024"] if f != "registry_number"),
        2: frozenset({"registry_number"}),
    },
}


def fields_on_pages(doc_type: str, pages: set[int] | frozenset[int]) -> frozenset[str]:
    """The printed contract fields of ``doc_type`` that lie on the document pages ``pages``."""
    by_page = PAGE_FIELDS.get(doc_type)
    if by_page is None:
        return frozenset(PRINTED_FIELDS[doc_type]) if 1 in pages else frozenset()
    return frozenset().union(*(by_page[p] for p in pages))
