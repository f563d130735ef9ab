"""An ID card side → contract Document: OCR candidates, QR and MRZ, validators, statuses.

The order is fixed: (1) OCR candidates per field (:mod:`extractors.extract`); (2) machine-readable sources:
the QR payload (first source for what it carries) and the MRZ (check digits; repairs only where they prove
them); (3) values chosen per field, machine sources cross-checked against the printed text; (4) validators:
ID-number structure vs date of birth and sex, the expiry milestone rule, plausible dates; (5) statuses
(:mod:`extractors.confirm`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
from rapidfuzz import fuzz

from extractors import confirm
from extractors.extract import Candidate, extract_candidates
from extractors.spec import Template
from extractors.validators import Finding, dates, national_id
from extractors.validators import mrz as mrz_rules
from extractors.validators import qr as qr_rules
from extractors.validators.text import fold
from models.geometry import BBox
from models.ocr import Page
from models.results import Document, Field
from pipeline.codes import QrCode
from pipeline.ocr.engine import MRZ_BLOCK, OcrEngine

CARD_KIND: dict[str, dates.CardKind] = {
    "cmnd": "cmnd",
    "cccd_2016": "cccd_2016",
    "cccd_2021": "cccd_2021",
    "can_cuoc_2024": "can_cuoc_2024",
}


@dataclass(frozen=True)
class MachineValue:
    value: str | None
    source: str  # "qr" | "mrz"
    no_expiry: bool = False


def card_kind(document_type: str) -> dates.CardKind:
    return CARD_KIND[document_type.rsplit("_", 1)[0]]


def read_mrz(image: np.ndarray, template: Template, engine: OcrEngine) -> mrz_rules.MrzResult | None:
    """The MRZ in the template's zone (straightened card), repaired only where check digits prove it."""
    if template.mrz_zone is None:
        return None
    h, w = image.shape[:2]
    zone = BBox.from_fractions(template.mrz_zone, w, h)
    (page,) = engine.read_zones(image, [zone], MRZ_BLOCK)
    lines = [line.text.replace(" ", "") for line in page.lines]
    return mrz_rules.repair(lines) if lines else None


