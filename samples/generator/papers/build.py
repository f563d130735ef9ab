"""One paper sample: synthetic record(s), rendered pages, one capture variant, the encoded file and its truth.

* ``scan`` / ``photo``: one image of one document. The 2014 land certificate shows page 1, page 2, or the
  unfolded sheet as a spread (4|1 or 2|3); the 2024 land certificate shows page 1 (the page with the data);
  the others have one page.
* ``pdf``: a multi-page PDF of scans (one scanner setting per file). The 2014 land certificate is either its four
  pages or the two spreads 4|1 and 2|3 (half of them); about one PDF in five is a *dossier* holding the document
  of the requested type and one or two documents of other types, in random order.
"""

from __future__ import annotations

import random
from typing import Final

import numpy as np

from samples.generator.build import Sample
from samples.generator.papers.fields import PAPER_TYPES
from samples.generator.papers.layouts import RenderedPage, render_paper
from samples.generator.papers.people import Paper, make_paper
from samples.generator.papers.shots import FilePage, encode_image, pdf_bytes, photo, scan
from samples.generator.papers.truth import ground_truth

PAPER_VARIANTS: Final = ("scan", "photo", "pdf")


def _view(paper: Paper, pages: list[RenderedPage], rng: random.Random) -> list[RenderedPage]:
    """The page(s) a single image shows."""
    if paper.type != "land_certificate_2014":
        return pages[:1]
    by_number = {p.doc_page: p for p in pages}
    roll = rng.random()
    if roll < 0.25:
        return [by_number[1]]
    if roll < 0.6:
        return [by_number[2]]
    if roll < 0.8:
        return [by_number[4], by_number[1]]
    return [by_number[2], by_number[3]]


def _pdf_groups(paper: Paper, pages: list[RenderedPage], rng: random.Random) -> list[list[RenderedPage]]:
    if paper.type == "land_certificate_2014" and rng.random() < 0.5:
        by_number = {p.doc_page: p for p in pages}
        return [[by_number[4], by_number[1]], [by_number[2], by_number[3]]]
    return [[p] for p in pages]


def file_types(doc_type: str, variant: str, seed: int) -> list[str]:
    """The document types in the file, in file order: ``doc_type`` alone, or a dossier (pdf, about 1 in 5)."""
    rng = random.Random(f"types/{seed}")
    types = [doc_type]
    if variant == "pdf" and rng.random() < 0.2:
        types += rng.sample([t for t in PAPER_TYPES if t != doc_type], rng.randint(1, 2))
        rng.shuffle(types)
    return types


def make_paper_sample(doc_type: str, variant: str, seed: int, stem: str) -> Sample:
    if doc_type not in PAPER_TYPES:
        raise ValueError(f"not a paper type: {doc_type!r}")
    rng = random.Random(seed)
    nrng = np.random.default_rng(rng.randrange(2**32))
    types = file_types(doc_type, variant, seed)
    papers = [make_paper(t, random.Random(rng.randrange(2**32))) for t in types]
    rendered = [render_paper(p, random.Random(rng.randrange(2**32))) for p in papers]
    file_pages: list[FilePage] = []
    quality: int | None
    if variant == "pdf":
        dpi, grey = int(nrng.integers(200, 301)), bool(nrng.random() < 0.4)
        for index, (paper, pages) in enumerate(zip(papers, rendered, strict=True)):
            for group in _pdf_groups(paper, pages, rng):
                turn = rng.random() < 0.3
                file_pages.append(scan(group, [index] * len(group), nrng, allow_turn=turn, dpi=dpi, grey=grey))
        quality = int(nrng.integers(70, 92))
        data, encoding = pdf_bytes(file_pages, quality), "pdf"
    elif variant in ("scan", "photo"):
        view = _view(papers[0], rendered[0], rng)
        if variant == "scan":
            file_pages.append(scan(view, [0] * len(view), nrng))
            encoding, quality = ("png", None) if nrng.random() < 0.2 else ("jpg", int(nrng.integers(80, 96)))
        else:
            file_pages.append(photo(view, [0] * len(view), nrng))
            encoding, quality = "jpg", int(nrng.integers(70, 93))
        data = encode_image(file_pages[0].image, encoding, quality)
    else:
        raise ValueError(f"unknown paper variant {variant!r}; expected one of {', '.join(PAPER_VARIANTS)}")
    file_name = f"{stem}.{encoding}"
    truth = ground_truth(file_name, variant, seed, papers, file_pages, encoding, quality)
    return Sample(file_name, data, truth)
