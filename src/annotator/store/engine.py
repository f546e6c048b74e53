"""Engine and sessions over one project file: foreign keys, WAL and full sync on every connection.

Every connection opens exactly the file it is given (its name is never read as a URL or a URI
query), trusts nothing stored in the file's schema, and stops any statement that runs far past
what a project of its size needs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ProjectError

#: How long a write waits for another program holding the project before giving up.
BUSY_TIMEOUT_S = 3.0
#: The work one statement may do, in SQLite virtual-machine steps: a floor, plus a share for every
#: byte of the database and its write-ahead log. Annotator's heaviest statements (reading every
#: annotation for statistics or a merge) take under 0.1 step per byte; SQLite runs some 60 million
#: steps a second, so an endless recursive view or query on a small file is stopped within seconds.
STEP_FLOOR = 200_000_000
STEPS_PER_BYTE = 10
#: Steps between two looks at a statement's budget (and at Ctrl+C).
STEPS_PER_CHECK = 10_000

_stopped = threading.local()


class _StatementBudget:
    """The progress handler of one connection: counts a statement's steps, stops it past its budget."""

    __slots__ = ("files", "checks", "limit")

    def __init__(self, files: tuple[Path, ...]) -> None:
        self.files = files
        self.checks = 0
        self.limit = self._limit()

    def _limit(self) -> int:
        size = 0
        for file in self.files:
            try:
                size += os.stat(file).st_size
            except OSError:
                pass
        return (STEP_FLOOR + size * STEPS_PER_BYTE) // STEPS_PER_CHECK

    def restart(self, _statement: str | None) -> None:
        """Trace callback: a statement begins."""
        self.checks = 0

    def __call__(self) -> int:
        self.checks += 1
        if self.checks <= self.limit:
            return 0
        self.limit = self._limit()  # the database may have grown since
        if self.checks <= self.limit:
            return 0
        _stopped.by_budget = True
        return 1


def sidecars(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and shared-memory index SQLite keeps beside a WAL database."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def release_sidecars(path: Path, created: tuple[Path, ...] | list[Path]) -> None:
    """Remove the -wal and -shm files that reading the project created, if no one uses them.

    SQLite removes both when the last connection that may write closes; so a connection that may
    write opens the file and closes, and SQLite decides (another program using the project keeps
    them). Nothing is done when they were there before, or the file cannot be written.
    """
    if not any(p.exists() for p in created):
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return
    try:
        conn = sqlite3.connect(os.fsdecode(path), timeout=0)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass


def connect(
    path: Path | str,
    busy_timeout: float = BUSY_TIMEOUT_S,
    read_only: bool = False,
    immutable: bool = False,
) -> sqlite3.Connection:
    """A connection to exactly the file `path` with the project's pragmas and statement budget.

    `read_only` opens it with SQLite's `mode=ro`: no write lock is ever taken and nothing can be
    written. `immutable` also tells SQLite that nobody changes the file meanwhile, so that it needs
    no -shm beside it (for a project in a read-only folder, with no write-ahead log).
    """
    path = Path(path).absolute()
    if read_only or immutable:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        target = f"file://{quote(os.fsencode(path), safe='/')}?{query}"
        conn = sqlite3.connect(target, uri=True, timeout=busy_timeout, check_same_thread=False)
    else:
        conn = sqlite3.connect(os.fsdecode(path), timeout=busy_timeout, check_same_thread=False)
    try:
        conn.isolation_level = None  # transactions are begun explicitly (see _on_begin)
        conn.execute("PRAGMA trusted_schema=OFF")
        budget = _StatementBudget((path, *sidecars(path)))
        conn.set_progress_handler(budget, STEPS_PER_CHECK)
        conn.set_trace_callback(budget.restart)
        conn.execute("PRAGMA foreign_keys=ON")
        if read_only or immutable:
            conn.execute("PRAGMA query_only=ON")
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def _on_begin(conn: object) -> None:
    # Writers take the write lock up front, so a busy project makes them wait (then fail
    # cleanly) instead of failing half-way; readers never block anyone in WAL mode.
    read_only = conn.get_execution_options().get("annotator_read_only", False)  # type: ignore[attr-defined]
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def _on_begin_reading(conn: object) -> None:
    conn.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]


