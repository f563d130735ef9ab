"""The review workspace's data: the queue, field history, the checks after a correction, issues in words."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from extractors.revalidate import Check, revalidate
from extractors.validators import Finding
from storage import dossiers as dossier_rules
from storage.registry import CONFLICT
from storage.schema import DocumentRow, DossierFileRow, FieldHistoryRow, FieldRow
from storage.store import Store, _document_of

QUEUE_LIMIT = 200

# Field issue codes in words (Vietnamese / English); document issues carry their own messages.
WORDS: dict[str, str] = {
    "field_not_found": "Không đọc được trường này / The field could not be read",
    "value_doubtful": "Giá trị có dấu hiệu đọc sai / The value shows signs of a misread",
    "place_ambiguous": "Địa danh chưa xác định rõ / The place name is ambiguous",
    "page_missing": "Thiếu trang / A page is missing",
    "pages_missing": "Thiếu trang / Pages are missing",
    "name_syllable_restored": "Một âm tiết của tên đã được khôi phục / A syllable of the name was restored",
    "family_name_restored": "Họ đã được khôi phục / The family name was restored",
    "mrz_name_line_unreadable": "Dòng tên trong MRZ không đọc được / The MRZ name line is unreadable",
    "mrz_name_line_uncertain": "Dòng tên trong MRZ chưa chắc chắn / The MRZ name line is uncertain",
    "low_confidence": "Độ tin cậy thấp, cần người xác nhận / Read with low confidence: needs a person to confirm",
    CONFLICT: "Khác với giá trị đã xác nhận trong sổ đăng ký / Differs from the confirmed registry value",
}
STATUS_WORDS = {"ok": "Đạt / OK", "review": "Cần xem lại / Review", "invalid": "Không hợp lệ / Invalid"}


def issue_words(code: str, document_issues: list[dict[str, Any]] | None = None) -> str:
    if code in WORDS:
        return WORDS[code]
    for issue in document_issues or []:
        if issue.get("code") == code and issue.get("message"):
            return str(issue["message"])
    return code.replace("_", " ")


def field_issues(f: FieldRow) -> list[str]:
    """A field's issue codes; a field in review for no named reason was read with too little confidence."""
    if f.status != "ok" and not f.issues:
        return ["low_confidence"]
    return list(f.issues)


def queue(store: Store, doc_type: str | None = None, issue: str | None = None) -> list[dict[str, Any]]:
    """Current documents waiting for review, oldest first; ``issue`` matches a document or field issue code."""
    with store.sessions() as s:
        query = (
            select(DocumentRow)
            .where(DocumentRow.current, DocumentRow.review_state == "needs_review")
            .order_by(DocumentRow.created_at, DocumentRow.id)
        )
        if doc_type:
            query = query.where(DocumentRow.type == doc_type)
        out: list[dict[str, Any]] = []
        for row in s.scalars(query):
            codes = {str(i.get("code")) for i in row.issues} | {c for f in row.fields for c in field_issues(f)}
            if issue and issue not in codes:
                continue
            pending = [f.name for f in row.fields if f.status != "ok"]
            out.append(
                {
                    "id": row.id,
                    "type": row.type,
                    "version": row.version,
                    "created_at": row.created_at.isoformat(timespec="seconds"),
                    "fields_in_review": pending,
                    "issues": sorted(codes),
                }
            )
            if len(out) >= QUEUE_LIMIT:
                break
        return out


def queue_facets(store: Store) -> tuple[list[str], list[str]]:
    """The document types and issue codes present in the queue (for the filters)."""
    items = queue(store)
    return sorted({i["type"] for i in items}), sorted({c for i in items for c in i["issues"]})


def history(store: Store, document_id: int) -> dict[str, list[dict[str, Any]]]:
    with store.sessions() as s:
        rows = s.execute(
            select(FieldRow.name, FieldHistoryRow)
            .join(FieldHistoryRow, FieldHistoryRow.field_id == FieldRow.id)
            .where(FieldRow.document_id == document_id)
            .order_by(FieldHistoryRow.id)
        ).all()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, h in rows:
        out.setdefault(name, []).append(
            {
                "actor": h.actor,
                "at": h.at.isoformat(timespec="seconds"),
                "old_value": h.old_value,
                "new_value": h.new_value,
                "old_status": h.old_status,
                "new_status": h.new_status,
                "reason": h.reason,
            }
        )
    return out


def checks(store: Store, document_id: int, today: date | None = None) -> list[dict[str, Any]]:
    """The validators re-run on the stored values: the document's rules, MRZ and QR (this card side or the other
    side in the same file) and the cross-document checks of every dossier holding the file."""
    with store.sessions() as s:
        row = s.get(DocumentRow, document_id)
        if row is None:
            return []
        siblings = list(
            s.scalars(select(DocumentRow).where(DocumentRow.result_id == row.result_id).order_by(DocumentRow.index))
        )
        documents = {d.id: _document_of(d, None) for d in siblings}
        target = documents[row.id]
        found: list[Check] = revalidate(target, today or date.today(), [d for i, d in documents.items() if i != row.id])
        dossier_ids = list(s.scalars(select(DossierFileRow.dossier_id).where(DossierFileRow.file_id == row.file_id)))
        if dossier_ids:
            file_ids = set(s.scalars(select(DossierFileRow.file_id).where(DossierFileRow.dossier_id.in_(dossier_ids))))
            refs = [
                dossier_rules.DocRef(d.id, d.type, d.pages[0] if d.pages else 1, {f.name: f.value for f in d.fields})
                for d in s.scalars(select(DocumentRow).where(DocumentRow.file_id.in_(file_ids), DocumentRow.current))
            ]
            label = f"#{row.id} ("
            issues = [i for i in dossier_rules.check(refs) if label in i.message]
            found.append(
                Check(
                    "dossier",
                    [Finding(i.code, i.severity, i.message, tuple(i.fields)) for i in issues],
                    tuple(target.fields),
                )
            )
    return [c.to_dict() for c in found]
