"""The extractors on OCR words recorded from real Tesseract runs over the committed samples (no Tesseract here).

Fixtures: ``tests/fixtures/ocr/*.json``, written by ``scripts/record_ocr.py`` (the straightened card's page OCR).
Zone re-reads and the MRZ read get nothing from the recorded engine, so this checks what label anchoring alone
makes of real OCR output: no wrong value is ever ``ok``, and on scans nearly every field is found right.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extractors.card_document import build_document
from extractors.spec import card_templates, load_templates
from models.geometry import BBox
from models.ocr import Page, Word, group_lines
from pipeline.ocr.engine import RecordedEngine

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "ocr").glob("*.json"))
TODAY = date(2026, 11, 22)


def load(path: Path) -> tuple[dict[str, Any], Page]:
    data = json.loads(path.read_text(encoding="utf-8"))
    words = [Word(t, BBox(*box), c) for line in data["lines"] for t, box, c in line]
    return data, Page(data["width"], data["height"], group_lines(words))


def truth_of(sample: str) -> dict[str, Any]:
    return json.loads((ROOT / "samples" / "cards" / sample).with_suffix(".json").read_text(encoding="utf-8"))


def test_there_are_recorded_pages_for_every_card_type() -> None:
    types = {json.loads(p.read_text(encoding="utf-8"))["type"] for p in FIXTURES}
    assert types == set(card_templates())


def _extract(path: Path) -> tuple[dict[str, Any], list[str], Any]:
    data, page = load(path)
    (true_doc,) = truth_of(data["sample"])["documents"]
    template = load_templates()[true_doc["type"]]
    image = np.full((data["height"], data["width"]), 255, np.uint8)
    doc = build_document(
        template, image, page, [], RecordedEngine(page), classification_confidence=1.0, page_number=1, today=TODAY
    )
    ocr_fields = [n for n, spec in template.fields.items() if spec.source == "ocr"]
    return true_doc, ocr_fields, doc


def _right(want: dict[str, Any], got: Any) -> bool:
    return bool(got.value == want["value"] and bool(got.no_expiry) == bool(want.get("no_expiry")))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_no_wrong_value_is_ok(path: Path) -> None:
    true_doc, names, doc = _extract(path)
    wrong_but_ok = [
        (n, doc.fields[n].value, true_doc["fields"][n]["value"])
        for n in names
        if not _right(true_doc["fields"][n], doc.fields[n]) and doc.fields[n].status == "ok"
    ]
    assert not wrong_but_ok


def test_scans_are_read_nearly_entirely_from_the_page_alone() -> None:
    right = total = 0
    for path in FIXTURES:
        if "_scan" not in path.stem:  # photos lean on the zone re-reads, which are not replayed here
            continue
        true_doc, names, doc = _extract(path)
        right += sum(_right(true_doc["fields"][n], doc.fields[n]) for n in names)
        total += len(names)
    assert total >= 30
    assert right / total >= 0.85, (right, total)
