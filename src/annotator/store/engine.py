"""Engine and sessions over one project file: foreign keys, WAL and full sync on every connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.domain.errors import ProjectError

#: How long a write waits for another program holding the project before giving up.
BUSY_TIMEOUT_S = 3.0


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun explicitly in _on_begin
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _on_begin(conn: object) -> None:
    # Writers take the write lock up front, so a busy project makes them wait (then fail
    # cleanly) instead of failing half-way; readers never block anyone in WAL mode.
    read_only = conn.get_execution_options().get("annotator_read_only", False)  # type: ignore[attr-defined]
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def make_engine(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> Engine:
    """An engine on `path` with the project's pragmas set on every connection."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": busy_timeout, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class ProjectStore:
    """An open project file: the engine plus session factories for writes and reads."""

    path: Path
    engine: Engine
    backup_path: Path | None = None
    busy_timeout: float = BUSY_TIMEOUT_S
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        reader_engine = self.engine.execution_options(annotator_read_only=True)
        self._reader = sessionmaker(reader_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with self._translate_errors(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One write transaction on a bare connection, for hot paths that need no ORM objects."""
        with self._translate_errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction (a consistent snapshot)."""
        with self._translate_errors(), self._reader() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by SQLite on last close)."""
        self.engine.dispose()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            raise project_error_from(self.path, exc, self.busy_timeout) from None


def project_error_from(path: Path, exc: Exception, busy_timeout: float) -> ProjectError:
    """Turn a driver error into a message a user can act on."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return ProjectError(
            f"{path}: the project is in use by another program (waited {busy_timeout:g} s); "
            "close it there and try again"
        )
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path}: the project file or its folder is read-only")
    if "malformed" in text or "not a database" in text or "disk image" in text:
        return ProjectError(f"{path}: the project file is damaged ({text})")
    if "disk is full" in text or "disk full" in text:
        return ProjectError(f"{path}: the disk is full")
    return ProjectError(f"{path}: cannot use the project file ({text})")
