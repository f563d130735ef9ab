"""Developer aid: show how one image goes through locate → read → classify (synthetic samples only)."""

from __future__ import annotations

import sys

import cv2

from extractors.extract import Layout
from extractors.spec import card_templates
from pipeline.card import read_card
from pipeline.cleaning.locate import find_cards
from pipeline.load import load_pages, read_input
from pipeline.ocr.tesseract import TesseractEngine
from pipeline.process import _crop
from sohoa.settings import Settings


def main() -> None:
    settings = Settings()
    engine = TesseractEngine()
    templates = card_templates()
    for path in sys.argv[1:]:
        image = load_pages(read_input(path, None, settings), settings)[0]
        regions = find_cards(image)
        print(path, [(r.method, round(r.score, 2)) for r in regions])
        for n, region in enumerate(regions):
            card = read_card(image, region, engine, templates, _crop(image, region))
            cv2.imwrite(f"/tmp/card_{n}.png", card.image)
            cls = card.classification
            top = sorted(cls.scores.items(), key=lambda kv: -kv[1])[:3]
            print(f"  card {n}: {cls.type} score={cls.score:.1f} conf={cls.confidence:.2f} rot={card.rotation} {top}")
            print(f"  qr: {[q.text[:40] for q in card.qr]}")
            layout = Layout.of(card.page, templates[cls.type]) if cls.type in templates else None
            for i, idx in enumerate(card.lines):
                hits = [k for k, h in (layout.hits.items() if layout else []) if h.line_no == i]
                print(f"   {idx.line.bbox.as_list()} {idx.line.confidence:.2f} {idx.line.text}   {hits}")


if __name__ == "__main__":
    main()
