"""The reprocess flow: stored files whose current result was made by an older extractor/template version.

The extractor version (:func:`storage.versions.extractor_version`) hashes every template's version, so a file whose
``current_version`` differs from the current one was read by an older extractor or an older template. Each such file
is read again from its stored original (``stored:<sha256>`` sources) through the same :func:`flows.tasks.process_file`
as a batch: the new Result becomes current and the older one stays as history (:meth:`storage.store.Store.ingest`).

``review_only=True`` re-runs only those outdated files that still have a document waiting in review — documents an
operator has approved (or that needed no review) keep the reading that was checked.

The summary (``summary.json``, ``summary.csv``, ``files.csv``) is written like a batch's, in ``out``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows import runtime
from sohoa.settings import Settings

if TYPE_CHECKING:
    from storage.store import Store

runtime.configure()  # before Prefect is imported

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows.batch import (  # noqa: E402
    Progress,
    default_out,
    finish,
    new_summary,
    open_store,
    process_sources,
    progress_hooks,
)
from flows.tasks import RETRY_DELAYS_S, transient  # noqa: E402


def outdated_files(settings: Settings, review_only: bool = False) -> list[str]:
    """SHA-256 of every stored file whose current result is older than the current extractor version."""
    from storage.store import Store

    with Store.open(settings) as store:
        return _outdated(store, review_only)


def _outdated(store: Store, review_only: bool) -> list[str]:
    from sqlalchemy import select

    from storage.schema import DocumentRow, FileRow

    query = select(FileRow.sha256).where(FileRow.current_version != store.version).order_by(FileRow.id)
    if review_only:
        in_review = (
            select(DocumentRow.id)
            .where(
                DocumentRow.file_id == FileRow.id,
                DocumentRow.current,
                DocumentRow.review_state == "needs_review",
            )
            .exists()
        )
        query = query.where(in_review)
    with store.sessions() as s:
        return list(s.scalars(query))


@task(
    name="list_outdated",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def list_outdated(settings: Settings, review_only: bool) -> list[str]:
    return [f"stored:{sha}" for sha in outdated_files(settings, review_only)]


@flow(name="sohoa-reprocess", persist_result=False, log_prints=False)
def reprocess_flow(
    review_only: bool = False,
    out: str | None = None,
    workers: int = 2,
    runner: runtime.RunnerKind = "processes",
    dask_address: str | None = None,
    actor: str = "flow:reprocess",
) -> dict[str, Any]:
    settings = runtime.current_settings()
    started = time.perf_counter()
    summary = new_summary("store", workers, runner, dask_address)
    open_store(settings)
    sources = list_outdated(settings, review_only)
    process_sources(sources, settings, summary, workers=workers, runner=runner, dask_address=dask_address, actor=actor)
    return finish(summary, started, Path(out) if out else default_out(settings), "reprocess")


def run_reprocess(
    settings: Settings,
    *,
    review_only: bool = False,
    workers: int = 2,
    out: Path | None = None,
    runner: runtime.RunnerKind = "processes",
    dask_address: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Progress | None = None,
) -> dict[str, Any]:
    """Run :func:`reprocess_flow` in this process; returns the summary (see :func:`flows.batch.run_batch`)."""
    out = out or default_out(settings)
    with runtime.local_api(), runtime.settings_for(settings), progress_hooks(on_start, on_file):
        result: dict[str, Any] = reprocess_flow(
            review_only, out=str(out), workers=workers, runner=runner, dask_address=dask_address
        )
    return result
