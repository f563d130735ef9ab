"""``sohoa ocr`` end to end with real Tesseract: upright text, the searchable PDF, multi-page files, bad inputs.

The command is run through :func:`sohoa.cli_ocr.register` on a bare argparse parser (the same sub-command the
lead wires into ``sohoa``), in process.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from pipeline.cleaning import orient
from pipeline.ocr.tesseract import TesseractEngine
from sohoa.cli_ocr import register
from sohoa.settings import Settings
from tests import page_synth as ps

pytestmark = pytest.mark.integration

SIZE = (1240, 1754)  # A4 at 150 dpi
WORDS = ("GIẤY KHAI SINH", "NGUYỄN VĂN AN", "15/03/2020", "Nơi cư trú", "TRẦN THỊ BÍCH NGỌC")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="sohoa")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["ocr", *map(str, argv)])
    status = int(args.func(args, Settings()))
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture(scope="module")
def page() -> ps.Rendered:
    return ps.render_page(size=SIZE, font_px=50)


@pytest.fixture(scope="module")
def files(page: ps.Rendered, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ocr")
    other = ps.render_page("NotoSans-Regular.ttf", size=SIZE, font_px=50, lines=ps.BIRTH_LINES[9:])
    out = {
        "upside_down": d / "upside_down.jpg",
        "tiff": d / "two.tiff",
        "pdf": d / "two.pdf",
        "empty": d / "empty.png",
        "text": d / "note.jpg",
    }
    cv2.imwrite(str(out["upside_down"]), ps.rotate_quarter(page.image, 180))
    frames = [Image.fromarray(page.image[:, :, ::-1]), Image.fromarray(ps.rotate_quarter(other.image, 90)[:, :, ::-1])]
    frames[0].save(out["tiff"], save_all=True, append_images=frames[1:], compression="tiff_lzw")
    frames[0].save(out["pdf"], "PDF", resolution=150.0, save_all=True, append_images=frames[1:])
    out["empty"].write_bytes(b"")
    out["text"].write_text("Họ và tên: NGUYỄN VĂN A\n", encoding="utf-8")
    return out


def test_upside_down_page_prints_upright(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    status, out, err = run(capsys, files["upside_down"])
    assert status == 0, err
    assert "\f" not in out
    for word in WORDS:
        assert word in out
    assert "....." not in out  # leaders removed


def test_pdf_layer_holds_the_printed_text(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out.pdf"
    status, out, err = run(capsys, files["upside_down"], "--pdf", target)
    assert status == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    layer = reader.pages[0].extract_text()
    for word in WORDS:
        assert word in layer
    assert " ".join(layer.split()) == " ".join(out.split())


@pytest.mark.parametrize("kind", ["tiff", "pdf"])
def test_multi_page_files_give_form_feed_separated_pages(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    status, out, err = run(capsys, files[kind], "--pdf", tmp_path)
    assert status == 0, err
    pages = out.split("\f")
    assert len(pages) == 2
    assert "NGUYỄN VĂN AN" in pages[0]
    assert "NGUYỄN VĂN BÌNH" in pages[1]  # the second page lay on its side
    reader = PdfReader(tmp_path / "two.pdf")
    assert len(reader.pages) == 2
    assert "NGUYỄN VĂN BÌNH" in reader.pages[1].extract_text()


def test_bad_inputs_get_their_code_and_exit_2(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    status, out, err = run(capsys, files["empty"], files["text"])
    assert status == 2
    assert out == ""
    assert "[empty_file]" in err and "[unsupported_format]" in err


def test_good_and_bad_inputs_together(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    status, out, err = run(capsys, files["upside_down"], files["empty"])
    assert status == 2
    assert "==> upside_down.jpg <==" in out and "NGUYỄN VĂN AN" in out
    assert "empty.png" in err


def test_several_inputs_refuse_a_pdf_file(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    existing = tmp_path / "one.pdf"
    existing.write_bytes(b"%PDF-1.4\n")
    status, out, err = run(capsys, files["upside_down"], files["tiff"], "--pdf", existing)
    assert status == 2 and out == ""
    assert "directory" in err


def test_reading_check_finds_0_vs_180_without_osd(page: ps.Rendered) -> None:
    engine = TesseractEngine()
    flat = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    assert orient.detect_orientation(orient.turn(flat, 180), engine, use_osd=False).rotation == 180
    assert orient.detect_orientation(flat, engine, use_osd=False).rotation == 0
    found = orient.detect_orientation(orient.turn(flat, 90), engine, use_osd=False)
    assert found.rotation == 270 and found.method == "strip"


def test_searchable_pdf_pages_have_the_page_size(files: dict[str, Path]) -> None:
    from pipeline.searchable import make_searchable

    result = make_searchable(files["pdf"], TesseractEngine(), Settings(pdf_dpi=150))
    reader = PdfReader(io.BytesIO(result.pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - SIZE[0] / 150 * 72) < 2 and abs(float(box.height) - SIZE[1] / 150 * 72) < 2
    assert [p.rotation for p in result.pages] == [0, 270]
    assert np.isfinite(result.pages[0].skew_deg)
