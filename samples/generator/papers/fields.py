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

PAPER_TYPES: Final[tuple[str, ...]] = (
    "birth_certificate",
    "birth_extract",
    "marriage_certificate",
    "death_extract",
    "land_certificate_2014",
    "land_certificate_2024",
)

_BIRTH: Final = (
    "full_name", "date_of_birth", "date_of_birth_in_words", "sex", "ethnicity", "nationality", "place_of_birth",
    "place_of_origin", "id_number", "mother_name", "mother_birth_year", "mother_ethnicity", "mother_nationality",
    "mother_residence", "father_name", "father_birth_year", "father_ethnicity", "father_nationality",
    "father_residence", "declarant_name", "registration_place", "registration_date", "registration_number",
    "book_number",
)  # fmt: skip
_SPOUSE: Final = ("name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document")
_HOLDER: Final = ("name", "birth_year", "id_number", "address")
_DEATH: Final = (
    "full_name", "date_of_birth", "sex", "ethnicity", "nationality", "id_number", "last_residence",
    "date_of_death", "time_of_death", "place_of_death", "cause_of_death", "declarant_name", "registration_place",
    "registration_date", "registration_number",
)  # fmt: skip
_LAND: Final = (
    "serial_number", "registry_number",
    *(f"holder_1_{k}" for k in _HOLDER), *(f"holder_2_{k}" for k in _HOLDER),
    "parcel_number", "map_sheet_number", "parcel_address", "area_m2", "area_in_words", "use_form", "land_use",
    "land_use_codes", "use_term", "use_origin", "issue_date", "issuing_authority",
)  # fmt: skip

CONTRACT_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "birth_certificate": _BIRTH,
    "birth_extract": _BIRTH,
    "marriage_certificate": (
        *(f"husband_{k}" for k in _SPOUSE),
        *(f"wife_{k}" for k in _SPOUSE),
        "registration_place",
        "registration_date",
        "registration_number",
        "book_number",
    ),
    "death_extract": _DEATH,
    "land_certificate_2014": _LAND,
    "land_certificate_2024": _LAND,
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
        1: frozenset({"serial_number", *(f"holder_{n}_{k}" for n in (1, 2) for k in _HOLDER)}),
        2: frozenset(f for f in _LAND if not f.startswith("holder_") and f != "serial_number"),
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
