"""What every subcommand shares: opening the project for the length of one command."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli import printable, project_target
from annotator.i18n import _
from annotator.services import Project
from annotator.services.project import open_project

if TYPE_CHECKING:
    from annotator.domain.merge import MergeReport
    from annotator.domain.records import IncomingBatch


@contextmanager
def opened_project(path: Path | str, create: bool = False, writes: bool = False) -> Iterator[Project]:
    """The project, opened for one command: only to read it (no write lock, nothing upgraded or
    changed), unless the command `writes`; only the importers may create it, and say so on
    stderr (a mistyped `--project` would otherwise go unnoticed).

    `path` may be a project on a server (postgresql://user@host:port/dbname, the password from
    PGPASSWORD, ~/.pgpass or a service file); an unreachable server or a refused login is one
    line naming the address, like any refusal."""
    new = create and not isinstance(project_target(str(path)), str) and _is_new(path)
    project = open_project(path, create=create, read_only=not (writes or create))
    try:
        if new:
            where = Path(path).expanduser().absolute()
            print(printable(_("created a new project at {path}").format(path=where)), file=sys.stderr)
        if project.backup_path is not None:
            print(printable(_("upgraded the project; the previous version is kept as {path}").format(
                path=project.backup_path)),
                file=sys.stderr,
            )
        yield project
    finally:
        project.close()


def _is_new(path: Path) -> bool:
    """True when opening `path` makes a project: nothing there yet, or an empty file."""
    try:
        return Path(path).expanduser().stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def merge_and_print(
    project_path: Path | str, batch: IncomingBatch, summarise: Callable[[MergeReport], list[str]]
) -> int:
    """Merge what an importer read into the project (made if need be), print the summary; 0."""
    # Loaded here, so that the other commands start without the merge service.
    from annotator.services.merge import merge_batch

    with opened_project(project_path, create=True) as project:
        report = merge_batch(project, batch)
    print("\n".join(printable(line) for line in summarise(report)))
    return 0
