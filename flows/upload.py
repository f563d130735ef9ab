"""The upload flow: one file, or one dossier's files, → processed, stored, registry updated, Results returned.

In-process (the HTTP API): :func:`process_upload` hands the bytes over in memory (``mem:<token>`` sources: neither
the bytes nor the file names reach Prefect's database, only random tokens) and runs :func:`upload_flow` on a thread
pool in this process; it returns the contract Results in input order. Rejected inputs come back with their error and
are not stored; with ``dossier`` the stored files are added to that dossier (by id or name; it must exist).

As a deployment (``prefect.yaml``: ``sohoa-upload``), ``sources`` are paths the worker can read or
``s3://bucket/key`` objects — give them opaque keys: flow parameters are stored in Prefect's database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows import runtime
from models.results import Result
from sohoa.settings import Settings

runtime.configure()  # before Prefect is imported

from prefect import flow  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from flows.tasks import add_to_dossier, hand_over, process_file, take_back  # noqa: E402

# In this process: ``mem:`` sources are only readable here. Two files of a dossier at once.
_THREADS: Any = ThreadPoolTaskRunner(max_workers=2)


@flow(name="sohoa-upload", persist_result=False, log_prints=False, task_runner=_THREADS)
def upload_flow(sources: list[str], dossier: str | None = None, actor: str = "flow:upload") -> list[Result]:
    settings = runtime.current_settings()
    futures = [
        process_file.submit(source, settings, index=i, actor=actor, with_result=True)
        for i, source in enumerate(sources)
    ]
    results: list[Result] = []
    for future in futures:
        result = future.result().result
        assert result is not None
        results.append(result)
    if dossier is not None:
        stored = [r.sha256 for r in results if r.error is None and r.sha256]
        if stored:
            add_to_dossier(settings, dossier, stored, actor)
    return results


def process_upload(
    files: Sequence[tuple[bytes, str]], settings: Settings, *, dossier: str | None = None, actor: str = "api"
) -> list[Result]:
    """Run the upload flow in this process over ``(bytes, file name)`` pairs; the contract Results, in order."""
    tokens = [hand_over(data, name) for data, name in files]
    try:
        with runtime.local_api(), runtime.settings_for(settings):
            results: list[Result] = upload_flow(tokens, dossier=dossier, actor=actor)
    finally:
        for token in tokens:
            take_back(token)
    return results
