"""A private PostgreSQL for tests: ``initdb`` into a temporary folder, started on a free loopback port, trust
authentication, stopped at the end. Skipped (``available()`` is False) where the server binaries are missing.
When run as root the cluster belongs to the ``postgres`` user (``initdb`` refuses root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.s3server import free_ports


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for version in ("17", "16", "15", "14"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin/{name}")
        if candidate.exists():
            return str(candidate)
    return None


def available() -> bool:
    if os.environ.get("SOHOA_TEST_NO_POSTGRES"):
        return False
    if _bin("initdb") is None or _bin("pg_ctl") is None:
        return False
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return False
    return True


@dataclass
class PgServer:
    directory: Path
    port: int = 0

    def _run(self, *cmd: str) -> None:
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        self.port = free_ports(1)[0]
        data = self.directory / "data"
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        assert initdb and pg_ctl
        self._run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(pg_ctl, "-D", str(data), "-o", options, "-l", str(self.directory / "pg.log"), "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        pg_ctl = _bin("pg_ctl")
        if pg_ctl and (self.directory / "data").exists():
            self._run(pg_ctl, "-D", str(self.directory / "data"), "-m", "immediate", "stop")
