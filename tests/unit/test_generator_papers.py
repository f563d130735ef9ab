"""The synthetic paper generator (samples/generator/papers): determinism, truth shape and values, PDFs, spreads."""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdf
import pytest
import zxingcpp

from samples.generator.build import Sample, image_seed
from samples.generator.cli import main, plan
from samples.generator.papers import places
from samples.generator.papers.build import file_types, make_paper_sample
from samples.generator.papers.fields import CONTRACT_FIELDS, PAGE_FIELDS, PAPER_TYPES, PRINTED_FIELDS
from samples.generator.papers.people import make_paper
from samples.generator.papers.words import (
    area_words,
    date_words,
    number_words,
    parse_area_words,
    parse_date_words,
    parse_number,
)

# The contract's field lists (contract.md, "Field names and normalised values"), written out independently.
_BIRTH = [
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
    "registration_place",
    "registration_date",
    "registration_number",
    "book_number",
]
_SPOUSE = ["name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document"]
_LAND = [
    "serial_number",
    "registry_number",
    "holder_1_name",
    "holder_1_birth_year",
    "holder_1_id_number",
    "holder_1_address",
    "holder_2_name",
    "holder_2_birth_year",
    "holder_2_id_number",
    "holder_2_address",
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
]
CONTRACT = {
    "birth_certificate": _BIRTH,
    "birth_extract": _BIRTH,
    "marriage_certificate": [f"husband_{k}" for k in _SPOUSE]
    + [f"wife_{k}" for k in _SPOUSE]
    + ["registration_place", "registration_date", "registration_number", "book_number"],
    "death_extract": [
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
        "registration_place",
        "registration_date",
        "registration_number",
    ],
    "land_certificate_2014": _LAND,
    "land_certificate_2024": _LAND,
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AREA = re.compile(r"^\d+(\.\d*[1-9])?$")


def _seed(doc_type: str, variant: str, index: int = 0) -> int:
    return image_seed(11, doc_type, variant, index)


@pytest.fixture(scope="module")
def pdfs() -> dict[str, Sample]:
    """One full PDF per type (every page of the document is in the file), dossiers skipped."""
    out: dict[str, Sample] = {}
    for doc_type in PAPER_TYPES:
        index = 0
        while len(file_types(doc_type, "pdf", _seed(doc_type, "pdf", index))) > 1:
            index += 1
        seed = _seed(doc_type, "pdf", index)
        out[doc_type] = make_paper_sample(doc_type, "pdf", seed, f"{doc_type}_pdf")
    return out


def _pdf_images(sample: Sample) -> list[np.ndarray]:
    reader = pypdf.PdfReader(io.BytesIO(sample.data))
    images = []
    for page in reader.pages:
        (image,) = page.images
        arr = cv2.imdecode(np.frombuffer(image.data, np.uint8), cv2.IMREAD_UNCHANGED)
        assert arr is not None
        images.append(arr)
    return images


# Number words ---------------------------------------------------------------------------------------------------------


def test_number_words_follow_the_spec_vectors() -> None:
    vectors = {
        0: "không", 11: "mười một", 15: "mười lăm", 21: "hai mươi mốt", 24: "hai mươi tư", 25: "hai mươi lăm",
        105: "một trăm linh năm", 1990: "một nghìn chín trăm chín mươi", 2005: "hai nghìn không trăm linh năm",
        2020: "hai nghìn không trăm hai mươi", 314: "ba trăm mười bốn",
    }  # fmt: skip
    for n, words in vectors.items():
        assert number_words(n) == words
    assert all(parse_number(number_words(n)) == n for n in range(0, 2101))
    assert date_words(date(2020, 3, 15)) == "Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi"
    assert date_words(date(1990, 1, 1)) == "Ngày một, tháng một, năm một nghìn chín trăm chín mươi"
    assert date_words(date(2021, 4, 4)).startswith("Ngày bốn, tháng tư,")
    assert parse_date_words("Ngày mồng năm, tháng năm, năm hai ngàn lẻ năm") == date(2005, 5, 5)
    assert area_words("314") == "Ba trăm mười bốn mét vuông"
    assert area_words("499.4") == "Bốn trăm chín mươi chín phẩy bốn mét vuông"
    assert parse_area_words(area_words("499.4")) == "499.4"


# Determinism ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc_type", "variant"), [("birth_certificate", "scan"), ("land_certificate_2024", "photo")])
def test_same_seed_gives_same_bytes(doc_type: str, variant: str) -> None:
    seed = _seed(doc_type, variant)
    a = make_paper_sample(doc_type, variant, seed, "x")
    b = make_paper_sample(doc_type, variant, seed, "x")
    assert a.data == b.data
    assert a.truth == b.truth
    c = make_paper_sample(doc_type, variant, seed + 1, "x")
    assert c.data != a.data


def test_same_seed_gives_same_pdf(pdfs: dict[str, Sample]) -> None:
    sample = pdfs["land_certificate_2014"]
    again = make_paper_sample("land_certificate_2014", "pdf", sample.truth["seed"], "land_certificate_2014_pdf")
    assert again.data == sample.data


# Truth shape and values ----------------------------------------------------------------------------------------------


def test_field_tables_match_the_contract() -> None:
    for doc_type in PAPER_TYPES:
        assert list(CONTRACT_FIELDS[doc_type]) == CONTRACT[doc_type]
        assert set(PRINTED_FIELDS[doc_type]) <= set(CONTRACT[doc_type])
    assert "declarant_name" not in PRINTED_FIELDS["birth_extract"]
    assert {"holder_1_address", "holder_1_birth_year", "use_origin", "area_in_words"}.isdisjoint(
        PRINTED_FIELDS["land_certificate_2024"]
    )


def test_full_documents_carry_exactly_the_printed_fields(pdfs: dict[str, Sample]) -> None:
    for doc_type, sample in pdfs.items():
        (doc,) = sample.truth["documents"]
        assert doc["type"] == doc_type
        expected = list(PRINTED_FIELDS[doc_type])
        if "holder_2_name" not in doc["fields"]:
            expected = [f for f in expected if not f.startswith("holder_2_")]
        assert list(doc["fields"]) == expected, doc_type
        for value in doc["fields"].values():
            assert set(value) == {"value"}


def _check_value(name: str, value: str | None, doc_type: str) -> None:
    if value is None:
        assert name in {"id_number"} or name.startswith("father_"), name
        return
    assert value == unicodedata.normalize("NFC", value)
    assert value == " ".join(value.split()), name
    if name.endswith(("date", "date_of_birth", "date_of_death")):
        assert ISO_DATE.match(value) and date.fromisoformat(value), (name, value)
    if name.endswith("_name") or name == "full_name":
        assert value == value.upper(), (name, value)
    if name.endswith(("id_number", "birth_year")):
        assert value.isdigit(), (name, value)
    if name.endswith("sex"):
        assert value in ("Nam", "Nữ")
    if name == "area_m2":
        assert AREA.match(value), value
    if name == "land_use_codes":
        assert re.fullmatch(r"[A-Z]{3}(,[A-Z]{3})*", value), value
    if name == "time_of_death":
        assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value), value
    if name == "serial_number":
        pattern = r"[A-ZĐ]{2} \d{6}" if doc_type == "land_certificate_2014" else r"[A-Z]{2} \d{8}"
        assert re.fullmatch(pattern, value), value


