"""The database: engine from settings, schema created by running the Alembic migrations when the store opens.

SQLite by default (``sqlite:///<data_dir>/sohoa.db``; WAL journal, foreign keys on, a busy timeout so that two
processes can write in turn); PostgreSQL by URL (``SOHOA_DATABASE_URL=postgresql+psycopg://user:pw@host:5432/db``).
Two processes opening a fresh database at once do not race: on PostgreSQL the upgrade holds an advisory lock, on
SQLite the write lock serialises them and the loser finds the schema at head.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from models.errors import StorageUnavailable
from sohoa.settings import Settings

HERE = Path(__file__).resolve().parent
ALEMBIC_INI = HERE / "alembic.ini"
_ADVISORY_LOCK = 0x50_48_4F_41  # any constant: "SOHOA"'s migration lock on PostgreSQL


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{(settings.data_dir / 'sohoa.db').resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            # The database holds field values in clear: only its owner may read it (its -wal/-shm files inherit).
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(HERE / "migrations"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, attempts: int = 20, pause_s: float = 0.5) -> None:
    """Bring the schema to the newest revision (a no-op when it is there already).

    Two processes opening a fresh store at once race: the loser gets "table exists" or, on SQLite, "database is
    locked" while the winner is still migrating; it waits and looks again until the schema is at head.
    """
    for attempt in range(attempts):
        try:
            if current_revision(engine) == head_revision():
                return
            config = alembic_config()
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            return
        except DBAPIError as exc:
            try:
                if current_revision(engine) == head_revision():
                    return  # lost the race: the other process created the schema
            except DBAPIError:
                pass
            if attempt == attempts - 1:
                raise StorageUnavailable(f"database: {type(exc.orig).__name__}") from None
            time.sleep(pause_s)


def open_database(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    engine = make_engine(database_url(settings))
    migrate(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
