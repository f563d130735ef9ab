"""The stored unit of work: one input's bytes → its contract Result, processed once and stored.

Shared by every edge that stores results — ``sohoa extract --store``, the Prefect upload and batch flows, the HTTP
API — so that they all skip, process and store the same way: the stored Result when these bytes were already stored
by this extractor version (no OCR), else :meth:`pipeline.process.Processor.run` then
:meth:`storage.store.Store.ingest` (idempotent: two workers racing on one file store it once). A rejected input
comes back with its error and is not stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from models.results import Result

if TYPE_CHECKING:
    from pipeline.process import Outcome, Processor
    from storage.store import Store

OnOutcome = Callable[["Outcome"], None]  # sees each freshly processed Outcome (e.g. to write its PDF)


def process_bytes(
    store: Store, processor: Processor, data: bytes, name: str, actor: str = "system", seen: OnOutcome | None = None
) -> Result:
    from storage.store import sha256_hex

    stored = store.lookup(sha256_hex(data))
    if stored is not None:
        store.audit(actor, "ingest_existing", "file", None)
        return stored.model_copy(update={"file": name})
    outcome = processor.run(data, name)
    if seen is not None:
        seen(outcome)
    return store.ingest(outcome, data, name, actor=actor)


def process_path(
    store: Store, processor: Processor, path: Path, actor: str = "system", seen: OnOutcome | None = None
) -> Result:
    try:
        data = path.read_bytes()
    except OSError:
        return processor.process(path)  # the pipeline turns a missing or unreadable file into the contract's error
    return process_bytes(store, processor, data, path.name, actor, seen)
