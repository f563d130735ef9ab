"""One typed settings object, built once at the edge from ``SOHOA_*`` environment variables and passed down.

Every setting has an embedded default so that ``make demo`` runs with no configuration at all.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    # Limits enforced by preflight (before anything is decoded).
    max_file_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 80_000_000  # per page, checked from the header: decompression bombs are never decoded
    max_pages: int = 50
    min_side_px: int = 200  # smaller images cannot carry a readable card
    pdf_dpi: int = 300
    # OCR.
    tesseract_cmd: str = "tesseract"
    ocr_lang: str = "vie"
    ocr_timeout_s: float = 30.0
    # Keep a searchable archival PDF of every processed file (``pipeline.archive``): papers get it from the same
    # Tesseract process as their words; each card costs one more. ``extract --pdf DIR`` and ``batch --pdf`` set it.
    searchable_pdf: bool = False
    # Output of the CLI and demo.
    output_dir: Path = Path("out")
    # Storage (``storage/``). Everything lives under ``data_dir`` unless pointed elsewhere.
    data_dir: Path = Path("data")
    database_url: str = ""  # empty: sqlite:///<data_dir>/sohoa.db; or postgresql+psycopg://user:pw@host/db
    storage_backend: str = "folder"  # "folder" (<data_dir>/objects) or "s3"
    storage_dir: str = ""  # folder store root; empty: <data_dir>/objects
    s3_endpoint: str = "127.0.0.1:9000"  # host:port, no scheme
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "sohoa"
    s3_secure: bool = False  # https
    s3_region: str = ""
    # Object encryption keys: "id1:base64key,id2:base64key" (32-byte AES-256 keys); the active id encrypts, every
    # listed id decrypts (rotation). Empty: a key generated once into <data_dir>/storage.keys (mode 0600).
    storage_keys: str = ""
    storage_key_id: str = ""  # empty: the last key listed
    # Key for the keyed hash that names persons in the access log; empty: derived from the first listed storage key.
    audit_hash_key: str = ""
    retention_days: int = 0  # 0: keep forever; otherwise `purge` deletes files older than this
    # Flows (``flows/``, ``sohoa batch``): files processed at once (each an OCR process with OMP_THREAD_LIMIT=1;
    # the number of cores is right) and the Prefect task runner: "processes", "threads" or "dask".
    batch_workers: int = 2
    batch_runner: str = "processes"
    # HTTP API and review workspace (``sohoa serve``, :mod:`api`).
    api_host: str = "127.0.0.1"
    api_port: int = 8700
    api_max_upload_bytes: int = 25 * 1024 * 1024  # one request's body, counted while it streams in (413 beyond)
    api_max_files: int = 20  # files in one request
    api_workers: int = 2  # worker threads, each with its own Processor
    api_queue_size: int = 8  # jobs waiting beyond the running ones; 429 with Retry-After when full
    api_retry_after_s: int = 5
    api_webhook_secret: str = ""  # HMAC key of webhook signatures; empty: generated once into <data_dir>/webhook.secret
    api_webhook_timeout_s: float = 10.0
    api_session_hours: int = 12  # operator session lifetime
    api_cookie_secure: bool = False  # set the Secure flag on the session cookie (behind HTTPS)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            key = f"SOHOA_{f.name.upper()}"
            if key not in env:
                continue
            raw = env[key]
            default = f.default
            try:
                if isinstance(default, bool):  # before int: bool is an int
                    values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                elif isinstance(default, Path):
                    values[f.name] = Path(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ConfigError(f"{key}={raw!r}") from exc
        values.update(overrides)
        return cls(**values)
