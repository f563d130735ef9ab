"""The contract's shapes (``../shared/spec/contract.md``): Result → Document → Field / Issue, and Quality.

These are the one serialisation shared by the CLI, the flows, the API and storage. ``to_contract()`` gives the
JSON-ready dict with the contract's keys; extra keys are only ever added, never renamed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PField

from models.geometry import BBox

Status = Literal["ok", "review", "invalid"]
Source = Literal["ocr", "mrz", "qr", "derived", "registry", "operator"]
Severity = Literal["error", "warning"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Issue(_Model):
    code: str
    severity: Severity
    message: str
    fields: list[str] = PField(default_factory=list)


class CurrentUnit(_Model):
    """A 2025 unit that (part of) an address's legacy unit went into: a hint for search, never the printed text."""

    commune: str | None = None
    commune_code: str | None = None
    province: str
    province_code: str
    whole: bool = True  # False: the legacy commune was divided, this is one of its successors


class Address(_Model):
    """An address field's parts and official codes, beside its ``value`` (which it never changes)."""

    street: str | None = None
    commune: str | None = None
    commune_code: str | None = None
    district: str | None = None
    district_code: str | None = None
    province: str | None = None
    province_code: str | None = None
    units_as_of: str | None = None  # date of the unit register matched: "2025-07-01" (2025 units) or a legacy snapshot
    current: list[CurrentUnit] | None = None  # for a legacy address: the 2025 units it went into


class Field(_Model):
    value: str | None = None
    confidence: float = 0.0
    status: Status = "review"
    source: Source = "ocr"
    page: int = 1
    bbox: list[int] | None = None
    issues: list[str] = PField(default_factory=list)
    no_expiry: bool | None = None
    candidates: list[str] | None = None
    address: Address | None = None

    def set_bbox(self, box: BBox | None) -> None:
        self.bbox = box.as_list() if box is not None else None

    def add_issue(self, code: str) -> None:
        if code not in self.issues:
            self.issues.append(code)

    def to_contract(self) -> dict[str, Any]:
        data = self.model_dump()
        for optional in ("no_expiry", "candidates", "address"):
            if data[optional] is None:
                del data[optional]
        if self.address is not None:
            data["address"] = self.address.model_dump(exclude_none=True)
        data["confidence"] = round(self.confidence, 3)
        return data


class Document(_Model):
    type: str
    pages: list[int] = PField(default_factory=lambda: [1])
    confidence: float = 0.0
    needs_review: bool = True
    fields: dict[str, Field] = PField(default_factory=dict)
    issues: list[Issue] = PField(default_factory=list)

    def add_issue(self, code: str, severity: Severity, message: str, fields: list[str] | None = None) -> None:
        if any(i.code == code and i.fields == (fields or []) for i in self.issues):
            return
        self.issues.append(Issue(code=code, severity=severity, message=message, fields=fields or []))

    def to_contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "pages": list(self.pages),
            "confidence": round(self.confidence, 3),
            "needs_review": self.needs_review,
            "fields": {name: f.to_contract() for name, f in self.fields.items()},
            "issues": [i.model_dump() for i in self.issues],
        }


class QualityMessage(_Model):
    code: str
    vi: str
    en: str


class Quality(_Model):
    blur: float = 0.0
    glare: float = 0.0
    brightness: float = 0.0
    resolution_ok: bool = True
    warnings: list[str] = PField(default_factory=list)
    messages: list[QualityMessage] = PField(default_factory=list)


class ErrorInfo(_Model):
    code: str
    message: str


class Result(_Model):
    file: str
    sha256: str | None = None
    documents: list[Document] = PField(default_factory=list)
    quality: Quality | None = None
    error: ErrorInfo | None = None
    timings_ms: dict[str, int] = PField(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "documents": [d.to_contract() for d in self.documents],
            "quality": self.quality.model_dump() if self.quality else None,
            "error": self.error.model_dump() if self.error else None,
            "timings_ms": dict(self.timings_ms),
        }
