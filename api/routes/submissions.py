"""Asynchronous submissions: ``POST /v1/submissions`` → id; ``GET /v1/submissions/{id}``; a signed webhook."""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from sqlalchemy import select, update

from api.app import Services
from api.auth import Principal, Submitter
from api.routes.common import BUSY, TOO_LARGE, UPLOAD_BODY, admitted_upload_nowait, process_upload, services
from api.uploads import Upload
from models.errors import AccessError, InvalidRequest, NotFound, SohoaError
from storage.schema import SubmissionRow, utcnow
from storage.store import Store

router = APIRouter(prefix="/v1", tags=["submissions"])
log = logging.getLogger("sohoa.api.submissions")

SUBMISSION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        **UPLOAD_BODY["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"],
                        "webhook_url": {
                            "type": "string",
                            "format": "uri",
                            "description": "called (POST, HMAC-signed) when the submission is done or failed",
                        },
                        "dossier": {
                            "type": "boolean",
                            "description": "keep the files together as one dossier and check them against each other",
                        },
                    },
                }
            }
        },
    }
}
EXAMPLE = {
    "id": "5b0f3c2a9d7e41c08a6f2b1d",
    "state": "done",
    "created_at": "2026-11-23T08:30:00+00:00",
    "updated_at": "2026-11-23T08:30:04+00:00",
    "files": [{"sha256": "9f2c…", "error": None, "result": {"file": "cccd_front.jpg", "documents": ["…"]}}],
    "dossier": {"id": 3, "issues": []},
    "webhook": "sent",
}


def fail_interrupted(store: Store) -> None:
    """At start-up: submissions that were queued or running when the server stopped cannot finish (their bytes
    were in memory); mark them failed so that portals resubmit."""
    with store.sessions.begin() as s:
        s.execute(
            update(SubmissionRow)
            .where(SubmissionRow.state.in_(("queued", "running")))
            .values(state="failed", error="interrupted", updated_at=utcnow())
        )


def _set(store: Store, sid: str, **values: Any) -> None:
    with store.sessions.begin() as s:
        s.execute(update(SubmissionRow).where(SubmissionRow.id == sid).values(updated_at=utcnow(), **values))


def _run(svc: Services, sid: str, upload: Upload, principal: Principal, want_dossier: bool, processor: Any) -> None:
    store = svc.store
    _set(store, sid, state="running")
    try:
        results = process_upload(svc, upload, principal, processor)
        outcomes = [{"sha256": r.sha256, "error": r.error.code if r.error else None} for r in results]
        dossier_id = None
        stored = [r.sha256 for r in results if r.error is None and r.sha256]
        if want_dossier and stored:
            dossier_id = store.create_dossier(f"submission {sid}", principal.actor)
            store.add_to_dossier(dossier_id, stored, principal.actor)
        _set(store, sid, state="done", outcomes=outcomes, file_shas=stored, dossier_id=dossier_id)
        state = "done"
    except Exception as exc:
        code = exc.code if isinstance(exc, SohoaError) else "internal_error"
        log.error("submission failed: %s", code if isinstance(exc, SohoaError) else type(exc).__name__)
        _set(store, sid, state="failed", error=code)
        state = "failed"
    with store.sessions() as s:
        url = s.scalar(select(SubmissionRow.webhook_url).where(SubmissionRow.id == sid))
    if url:
        payload = {"event": "submission." + state, "submission": sid, "state": state, "url": f"/v1/submissions/{sid}"}
        svc.webhooks.send(url, payload, lambda ok: _set(store, sid, webhook_state="sent" if ok else "failed"))


def _check_webhook(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise InvalidRequest("webhook_url must be an http(s) URL")
    return url.strip()


@router.post(
    "/submissions",
    status_code=202,
    summary="Submit files for processing in the background",
    description="Multipart upload like `/v1/extract`, plus optional `webhook_url` and `dossier`. Answers at once "
    "with the submission's id; poll `GET /v1/submissions/{id}` or wait for the webhook. Webhook requests carry "
    "`X-Sohoa-Timestamp` and `X-Sohoa-Signature: sha256=HMAC_SHA256(secret, timestamp + '.' + body)`.",
    openapi_extra=SUBMISSION_BODY,
    responses={
        202: {"content": {"application/json": {"example": {"id": EXAMPLE["id"], "state": "queued"}}}},
        413: TOO_LARGE,
        429: BUSY,
    },
)
async def submit(request: Request, principal: Submitter) -> dict[str, Any]:
    svc = services(request)

    def work_of(upload: Upload) -> tuple[Any, dict[str, Any]]:
        url = upload.fields.get("webhook_url", "").strip()
        webhook = _check_webhook(url) if url else None
        want_dossier = upload.fields.get("dossier", "").strip().lower() in ("1", "true", "yes", "on")
        sid = secrets.token_hex(12)
        with svc.store.sessions.begin() as s:
            s.add(SubmissionRow(id=sid, state="queued", owner=principal.owner, webhook_url=webhook))
            svc.store.audit(
                principal.actor, "submit", "submission", None, detail=f"files={len(upload.files)}", session=s
            )

        def work(processor: Any) -> None:
            _run(svc, sid, upload, principal, want_dossier, processor)

        return work, {"id": sid, "state": "queued", "url": f"/v1/submissions/{sid}"}

    value: dict[str, Any] = await admitted_upload_nowait(request, work_of)
    return value


def _row(svc: Services, sid: str, principal: Principal) -> SubmissionRow:
    with svc.store.sessions() as s:
        row = s.get(SubmissionRow, sid)
    if row is None:
        if principal.role == "portal":
            raise AccessError("not your submission")  # the same answer whether it exists or not
        raise NotFound("no such submission")
    if principal.role == "portal" and row.owner != principal.owner:
        raise AccessError("not your submission")
    return row


@router.get(
    "/submissions/{submission_id}",
    summary="A submission's state and, once done, its Results",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
def get_submission(submission_id: str, request: Request, principal: Submitter) -> dict[str, Any]:
    svc = services(request)
    row = _row(svc, submission_id, principal)
    files = []
    for outcome in row.outcomes:
        sha = outcome.get("sha256")
        result = None
        if outcome.get("error") is None and sha:
            result = svc.store.result(sha, principal.actor).to_contract()
        files.append({"sha256": sha, "error": outcome.get("error"), "result": result})
    dossier = svc.store.dossier(row.dossier_id, principal.actor) if row.dossier_id is not None else None
    return {
        "id": row.id,
        "state": row.state,
        "error": row.error,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "files": files,
        "dossier": {"id": dossier["id"], "issues": dossier["issues"], "files": dossier["files"]} if dossier else None,
        "webhook": row.webhook_state,
    }


@router.get("/submissions", summary="The caller's latest submissions (states only)")
def list_submissions(request: Request, principal: Submitter) -> dict[str, Any]:
    svc = services(request)
    with svc.store.sessions() as s:
        query = select(SubmissionRow).order_by(SubmissionRow.created_at.desc()).limit(100)
        if principal.role == "portal":
            query = query.where(SubmissionRow.owner == principal.owner)
        rows = list(s.scalars(query))
    return {
        "submissions": [
            {"id": r.id, "state": r.state, "created_at": r.created_at.isoformat(), "error": r.error} for r in rows
        ]
    }
