"""The SQL metadata (SQLAlchemy 2 typed models). Alembic migrations in ``storage/migrations`` create exactly this.

Tables:

* ``files`` — one row per distinct original (``sha256`` unique); no file name (names can carry a person's name).
* ``results`` — one row per (file, extractor version): the current one and the older ones kept as history; the
  Result JSON itself is an encrypted object (``object_key``).
* ``documents`` — the documents of a result: type, pages, confidence, review flag, template/extractor version,
  review state, issues, and ``version`` (optimistic locking: every change bumps it; a write naming a stale version
  is refused with :class:`Conflict`).
* ``fields`` — value, confidence, status, source, page, bbox, issues, template version, crop object key.
* ``field_history`` — every change of a field: who, when, old, new, why.
* ``dossiers`` and ``dossier_files`` — the files of one procedure.
* ``persons`` — the registry: the 12-digit number and/or the 9-digit CMND number it is linked to.
* ``person_fields`` — one row per (person, field): value, status (``confirmed`` / ``unconfirmed``) and provenance
  (document, page, source, document type, date).
* ``person_documents`` — which documents name which person, in which role (``holder``, ``child``, ``husband``, …).
* ``access_log`` — who did what to which object kind and internal id, when; persons are named by a keyed hash,
  never by their number; no field value ever goes here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class FileRow(Base):
    __tablename__ = "files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    original_key: Mapped[str] = mapped_column(String(200))
    pdf_key: Mapped[str | None] = mapped_column(String(200), default=None)
    current_version: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    results: Mapped[list[ResultRow]] = relationship(back_populates="file", cascade="all, delete-orphan")
    documents: Mapped[list[DocumentRow]] = relationship(back_populates="file", cascade="all, delete-orphan")


class ResultRow(Base):
    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("file_id", "extractor_version", name="uq_results_file_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(80))
    object_key: Mapped[str] = mapped_column(String(200))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    error_code: Mapped[str | None] = mapped_column(String(60), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file: Mapped[FileRow] = relationship(back_populates="results")
    documents: Mapped[list[DocumentRow]] = relationship(back_populates="result", order_by="DocumentRow.index")


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("result_id", "index", name="uq_documents_result_index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40), index=True)
    pages: Mapped[list[Any]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    needs_review: Mapped[bool] = mapped_column(Boolean)
    template_version: Mapped[int | None] = mapped_column(Integer, default=None)
    extractor_version: Mapped[str] = mapped_column(String(80))
    review_state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | needs_review | approved
    issues: Mapped[list[Any]] = mapped_column(JSON, default=list)
    page_key: Mapped[str | None] = mapped_column(String(200), default=None)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file: Mapped[FileRow] = relationship(back_populates="documents")
    result: Mapped[ResultRow] = relationship(back_populates="documents")
    fields: Mapped[list[FieldRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="FieldRow.position"
    )


class FieldRow(Base):
    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("document_id", "name", name="uq_fields_document_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    value: Mapped[str | None] = mapped_column(Text, default=None)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))
    page: Mapped[int] = mapped_column(Integer, default=1)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    issues: Mapped[list[Any]] = mapped_column(JSON, default=list)
    no_expiry: Mapped[bool | None] = mapped_column(Boolean, default=None)
    template_version: Mapped[int | None] = mapped_column(Integer, default=None)
    crop_key: Mapped[str | None] = mapped_column(String(200), default=None)
    document: Mapped[DocumentRow] = relationship(back_populates="fields")
    history: Mapped[list[FieldHistoryRow]] = relationship(cascade="all, delete-orphan", order_by="FieldHistoryRow.id")


class FieldHistoryRow(Base):
    __tablename__ = "field_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    old_value: Mapped[str | None] = mapped_column(Text, default=None)
    new_value: Mapped[str | None] = mapped_column(Text, default=None)
    old_status: Mapped[str | None] = mapped_column(String(10), default=None)
    new_status: Mapped[str | None] = mapped_column(String(10), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")


class DossierRow(Base):
    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DossierFileRow(Base):
    __tablename__ = "dossier_files"
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonRow(Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str | None] = mapped_column(String(12), unique=True, default=None)  # 12-digit PIN
    cmnd_number: Mapped[str | None] = mapped_column(String(9), unique=True, default=None)  # linked 9-digit CMND
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fields: Mapped[list[PersonFieldRow]] = relationship(cascade="all, delete-orphan", order_by="PersonFieldRow.id")


class PersonFieldRow(Base):
    __tablename__ = "person_fields"
    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_person_fields_person_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    value: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(12))  # confirmed | unconfirmed
    source: Mapped[str] = mapped_column(String(10))  # the contract's field source (ocr, qr, mrz, operator, …)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), default=None, index=True
    )
    document_type: Mapped[str | None] = mapped_column(String(40), default=None)
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonDocumentRow(Base):
    __tablename__ = "person_documents"
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class AccessLogRow(Base):
    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    object_kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int | None] = mapped_column(Integer, default=None)
    person_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[str] = mapped_column(String(200), default="")


# ---------------------------------------------------------------------- HTTP API (migration 0002)


class ApiKeyRow(Base):
    """An API key: only its SHA-256 is kept (keys are 256-bit random, so a fast hash is enough); ``prefix`` lets
    an admin tell keys apart. ``owner`` is the portal (or admin) the key belongs to."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(10))  # portal | operator | admin
    owner: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class OperatorRow(Base):
    """A person who signs in to the review workspace; ``password_hash`` is ``scrypt$n$r$p$salt$hash``."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(10), default="operator")  # operator | admin
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiSessionRow(Base):
    """An operator's signed-in session: the cookie holds the token, the row only its SHA-256."""

    __tablename__ = "api_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SubmissionRow(Base):
    """An asynchronous submission: its state, who sent it, the files (by SHA-256; each file's Result is in the
    store), where to call back. ``outcomes`` holds per file ``{"sha256", "error"}`` (error codes only)."""

    __tablename__ = "submissions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(10))  # queued | running | done | failed
    owner: Mapped[str] = mapped_column(String(100), index=True)
    file_shas: Mapped[list[Any]] = mapped_column(JSON, default=list)
    outcomes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    webhook_url: Mapped[str | None] = mapped_column(Text, default=None)
    webhook_state: Mapped[str | None] = mapped_column(String(20), default=None)  # sent | failed
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"), default=None)
    error: Mapped[str | None] = mapped_column(String(60), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PortalFileRow(Base):
    """Which owner (portal) sent which stored file: the scope of a portal's reads (documents, prefill)."""

    __tablename__ = "portal_files"
    owner: Mapped[str] = mapped_column(String(100), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
