"""Ground truth in the contract's shape: the normalised value of every field printed on a card side."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from models.contract import FIELDS_BY_TYPE, generation_of
from samples.generator.codes import qr_payload
from samples.generator.layouts import NATIONALITY
from samples.generator.mrz import build_td1
from samples.generator.people import CardIssue, Person
from samples.generator.variants import Placement, Shot


def normalise(text: str) -> str:
    """Contract normalisation: NFC and whitespace collapsed to single spaces (MRZ keeps its newlines)."""
    nfc = unicodedata.normalize("NFC", text)
    return "\n".join(" ".join(line.split()) for line in nfc.split("\n"))


def all_values(card_type: str, person: Person, card: CardIssue) -> dict[str, str | None]:
    generation = generation_of(card_type)
    mrz = "\n".join(build_td1(person.pin, person.full_name, person.dob, person.sex, card.expiry))
    return {
        "id_number": person.old_cmnd if generation == "cmnd" else person.pin,
        "full_name": person.upper_name,
        "date_of_birth": person.dob.isoformat(),
        "sex": person.sex,
        "nationality": NATIONALITY,
        "place_of_origin": person.place_of_origin,
        "place_of_residence": person.place_of_residence,
        "place_of_birth_registration": person.place_of_birth_registration,
        "date_of_expiry": card.expiry.isoformat() if card.expiry else None,
        "issue_date": card.issue_date.isoformat(),
        "personal_identification": " ".join(person.marks),
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "mrz": mrz,
        "qr": qr_payload(person, card),
        "old_id_number": person.old_cmnd,
    }


def document_fields(card_type: str, person: Person, card: CardIssue) -> dict[str, dict[str, Any]]:
    """Exactly the fields of :data:`FIELDS_BY_TYPE` for ``card_type``, as contract Field stubs."""
    values = all_values(card_type, person, card)
    fields: dict[str, dict[str, Any]] = {}
    for name in FIELDS_BY_TYPE[card_type]:
        value = values[name]
        if name == "date_of_expiry" and value is None:
            fields[name] = {"value": None, "no_expiry": True}
        else:
            fields[name] = {"value": None if value is None else normalise(value)}
    return fields


def placement_record(placement: Placement) -> dict[str, Any]:
    card = placement.card
    return {
        "type": card.card_type,
        "quad": placement.quad,
        "rotation_deg": round(placement.rotation_deg, 2),
        "upright_rotation": placement.upright_rotation,
        "homography": [[round(float(v), 6) + 0.0 for v in row] for row in placement.homography],
        "card_size": [int(card.image.shape[1]), int(card.image.shape[0])],
        "field_boxes": {name: list(box) for name, box in sorted(card.field_boxes.items())},
    }


def ground_truth(
    file_name: str, variant: str, seed: int, shot: Shot, person: Person, card: CardIssue
) -> dict[str, Any]:
    documents = [
        {"type": p.card.card_type, "pages": [1], "fields": document_fields(p.card.card_type, person, card)}
        for p in shot.placements
    ]
    transform: dict[str, Any] = {
        "image_size": [int(shot.image.shape[1]), int(shot.image.shape[0])],
        "cards": [placement_record(p) for p in shot.placements],
        "encoding": shot.encoding,
        "jpeg_quality": shot.quality,
        **shot.notes,
    }
    return {
        "file": file_name,
        "variant": variant,
        "seed": seed,
        "synthetic": True,
        "documents": documents,
        "expected_quality": shot.expected_quality,
        "transform": transform,
    }


def to_json(obj: Any, indent: int = 0) -> str:
    """Indented JSON with short lists (numbers, corner pairs, page lists) kept on one line."""
    pad = " " * indent
    if isinstance(obj, dict) and obj and any(isinstance(v, dict | list) for v in obj.values()):
        items = [f"{pad}  {json.dumps(k, ensure_ascii=False)}: {to_json(v, indent + 2)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(obj, list) and any(isinstance(v, dict) for v in obj):
        items = [f"{pad}  {to_json(v, indent + 2)}" for v in obj]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(obj, ensure_ascii=False)