def make_engine(
    path: Path,
    busy_timeout: float = BUSY_TIMEOUT_S,
    read_only: bool = False,
    immutable: bool = False,
) -> Engine:
    """An engine on exactly the file `path`, every connection made by `connect`."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, busy_timeout, read_only=read_only, immutable=immutable),
        poolclass=QueuePool,
    )
    event.listen(engine, "begin", _on_begin_reading if read_only or immutable else _on_begin)
    return engine


@dataclass
class ProjectStore:
    """An open project file: the engine plus session factories for writes and reads.

    A store opened for reading (`read_only`) refuses to write; its engine may read a temporary
    upgraded copy (`scratch`, removed on close) of a project with an older schema. On close it
    lets SQLite remove the -wal and -shm files its reading created (`created_sidecars`).
    """

    path: Path
    engine: Engine
    backup_path: Path | None = None
    busy_timeout: float = BUSY_TIMEOUT_S
    read_only: bool = False
    scratch: Path | None = None
    created_sidecars: tuple[Path, ...] = ()
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        reader_engine = self.engine.execution_options(annotator_read_only=True)
        self._reader = sessionmaker(reader_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        self._require_writable()
        with self._translate_errors(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One write transaction on a bare connection, for hot paths that need no ORM objects."""
        self._require_writable()
        with self._translate_errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction (a consistent snapshot)."""
        with self._translate_errors(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def raw_connection(self) -> Iterator[sqlite3.Connection]:
        """The driver's connection, for SQLite's own APIs (the backup of `copy_project`)."""
        with self._translate_errors():
            pooled = self.engine.raw_connection()
            try:
                yield pooled.driver_connection  # type: ignore[misc]
            finally:
                pooled.close()

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by SQLite on last close)."""
        self.engine.dispose()
        if self.created_sidecars:
            release_sidecars(self.path, self.created_sidecars)
            self.created_sidecars = ()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def _require_writable(self) -> None:
        if self.read_only:
            raise ProjectError(code=ErrorCode.PROJECT_READ_ONLY_OPEN, path=self.path)

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        with driver_errors(self.path, self.busy_timeout):
            yield


@contextmanager
def driver_errors(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> Iterator[None]:
    """Turn SQLite's operational errors into ProjectError, and Ctrl+C during a query back into
    KeyboardInterrupt."""
    _stopped.by_budget = False
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as exc:
        raise project_error_from(path, exc, busy_timeout) from None


def project_error_from(path: Path, exc: Exception, busy_timeout: float) -> ProjectError:
    """Turn a driver error into a message a user can act on.

    A query stopped by Ctrl+C (SQLite says "interrupted") raises KeyboardInterrupt instead.
    """
    text = str(getattr(exc, "orig", exc)).lower()
    if text == "interrupted":
        if not getattr(_stopped, "by_budget", False):
            raise KeyboardInterrupt
        _stopped.by_budget = False
        return ProjectError(code=ErrorCode.QUERY_STOPPED, path=path)
    if "locked" in text or "busy" in text:
        return ProjectError(code=ErrorCode.PROJECT_IN_USE, path=path, seconds=busy_timeout)
    if "readonly" in text or "read-only" in text:
        return ProjectError(code=ErrorCode.PROJECT_READ_ONLY_FILE, path=path)
    if "malformed" in text or "not a database" in text or "disk image" in text:
        return ProjectError(code=ErrorCode.PROJECT_DAMAGED, path=path, detail=text)
    if "disk is full" in text or "disk full" in text:
        return ProjectError(code=ErrorCode.DISK_FULL, path=path)
    return ProjectError(code=ErrorCode.PROJECT_UNUSABLE, path=path, detail=text)
