"""Whether another program changed the open project: for a window that keeps an undo history."""

from __future__ import annotations

from annotator.services.handle import Project, store_of
from annotator.store.notify import ServerChanges
from annotator.store.watch import OutsideWrites

__all__ = ["OutsideWrites", "ServerChanges", "listen_for_changes", "watch_outside_writes"]


def watch_outside_writes(project: Project) -> OutsideWrites:
    """Start counting the writes other programs make to `project` (writes through it never count).

    Read `count()` before and after; `close()` the watch before closing the project.
    """
    return OutsideWrites(store_of(project))


def listen_for_changes(project: Project, timeout: float | None = None) -> ServerChanges | None:
    """For a project on a server: a listener told of every write others commit to it (wait on
    its `fileno()`, then `take()`); None for a project file. ProjectError if the server cannot
    be reached (within `timeout` seconds, or the usual time to connect)."""
    if not project.on_server:
        return None
    return ServerChanges(store_of(project), timeout)
