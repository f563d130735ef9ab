"""Access log lines that never carry a value: the route's path *template* (``/v1/persons/{id_number}/prefill``,
never the number), no query string, the status, the time taken and the caller's role.

uvicorn's own access log prints raw paths, so ``sohoa serve`` switches it off and this middleware logs instead.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("sohoa.api.access")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None)
            if path is None:
                path = "/static/…" if str(scope.get("path", "")).startswith("/static/") else "<unmatched>"
            client = scope.get("client")
            log.info(
                "%s %s %s %d %.0fms",
                client[0] if client else "-",
                scope.get("method", "-"),
                path,
                status,
                (time.perf_counter() - started) * 1000,
            )
