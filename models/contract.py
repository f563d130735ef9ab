"""The contract's document types and the fields each ID-card side carries (``contract.md``, domain spec §1.6).

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


def generation_of(card_type: str) -> str:
    """``"cccd_2021_front"`` → ``"cccd_2021"``."""
    for generation, sides in GENERATIONS.items():
        if card_type in sides:
            return generation
    raise ValueError(f"not an ID-card type: {card_type!r}")
