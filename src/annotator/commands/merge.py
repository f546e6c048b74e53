"""`annotator merge`: bring a colleague's project or annotation CSV into this project."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.services.merge import merge_file


def run_merge(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator merge --project P OTHER`: print what was added, updated and skipped.

    A refused file raises (the command line prints the reason on stderr and exits 1).
    """
    with opened_project(project_path, writes=True) as project:
        report = merge_file(project, args.other)
    for line in report.summary_lines():
        print(printable(line))
    return 0
