"""The synthetic ID-card generator (samples/generator): determinism, spec vectors, truth shape, codes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import zxingcpp

from models.contract import CARD_TYPES, FIELDS_BY_TYPE, GENERATIONS
from samples.generator.build import Sample, image_seed, make_sample
from samples.generator.cli import main
from samples.generator.codes import qr_payload
from samples.generator.expiry import add_years, expiry_date
from samples.generator.idnumbers import PROVINCE_CODES, century_sex_digit, pin_matches
from samples.generator.mrz import build_td1, check_digit, name_line
from samples.generator.people import ISSUE_WINDOWS, make_holder
from samples.generator.render import render_card

SPEC_MRZ = (
    "IDVNM3010123455079301012345<<5",
    "0103152F2603151VNM<<<<<<<<<<<6",
    "TRAN<<THI<BICH<NGOC<<<<<<<<<<<",
)

# Domain spec appendix: (DOB, issue date) → expiry (None = "Không thời hạn").
EXPIRY_VECTORS = [
    ("2004-02-10", "2021-04-01", "2029-02-10"),
    ("1990-08-20", "2021-05-10", "2030-08-20"),
    ("1964-11-02", "2025-03-03", None),
    ("1963-05-05", "2021-06-01", None),
    ("2001-03-15", "2021-06-20", "2026-03-15"),
    ("1999-09-01", "2022-12-01", "2039-09-01"),
    ("2012-01-01", "2024-08-01", "2037-01-01"),
    ("2018-05-05", "2024-09-01", "2032-05-05"),
]


def _decode(sample: Sample) -> np.ndarray:
    img = cv2.imdecode(np.frombuffer(sample.data, np.uint8), cv2.IMREAD_COLOR)
    assert img is not None
    return img


@pytest.fixture(scope="module")
def scans() -> dict[str, Sample]:
    return {t: make_sample(t, "scan", image_seed(42, t, "scan", 0), f"{t}_scan") for t in CARD_TYPES}


# Spec vectors ---------------------------------------------------------------------------------------------------------


def test_mrz_worked_example_is_reproduced_exactly() -> None:
    lines = build_td1("079301012345", "Trần Thị Bích Ngọc", date(2001, 3, 15), "Nữ", date(2026, 3, 15))
    assert lines == SPEC_MRZ


def test_mrz_check_digits_and_transliteration() -> None:
    assert check_digit("301012345") == "5"
    assert check_digit("079301012345") == "5"
    assert check_digit("010315") == "2"
    assert check_digit("260315") == "1"
    assert name_line("Đặng Văn Đức") == "DANG<<VAN<DUC".ljust(30, "<")
    no_expiry = build_td1("001060123456", "Lê Văn Hòa", date(1960, 1, 2), "Nam", None)
    assert no_expiry[1][8:14] == "991231"


@pytest.mark.parametrize(("dob", "issued", "expected"), EXPIRY_VECTORS)
def test_expiry_follows_the_appendix_vectors(dob: str, issued: str, expected: str | None) -> None:
    result = expiry_date(date.fromisoformat(dob), date.fromisoformat(issued), can_cuoc=True)
    assert (result.isoformat() if result else None) == expected


def test_century_sex_digit() -> None:
    assert century_sex_digit(1999, "Nam") == 0
    assert century_sex_digit(1950, "Nữ") == 1
    assert century_sex_digit(2001, "Nam") == 2
    assert century_sex_digit(2001, "Nữ") == 3


# People ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("generation", list(GENERATIONS))
def test_generated_holders_are_consistent_and_legal(generation: str) -> None:
    first, last = ISSUE_WINDOWS[generation]
    for seed in range(150):
        person, card = make_holder(random.Random(seed), generation)
        assert pin_matches(person.pin, person.dob, person.sex), (person.pin, person.dob, person.sex)
        assert person.pin[:3] in PROVINCE_CODES
        assert first <= card.issue_date <= last
        minimum_age = 6 if generation == "can_cuoc_2024" else 14
        assert add_years(person.dob, minimum_age) <= card.issue_date
        if generation == "cmnd":
            assert person.old_cmnd is not None and len(person.old_cmnd) == 9 and person.old_cmnd.isdigit()
            assert card.expiry is None
        else:
            assert card.expiry == expiry_date(person.dob, card.issue_date, can_cuoc=generation == "can_cuoc_2024")
        for text in (person.full_name, person.place_of_origin, person.place_of_residence, *person.marks):
            assert unicodedata.normalize("NFC", text) == text and "  " not in text


def test_some_holders_have_no_expiry_and_some_are_children() -> None:
    holders = [make_holder(random.Random(s), "can_cuoc_2024") for s in range(300)]
    assert any(card.expiry is None for _, card in holders)
    assert any(add_years(p.dob, 14) > card.issue_date for p, card in holders)


# Rendering and ground truth -------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes() -> None:
    seed = image_seed(7, "cccd_2021_back", "photo", 0)
    a = make_sample("cccd_2021_back", "photo", seed, "a")
    b = make_sample("cccd_2021_back", "photo", seed, "a")
    assert a.data == b.data
    assert a.truth == b.truth
    c = make_sample("cccd_2021_back", "photo", seed + 1, "a")
    assert c.data != a.data


@pytest.mark.parametrize("card_type", CARD_TYPES)
def test_truth_has_exactly_the_fields_of_the_type(scans: dict[str, Sample], card_type: str) -> None:
    truth = scans[card_type].truth
    json.dumps(truth)  # serialisable
    assert truth["synthetic"] is True
    [document] = truth["documents"]
    assert document["type"] == card_type
    assert document["pages"] == [1]
    assert tuple(document["fields"]) == FIELDS_BY_TYPE[card_type]
    boxes = truth["transform"]["cards"][0]["field_boxes"]
    assert set(boxes) == set(FIELDS_BY_TYPE[card_type])  # every field was actually drawn
    for name, field in document["fields"].items():
        value = field["value"]
        if value is not None:
            assert unicodedata.normalize("NFC", value) == value
            assert "  " not in value
        if name == "date_of_expiry" and value is None:
            assert field["no_expiry"] is True


def test_normalised_values(scans: dict[str, Sample]) -> None:
    fields: dict[str, Any] = scans["cccd_2021_front"].truth["documents"][0]["fields"]
    assert fields["full_name"]["value"] == fields["full_name"]["value"].upper()
    assert fields["sex"]["value"] in ("Nam", "Nữ")
    assert len(fields["id_number"]["value"]) == 12 and fields["id_number"]["value"].isdigit()
    date.fromisoformat(fields["date_of_birth"]["value"])
    payload = fields["qr"]["value"].split("|")
    assert payload[0] == fields["id_number"]["value"]
    assert payload[5] == fields["place_of_residence"]["value"]
    mrz_lines = scans["cccd_2021_back"].truth["documents"][0]["fields"]["mrz"]["value"].split("\n")
    assert [len(line) for line in mrz_lines] == [30, 30, 30]
    cmnd = scans["cmnd_front"].truth["documents"][0]["fields"]
    assert len(cmnd["id_number"]["value"]) == 9


def test_qr_on_a_2021_front_decodes_to_the_truth(scans: dict[str, Sample]) -> None:
    sample = scans["cccd_2021_front"]
    expected = sample.truth["documents"][0]["fields"]["qr"]["value"]
    assert expected in {r.text for r in zxingcpp.read_barcodes(_decode(sample))}
    person, card = make_holder(random.Random(3), "cccd_2021")
    rendered = render_card("cccd_2021_front", person, card, random.Random(4))
    assert qr_payload(person, card) in {r.text for r in zxingcpp.read_barcodes(rendered.image)}


def test_scan_quad_lies_inside_the_image(scans: dict[str, Sample]) -> None:
    truth = scans["can_cuoc_2024_front"].truth
    width, height = truth["transform"]["image_size"]
    quad = truth["transform"]["cards"][0]["quad"]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in quad)
    rotation = truth["transform"]["cards"][0]["rotation_deg"]
    assert min(rotation, 360 - rotation) <= 3.01


def test_bad_variants_are_what_they_claim() -> None:
    tiny = make_sample("cmnd_front", "tiny", image_seed(1, "cmnd_front", "tiny", 0), "t").truth
    xs = [x for x, _ in tiny["transform"]["cards"][0]["quad"]]
    assert (max(xs) - min(xs)) / tiny["transform"]["image_size"][0] < 0.2
    assert tiny["expected_quality"] == ["tiny"]
    cut = make_sample("cccd_2021_back", "cutoff", image_seed(1, "cccd_2021_back", "cutoff", 0), "c").truth
    width, height = cut["transform"]["image_size"]
    assert any(not (0 <= x <= width and 0 <= y <= height) for x, y in cut["transform"]["cards"][0]["quad"])


def test_pair_holds_front_and_back_of_one_person() -> None:
    sample = make_sample("can_cuoc_2024", "pair", image_seed(1, "can_cuoc_2024", "pair", 0), "p")
    types = [d["type"] for d in sample.truth["documents"]]
    assert sorted(types) == ["can_cuoc_2024_back", "can_cuoc_2024_front"]
    by_type = {d["type"]: d["fields"] for d in sample.truth["documents"]}
    pin = by_type["can_cuoc_2024_front"]["id_number"]["value"]
    assert by_type["can_cuoc_2024_back"]["qr"]["value"].startswith(pin + "|")
    assert len(sample.truth["transform"]["cards"]) == 2


# CLI and imports ------------------------------------------------------------------------------------------------------


def test_cli_writes_images_truth_and_index(tmp_path: Path) -> None:
    code = main(["--out", str(tmp_path), "--per-type", "1", "--variants", "scan,pair", "--types", "cmnd_back",
                 "--seed", "3"])  # fmt: skip
    assert code == 0
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    files = [entry["file"] for entry in index["images"]]
    assert [Path(f).stem for f in files] == ["cmnd_back_scan_000", "cmnd_pair_000"]
    for entry in index["images"]:
        assert (tmp_path / entry["file"]).stat().st_size > 10_000
        truth = json.loads((tmp_path / entry["truth"]).read_text(encoding="utf-8"))
        assert truth["file"] == entry["file"]


def test_contract_module_imports_without_heavy_dependencies() -> None:
    code = (
        "import sys, models.contract as f; "
        "assert len(f.FIELDS_BY_TYPE) == 8; "
        "assert not {'cv2', 'PIL', 'numpy', 'segno'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
