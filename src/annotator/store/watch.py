"""Noticing that another program wrote to an open project file.

SQLite's `PRAGMA data_version`, read on a connection kept for the purpose, changes whenever any
other connection commits a change. Commits made through the store's own engine are told apart
from the others with two engine events: just before one of its transactions that changed rows
commits (while it still holds the write lock, so that nobody else can commit meanwhile), the watch
counts what others committed since its last look; once the connection is back in the pool it
takes the new version as its own. Only the instants between such a commit and its return to the
pool are blind.

A project on a server is not watched yet: its count stays 0 (writes of others are seen when the
data is next read).
"""

from __future__ import annotations

import os
import sqlite3
import threading

from sqlalchemy import event

from annotator.store.engine import ProjectStore, project_error_from

_CHANGES_AT_BEGIN = "annotator_watch_total_changes"


class OutsideWrites:
    """Counts the writes other programs made to the project while it is watched.

    `count()` only grows; compare two readings. Close the watch before closing the project.
    """

    def __init__(self, project: ProjectStore) -> None:
        self._project = project
        self._lock = threading.Lock()
        self._outside = 0
        self._own_commit_pending = False
        self._seen = 0
        self._conn: sqlite3.Connection | None = None
        if project.on_server:
            return
        try:
            self._conn = sqlite3.connect(
                os.fsdecode(project.path), timeout=project.busy_timeout, check_same_thread=False,
                isolation_level=None,
            )
        except sqlite3.Error as exc:
            raise project_error_from(project.path, exc, project.busy_timeout) from None
        try:
            self._seen = self._version()
        except BaseException:
            self._conn.close()
            raise
        event.listen(project.engine, "begin", self._on_begin)
        event.listen(project.engine, "commit", self._on_commit)
        event.listen(project.engine, "checkin", self._on_checkin)

    def count(self) -> int:
        """How many times another program was found to have written since the watch began."""
        with self._lock:
            if self._conn is not None:
                self._look()
            return self._outside

    def close(self) -> None:
        """Stop watching and let go of the watch's connection."""
        with self._lock:
            if self._conn is None:
                return
            for name, listener in (("begin", self._on_begin), ("commit", self._on_commit),
                                   ("checkin", self._on_checkin)):
                if event.contains(self._project.engine, name, listener):
                    event.remove(self._project.engine, name, listener)
            self._conn.close()
            self._conn = None

    def _version(self) -> int:
        if self._conn is None:
            return self._seen
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise project_error_from(self._project.path, exc, self._project.busy_timeout) from None

    def _look(self) -> None:
        version = self._version()
        if version != self._seen:
            self._outside += 1
            self._seen = version

    # ----- the store's own transactions ---------------------------------------------------------

    @staticmethod
    def _driver(conn: object) -> sqlite3.Connection | None:
        driver = getattr(getattr(conn, "connection", None), "driver_connection", None)
        return driver if isinstance(driver, sqlite3.Connection) else None

    def _on_begin(self, conn: object) -> None:
        driver = self._driver(conn)
        if driver is not None:
            conn.info[_CHANGES_AT_BEGIN] = driver.total_changes  # type: ignore[attr-defined]

    def _on_commit(self, conn: object) -> None:
        driver = self._driver(conn)
        before = conn.info.pop(_CHANGES_AT_BEGIN, None)  # type: ignore[attr-defined]
        if driver is None or before is None or driver.total_changes == before:
            return  # a read, or a write that changed nothing
        with self._lock:
            self._look()  # what others committed before this write
            self._own_commit_pending = True

    def _on_checkin(self, _dbapi_conn: object, _record: object) -> None:
        with self._lock:
            if self._own_commit_pending:
                self._own_commit_pending = False
                self._seen = self._version()
