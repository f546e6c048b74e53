"""Opening a project file: create, check, back up and upgrade, or refuse with a reason."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from annotator.domain.clock import utc_now_iso
from annotator.domain.errors import ProjectError
from annotator.store.engine import BUSY_TIMEOUT_S, ProjectStore, make_engine, project_error_from
from annotator.store.models import Base, ProjectMeta

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Every schema revision, oldest first; the last is what this version writes. A test checks
#: this against the migration scripts, so opening an up-to-date project never loads Alembic.
REVISIONS = ("0001", "0002", "0003")


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
    path: Path | str, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True
) -> ProjectStore:
    """Open the project at `path` (creating it if allowed), upgrading an older schema after a backup."""
    path = Path(path).expanduser().absolute()
    folder = path.parent
    if not folder.is_dir():
        if not create:
            raise ProjectError(f"{path}: no such project file")
        raise ProjectError(f"{path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            what = "the file is empty" if path.exists() else "no such project file"
            raise ProjectError(f"{path}: {what}")
        _require_writable(path)
        return _create(path, busy_timeout)
    state = _inspect_leaving_no_trace(path, busy_timeout)
    _require_writable(path)
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
        raise ProjectError(f"{path}: the folder {path.parent} is read-only")
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError(f"{path}: the project file is read-only")


def _inspect_leaving_no_trace(path: Path, busy_timeout: float) -> FileState:
    """Inspect; if the file is refused, remove the -wal/-shm files that the look itself created."""
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    present = {p for p in sidecars if p.exists()}
    try:
        return _inspect(path, busy_timeout)
    except ProjectError:
        for sidecar in sidecars:
            if sidecar not in present:
                sidecar.unlink(missing_ok=True)
        raise


def _inspect(path: Path, busy_timeout: float) -> FileState:
    """Check an existing file read-only: SQLite, intact, ours, and a schema we know."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the file ({exc.strerror})") from None
    if header != SQLITE_MAGIC:
        raise ProjectError(f"{path}: not an Annotator project (not an SQLite database file)")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise project_error_from(path, exc, busy_timeout) from None
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise ProjectError(f"{path}: the project file is damaged ({check[0] if check else '?'})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return FileState(revision=None)
        if "alembic_version" not in tables or "annotations" not in tables:
            raise ProjectError(f"{path}: not an Annotator project (an SQLite database of another program)")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise _damaged_or_locked(path, exc, busy_timeout) from None
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision not in REVISIONS:
        raise ProjectError(
            f"{path}: written by a newer version of Annotator (schema {revision}); "
            f"this version reads schemas up to {head_revision()}. Update Annotator to open it."
        )
    return FileState(revision=revision)


def _damaged_or_locked(path: Path, exc: sqlite3.DatabaseError, busy_timeout: float) -> ProjectError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
        return project_error_from(path, exc, busy_timeout)
    return ProjectError(f"{path}: the project file is damaged ({exc})")


def _backup(path: Path, revision: str, busy_timeout: float) -> Path:
    """Copy the whole database (WAL included) beside it before an upgrade."""
    backup = path.with_name(f"{path.name}.bak-{revision}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.bak-{revision}-{n}")
    src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    dst = sqlite3.connect(backup)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return backup


def _upgrade(path: Path, busy_timeout: float) -> None:
    """Run the migrations with foreign keys off (batch mode rebuilds tables: a cascade would empty them)."""
    from alembic import command

    engine = make_engine(path, busy_timeout)
    try:
        with engine.connect() as conn:
            foreign_keys_off(conn)
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ProjectError(f"{path}: upgrade left broken references: {problems[:3]}")
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
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    engine = make_engine(path, busy_timeout)
    store = ProjectStore(path=path, engine=engine, busy_timeout=busy_timeout)
    with store.write() as session:
        conn = session.connection()
        Base.metadata.create_all(conn)
        MigrationContext.configure(conn).stamp(
            ScriptDirectory.from_config(alembic_config()), "head"
        )
        session.add(ProjectMeta(key="created_at", value=utc_now_iso()))
    return store
