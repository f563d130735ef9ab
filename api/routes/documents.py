"""Stored documents: reading (with page image and crop links for reviewers), the review queue, corrections with
optimistic locking, approval, rejection or a rescan request, field history and the re-run checks."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api import review
from api.auth import REVIEWERS, AnyRole, Principal, Reviewer
from api.routes.common import services
from api.scope import check_document
from storage.store import StoredDocument

router = APIRouter(prefix="/v1", tags=["documents"])
PNG: dict[int | str, dict[str, Any]] = {200: {"content": {"image/png": {}}, "description": "PNG image"}}
NO_STORE = {"Cache-Control": "no-store"}


class CorrectionIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"value": "079301012345", "expected_version": 3, "reason": ""}]}
    )
    value: str | None = Field(max_length=2000)
    expected_version: int
    reason: str = Field(default="", max_length=500)


class VersionIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"expected_version": 4}]})
    expected_version: int


class DecisionIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"decision": "rescan_requested", "expected_version": 4}]})
    decision: Literal["rejected", "rescan_requested"]
    expected_version: int


def document_view(stored: StoredDocument, principal: Principal) -> dict[str, Any]:
    data = stored.to_dict()
    if principal.role in REVIEWERS:
        base = f"/v1/documents/{stored.id}"
        data["links"] = {
            "page_image": f"{base}/page.png",
            "searchable_pdf": f"{base}/searchable.pdf",
            "crops": {name: f"{base}/fields/{quote(name)}/crop.png" for name in stored.document.fields},
            "history": f"{base}/history",
            "checks": f"{base}/checks",
        }
    return data


def after_change(request: Request, stored: StoredDocument, principal: Principal) -> dict[str, Any]:
    return {"document": document_view(stored, principal), "checks": review.checks(services(request).store, stored.id)}


@router.get("/review/queue", summary="Documents waiting for review, oldest first")
def review_queue(
    request: Request,
    principal: Reviewer,
    type: str | None = None,
    issue: str | None = None,
) -> dict[str, Any]:
    svc = services(request)
    items = review.queue(svc.store, type, issue)
    svc.store.audit(principal.actor, "read_queue", "document", None, detail=f"items={len(items)}")
    return {"documents": items}


@router.get("/documents/{document_id}", summary="A stored document (links to images for reviewers)")
def get_document(document_id: int, request: Request, principal: AnyRole) -> dict[str, Any]:
    svc = services(request)
    check_document(svc.store, principal, document_id)
    return document_view(svc.store.document(document_id, principal.actor), principal)


@router.get("/documents/{document_id}/page.png", summary="The cleaned page image", responses=PNG)
def page_image(document_id: int, request: Request, principal: Reviewer) -> Response:
    data = services(request).store.page_image(document_id, principal.actor)
    return Response(data, media_type="image/png", headers=NO_STORE)


@router.get(
    "/documents/{document_id}/searchable.pdf",
    summary="The searchable archival PDF of the document's file (404 when none was kept)",
    responses={200: {"content": {"application/pdf": {}}, "description": "PDF"}},
)
def searchable_pdf(document_id: int, request: Request, principal: Reviewer) -> Response:
    data = services(request).store.searchable_pdf(document_id, principal.actor)
    return Response(data, media_type="application/pdf", headers=NO_STORE)


@router.get("/documents/{document_id}/fields/{field}/crop.png", summary="The crop of one field", responses=PNG)
def field_crop(document_id: int, field: str, request: Request, principal: Reviewer) -> Response:
    data = services(request).store.field_crop(document_id, field, principal.actor)
    return Response(data, media_type="image/png", headers=NO_STORE)


@router.get("/documents/{document_id}/history", summary="Every change of every field")
def field_history(document_id: int, request: Request, principal: Reviewer) -> dict[str, Any]:
    svc = services(request)
    svc.store.audit(principal.actor, "read_history", "document", document_id)
    return {"fields": review.history(svc.store, document_id)}


@router.get("/documents/{document_id}/checks", summary="The validators re-run on the current values")
def document_checks(document_id: int, request: Request, principal: Reviewer) -> dict[str, Any]:
    svc = services(request)
    svc.store.audit(principal.actor, "read_checks", "document", document_id)
    return {"checks": review.checks(svc.store, document_id)}


@router.post(
    "/documents/{document_id}/fields/{field}",
    summary="Correct (or accept) one field",
    description="Optimistic locking: `expected_version` is the document's version as read; if someone changed "
    "it since, the answer is 409 and nothing is written. The answer holds the document and the re-run checks.",
)
def correct(
    document_id: int,
    field: str,
    body: CorrectionIn,
    request: Request,
    principal: Reviewer,
) -> dict[str, Any]:
    store = services(request).store
    value = body.value.strip() if body.value is not None else None
    stored = store.correct_field(document_id, field, value or None, principal.actor, body.expected_version, body.reason)
    return after_change(request, stored, principal)


@router.post("/documents/{document_id}/approve", summary="Approve the document (registry updated, source operator)")
def approve(document_id: int, body: VersionIn, request: Request, principal: Reviewer) -> dict[str, Any]:
    stored = services(request).store.approve_document(document_id, principal.actor, body.expected_version)
    return after_change(request, stored, principal)


@router.post("/documents/{document_id}/decision", summary="Reject the document or ask for a rescan")
def decide(document_id: int, body: DecisionIn, request: Request, principal: Reviewer) -> dict[str, Any]:
    stored = services(request).store.set_review_state(
        document_id, body.decision, principal.actor, body.expected_version
    )
    return {"document": document_view(stored, principal)}
