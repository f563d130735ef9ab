"""The Document of one paper (a certificate or a land form, one or more pages), from its OCR'd pages.

Order: fields printed on each page (label-anchored, section by section, :mod:`extractors.paper_extract`) →
fields derived from what was read (land holders, land-use codes, the issue date and authority under the parcel
block, the date of death in the death line) → the QR of the 2024 land form, kept raw → the paper's validators
(:mod:`extractors.paper_rules`) → statuses (:mod:`extractors.confirm`).

A field's ``page`` is the 1-based page of the input file it was read on; its box is in the pixels of that file
page's cleaned image (a spread's right half is offset by the left half's width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from extractors import confirm, values
from extractors.card_document import field_from
from extractors.extract import extract_candidates
from extractors.gazetteer.document_pass import annotate_addresses
from extractors.labels import LineIndex
from extractors.paper_extract import extract_paper_candidates
from extractors.paper_rules import validate_paper
from extractors.spec import FieldSpec, Template
from extractors.validators import land
from extractors.validators.dates import iso_to_date
from models.contract import HOLDER_FIELDS, MAX_HOLDERS, holder_field
from models.geometry import BBox
from models.ocr import Line, Page, Word, group_lines
from models.results import Document, Field
from pipeline.codes import QrCode
from pipeline.ocr.engine import OcrEngine


@dataclass(frozen=True)
class PaperPage:
    """One printed page of a paper as read: its role in the template, where it came from, its OCR."""

    role: int
    number: int  # 1-based page of the input file
    image: np.ndarray  # what Tesseract read (grey, cleaned); boxes are in its pixels
    page: Page
    qr: list[QrCode] = field(default_factory=list)
    x_offset: int = 0  # the right half of a spread: its x in the cleaned file page


def build_paper_document(
    template: Template,
    pages: list[PaperPage],
    engine: OcrEngine,
    *,
    classification_confidence: float,
    today: date,
) -> Document:
    by_role = {p.role: p for p in pages if p.role > 0}  # role 0: a page of the paper that could not be recognised
    document = Document(type=template.type, pages=sorted({p.number for p in pages}))
    for role, paper_page in sorted(by_role.items()):
        fields = template.page_fields(role)
        candidates = extract_paper_candidates(template, fields, paper_page.page, paper_page.image, engine)
        for name, candidate in candidates.items():
            document.fields[name] = _placed(field_from(candidate, fields[name].kind), paper_page)
    _derive(template, document, by_role, engine)
    if template.has_qr:
        codes = [q for p in pages for q in p.qr]
        if codes:
            qr = Field(value=codes[0].text, confidence=0.99, status="ok", source="qr")
            qr.set_bbox(codes[0].bbox)
            document.fields["qr"] = qr
    for name, spec in template.fields.items():
        current = document.fields.get(name)
        if current is None and (spec.required or spec.page not in by_role):
            current = Field(value=None, status="review", source="ocr", page=_page_number(by_role, spec.page))
            current.add_issue("page_missing" if spec.page not in by_role else "field_not_found")
            document.fields[name] = current
        elif current is not None and current.value is None and spec.required:
            current.add_issue("field_not_found")
    _demand_more_of_free_text(template, document)
    if any(role not in by_role for role in range(1, len(template.pages) + 1)):
        document.add_issue("pages_missing", "warning", "Thiếu trang của giấy tờ. / Pages of the document are missing.")
    confirm.apply_findings(document, validate_paper(document, template.type, today))
    annotate_addresses(document, _document_date(document))
    confirm.finish(document, classification_confidence)
    return document


#: Names and places on papers are long, in bold, often on grey scans: one lost tone mark ("HOÀNG" read "HOANG",
#: "Trạm" read "Tram") still leaves a high word confidence. They are confirmed only above this.
PAPER_TEXT_OK = 0.96
_FREE_TEXT = frozenset({"name", "holder_name", "place", "text", "authority", "land_text", "land_use", "id_document"})


def _demand_more_of_free_text(template: Template, document: Document) -> None:
    for name, f in document.fields.items():
        spec = template.fields.get(name) or _HOLDER_SPECS.get(name.split("_", 2)[-1])
        free_text = spec is not None and spec.kind in _FREE_TEXT
        if free_text and f.status == "ok" and f.source == "ocr" and f.confidence < PAPER_TEXT_OK:
            f.status = "review"


def _document_date(document: Document) -> date | None:
    """The date the paper was issued or registered: which administrative units its addresses must use."""
    for name in ("issue_date", "registration_date"):
        f = document.fields.get(name)
        if f is not None and f.value:
            return iso_to_date(f.value)
    return None


def _page_number(by_role: dict[int, PaperPage], role: int) -> int:
    return by_role[role].number if role in by_role else min(p.number for p in by_role.values())


def _placed(f: Field, paper_page: PaperPage) -> Field:
    f.page = paper_page.number
    if f.bbox is not None and paper_page.x_offset:
        x0, y0, x1, y1 = f.bbox
        f.bbox = [x0 + paper_page.x_offset, y0, x1 + paper_page.x_offset, y1]
    return f


def _derived(value: str | None, confidence: float, kind: str, paper_page: PaperPage, box: BBox | None) -> Field:
    f = Field(value=value, confidence=round(confidence, 3), source="ocr")
    f.set_bbox(box)
    confirm.initial_status(f, kind, value is not None)
    return _placed(f, paper_page)


# --------------------------------------------------------------------------------------------------------------------
# Derived fields


def _derive(template: Template, document: Document, by_role: dict[int, PaperPage], engine: OcrEngine) -> None:
    fields = document.fields
    if "land_use_codes" in template.fields and "land_use" in fields:
        use = fields["land_use"]
        codes = land.find_land_use_codes(use.value) or land.codes_for_purpose_text(use.value)
        f = Field(value=",".join(codes) or None, confidence=use.confidence, source="derived", page=use.page)
        f.bbox = use.bbox
        confirm.initial_status(f, "text", bool(codes))
        if f.status == "ok" and not land.find_land_use_codes(use.value):
            f.status = "review"  # codes deduced from the purpose's name, not printed
        fields["land_use_codes"] = f
    serial = template.fields.get("serial_number")
    if serial is not None and serial.page in by_role:
        current = fields.get("serial_number")
        if current is None or current.value is None or current.status == "invalid":
            found = _find_serial(by_role[serial.page])
            if found is not None:
                fields["serial_number"] = found
    holder_role = template.fields["holder_1_name"].page if "holder_1_name" in template.fields else None
    if holder_role is not None and holder_role in by_role:
        fields.update(_holders(template, by_role[holder_role], engine))
    if "issue_date" in template.fields and template.fields["issue_date"].source == "derived":
        role = template.fields["issue_date"].page
        if role in by_role:
            fields.update(_signature_block(by_role[role]))
    # Dates printed on the line of another field: "Đã chết vào lúc 10 giờ 30 phút, ngày 05/03/2021"; an extract's
    # "Số: 79, Quyển số: 02/2022, ngày 29/03/2022".
    for name, beside in (("date_of_death", "time_of_death"), ("registration_date", "registration_number")):
        spec = template.fields.get(name)
        if spec is None or spec.source != "derived" or beside not in fields:
            continue
        anchor = fields[beside]
        raw = _raw_line(by_role[spec.page].page, anchor.bbox) if spec.page in by_role else None
        tail = re.split(r"(?i)\bng[aà]y\b", raw, maxsplit=1)[-1] if raw else ""
        parsed = values.parse_date_value(tail) if tail else values.Parsed(None, False)
        f = Field(value=parsed.value, confidence=anchor.confidence, source="ocr", page=anchor.page)
        f.bbox = anchor.bbox
        confirm.initial_status(f, "date", parsed.valid)
        fields[name] = f


def _raw_line(page: Page, bbox: list[int] | None) -> str | None:
    """The text of the OCR line that holds ``bbox`` (the whole line: the date after the time of death)."""
    if bbox is None:
        return None
    cy = (bbox[1] + bbox[3]) / 2
    for line in group_lines(page.words):
        if line.bbox.y0 <= cy <= line.bbox.y1:
            return line.text
    return None


_HOLDER_START = re.compile(r"^(?:va\s+(?:vo|chong)\b|(?:ho\s+)?(?:ong|ba)\b)")
_SECTION_END = re.compile(r"^(?:ii\b|2\s|thua dat\b|thong tin thua dat)")

_HOLDER_SPECS: dict[str, FieldSpec] = {
    "name": FieldSpec(labels=("Ông", "Bà", "Hộ ông", "Hộ bà", "và vợ", "và chồng"), kind="holder_name", layout="right"),
    "birth_year": FieldSpec(labels=("Năm sinh", "sinh năm"), kind="year", required=False),
    "id_number": FieldSpec(
        labels=("CCCD số", "CMND số", "Số định danh cá nhân", "Căn cước số", "Căn cước", "CCCD", "CMND"),
        kind="person_number",
        reread="digits",
    ),
    "address": FieldSpec(
        labels=("Địa chỉ thường trú", "Địa chỉ", "Thường trú"), kind="place", layout="right_or_below", max_lines=3
    ),
}


def _holders(template: Template, paper_page: PaperPage, engine: OcrEngine) -> dict[str, Field]:
    """Holder blocks of a land certificate: each opens with ``Ông:``/``Bà:``/``Hộ ông:``/``và vợ:`` and runs to the
    next one or to the parcel section; inside a block the labels are the same for every holder."""
    lines = [LineIndex.of(line) for line in group_lines(paper_page.page.words)]
    starts: list[int] = []
    end = len(lines)
    for n, idx in enumerate(lines):
        text = idx.text.strip()
        if _SECTION_END.match(text) and starts:
            end = n
            break
        if _HOLDER_START.match(text):
            starts.append(n)
    out: dict[str, Field] = {}
    for k, first in enumerate(starts[:MAX_HOLDERS], start=1):
        last = starts[k] if k < len(starts) else end
        block = [w for idx in lines[first:last] for w in idx.line.words]
        specs = {holder_field(k, name): spec for name, spec in _HOLDER_SPECS.items() if name in HOLDER_FIELDS}
        if k == 1:
            specs = {n: s for n, s in specs.items() if n in template.fields or not n.endswith("_address")}
        sub = template.model_copy(update={"fields": specs, "sections": {}})
        page = Page(paper_page.page.width, paper_page.page.height, tuple(Line((w,)) for w in block))
        candidates, _ = extract_candidates(sub, page, paper_page.image, engine)
        for name, candidate in candidates.items():
            listed = template.fields.get(name)
            if candidate is None and (listed is None or not listed.required):
                continue  # a second holder's missing birth year is not a field of the document
            out[name] = _placed(field_from(candidate, specs[name].kind), paper_page)
    return out


def _find_serial(paper_page: PaperPage) -> Field | None:
    """The certificate's serial: a short line of its own (two letters, six or eight digits), lowest on the page."""
    for line in reversed(group_lines(paper_page.page.words)):
        if len(line.words) > 3:
            continue
        serial = land.normalise_serial(line.text)
        if serial is not None:
            confidence = min(w.confidence for w in line.words)
            return _derived(serial, confidence, "serial", paper_page, line.bbox)
    return None


