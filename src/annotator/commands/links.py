"""`annotator export --links --out FILE`: the links between annotations as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.errors import InvalidInput
from annotator.domain.links import LINK_EXPORT_COLUMNS
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.io.export import write_records
from annotator.operations import output_file
from annotator.services import Project
from annotator.services.links import iter_link_export_rows


def write_links_csv(project: Project, target: str, spreadsheet: bool = False) -> int:
    """Write every link as one RFC 4180 record (CRLF, minimal quoting) to `target` or "-"; the count.

    With `spreadsheet`, as the annotation export's `--spreadsheet`: a BOM, formula-like cells guarded.
    """
    with output_file(target, project.path) as out:
        return write_records(LINK_EXPORT_COLUMNS, iter_link_export_rows(project), out,
                             spreadsheet=spreadsheet)


def _refuse_other_options(args: argparse.Namespace) -> None:
    if getattr(args, "format", "csv") != "csv":
        raise InvalidInput(_("--links writes CSV only; leave out --format"))
    for option, given in (("--annotator", "annotators"), ("--label", "labels"),
                          ("--document", "documents")):
        if getattr(args, given, None):
            raise InvalidInput(_("--links writes every link; {option} does not apply to it").format(
                option=option))


def run_links_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --links --out FILE`."""
    _refuse_other_options(args)
    with opened_project(project_path) as project:
        n = write_links_csv(project, args.out, bool(getattr(args, "spreadsheet", False)))
    if args.out != "-":
        print(printable(ntext(n, "{count} link written to {file}", "{count} links written to {file}",
                              file=args.out)), file=sys.stderr)
    return 0
