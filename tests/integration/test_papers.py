"""Papers end to end with real Tesseract: generated dossier PDFs split into their documents, fields read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.process import Processor
from samples.generator.papers.build import make_paper_sample
from sohoa.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Seeds of generated PDFs holding several papers (samples.generator.papers.build.file_types):
# a birth extract then a birth certificate; a marriage certificate, a birth certificate, a 4-page land certificate.
DOSSIERS = (1115168618, 841997476)


@pytest.fixture(scope="module")
def processor() -> Processor:
    return Processor(Settings())


@pytest.mark.parametrize("seed", DOSSIERS)
def test_a_dossier_pdf_gives_one_document_per_paper_with_its_pages(
    processor: Processor, tmp_path: Path, seed: int
) -> None:
    sample = make_paper_sample("birth_certificate", "pdf", seed, "dossier")
    path = tmp_path / sample.file_name
    path.write_bytes(sample.data)
    result = processor.process(path).to_contract()
    assert result["error"] is None
    got = [(d["type"], d["pages"]) for d in result["documents"]]
    want = [(d["type"], d["pages"]) for d in sample.truth["documents"]]
    assert got == want
    fields = exact = silent = 0
    for predicted, truth in zip(result["documents"], sample.truth["documents"], strict=True):
        for name, true_field in truth["fields"].items():
            got = predicted["fields"].get(name, {})
            fields += 1
            exact += got.get("value") == true_field["value"]
            # A wrong value marked ok is what the review queue cannot catch.
            silent += got.get("status") == "ok" and got.get("value") != true_field["value"]
    assert exact / fields >= 0.85
    assert silent <= 1


def test_the_searchable_copy_has_every_page_and_the_text_the_fields_came_from(
    processor: Processor, tmp_path: Path
) -> None:
    sample = make_paper_sample("birth_certificate", "pdf", DOSSIERS[0], "dossier")
    outcome = processor.run(sample.data, sample.file_name, pdf=True)
    result = outcome.result.to_contract()
    assert [(d["type"], d["pages"]) for d in result["documents"]] == [
        (d["type"], d["pages"]) for d in sample.truth["documents"]
    ]
    assert outcome.pdf is not None
    reader = PdfReader(io.BytesIO(outcome.pdf))
    assert len(reader.pages) == sample.truth["transform"]["file_page_count"]
    layer = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    confirmed = [
        f["value"]
        for d in result["documents"]
        for f in d["fields"].values()
        if f["status"] == "ok" and f["source"] == "ocr" and isinstance(f["value"], str) and " " in f["value"]
    ]
    assert confirmed
    # Free-text values (names, places) are the words of the layer: one recognition gives both.
    found = sum(value in layer for value in confirmed)
    assert found >= 0.8 * len(confirmed), (found, len(confirmed))
