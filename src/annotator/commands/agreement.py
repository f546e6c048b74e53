"""`annotator agreement`: span F1, Cohen's kappa and Krippendorff's alpha between annotators."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.agreement import PAIR_SEPARATOR, AgreementReport
from annotator.io.agreement_report import report_csv, report_json
from annotator.services.agreement import agreement_report


def format_table(report: AgreementReport) -> str:
    """The report as an aligned text table with a summary line and the notes below it."""
    many = len(report.annotators) > 2
    header = ["label", "measure", "value", "units"] + (["annotators"] if many else [])
    rows = [header]
    notes: list[str] = []
    for fig in report.figures:
        value = "-" if fig.value is None else f"{fig.value:.4f}"
        row = [fig.label, fig.measure, value, str(fig.units)]
        if many:
            row.append(PAIR_SEPARATOR.join(fig.annotators))
        rows.append(row)
        if fig.note:
            notes.append(f"{fig.label} {fig.measure}"
                         + (f" ({PAIR_SEPARATOR.join(fig.annotators)})" if many else "")
                         + f": {fig.note}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    right = {2, 3}
    lines = [
        f"annotators: {', '.join(report.annotators)} (span figures: each against "
        f"{report.annotators[0]}); documents: {report.documents}; tokens: {report.tokens}",
        "",
    ]
    for number, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    if notes:
        lines += ["", "notes (- = undefined):", *(f"  {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def run_agreement(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator agreement --project P --annotators A B [...]`."""
    with opened_project(project_path) as project:
        report = agreement_report(project, args.annotators, args.labels, args.documents)
    if args.format == "csv":
        sys.stdout.write(report_csv(report))
        for fig in report.figures:
            if fig.note:
                print(printable(f"annotator: {fig.label} {fig.measure}: {fig.note}"),
                      file=sys.stderr)
    elif args.format == "json":
        sys.stdout.write(report_json(report))
    else:
        sys.stdout.write(printable(format_table(report), lines=True))
    if report.documents == 0:
        print("annotator: no document was annotated by two of these annotators", file=sys.stderr)
    return 0
