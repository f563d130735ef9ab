"""`sohoa extract` end to end, for real: the installed CLI, real Tesseract, committed samples and bad inputs."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfWriter

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "cards"
CLI = [sys.executable, "-m", "sohoa.cli"]


def run(*args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    proc = subprocess.run([*CLI, "extract", "--json", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def truth(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / name).with_suffix(".json").read_text(encoding="utf-8"))


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty_file": d / "empty.jpg",
        "unreadable_image": d / "truncated.jpg",
        "unsupported_format": d / "text.jpg",
        "too_large": d / "bomb.png",
        "encrypted_pdf": d / "locked.pdf",
        "image_too_small": d / "dot.png",
        "no_document_found": d / "nothing.jpg",
    }
    files["empty_file"].write_bytes(b"")
    good = (SAMPLES / "cccd_2021_front_scan.jpg").read_bytes()
    files["unreadable_image"].write_bytes(good[: len(good) // 2])
    files["unsupported_format"].write_text("Họ và tên: NGUYỄN VĂN A\n", encoding="utf-8")
    files["too_large"].write_bytes(_png_header(60000, 60000))
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    with files["encrypted_pdf"].open("wb") as fh:
        writer.write(fh)
    Image.new("RGB", (1, 1), "white").save(files["image_too_small"])
    rng = np.random.default_rng(3)
    desk = np.clip(rng.normal(120, 6, (900, 1200, 3)), 0, 255).astype(np.uint8)  # a bare table, no paper
    Image.fromarray(desk).save(files["no_document_found"], quality=85)
    return files


def test_each_bad_input_gets_its_code_and_the_good_files_still_run(bad_inputs: dict[str, Path]) -> None:
    good = SAMPLES / "cccd_2021_front_scan.jpg"
    ordered = list(bad_inputs.items())
    paths = [good] + [p for _, p in ordered] + [SAMPLES / "cmnd_front_scan.jpg"]
    status, results = run(*paths)
    assert status == 2
    assert [r["file"] for r in results] == [p.name for p in paths]
    for (code, _), result in zip(ordered, results[1:-1], strict=True):
        assert result["error"]["code"] == code, result
        assert result["documents"] == []
        assert " / " in result["error"]["message"]  # Vietnamese / English
    for result in (results[0], results[-1]):
        assert result["error"] is None and result["documents"], result


def test_all_good_exit_zero_and_contract_shape() -> None:
    status, results = run(SAMPLES / "can_cuoc_2024_front_scan.jpg")
    assert status == 0
    (result,) = results
    assert set(result) == {"file", "sha256", "documents", "quality", "error", "timings_ms"}
    assert len(result["sha256"]) == 64
    assert {"total", "preflight", "ocr", "extract"} <= set(result["timings_ms"])
    (doc,) = result["documents"]
    assert set(doc) == {"type", "pages", "confidence", "needs_review", "fields", "issues"}
    assert doc["pages"] == [1]
    for field in doc["fields"].values():
        assert {"value", "confidence", "status", "source", "page", "bbox", "issues"} <= set(field)
        assert field["status"] in {"ok", "review", "invalid"}
        if field["bbox"] is not None:
            x0, y0, x1, y1 = field["bbox"]
            assert 0 <= x0 < x1 and 0 <= y0 < y1


SCANS = sorted(p.name for p in SAMPLES.glob("*_scan.jpg"))
PHOTOS = sorted(p.name for p in SAMPLES.glob("*_photo.jpg"))


@pytest.fixture(scope="module")
def sample_results() -> dict[str, dict[str, Any]]:
    names = SCANS + PHOTOS + sorted(p.name for p in SAMPLES.glob("*_pair.jpg"))
    _, results = run(*(SAMPLES / n for n in names))
    return {r["file"]: r for r in results}


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS + PHOTOS)
def test_document_type_of_every_sample(name: str, sample_results: dict[str, dict[str, Any]]) -> None:
    got = [d["type"] for d in sample_results[name]["documents"]]
    assert got == [d["type"] for d in truth(name)["documents"]]


def _field_scores(results: dict[str, dict[str, Any]], names: list[str]) -> tuple[int, int, int]:
    exact = silent = total = 0
    for name in names:
        predicted = {d["type"]: d for d in results[name]["documents"]}
        for true_doc in truth(name)["documents"]:
            got = predicted.get(true_doc["type"], {"fields": {}})["fields"]
            for field, want in true_doc["fields"].items():
                total += 1
                have = got.get(field, {})
                right = have.get("value") == want["value"] and bool(have.get("no_expiry")) == bool(
                    want.get("no_expiry")
                )
                exact += right
                silent += (not right) and have.get("status") == "ok"
    return exact, silent, total


@pytest.mark.slow
def test_scans_are_read_almost_entirely_and_never_wrong_silently(sample_results: dict[str, dict[str, Any]]) -> None:
    exact, silent, total = _field_scores(sample_results, SCANS)
    assert exact / total >= 0.9, (exact, total)
    assert silent == 0


@pytest.mark.slow
def test_pairs_give_two_documents_checked_against_each_other(sample_results: dict[str, dict[str, Any]]) -> None:
    for name in ("cccd_2021_pair.jpg", "can_cuoc_2024_pair.jpg"):
        types = sorted(d["type"] for d in sample_results[name]["documents"])
        assert types == sorted(d["type"] for d in truth(name)["documents"])
    exact, silent, total = _field_scores(sample_results, ["cccd_2021_pair.jpg", "can_cuoc_2024_pair.jpg"])
    assert exact / total >= 0.85 and silent == 0, (exact, silent, total)


EXPECTED_WARNING = {
    "blurry": "blurry",
    "glare": "glare",
    "dark": "too_dark",
    "tiny": "document_too_small",
    "cutoff": "document_cut_off",
}


@pytest.mark.slow
def test_bad_photos_get_the_warning_a_portal_shows() -> None:
    names = sorted(p.name for p in SAMPLES.glob("*.jpg") if truth(p.name).get("expected_quality"))
    assert len(names) == len(EXPECTED_WARNING)
    _, results = run(*(SAMPLES / n for n in names))
    for name, result in zip(names, results, strict=True):
        (flaw,) = truth(name)["expected_quality"]
        quality = result["quality"]
        assert EXPECTED_WARNING[flaw] in quality["warnings"], (name, quality["warnings"])
        message = next(m for m in quality["messages"] if m["code"] == EXPECTED_WARNING[flaw])
        assert message["vi"] and message["en"]


def test_clean_scans_get_no_quality_warning(sample_results: dict[str, dict[str, Any]]) -> None:
    for name in SCANS:
        assert sample_results[name]["quality"]["warnings"] == [], name


def test_pdf_option_writes_a_searchable_copy_of_each_file(tmp_path: Path) -> None:
    from pypdf import PdfReader

    scan = SAMPLES / "cccd_2021_front_scan.jpg"
    out = tmp_path / "pdf"
    proc = subprocess.run(
        [*CLI, "extract", "--json", "--pdf", str(out), str(scan), str(tmp_path / "missing.jpg")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2  # the missing file is rejected, the scan still processed
    result = json.loads(proc.stdout.splitlines()[0])
    assert [p.name for p in out.iterdir()] == [f"{scan.name}.pdf"]
    reader = PdfReader(out / f"{scan.name}.pdf")
    assert len(reader.pages) == 1
    layer = "".join(reader.pages[0].extract_text().split())
    id_number = result["documents"][0]["fields"]["id_number"]["value"]
    assert id_number == truth(scan.name)["documents"][0]["fields"]["id_number"]["value"]
    assert id_number in layer  # the text layer is the card's own OCR
