"""Whether another program changed the open project: for a window that keeps an undo history."""

from __future__ import annotations

from annotator.services.handle import Project, store_of
from annotator.store.watch import OutsideWrites

__all__ = ["OutsideWrites", "watch_outside_writes"]


def watch_outside_writes(project: Project) -> OutsideWrites:
    """Start counting the writes other programs make to `project` (writes through it never count).

    Read `count()` before and after; `close()` the watch before closing the project.
    """
    return OutsideWrites(store_of(project))
