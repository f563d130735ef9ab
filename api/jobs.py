"""Bounded work: a fixed pool of worker threads, each with its own :class:`~pipeline.process.Processor`.

Admission comes first. A request takes a slot (:meth:`Runner.admit`) *before* its body is read; there are
``workers + queue_size`` slots, so at most that many uploads are held in memory at once (each at most
``api_max_upload_bytes``). No free slot: :class:`~models.errors.Busy` (the edge answers 429 with
``Retry-After``). A slot goes with its job and comes back when the job ends, or when the upload is abandoned.

:class:`Runner` is the interface the routes use; :class:`WorkerPool` is the in-process implementation. A Prefect
flow runner can replace it (same ``admit``/``submit``), the routes do not change.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from models.errors import Busy

log = logging.getLogger("sohoa.api.jobs")
T = TypeVar("T")
Work = Callable[[Any], T]  # called with the worker's Processor


class Slot:
    """One admitted unit of work; release it if the job is never submitted (idempotent)."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._release = release
        self._lock = threading.Lock()
        self.done = False

    def release(self) -> None:
        with self._lock:
            if self.done:
                return
            self.done = True
        self._release()


class Runner(Protocol):
    retry_after_s: int

    def admit(self) -> Slot: ...

    def submit(self, slot: Slot, work: Work[T]) -> Future[T]: ...

    def stats(self) -> dict[str, int]: ...

    def close(self) -> None: ...


class WorkerPool:
    """``workers`` threads; ``factory()`` builds one Processor per thread (lazily, in that thread)."""

    def __init__(self, factory: Callable[[], Any], workers: int, queue_size: int, retry_after_s: int = 5) -> None:
        if workers < 1 or queue_size < 0:
            raise ValueError("at least one worker and a non-negative queue size")
        self.factory = factory
        self.capacity = workers + queue_size
        self.retry_after_s = retry_after_s
        self._in_flight = 0
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Slot, Callable[[Any], Any], Future[Any]] | None] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._loop, name=f"sohoa-worker-{i}", daemon=True) for i in range(workers)
        ]
        self.rejected = 0
        for t in self._threads:
            t.start()

    def admit(self) -> Slot:
        with self._lock:
            if self._in_flight >= self.capacity:
                self.rejected += 1
                raise Busy()
            self._in_flight += 1
        return Slot(self._release)

    def _release(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def submit(self, slot: Slot, work: Work[T]) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((slot, work, future))
        return future

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"capacity": self.capacity, "in_flight": self._in_flight, "rejected": self.rejected}

    def _loop(self) -> None:
        processor: Any = None
        while True:
            item = self._queue.get()
            if item is None:
                return
            slot, work, future = item
            try:
                if not future.set_running_or_notify_cancel():
                    continue
                if processor is None:
                    processor = self.factory()
                try:
                    future.set_result(work(processor))
                except BaseException as exc:  # the caller decides; the worker lives on
                    future.set_exception(exc)
            finally:
                slot.release()

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout=30)
