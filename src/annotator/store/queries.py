"""Reading helpers the services share, written once against SQLAlchemy Core.

The services say what they want with `select`, `insert` and `update`; what depends on the
database (how many values one statement may carry, SQLite's page cache, the driver's parameter
style) is settled here, for SQLite and for a PostgreSQL server alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Executable, Insert, Update
from sqlalchemy.dialects import sqlite

T = TypeVar("T")

#: Values per `IN (...)` list. A statement may carry only so many bound values: SQLite's limit
#: (SQLITE_MAX_VARIABLE_NUMBER) was 999 before version 3.32 and is 32,766 since, and some builds
#: lower it again (PostgreSQL's is 65,535). 500 values stay under every one of them with room for
#: the statement's other parameters, and one statement per 500 values costs nothing next to
#: reading their rows.
IN_CHUNK = 500

#: Page cache of a merging connection (KiB, negative as SQLite wants): the unique indexes of
#: a large project are updated in random order and would thrash the default 2 MB cache.
BULK_CACHE_KIB = -65536
#: SQLite's dialect compiling `:name` parameters, which the driver fills from dicts itself.
_NAMED_SQLITE = sqlite.dialect(paramstyle="named")


def in_chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`, each small enough for one `IN (...)`."""
    for first in range(0, len(values), size):
        yield values[first : first + size]


def document_text_reader(conn: Connection) -> Callable[[int], str]:
    """A function giving one document's stored text by id, in the connection's transaction.

    The statement goes to the driver as it is (a document's text can be megabytes: no Core
    compilation or result processing around it), in the driver's own parameter style."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    sql = f"SELECT text FROM documents WHERE id = {marker}"

    def text_of(document_id: int) -> str:
        return conn.exec_driver_sql(sql, (document_id,)).scalar_one()

    return text_of


#: Documents whose texts one query reads while a server streams an export: a few, since one text
#: can be megabytes and a batch is held until its last document is handed out.
TEXT_BATCH = 8


def ordered_document_text_reader(conn: Connection, document_ids: Callable[[], Sequence[int]],
                                 size: int = TEXT_BATCH) -> Callable[[int], str]:
    """A function giving one document's stored text by id, for documents asked for in the order
    `document_ids()` lists them (each once), in the connection's transaction.

    From a project file, one query per document, as `document_text_reader` (no round trip to
    save, and `document_ids` is never called). From a server, one query per `size` documents:
    the batch's texts are held only until each is handed out, so at most one batch is in memory.
    A document the list does not name, or asked for out of order, is read on its own."""
    text_of = document_text_reader(conn)
    if conn.dialect.name == "sqlite":
        return text_of
    ids = list(document_ids())
    listed = set(ids)

    def batches() -> Iterator[tuple[int, str | None]]:
        for chunk in in_chunks(ids, size):
            markers = ", ".join(["%s"] * len(chunk))
            found = dict(conn.exec_driver_sql(
                f"SELECT id, text FROM documents WHERE id IN ({markers})", tuple(chunk)).all())
            for document_id in chunk:
                yield document_id, found.pop(document_id, None)

    ahead = batches()

    def next_text(document_id: int) -> str:
        if document_id in listed:
            listed.discard(document_id)
            for next_id, text in ahead:
                listed.discard(next_id)
                if next_id == document_id and text is not None:
                    return text
        return text_of(document_id)

    return next_text


#: Rows one driver call reads when `plain_rows` is given `between`.
READ_CHUNK = 2000


def plain_rows(conn: Connection, query: Executable, params: dict | None = None,
               between: Callable[[], None] | None = None) -> list[tuple]:
    """The rows of a Core query as the driver's plain tuples, in the connection's transaction.

    For reads of every annotation of a project (100,000 rows and more): a Row object per row
    costs more than the query. Only for columns that need no conversion (integers, text).
    `between()`, when given, is called after every READ_CHUNK rows read (see `execute_many`).
    """
    result = conn.execute(query, params)
    try:
        cursor = result.cursor
        if between is None:
            return cursor.fetchall()
        rows: list[tuple] = []
        while part := cursor.fetchmany(READ_CHUNK):
            rows += part
            between()
        return rows
    finally:
        result.close()


def plain_rows_in_chunks(
    conn: Connection, make_query: Callable[[Sequence[T]], Executable], values: Sequence[T],
    size: int = IN_CHUNK,
) -> list[tuple]:
    """`plain_rows` of `make_query(part)` (a query with one `IN` over `part`) for each slice of
    `values` (see `in_chunks`), concatenated in order."""
    rows: list[tuple] = []
    for part in in_chunks(values, size):
        rows += plain_rows(conn, make_query(part))
    return rows


#: Rows one driver call writes when `execute_many` is given `between`: a few milliseconds of work.
WRITE_CHUNK = 500


def execute_many(conn: Connection, statement: Insert | Update, rows: Sequence[dict],
                 between: Callable[[], None] | None = None) -> None:
    """Run an insert (dicts keyed by column) or an update (dicts keyed by its bindparams) once
    per row, in the connection's transaction.

    `between()`, when given, is called after every WRITE_CHUNK rows written (all in the same
    transaction): a worker thread reports progress there, and lets the window's thread run,
    which would otherwise wait for the interpreter lock until the last row is written (the
    driver lets go of it row after row but takes it back at once). What it raises stops the
    writing; the transaction is then the caller's to roll back.

    On SQLite the statement is compiled once with named parameters and the dicts go to the
    driver's executemany as they are: for 100,000 rows a third faster than SQLAlchemy turning
    every dict into a tuple first. On a PostgreSQL server an insert is one COPY of the rows (as
    on SQLite, the dicts carry every value; the server's own defaults fill the columns they leave
    out): for 100,000 rows several times faster than one INSERT each, where the table's row-level
    security does not hold the session (it refuses COPY). Elsewhere it is a plain Core executemany.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql" and isinstance(statement, Insert) and _may_copy(conn, statement):
        _copy_rows(conn, statement, rows)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(statement, list(rows))
        return
    keys = list(rows[0]) if isinstance(statement, Insert) else None
    sql = str(statement.compile(dialect=_NAMED_SQLITE, column_keys=keys))
    driver = conn.connection.driver_connection
    if between is None:
        driver.executemany(sql, rows)  # type: ignore[union-attr]
        return
    for part in in_chunks(rows, WRITE_CHUNK):
        driver.executemany(sql, part)  # type: ignore[union-attr]
        between()


def _may_copy(conn: Connection, statement: Insert) -> bool:
    """Whether COPY may fill the insert's table: PostgreSQL refuses it where row-level security
    holds the session (a team project's annotations, for a role that is not a superuser)."""
    active = conn.exec_driver_sql("SELECT row_security_active(%(table)s)",
                                  {"table": statement.table.name}).scalar()
    return not active


def _copy_rows(conn: Connection, statement: Insert, rows: Sequence[dict]) -> None:
    """The rows into the insert's table with PostgreSQL's COPY, in the connection's transaction."""
    import psycopg
    from sqlalchemy.exc import IntegrityError

    keys = list(rows[0])
    table = statement.table
    columns = ", ".join(f'"{table.c[key].name}"' for key in keys)
    sql = f'COPY "{table.name}" ({columns}) FROM STDIN'
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[key] for key in keys])
    except psycopg.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc  # as Core reports it for an INSERT
    finally:
        cursor.close()


@contextmanager
def bulk_write_cache(conn: Connection) -> Iterator[None]:
    """A larger page cache while `conn` writes many rows at once (SQLite only; elsewhere the
    server's own cache does that), put back as it was afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(usual or -2000)}")
