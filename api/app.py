"""The app factory: :func:`create_app` builds the API and the review workspace from :class:`Settings`."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import errors
from api.access_log import AccessLog
from api.jobs import Runner, WorkerPool
from api.webhooks import Webhooks
from sohoa import __version__
from sohoa.settings import Settings
from storage.store import Store

HERE = Path(__file__).resolve().parent

DESCRIPTION = """\
Scanned and photographed Vietnamese administrative papers → validated contract Results.

**Authentication.** Portals and scripts send an API key in `X-API-Key` (or `Authorization: Bearer …`).
Operators sign in to the review workspace (`/review`) and use its session cookie. Roles: `portal`, `operator`,
`admin`. No credentials: 401; the wrong role or another portal's data: 403.

**Backpressure.** Work runs on a bounded pool; when it is full the answer is `429` with `Retry-After`.
Bodies over the upload limit are refused while they stream in (`413`).

**Errors.** `{"error": {"code": "…", "message": "<Vietnamese> / <English>"}}` with the contract's stable codes.
"""


@dataclass
class Services:
    settings: Settings
    store: Store
    runner: Runner
    webhooks: Webhooks
    templates: Jinja2Templates


def webhook_secret(settings: Settings) -> str:
    """The configured secret, else one generated once into ``<data_dir>/webhook.secret`` (mode 0600)."""
    if settings.api_webhook_secret:
        return settings.api_webhook_secret
    path = settings.data_dir / "webhook.secret"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secret + "\n")
    return secret


def default_processor_factory(settings: Settings) -> Callable[[], Any]:
    def build() -> Any:
        from pipeline.process import Processor

        return Processor(settings)

    return build


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    runner: Runner | None = None,
    processor_factory: Callable[[], Any] | None = None,
) -> FastAPI:
    """The app. ``store``/``runner``/``processor_factory`` default to the ones the settings describe (tests and
    a future Prefect runner pass their own)."""
    own_store = store is None
    the_store = store if store is not None else Store.open(settings)
    the_runner = runner or WorkerPool(
        processor_factory or default_processor_factory(settings),
        workers=settings.api_workers,
        queue_size=settings.api_queue_size,
        retry_after_s=settings.api_retry_after_s,
    )
    services = Services(
        settings=settings,
        store=the_store,
        runner=the_runner,
        webhooks=Webhooks(webhook_secret(settings), settings.api_webhook_timeout_s),
        templates=Jinja2Templates(directory=str(HERE / "templates")),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from api.routes.submissions import fail_interrupted

        fail_interrupted(services.store)
        yield
        services.runner.close()
        services.webhooks.close()
        if own_store:
            services.store.close()

    app = FastAPI(
        title="sohoa",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
    )
    app.state.sohoa = services
    errors.install(app)
    from api.routes import admin, documents, dossiers, extract, persons, submissions, workspace

    for module in (extract, submissions, persons, dossiers, documents, admin):
        app.include_router(module.router)  # each router carries its full prefix: the access log shows it
    app.include_router(workspace.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/v1/health", tags=["meta"], summary="Liveness (no credentials needed)")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.add_middleware(AccessLog)
    return app
