"""The open project as the window and the command line hold it: a handle, not a database.

Everything above the services (the window, the command line, scripts) holds a `Project`. It says
which file is open and lets it be closed; it opens no session and hands out no engine, so every
read and every change goes through a service function, one transaction each. Only the services
reach the store behind it (`store_of`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store (and its database toolkit) is imported by whoever opens one
    from annotator.store.engine import ProjectStore


class Project:
    """An open project: where it lives, whether it was opened only to read, and `close()`.

    A project is a file (`path`) or a database on a server (`path` is None; `target` is its
    postgresql:// address, which never holds a password)."""

    __slots__ = ("_store", "__weakref__")

    def __init__(self, store: ProjectStore) -> None:
        self._store = store

    @property
    def path(self) -> Path | None:
        """The project file (None for a project on a server)."""
        return self._store.path

    @property
    def target(self) -> Path | str:
        """Where the project lives: its file, or its server address."""
        return self._store.target

    @property
    def name(self) -> str:
        """The project's name: its file's stem, or its database's name on a server."""
        if self._store.path is not None:
            return self._store.path.stem
        return str(self._store.target).split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]

    @property
    def on_server(self) -> bool:
        """True for a project on a database server rather than in a file."""
        return self._store.on_server

    @property
    def read_only(self) -> bool:
        """True when the project was opened only to read it."""
        return self._store.read_only

    @property
    def backup_path(self) -> Path | None:
        """The copy written before this opening upgraded the file to the current schema, if any."""
        return self._store.backup_path

    def close(self) -> None:
        """Let go of the project (every connection; SQLite checkpoints its log)."""
        self._store.close()

    def __repr__(self) -> str:
        return f"Project({str(self.target)!r})"


def store_of(project: Project) -> ProjectStore:
    """The store behind a project handle, for the services only."""
    return project._store  # noqa: SLF001 (the services are the handle's one reader)
