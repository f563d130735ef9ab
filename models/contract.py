"""The contract's document types and their fields (``contract.md``): ID-card sides (domain spec §1.6) and papers.

One place for this knowledge: the templates are checked against it when they load, the cross-checks pair fronts
and backs with it, and the sample generator writes ground truth from it. No side effects, no heavy imports.
"""

from __future__ import annotations

from typing import Final

CARD_TYPES: Final[tuple[str, ...]] = (
    "cmnd_front",
    "cmnd_back",
    "cccd_2016_front",
    "cccd_2016_back",
    "cccd_2021_front",
    "cccd_2021_back",
    "can_cuoc_2024_front",
    "can_cuoc_2024_back",
)

DOCUMENT_TYPES: Final[tuple[str, ...]] = (
    *CARD_TYPES,
    "birth_certificate",
    "birth_extract",
    "marriage_certificate",
    "death_extract",
    "land_certificate_2014",
    "land_certificate_2024",
    "unknown",
)

# Card generation (the part of the type before ``_front``/``_back``) → (front type, back type).
GENERATIONS: Final[dict[str, tuple[str, str]]] = {
    "cmnd": ("cmnd_front", "cmnd_back"),
    "cccd_2016": ("cccd_2016_front", "cccd_2016_back"),
    "cccd_2021": ("cccd_2021_front", "cccd_2021_back"),
    "can_cuoc_2024": ("can_cuoc_2024_front", "can_cuoc_2024_back"),
}

FIELDS_BY_TYPE: Final[dict[str, tuple[str, ...]]] = {
    "cmnd_front": ("id_number", "full_name", "date_of_birth", "place_of_origin", "place_of_residence"),
    "cmnd_back": ("ethnicity", "religion", "personal_identification", "issue_date"),
    "cccd_2016_front": (
        "id_number",
        "full_name",
        "date_of_birth",
        "sex",
        "nationality",
        "place_of_origin",
        "place_of_residence",
        "date_of_expiry",
    ),
    "cccd_2016_back": ("personal_identification", "issue_date"),
    "cccd_2021_front": (
        "id_number",
        "full_name",
        "date_of_birth",
        "sex",
        "nationality",
        "place_of_origin",
        "place_of_residence",
        "date_of_expiry",
        "qr",
        "old_id_number",
    ),
    "cccd_2021_back": ("personal_identification", "issue_date", "mrz"),
    "can_cuoc_2024_front": ("id_number", "full_name", "date_of_birth", "sex", "nationality"),
    "can_cuoc_2024_back": (
        "place_of_residence",
        "place_of_birth_registration",
        "issue_date",
        "date_of_expiry",
        "qr",
        "old_id_number",
        "mrz",
    ),
}


_REGISTRATION = ("registration_place", "registration_date", "registration_number")
_SPOUSE = ("name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document")
HOLDER_FIELDS: Final[tuple[str, ...]] = ("name", "birth_year", "id_number", "address")
MAX_HOLDERS: Final[int] = 4

# Civil-status and land papers (contract.md). Land holders are numbered: ``holder_1_name`` … ``holder_N_address``;
# only ``holder_1_…`` is listed here, the others exist when the certificate names them (:func:`holder_field`).
PAPER_FIELDS_BY_TYPE: Final[dict[str, tuple[str, ...]]] = {
    "birth_certificate": (
        "full_name",
        "date_of_birth",
        "date_of_birth_in_words",
        "sex",
        "ethnicity",
        "nationality",
        "place_of_birth",
        "place_of_origin",
        "id_number",
        "mother_name",
        "mother_birth_year",
        "mother_ethnicity",
        "mother_nationality",
        "mother_residence",
        "father_name",
        "father_birth_year",
        "father_ethnicity",
        "father_nationality",
        "father_residence",
        "declarant_name",
        *_REGISTRATION,
        "book_number",
    ),
    "marriage_certificate": (
        *(f"husband_{f}" for f in _SPOUSE),
        *(f"wife_{f}" for f in _SPOUSE),
        *_REGISTRATION,
        "book_number",
    ),
    "death_extract": (
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "nationality",
        "id_number",
        "last_residence",
        "date_of_death",
        "time_of_death",
        "place_of_death",
        "cause_of_death",
        "declarant_name",
        *_REGISTRATION,
    ),
    "land_certificate_2014": (
        "serial_number",
        "registry_number",
        *(f"holder_1_{f}" for f in HOLDER_FIELDS),
        "parcel_number",
        "map_sheet_number",
        "parcel_address",
        "area_m2",
        "area_in_words",
        "use_form",
        "land_use",
        "land_use_codes",
        "use_term",
        "use_origin",
        "issue_date",
        "issuing_authority",
    ),
}
PAPER_FIELDS_BY_TYPE["birth_extract"] = PAPER_FIELDS_BY_TYPE["birth_certificate"]
PAPER_FIELDS_BY_TYPE["land_certificate_2024"] = PAPER_FIELDS_BY_TYPE["land_certificate_2014"]


def holder_field(n: int, name: str) -> str:
    """``holder_field(2, "name")`` → ``"holder_2_name"``."""
    if not 1 <= n <= MAX_HOLDERS or name not in HOLDER_FIELDS:
        raise ValueError(f"no holder field {n}/{name}")
    return f"holder_{n}_{name}"


#: Every field name of the contract, cards and papers (all holder slots included).
CONTRACT_FIELDS: Final[frozenset[str]] = frozenset(
    {name for fields in (*FIELDS_BY_TYPE.values(), *PAPER_FIELDS_BY_TYPE.values()) for name in fields}
    | {holder_field(n, f) for n in range(1, MAX_HOLDERS + 1) for f in HOLDER_FIELDS}
)


def generation_of(card_type: str) -> str:
    """``"cccd_2021_front"`` → ``"cccd_2021"``."""
    for generation, sides in GENERATIONS.items():
        if card_type in sides:
            return generation
    raise ValueError(f"not an ID-card type: {card_type!r}")
