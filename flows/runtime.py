"""Prefect's local mode, quiet and offline, and the task runners the flows can use.

With no ``PREFECT_API_URL`` configured, flows run on Prefect's ephemeral local server (a subprocess on 127.0.0.1
with its SQLite database under ``<data_dir>/prefect``). :func:`configure` must run before Prefect is imported: Prefect
reads its settings from the environment once, at import. It only sets defaults — anything already in the environment
(a real server's ``PREFECT_API_URL``, a ``PREFECT_HOME``) wins:

* ``PREFECT_SERVER_ANALYTICS_ENABLED=false`` — no telemetry; ``PREFECT_SERVER_UI_ENABLED=false`` — no UI assets;
* ``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=90`` — the 20 s default is too tight on 2 cores;
* ``PREFECT_LOGGING_LEVEL=WARNING`` — no per-run chatter on the console;
* ``PREFECT_HOME=<data_dir>/prefect``; ``OMP_THREAD_LIMIT=1`` — Tesseract with OpenMP threads is 6× slower.

:func:`local_api` starts that local server once per process and pins its URL in Prefect's settings, so that task
runners in other processes (process pool, Dask workers) talk to the same server instead of each starting their own.

Task runners (``--runner``): ``processes`` (default: :class:`prefect.task_runners.ProcessPoolTaskRunner`, one OCR
process per worker), ``threads`` (:class:`prefect.task_runners.ThreadPoolTaskRunner`: Tesseract runs as a
subprocess, but the rest of the pipeline holds the GIL) and ``dask`` (``prefect-dask``: a ``LocalCluster`` of
worker processes, or an existing Dask scheduler by address for one big batch across machines).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from models.errors import SohoaError
from sohoa.settings import Settings

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner


class PrefectUnavailable(SohoaError):
    code = "prefect_unavailable"
    message_vi = "Không khởi động được Prefect."
    message_en = "Prefect could not be started or reached."
    deterministic = False


RunnerKind = Literal["processes", "threads", "dask"]
RUNNERS: tuple[RunnerKind, ...] = ("processes", "threads", "dask")

QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_INTERNAL_LEVEL": "ERROR",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "OMP_THREAD_LIMIT": "1",
}


def configure(settings: Settings | None = None) -> bool:
    """Set the quiet offline defaults in the environment; False if Prefect was imported already (then only the
    environment of processes started later is affected)."""
    settings = settings or Settings.from_env()
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str((settings.data_dir / "prefect").resolve()))
    # Prefect creates its home without parents: a fresh data directory would leave it unable to start.
    with suppress(OSError):  # Prefect reports it
        Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(mode=0o700, parents=True, exist_ok=True)
    return "prefect" not in sys.modules


@contextmanager
def local_api() -> Iterator[str]:
    """The Prefect API URL to use: the configured one, or the local ephemeral server's (started here, once per
    process) pinned in Prefect's settings for the duration so that subprocess task runners inherit it."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        yield str(configured)
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    try:
        server.start()
    except RuntimeError as exc:  # Prefect's message carries the server's whole output
        raise PrefectUnavailable("the local Prefect server did not start") from exc
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url


_settings: Settings | None = None


def current_settings() -> Settings:
    """The settings given in-process (:func:`settings_for`), else ``SOHOA_*`` from the environment (a worker running
    a deployment). Settings are never flow parameters: they hold credentials and keys, and Prefect stores flow
    parameters in its database."""
    return _settings or Settings.from_env()


@contextmanager
def settings_for(settings: Settings) -> Iterator[None]:
    global _settings
    saved, _settings = _settings, settings
    try:
        yield
    finally:
        _settings = saved


def task_runner(kind: RunnerKind, workers: int, dask_address: str | None = None) -> TaskRunner[Any]:
    """The task runner for ``workers`` concurrent files (each an OCR process with ``OMP_THREAD_LIMIT=1``)."""
    workers = max(1, workers)
    os.environ["OMP_THREAD_LIMIT"] = os.environ.get("OMP_THREAD_LIMIT", "1")
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        for name in ("distributed", "dask"):  # the scheduler logs every worker's coming and going at INFO
            logging.getLogger(name).setLevel(logging.WARNING)

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "silence_logs": logging.ERROR,
            },
        )
    raise ValueError(f"unknown task runner {kind!r}: choose from {', '.join(RUNNERS)}")
