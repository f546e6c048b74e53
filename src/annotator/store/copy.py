"""A whole project copied between a project file and a project on a PostgreSQL server (either
way, or file to file), all or nothing.

The source is read in one consistent snapshot at the current schema (an older project file is read
through an upgraded temporary copy, so the copy is at the current revision). Every table comes
along row for row, ids and UUIDs kept, so that exports of the copy are byte for byte those of the
source. The destination must be empty: a file that does not exist yet (or an empty one), or a
server database with no tables. A server database gets the schema and every row in one
transaction; a file is written under a temporary name beside it and renamed once complete.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ProjectError
from annotator.store.engine import (
    BUSY_TIMEOUT_S,
    ProjectStore,
    is_server_address,
    make_engine,
    make_server_engine,
    server_address,
    sidecars,
)
from annotator.store.models import Base
from annotator.store.project_file import (
    _fill_new,
    binary_text_order,
    open_store,
    same_place,
)
from annotator.store.team import enable_row_security

#: Rows inserted per statement.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class CopiedProject:
    """What a copy wrote: where, and how many rows of each table (tables in schema order)."""

    target: Path | str
    rows: dict[str, int]


def copy_whole_project(source: Path | str, destination: Path | str,
                       busy_timeout: float = BUSY_TIMEOUT_S) -> CopiedProject:
    """Copy the project at `source` into the empty `destination` (a file or a server address)."""
    if not is_server_address(destination):
        destination = Path(destination).expanduser().absolute()
        if not is_server_address(source) and same_place(Path(source).expanduser().absolute(), destination):
            raise ProjectError(code=ErrorCode.COPY_DESTINATION_NOT_EMPTY, path=destination)
        _check_file_destination(destination)
    reader = open_store(source, busy_timeout=busy_timeout, create=False, read_only=True)
    try:
        if is_server_address(destination):
            rows = _copy_to_server(reader, str(destination), busy_timeout)
        else:
            rows = _copy_to_file(reader, destination, busy_timeout)
    finally:
        reader.close()
    return CopiedProject(target=destination, rows=rows)


def _check_file_destination(path: Path) -> None:
    if path.is_dir():
        raise ProjectError(code=ErrorCode.COPY_IS_FOLDER, path=path)
    if not path.parent.is_dir():
        raise ProjectError(code=ErrorCode.NO_SUCH_FOLDER, path=path, folder=path.parent)
    if path.exists() and (not path.is_file() or path.stat().st_size > 0):
        raise ProjectError(code=ErrorCode.COPY_DESTINATION_NOT_EMPTY, path=path)
    if not os.access(path.parent, os.W_OK):
        raise ProjectError(code=ErrorCode.FOLDER_READ_ONLY, path=path, folder=path.parent)


def _copy_to_file(reader: ProjectStore, out: Path, busy_timeout: float) -> dict[str, int]:
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temporary = Path(name)
    writer = ProjectStore(path=temporary, engine=make_engine(temporary, busy_timeout),
                          busy_timeout=busy_timeout)
    try:
        try:
            _fill_new(writer)
            with reader.read() as source, writer.write() as target:
                rows = _copy_rows(source.connection(), target.connection())
        finally:
            writer.close()
        single = sqlite3.connect(os.fsdecode(temporary), isolation_level=None)
        try:
            single.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            single.close()
        if out.exists() and out.stat().st_size > 0:  # written meanwhile by someone else
            raise ProjectError(code=ErrorCode.COPY_DESTINATION_NOT_EMPTY, path=out)
        os.replace(temporary, out)
    except OSError as exc:
        raise ProjectError(code=ErrorCode.CANNOT_WRITE_COPY, path=out, detail=exc.strerror or exc) from None
    finally:
        for leftover in (temporary, *sidecars(temporary), temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return rows


def _copy_to_server(reader: ProjectStore, address: str, busy_timeout: float) -> dict[str, int]:
    address = server_address(address)
    writer = ProjectStore(path=None, url=address, engine=make_server_engine(address, busy_timeout),
                          busy_timeout=busy_timeout)
    try:
        with reader.read() as source, writer.write() as target:
            conn = target.connection()
            if inspect(conn).get_table_names():
                raise ProjectError(code=ErrorCode.COPY_DESTINATION_NOT_EMPTY, path=address)
            Base.metadata.create_all(conn)
            binary_text_order(conn)
            enable_row_security(conn)
            _stamp(conn)
            rows = _copy_rows(source.connection(), conn)
            _restart_sequences(conn)
    except DBAPIError as exc:  # a row the server will not take (say, a NUL in a text)
        detail = " ".join(str(exc.orig).split("\n")[0].split())
        raise ProjectError(code=ErrorCode.COPY_REFUSED, path=address, detail=detail) from None
    finally:
        writer.close()
    return rows


def _stamp(conn: Connection) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from annotator.store.project_file import alembic_config

    MigrationContext.configure(conn).stamp(ScriptDirectory.from_config(alembic_config()), "head")


def _copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    """Every row of every table of the schema, parents first; a column pointing into its own
    table (a suggestion's speaker) is filled once all the table's rows are in."""
    copied: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        target.execute(table.delete())  # a new project's own first rows (its creation time)
        own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        order = list(table.primary_key.columns)
        batch: list[dict] = []
        later: list[dict] = []
        count = 0
        for row in source.execute(select(table).order_by(*order)).mappings():
            values = dict(row)
            if own and any(values[name] is not None for name in own):
                later.append({"key": values["id"], **{name: values[name] for name in own}})
                values.update(dict.fromkeys(own, None))
            batch.append(values)
            count += 1
            if len(batch) >= CHUNK:
                target.execute(table.insert(), batch)
                batch = []
        if batch:
            target.execute(table.insert(), batch)
        for values in later:
            _point_back(target, table, values)
        copied[table.name] = count
    return copied


def _point_back(target: Connection, table: Table, values: dict) -> None:
    key = values.pop("key")
    target.execute(update(table).where(table.c.id == key).values(**values))


def _restart_sequences(conn: Connection) -> None:
    """The server's id sequences continue after the copied ids."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(text(
            "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {conn.dialect.identifier_preparer.quote(table.name)}), 0) + 1, "
            "false)"
        ), {"table": table.name})
