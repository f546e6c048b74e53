"""Engine and sessions over one project: a SQLite file, or a database on a PostgreSQL server.

A project file: every connection opens exactly the file it is given (its name is never read as a
URL or a URI query), with foreign keys, WAL and full sync, trusts nothing stored in the file's
schema, and stops any statement that runs far past what a project of its size needs.

A project on a server (`postgresql://[user@]host[:port]/dbname`): libpq reads the address and
finds the password where it always does (PGPASSWORD, ~/.pgpass, a service file); an address that
carries a password is refused, so none is ever kept with the recent projects. Every statement has
a time limit (`statement_timeout`), a write waits at most `busy_timeout` for a lock, and writers
take one transaction-level advisory lock first: like SQLite's `BEGIN IMMEDIATE`, one writer at a
time, while readers read a consistent snapshot (`REPEATABLE READ, READ ONLY`).
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
from annotator.i18n import Figure
from annotator.store.notify import announce_writes

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
#: The addresses read as a project on a PostgreSQL server rather than a file name.
SERVER_SCHEMES = ("postgresql://", "postgres://")
#: How long one statement may run on a server before it is stopped (milliseconds).
SERVER_STATEMENT_TIMEOUT_MS = 300_000
#: How long connecting to a server may take before it is called unreachable (seconds).
SERVER_CONNECT_TIMEOUT_S = 10
#: The advisory lock every write transaction on a server holds: one writer at a time, per database.
WRITER_LOCK_KEY = 0x616E6E6F  # "anno"

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
    """An open project: the engine plus session factories for writes and reads.

    A project file has its `path`; a project on a server has its `url` instead (`path` is None).

    A store opened for reading (`read_only`) refuses to write; its engine may read a temporary
    upgraded copy (`scratch`, removed on close) of a project with an older schema. On close it
    lets SQLite remove the -wal and -shm files its reading created (`created_sidecars`).
    """

    path: Path | None
    engine: Engine
    backup_path: Path | None = None
    busy_timeout: float = BUSY_TIMEOUT_S
    read_only: bool = False
    scratch: Path | None = None
    created_sidecars: tuple[Path, ...] = ()
    #: The server's address (never a password) when the project lives on a server, else None.
    url: str | None = None
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    @property
    def target(self) -> Path | str:
        """Where the project lives: the file, or the server address."""
        return self.url if self.url is not None else self.path  # type: ignore[return-value]

    @property
    def on_server(self) -> bool:
        """True for a project on a database server (not SQLite)."""
        return self.url is not None

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
    def raw_connection(self) -> Iterator[sqlite3.Connection]:  # also a psycopg one on a server
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
        if self.created_sidecars and self.path is not None:
            release_sidecars(self.path, self.created_sidecars)
            self.created_sidecars = ()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def _require_writable(self) -> None:
        if self.read_only:
            raise ProjectError(code=ErrorCode.PROJECT_READ_ONLY_OPEN, path=self.target)

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        with driver_errors(self.target, self.busy_timeout):
            yield


@contextmanager
def driver_errors(path: Path | str, busy_timeout: float = BUSY_TIMEOUT_S) -> Iterator[None]:
    """Turn the driver's operational errors (SQLite's, or a server's) into ProjectError, and
    Ctrl+C during a query back into KeyboardInterrupt."""
    _stopped.by_budget = False
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as exc:
        raise project_error_from(path, exc, busy_timeout) from None
    except Exception as exc:
        if not _is_server_error(exc):
            raise
        raise project_error_from(path, exc, busy_timeout) from None


def _is_server_error(exc: BaseException) -> bool:
    """Whether `exc` is the server driver's operational error (the driver may not be installed)."""
    cls = type(exc)
    return cls.__module__.startswith("psycopg") and any(
        base.__name__ == "OperationalError" for base in cls.__mro__)


def project_error_from(path: Path | str, exc: Exception, busy_timeout: float) -> ProjectError:
    """Turn a driver error into a message a user can act on.

    A query stopped by Ctrl+C (SQLite says "interrupted") raises KeyboardInterrupt instead.
    """
    if is_server_address(path):
        return server_error_from(str(path), getattr(exc, "orig", None) or exc, busy_timeout)
    text = str(getattr(exc, "orig", exc)).lower()
    if text == "interrupted":
        if not getattr(_stopped, "by_budget", False):
            raise KeyboardInterrupt
        _stopped.by_budget = False
        return ProjectError(code=ErrorCode.QUERY_STOPPED, path=path)
    if "locked" in text or "busy" in text:
        return ProjectError(code=ErrorCode.PROJECT_IN_USE, path=path, seconds=Figure(busy_timeout))
    if "readonly" in text or "read-only" in text:
        return ProjectError(code=ErrorCode.PROJECT_READ_ONLY_FILE, path=path)
    if "malformed" in text or "not a database" in text or "disk image" in text:
        return ProjectError(code=ErrorCode.PROJECT_DAMAGED, path=path, detail=text)
    if "disk is full" in text or "disk full" in text:
        return ProjectError(code=ErrorCode.DISK_FULL, path=path)
    return ProjectError(code=ErrorCode.PROJECT_UNUSABLE, path=path, detail=text)


# ----- a project on a PostgreSQL server ------------------------------------------------------------


def is_server_address(target: object) -> bool:
    """Whether `target` names a project on a server (postgresql://…) rather than a file."""
    return isinstance(target, str) and target[:16].lower().startswith(SERVER_SCHEMES)


