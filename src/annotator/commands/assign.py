"""`annotator assign` and `annotator blind`: who codes which documents, how far everyone is, and
whether annotators see each other's spans before they finish a document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.wording import ntext
from annotator.i18n import _, decimal
from annotator.services.assignments import (
    TeamProgress,
    assign,
    blind_mode,
    list_assignments,
    mark_done,
    set_blind_mode,
    team_progress,
    unassign,
)


def run_assign(project_path: Path | str, args: argparse.Namespace) -> int:
    """Assign, take back, mark done or undone; or, with --list, print everyone's progress."""
    if args.list:
        with opened_project(project_path) as project:
            rows = list_assignments(project, args.annotator)
            progress = team_progress(project)
        print_progress(rows, progress)
        return 0
    if not args.annotator:
        return _usage(_("name the annotator: --annotator NAME (or --list)"))
    if not (args.documents or args.all):
        return _usage(_("name the documents: --document REF... or --all"))
    if sum((args.remove, args.done, args.undone)) > 1:
        return _usage(_("--remove, --done and --undone go one at a time"))
    with opened_project(project_path, writes=True) as project:
        if args.remove:
            changed = unassign(project, args.annotator, args.documents, every=args.all)
            count = len(changed.removed)
            line = ntext(count, "{count} document taken back from {annotator}",
                         "{count} documents taken back from {annotator}", annotator=args.annotator)
        elif args.done or args.undone:
            changed = mark_done(project, args.annotator, args.documents, done=args.done, every=args.all)
            count = len(changed.done or changed.undone)
            line = (ntext(count, "{count} document of {annotator} marked done",
                          "{count} documents of {annotator} marked done", annotator=args.annotator)
                    if args.done else
                    ntext(count, "{count} document of {annotator} marked not done",
                          "{count} documents of {annotator} marked not done", annotator=args.annotator))
        else:
            changed = assign(project, args.annotator, args.documents, every=args.all)
            count = len(changed.added)
            line = ntext(count, "{count} document assigned to {annotator}",
                         "{count} documents assigned to {annotator}", annotator=args.annotator)
    print(printable(line))
    return 0


def print_progress(rows: list, progress: TeamProgress) -> None:
    """Each annotator's documents (a check mark once done) and totals, then agreement so far."""
    if not rows:
        print(_("no documents are assigned yet"))
    for person in progress.annotators:
        mine = [r for r in rows if r.annotator == person.annotator]
        if not mine:
            continue
        print(printable(_("{annotator}: {done} of {assigned} done, {annotations} annotations").format(
            annotator=person.annotator, done=person.done, assigned=person.assigned,
            annotations=person.annotations)))
        for row in mine:
            mark = "✓" if row.done else " "
            print(printable(f"  [{mark}] {row.title}  ({row.annotations})"))
    if progress.agreement is None:
        print(_("agreement so far: no document is done by two annotators yet"))
        return
    alpha = progress.overall("krippendorff_alpha")
    f1 = progress.overall("f1_overlap")
    print(ntext(progress.documents_compared,
                "agreement so far, over {count} document done by two or more: alpha {alpha}, F1 {f1}",
                "agreement so far, over {count} documents done by two or more: alpha {alpha}, F1 {f1}",
                alpha="-" if alpha is None else decimal(alpha, 3), f1="-" if f1 is None else decimal(f1, 3)))


def run_blind(project_path: Path | str, args: argparse.Namespace) -> int:
    """`annotator blind [on|off]`: switch blind mode, or say whether it is on."""
    if args.state is None:
        with opened_project(project_path) as project:
            on = blind_mode(project)
    else:
        with opened_project(project_path, writes=True) as project:
            set_blind_mode(project, args.state == "on")
            on = args.state == "on"
    print(_("blind mode is on: annotators see only their own spans on a document until they mark it done")
          if on else _("blind mode is off: annotators see everyone's spans"))
    return 0


def _usage(message: str) -> int:
    print(printable(_("annotator: error: {message}").format(message=message)), file=sys.stderr)
    return 2
