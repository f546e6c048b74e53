"""`annotator export --document-codes --out FILE`: the document codes as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.errors import InvalidInput
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.io.document_codes_csv import write_document_codes_csv
from annotator.operations import output_file
from annotator.services import Project
from annotator.services.document_codes import document_code_labels, iter_document_code_rows


def write_document_codes(project: Project, target: str, annotators: list[str], labels: list[str],
                         spreadsheet: bool = False) -> int:
    """Write the document codes (optionally only these annotators' or labels') to `target` or
    "-"; a file appears only complete. Returns the row count."""
    spelled = document_code_labels(project, labels) if labels else []
    with output_file(target, project.path) as out:
        return write_document_codes_csv(iter_document_code_rows(project, annotators, spelled), out,
                                        spreadsheet=spreadsheet)


def run_document_codes_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --document-codes --out FILE [--annotator NAME]... [--label NAME]...`."""
    if getattr(args, "format", "csv") != "csv":
        raise InvalidInput(_("--document-codes writes CSV only; leave out --format"))
    if getattr(args, "links", False):
        raise InvalidInput(_("give either --links or --document-codes"))
    if getattr(args, "documents", None):
        raise InvalidInput(_("--document-codes writes every document; --document does not apply to it"))
    with opened_project(project_path) as project:
        n = write_document_codes(project, args.out, args.annotators, args.labels,
                                 bool(getattr(args, "spreadsheet", False)))
    if args.out != "-":
        print(printable(ntext(n, "{count} document code written to {file}",
                              "{count} document codes written to {file}", file=args.out)), file=sys.stderr)
    return 0
