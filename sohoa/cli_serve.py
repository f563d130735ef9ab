"""``sohoa serve``: the HTTP API (``/v1``) and the review workspace (``/review``) on uvicorn.

Embedded defaults (``SOHOA_API_HOST``, ``SOHOA_API_PORT``, … override them). On the first start (no active admin
key) a new admin key is printed once on standard output; only its hash is stored. uvicorn's access log is off:
it prints raw paths, which can hold ID numbers; :mod:`api.access_log` logs path templates instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from typing import Any

from models.errors import SohoaError
from sohoa.settings import Settings

EXIT_OK, EXIT_INTERNAL = 0, 1


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="run the HTTP API and the review workspace")
    p.add_argument("--host", help="listen address (default SOHOA_API_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default SOHOA_API_PORT or 8700)")
    p.add_argument("--workers", type=int, help="processing threads (default SOHOA_API_WORKERS or 2)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app
    from api.auth import first_admin_key
    from storage.store import Store

    overrides = {
        k: v
        for k, v in (("api_host", args.host), ("api_port", args.port), ("api_workers", args.workers))
        if v is not None
    }
    settings = dataclasses.replace(settings, **overrides)
    logging.getLogger("sohoa").setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        store = Store.open(settings)
        key = first_admin_key(store)
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return EXIT_INTERNAL
    if key is not None:
        print("First admin API key (shown once, keep it safe; only its hash is stored):", flush=True)
        print(f"    {key}", flush=True)
        print("Create an operator: POST /v1/admin/operators with this key in X-API-Key.", flush=True)
    app = create_app(settings, store=store)
    print(
        f"sohoa: API on http://{settings.api_host}:{settings.api_port}/v1/docs , review workspace on /review",
        flush=True,
    )
    try:
        uvicorn.run(
            app,
            host=settings.api_host,
            port=settings.api_port,
            access_log=False,
            log_level="info",
            server_header=False,
            proxy_headers=False,
        )
    finally:
        store.close()
    return EXIT_OK