def test_values_are_normalised_and_words_agree_with_digits(pdfs: dict[str, Sample]) -> None:
    samples = list(pdfs.values())
    samples += [make_paper_sample(t, "scan", _seed(t, "scan", 3), "x") for t in ("birth_certificate", "birth_extract")]
    for sample in samples:
        for doc in sample.truth["documents"]:
            fields = {k: v["value"] for k, v in doc["fields"].items()}
            for name, value in fields.items():
                _check_value(name, value, doc["type"])
            if "date_of_birth_in_words" in fields:
                assert parse_date_words(fields["date_of_birth_in_words"]).isoformat() == fields["date_of_birth"]
            if "area_in_words" in fields:
                assert parse_area_words(fields["area_in_words"]) == fields["area_m2"]


def _parts(land_use: str) -> list[tuple[str, float]]:
    return [
        (code, float(area.replace(",", "."))) for code, area in re.findall(r"\(([A-Z]{3})\): ([\d,]+) m²", land_use)
    ]


def test_land_totals_are_the_sum_of_the_parts() -> None:
    checked = 0
    for seed in range(60):
        for doc_type in ("land_certificate_2014", "land_certificate_2024"):
            values = make_paper(doc_type, random.Random(seed)).values
            codes = (values["land_use_codes"] or "").split(",")
            parts = _parts(values["land_use"] or "")
            if doc_type == "land_certificate_2024" or len(codes) > 1:
                assert [c for c, _ in parts] == codes
                assert round(sum(a for _, a in parts), 1) == float(values["area_m2"] or "nan")
                checked += 1
            else:
                assert values["land_use"] == f"{values['land_use'].split(' (')[0]} ({codes[0]})"
            if "area_in_words" in values:
                assert parse_area_words(values["area_in_words"] or "") == values["area_m2"]
    assert checked > 60


def test_addresses_follow_the_document_date() -> None:
    for seed in range(80):
        paper = make_paper("birth_certificate", random.Random(seed))
        place = paper.values["registration_place"] or ""
        units = place.removeprefix("Ủy ban nhân dân ").split(", ")
        post = paper.when >= places.REFORM
        assert len(units) == (2 if post else 3), (paper.when, place)
        assert not post or not any(u.startswith(("huyện", "quận", "thị xã")) for u in units)


