"""What every subcommand shares: opening the project for the length of one command."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.services import Project
from annotator.services.project import open_project


@contextmanager
def opened_project(path: Path, create: bool = False) -> Iterator[Project]:
    """The project, opened for one command (only `import` may create it)."""
    project = open_project(path, create=create)
    try:
        if project.backup_path is not None:
            print(
                f"upgraded the project; the previous version is kept as {project.backup_path}",
                file=sys.stderr,
            )
        yield project
    finally:
        project.close()
