"""From candidates and findings to field statuses: when is a value ``ok``?

A field is ``ok`` only when it is confirmed: a second source (QR, MRZ with passing check digits) agrees, or the
OCR read it with strong confidence and every validator that concerns it passed. A validator error that
concerns the field alone makes it ``invalid``; one that sets two fields against each other (ID number vs date
of birth) sends both to ``review``, unless a machine source vouches for one of them. Everything else is
``review``.
"""

from __future__ import annotations

from collections.abc import Iterable

from extractors.validators import Finding
from models.results import Document, Field

#: OCR confidence at or above which a validated value is accepted without a second source, per value kind.
OK_CONFIDENCE: dict[str, float] = {
    "id_number": 0.93,
    "cmnd_number": 0.93,
    "date": 0.93,
    "sex": 0.70,
    "nationality": 0.70,
    "name": 0.92,
    "text": 0.93,
    "place": 0.93,
    "marks": 0.93,
    "ethnicity": 0.85,
    "religion": 0.85,
    "mrz": 0.0,
    "qr": 0.0,
    # Papers: long free-text values where one dropped tone mark is a wrong value.
    "holder_name": 0.95,
    "person_number": 0.93,
    "year": 0.93,
    "number": 0.93,
    "date_words": 0.95,
    "id_document": 0.95,
    "authority": 0.95,
    "land_text": 0.95,
    "land_use": 0.95,
    "area": 0.93,
    "area_words": 0.95,
    "serial": 0.93,
    "registry_number": 0.93,
    "time": 0.93,
}
MACHINE_SOURCES = ("qr", "mrz")


def apply_findings(document: Document, findings: Iterable[Finding]) -> None:
    """Record findings as document issues and field issue codes, and demote the fields they concern."""
    for finding in findings:
        names = [n for n in finding.fields if n in document.fields]
        document.add_issue(finding.code, finding.severity, finding.message, list(finding.fields))
        for name in names:
            document.fields[name].add_issue(finding.code)
        if finding.severity != "error":
            continue
        machine = [n for n in names if document.fields[n].source in MACHINE_SOURCES]
        for name in names:
            field = document.fields[name]
            if field.source in MACHINE_SOURCES and field.status == "ok":
                continue
            if len(names) == 1 or (machine and name not in machine):
                field.status = "invalid"
            elif field.status == "ok":
                field.status = "review"


def initial_status(field: Field, kind: str, valid_shape: bool) -> None:
    """Status from the OCR alone, before validators run."""
    if field.value is None and not field.no_expiry:
        field.status = "review"
    elif not valid_shape:
        field.status = "invalid"
    elif field.confidence >= OK_CONFIDENCE.get(kind, 0.9):
        field.status = "ok"
    else:
        field.status = "review"


def finish(document: Document, classification_confidence: float) -> None:
    """Document confidence and the needs_review flag, once every field has its final status."""
    fields = list(document.fields.values())
    mean = sum(f.confidence for f in fields) / len(fields) if fields else 0.0
    document.confidence = round(min(classification_confidence, mean) if fields else classification_confidence, 3)
    has_error = any(i.severity == "error" for i in document.issues)
    document.needs_review = has_error or any(f.status != "ok" for f in fields) or document.type == "unknown"
