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

from extractors import confirm
from extractors.extract import Candidate, extract_candidates
from extractors.gazetteer.document_pass import annotate_addresses
from extractors.names import restore_family_name
from extractors.spec import Template
from extractors.validators import Finding, dates, national_id
from extractors.validators import mrz as mrz_rules
from extractors.validators import qr as qr_rules
from extractors.validators.syllables import non_syllables
from models.geometry import BBox
from models.ocr import Page
from models.results import Document, Field
from pipeline.codes import QrCode
from pipeline.mrz_locate import read_glyphs
from pipeline.mrz_locate import read_mrz as locate_and_read_mrz
from pipeline.ocr.engine import MRZ_BLOCK, OcrEngine

CARD_KIND: dict[str, dates.CardKind] = {
    "cmnd": "cmnd",
    "cccd_2016": "cccd_2016",
    "cccd_2021": "cccd_2021",
    "can_cuoc_2024": "can_cuoc_2024",
}


DOUBTFUL = 0.8  # confidence cap of a value that parsed but shows a sign of a misread


@dataclass(frozen=True)
class MachineValue:
    value: str | None
    source: str  # "qr" | "mrz"
    no_expiry: bool = False


def card_kind(document_type: str) -> dates.CardKind:
    return CARD_KIND[document_type.rsplit("_", 1)[0]]


MRZ_NAME_CONFIDENCE = 0.35  # weakest name letter of a glyph reading under this: the name line goes to review


def read_mrz(image: np.ndarray, template: Template, engine: OcrEngine) -> tuple[mrz_rules.MrzResult | None, float]:
    """The MRZ of a straightened card back and the confidence of its name line (which no check digit covers).

    Read in the template's zone (the glyph reader, then Tesseract's OCR-B model), else located anywhere on the
    card. Repairs happen only where the check digits prove them (:func:`extractors.validators.mrz.repair`).
    """
    if template.mrz_zone is not None:
        h, w = image.shape[:2]
        zone = BBox.from_fractions(template.mrz_zone, w, h)
        found, confidence = read_glyphs(image[zone.y0 : zone.y1, zone.x0 : zone.x1])
        if found is not None and found.valid:
            return found, confidence
        (page,) = engine.read_zones(image, [zone], MRZ_BLOCK)
        lines = [line.text.replace(" ", "") for line in page.lines]
        found = mrz_rules.repair(lines) if lines else None
        if found is not None and found.valid:
            return found, min((line.confidence for line in page.lines), default=0.0)
    located = locate_and_read_mrz(image, engine)
    return (located.result, located.confidence) if located is not None else (None, 0.0)


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


def field_from(candidate: Candidate | None, kind: str) -> Field:
    if candidate is None:
        field = Field(value=None, confidence=0.0, status="review", source="ocr")
        return field
    field = Field(value=candidate.parsed.value, confidence=round(candidate.confidence, 3), source="ocr")
    if candidate.parsed.no_expiry:
        field.no_expiry = True
    if candidate.located_by in ("zone", "search"):
        field.confidence = round(field.confidence * 0.85, 3)
    if candidate.parsed.doubtful:
        field.confidence = min(field.confidence, DOUBTFUL)
        field.add_issue("value_doubtful")
    if candidate.parsed.read_as is not None:
        field.candidates = [candidate.parsed.read_as]
        field.add_issue("name_syllable_restored" if kind == "name" else "place_restored")
    if kind == "name" and field.value is not None:
        restored = restore_family_name(field.value)
        if restored is not None:
            field.candidates = [*(field.candidates or []), field.value]
            field.value, field.confidence = restored, min(field.confidence, DOUBTFUL)
            field.add_issue("family_name_restored")
    field.set_bbox(candidate.bbox)
    confirm.initial_status(field, kind, candidate.parsed.valid)
    return field


def machine_agreement(
    qr: qr_rules.QrData | None, mrz: mrz_rules.MrzResult | None, printed: dict[str, str | None], no_expiry: bool
) -> tuple[list[Finding], set[str]]:
    """What the QR and the MRZ say about printed values: the findings, and the fields they dispute."""
    findings: list[Finding] = []
    if qr is not None:
        findings += qr_rules.validate_qr_vs_printed(qr, printed)
    if mrz is not None and mrz.valid:  # an MRZ with a failed check digit cannot judge anything else
        checked = mrz_rules.validate_vn_card_mrz(mrz, printed, no_expiry=no_expiry)
        findings += [f for f in checked if f.code != "mrz_check_digit_failed"]
    disputed = {name for f in findings for name in f.fields if name not in ("qr", "mrz")}
    return findings, disputed


