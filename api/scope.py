"""What a portal may see: the files it sent (``portal_files``), their documents, the persons they name, its
submissions and their dossiers. Operators and admins see everything; these checks only narrow portals."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.auth import Principal
from models.errors import AccessError
from storage.registry import is_id_number
from storage.schema import DocumentRow, FileRow, PersonDocumentRow, PersonRow, PortalFileRow, SubmissionRow
from storage.store import Store


def record_file(store: Store, owner: str, sha256: str) -> None:
    try:
        with store.sessions.begin() as s:
            if s.get(PortalFileRow, (owner, sha256)) is None:
                s.add(PortalFileRow(owner=owner, sha256=sha256))
    except IntegrityError:
        pass  # a concurrent request of the same owner recorded it


def _portal(principal: Principal) -> bool:
    return principal.role == "portal"


def check_document(store: Store, principal: Principal, document_id: int) -> None:
    if not _portal(principal):
        return
    with store.sessions() as s:
        found = s.scalar(
            select(PortalFileRow.sha256)
            .join(FileRow, FileRow.sha256 == PortalFileRow.sha256)
            .join(DocumentRow, DocumentRow.file_id == FileRow.id)
            .where(DocumentRow.id == document_id, PortalFileRow.owner == principal.owner)
        )
    if found is None:
        raise AccessError("this document did not come from your uploads")


def check_person(store: Store, principal: Principal, id_number: str) -> None:
    """A portal sees a person only when a file it sent names them (the same answer whether or not they exist)."""
    if not _portal(principal):
        return
    number = id_number.strip()
    column = PersonRow.id_number if len(number) == 12 else PersonRow.cmnd_number
    with store.sessions() as s:
        found = (
            s.scalar(
                select(PersonRow.id)
                .join(PersonDocumentRow, PersonDocumentRow.person_id == PersonRow.id)
                .join(DocumentRow, DocumentRow.id == PersonDocumentRow.document_id)
                .join(FileRow, FileRow.id == DocumentRow.file_id)
                .join(PortalFileRow, PortalFileRow.sha256 == FileRow.sha256)
                .where(column == number, PortalFileRow.owner == principal.owner)
                .limit(1)
            )
            if is_id_number(number)
            else None
        )
    if found is None:
        raise AccessError("this person is not named in your uploads")


def check_dossier(store: Store, principal: Principal, dossier_id: int) -> None:
    if not _portal(principal):
        return
    with store.sessions() as s:
        found = s.scalar(
            select(SubmissionRow.id).where(
                SubmissionRow.dossier_id == dossier_id, SubmissionRow.owner == principal.owner
            )
        )
    if found is None:
        raise AccessError("this dossier did not come from your submissions")