def _same(kind: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    if kind in ("text", "place"):
        return fuzz.ratio(fold(a), fold(b)) >= 90
    if kind == "name":
        return fold(a) == fold(b)
    return a == b


def _machine_values(qr: qr_rules.QrData | None, mrz: mrz_rules.MrzResult | None) -> dict[str, MachineValue]:
    found: dict[str, MachineValue] = {}
    if mrz is not None:
        read = mrz_rules.mrz_to_fields(mrz)
        for name in ("id_number", "date_of_birth", "sex"):
            if read.get(name):
                found[name] = MachineValue(read[name], "mrz")
        if read.get("no_expiry") == "true":
            found["date_of_expiry"] = MachineValue(None, "mrz", no_expiry=True)
        elif read.get("date_of_expiry"):
            found["date_of_expiry"] = MachineValue(read["date_of_expiry"], "mrz")
    if qr is not None:
        for name in ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence", "issue_date"):
            value = getattr(qr, name)
            if value:
                found[name] = MachineValue(value, "qr")
        found["old_id_number"] = MachineValue(qr.old_id_number or None, "qr")
        found["qr"] = MachineValue(qr.raw, "qr")
    return found


def _mrz_checks_for(mrz: mrz_rules.MrzResult, field: str) -> bool:
    check = {"id_number": "document_number", "date_of_birth": "date_of_birth", "date_of_expiry": "date_of_expiry"}
    name = check.get(field)
    return mrz.valid or (name is not None and mrz.checks.get(name, False))


def _field_from(candidate: Candidate | None, kind: str) -> Field:
    if candidate is None:
        field = Field(value=None, confidence=0.0, status="review", source="ocr")
        return field
    field = Field(value=candidate.parsed.value, confidence=round(candidate.confidence, 3), source="ocr")
    if candidate.parsed.no_expiry:
        field.no_expiry = True
    if candidate.located_by in ("zone", "search"):
        field.confidence = round(field.confidence * 0.85, 3)
    field.set_bbox(candidate.bbox)
    confirm.initial_status(field, kind, candidate.parsed.valid)
    return field


def build_document(
    template: Template,
    image: np.ndarray,
    page: Page,
    qr_codes: list[QrCode],
    engine: OcrEngine,
    *,
    classification_confidence: float,
    page_number: int,
    today: date,
) -> tuple[Document, mrz_rules.MrzResult | None]:
    candidates, _ = extract_candidates(template, page, image, engine)
    qr = (
        next((q for q in (qr_rules.parse_qr(c.text) for c in qr_codes) if q is not None), None)
        if template.has_qr
        else None
    )
    mrz = read_mrz(image, template, engine) if template.has_mrz else None
    machine = _machine_values(qr, mrz)
    qr_box = qr_codes[0].bbox if qr_codes else None

    document = Document(type=template.type, pages=[page_number])
    findings: list[Finding] = []
    for name, spec in template.fields.items():
        if spec.kind == "mrz":
            document.fields[name] = _mrz_field(mrz)
            continue
        cand = candidates.get(name)
        field = _field_from(cand, spec.kind)
        mv = machine.get(name)
        if mv is not None and mv.source == "mrz" and (mrz is None or not _mrz_checks_for(mrz, name)):
            mv = None
        if mv is not None:
            agree = bool(field.no_expiry) == mv.no_expiry and _same(spec.kind, field.value, mv.value)
            strong = field.value is not None and field.confidence >= confirm.OK_CONFIDENCE.get(spec.kind, 0.9)
            field.value, field.source = mv.value, mv.source  # type: ignore[assignment]
            field.no_expiry = True if mv.no_expiry else None
            if spec.source != "ocr":
                field.confidence, field.status = 0.99, "ok"
                if mv.source == "qr" and qr_box is not None:
                    field.set_bbox(qr_box)
            elif agree:
                field.confidence, field.status = 0.99, "ok"
            elif strong and mv.source == "qr":
                field.confidence, field.status = 0.9, "review"
                findings.append(
                    Finding(
                        f"qr_{name}_mismatch",
                        "warning" if spec.kind == "text" else "error",
                        f"Mã QR và chữ in khác nhau ({name}) / QR and printed text differ",
                        (name,),
                    )
                )
            else:
                field.confidence, field.status = 0.95, "ok"
        elif spec.source != "ocr":
            if not spec.required:
                continue
            field = Field(value=None, confidence=0.0, status="review", source=spec.source)
        document.fields[name] = field
        if field.value is None and not field.no_expiry and spec.required:
            field.add_issue("field_not_found")

    findings += _validate(document, template.type, mrz, today)
    confirm.apply_findings(document, findings)
    confirm.finish(document, classification_confidence)
    return document, mrz


_NAME_LINE = re.compile(r"[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*")


def _mrz_field(mrz: mrz_rules.MrzResult | None) -> Field:
    """The MRZ as read. Check digits cover every line but the name line (TD1 line 3), so that one must at
    least have the shape of a name (letters, single ``<`` between names, ``<<`` after the surname, fillers)."""
    if mrz is None:
        return Field(value=None, confidence=0.0, status="review", source="mrz", issues=["field_not_found"])
    field = Field(value="\n".join(mrz.lines), confidence=0.99, status="ok", source="mrz")
    if not mrz.valid:
        field.status, field.confidence = "invalid", 0.5
    elif mrz.format == "TD1" and not _NAME_LINE.fullmatch(mrz.lines[2]):
        field.status, field.confidence = "review", 0.6
        field.add_issue("mrz_name_line_unreadable")
    return field


def _iso(document: Document, name: str) -> date | None:
    field = document.fields.get(name)
    return dates.iso_to_date(field.value) if field is not None else None


def _validate(document: Document, doc_type: str, mrz: mrz_rules.MrzResult | None, today: date) -> list[Finding]:
    f = document.fields
    findings: list[Finding] = []
    kind = card_kind(doc_type)
    id_field = f.get("id_number")
    dob = _iso(document, "date_of_birth")
    if id_field is not None and id_field.value is not None:
        if kind == "cmnd" and len(id_field.value) == 9:
            findings += national_id.validate_cmnd9(id_field.value)
        else:
            sex = f["sex"].value if "sex" in f else None
            findings += national_id.validate_pin(id_field.value, dob, sex)
    expiry_field = f.get("date_of_expiry")
    findings += dates.validate_card_dates(
        dob,
        _iso(document, "issue_date"),
        _iso(document, "date_of_expiry"),
        bool(expiry_field is not None and expiry_field.no_expiry),
        kind,
        today,
    )
    old = f.get("old_id_number")
    if old is not None and old.value is not None:
        findings += [
            Finding(x.code, x.severity, x.message, ("old_id_number",)) for x in national_id.validate_cmnd9(old.value)
        ]
    if mrz is not None:
        printed = {name: fld.value for name, fld in f.items() if fld.source == "ocr"}
        if "date_of_expiry" in f and f["date_of_expiry"].no_expiry:
            printed["no_expiry"] = "true"
        findings += mrz_rules.validate_vn_card_mrz(mrz, printed)
    return findings
