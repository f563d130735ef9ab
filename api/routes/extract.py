"""``POST /v1/extract``: files in, contract Results out, synchronously."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request

from api.auth import Submitter
from api.routes.common import BUSY, TOO_LARGE, UPLOAD_BODY, admitted_upload, document_ids, process_upload, services
from api.uploads import Upload
from models.results import Result

router = APIRouter(prefix="/v1", tags=["extract"])

EXAMPLE = {
    "results": [
        {
            "file": "cccd_front.jpg",
            "sha256": "9f2c…",
            "documents": [
                {
                    "type": "cccd_2021_front",
                    "pages": [1],
                    "confidence": 0.97,
                    "needs_review": False,
                    "fields": {
                        "id_number": {
                            "value": "079301012345",
                            "confidence": 0.99,
                            "status": "ok",
                            "source": "ocr",
                            "page": 1,
                            "bbox": [410, 236, 760, 284],
                            "issues": [],
                        }
                    },
                    "issues": [],
                }
            ],
            "quality": {"blur": 0.1, "glare": 0.0, "brightness": 0.55, "resolution_ok": True, "warnings": []},
            "error": None,
            "timings_ms": {"total": 812},
        }
    ],
    "documents": [["/v1/documents/1"]],
}


@router.post(
    "/extract",
    summary="Extract the documents of one or more files (synchronous)",
    description="Multipart upload (`files` parts). One contract Result per file, in order, with the quality "
    "warnings a portal can show at once; a file that cannot be processed carries its `error` and the others are "
    "still processed. `documents[i]` lists the links of file *i*'s stored documents.",
    openapi_extra=UPLOAD_BODY,
    responses={
        200: {"content": {"application/json": {"example": EXAMPLE}}},
        413: TOO_LARGE,
        429: BUSY,
    },
)
async def extract(request: Request, principal: Submitter) -> dict[str, Any]:
    svc = services(request)

    def work(upload: Upload, processor: Any) -> list[tuple[Result, list[int]]]:
        return [(r, document_ids(svc, r.sha256)) for r in process_upload(svc, upload, principal, processor)]

    done: list[tuple[Result, list[int]]] = await admitted_upload(request, lambda upload: partial(work, upload))
    return {
        "results": [r.to_contract() for r, _ in done],
        "documents": [[f"/v1/documents/{i}" for i in ids] for _, ids in done],
    }
