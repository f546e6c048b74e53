"""`annotator suggest`: propose quotations and their speakers in the project's documents, store
them as suggestions (never annotations), and optionally write them as CSV."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.commands.progress import terminal_progress
from annotator.domain.wording import counted, ntext
from annotator.i18n import ngettext
from annotator.io.suggestions_csv import write_suggestions
from annotator.operations import output_file
from annotator.services.suggestions import find_documents, iter_suggestion_rows, suggest_documents


def run_suggest(project_path: Path, args: argparse.Namespace) -> int:
    """Propose for the documents named (all without --document) in one transaction; with --out,
    write their open suggestions. An unknown document or an output that cannot be written
    changes nothing."""
    with opened_project(project_path, writes=True) as project, ExitStack() as stack:
        ids = find_documents(project, args.documents) if args.documents else None
        out = stack.enter_context(output_file(args.out, project.path)) if args.out else None
        bar = terminal_progress(sys.stderr, ngettext("document", "documents", 2))
        try:
            run = suggest_documents(project, ids, progress=bar.update if bar else None)
        finally:
            if bar is not None:
                bar.close()
        written = None
        if out is not None:
            written = write_suggestions(iter_suggestion_rows(project, ids), out,
                                        spreadsheet=args.spreadsheet)
    summary = sys.stderr if args.out == "-" else sys.stdout
    documents = counted(len(run.documents), "document", "documents")
    new = ntext(run.added, "{count} of them new", "{count} of them new")
    print(printable(ntext(run.open, "{count} open suggestion in {documents}, {new}",
                          "{count} open suggestions in {documents}, {new}",
                          documents=documents, new=new)), file=summary)
    if run.unread:
        print(printable(ntext(run.unread, "{count} document is in neither French nor English: nothing "
                                          "proposed in it",
                              "{count} documents are in neither French nor English: nothing proposed "
                              "in them")), file=summary)
    if written is not None and args.out != "-":
        print(printable(ntext(written, "{count} suggestion written to {file}",
                              "{count} suggestions written to {file}", file=args.out)), file=summary)
    return 0
