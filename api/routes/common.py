"""What the routes share: the services, running uploads on the pool, document links."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import select

from api.app import Services
from api.auth import Principal
from api.jobs import Work
from api.scope import record_file
from api.uploads import Upload, read_upload
from models.results import Result
from sohoa.work import process_bytes
from storage.schema import DocumentRow, FileRow

T = TypeVar("T")

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "JPEG, PNG, TIFF, WebP, BMP or PDF; one part per file",
                        }
                    },
                }
            }
        },
    }
}
BUSY = {"description": "Every worker busy and the queue full: retry after `Retry-After` seconds"}
TOO_LARGE = {"description": "The body is over the upload limit (checked while it streams) or has too many files"}


def services(request: Request) -> Services:
    svc: Services = request.app.state.sohoa
    return svc


async def admitted_upload(request: Request, work_of: Any) -> Any:
    """Take a pool slot (429 when none), read the body within the limits (413), run ``work_of(upload)`` on the
    pool and wait for it. The slot is held from before the first byte is read until the job ends."""
    svc = services(request)
    slot = svc.runner.admit()
    try:
        upload = await read_upload(request, svc.settings.api_max_upload_bytes, svc.settings.api_max_files)
        work: Work[Any] = work_of(upload)
        future = svc.runner.submit(slot, work)
    except BaseException:
        slot.release()
        raise
    return await asyncio.wrap_future(future)


async def admitted_upload_nowait(request: Request, work_of: Any) -> Any:
    """As :func:`admitted_upload`, returning once the job is queued; ``work_of(upload)`` returns (work, value)."""
    svc = services(request)
    slot = svc.runner.admit()
    try:
        upload = await read_upload(request, svc.settings.api_max_upload_bytes, svc.settings.api_max_files)
        work, value = work_of(upload)
        svc.runner.submit(slot, work)
    except BaseException:
        slot.release()
        raise
    return value


def process_upload(svc: Services, upload: Upload, principal: Principal, processor: Any) -> list[Result]:
    """Every file through the stored unit of work; stored files are recorded as the caller's."""
    results: list[Result] = []
    for name, data in upload.files:
        result = process_bytes(svc.store, processor, data, name, principal.actor)
        if result.error is None and result.sha256:
            record_file(svc.store, principal.owner, result.sha256)
        results.append(result)
    return results


def document_ids(svc: Services, sha256: str | None) -> list[int]:
    if not sha256:
        return []
    with svc.store.sessions() as s:
        return list(
            s.scalars(
                select(DocumentRow.id)
                .join(FileRow)
                .where(FileRow.sha256 == sha256, DocumentRow.current)
                .order_by(DocumentRow.index)
            )
        )
