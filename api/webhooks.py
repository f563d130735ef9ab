"""Webhook callbacks: ``POST`` of ``{"event", "submission", "state", "url"}`` (no field values; the portal reads the
results with its key), signed with HMAC-SHA256.

Headers: ``X-Sohoa-Timestamp`` (Unix seconds) and ``X-Sohoa-Signature: sha256=<hex>`` over
``timestamp + "." + body``. A receiver recomputes it with the shared secret and rejects old timestamps.
Delivered from a small separate thread pool (a slow receiver never holds a worker), three tries with backoff.
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from api.security import sign

log = logging.getLogger("sohoa.api.webhooks")
TRIES = 3


class Webhooks:
    def __init__(self, secret: str, timeout_s: float) -> None:
        self.secret = secret
        self.timeout_s = timeout_s
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sohoa-webhook")

    def send(self, url: str, payload: dict[str, Any], done: Any = None) -> None:
        self.pool.submit(self._deliver, url, payload, done)

    def _deliver(self, url: str, payload: dict[str, Any], done: Any) -> None:
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        ok = False
        for attempt in range(TRIES):
            timestamp = str(int(time.time()))
            headers = {
                "content-type": "application/json",
                "x-sohoa-timestamp": timestamp,
                "x-sohoa-signature": "sha256=" + sign(self.secret, timestamp, body),
            }
            try:
                response = httpx.post(url, content=body, headers=headers, timeout=self.timeout_s)
                ok = response.status_code < 300
                if ok:
                    break
                log.info("webhook for a submission answered %d (try %d)", response.status_code, attempt + 1)
            except httpx.HTTPError as exc:
                log.info("webhook for a submission failed: %s (try %d)", type(exc).__name__, attempt + 1)
            time.sleep(0.5 * 2**attempt)
        if done is not None:
            done(ok)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
