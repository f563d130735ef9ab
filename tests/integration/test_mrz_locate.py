"""Finding and reading an MRZ anywhere in a photo (pipeline.mrz_locate) with real Tesseract, on rendered documents.

Every ICAO specimen format (TD1, TD2, TD3) and the Vietnamese card example is rendered in OCR-B on a document, put
in a photo turned 0/90/180/270° plus a tilt, blurred, noised and JPEG-compressed, and must be read exactly.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from extractors.validators.mrz import parse
from pipeline.mrz_locate import find_mrz_regions, mrz_result_for_image, read_mrz
from pipeline.ocr.tesseract import TesseractEngine
from samples.generator.mrz_docs import SPECIMENS, Placement, place_in_photo, render_document, with_wrong_digit

pytestmark = pytest.mark.integration

_TILTS = {0: 7.0, 90: -12.0, 180: 15.0, 270: -5.0}


@pytest.fixture(scope="module")
def engine() -> TesseractEngine:
    return TesseractEngine()  # refuses to start without the 'mrz' model (make install puts it in place)


def _photo(lines: tuple[str, ...] | None, rotation: int, seed: int) -> np.ndarray:
    rng = random.Random(seed)
    placement = Placement(rotation=rotation, tilt=_TILTS[rotation], doc_fraction=0.6, blur=0.9, noise=3.0)
    return place_in_photo(render_document(lines, rng), rng, placement)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("kind", ["td1", "td2", "td3", "vn"])
def test_each_format_in_each_orientation_is_read_exactly(engine: TesseractEngine, kind: str, rotation: int) -> None:
    lines = SPECIMENS[kind]
    image = _photo(lines, rotation, seed=rotation * 7 + len(kind))
    found = read_mrz(image, engine)
    assert found is not None
    assert found.result.lines == list(lines), found.attempts
    assert found.result.valid
    assert found.result.format == {"td1": "TD1", "vn": "TD1", "td2": "TD2", "td3": "TD3"}[kind]
    assert found.ocr_calls <= 2, found.attempts


def test_misprinted_check_digit_is_reported_not_repaired(engine: TesseractEngine) -> None:
    lines = with_wrong_digit(SPECIMENS["td3"], line=1, pos=19)  # date-of-birth check digit 2 → 3
    found = read_mrz(_photo(lines, 90, seed=3), engine)
    assert found is not None
    assert found.result.lines == list(lines)
    assert found.result.checks["date_of_birth"] is False
    assert found.result.checks["composite"] is False
    assert found.result.checks["document_number"] is True
    assert not found.result.valid
    assert not any("line2[20]" in note for note in found.result.repairs)


def test_contract_object_for_a_card(engine: TesseractEngine) -> None:
    out = mrz_result_for_image(_photo(SPECIMENS["vn"], 180, seed=5), engine, file="back.jpg")
    assert out["file"] == "back.jpg" and out["error"] is None
    mrz = out["mrz"]
    assert mrz["format"] == "TD1" and mrz["valid"] is True
    assert mrz["lines"] == list(SPECIMENS["vn"])
    assert mrz["fields"]["document_number"] == "301012345"
    assert mrz["fields"]["surname"] == "TRAN" and mrz["fields"]["given_names"] == "THI BICH NGOC"
    assert mrz["fields"]["date_of_birth"] == "010315" and mrz["fields"]["sex"] == "F"
    assert set(mrz["checks"]) >= {"document_number", "date_of_birth", "date_of_expiry", "composite"}
    assert mrz["checks"] == parse(SPECIMENS["vn"]).checks


def test_image_without_mrz_gives_no_mrz_found(engine: TesseractEngine) -> None:
    out = mrz_result_for_image(_photo(None, 0, seed=11), engine, file="plain.jpg")
    assert out["mrz"] is None
    assert out["error"]["code"] == "no_mrz_found"
    assert out["error"]["message"]


def test_regions_are_found_without_ocr_in_every_orientation() -> None:
    for rotation in (0, 90, 180, 270):
        image = _photo(SPECIMENS["td3"], rotation, seed=rotation)
        regions = find_mrz_regions(image)
        assert regions, rotation
        best = regions[0]
        assert best.lines == 2
        # The text direction is the document's turn (±tilt), up to the 180° ambiguity resolved at read time.
        turn = (best.angle - rotation) % 180
        assert min(turn, 180 - turn) <= 20, (rotation, best.angle)
