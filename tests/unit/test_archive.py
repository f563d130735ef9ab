"""The searchable archival copy: pages in file order, pictures without a layer kept, sizes from the resolution."""

from __future__ import annotations

import io

import numpy as np
from pypdf import PdfReader

from pipeline.archive import ArchivePage, assemble, card_dpi
from pipeline.ocr.tesseract import _table_words, _tsv_table


def test_pages_come_out_in_file_order_with_their_size() -> None:
    a4 = np.full((3508, 2480), 255, np.uint8)  # A4 at 300 dpi
    card = np.full((757, 1200, 3), 200, np.uint8)
    pdf = assemble([ArchivePage(2, card, None, card_dpi(card)), ArchivePage(1, a4, None, 300)])
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    w1, h1 = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(w1 - 595) < 2 and abs(h1 - 842) < 2  # A4 in points
    assert abs(float(pages[1].mediabox.width) - 85.6 / 25.4 * 72) < 2  # the card's real width


def test_card_dpi_is_the_card_width() -> None:
    assert card_dpi(np.zeros((757, 1200), np.uint8)) == 356


TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t10\t20\t300\t30\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t10\t20\t100\t30\t96.5\tGIẤY\n"
    "5\t1\t1\t1\t1\t2\t120\t20\t190\t30\t91\tKHAI\n"
    "5\t1\t1\t1\t1\t3\t320\t20\t5\t30\t0\t \n"
)


def test_tesseract_tsv_gives_the_words_with_boxes_and_confidences() -> None:
    words = _table_words(_tsv_table(TSV))
    assert [w.text for _, w in words] == ["GIẤY", "KHAI"]
    key, first = words[0]
    assert key == (1, 1, 1)
    assert (first.bbox.x0, first.bbox.y0, first.bbox.x1, first.bbox.y1) == (10, 20, 110, 50)
    assert abs(first.confidence - 0.96) < 1e-9  # whole percent, like image_to_data


def test_empty_tsv_gives_no_words() -> None:
    assert _table_words(_tsv_table("")) == []
