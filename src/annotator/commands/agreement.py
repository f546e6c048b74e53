"""`annotator agreement`: span F1, Cohen's kappa and Krippendorff's alpha between annotators."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.agreement import OVERALL, PAIR_SEPARATOR, AgreementReport, Figure, note_wording
from annotator.domain.agreement_documents import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    DocumentAgreement,
    interval_note,
)
from annotator.domain.errors import InvalidInput
from annotator.i18n import _, decimal, interval, number, pgettext
from annotator.io.agreement_report import documents_csv, report_csv, report_json
from annotator.services.agreement import (
    agreement_by_document,
    agreement_report,
    agreement_with_intervals,
)
from annotator.services.document_codes import document_code_agreement_report

#: Characters of a document title shown in the per-document table.
TITLE_WIDTH = 40


def _value(value: float | None) -> str:
    return "-" if value is None else decimal(value, 4)


def _aligned(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Rows as aligned lines (columns in `right` right-aligned), a rule under the first."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for place, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if place == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _summary(report: AgreementReport) -> str:
    return _("annotators: {names} (span figures: each against {first}); documents: {documents}; "
             "tokens: {tokens}").format(names=", ".join(report.annotators), first=report.annotators[0],
                                        documents=number(report.documents), tokens=number(report.tokens))


def _where(report: AgreementReport, fig: Figure) -> str:
    many = len(report.annotators) > 2
    return f"{fig.label} {fig.measure}" + (f" ({PAIR_SEPARATOR.join(fig.annotators)})" if many else "")


def format_table(report: AgreementReport) -> str:
    """The report as an aligned text table with a summary line and the notes below it; with
    intervals, a `95% CI` column and how they were drawn."""
    many = len(report.annotators) > 2
    boot = report.bootstrap
    header = [pgettext("column", "label"), pgettext("column", "measure"), pgettext("column", "value"),
              pgettext("column", "units")] + ([pgettext("column", "annotators")] if many else [])
    if boot:
        header.append(_("{percent}% CI").format(percent=round(boot.level * 100)))
    rows = [header]
    notes: list[str] = []
    for fig in report.figures:
        row = [fig.label, fig.measure, _value(fig.value), str(fig.units)]
        if many:
            row.append(PAIR_SEPARATOR.join(fig.annotators))
        if boot:
            low, high = (fig.interval.low, fig.interval.high) if fig.interval else (None, None)
            row.append("-" if low is None or high is None else interval(low, high, 4))
        rows.append(row)
        if fig.note:
            notes.append(_("{where}: {note}").format(where=_where(report, fig), note=note_wording(fig.note)))
        if boot and (note := interval_note(fig, boot)):
            notes.append(_("{where}: {note}").format(where=_where(report, fig), note=note))
    lines = [_summary(report)]
    if boot:
        lines.append(_("intervals: percentile bootstrap over documents, {resamples} resamples, "
                       "seed {seed}").format(resamples=number(boot.resamples), seed=boot.seed))
    lines += ["", *_aligned(rows, {2, 3})]
    if notes:
        lines += ["", _("notes (- = undefined):"), *(f"  {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def format_documents(report: AgreementReport, documents: Sequence[DocumentAgreement]) -> str:
    """One line per document with its overall figures (F1 and kappa of each compared annotator,
    alpha), lowest alpha first, documents without alpha last."""
    many = len(report.annotators) > 2
    pairs = [fig.annotators for fig in report.figures
             if fig.label == OVERALL and fig.measure == "cohen_kappa"]
    measures = [(m, pair) for pair in pairs for m in ("f1_exact", "f1_overlap", "cohen_kappa")]
    header = [pgettext("column", "document"), pgettext("column", "tokens")] + [
        f"{m} ({pair[1]})" if many else m for m, pair in measures] + ["krippendorff_alpha"]
    rows = [header]

    def alpha(document: DocumentAgreement) -> float | None:
        return next(f.value for f in document.figures
                    if f.label == OVERALL and f.measure == "krippendorff_alpha")

    ordered = sorted(documents, key=lambda d: (alpha(d) is None, alpha(d) or 0.0))
    for document in ordered:
        figures = {(f.measure, f.annotators): f.value for f in document.figures if f.label == OVERALL}
        title = document.title or str(document.document)
        if len(title) > TITLE_WIDTH:
            title = title[:TITLE_WIDTH - 1] + "…"
        rows.append([printable(title), str(document.tokens)]
                    + [_value(figures[(m, pair)]) for m, pair in measures]
                    + [_value(alpha(document))])
    lines = [_summary(report), _("documents one by one, lowest alpha first (- = undefined; "
                                 "--format csv gives every label and the documents' ids):"), ""]
    lines += _aligned(rows, set(range(1, len(header))))
    return "\n".join(lines) + "\n"


def _settings(args: argparse.Namespace) -> tuple[bool, int, int, str | None]:
    """--ci, --resamples, --seed and --by, checked together."""
    ci = bool(getattr(args, "ci", False))
    resamples = getattr(args, "resamples", None)
    seed = getattr(args, "seed", None)
    by = getattr(args, "by", None)
    if not ci and (resamples is not None or seed is not None):
        raise InvalidInput(_("--resamples and --seed go with --ci"))
    if ci and by:
        raise InvalidInput(_("--ci and --by document do not go together: intervals resample the "
                             "documents, a single document's figures have none"))
    return (ci, DEFAULT_RESAMPLES if resamples is None else resamples,
            DEFAULT_SEED if seed is None else seed, by)


def format_document_code_table(report: AgreementReport) -> str:
    """The document-code report as `format_table` gives it, its summary counting documents."""
    rest = format_table(report).split("\n", 1)[1]
    first = _("document codes; annotators: {names} (kappa: each against {first}); documents: "
              "{documents}").format(names=", ".join(report.annotators), first=report.annotators[0],
                                    documents=number(report.documents))
    return f"{first}\n{rest}"


def run_document_code_agreement(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator agreement --document-codes --annotators A B [...] [--label L] [--document D]`."""
    if getattr(args, "ci", False) or getattr(args, "by", None) or getattr(args, "resamples", None) \
            is not None or getattr(args, "seed", None) is not None:
        raise InvalidInput(_("--document-codes does not go with --ci, --resamples, --seed or --by"))
    with opened_project(project_path) as project:
        report = document_code_agreement_report(project, args.annotators, args.labels,
                                                args.documents)
    if args.format == "csv":
        sys.stdout.write(report_csv(report))
    elif args.format == "json":
        sys.stdout.write(report_json(report))
    else:
        sys.stdout.write(printable(format_document_code_table(report), lines=True))
    if report.documents == 0:
        print(_("annotator: no document was coded by two of these annotators"), file=sys.stderr)
    return 0