def server_address(text: str) -> str:
    """The address as given, once libpq has read it and it carries no password."""
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        raise ProjectError(code=ErrorCode.SERVER_DRIVER_MISSING, path=text) from None
    try:
        params = conninfo_to_dict(text)
    except Exception as exc:  # the driver's ProgrammingError: libpq could not read it
        raise ProjectError(code=ErrorCode.SERVER_ADDRESS_INVALID, path=_without_secrets(text),
                           detail=_first_line(exc)) from None
    if params.get("password"):
        raise ProjectError(code=ErrorCode.SERVER_ADDRESS_HAS_PASSWORD, path=_without_secrets(text))
    port = str(params.get("port") or "")
    if port and not all(part.strip().isdigit() for part in port.split(",")):
        raise ProjectError(code=ErrorCode.SERVER_ADDRESS_INVALID, path=text, detail=f"port {port}")
    return text


def _without_secrets(text: str) -> str:
    """An address fit to print: a password in it (user:password@) is left out."""
    scheme, _, rest = text.partition("://")
    authority, slash, tail = rest.partition("/")
    if "@" in authority:
        user, _, host = authority.rpartition("@")
        authority = f"{user.partition(':')[0]}@{host}"
    return f"{scheme}://{authority}{slash}{tail}"


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split("\n")[0].split())
    for prefix in ("connection failed: ", "connection is bad: "):
        text = text.removeprefix(prefix)
    return text


def connect_server(address: str, busy_timeout: float = BUSY_TIMEOUT_S) -> object:
    """A psycopg connection to the project at `address`, with the session's time limits."""
    import psycopg

    conn = psycopg.connect(address, connect_timeout=SERVER_CONNECT_TIMEOUT_S, autocommit=True)
    try:
        conn.execute(
            "SELECT set_config('statement_timeout', %s, false), set_config('lock_timeout', %s, false)",
            (str(SERVER_STATEMENT_TIMEOUT_MS), str(int(busy_timeout * 1000))),
        )
        conn.autocommit = False
    except BaseException:
        conn.close()
        raise
    return conn


def _on_begin_server(conn: object) -> None:
    # One writer at a time (as BEGIN IMMEDIATE on SQLite): the lock goes with the transaction.
    read_only = conn.get_execution_options().get("annotator_read_only", False)  # type: ignore[attr-defined]
    if read_only:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")  # type: ignore[attr-defined]
    else:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")  # type: ignore[attr-defined]


def _on_begin_server_reading(conn: object) -> None:
    conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")  # type: ignore[attr-defined]


def make_server_engine(address: str, busy_timeout: float = BUSY_TIMEOUT_S, read_only: bool = False) -> Engine:
    """An engine on the project database at `address` (see `server_address`)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ProjectError(code=ErrorCode.SERVER_DRIVER_MISSING, path=address) from None
    engine = create_engine(
        "postgresql+psycopg://",
        creator=lambda: connect_server(address, busy_timeout),
        poolclass=QueuePool,
        pool_pre_ping=True,
    )
    event.listen(engine, "begin", _on_begin_server_reading if read_only else _on_begin_server)
    if not read_only:
        announce_writes(engine)  # every open window hears of each commit (store/notify.py)
    return engine


#: What a server's refusals start with (libpq's and the server's wording), by what they mean.
_UNREACHABLE = ("could not connect", "connection refused", "could not translate host name",
                "failed to resolve host", "name or service not known",
                "timeout expired", "no such file or directory", "network is unreachable",
                "no route to host", "server closed the connection", "connection to server",
                "the database system is starting up", "the database system is shutting down",
                "terminating connection", "ssl connection has been closed")
_LOGIN = ("password authentication failed", "no password supplied", "authentication failed",
          "pg_hba.conf", "role", "permission denied for database", "peer authentication",
          "fe_sendauth")


def server_error_from(address: str, exc: BaseException, busy_timeout: float) -> ProjectError:
    """A server's refusal as a message a user can act on (never a password: libpq prints none,
    and an address is shown without one)."""
    shown = _without_secrets(address)
    detail = _first_line(exc)
    text = detail.lower()
    sqlstate = getattr(exc, "sqlstate", None) or ""
    if sqlstate == "57014" and "statement timeout" in text:
        return ProjectError(code=ErrorCode.QUERY_STOPPED, path=shown)
    if sqlstate == "57014":
        raise KeyboardInterrupt
    if sqlstate in ("55P03", "40P01") or "lock timeout" in text:
        return ProjectError(code=ErrorCode.PROJECT_IN_USE, path=shown, seconds=Figure(busy_timeout))
    if sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return ProjectError(code=ErrorCode.NO_SUCH_DATABASE, path=shown)
    if not sqlstate and "invalid" in text and ("value" in text or "option" in text):
        return ProjectError(code=ErrorCode.SERVER_ADDRESS_INVALID, path=shown, detail=detail)
    if sqlstate.startswith("28") or any(word in text for word in _LOGIN):
        return ProjectError(code=ErrorCode.SERVER_LOGIN_FAILED, path=shown, detail=detail)
    if sqlstate.startswith("08") or not sqlstate and any(word in text for word in _UNREACHABLE):
        return ProjectError(code=ErrorCode.SERVER_UNREACHABLE, path=shown, detail=detail)
    if sqlstate == "25006":
        return ProjectError(code=ErrorCode.PROJECT_READ_ONLY_OPEN, path=shown)
    if sqlstate == "53100":
        return ProjectError(code=ErrorCode.DISK_FULL, path=shown)
    return ProjectError(code=ErrorCode.PROJECT_UNUSABLE, path=shown, detail=detail)
