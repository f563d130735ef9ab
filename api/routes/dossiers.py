"""Dossiers: the files of one procedure, checked against each other."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from api.auth import AnyRole, Reviewer
from api.routes.common import services
from api.scope import check_dossier

router = APIRouter(prefix="/v1", tags=["dossiers"])


class DossierIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Hồ sơ đăng ký khai sinh 2026-001"}]})
    name: str = Field(min_length=1, max_length=200)


class DossierFilesIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"sha256s": ["9f2c5e…", "a41b07…"]}]})
    sha256s: list[str] = Field(min_length=1, max_length=100)


@router.post("/dossiers", status_code=201, summary="Create a dossier")
def create(body: DossierIn, request: Request, principal: Reviewer) -> dict[str, Any]:
    dossier_id = services(request).store.create_dossier(body.name, principal.actor)
    return {"id": dossier_id, "url": f"/v1/dossiers/{dossier_id}"}


@router.post("/dossiers/{dossier_id}/files", summary="Add stored files (by SHA-256) to a dossier")
def add_files(dossier_id: int, body: DossierFilesIn, request: Request, principal: Reviewer) -> dict[str, Any]:
    services(request).store.add_to_dossier(dossier_id, body.sha256s, principal.actor)
    return {"id": dossier_id, "added": len(body.sha256s)}


@router.get(
    "/dossiers/{dossier_id}",
    summary="A dossier: its files, documents and cross-document issues",
    description="Portals may read the dossiers of their own submissions (`dossier=true`).",
)
def show(dossier_id: int, request: Request, principal: AnyRole) -> dict[str, Any]:
    svc = services(request)
    check_dossier(svc.store, principal, dossier_id)
    return svc.store.dossier(dossier_id, principal.actor)
