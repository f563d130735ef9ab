"""Record the page OCR of committed samples as test fixtures (``tests/fixtures/ocr/*.json``).

The extractor unit tests replay these recorded words instead of running Tesseract. Re-run after changing the
cleaning stages: ``.venv/bin/python scripts/record_ocr.py samples/cards/*_scan.jpg samples/cards/*_photo.jpg``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractors.spec import card_templates
from pipeline.card import read_card
from pipeline.cleaning.locate import find_cards
from pipeline.load import load_pages, read_input
from pipeline.ocr.tesseract import TesseractEngine
from pipeline.process import _crop
from sohoa.settings import Settings

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ocr"


def main() -> None:
    settings, engine, templates = Settings(), TesseractEngine(), card_templates()
    OUT.mkdir(parents=True, exist_ok=True)
    for arg in sys.argv[1:]:
        path = Path(arg)
        image = load_pages(read_input(path, None, settings), settings)[0]
        region = find_cards(image)[0]
        card = read_card(image, region, engine, templates, _crop(image, region))
        page = card.page
        data = {
            "sample": path.name,
            "type": card.classification.type,
            "width": page.width,
            "height": page.height,
            "lines": [[[w.text, list(w.bbox), round(w.confidence, 3)] for w in line.words] for line in page.lines],
        }
        (OUT / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{path.name}: {card.classification.type}, {len(page.words)} words")


if __name__ == "__main__":
    main()
