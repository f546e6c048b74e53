"""Copying a whole project between a file and a server: the service the command line calls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.store.copy import copy_whole_project


@dataclass(frozen=True, slots=True)
class ProjectCopy:
    """Where the copy went, the rows of each table it holds, and its documents and annotations."""

    target: Path | str
    rows: dict[str, int]

    @property
    def documents(self) -> int:
        return self.rows.get("documents", 0)

    @property
    def annotations(self) -> int:
        return self.rows.get("annotations", 0)


def copy_project_between(source: Path | str, destination: Path | str) -> ProjectCopy:
    """Copy the project at `source` (a file or postgresql://…) into the empty `destination`: all of
    it (every table, ids and UUIDs kept, at the current schema) or, on any failure, nothing.

    Refused: a destination that is not empty (a file with contents, a database with tables).
    """
    copied = copy_whole_project(source, destination)
    return ProjectCopy(target=copied.target, rows=copied.rows)
