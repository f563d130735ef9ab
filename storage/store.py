"""``Store``: the one entry point to durable results (the CLI, the Prefect flows and the HTTP API use it).

``Store.open(settings)`` opens the object store (folder or S3), the keyring and the database (migrating it).

Write order and crash safety. An ingest reads the registry first (to decide conflicts, which the stored Result
must show), then writes every object (original, page images, crops, Result JSON), then inserts every row in one
database transaction. A crash therefore leaves at worst objects that no row points to (orphans, encrypted), never a
row pointing at nothing; ingesting the same bytes again rewrites the same keys and finishes the job, because a file
counts as stored only once its rows are committed. Erasure and retention go the other way round (objects first,
then rows in one transaction): an interrupted erase leaves rows whose objects are gone, and running it again
finishes it (the person row goes last).

Concurrency. ``files.sha256`` and ``results(file_id, extractor_version)`` are unique: two processes ingesting the
same bytes at once both write the same objects, one commits, the other's insert fails and it returns the stored
Result. Person rows are unique by number; a lost race on one is retried. Document edits use optimistic locking
(``expected_version``; a stale one raises :class:`Conflict`).

Logs name files by a hash prefix only and never carry a field value or a file name. Every call that reads or
changes personal data writes an ``access_log`` row (actor, action, object kind and internal id; persons by keyed
hash).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import cv2
import numpy as np
from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.errors import Conflict, InvalidRequest, NotFound, StorageUnavailable
from models.results import Document, Field, Issue, Result
from sohoa.settings import Settings
from storage import dossiers as dossier_rules
from storage import registry
from storage.crypto import Keyring
from storage.db import open_database
from storage.folder import FolderStore
from storage.objects import (
    EncryptedStore,
    ObjectStore,
    crop_key,
    file_prefixes,
    original_key,
    page_key,
    pdf_key,
    result_key,
)
from storage.schema import (
    AccessLogRow,
    DocumentRow,
    DossierFileRow,
    DossierRow,
    FieldHistoryRow,
    FieldRow,
    FileRow,
    PersonDocumentRow,
    PersonFieldRow,
    PersonRow,
    ResultRow,
    utcnow,
)
from storage.versions import extractor_version

if TYPE_CHECKING:
    from extractors.spec import Template


class Outcome(Protocol):
    """What :meth:`Store.ingest` needs of ``pipeline.process.Outcome`` (not imported: storage needs no OCR):
    the Result, the cleaned image of each of its documents, and per document the image of each file page it spans
    (fields read on a paper's second page are cropped from that page), and the searchable PDF when one was made."""

    @property
    def result(self) -> Result: ...

    @property
    def pdf(self) -> bytes | None: ...

    @property
    def images(self) -> list[np.ndarray]: ...

    @property
    def pages(self) -> list[dict[int, np.ndarray]]: ...


log = logging.getLogger("sohoa.storage")
CROP_MARGIN = 8  # pixels around a field's box in its crop
NAME_FIELDS = ("full_name", "mother_name", "father_name", "husband_name", "wife_name", "holder_1_name", "holder_2_name")


@dataclass
class StoredDocument:
    """A stored document: its row id (for the review UI and the API), its lock version and the contract Document."""

    id: int
    file_sha256: str
    index: int
    version: int
    review_state: str
    extractor_version: str
    template_version: int | None
    current: bool
    document: Document

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file_sha256": self.file_sha256,
            "index": self.index,
            "version": self.version,
            "review_state": self.review_state,
            "extractor_version": self.extractor_version,
            "template_version": self.template_version,
            "current": self.current,
            "document": self.document.to_contract(),
        }


@dataclass
class EraseReport:
    files: int = 0
    objects: int = 0
    documents: int = 0
    # Documents of other files that still carry the person's name without their number (e.g. as a parent on a
    # birth certificate): not erased automatically, listed for an operator to decide.
    name_mentions: list[int] = field(default_factory=list)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_id_number(id_number: str) -> str:
    number = id_number.strip()
    if not registry.is_id_number(number):
        raise InvalidRequest("an ID number is 12 digits (or 9 for a CMND)")
    return number


def make_object_store(settings: Settings) -> ObjectStore:
    if settings.storage_backend == "s3":
        from storage.s3 import S3Store

        return S3Store.from_settings(settings)
    if settings.storage_backend != "folder":
        raise InvalidRequest(f"SOHOA_STORAGE_BACKEND={settings.storage_backend!r}: use 'folder' or 's3'")
    root = Path(settings.storage_dir) if settings.storage_dir else settings.data_dir / "objects"
    return FolderStore(root)


