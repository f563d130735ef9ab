"""Who is calling, and may they: API keys (header) and operator sessions (cookie), three roles.

* ``portal`` — a portal's machine: extract, submissions, its own submissions' results and dossiers, the documents
  of the files it sent and the prefill of the persons named in them;
* ``operator`` — a clerk in the review workspace: the queue, documents, page images and crops, corrections,
  approvals, persons, dossiers;
* ``admin`` — keys, operator accounts, erasure, the audit log (and everything an operator may do).

An API key comes in ``X-API-Key`` (or ``Authorization: Bearer …``); only its SHA-256 is stored. An operator signs
in with a password (scrypt) and gets a session cookie (``HttpOnly``, ``SameSite=Strict``); unsafe requests made
with the cookie must also carry the session's CSRF token (``X-CSRF-Token`` header or ``csrf`` form field).
No credentials: :class:`Unauthenticated` (401); the wrong role: :class:`AccessError` (403).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import select, update

from api.security import KEY_PREFIX, hash_password, new_secret, token_hash, verify_password
from models.errors import AccessError, Conflict, InvalidRequest, NotFound, Unauthenticated
from storage.schema import ApiKeyRow, ApiSessionRow, OperatorRow
from storage.store import Store

ROLES = ("portal", "operator", "admin")
COOKIE = "sohoa_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REVIEWERS = ("operator", "admin")


@dataclass(frozen=True)
class Principal:
    role: str
    owner: str  # the portal's id (API key) or the operator's user name (session)
    via: str  # "key" | "session"
    key_id: int | None = None
    csrf: str | None = None

    @property
    def actor(self) -> str:
        """How the access log names the caller."""
        return f"{self.role}:{self.owner}"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def authenticate(store: Store, request: Request) -> Principal | None:
    key = request.headers.get("x-api-key")
    authz = request.headers.get("authorization", "")
    if not key and authz.lower().startswith("bearer "):
        key = authz[7:].strip()
    if key:
        with store.sessions() as s:
            row = s.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == token_hash(key)))
            if row is None or row.revoked_at is not None:
                raise Unauthenticated("unknown or revoked API key")
            return Principal(role=row.role, owner=row.owner, via="key", key_id=row.id)
    token = request.cookies.get(COOKIE)
    if token:
        with store.sessions() as s:
            found = s.execute(
                select(ApiSessionRow, OperatorRow)
                .join(OperatorRow, OperatorRow.id == ApiSessionRow.operator_id)
                .where(ApiSessionRow.token_hash == token_hash(token))
            ).first()
            if found is None:
                return None
            session, operator = found
            if operator.disabled or _aware(session.expires_at) < datetime.now(UTC):
                return None
            return Principal(role=operator.role, owner=operator.username, via="session", csrf=session.csrf)
    return None


def check(principal: Principal | None, roles: tuple[str, ...], request: Request) -> Principal:
    if principal is None:
        raise Unauthenticated()
    if principal.role not in roles:
        raise AccessError(f"role {principal.role!r}")
    if principal.via == "session" and request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token", "")
        if not principal.csrf or not secrets.compare_digest(sent, principal.csrf):
            raise AccessError("missing or wrong CSRF token")
    return principal


def require(*roles: str) -> Any:
    """A FastAPI dependency: the caller, when their role is one of ``roles``."""

    def dependency(request: Request) -> Principal:
        return check(authenticate(request.app.state.sohoa.store, request), roles, request)

    return Depends(dependency)


# ---------------------------------------------------------------------- keys


def create_key(store: Store, role: str, owner: str, actor: str) -> tuple[int, str]:
    """A new key (returned once, never stored) and its row id."""
    if role not in ROLES:
        raise InvalidRequest(f"role is one of {', '.join(ROLES)}")
    owner = owner.strip()
    if not owner or len(owner) > 100:
        raise InvalidRequest("owner: 1 to 100 characters")
    key = new_secret(KEY_PREFIX)
    with store.sessions.begin() as s:
        row = ApiKeyRow(key_hash=token_hash(key), prefix=key[: len(KEY_PREFIX) + 4], role=role, owner=owner)
        s.add(row)
        s.flush()
        key_id = row.id
        store.audit(actor, "create_key", "api_key", key_id, detail=f"role={role}", session=s)
    return key_id, key


def revoke_key(store: Store, key_id: int, actor: str) -> None:
    with store.sessions.begin() as s:
        done = s.execute(
            update(ApiKeyRow)
            .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        if getattr(done, "rowcount", 0) != 1:
            raise NotFound(f"no active key #{key_id}")
        store.audit(actor, "revoke_key", "api_key", key_id, session=s)


def list_keys(store: Store) -> list[dict[str, Any]]:
    with store.sessions() as s:
        return [
            {
                "id": r.id,
                "prefix": r.prefix,
                "role": r.role,
                "owner": r.owner,
                "created_at": r.created_at.isoformat(),
                "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
            }
            for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
        ]


def first_admin_key(store: Store) -> str | None:
    """A new admin key when no active admin key exists (the first start), else None."""
    with store.sessions() as s:
        active = s.scalar(select(ApiKeyRow.id).where(ApiKeyRow.role == "admin", ApiKeyRow.revoked_at.is_(None)))
    if active is not None:
        return None
    return create_key(store, "admin", "admin", actor="system")[1]


# ---------------------------------------------------------------------- operators and sessions


def create_operator(store: Store, username: str, password: str, role: str, actor: str) -> int:
    if role not in REVIEWERS:
        raise InvalidRequest("an operator account's role is 'operator' or 'admin'")
    username = username.strip()
    if not username or len(username) > 100 or len(password) < 8:
        raise InvalidRequest("user name of 1 to 100 characters and a password of at least 8")
    with store.sessions.begin() as s:
        if s.scalar(select(OperatorRow.id).where(OperatorRow.username == username)) is not None:
            raise Conflict("this user name exists")
        row = OperatorRow(username=username, password_hash=hash_password(password), role=role)
        s.add(row)
        s.flush()
        store.audit(actor, "create_operator", "operator", row.id, detail=f"role={role}", session=s)
        return row.id


def login(store: Store, username: str, password: str, hours: int) -> tuple[str, str] | None:
    """A new session (cookie token, CSRF token) for good credentials, else None."""
    with store.sessions() as s:
        operator = s.scalar(select(OperatorRow).where(OperatorRow.username == username.strip()))
    if operator is None or operator.disabled or not verify_password(password, operator.password_hash):
        verify_password(password, "scrypt$16384$8$1$00$00")  # about the same time for unknown users
        store.audit(f"login:{username.strip()[:40]}", "login_failed", "operator", operator.id if operator else None)
        return None
    token, csrf = new_secret(), new_secret()
    with store.sessions.begin() as s:
        s.add(
            ApiSessionRow(
                token_hash=token_hash(token),
                operator_id=operator.id,
                csrf=csrf,
                expires_at=datetime.now(UTC) + timedelta(hours=hours),
            )
        )
        store.audit(f"{operator.role}:{operator.username}", "login", "operator", operator.id, session=s)
    return token, csrf


def logout(store: Store, token: str) -> None:
    with store.sessions.begin() as s:
        row = s.scalar(select(ApiSessionRow).where(ApiSessionRow.token_hash == token_hash(token)))
        if row is not None:
            s.delete(row)


# The callers each route accepts (FastAPI dependencies, as annotations).
Submitter = Annotated[Principal, require("portal", "admin")]
AnyRole = Annotated[Principal, require("portal", "operator", "admin")]
Reviewer = Annotated[Principal, require("operator", "admin")]
Admin = Annotated[Principal, require("admin")]
