"""`annotator backup`: a consistent copy of a project in one file, safe while it is in use."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands.common import opened_project
from annotator.i18n import _
from annotator.services.project import save_copy


def run_backup(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator backup --project P --out COPY`: everything committed, the -wal included, in one
    self-contained file written under a temporary name and renamed when complete."""
    with opened_project(project_path) as project:
        out = save_copy(project, args.out)
    print(_("copy of {project} written to {copy}").format(project=project.path, copy=out))
    return 0
