"""Administration: API keys, operator accounts, erasure of a person, the audit log."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from api import auth
from api.auth import Admin
from api.routes.common import services
from storage.schema import AccessLogRow

router = APIRouter(prefix="/v1/admin", tags=["admin"])


class KeyIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"role": "portal", "owner": "dichvucong-hcm"}]})
    role: Literal["portal", "operator", "admin"]
    owner: str = Field(min_length=1, max_length=100)


class OperatorIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"username": "lan.nguyen", "password": "•••••••••", "role": "operator"}]}
    )
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=8, max_length=200)
    role: Literal["operator", "admin"] = "operator"


class ErasureIn(BaseModel):
    """In the body, not the path: an ID number must never appear in a URL."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"id_number": "079301012345"}]})
    id_number: str = Field(min_length=9, max_length=12)


@router.post("/keys", status_code=201, summary="Create an API key (shown once, only its hash is kept)")
def create_key(body: KeyIn, request: Request, principal: Admin) -> dict[str, Any]:
    key_id, key = auth.create_key(services(request).store, body.role, body.owner, principal.actor)
    return {"id": key_id, "key": key, "role": body.role, "owner": body.owner}


@router.get("/keys", summary="The API keys (prefixes only)")
def list_keys(request: Request, principal: Admin) -> dict[str, Any]:
    del principal
    return {"keys": auth.list_keys(services(request).store)}


@router.delete("/keys/{key_id}", status_code=204, summary="Revoke an API key")
def revoke_key(key_id: int, request: Request, principal: Admin) -> None:
    auth.revoke_key(services(request).store, key_id, principal.actor)


@router.post("/operators", status_code=201, summary="Create an operator account for the review workspace")
def create_operator(body: OperatorIn, request: Request, principal: Admin) -> dict[str, Any]:
    operator_id = auth.create_operator(
        services(request).store, body.username, body.password, body.role, principal.actor
    )
    return {"id": operator_id, "username": body.username, "role": body.role}


@router.post("/erasure", summary="Erase everything about a person (files, documents, registry entry)")
def erase(body: ErasureIn, request: Request, principal: Admin) -> dict[str, Any]:
    report = services(request).store.erase_person(body.id_number, principal.actor)
    return asdict(report)


@router.get("/audit", summary="The access log, newest first (no field values are ever written there)")
def audit(
    request: Request,
    principal: Admin,
    limit: int = 100,
    action: str | None = None,
) -> dict[str, Any]:
    del principal
    store = services(request).store
    with store.sessions() as s:
        query = select(AccessLogRow).order_by(AccessLogRow.id.desc()).limit(max(1, min(limit, 1000)))
        if action:
            query = query.where(AccessLogRow.action == action)
        rows = list(s.scalars(query))
    return {
        "entries": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "object_kind": r.object_kind,
                "object_id": r.object_id,
                "person_hash": r.person_hash,
                "detail": r.detail,
            }
            for r in rows
        ]
    }
