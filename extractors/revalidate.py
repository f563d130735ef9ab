"""Re-run the validators on a stored Document's current values (after an operator's correction).

Pure: values in, checks out; nothing is changed. Used by the review workspace to show at once what a correction
made agree or conflict. Each :class:`Check` is one family of rules:

* ``rules`` — the document's own rules: ID-number structure against date of birth and sex, card dates and the
  expiry milestones (cards), or the paper's rules (birth, death, marriage, land);
* ``mrz`` — the printed values against the MRZ of this side or of the other side of the same card (check digits
  first: a failed check digit is a conflict of its own);
* ``qr`` — the printed values against the QR payload (this side or the other side).

A check with no findings ``agrees``, with soft findings only it is a ``warning``, with an error it ``conflicts``;
one that could not run (no MRZ read, no QR) is left out. Findings carry codes, field names and the validators'
messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from extractors.card_document import _validate as card_rules
from extractors.paper_rules import validate_paper
from extractors.validators import Finding
from extractors.validators import mrz as mrz_rules
from extractors.validators import qr as qr_rules
from models.contract import GENERATIONS
from models.results import Document

CARD_TYPES = frozenset(t for pair in GENERATIONS.values() for t in pair)
LABELS: dict[str, tuple[str, str]] = {
    "rules": ("Quy tắc của giấy tờ (số định danh, ngày tháng)", "Document rules (ID number, dates)"),
    "mrz": ("Đối chiếu với MRZ", "Against the MRZ"),
    "qr": ("Đối chiếu với mã QR", "Against the QR code"),
    "dossier": ("Đối chiếu giữa các giấy tờ trong hồ sơ", "Across the documents of the dossier"),
}


@dataclass
class Check:
    name: str  # rules | mrz | qr | dossier
    findings: list[Finding] = field(default_factory=list)
    fields: tuple[str, ...] = ()  # the fields this check looked at

    @property
    def agrees(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def state(self) -> str:
        """``agrees`` (no finding), ``warning`` (soft findings only) or ``conflicts`` (an error finding)."""
        if not self.findings:
            return "agrees"
        return "warning" if self.agrees else "conflicts"

    def to_dict(self) -> dict[str, Any]:
        vi, en = LABELS.get(self.name, (self.name, self.name))
        return {
            "name": self.name,
            "label_vi": vi,
            "label_en": en,
            "agrees": self.agrees,
            "state": self.state,
            "fields": list(self.fields),
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message, "fields": list(f.fields)}
                for f in self.findings
            ],
        }


def _values(document: Document) -> dict[str, str | None]:
    return {name: f.value for name, f in document.fields.items()}


def _machine_field(document: Document, others: Sequence[Document], name: str) -> str | None:
    for doc in (document, *others):
        f = doc.fields.get(name)
        if f is not None and f.value:
            return f.value
    return None


def revalidate(document: Document, today: date, siblings: Sequence[Document] = ()) -> list[Check]:
    """The checks that apply to ``document`` (``siblings``: the other documents of the same file, e.g. the
    other side of the card), each with its findings."""
    checks: list[Check] = []
    values = _values(document)
    if document.type in CARD_TYPES:
        checks.append(Check("rules", card_rules(document, document.type, today), tuple(values)))
    elif document.type != "unknown":
        checks.append(Check("rules", validate_paper(document, document.type, today), tuple(values)))
    if document.type not in CARD_TYPES:
        return checks
    others = [d for d in siblings if d is not document and d.type in CARD_TYPES]
    expiry = document.fields.get("date_of_expiry")
    no_expiry = bool(expiry is not None and expiry.no_expiry)
    raw_mrz = _machine_field(document, others, "mrz")
    if raw_mrz:
        try:
            mrz = mrz_rules.parse(raw_mrz.split("\n"))
        except ValueError:
            mrz = None
        if mrz is None:
            checks.append(
                Check("mrz", [Finding("mrz_unreadable", "error", "MRZ không hợp lệ / MRZ malformed", ("mrz",))])
            )
        else:
            found = mrz_rules.validate_vn_card_mrz(mrz, values, no_expiry=no_expiry)
            on_mrz = ("id_number", "full_name", "date_of_birth", "sex", "date_of_expiry")
            checks.append(Check("mrz", found, tuple(n for n in on_mrz if values.get(n))))
    raw_qr = _machine_field(document, others, "qr")
    qr = qr_rules.parse_qr(raw_qr) if raw_qr else None
    if qr is not None:
        on_qr = ("id_number", "old_id_number", "full_name", "date_of_birth", "sex", "place_of_residence")
        checks.append(
            Check("qr", qr_rules.validate_qr_vs_printed(qr, values), tuple(n for n in on_qr if values.get(n)))
        )
    return checks