_DATE_LINE = re.compile(r"ngay\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*\S{4}")


def _signature_block(paper_page: PaperPage) -> dict[str, Field]:
    """``<place>, ngày dd tháng mm năm yyyy`` above the signature, and the authority's lines under it."""
    lines = group_lines(paper_page.page.words)
    out: dict[str, Field] = {}
    for n, line in enumerate(lines):
        idx = LineIndex.of(line)
        match = _DATE_LINE.search(idx.text)
        if match is None or idx.text.startswith("sinh") or "so vao so" in idx.text:
            continue
        start, stop = idx.words_in(match.start(), match.end())
        words = list(line.words[start:stop])
        parsed = values.parse_date_value(" ".join(w.text for w in words))
        if not parsed.valid:
            continue
        box = BBox.enclosing([w.bbox for w in words])
        confidence = min(w.confidence for w in words)
        out["issue_date"] = _derived(parsed.value, confidence, "date", paper_page, box)
        authority = _authority_lines(lines, n, box)
        if authority:
            text = _SIGNING_FOR.sub("", " ".join(w.text for w in authority))
            conf = min(w.confidence for w in authority)
            value = values.parse_text(text).value
            out["issuing_authority"] = _derived(
                value, conf, "text", paper_page, BBox.enclosing([w.bbox for w in authority])
            )
        break
    return out


