"""MRZ location without OCR, and the reading logic over a recorded engine (pipeline.mrz_locate)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from models.geometry import BBox
from models.ocr import Line, Page, Word
from pipeline.mrz_locate import MrzRegion, find_mrz_regions, mrz_result_for_image, read_mrz
from pipeline.ocr.engine import RecordedEngine
from samples.generator.mrz_docs import SPECIMENS, Placement, place_in_photo, render_document


def _photo(kind: str | None, rotation: int, seed: int = 1, tilt: float = 10.0) -> np.ndarray:
    rng = random.Random(seed)
    doc = render_document(SPECIMENS[kind] if kind else None, rng)
    return place_in_photo(doc, rng, Placement(rotation=rotation, tilt=tilt))


def _page(lines: tuple[str, ...]) -> Page:
    words = [Line((Word(text, BBox(10, 10 + 40 * i, 900, 40 + 40 * i), 0.9),)) for i, text in enumerate(lines)]
    return Page(1000, 200, tuple(words))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_block_found_with_its_direction(rotation: int) -> None:
    regions = find_mrz_regions(_photo("td1", rotation, seed=rotation + 2))
    assert regions and regions[0].lines == 3
    turn = (regions[0].angle - rotation - 10.0) % 180
    assert min(turn, 180 - turn) <= 6


def test_a_2000_by_1500_photo_is_searched_at_detection_scale() -> None:
    image = _photo("td3", 90, seed=4)
    assert image.shape[:2] == (1500, 2000)
    regions = find_mrz_regions(image)
    assert regions and regions[0].lines == 2


def test_no_block_on_a_plain_background() -> None:
    rng = random.Random(3)
    image = np.full((900, 1200, 3), 200, np.uint8) + rng.randint(0, 5)
    assert find_mrz_regions(image) == []


def test_expanded_region_adds_one_pitch_each_side() -> None:
    quad = np.array([[0, 100], [400, 100], [400, 140], [0, 140]], dtype=np.float32)
    region = MrzRegion(quad, 1.0, 2, 15.0)
    grown = region.expanded()
    assert grown.bbox == BBox(0, 80, 400, 160)
    assert grown.lines == 4 and grown.char_height == 15.0


def test_contract_shape_of_a_read() -> None:
    engine = RecordedEngine(_page(SPECIMENS["td2"]))
    out = mrz_result_for_image(_photo("td2", 0), engine, file="a.jpg")
    assert out["error"] is None and out["file"] == "a.jpg"
    mrz = out["mrz"]
    assert set(mrz) == {"format", "lines", "fields", "checks", "valid", "repairs"}
    assert mrz["format"] == "TD2" and mrz["valid"] is True and mrz["lines"] == list(SPECIMENS["td2"])
    assert set(mrz["fields"]) >= {
        "document_code", "issuing_state", "document_number", "date_of_birth", "sex", "date_of_expiry",
        "nationality", "surname", "given_names", "optional_data",
    }  # fmt: skip
    assert engine.calls == []  # the glyph reader read it: no Tesseract call at all


def test_no_mrz_text_gives_the_error_object() -> None:
    engine = RecordedEngine(_page(("NOTHING HERE", "JUST WORDS")))
    out = mrz_result_for_image(_photo(None, 0), engine, file="b.jpg")
    assert out == {"file": "b.jpg", "mrz": None, "error": {"code": "no_mrz_found", "message": out["error"]["message"]}}
    assert "MRZ" in out["error"]["message"] or "machine-readable" in out["error"]["message"]


def test_regions_argument_skips_detection() -> None:
    engine = RecordedEngine(_page(SPECIMENS["td3"]))
    quad = np.array([[0, 0], [300, 0], [300, 60], [0, 60]], dtype=np.float32)
    found = read_mrz(np.full((200, 400, 3), 255, np.uint8), engine, regions=[MrzRegion(quad, 1.0, 2, 20.0)])
    assert found is not None and found.result.valid and found.ocr_calls == 1
    assert found.region.bbox == BBox(0, 0, 300, 60)
