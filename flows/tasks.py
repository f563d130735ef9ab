"""``process_file``: the one Prefect task that both flows share, over :func:`sohoa.work.process_bytes`.

A source names where the bytes are: a local path, ``s3://bucket/key`` (read with the settings' S3 endpoint and
credentials), ``stored:<sha256>`` (a stored original, for reprocessing) or ``mem:<token>`` (bytes handed over in
this process by :func:`flows.upload.process_upload`). The task reads the bytes, then runs the stored unit of work:
the stored Result when this extractor version already stored these bytes (``skipped``), else OCR + ingest.

Failures. An input that cannot be processed (empty, not an image, truncated, no document…) is not an exception: it
comes back as ``rejected`` with the contract's error code, and is not retried. A transient fault (object store or
database unreachable: ``SohoaError.deterministic`` is False) raises, and Prefect retries the task with backoff; any
other fault fails the task at once. Exceptions leave the task with their type only — a database error's message can
quote field values — and logs name a file by the first 12 hex digits of its hash, never by its name.

Each worker process builds one :class:`~pipeline.process.Processor` and opens one :class:`~storage.store.Store` per
settings, and reuses them for every file it is given.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows import runtime

runtime.configure()  # Prefect reads its settings from the environment once, at import

from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from models.errors import FileNotFound, SohoaError, StorageError, StorageUnavailable  # noqa: E402
from models.results import ErrorInfo, Result  # noqa: E402
from sohoa.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from minio import Minio
    from prefect import Task
    from prefect.client.schemas.objects import State, TaskRun

    from pipeline.process import Outcome, Processor
    from storage.store import Store

log = logging.getLogger("sohoa.flows")
SUPPORTED = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".pdf"})
RETRY_DELAYS_S: list[float] = [1, 2, 4, 8, 16]  # ~31 s in all: rides out an object store or database restart


class TaskFault(SohoaError):
    """An unexpected exception inside a task, reduced to its type (its message may quote content)."""

    code = "internal_error"


@dataclass
class FileReport:
    """What the summary keeps of one input. ``status``: ``processed`` (OCR ran and the Result was stored),
    ``skipped`` (already stored by this extractor version), ``rejected`` (the input cannot be processed; ``error``
    is the contract's code) or ``failed`` (a storage or internal fault; ``error`` is its code)."""

    index: int
    name: str
    status: str
    sha256: str | None = None
    error: str | None = None
    pages: int = 0
    documents: int = 0
    review: bool = False
    seconds: float = 0.0
    worker: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Processed:
    report: FileReport
    result: Result | None = None  # only when asked for (the upload flow); a batch keeps reports only


# ---------------------------------------------------------------------------------------------- worker state

_lock = threading.Lock()
_state: dict[Settings, tuple[Processor, Store]] = {}
_inbox: dict[str, tuple[bytes, str]] = {}  # mem:<token> → (bytes, name): in-process hand-over from the HTTP API
_s3_clients: dict[tuple[str, str, bool], Minio] = {}


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_state(settings: Settings) -> tuple[Processor, Store]:
    """This process's Processor and Store for these settings (built on first use, then reused)."""
    with _lock:
        if settings not in _state:
            from pipeline.process import Processor
            from storage.store import Store

            _state[settings] = (Processor(settings), Store.open(settings))
        return _state[settings]


def close_worker_state() -> None:
    with _lock:
        for _processor, store in _state.values():
            store.close()
        _state.clear()


def s3_client(settings: Settings) -> Minio:
    import urllib3
    from minio import Minio

    key = (settings.s3_endpoint, settings.s3_access_key, settings.s3_secure)
    with _lock:
        if key not in _s3_clients:
            http = urllib3.PoolManager(
                timeout=urllib3.Timeout(connect=10, read=30),
                retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
            )
            _s3_clients[key] = Minio(
                settings.s3_endpoint,
                access_key=settings.s3_access_key or None,
                secret_key=settings.s3_secret_key or None,
                secure=settings.s3_secure,
                region=settings.s3_region or None,
                http_client=http,
            )
        return _s3_clients[key]


def split_s3(uri: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` → (bucket, prefix)."""
    rest = uri[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise ValueError("an S3 location is s3://bucket/prefix")
    return bucket, prefix


def _s3_fault(action: str, exc: Exception) -> SohoaError:
    from minio.error import S3Error

    if isinstance(exc, S3Error):
        if exc.code in {"NoSuchKey", "NoSuchBucket", "NoSuchObject"}:
            return FileNotFound()
        if exc.code in {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return StorageError(f"S3 {action}: {exc.code}")
        return StorageUnavailable(f"S3 {action}: {exc.code}")
    return StorageUnavailable(f"S3 {action}: {type(exc).__name__}")


def read_s3(settings: Settings, uri: str) -> bytes:
    bucket, key = split_s3(uri)
    try:
        response = s3_client(settings).get_object(bucket_name=bucket, object_name=key)
        try:
            return bytes(response.read())
        finally:
            response.close()
            response.release_conn()
    except Exception as exc:
        raise _s3_fault("get", exc) from None


def list_s3(settings: Settings, uri: str) -> list[str]:
    """Every supported object under ``s3://bucket/prefix``, as ``s3://bucket/key`` (sorted)."""
    bucket, prefix = split_s3(uri)
    try:
        objects = s3_client(settings).list_objects(bucket_name=bucket, prefix=prefix or None, recursive=True)
        keys = sorted(o.object_name for o in objects if o.object_name and not o.is_dir)
    except Exception as exc:
        raise _s3_fault("list", exc) from None
    return [f"s3://{bucket}/{k}" for k in keys if Path(k).suffix.lower() in SUPPORTED]


def hand_over(data: bytes, name: str) -> str:
    """Keep ``data`` in this process for a task to read as ``mem:<token>`` (the token names nothing)."""
    token = f"mem:{os.urandom(12).hex()}"
    with _lock:
        _inbox[token] = (data, name)
    return token


def take_back(token: str) -> None:
    with _lock:
        _inbox.pop(token, None)


def source_name(source: str) -> str:
    if source.startswith("mem:"):
        with _lock:
            return _inbox[source][1] if source in _inbox else "upload"
    if source.startswith("stored:"):
        return source[len("stored:") : len("stored:") + 12]
    if source.startswith("s3://"):
        return split_s3(source)[1].rsplit("/", 1)[-1]
    return Path(source).name


def read_source(source: str, settings: Settings, store: Store) -> bytes:
    """The bytes of a source; :class:`FileNotFound` when it is gone (deterministic), StorageUnavailable when its
    store cannot be reached (transient)."""
    if source.startswith("mem:"):
        with _lock:
            item = _inbox.get(source)
        if item is None:
            raise FileNotFound("the upload is no longer held by this process")
        return item[0]
    if source.startswith("stored:"):
        return store.original(source[len("stored:") :], actor="flow:reprocess")
    if source.startswith("s3://"):
        return read_s3(settings, source)
    try:
        return Path(source).read_bytes()
    except OSError:
        raise FileNotFound() from None


# ---------------------------------------------------------------------------------------------- the task


class _Watched:
    """The Processor, noting whether :func:`sohoa.work.process_bytes` had to run it (else: skipped)."""

    def __init__(self, processor: Processor) -> None:
        self.processor = processor
        self.ran = False

    def run(self, source: bytes, name: str | None = None) -> Outcome:
        self.ran = True
        return self.processor.run(source, name)


def transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only when a retry can help (``SohoaError.deterministic`` is False: storage unreachable, OCR timeout)."""
    try:
        state.result()
    except SohoaError as exc:
        return not exc.deterministic
    except (ConnectionError, TimeoutError):
        return True
    except Exception:
        return False
    return False


def report_of(index: int, name: str, result: Result, ran: bool, seconds: float) -> FileReport:
    pages = max((p for d in result.documents for p in d.pages), default=0)
    if result.error is not None:
        status = "rejected"
    else:
        status = "processed" if ran else "skipped"
        pages = max(pages, 1)
    return FileReport(
        index=index,
        name=name,
        status=status,
        sha256=result.sha256,
        error=result.error.code if result.error else None,
        pages=pages,
        documents=len(result.documents),
        review=any(d.needs_review for d in result.documents),
        seconds=round(seconds, 3),
        worker=worker_id(),
    )


def run_file(source: str, settings: Settings, index: int, actor: str, with_result: bool) -> Processed:
    """The body of :func:`process_file` (callable without Prefect, e.g. by the benchmark's baseline)."""
    from sohoa.work import process_bytes
    from storage.store import sha256_hex

    started = time.perf_counter()
    name = source_name(source)
    processor, store = worker_state(settings)
    sha: str | None = None
    try:
        try:
            data = read_source(source, settings, store)
        except FileNotFound as exc:
            report = FileReport(index, name, "rejected", error=exc.code, worker=worker_id())
            return Processed(report, Result(file=name, error=ErrorInfo(code=exc.code, message=exc.message)))
        sha = sha256_hex(data)
        watched = _Watched(processor)
        result = process_bytes(store, watched, data, name, actor)  # type: ignore[arg-type]
    except SohoaError as exc:
        log.warning("file %s: %s", (sha or "-")[:12], exc.code)
        raise
    except Exception as exc:
        log.error("file %s: internal fault %s", (sha or "-")[:12], type(exc).__name__)
        raise TaskFault(type(exc).__name__) from None
    report = report_of(index, name, result, watched.ran, time.perf_counter() - started)
    log.info("file %s: %s", (report.sha256 or "-")[:12], report.error or report.status)
    return Processed(report, result if with_result else None)


@task(
    name="process_file",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
    task_run_name="process-file-{index}",
)
def process_file(
    source: str, settings: Settings, index: int = 0, actor: str = "flow", with_result: bool = False
) -> Processed:
    """One input → its stored Result (see the module's docstring). Retried on transient faults only."""
    return run_file(source, settings, index, actor, with_result)


_done: dict[tuple[str, int], FileReport] = {}  # (task run, file index) → report, kept across a chunk's retries


def run_chunk(sources: list[str], settings: Settings, first_index: int, actor: str) -> list[FileReport]:
    """The body of :func:`process_files`: each file through :func:`run_file`. A deterministic fault fails that file
    only; a transient one ends the attempt (Prefect retries the chunk: files done in an earlier attempt of the same
    task run keep their report, and anything stored is found by hash)."""
    from prefect.context import TaskRunContext

    context = TaskRunContext.get()
    run_id = str(context.task_run.id) if context is not None else ""
    reports: list[FileReport] = []
    for offset, source in enumerate(sources):
        index = first_index + offset
        key = (run_id, index)
        if key in _done:
            reports.append(_done[key])
            continue
        try:
            report = run_file(source, settings, index, actor, with_result=False).report
        except SohoaError as exc:
            if not exc.deterministic:
                raise
            report = FileReport(index, source_name(source), "failed", error=exc.code, worker=worker_id())
        if run_id:
            _done[key] = report
        reports.append(report)
    for offset in range(len(sources)):
        _done.pop((run_id, first_index + offset), None)
    return reports


@task(
    name="process_files",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
    task_run_name="process-files-{first_index}",
)
def process_files(
    sources: list[str], settings: Settings, first_index: int = 0, actor: str = "flow"
) -> list[FileReport]:
    """A chunk of a batch: :func:`process_file`'s work for several files in one task run. Prefect's own cost per task
    run in a process-pool worker is ~0.1–0.2 s (context, client, state changes): one file per task would cost a batch
    of ID cards ~20 % of its speed; a chunk of 8 costs ~3 %."""
    return run_chunk(sources, settings, first_index, actor)


@task(
    name="add_to_dossier",
    retries=len(RETRY_DELAYS_S),
    retry_delay_seconds=RETRY_DELAYS_S,
    retry_condition_fn=transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def add_to_dossier(settings: Settings, dossier: str, sha256s: list[str], actor: str = "flow") -> None:
    _processor, store = worker_state(settings)
    store.add_to_dossier(dossier, sha256s, actor=actor)