# Files ---------------------------------------------------------------------------------------------------------------


def test_pdfs_have_the_pages_the_truth_says(pdfs: dict[str, Sample]) -> None:
    for doc_type, sample in pdfs.items():
        images = _pdf_images(sample)
        transform = sample.truth["transform"]
        assert len(images) == transform["file_page_count"] == len(transform["file_pages"])
        pages = sample.truth["documents"][0]["pages"]
        assert pages == list(range(1, len(images) + 1)), doc_type
        for image, record in zip(images, transform["file_pages"], strict=True):
            assert [image.shape[1], image.shape[0]] == record["image_size"]
        doc_pages = sorted(p["doc_page"] for r in transform["file_pages"] for p in r["placements"])
        assert doc_pages == sorted(PAGE_FIELDS.get(doc_type, {1: frozenset()}))


def test_land_2014_spreads_are_landscape_with_two_pages() -> None:
    found = 0
    for index in range(12):
        seed = _seed("land_certificate_2014", "pdf", index)
        if len(file_types("land_certificate_2014", "pdf", seed)) > 1:
            continue
        sample = make_paper_sample("land_certificate_2014", "pdf", seed, "x")
        records = sample.truth["transform"]["file_pages"]
        if len(records) != 2:
            assert [p["doc_page"] for r in records for p in r["placements"]] == [1, 2, 3, 4]
            continue
        images = _pdf_images(sample)
        for image, record, expected in zip(images, records, ([4, 1], [2, 3]), strict=True):
            assert image.shape[1] > image.shape[0]
            assert [p["doc_page"] for p in record["placements"]] == expected
            assert record["layout"] == f"spread {expected[0]}|{expected[1]}"
            left, right = (np.mean([x for x, _ in p["quad"]]) for p in record["placements"])
            assert left < image.shape[1] / 2 < right or record.get("quarter_turns")
        assert sample.truth["documents"][0]["pages"] == [1, 2]
        found += 1
        if found == 2:
            break
    assert found


def test_dossiers_hold_several_documents_on_disjoint_pages() -> None:
    seed = next(s for s in range(1000) if len(file_types("death_extract", "pdf", s)) > 1)
    sample = make_paper_sample("death_extract", "pdf", seed, "x")
    docs = sample.truth["documents"]
    assert "death_extract" in [d["type"] for d in docs] and len({d["type"] for d in docs}) == len(docs) >= 2
    pages = [p for d in docs for p in d["pages"]]
    assert sorted(pages) == list(range(1, sample.truth["transform"]["file_page_count"] + 1))
    assert len(_pdf_images(sample)) == len(pages)


def test_field_boxes_lie_on_the_page_and_qr_decodes(pdfs: dict[str, Sample]) -> None:
    for sample in pdfs.values():
        for record in sample.truth["transform"]["file_pages"]:
            for placement in record["placements"]:
                w, h = placement["page_size"]
                for x0, y0, x1, y1 in placement["field_boxes"].values():
                    assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
    scan = make_paper_sample("land_certificate_2024", "scan", _seed("land_certificate_2024", "scan"), "x")
    image = cv2.imdecode(np.frombuffer(scan.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    payload = scan.truth["transform"]["file_pages"][0]["placements"][0]["qr_payload"]
    assert payload in [b.text for b in zxingcpp.read_barcodes(image)]
    fields = scan.truth["documents"][0]["fields"]
    assert payload.split("|")[1] == fields["serial_number"]["value"]
    assert "registry_number" not in fields  # page 2 only


def test_cli_writes_papers_and_leaves_card_plans_alone(tmp_path: Path) -> None:
    cards = plan(["cccd_2021_front"], ["scan", "pdf", "pair"], 1, 5)
    assert [(k, v) for k, v, *_ in cards] == [("cccd_2021_front", "scan"), ("cccd_2021", "pair")]
    papers = plan(["death_extract"], ["scan", "pdf", "pair", "blurry"], 1, 5)
    assert [(k, v) for k, v, *_ in papers] == [("death_extract", "scan"), ("death_extract", "pdf")]
    assert main(["--out", str(tmp_path), "--types", "death_extract", "--variants", "pdf", "--seed", "3"]) == 0
    index: dict[str, Any] = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    (entry,) = index["images"]
    assert entry["file"] == "death_extract_pdf_000.pdf" and (tmp_path / entry["file"]).read_bytes().startswith(b"%PDF")
    truth = json.loads((tmp_path / entry["truth"]).read_text(encoding="utf-8"))
    assert truth["synthetic"] is True and truth["variant"] == "pdf"