def run_agreement(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator agreement --project P --annotators A B [...] [--ci [--resamples N] [--seed N]]
    [--by document]`, or `--document-codes`."""
    if getattr(args, "document_codes", False):
        return run_document_code_agreement(project_path, args)
    ci, resamples, seed, by = _settings(args)
    documents: tuple[DocumentAgreement, ...] | None = None
    with opened_project(project_path) as project:
        if by == "document":
            report, documents = agreement_by_document(project, args.annotators, args.labels,
                                                      args.documents)
        elif ci:
            report = agreement_with_intervals(project, args.annotators, args.labels, args.documents,
                                              resamples, seed)
        else:
            report = agreement_report(project, args.annotators, args.labels, args.documents)
    if args.format == "csv":
        sys.stdout.write(report_csv(report) if documents is None else documents_csv(report, documents))
        if documents is None:
            for fig in report.figures:
                for note in (note_wording(fig.note), interval_note(fig, report.bootstrap)):
                    if note:
                        print(printable(_("annotator: {label} {measure}: {note}").format(
                            label=fig.label, measure=fig.measure, note=note)), file=sys.stderr)
    elif args.format == "json":
        sys.stdout.write(report_json(report, documents))
    elif documents is not None:
        sys.stdout.write(printable(format_documents(report, documents), lines=True))
    else:
        sys.stdout.write(printable(format_table(report), lines=True))
    if report.documents == 0:
        print(_("annotator: no document was annotated by two of these annotators"), file=sys.stderr)
    return 0
