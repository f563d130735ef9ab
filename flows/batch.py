"""The batch flow: a local folder or ``s3://bucket/prefix`` → every supported file processed, stored, summarised.

``batch_flow(location, out, workers, runner, dask_address, chunk)`` lists the supported files (a folder recursively,
hidden entries left out; an S3 prefix through the minio SDK with the settings' endpoint and credentials), submits
them in chunks (:func:`flows.tasks.process_files`: :func:`flows.tasks.process_file`'s work for a few files per task
run, which keeps Prefect's cost per task run small) to a task runner that runs ``workers`` chunks at a time (each
an OCR process with ``OMP_THREAD_LIMIT=1``), and writes the summary beside the results in ``out``:

* ``summary.json`` — totals (files, processed, skipped, rejected by error code, failed by error code, sent to review,
  documents, pages, seconds, seconds per page, pages per minute, workers, runner, extractor version) and one entry
  per file;
* ``summary.csv`` — the totals as ``metric,value`` rows; ``files.csv`` — one row per file.

The summary files name the inputs (an operator must find the rejected ones); logs never do (hash prefix only).

Resumable: files already stored by this extractor version are skipped by hash, and the store ingests idempotently
(objects first, then every row in one transaction), so a batch killed at any moment and started again processes
each file into the registry exactly once. Files that still fail after the task's retries (storage unreachable for
longer than ~30 s) are listed as ``failed``; the flow then raises :class:`BatchIncomplete` (after writing the
summary) and running it again finishes the job.

:func:`run_batch` is the in-process entry point (the CLI, the benchmark, the tests): it configures the quiet local
mode, starts (or reuses) the local Prefect API and calls the flow with progress callbacks.
"""

from __future__ import annotations

import csv
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows import runtime
from models.errors import SohoaError
from sohoa.settings import Settings

runtime.configure()

from prefect import flow, task  # noqa: E402  (configure() sets Prefect's environment before Prefect is imported)
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import PrefectFuture, as_completed  # noqa: E402

from flows.tasks import (  # noqa: E402
    RETRY_DELAYS_S,
    SUPPORTED,
    FileReport,
    list_s3,
    process_files,
    source_name,
    transient,
)

log = logging.getLogger("sohoa.flows")
Progress = Callable[[FileReport], None]


class BatchIncomplete(SohoaError):
    code = "batch_incomplete"
    message_vi = "Chưa xử lý xong lô tệp (lỗi lưu trữ); chạy lại để hoàn tất."
    message_en = "The batch did not finish (storage faults); run it again to complete it."
    deterministic = False


@dataclass
class Summary:
    location: str
    runner: str
    workers: int
    extractor_version: str
    started_at: str
    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    def totals(self) -> dict[str, Any]:
        status = Counter(f.status for f in self.files)
        done = [f for f in self.files if f.status == "processed"]
        pages = sum(f.pages for f in done)
        return {
            "files": len(self.files),
            "processed": status["processed"],
            "skipped": status["skipped"],
            "rejected": dict(sorted(Counter(f.error for f in self.files if f.status == "rejected").items())),
            "failed": dict(sorted(Counter(f.error for f in self.files if f.status == "failed").items())),
            "review": sum(1 for f in self.files if f.review and f.status in ("processed", "skipped")),
            "documents": sum(f.documents for f in self.files if f.status in ("processed", "skipped")),
            "pages": pages,
            "seconds": round(self.seconds, 2),
            "seconds_per_page": round(self.seconds / pages, 3) if pages else None,
            "pages_per_minute": round(60 * pages / self.seconds, 2) if pages and self.seconds else None,
            "workers": self.workers,
            "runner": self.runner,
            "extractor_version": self.extractor_version,
            "started_at": self.started_at,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.totals(), "files_detail": [f.to_dict() for f in sorted(self.files, key=lambda f: f.index)]}

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        _atomic_write(out / "summary.json", json.dumps(self.to_dict(), ensure_ascii=False, indent=2))
        rows = [["metric", "value"]]
        for key, value in self.totals().items():
            if isinstance(value, dict):
                rows += [[f"{key}.{code}", str(n)] for code, n in value.items()]
            else:
                rows.append([key, "" if value is None else str(value)])
        _atomic_write(out / "summary.csv", _csv(rows))
        columns = list(FileReport.__dataclass_fields__)
        file_rows = [columns] + [
            ["" if (v := f.to_dict()[c]) is None else str(v) for c in columns]
            for f in sorted(self.files, key=lambda f: f.index)
        ]
        _atomic_write(out / "files.csv", _csv(file_rows))