_SIGNING_FOR = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*\.\s*", re.I)  # "on behalf of" before the body's name
_TITLES = ("chu tich", "giam doc", "pho giam doc", "pho chu tich", "ky ten", "ky ghi ro", "dong dau")


def _authority_lines(lines: tuple[Line, ...], date_line: int, date_box: BBox) -> list[Word]:
    """Upper-case lines right under the date, in its column, until the signing line (``TM. ỦY BAN NHÂN DÂN``,
    ``KT. GIÁM ĐỐC``) or a signer's title (``CHỦ TỊCH``, ``GIÁM ĐỐC``). The column of a line is its run of words
    (split at wide gaps) that overlaps the date the most: a body's name is often wider than the date above it."""
    words: list[Word] = []
    for line in lines[date_line + 1 : date_line + 4]:
        column = _column_under(list(line.words), date_box)
        if not column:
            continue
        idx = LineIndex.of(Line(tuple(column)))
        if any(t in idx.text for t in _TITLES) or not any(c.isupper() for w in column for c in w.text):
            break
        if _SIGNING_FOR.match(" ".join(w.text for w in column)):
            if words:
                break
            continue  # "TM. ỦY BAN NHÂN DÂN" before the body's own line: the body is named below
        words.extend(column)
    return words


def _column_under(words: list[Word], box: BBox) -> list[Word]:
    runs: list[list[Word]] = []
    for w in words:
        if runs and w.bbox.x0 - runs[-1][-1].bbox.x1 <= 3 * max(w.bbox.height, 1):
            runs[-1].append(w)
        else:
            runs.append([w])

    def overlap(run: list[Word]) -> int:
        return min(run[-1].bbox.x1, box.x1) - max(run[0].bbox.x0, box.x0)

    best = max(runs, key=overlap, default=[])
    return best if best and overlap(best) > 0 else []