def confirm_by_machine(field: Field, value: MachineValue | None, disputed: bool, kind: str) -> None:
    """A printed field that a QR or MRZ value agrees with is confirmed; a disputed one goes to review.

    The QR's value replaces the printed reading (it is the first source for what it carries); the MRZ only
    confirms or disputes (its name has no diacritics).
    """
    printed = field.value is not None or bool(field.no_expiry)
    if value is not None and (value.source == "qr" or not printed):
        field.value, field.source = value.value, value.source  # type: ignore[assignment]
        field.no_expiry = True if value.no_expiry else None
    if disputed:
        field.status, field.confidence = "review", min(field.confidence, 0.9)
    elif printed or value is not None:
        field.status, field.confidence = "ok", max(field.confidence, 0.97)


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
) -> Document:
    """The Document of one straightened card side (``image`` is what Tesseract reads; boxes in its pixels)."""
    candidates, _ = extract_candidates(template, page, image, engine)
    qr = _first_qr(qr_codes) if template.has_qr else None
    mrz, mrz_confidence = read_mrz(image, template, engine) if template.has_mrz else (None, 0.0)
    machine = _machine_values(qr, mrz)

    document = Document(type=template.type, pages=[page_number])
    for name, spec in template.fields.items():
        if spec.kind == "mrz":
            document.fields[name] = _mrz_field(mrz, mrz_confidence)
        elif spec.source == "ocr":
            document.fields[name] = field_from(candidates.get(name), spec.kind)
        elif name in machine:
            mv = machine[name]
            document.fields[name] = Field(value=mv.value, confidence=0.99, status="ok", source=mv.source)
            if qr_codes and mv.source == "qr":
                document.fields[name].set_bbox(qr_codes[0].bbox)
        elif spec.required:
            document.fields[name] = Field(value=None, status="review", source=spec.source, issues=["field_not_found"])

    printed = {n: f.value for n, f in document.fields.items() if f.source == "ocr"}
    no_expiry = bool(document.fields.get("date_of_expiry") and document.fields["date_of_expiry"].no_expiry)
    findings, disputed = machine_agreement(qr, mrz, printed, no_expiry)
    for name, field in document.fields.items():
        spec = template.fields[name]
        if spec.source == "ocr" and name in machine:
            mv = machine[name]
            if mv.source == "mrz" and (mrz is None or not _mrz_checks_for(mrz, name)):
                continue
            confirm_by_machine(field, mv, name in disputed, spec.kind)
        if field.value is None and not field.no_expiry and spec.required:
            field.add_issue("field_not_found")

    findings += _validate(document, template.type, today)
    if mrz is not None:
        findings += [f for f in mrz_rules.validate_vn_card_mrz(mrz, {}) if f.code == "mrz_check_digit_failed"]
    confirm.apply_findings(document, findings)
    annotate_addresses(document, card_date(document, template.type))
    confirm.finish(document, classification_confidence)
    return document


def card_date(document: Document, document_type: str) -> date | None:
    """The date a card's printed addresses speak of: its issue date; else, for a form issued only before the
    July 2025 reform (CMND, CCCD 2016 and 2021), a day before it; else (a Căn cước 2024 side without its issue
    date) None: either set of units is accepted."""
    issued = _iso(document, "issue_date")
    if issued is not None:
        return issued
    if card_kind(document_type) != "can_cuoc_2024":
        return date(2024, 6, 30)  # these forms were replaced by the Căn cước on 01/07/2024
    return None


def _first_qr(codes: list[QrCode]) -> qr_rules.QrData | None:
    return next((q for q in (qr_rules.parse_qr(c.text) for c in codes) if q is not None), None)


_NAME_LINE = re.compile(r"[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*")


def _mrz_field(mrz: mrz_rules.MrzResult | None, name_confidence: float) -> Field:
    """The MRZ as read. Check digits cover every line but the name (TD1 line 3), so that one must have the shape
    of a name (letters, single ``<`` between names, ``<<`` after the surname, fillers) and be read with some
    confidence; otherwise the field goes to review."""
    if mrz is None:
        return Field(value=None, confidence=0.0, status="review", source="mrz", issues=["field_not_found"])
    field = Field(value="\n".join(mrz.lines), confidence=0.99, status="ok", source="mrz")
    if not mrz.valid:
        field.status, field.confidence = "invalid", 0.5
    elif mrz.format == "TD1" and not _NAME_LINE.fullmatch(mrz.lines[2]):
        field.status, field.confidence = "review", 0.6
        field.add_issue("mrz_name_line_unreadable")
    elif name_confidence < MRZ_NAME_CONFIDENCE or (mrz.format == "TD1" and non_syllables(mrz.lines[2])):
        field.status, field.confidence = "review", 0.7
        field.add_issue("mrz_name_line_uncertain")
    return field


def _iso(document: Document, name: str) -> date | None:
    field = document.fields.get(name)
    return dates.iso_to_date(field.value) if field is not None else None


def _validate(document: Document, doc_type: str, today: date) -> list[Finding]:
    """The card's own rules: ID-number structure against date of birth and sex, dates, the old CMND number."""
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
    return findings
