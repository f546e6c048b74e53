"""brat standoff in and out: `import --brat DIR`, `export --format brat --out DIR`."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import merge_and_print, opened_project
from annotator.domain.errors import InvalidInput
from annotator.i18n import _
from annotator.io.brat import parse_label_map, read_brat_folder
from annotator.services.interchange import (
    brat_export_summary,
    brat_import_summary,
    export_brat,
)


def run_brat_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import --brat DIR [--annotator NAME] [--map T=label,...]`."""
    label_map = parse_label_map(args.label_map)
    # Read (and refuse) the folder before opening: a refused import creates no project file.
    reading = read_brat_folder(Path(args.brat), args.annotator, label_map)
    return merge_and_print(
        project_path, reading.batch, lambda report: brat_import_summary(reading, report)
    )


def run_brat_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --format brat --out DIR [--annotator/--label/--document ...]`."""
    if args.out == "-":
        raise InvalidInput(_("brat export writes a folder: give --out DIR, not -"))
    with opened_project(project_path) as project:
        result = export_brat(project, Path(args.out), args.annotators, args.labels,
                             args.documents)
    print("\n".join(printable(line) for line in brat_export_summary(result)))
    return 0
