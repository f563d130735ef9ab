"""Ground truth for paper files, in the card truth's shape (``samples/README.md``), extended to several pages.

``documents[i]``: ``type``; ``pages`` = the 1-based pages **of the file** that hold the document (a spread counts
once: the 2014 land certificate scanned as spreads 4|1 and 2|3 is on file pages ``[1, 2]``); ``fields`` = exactly
the contract fields printed on the pages present in the file (:mod:`samples.generator.papers.fields`), as
``{"value": normalised}``; ``null`` when the form prints the label with nothing after it (a certificate issued
before 2016 has no ``id_number``, a mother-only birth record no father).

``transform.file_pages[k]``: ``page`` (1-based), ``image_size`` [w, h], scan/photo ``notes`` (dpi, colour, skew,
spread layout, background…) and ``placements``: one per document page drawn on that file page, with ``document``
(index into ``documents``), ``type``, ``doc_page`` (page of the document: 1–4 for the 2014 land form),
``page_size`` (canonical page pixels at 300 dpi), ``quad``, ``rotation_deg``, ``upright_rotation``, ``homography``
(canonical page pixels → file-page pixels) and ``field_boxes`` ([x0, y0, x1, y1] in canonical page pixels; a value
that wraps has the union of its lines). A single-image file also has ``transform.image_size``. The 2024 land
certificate's placement of page 1 carries the QR's ``qr_payload`` (not a contract field).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from samples.generator.papers.fields import PRINTED_FIELDS, fields_on_pages
from samples.generator.papers.people import Paper, qr_payload_2024
from samples.generator.papers.shots import FilePage, Placement


def normalise(text: str) -> str:
    """Contract normalisation: NFC, whitespace collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def document_fields(paper: Paper, doc_pages: set[int]) -> dict[str, dict[str, Any]]:
    """The printed contract fields of ``paper`` that lie on the document pages ``doc_pages``, normalised."""
    visible = fields_on_pages(paper.type, doc_pages)
    fields: dict[str, dict[str, Any]] = {}
    for name in PRINTED_FIELDS[paper.type]:
        if name not in paper.values or name not in visible:
            continue
        value = paper.values[name]
        fields[name] = {"value": None if value is None else normalise(value)}
    return fields


def placement_record(placement: Placement, paper: Paper) -> dict[str, Any]:
    page = placement.page
    record: dict[str, Any] = {
        "document": placement.document,
        "type": paper.type,
        "doc_page": page.doc_page,
        "page_size": [int(page.image.shape[1]), int(page.image.shape[0])],
        "quad": placement.quad,
        "rotation_deg": round(placement.rotation_deg, 2),
        "upright_rotation": placement.upright_rotation,
        "homography": [[round(float(v), 6) + 0.0 for v in row] for row in placement.homography],
        "field_boxes": {name: list(box) for name, box in sorted(page.boxes.items())},
    }
    if paper.type == "land_certificate_2024" and page.doc_page == 1:
        record["qr_payload"] = qr_payload_2024(paper)
    return record


def ground_truth(
    file_name: str,
    variant: str,
    seed: int,
    papers: list[Paper],
    file_pages: list[FilePage],
    encoding: str,
    quality: int | None,
) -> dict[str, Any]:
    documents = []
    for index, paper in enumerate(papers):
        pages = sorted({n for n, fp in enumerate(file_pages, 1) if any(p.document == index for p in fp.placements)})
        doc_pages = {p.page.doc_page for fp in file_pages for p in fp.placements if p.document == index}
        documents.append({"type": paper.type, "pages": pages, "fields": document_fields(paper, doc_pages)})
    records = [
        {
            "page": n,
            "image_size": [int(fp.image.shape[1]), int(fp.image.shape[0])],
            **fp.notes,
            "placements": [placement_record(p, papers[p.document]) for p in fp.placements],
        }
        for n, fp in enumerate(file_pages, 1)
    ]
    transform: dict[str, Any] = {}
    if len(file_pages) == 1 and encoding != "pdf":
        transform["image_size"] = records[0]["image_size"]
    transform.update({"encoding": encoding, "jpeg_quality": quality, "file_page_count": len(file_pages)})
    transform["file_pages"] = records
    return {
        "file": file_name,
        "variant": variant,
        "seed": seed,
        "synthetic": True,
        "documents": documents,
        "expected_quality": [],
        "transform": transform,
    }
