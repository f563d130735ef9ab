"""The only place where error codes become HTTP statuses. Bodies: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.errors import (
    AccessError,
    Busy,
    Conflict,
    InputError,
    InvalidRequest,
    NotFound,
    SohoaError,
    StorageUnavailable,
    TooLarge,
    Unauthenticated,
)

log = logging.getLogger("sohoa.api")

STATUS: list[tuple[type[SohoaError], int]] = [
    (Unauthenticated, 401),
    (AccessError, 403),
    (Busy, 429),
    (TooLarge, 413),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidRequest, 400),
    (InputError, 422),
    (StorageUnavailable, 503),
]


def status_of(exc: SohoaError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 500)


def _body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def install(app: FastAPI) -> None:
    @app.exception_handler(SohoaError)
    async def sohoa_error(request: Request, exc: SohoaError) -> Response:
        status = status_of(exc)
        if status == 401 and request.url.path.startswith("/review"):
            return RedirectResponse("/review/login", status_code=303)
        headers: dict[str, str] = {}
        if status == 401:
            headers["WWW-Authenticate"] = 'ApiKey header="X-API-Key"'
        if status == 429:
            headers["Retry-After"] = str(request.app.state.sohoa.runner.retry_after_s)
        if status >= 500:
            log.error("%s on %s %s", exc.code, request.method, _template(request))
        return JSONResponse(_body(exc.code, exc.message), status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> Response:
        # The locations and kinds of the problems, never the input values (they can be personal data).
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) + f": {e.get('type')}" for e in exc.errors())
        return JSONResponse(_body("invalid_request", f"Yêu cầu không hợp lệ. / Invalid request. ({where})"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # The type only: an exception's message may quote content.
        log.error("internal error on %s %s: %s", request.method, _template(request), type(exc).__name__)
        return JSONResponse(_body("internal_error", "Lỗi nội bộ. / Internal error."), status_code=500)


def _template(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "-"))
