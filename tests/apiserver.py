"""The real app on uvicorn on loopback, in a thread, for the API and browser tests; log capture and the scan for
field values in captured log lines."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / "samples" / "cards"
CAPTURED_LOGGERS = ("sohoa", "uvicorn")


class LogCapture(logging.Handler):
    """Every record of the server's loggers (sohoa.*, uvicorn.*), formatted as it would be printed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(CAPTURED_LOGGERS):
            self.lines.append(self.format(record))


@contextmanager
def captured_logs() -> Iterator[LogCapture]:
    capture = LogCapture()
    root = logging.getLogger()
    root.addHandler(capture)
    levels = {name: logging.getLogger(name).level for name in CAPTURED_LOGGERS}
    for name in CAPTURED_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class LiveServer:
    """``uvicorn.Server`` on 127.0.0.1 and a free port, in a thread; uvicorn's own access log off (as in
    ``sohoa serve``)."""

    def __init__(self, app: FastAPI) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, access_log=False, log_config=None, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.url = ""

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def field_values(results: Iterable[dict[str, Any]]) -> set[str]:
    """The personal values of contract Results worth looking for in logs (names, numbers, addresses, dates)."""
    values: set[str] = set()
    for result in results:
        for document in result.get("documents", []):
            for name, f in document.get("fields", {}).items():
                value = f.get("value")
                if not isinstance(value, str) or len(value) < 6 or name == "nationality":
                    continue
                values.add(value)
                if name in ("mrz", "qr"):
                    values.update(part for part in value.replace("|", "\n").split("\n") if len(part) >= 6)
    return values


def leaks(lines: Iterable[str], values: Iterable[str]) -> list[tuple[str, str]]:
    """(value, line) for every captured line that holds a value (case-insensitive)."""
    lowered = [(line, line.casefold()) for line in lines]
    return [(v, line) for v in values for line, low in lowered if v.casefold() in low]
