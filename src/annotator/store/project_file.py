"""Opening a project file: create, check, back up and upgrade, or refuse with a reason.

A project is opened either to work in (writes allowed, an older schema upgraded in place after a
backup) or only to read (`read_only`: SQLite's read-only mode, never a write lock; an older schema
is read through an upgraded temporary copy and the file itself is left as it is).

A project on a PostgreSQL server (`postgresql://…`) is a database its administrator created:
opened to work in, an empty one gets the current schema, an older schema is upgraded in one
transaction (nothing half-done survives a failure, so no backup file is written: the server's own
backups are the copy); opened only to read, an older schema is refused. See `schema_check` for
what is checked there.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ProjectError
from annotator.store.engine import (
    BUSY_TIMEOUT_S,
    ProjectStore,
    connect,
    driver_errors,
    is_server_address,
    make_engine,
    make_server_engine,
    release_sidecars,
    server_address,
    sidecars,
)
from annotator.store.models import Base, ProjectMeta
from annotator.store.schema_check import missing_server_tables, schema_objects, schema_problems
from annotator.store.team import enable_row_security

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Every schema revision, oldest first; the last is what this version writes. A test checks
#: this against the migration scripts, so opening an up-to-date project never loads Alembic.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
#: How many of a refused schema's problems the message names.
SHOWN_SCHEMA_PROBLEMS = 5


def alembic_config() -> Config:
    """The Alembic configuration of the migrations shipped in this package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of Annotator writes."""
    return REVISIONS[-1]


@dataclass(frozen=True)
class FileState:
    """What a look at an existing file found, without changing it."""

    revision: str | None  # None: empty SQLite database (no tables)


def open_store(
    path: Path | str,
    busy_timeout: float = BUSY_TIMEOUT_S,
    create: bool = True,
    read_only: bool = False,
) -> ProjectStore:
    """Open the project at `path` (creating it if allowed), upgrading an older schema after a backup.

    With `read_only`, nothing is ever created, upgraded or written, and no lock is taken that
    would make a writer wait. `path` may also be a server address (postgresql://…).
    """
    if is_server_address(path):
        return _open_on_server(str(path), busy_timeout, create, read_only)
    path = Path(path).expanduser().absolute()
    folder = path.parent
    if not folder.is_dir():
        if not create or read_only:
            raise ProjectError(code=ErrorCode.NO_SUCH_PROJECT, path=path)
        raise ProjectError(code=ErrorCode.NO_SUCH_FOLDER, path=path, folder=folder)
    if path.is_dir():
        raise ProjectError(code=ErrorCode.PROJECT_IS_FOLDER, path=path)
    if path.exists() and not path.is_file():
        raise ProjectError(code=ErrorCode.PROJECT_NOT_REGULAR, path=path)
    if not path.exists() or path.stat().st_size == 0:
        if not create or read_only:
            raise ProjectError(code=ErrorCode.PROJECT_EMPTY if path.exists() else ErrorCode.NO_SUCH_PROJECT,
                               path=path)
        _require_writable(path)
        return _create(path, busy_timeout)
    if read_only:
        return _open_for_reading(path, busy_timeout)
    _require_writable(path)
    state = _inspect_leaving_no_trace(path, busy_timeout)
    if state.revision is None:
        return _create(path, busy_timeout)
    backup = None
    if state.revision != head_revision():
        backup = _backup(path, state.revision, busy_timeout)
        _upgrade(path, busy_timeout)
    engine = make_engine(path, busy_timeout)
    return ProjectStore(path=path, engine=engine, backup_path=backup, busy_timeout=busy_timeout)


def _require_writable(path: Path) -> None:
    if not os.access(path.parent, os.W_OK):
        raise ProjectError(code=ErrorCode.FOLDER_READ_ONLY, path=path, folder=path.parent)
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError(code=ErrorCode.PROJECT_FILE_READ_ONLY, path=path)


def _open_for_reading(path: Path, busy_timeout: float) -> ProjectStore:
    """A store that only reads: the file itself at the current schema, else an upgraded copy."""
    immutable = _needs_immutable(path)
    absent = [p for p in sidecars(path) if not p.exists()]
    try:
        state = _inspect(path, busy_timeout, immutable)
        if state.revision is None:
            raise ProjectError(code=ErrorCode.EMPTY_DATABASE, path=path)
    except BaseException:
        release_sidecars(path, absent)
        raise
    if state.revision == head_revision():
        engine = make_engine(path, busy_timeout, read_only=True, immutable=immutable)
        return ProjectStore(path=path, engine=engine, busy_timeout=busy_timeout, read_only=True,
                            created_sidecars=tuple(absent))
    scratch = Path(tempfile.mkdtemp(prefix="annotator-read-"))
    try:
        copy = scratch / "project.annotator"
        with driver_errors(path, busy_timeout):
            source = connect(path, busy_timeout, read_only=True, immutable=immutable)
            try:
                write_copy(source, copy)
            finally:
                source.close()
        release_sidecars(path, absent)
        try:
            _upgrade(copy, busy_timeout)
        except ProjectError as exc:
            raise _renamed(exc, copy, path) from None
        engine = make_engine(copy, busy_timeout, read_only=True)
        return ProjectStore(path=path, engine=engine, busy_timeout=busy_timeout, read_only=True,
                            scratch=scratch)
    except BaseException:
        release_sidecars(path, absent)
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _needs_immutable(path: Path) -> bool:
    """Whether the project lies in a folder SQLite cannot write its -shm to, with no write-ahead
    log to read (then it is read as immutable); refused when a log is there without its -shm."""
    if os.access(path.parent, os.W_OK):
        return False
    wal, shm = sidecars(path)
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    if shm.exists():
        return False  # SQLite reads the log through the -shm that is there
    raise ProjectError(code=ErrorCode.LOG_UNREADABLE, path=path, folder=path.parent, wal=wal.name,
                       shm=shm.name)


def _inspect_leaving_no_trace(path: Path, busy_timeout: float) -> FileState:
    """Inspect; if the file is refused, remove the -wal/-shm files that the look itself created."""
    present = {p for p in sidecars(path) if p.exists()}
    try:
        return _inspect(path, busy_timeout)
    except ProjectError:
        for sidecar in sidecars(path):
            if sidecar not in present and sidecar.exists():
                sidecar.unlink(missing_ok=True)
        raise


def _inspect(path: Path, busy_timeout: float, immutable: bool = False) -> FileState:
    """Check an existing file read-only: SQLite, ours (nothing in its schema that Annotator did
    not create), a schema we know, and intact."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ProjectError(code=ErrorCode.CANNOT_READ_FILE, path=path, detail=exc.strerror) from None
    if header != SQLITE_MAGIC:
        raise ProjectError(code=ErrorCode.NOT_SQLITE, path=path)
    try:
        with driver_errors(path, busy_timeout):
            conn = connect(path, busy_timeout, read_only=True, immutable=immutable)
    except ProjectError as exc:
        raise _unreadable(path, exc) from None
    try:
        with driver_errors(path, busy_timeout):
            objects = schema_objects(conn)
            tables = {name for kind, name, _, _ in objects if kind == "table"}
            if not objects:
                return FileState(revision=None)
            if "alembic_version" not in tables or "annotations" not in tables:
                raise ProjectError(code=ErrorCode.FOREIGN_DATABASE, path=path)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            if revision not in REVISIONS:
                raise ProjectError(code=ErrorCode.NEWER_SCHEMA, path=path, revision=revision,
                                   head=head_revision())
            problems = schema_problems(objects, revision)
            if problems:
                shown = "; ".join(problems[:SHOWN_SCHEMA_PROBLEMS])
                more = len(problems) - SHOWN_SCHEMA_PROBLEMS
                raise ProjectError(
                    code=ErrorCode.FOREIGN_SCHEMA_MORE if more > 0 else ErrorCode.FOREIGN_SCHEMA,
                    path=path, problems=shown, more=more)
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise ProjectError(code=ErrorCode.PROJECT_DAMAGED, path=path,
                                   detail=check[0] if check else "?")
    except sqlite3.DatabaseError as exc:
        raise ProjectError(code=ErrorCode.PROJECT_DAMAGED, path=path, detail=exc) from None
    finally:
        conn.close()
    return FileState(revision=revision)


def _renamed(exc: ProjectError, copy: Path, path: Path) -> ProjectError:
    """The failure `exc` met on a scratch `copy`, said of the project file `path` the user named."""
    if not exc.code:
        return ProjectError(str(exc).replace(str(copy), str(path)))
    values = {key: path if str(value) == str(copy) else value for key, value in exc.values.items()}
    return ProjectError(code=exc.code, **values)


def _unreadable(path: Path, exc: ProjectError) -> ProjectError:
    """A failed open named for what it is: a read-only place is not a damaged file."""
    if not os.access(path.parent, os.W_OK) and exc.code == ErrorCode.PROJECT_UNUSABLE:
        return ProjectError(code=ErrorCode.FOLDER_READ_ONLY_SQLITE, path=path, folder=path.parent)
    return exc


def write_copy(source: sqlite3.Connection, out: Path) -> None:
    """A consistent copy of the database behind `source`, as one self-contained file at `out`.

    SQLite's backup API writes it under a temporary name beside `out`, the copy is switched to
    a rollback journal (so that it needs no -wal), and only the complete copy is renamed to
    `out`: `out` never exists half-written, and a failed or interrupted copy leaves nothing.
    """
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        target = sqlite3.connect(os.fsdecode(temporary), isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(temporary, out)
        _sync_folder(out.parent)
    except BaseException:
        for leftover in (temporary, *sidecars(temporary), temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def copy_project(store: ProjectStore, out: Path | str) -> Path:
    """Write a consistent, self-contained copy of the open project to `out` (replaced if it exists).

    Everything committed is in the copy, including what is still in the write-ahead log; the copy
    has no -wal of its own and opens as a project. Refused: a folder, a missing folder, and the
    project itself or its -wal and -shm. A project on a server is refused (its server keeps its
    backups).
    """
    if store.on_server:
        raise ProjectError(code=ErrorCode.SERVER_NO_FILE_COPY, path=store.target)
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise ProjectError(code=ErrorCode.COPY_IS_FOLDER, path=out)
    if not out.parent.is_dir():
        raise ProjectError(code=ErrorCode.NO_SUCH_FOLDER, path=out, folder=out.parent)
    if out.exists() and not out.is_file():
        raise ProjectError(code=ErrorCode.COPY_NOT_REGULAR, path=out)
    own = (store.path, *sidecars(store.path))
    if any(same_place(out, p) for p in own):
        raise ProjectError(code=ErrorCode.COPY_IS_PROJECT, path=out)
    with store.raw_connection() as conn, driver_errors(out, store.busy_timeout):
        try:
            write_copy(conn, out)
        except OSError as exc:
            raise ProjectError(code=ErrorCode.CANNOT_WRITE_COPY, path=out,
                               detail=exc.strerror or exc) from None
    return out


def same_place(path: Path, other: Path) -> bool:
    """Whether two names are one file (through symlinks or a hard link too)."""
    if path.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _backup(path: Path, revision: str, busy_timeout: float) -> Path:
    """Copy the whole database (WAL included) beside it before an upgrade."""
    backup = path.with_name(f"{path.name}.bak-{revision}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.bak-{revision}-{n}")
    with driver_errors(path, busy_timeout):
        source = connect(path, busy_timeout, read_only=True)
        try:
            write_copy(source, backup)
        except OSError as exc:
            raise ProjectError(code=ErrorCode.CANNOT_WRITE_BACKUP, path=path, backup=backup.name,
                               detail=exc.strerror or exc) from None
        finally:
            source.close()
    return backup


def _upgrade(path: Path, busy_timeout: float, target: str = "head") -> None:
    """Run the migrations with foreign keys off (batch mode rebuilds tables: a cascade would empty them)."""
    from alembic import command

    engine = make_engine(path, busy_timeout)
    try:
        with engine.connect() as conn:
            foreign_keys_off(conn)
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ProjectError(code=ErrorCode.UPGRADE_BROKE_REFERENCES, path=path, detail=problems[:3])
    finally:
        engine.dispose()


def foreign_keys_off(conn: Connection) -> None:
    """Switch foreign keys off on a connection that has not begun a transaction.

    SQLite ignores the pragma inside a transaction, and SQLAlchemy would begin one before any
    statement it runs: so it goes straight to the driver's connection, which is in autocommit.
    """
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute("PRAGMA foreign_keys=OFF")


def _create(path: Path, busy_timeout: float) -> ProjectStore:
    """A new project file: the current schema, stamped at head."""
    engine = make_engine(path, busy_timeout)
    store = ProjectStore(path=path, engine=engine, busy_timeout=busy_timeout)
    _fill_new(store)
    return store


def _fill_new(store: ProjectStore) -> None:
    """Give an empty project the current schema, stamped at head (nothing if another program
    did so meanwhile: on a server, two may open a new database at once)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    with store.write() as session:
        conn = session.connection()
        if store.on_server and inspect(conn).has_table("alembic_version"):
            return
        Base.metadata.create_all(conn)
        if store.on_server:
            binary_text_order(conn)
            enable_row_security(conn)
        MigrationContext.configure(conn).stamp(
            ScriptDirectory.from_config(alembic_config()), "head"
        )
        session.add(ProjectMeta(key="created_at", value=utc_now_iso()))


# ----- a project on a PostgreSQL server ------------------------------------------------------------


def _open_on_server(address: str, busy_timeout: float, create: bool, read_only: bool) -> ProjectStore:
    """Open the project database at `address`: check it, give an empty one the schema or
    upgrade an older one (unless `read_only`), or refuse with a reason."""
    address = server_address(address)
    engine = make_server_engine(address, busy_timeout, read_only=read_only)
    store = ProjectStore(path=None, url=address, engine=engine, busy_timeout=busy_timeout,
                         read_only=read_only)
    try:
        revision = _inspect_server(store)
        if revision is None:
            if not create or read_only:
                raise ProjectError(code=ErrorCode.EMPTY_SERVER_DATABASE, path=address)
            _fill_new(store)
        elif revision != head_revision():
            if read_only:
                raise ProjectError(code=ErrorCode.SERVER_SCHEMA_OLDER, path=address, revision=revision)
            _upgrade_on_server(store)
    except BaseException:
        store.close()
        raise
    return store


def _inspect_server(store: ProjectStore) -> str | None:
    """The revision of the project database (None: no tables yet), once it is found to be ours:
    Alembic's revision one this version knows, and every table of that revision there."""
    from sqlalchemy import inspect, text

    with store.read() as session:
        conn = session.connection()
        tables = set(inspect(conn).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables or "annotations" not in tables:
            raise ProjectError(code=ErrorCode.FOREIGN_SERVER_DATABASE, path=store.target)
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision not in REVISIONS:
        raise ProjectError(code=ErrorCode.NEWER_SCHEMA, path=store.target, revision=revision,
                           head=head_revision())
    missing = missing_server_tables(tables, revision)
    if missing:
        problems = "; ".join(f"no table {name}" for name in missing[:SHOWN_SCHEMA_PROBLEMS])
        more = len(missing) - SHOWN_SCHEMA_PROBLEMS
        raise ProjectError(code=ErrorCode.FOREIGN_SCHEMA_MORE if more > 0 else ErrorCode.FOREIGN_SCHEMA,
                           path=store.target, problems=problems, more=more)
    return revision


def _upgrade_on_server(store: ProjectStore, target: str = "head") -> None:
    """Run the migrations in one transaction, holding the writers' lock: all or nothing."""
    from alembic import command

    with store.write() as session:
        cfg = alembic_config()
        cfg.attributes["connection"] = session.connection()
        command.upgrade(cfg, target)
        binary_text_order(session.connection())


def binary_text_order(conn: Connection) -> None:
    """Give every text column of the project's tables the "C" collation, so that the server sorts
    and compares names, titles and labels code point by code point, as SQLite does, whatever
    collation the database was created with: a list, an export or a report comes out in the same
    order from a server as from a project file. Columns that have it already are left alone."""
    from sqlalchemy import text

    tables = sorted(Base.metadata.tables)
    columns = conn.execute(text(
        "SELECT table_name, column_name, data_type, character_maximum_length "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type IN ('text', 'character varying') AND collation_name IS DISTINCT FROM 'C' "
        "AND table_name = ANY(:tables) ORDER BY table_name, ordinal_position"
    ), {"tables": tables}).all()
    quote = conn.dialect.identifier_preparer.quote
    for table, column, data_type, length in columns:
        kind = "text" if data_type == "text" else f"varchar({int(length)})" if length else "varchar"
        conn.exec_driver_sql(
            f'ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} TYPE {kind} COLLATE "C"')


def is_regular_file(path: Path) -> bool:
    """Whether `path` is a regular file (following symlinks): never a device, pipe or socket."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
