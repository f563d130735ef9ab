"""Checks across the documents of one file: the front and the back of the same card.

A file with a card's front and back side by side carries the same person twice. The back's MRZ repeats the ID
number, date of birth, sex, expiry and (without diacritics) the name printed on the front; a Căn cước back's QR
repeats them with diacritics; the back's issue date completes the expiry rule that the front alone can only
check in shape. Agreement confirms the front's fields (status ``ok``); disagreement is an issue on both sides and
sends the fields to review.
"""

from __future__ import annotations

from datetime import date

from extractors import confirm
from extractors.card_document import card_kind, confirm_by_machine, machine_agreement
from extractors.validators import Finding, dates
from extractors.validators import mrz as mrz_rules
from extractors.validators import qr as qr_rules
from models.contract import GENERATIONS
from models.results import Document

PAIRS = dict(GENERATIONS.values())  # front type → back type
_CONFIRMABLE = ("id_number", "full_name", "date_of_birth", "sex", "date_of_expiry")


def _mrz_of(back: Document) -> mrz_rules.MrzResult | None:
    field = back.fields.get("mrz")
    if field is None or field.value is None or field.status != "ok":
        return None
    try:
        return mrz_rules.parse(field.value.split("\n"))
    except ValueError:
        return None


def _qr_of(back: Document) -> qr_rules.QrData | None:
    field = back.fields.get("qr")
    return qr_rules.parse_qr(field.value) if field is not None and field.value else None


def _pair(front: Document, back: Document, today: date) -> None:
    mrz, qr = _mrz_of(back), _qr_of(back)
    printed = {n: front.fields[n].value for n in _CONFIRMABLE if n in front.fields}
    expiry = front.fields.get("date_of_expiry") or back.fields.get("date_of_expiry")
    no_expiry = bool(expiry is not None and expiry.no_expiry)
    findings: list[Finding] = []
    if mrz is not None or qr is not None:
        agreement, disputed = machine_agreement(qr, mrz, printed, no_expiry)
        findings += agreement
        for name in _CONFIRMABLE:
            field = front.fields.get(name)
            if field is None or (field.value is None and not field.no_expiry) or field.status == "invalid":
                continue
            if name not in disputed:
                confirm_by_machine(field, None, False, name)
            elif field.source == "qr" and "mrz" in back.fields:
                # The front's own QR vouches for the value: the MRZ reading is the suspect.
                back.fields["mrz"].status = "review"
                findings = [f for f in findings if name not in f.fields] + [
                    Finding(
                        "mrz_disagrees_with_qr",
                        "error",
                        f"MRZ khác mã QR ({name}) / the MRZ disagrees with the QR on {name}",
                        ("mrz",),
                    )
                ]
            else:
                confirm_by_machine(field, None, True, name)
    dob = dates.iso_to_date(front.fields["date_of_birth"].value) if "date_of_birth" in front.fields else None
    issue = dates.iso_to_date(back.fields["issue_date"].value) if "issue_date" in back.fields else None
    if dob is not None and issue is not None and expiry is not None:
        findings += dates.validate_expiry(
            dob, issue, dates.iso_to_date(expiry.value), no_expiry, card_kind(front.type), today=today
        )
    for document in (front, back):
        own = [f for f in findings if any(name in document.fields for name in f.fields)]
        confirm.apply_findings(document, own)
        confirm.finish(document, document.confidence or 1.0)


def _back_id(back: Document) -> str | None:
    """The ID number a back carries in its machine-readable codes (MRZ optional data, QR), if read."""
    mrz = _mrz_of(back)
    if mrz is not None:
        return mrz_rules.mrz_to_fields(mrz).get("id_number")
    qr = _qr_of(back)
    return qr.id_number if qr is not None else None


def _belong_together(front: Document, back: Document) -> bool:
    """Same card: the ID numbers agree when both are known; otherwise the two sides are on the same or next page."""
    front_id = front.fields["id_number"].value if "id_number" in front.fields else None
    back_id = _back_id(back)
    if front_id and back_id:
        return front_id == back_id
    return abs(front.pages[0] - back.pages[0]) <= 1


def crosscheck(documents: list[Document], today: date) -> None:
    """Cross-validate every front with the back of the same card found in the same file (in place).

    A dossier may hold several people's cards: a back is paired with the nearest front whose ID number it carries
    (or, when a number is missing, with a front on the same or an adjacent page), and each back is used once.
    """
    used: set[int] = set()
    for front in documents:
        back_type = PAIRS.get(front.type)
        candidates = [
            (abs(d.pages[0] - front.pages[0]), i, d)
            for i, d in enumerate(documents)
            if d.type == back_type and i not in used and _belong_together(front, d)
        ]
        if candidates:
            _, index, back = min(candidates, key=lambda c: (c[0], c[1]))
            used.add(index)
            _pair(front, back, today)
