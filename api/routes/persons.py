"""The person registry: prefill (portals, for the persons named in their own uploads) and the full entry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.auth import AnyRole, Reviewer
from api.routes.common import services
from api.scope import check_person

router = APIRouter(prefix="/v1", tags=["persons"])

PREFILL_EXAMPLE = {
    "id_number": "079301012345",
    "old_id_number": None,
    "fields": {
        "full_name": {
            "value": "TRẦN THỊ BÍCH NGỌC",
            "status": "confirmed",
            "source": "qr",
            "document_id": 12,
            "document_type": "cccd_2021_back",
            "page": 1,
            "date": "2026-11-23",
        }
    },
}


@router.get(
    "/persons/{id_number}/prefill",
    summary="Every known field of a person, for prefilling a form",
    description="Confirmed and unconfirmed values with their provenance. A portal may read only the persons "
    "named in files it sent (403 otherwise, whether or not the person exists).",
    responses={200: {"content": {"application/json": {"example": PREFILL_EXAMPLE}}}},
)
def prefill(id_number: str, request: Request, principal: AnyRole) -> dict[str, Any]:
    svc = services(request)
    check_person(svc.store, principal, id_number)
    return svc.store.prefill(id_number, principal.actor)


@router.get("/persons/{id_number}", summary="A person's registry entry and the documents that name them")
def person(id_number: str, request: Request, principal: Reviewer) -> dict[str, Any]:
    return services(request).store.person(id_number, principal.actor)
