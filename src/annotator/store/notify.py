"""Telling every open window on a server project that someone changed it (PostgreSQL's NOTIFY).

Every write transaction on a server project announces itself on one channel, inside the
transaction: the server delivers the notice when, and only if, the transaction commits, so a
window never hears of a change it cannot read yet, nor of one that was rolled back. The notice
names the engine that wrote (a random token), so a window can tell its own writes from a
colleague's.

A window listens on a connection of its own (`ServerChanges`): its socket becomes readable when a
notice arrives, or when the server goes away. Nothing here exists for a project file (SQLite has
no notices; `watch.py` looks at its `data_version` instead).
"""

from __future__ import annotations

import uuid
import weakref
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ProjectError

if TYPE_CHECKING:
    from annotator.store.engine import ProjectStore

#: The channel every write of a project database is announced on.
CHANNEL = "annotator_changes"

_tokens: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def announce_writes(engine: Engine) -> str:
    """Have every write transaction of `engine` notify the channel as it commits; its token."""
    token = _tokens.get(engine)
    if token is not None:
        return token
    token = _tokens[engine] = uuid.uuid4().hex

    def announce(conn: object) -> None:
        # Called just before the commit, inside the transaction: the notice goes out with it.
        if conn.get_execution_options().get("annotator_read_only", False):  # type: ignore[attr-defined]
            return  # a read (a read-only transaction may not notify)
        driver = conn.connection.driver_connection  # type: ignore[attr-defined]
        driver.execute("SELECT pg_notify(%s, %s)", (CHANNEL, token))

    event.listen(engine, "commit", announce)
    return token


class ServerChanges:
    """A connection listening for the notices of a project database's writes.

    `fileno()` is the socket to wait on; when it is readable, `take()` says how many writes of
    others were announced (own writes are left out). A lost server raises ProjectError (the
    server is unreachable); `reconnect()` tries again.
    """

    def __init__(self, store: ProjectStore, timeout: float | None = None) -> None:
        if store.url is None:
            raise ValueError("a project file has no server to listen to")
        self._address = store.url
        self._busy_timeout = store.busy_timeout
        self._token = announce_writes(store.engine)
        self._conn: object | None = None
        self.reconnect(timeout)

    @property
    def connected(self) -> bool:
        """Whether the listening connection is up (as far as it knows)."""
        return self._conn is not None and not self._conn.closed  # type: ignore[attr-defined]

    def fileno(self) -> int:
        """The socket of the listening connection (-1 when there is none)."""
        if not self.connected:
            return -1
        return self._conn.pgconn.socket  # type: ignore[attr-defined]

    def reconnect(self, timeout: float | None = None) -> None:
        """Connect (again) and listen, waiting at most `timeout` seconds (the usual time to
        connect by default); ProjectError if the server cannot be reached."""
        import psycopg

        from annotator.store.engine import SERVER_CONNECT_TIMEOUT_S, server_error_from

        self.close()
        try:
            conn = psycopg.connect(self._address, autocommit=True,
                                   connect_timeout=max(1, round(timeout or SERVER_CONNECT_TIMEOUT_S)))
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise server_error_from(self._address, exc, self._busy_timeout) from None
        self._conn = conn

    def take(self) -> int:
        """How many writes by others were announced since the last call (0 if none); reads only
        what arrived, never waits."""
        import psycopg

        from annotator.store.engine import server_error_from

        if not self.connected:
            raise ProjectError(code=ErrorCode.SERVER_UNREACHABLE, path=self._address, detail="")
        conn = self._conn
        others = 0
        try:
            for notice in conn.notifies(timeout=0):  # type: ignore[attr-defined]
                if notice.payload != self._token:
                    others += 1
            # A closed socket reads as "nothing yet": ask the connection itself.
            conn.pgconn.consume_input()  # type: ignore[attr-defined]
            if conn.pgconn.status != psycopg.pq.ConnStatus.OK:  # type: ignore[attr-defined]
                raise psycopg.OperationalError("server closed the connection unexpectedly")
        except psycopg.Error as exc:
            self.close()
            raise server_error_from(self._address, exc, self._busy_timeout) from None
        return others

    def close(self) -> None:
        """Let go of the listening connection."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 (a connection to a server gone away)
                pass