class Store:
    def __init__(
        self,
        objects: ObjectStore,
        keyring: Keyring,
        engine: Engine,
        sessions: sessionmaker[Session],
        templates: dict[str, Template] | None = None,
    ) -> None:
        if templates is None:
            from extractors.spec import load_templates

            templates = load_templates()
        self.raw = objects  # ciphertext as stored (for erasure and for tests that look at the bytes)
        self.objects = EncryptedStore(objects, keyring)
        self.keyring = keyring
        self.engine = engine
        self.sessions = sessions
        self.template_versions = {name: t.version for name, t in templates.items()}
        self.version = extractor_version(templates)

    @classmethod
    def open(cls, settings: Settings, templates: dict[str, Template] | None = None) -> Store:
        keyring = Keyring.from_settings(settings)
        objects = make_object_store(settings)
        engine, sessions = open_database(settings)
        return cls(objects, keyring, engine, sessions, templates)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise StorageUnavailable(f"database: {type(exc.orig).__name__}") from None

    # ------------------------------------------------------------------ audit

    def audit(
        self,
        actor: str,
        action: str,
        object_kind: str,
        object_id: int | None = None,
        *,
        person: str | None = None,
        detail: str = "",
        session: Session | None = None,
    ) -> None:
        """Append to the access log. ``person`` is an ID number: only its keyed hash is stored."""
        row = AccessLogRow(
            actor=actor[:100],
            action=action,
            object_kind=object_kind,
            object_id=object_id,
            person_hash=self.keyring.person_hash(person) if person else None,
            detail=detail[:200],
        )
        if session is not None:
            session.add(row)
            return
        with self._tx() as s:
            s.add(row)

    # ------------------------------------------------------------------ ingest

    def lookup(self, sha256: str) -> Result | None:
        """The stored Result of these bytes by the current extractor version, or None (then process and ingest)."""
        with self._tx() as s:
            row = s.scalar(
                select(ResultRow)
                .join(FileRow)
                .where(FileRow.sha256 == sha256, ResultRow.extractor_version == self.version)
            )
            return self._load_result(s, row) if row is not None else None

    def ingest(self, outcome: Outcome, original_bytes: bytes, name: str | None = None, actor: str = "system") -> Result:
        """Store one processed file; return the stored Result (with registry conflicts marked).

        The same bytes again return the stored Result and write nothing; after an extractor/template change the new
        result becomes current and the old one stays as history. A rejected input (``result.error``) is not stored.
        """
        sha = sha256_hex(original_bytes)
        if outcome.result.sha256 not in (None, sha):
            raise InvalidRequest("the outcome was not made from these bytes")
        if outcome.result.error is not None:
            return outcome.result
        for _attempt in range(3):
            stored = self.lookup(sha)
            if stored is not None:
                self.audit(actor, "ingest_existing", "file", self._file_id(sha))
                return stored
            try:
                result = self._ingest_once(outcome, original_bytes, sha, name, actor)
            except IntegrityError:
                log.info("concurrent ingest of %s: using the stored rows", sha[:12])
                continue
            if outcome.pdf is not None:
                self.put_pdf(sha, outcome.pdf, actor)
            return result
        stored = self.lookup(sha)
        if stored is None:
            raise Conflict("ingest kept colliding with concurrent writers")
        return stored

    def _file_id(self, sha: str) -> int | None:
        with self._tx() as s:
            return s.scalar(select(FileRow.id).where(FileRow.sha256 == sha))

    def _ingest_once(self, outcome: Outcome, data: bytes, sha: str, name: str | None, actor: str) -> Result:
        result = outcome.result.model_copy(deep=True)
        result.sha256 = sha
        if name:
            result.file = name
        now = utcnow()
        mentions = registry.mentions(result)
        person_updates: list[tuple[registry.Mention, list[registry.Update]]] = []
        with self._tx() as s:
            for mention in mentions:
                known = self._known(s, mention.id_number, mention.cmnd_number)
                document = result.documents[mention.doc_index]
                here = registry.Here(sha, mention.doc_index, document.type, now)
                person_updates.append((mention, registry.apply(mention, document, known, here)))

        # 1. Objects (all of them) before any row.
        okey = original_key(sha)
        if not self.raw.exists(okey):
            self.objects.put(okey, data)
        page_keys: list[str | None] = []
        crops: list[dict[str, str]] = []
        for index, _document in enumerate(result.documents):
            image = outcome.images[index] if index < len(outcome.images) else None
            if image is None:
                page_keys.append(None)
                crops.append({})
                continue
            pkey = page_key(sha, self.version, index)
            self.objects.put(pkey, _png(image))
            page_keys.append(pkey)
            pages = outcome.pages[index] if index < len(outcome.pages) else {}
            crops.append(self._put_crops(sha, index, result.documents[index], image, pages))
        rkey = result_key(sha, self.version)
        self.objects.put(rkey, json.dumps(result.to_contract(), ensure_ascii=False).encode("utf-8"))

        # 2. Rows, in one transaction.
        with self._tx() as s:
            file_row = s.scalar(select(FileRow).where(FileRow.sha256 == sha))
            if file_row is None:
                file_row = FileRow(sha256=sha, size=len(data), original_key=okey, current_version=self.version)
                s.add(file_row)
                s.flush()
            else:  # reprocess under a new extractor version: the older result stays, as history
                s.execute(update(ResultRow).where(ResultRow.file_id == file_row.id).values(current=False))
                s.execute(update(DocumentRow).where(DocumentRow.file_id == file_row.id).values(current=False))
                file_row.current_version = self.version
            result_row = ResultRow(
                file_id=file_row.id,
                extractor_version=self.version,
                object_key=rkey,
                current=True,
                error_code=result.error.code if result.error else None,
            )
            s.add(result_row)
            s.flush()
            doc_rows: list[DocumentRow] = []
            for index, document in enumerate(result.documents):
                tv = self.template_versions.get(document.type)
                doc_row = DocumentRow(
                    file_id=file_row.id,
                    result_id=result_row.id,
                    index=index,
                    type=document.type,
                    pages=list(document.pages),
                    confidence=document.confidence,
                    needs_review=document.needs_review,
                    template_version=tv,
                    extractor_version=self.version,
                    review_state="needs_review" if document.needs_review else "pending",
                    issues=[i.model_dump() for i in document.issues],
                    page_key=page_keys[index],
                    current=True,
                    version=1,
                )
                doc_row.fields = [
                    FieldRow(
                        position=position,
                        name=fname,
                        value=f.value,
                        confidence=f.confidence,
                        status=f.status,
                        source=f.source,
                        page=f.page,
                        bbox=f.bbox,
                        issues=list(f.issues),
                        no_expiry=f.no_expiry,
                        template_version=tv,
                        crop_key=crops[index].get(fname),
                    )
                    for position, (fname, f) in enumerate(document.fields.items())
                ]
                s.add(doc_row)
                doc_rows.append(doc_row)
            s.flush()
            for mention, updates in person_updates:
                doc_row = doc_rows[mention.doc_index]
                person = self._person_for(s, mention.id_number, mention.cmnd_number, create=True)
                assert person is not None
                self._link(s, person, doc_row.id, mention.role)
                for upd in updates:
                    self._write_person_field(s, person, upd, doc_row, now)
                person.updated_at = now
            self.audit(actor, "ingest", "file", file_row.id, session=s, detail=f"documents={len(doc_rows)}")
        log.info("stored %s: %d documents, version %s", sha[:12], len(result.documents), self.version)
        stored = self.lookup(sha)  # exactly what a later call returns (values as stored, rounded as serialised)
        assert stored is not None
        return stored

    def _put_crops(
        self, sha: str, index: int, document: Document, image: np.ndarray, pages: dict[int, np.ndarray]
    ) -> dict[str, str]:
        """A crop of every field with a box, from the image of the page it was read on (``pages``; else ``image``)."""
        keys: dict[str, str] = {}
        for fname, f in document.fields.items():
            if not f.bbox or len(f.bbox) != 4:
                continue
            page_image = pages.get(f.page, image)
            h, w = page_image.shape[:2]
            x0, y0, x1, y1 = (int(v) for v in f.bbox)
            x0, y0 = max(0, x0 - CROP_MARGIN), max(0, y0 - CROP_MARGIN)
            x1, y1 = min(w, x1 + CROP_MARGIN), min(h, y1 + CROP_MARGIN)
            if x1 <= x0 or y1 <= y0:
                continue
            key = crop_key(sha, self.version, index, fname)
            self.objects.put(key, _png(page_image[y0:y1, x0:x1]))
            keys[fname] = key
        return keys

    # ------------------------------------------------------------------ registry internals

    def _person_for(
        self, s: Session, id_number: str | None, cmnd: str | None, *, create: bool = False
    ) -> PersonRow | None:
        p12 = s.scalar(select(PersonRow).where(PersonRow.id_number == id_number)) if id_number else None
        p9 = s.scalar(select(PersonRow).where(PersonRow.cmnd_number == cmnd)) if cmnd else None
        if p12 is not None and p9 is not None and p12.id != p9.id:
            if p9.id_number is None:  # a CMND-only person is now known to hold this 12-digit number: merge
                self._merge(s, p9, p12)
                p12.cmnd_number = cmnd
            return p12
        if p12 is not None:
            if cmnd and p12.cmnd_number is None:
                p12.cmnd_number = cmnd
            return p12
        if p9 is not None:
            if id_number and p9.id_number is None:
                p9.id_number = id_number
            return p9
        if not create:
            return None
        person = PersonRow(id_number=id_number, cmnd_number=cmnd)
        s.add(person)
        s.flush()
        return person

    def _merge(self, s: Session, source: PersonRow, target: PersonRow) -> None:
        have = set(s.scalars(select(PersonFieldRow.name).where(PersonFieldRow.person_id == target.id)))
        for pf in list(s.scalars(select(PersonFieldRow).where(PersonFieldRow.person_id == source.id))):
            if pf.name not in have:
                pf.person_id = target.id
        links = list(s.scalars(select(PersonDocumentRow).where(PersonDocumentRow.person_id == source.id)))
        pairs = [(link.document_id, link.role) for link in links]
        s.flush()
        s.execute(delete(PersonRow).where(PersonRow.id == source.id))
        s.flush()
        s.expire(source)
        for document_id, role in pairs:
            self._link(s, target, document_id, role)

    def _link(self, s: Session, person: PersonRow, document_id: int, role: str) -> None:
        if s.get(PersonDocumentRow, (person.id, document_id, role)) is None:
            s.add(PersonDocumentRow(person_id=person.id, document_id=document_id, role=role))

    def _known(self, s: Session, id_number: str | None, cmnd: str | None) -> dict[str, registry.Known]:
        persons = []
        if id_number:
            persons += list(s.scalars(select(PersonRow).where(PersonRow.id_number == id_number)))
        if cmnd:
            persons += list(s.scalars(select(PersonRow).where(PersonRow.cmnd_number == cmnd)))
        known: dict[str, registry.Known] = {}
        for person in persons:
            for pf, sha in s.execute(
                select(PersonFieldRow, FileRow.sha256)
                .outerjoin(DocumentRow, DocumentRow.id == PersonFieldRow.document_id)
                .outerjoin(FileRow, FileRow.id == DocumentRow.file_id)
                .where(PersonFieldRow.person_id == person.id)
            ).all():
                if pf.name in known and known[pf.name].confirmed:
                    continue
                known[pf.name] = registry.Known(
                    value=pf.value,
                    confirmed=pf.status == "confirmed",
                    source=pf.source,
                    document_id=pf.document_id,
                    document_type=pf.document_type,
                    page=pf.page,
                    observed_at=pf.observed_at,
                    file_sha256=sha,
                )
        return known

    def _write_person_field(
        self, s: Session, person: PersonRow, upd: registry.Update, doc_row: DocumentRow, now: datetime
    ) -> None:
        row = s.scalar(
            select(PersonFieldRow).where(PersonFieldRow.person_id == person.id, PersonFieldRow.name == upd.name)
        )
        if row is None:
            row = PersonFieldRow(person_id=person.id, name=upd.name)
            s.add(row)
        row.value = upd.value
        row.status = "confirmed" if upd.confirmed else "unconfirmed"
        row.source = upd.source
        row.document_id = doc_row.id
        row.document_type = doc_row.type
        row.page = upd.page
        row.observed_at = now

    # ------------------------------------------------------------------ reading

    def _load_result(self, s: Session, row: ResultRow) -> Result:
        """The Result JSON as extracted, with the database's current field values, statuses and review flags."""
        data = json.loads(self.objects.get(row.object_key).decode("utf-8"))
        result = Result.model_validate(data)
        for doc_row in s.scalars(select(DocumentRow).where(DocumentRow.result_id == row.id)):
            if doc_row.index < len(result.documents):
                result.documents[doc_row.index] = _document_of(doc_row, result.documents[doc_row.index])
        return result

    def result(self, sha256: str, actor: str = "system") -> Result:
        """The current stored Result of a file (any extractor version)."""
        with self._tx() as s:
            row = s.scalar(select(ResultRow).join(FileRow).where(FileRow.sha256 == sha256, ResultRow.current))
            if row is None:
                raise NotFound("no stored result for this file")
            self.audit(actor, "read_result", "file", row.file_id, session=s)
            return self._load_result(s, row)

    def history(self, sha256: str) -> list[tuple[str, datetime, bool]]:
        """(extractor version, stored at, current) of every result kept for a file, oldest first."""
        with self._tx() as s:
            rows = s.execute(
                select(ResultRow.extractor_version, ResultRow.created_at, ResultRow.current)
                .join(FileRow)
                .where(FileRow.sha256 == sha256)
                .order_by(ResultRow.id)
            ).all()
            return [(v, at, cur) for v, at, cur in rows]

    def documents_of(self, sha256: str, actor: str = "system") -> list[StoredDocument]:
        with self._tx() as s:
            rows = list(
                s.scalars(
                    select(DocumentRow)
                    .join(FileRow)
                    .where(FileRow.sha256 == sha256, DocumentRow.current)
                    .order_by(DocumentRow.index)
                )
            )
            for row in rows:
                self.audit(actor, "read_document", "document", row.id, session=s)
            return [self._stored(row) for row in rows]

    def document(self, document_id: int, actor: str = "system") -> StoredDocument:
        with self._tx() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise NotFound(f"document #{document_id}")
            self.audit(actor, "read_document", "document", document_id, session=s)
            return self._stored(row)

    def _stored(self, row: DocumentRow) -> StoredDocument:
        return StoredDocument(
            id=row.id,
            file_sha256=row.file.sha256,
            index=row.index,
            version=row.version,
            review_state=row.review_state,
            extractor_version=row.extractor_version,
            template_version=row.template_version,
            current=row.current,
            document=_document_of(row, None),
        )

    def field_crop(self, document_id: int, field_name: str, actor: str = "system") -> bytes:
        """The PNG crop of one field (decrypted)."""
        with self._tx() as s:
            key = s.scalar(
                select(FieldRow.crop_key).where(FieldRow.document_id == document_id, FieldRow.name == field_name)
            )
            if key is None:
                raise NotFound(f"no crop for field {field_name!r} of document #{document_id}")
            self.audit(actor, "read_crop", "document", document_id, session=s)
        return self.objects.get(key)

    def page_image(self, document_id: int, actor: str = "system") -> bytes:
        """The PNG of the cleaned image that the document's boxes refer to (decrypted)."""
        with self._tx() as s:
            key = s.scalar(select(DocumentRow.page_key).where(DocumentRow.id == document_id))
            if key is None:
                raise NotFound(f"no page image for document #{document_id}")
            self.audit(actor, "read_page", "document", document_id, session=s)
        return self.objects.get(key)

    def searchable_pdf(self, document_id: int, actor: str = "system") -> bytes:
        """The searchable archival PDF of the file the document came from (decrypted), when one was kept."""
        with self._tx() as s:
            key = s.scalar(
                select(FileRow.pdf_key)
                .join(DocumentRow, DocumentRow.file_id == FileRow.id)
                .where(DocumentRow.id == document_id)
            )
            if key is None:
                raise NotFound(f"no searchable PDF for document #{document_id}")
            self.audit(actor, "read_pdf", "document", document_id, session=s)
        return self.objects.get(key)

    def original(self, sha256: str, actor: str = "system") -> bytes:
        with self._tx() as s:
            file_id = s.scalar(select(FileRow.id).where(FileRow.sha256 == sha256))
            if file_id is None:
                raise NotFound("no such file")
            self.audit(actor, "read_original", "file", file_id, session=s)
        return self.objects.get(original_key(sha256))

    def put_pdf(self, sha256: str, pdf: bytes, actor: str = "system") -> str:
        """Store a searchable PDF of a stored file (encrypted)."""
        key = pdf_key(sha256)
        with self._tx() as s:
            file_row = s.scalar(select(FileRow).where(FileRow.sha256 == sha256))
            if file_row is None:
                raise NotFound("no such file")
        self.objects.put(key, pdf)
        with self._tx() as s:
            s.execute(update(FileRow).where(FileRow.sha256 == sha256).values(pdf_key=key))
            self.audit(actor, "store_pdf", "file", file_row.id, session=s)
        return key

    # ------------------------------------------------------------------ review

    def correct_field(
        self,
        document_id: int,
        field_name: str,
        value: str | None,
        actor: str,
        expected_version: int,
        reason: str = "",
    ) -> StoredDocument:
        """An operator's value for one field: history row, status ``ok``, source ``operator``, registry updated.
        Raises Conflict when the document changed since ``expected_version`` was read."""
        with self._tx() as s:
            doc_row = self._locked(s, document_id, expected_version)
            frow = next((f for f in doc_row.fields if f.name == field_name), None)
            if frow is None:
                raise InvalidRequest(f"document #{document_id} has no field {field_name!r}")
            s.add(
                FieldHistoryRow(
                    field_id=frow.id,
                    actor=actor,
                    old_value=frow.value,
                    new_value=value,
                    old_status=frow.status,
                    new_status="ok",
                    reason=reason,
                )
            )
            frow.value, frow.status, frow.source, frow.confidence = value, "ok", "operator", 1.0
            frow.issues = [i for i in frow.issues if i != registry.CONFLICT]
            self._after_review(s, doc_row, actor, "correct_field", only={field_name})
            return self._stored(doc_row)

    def approve_document(self, document_id: int, actor: str, expected_version: int, reason: str = "") -> StoredDocument:
        """An operator approves the document as it stands: every read field becomes ``ok`` and updates the
        registry with source ``operator``."""
        with self._tx() as s:
            doc_row = self._locked(s, document_id, expected_version)
            for frow in doc_row.fields:
                if frow.value is not None and frow.status != "ok":
                    s.add(
                        FieldHistoryRow(
                            field_id=frow.id,
                            actor=actor,
                            old_value=frow.value,
                            new_value=frow.value,
                            old_status=frow.status,
                            new_status="ok",
                            reason=reason or "approved",
                        )
                    )
                    frow.status = "ok"
                    frow.issues = [i for i in frow.issues if i != registry.CONFLICT]
            doc_row.review_state = "approved"
            self._after_review(s, doc_row, actor, "approve_document", only=None)
            return self._stored(doc_row)

    def set_review_state(self, document_id: int, state: str, actor: str, expected_version: int) -> StoredDocument:
        """An operator's decision that changes no value: ``rejected`` or ``rescan_requested`` (the document leaves
        the review queue). The audit entry holds the decision, never a reason text (it could quote values)."""
        if state not in ("rejected", "rescan_requested"):
            raise InvalidRequest("a review decision is 'rejected' or 'rescan_requested'")
        with self._tx() as s:
            doc_row = self._locked(s, document_id, expected_version)
            doc_row.review_state = state
            self.audit(actor, "review_decision", "document", document_id, session=s, detail=f"state={state}")
            return self._stored(doc_row)

    def _locked(self, s: Session, document_id: int, expected_version: int) -> DocumentRow:
        bumped = s.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id, DocumentRow.version == expected_version)
            .values(version=expected_version + 1, updated_at=utcnow())
        )
        if getattr(bumped, "rowcount", 0) != 1:
            if s.get(DocumentRow, document_id) is None:
                raise NotFound(f"document #{document_id}")
            raise Conflict(f"document #{document_id} is no longer at version {expected_version}")
        row = s.get(DocumentRow, document_id, populate_existing=True)
        assert row is not None
        return row

    def _after_review(self, s: Session, doc_row: DocumentRow, actor: str, action: str, only: set[str] | None) -> None:
        s.flush()
        approved = doc_row.review_state == "approved"
        doc_row.needs_review = not approved and any(f.status != "ok" for f in doc_row.fields)
        if not approved:
            doc_row.review_state = "needs_review" if doc_row.needs_review else "pending"
        in_conflict = {f.name for f in doc_row.fields if registry.CONFLICT in f.issues}
        doc_row.issues = [
            i
            for i in doc_row.issues
            if i.get("code") != registry.CONFLICT or in_conflict.intersection(i.get("fields") or [])
        ]
        # The registry: the document among its siblings (a back finds its number through the front beside it).
        siblings = list(
            s.scalars(select(DocumentRow).where(DocumentRow.result_id == doc_row.result_id).order_by(DocumentRow.index))
        )
        result = Result(file="-", documents=[_document_of(d, None) for d in siblings])
        now = utcnow()
        for mention in registry.mentions(result):
            if siblings[mention.doc_index].id != doc_row.id:
                continue
            document = result.documents[mention.doc_index]
            if only is not None:
                mention.fields = {p: d for p, d in mention.fields.items() if d in only}
            updates = registry.apply(mention, document, {}, registry.Here("-", 0, doc_row.type, now), operator=True)
            person = self._person_for(s, mention.id_number, mention.cmnd_number, create=True)
            assert person is not None
            self._link(s, person, doc_row.id, mention.role)
            for upd in updates:
                self._write_person_field(s, person, upd, doc_row, now)
        self.audit(actor, action, "document", doc_row.id, session=s)

    # ------------------------------------------------------------------ registry

    def _find_person(self, s: Session, id_number: str) -> PersonRow:
        number = check_id_number(id_number)
        column = PersonRow.id_number if len(number) == 12 else PersonRow.cmnd_number
        person = s.scalar(select(PersonRow).where(column == number))
        if person is None:
            raise NotFound("no person with this ID number")
        return person

    def prefill(self, id_number: str, actor: str = "system") -> dict[str, Any]:
        """Every known field of a person, in the contract's names: value, status (``confirmed`` or
        ``unconfirmed``), source, document (id, type, page) and date. Unconfirmed values say so."""
        with self._tx() as s:
            person = self._find_person(s, id_number)
            fields: dict[str, Any] = {}
            for pf in s.scalars(select(PersonFieldRow).where(PersonFieldRow.person_id == person.id)):
                fields[pf.name] = {
                    "value": pf.value,
                    "status": pf.status,
                    "source": pf.source,
                    "document_id": pf.document_id,
                    "document_type": pf.document_type,
                    "page": pf.page,
                    "date": pf.observed_at.date().isoformat(),
                }
            if person.cmnd_number and "old_id_number" not in fields and person.id_number:
                fields["old_id_number"] = {"value": person.cmnd_number, "status": "confirmed", "source": "registry"}
            self.audit(actor, "prefill", "person", person.id, person=id_number, session=s)
            return {"id_number": person.id_number, "old_id_number": person.cmnd_number, "fields": fields}

    def person(self, id_number: str, actor: str = "system") -> dict[str, Any]:
        """The registry entry (as :meth:`prefill`) and the documents that name the person."""
        data = self.prefill(id_number, actor)
        with self._tx() as s:
            person = self._find_person(s, id_number)
            rows = s.execute(
                select(PersonDocumentRow.role, DocumentRow, FileRow.sha256)
                .join(DocumentRow, DocumentRow.id == PersonDocumentRow.document_id)
                .join(FileRow, FileRow.id == DocumentRow.file_id)
                .where(PersonDocumentRow.person_id == person.id)
                .order_by(DocumentRow.id)
            ).all()
            data["documents"] = [
                {
                    "id": d.id,
                    "type": d.type,
                    "role": role,
                    "pages": d.pages,
                    "file_sha256": sha,
                    "current": d.current,
                    "review_state": d.review_state,
                    "stored_at": d.created_at.date().isoformat(),
                }
                for role, d, sha in rows
            ]
        return data

    # ------------------------------------------------------------------ dossiers

    def create_dossier(self, name: str, actor: str = "system") -> int:
        try:
            with self._tx() as s:
                row = DossierRow(name=name.strip())
                s.add(row)
                s.flush()
                self.audit(actor, "create_dossier", "dossier", row.id, session=s)
                return row.id
        except IntegrityError:
            raise Conflict("a dossier with this name exists") from None

    def _dossier(self, s: Session, dossier: int | str) -> DossierRow:
        row = None
        if isinstance(dossier, int) or (isinstance(dossier, str) and dossier.isdigit()):
            row = s.get(DossierRow, int(dossier))
        if row is None and isinstance(dossier, str):
            row = s.scalar(select(DossierRow).where(DossierRow.name == dossier))
        if row is None:
            raise NotFound("no such dossier")
        return row

    def add_to_dossier(self, dossier: int | str, sha256s: Sequence[str], actor: str = "system") -> None:
        with self._tx() as s:
            row = self._dossier(s, dossier)
            for sha in sha256s:
                file_id = s.scalar(select(FileRow.id).where(FileRow.sha256 == sha))
                if file_id is None:
                    raise NotFound("a file is not stored yet (store it first)")
                if s.get(DossierFileRow, (row.id, file_id)) is None:
                    s.add(DossierFileRow(dossier_id=row.id, file_id=file_id))
            self.audit(actor, "add_to_dossier", "dossier", row.id, session=s, detail=f"files={len(sha256s)}")

    def dossier(self, dossier: int | str, actor: str = "system") -> dict[str, Any]:
        """The dossier, its files and current documents, and the cross-document issues."""
        with self._tx() as s:
            row = self._dossier(s, dossier)
            files = list(
                s.scalars(
                    select(FileRow)
                    .join(DossierFileRow, DossierFileRow.file_id == FileRow.id)
                    .where(DossierFileRow.dossier_id == row.id)
                    .order_by(DossierFileRow.added_at, FileRow.id)
                )
            )
            refs: list[dossier_rules.DocRef] = []
            listing = []
            for f in files:
                docs = [d for d in f.documents if d.current]
                listing.append(
                    {
                        "sha256": f.sha256,
                        "documents": [
                            {"id": d.id, "type": d.type, "pages": d.pages, "review_state": d.review_state}
                            for d in sorted(docs, key=lambda d: d.index)
                        ],
                    }
                )
                refs += [
                    dossier_rules.DocRef(
                        d.id, d.type, d.pages[0] if d.pages else 1, {x.name: x.value for x in d.fields}
                    )
                    for d in docs
                ]
            issues: list[Issue] = dossier_rules.check(refs)
            self.audit(actor, "read_dossier", "dossier", row.id, session=s)
            return {
                "id": row.id,
                "name": row.name,
                "created_at": row.created_at.isoformat(),
                "files": listing,
                "issues": [i.model_dump() for i in issues],
            }

    # ------------------------------------------------------------------ erasure and retention

    def _delete_file_objects(self, sha: str) -> int:
        count = 0
        for prefix in file_prefixes(sha):
            for key in list(self.raw.list(prefix)):
                self.raw.delete(key)
                count += 1
        return count

    def erase_person(self, id_number: str, actor: str = "system") -> EraseReport:
        """Delete everything about a person: every file that names them by number (objects: original, pages,
        crops, results, PDF; rows: file, results, documents, fields, history, dossier membership), their registry
        entry, and registry values that came from those files. The audit entry holds counts only."""
        report = EraseReport()
        with self._tx() as s:
            person = self._find_person(s, id_number)
            person_id = person.id
            numbers = [n for n in (person.id_number, person.cmnd_number) if n]
            names = [
                v
                for v in s.scalars(
                    select(PersonFieldRow.value).where(
                        PersonFieldRow.person_id == person_id, PersonFieldRow.name == "full_name"
                    )
                )
                if v
            ]
            doc_ids = set(
                s.scalars(select(PersonDocumentRow.document_id).where(PersonDocumentRow.person_id == person_id))
            )
            doc_ids |= set(
                s.scalars(select(FieldRow.document_id).where(or_(*(FieldRow.value.contains(n) for n in numbers))))
            )
            file_rows = list(
                s.execute(
                    select(FileRow.id, FileRow.sha256)
                    .join(DocumentRow, DocumentRow.file_id == FileRow.id)
                    .where(DocumentRow.id.in_(doc_ids))
                    .distinct()
                ).all()
            )
        for _fid, sha in file_rows:
            report.objects += self._delete_file_objects(sha)
        file_ids = [fid for fid, _ in file_rows]
        with self._tx() as s:
            report.documents = (
                s.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.file_id.in_(file_ids))) or 0
            )
            s.execute(delete(FileRow).where(FileRow.id.in_(file_ids)))
            s.execute(delete(PersonRow).where(PersonRow.id == person_id))
            s.flush()
            self._drop_unbacked_registry(s)
            if names:
                report.name_mentions = sorted(
                    set(
                        s.scalars(
                            select(FieldRow.document_id).where(
                                FieldRow.name.in_(NAME_FIELDS),
                                func.upper(FieldRow.value).in_([n.upper() for n in names]),
                            )
                        )
                    )
                )
            report.files = len(file_ids)
            self.audit(
                actor,
                "erase_person",
                "person",
                person_id,
                session=s,
                detail=f"files={report.files} documents={report.documents} objects={report.objects}",
            )
        log.info("erased a person: %d files, %d objects", report.files, report.objects)
        return report

    def _drop_unbacked_registry(self, s: Session) -> None:
        """Registry values whose document is gone go too; so do persons left with nothing."""
        s.execute(delete(PersonFieldRow).where(PersonFieldRow.document_id.is_(None)))
        s.flush()
        empty = select(PersonRow.id).where(
            ~select(PersonFieldRow.id).where(PersonFieldRow.person_id == PersonRow.id).exists(),
            ~select(PersonDocumentRow.person_id).where(PersonDocumentRow.person_id == PersonRow.id).exists(),
        )
        s.execute(delete(PersonRow).where(PersonRow.id.in_(empty)))

    def purge_older_than(self, days: int, actor: str = "system", now: datetime | None = None) -> int:
        """Retention: delete every file stored more than ``days`` days ago (objects, rows, registry values that
        came from it). Returns the number of files purged."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        with self._tx() as s:
            old = list(s.execute(select(FileRow.id, FileRow.sha256).where(FileRow.created_at < cutoff)).all())
        objects = sum(self._delete_file_objects(sha) for _fid, sha in old)
        with self._tx() as s:
            s.execute(delete(FileRow).where(FileRow.id.in_([fid for fid, _ in old])))
            s.flush()
            self._drop_unbacked_registry(s)
            self.audit(
                actor, "purge", "file", None, session=s, detail=f"days={days} files={len(old)} objects={objects}"
            )
        log.info("retention: purged %d files older than %d days", len(old), days)
        return len(old)


def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise InvalidRequest("an image could not be encoded as PNG")
    return bytes(buf.tobytes())


def _document_of(row: DocumentRow, base: Document | None) -> Document:
    """The contract Document from its rows (the stored JSON's document as a base keeps any extra detail)."""
    fields: dict[str, Field] = {}
    for f in row.fields:
        previous = base.fields.get(f.name) if base is not None else None
        fields[f.name] = Field(
            value=f.value,
            confidence=f.confidence,
            status=f.status,  # type: ignore[arg-type]
            source=f.source,  # type: ignore[arg-type]
            page=f.page,
            bbox=f.bbox,
            issues=list(f.issues),
            no_expiry=f.no_expiry,
            candidates=previous.candidates if previous is not None else None,
        )
    return Document(
        type=row.type,
        pages=list(row.pages),
        confidence=row.confidence,
        needs_review=row.needs_review,
        fields=fields,
        issues=[Issue.model_validate(i) for i in row.issues],
    )
