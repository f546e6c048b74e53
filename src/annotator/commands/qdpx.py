"""REFI-QDA projects in and out: `import --qdpx FILE`, `export --format qdpx --out FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import merge_and_print, opened_project
from annotator.domain.errors import InvalidInput
from annotator.i18n import _
from annotator.io.atomic import is_stream_file
from annotator.io.qdpx import import_summary, read_qdpx
from annotator.io.qdpx_write import export_summary
from annotator.services.qdpx_export import export_qdpx


def run_qdpx_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import --qdpx FILE [--annotator NAME] [--sources-folder DIR]` (NAME: for
    selections without a user; DIR: where sources kept outside the archive may be read)."""
    # A bad file creates no project.
    reading = read_qdpx(Path(args.qdpx), args.annotator, getattr(args, "sources_folder", None))
    return merge_and_print(
        project_path, reading.batch, lambda report: import_summary(reading, report)
    )


def run_qdpx_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --format qdpx --out FILE.qdpx [--annotator/--label/--document ...]`."""
    if args.out == "-":
        raise InvalidInput(_("a REFI-QDA export is a zip file: give --out FILE.qdpx, not -"))
    with opened_project(project_path) as project:
        result = export_qdpx(project, Path(args.out), args.annotators, args.labels,
                             args.documents)
    report = sys.stderr if is_stream_file(args.out, sys.stdout) else sys.stdout  # /dev/stdout
    print("\n".join(printable(line) for line in export_summary(result)), file=report)
    return 0
