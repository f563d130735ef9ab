"""The review workspace: server-rendered pages (Vietnamese first, English second) over the same store.

``/review/login`` → session cookie; ``/review`` the queue (oldest first, filters by type and issue);
``/review/documents/{id}`` one document, keyboard-first (``static/review.js`` calls the ``/v1/documents`` API).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import auth, review
from api.auth import COOKIE, REVIEWERS, Principal
from api.routes.common import services
from models.errors import AccessError

router = APIRouter(prefix="/review", include_in_schema=False)

TYPE_LABELS = {
    "cmnd_front": "CMND — mặt trước",
    "cmnd_back": "CMND — mặt sau",
    "cccd_2016_front": "CCCD 2016 — mặt trước",
    "cccd_2016_back": "CCCD 2016 — mặt sau",
    "cccd_2021_front": "CCCD gắn chip — mặt trước",
    "cccd_2021_back": "CCCD gắn chip — mặt sau",
    "can_cuoc_2024_front": "Căn cước — mặt trước",
    "can_cuoc_2024_back": "Căn cước — mặt sau",
    "birth_certificate": "Giấy khai sinh",
    "birth_extract": "Trích lục khai sinh",
    "marriage_certificate": "Giấy chứng nhận kết hôn",
    "death_extract": "Trích lục khai tử",
    "land_certificate_2014": "Giấy chứng nhận QSDĐ (2014)",
    "land_certificate_2024": "Giấy chứng nhận QSDĐ (2024)",
    "unknown": "Không xác định",
}
FIELD_LABELS = {
    "id_number": ("Số định danh", "ID number"),
    "full_name": ("Họ và tên", "Full name"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "sex": ("Giới tính", "Sex"),
    "nationality": ("Quốc tịch", "Nationality"),
    "place_of_origin": ("Quê quán", "Place of origin"),
    "place_of_residence": ("Nơi thường trú", "Place of residence"),
    "place_of_birth_registration": ("Nơi đăng ký khai sinh", "Place of birth registration"),
    "date_of_expiry": ("Có giá trị đến", "Date of expiry"),
    "issue_date": ("Ngày cấp", "Issue date"),
    "personal_identification": ("Đặc điểm nhân dạng", "Personal identification"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "religion": ("Tôn giáo", "Religion"),
    "mrz": ("Vùng MRZ", "MRZ"),
    "qr": ("Mã QR", "QR code"),
    "old_id_number": ("Số CMND cũ", "Old ID number"),
}


def _principal(request: Request) -> Principal | None:
    principal = auth.authenticate(services(request).store, request)
    if principal is not None and principal.role not in REVIEWERS:
        raise AccessError("the review workspace is for operators")
    return principal


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates = services(request).templates
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/login")
def login_form(request: Request) -> Response:
    return _page(request, "login.html", {"error": None})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    svc = services(request)
    session = auth.login(svc.store, username, password, svc.settings.api_session_hours)
    if session is None:
        return _page(request, "login.html", {"error": True}, status=401)
    token, _csrf = session
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=svc.settings.api_session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=svc.settings.api_cookie_secure,
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    principal = _principal(request)
    form = await request.form()
    token = request.cookies.get(COOKIE)
    if principal is not None and token and form.get("csrf") == principal.csrf:
        auth.logout(services(request).store, token)
    response = RedirectResponse("/review/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("")
def queue_page(request: Request, type: str | None = None, issue: str | None = None) -> Response:
    principal = _principal(request)
    if principal is None:
        return RedirectResponse("/review/login", status_code=303)
    store = services(request).store
    items = review.queue(store, type or None, issue or None)
    types, issues = review.queue_facets(store)
    store.audit(principal.actor, "read_queue", "document", None, detail=f"items={len(items)}")
    return _page(
        request,
        "queue.html",
        {
            "principal": principal,
            "items": items,
            "types": types,
            "issues": issues,
            "type": type or "",
            "issue": issue or "",
            "type_labels": TYPE_LABELS,
            "words": review.issue_words,
        },
    )


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: int) -> Response:
    principal = _principal(request)
    if principal is None:
        return RedirectResponse("/review/login", status_code=303)
    store = services(request).store
    stored = store.document(document_id, principal.actor)
    issues = [i.model_dump() for i in stored.document.issues]
    fields = []
    for name, f in stored.document.fields.items():
        vi, en = FIELD_LABELS.get(name, (name.replace("_", " "), name))
        fields.append(
            {
                "name": name,
                "label_vi": vi,
                "label_en": en,
                "value": f.value or "",
                "confidence": f.confidence,
                "status": f.status,
                "status_words": review.STATUS_WORDS.get(f.status, f.status),
                "source": f.source,
                "issues": [
                    review.issue_words(code, issues)
                    for code in (["low_confidence"] if f.status != "ok" and not f.issues else f.issues)
                ],
                "no_expiry": bool(f.no_expiry),
                "multiline": name in ("mrz", "qr"),
            }
        )
    store.audit(principal.actor, "read_history", "document", document_id)
    queue_ids = [i["id"] for i in review.queue(store) if i["id"] != document_id]
    return _page(
        request,
        "document.html",
        {
            "principal": principal,
            "doc": stored,
            "type_label": TYPE_LABELS.get(stored.document.type, stored.document.type),
            "fields": fields,
            "issues": issues,
            "history": review.history(store, document_id),
            "checks": review.checks(store, document_id),
            "next_id": queue_ids[0] if queue_ids else None,
        },
    )