def _csv(rows: list[list[str]]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def list_folder(root: Path) -> list[str]:
    if root.is_file():
        return [str(root)]
    if not root.is_dir():
        raise FileNotFoundError("the batch folder does not exist")
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED:
            found.append(str(path))
    return sorted(found)


@task(
    name="open_store",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def open_store(settings: Settings) -> str:
    """Reach the store once from the flow before any worker does: a store that cannot be reached fails the run
    early, and the database schema is created (migrated) here once instead of by several workers at the same time
    (two processes migrating a fresh SQLite database at once can collide). Returns the extractor version."""
    from storage.store import Store

    with Store.open(settings) as store:
        return store.version


@task(
    name="list_inputs",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def list_inputs(location: str, settings: Settings) -> list[str]:
    """Every supported file under the location (sorted); S3 listing retried while the server is unreachable."""
    if location.startswith("s3://"):
        return list_s3(settings, location)
    return list_folder(Path(location))


# ---------------------------------------------------------------------------------------------- the flow

_on_start: Callable[[int], None] | None = None
_on_file: Progress | None = None


@contextmanager
def progress_hooks(on_start: Callable[[int], None] | None, on_file: Progress | None) -> Iterator[None]:
    """In-process callbacks (the CLI's progress bar): the number of inputs, then each file's report."""
    global _on_start, _on_file
    saved = (_on_start, _on_file)
    _on_start, _on_file = on_start, on_file
    try:
        yield
    finally:
        _on_start, _on_file = saved


def default_out(settings: Settings) -> Path:
    return settings.output_dir / f"batch-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"


def new_summary(location: str, workers: int, runner: str, dask_address: str | None) -> Summary:
    from storage.versions import extractor_version

    return Summary(
        location=location,
        runner=runner if not dask_address else "dask-cluster",
        workers=workers,
        extractor_version=extractor_version(),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def chunk_size(files: int, workers: int) -> int:
    """Files per task run: about four chunks per worker (balance, a live progress bar), at most 16, at least 1."""
    return max(1, min(16, -(-files // (4 * max(1, workers)))))


def process_sources(
    sources: list[str],
    settings: Settings,
    summary: Summary,
    *,
    workers: int,
    runner: runtime.RunnerKind,
    dask_address: str | None,
    actor: str,
    chunk: int | None = None,
) -> None:
    """Every source through :func:`process_files` (chunks of ``chunk`` files) on the chosen task runner, ``workers``
    at a time; each file's report goes into the summary as its chunk completes."""
    if _on_start is not None:
        _on_start(len(sources))
    size = chunk or chunk_size(len(sources), workers)
    with runtime.task_runner(runner, workers, dask_address) as task_runner:
        futures: dict[PrefectFuture[list[FileReport]], tuple[int, list[str]]] = {}
        for first in range(0, len(sources), size):
            part = sources[first : first + size]
            parameters = {"sources": part, "settings": settings, "first_index": first, "actor": actor}
            futures[task_runner.submit(process_files, parameters)] = (first, part)
        for future in as_completed(list(futures)):
            first, part = futures.pop(future)
            try:
                reports = future.result()
            except Exception as exc:
                code = exc.code if isinstance(exc, SohoaError) else "internal_error"
                log.error("files #%d-#%d: %s", first, first + len(part) - 1, code)
                reports = [FileReport(first + i, source_name(s), "failed", error=code) for i, s in enumerate(part)]
            for report in reports:
                summary.files.append(report)
                if _on_file is not None:
                    _on_file(report)


def finish(summary: Summary, started: float, out_dir: Path, what: str) -> dict[str, Any]:
    """Write the summary; raise :class:`BatchIncomplete` if some file failed."""
    summary.seconds = time.perf_counter() - started
    summary.write(out_dir)
    totals = summary.totals()
    log.info(
        "%s: %d files, %d processed, %d skipped, %d rejected, %d failed, %s pages/min",
        what,
        totals["files"],
        totals["processed"],
        totals["skipped"],
        sum(totals["rejected"].values()),
        sum(totals["failed"].values()),
        totals["pages_per_minute"],
    )
    if totals["failed"]:
        codes = ", ".join(f"{code}: {n}" for code, n in totals["failed"].items())
        raise BatchIncomplete(f"{sum(totals['failed'].values())} file(s) failed ({codes}); summary in {out_dir}")
    return summary.to_dict()


@flow(name="sohoa-batch", persist_result=False, log_prints=False)
def batch_flow(
    location: str,
    out: str | None = None,
    workers: int = 2,
    runner: runtime.RunnerKind = "processes",
    dask_address: str | None = None,
    actor: str = "flow:batch",
    chunk: int | None = None,
) -> dict[str, Any]:
    """Process every supported file under ``location`` (folder or ``s3://bucket/prefix``); returns the summary."""
    settings = runtime.current_settings()
    started = time.perf_counter()
    summary = new_summary("s3" if location.startswith("s3://") else "folder", workers, runner, dask_address)
    open_store(settings)
    sources = list_inputs(location, settings)
    process_sources(sources, settings, summary, workers=workers, runner=runner, dask_address=dask_address, actor=actor)
    return finish(summary, started, Path(out) if out else default_out(settings), "batch")


def run_batch(
    location: str,
    settings: Settings,
    *,
    workers: int = 2,
    out: Path | None = None,
    runner: runtime.RunnerKind = "processes",
    dask_address: str | None = None,
    actor: str = "flow:batch",
    chunk: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Progress | None = None,
) -> dict[str, Any]:
    """Run :func:`batch_flow` in this process (local Prefect API unless ``PREFECT_API_URL`` is set); returns the
    summary. Raises :class:`BatchIncomplete` when some file failed (the summary is written all the same)."""
    out = out or default_out(settings)
    with runtime.local_api(), runtime.settings_for(settings), progress_hooks(on_start, on_file):
        result: dict[str, Any] = batch_flow(
            location, out=str(out), workers=workers, runner=runner, dask_address=dask_address, actor=actor, chunk=chunk
        )
    return result


def summary_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return data
