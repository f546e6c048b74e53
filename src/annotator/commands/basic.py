"""Import, export, documents, info and labels: open the project, call services, report briefly."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from annotator.cli import printable
from annotator.commands.common import opened_project as _project
from annotator.commands.progress import terminal_progress
from annotator.domain.errors import InvalidInput
from annotator.domain.records import LabelInfo
from annotator.domain.wording import counted, first_few, ntext
from annotator.i18n import N_, _, number, pgettext
from annotator.io.read_problems import reason_wording
from annotator.io.readers import unsupported_in_folders
from annotator.operations import export_annotations, output_file, read_files, write_document_texts
from annotator.services.document_codes import document_code_counts
from annotator.services.documents import import_texts, iter_document_files
from annotator.services.labels import list_labels
from annotator.services.links import list_link_rules
from annotator.services.project import project_summary

#: How an article's import ended (the service's status codes), worded where shown.
IMPORT_STATUS = {"imported": N_("imported"), "already in project": N_("already in project")}


def run_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import`: good files are imported in one transaction; the rest are listed.

    Reading shows a progress bar on stderr when it is a terminal and reading takes over a second.
    """
    bar = terminal_progress(sys.stderr)
    try:
        texts, problems = read_files(args.paths, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    counts = {"imported": 0, "already in project": 0}
    if texts:
        with _project(project_path, create=True) as project:
            suggest = False if getattr(args, "no_suggest", False) else None  # None: as the project says
            for outcome in import_texts(project, texts, suggest=suggest):
                counts[outcome.status] += 1
                status = IMPORT_STATUS.get(outcome.status)
                print(printable(_("{status}: {name} ({title})").format(
                    status=_(status) if status else outcome.status, name=outcome.source_name,
                    title=outcome.document.title)))
    for problem in problems:
        print(printable(_("annotator: skipped {path}: {reason}").format(
            path=problem.path, reason=reason_wording(problem))), file=sys.stderr)
    _report_unsupported(unsupported_in_folders(args.paths))
    print(", ".join((
        ntext(counts["imported"], "{count} imported", "{count} imported"),
        ntext(counts["already in project"], "{count} already in project", "{count} already in project"),
        ntext(len(problems), "{count} not imported", "{count} not imported"),
    )))
    return 1 if problems else 0


#: Files passed over in a folder that are listed by name; the rest are only counted.
UNSUPPORTED_LISTED = 20


def _report_unsupported(files: list[Path]) -> None:
    """On stderr: how many files the folders held that are of no type an import reads, their
    types, and their names (the first few)."""
    if not files:
        return
    kinds = sorted({file.suffix.lower() or _("no extension") for file in files})
    print(printable(ntext(len(files), "{count} file skipped: not a supported type ({types})",
                          "{count} files skipped: not a supported type ({types})",
                          types=", ".join(kinds))), file=sys.stderr)
    for line in first_few([str(file) for file in files], UNSUPPORTED_LISTED):
        print(printable(line), file=sys.stderr)


def run_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export`: one row per annotation, streamed (or per document, or per token)."""
    if args.format in ("wide", "conll"):
        return _run_research_export(project_path, args)
    with _project(project_path) as project:
        n = export_annotations(
            project, args.out, args.format, args.annotators, args.labels, args.documents,
            args.spreadsheet,
        )
    if args.out != "-":
        print(printable(ntext(n, "{count} annotation written to {file}",
                              "{count} annotations written to {file}", file=args.out)), file=sys.stderr)
    return 0


def _run_research_export(project_path: Path, args: argparse.Namespace) -> int:
    """`--format wide`: one row per document; `--format conll`: one line per token, a tag per label."""
    from annotator.io.conll_export import unfit_labels, write_conll
    from annotator.io.wide_export import write_wide
    from annotator.services.research_export import iter_spanned_documents, research_selection

    with _project(project_path) as project:
        selection = research_selection(project, args.annotators, args.labels, args.documents)
        if args.format == "conll":
            if len(selection.annotators) > 1:
                raise InvalidInput(_(
                    "--format conll writes one annotator's spans, and the selection has spans by "
                    "{names}: pick one with --annotator NAME").format(names=", ".join(selection.annotators)))
            if unfit := unfit_labels(selection.labels):
                raise InvalidInput(_("label {label} holds a tab or a line break, which separate CoNLL "
                                     "columns: rename it, or leave it out with --label").format(
                                         label=repr(unfit[0])))
            # only the annotator checked, even if someone else's spans arrive meanwhile ("": nobody)
            selection = replace(selection, annotator_filter=selection.annotators or ("",))
        documents = iter_spanned_documents(project, selection)
        try:
            with output_file(args.out, project.path) as out:
                if args.format == "wide":
                    n = write_wide(documents, selection.labels, out, spreadsheet=args.spreadsheet)
                    summary = counted(n, "document", "documents")
                else:
                    n, tokens = write_conll(documents, selection.labels, out)
                    summary = _("{tokens} of {documents}").format(
                        tokens=counted(tokens, "token", "tokens"),
                        documents=counted(n, "document", "documents"))
        finally:
            documents.close()
    if args.out != "-":
        print(printable(_("{summary} written to {file}").format(summary=summary, file=args.out)),
              file=sys.stderr)
    return 0


def run_documents(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator documents`: each stored text as `<document id>.txt`, UTF-8, `\\n` line ends."""
    with _project(project_path) as project:
        n = write_document_texts(
            iter_document_files(project), args.out,
            project.path,
        )
    print(printable(ntext(n, "{count} document written to {folder}", "{count} documents written to {folder}",
                          folder=args.out.expanduser().absolute())))
    return 0


def run_info(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator info`: documents, and annotations per annotator and per label."""
    with _project(project_path) as project:
        summary = project_summary(project)
        codes_per_annotator, codes_per_label = document_code_counts(project)
    print(printable(_("project: {path}").format(path=project_path)))
    print(_("documents: {count}").format(count=number(len(summary.documents))))
    for doc in summary.documents:
        print(printable(f"  {doc.uuid}  {doc.date or '       '}  {number(doc.annotation_count):>6}  "
                        f"{doc.title}"))
    print(_("annotations: {count}").format(count=number(summary.total_annotations)))
    print(_("per annotator:"))
    for name, n in summary.per_annotator.items():
        print(printable(f"  {number(n):>8}  {name}"))
    print(_("per label:"))
    for name, n in summary.per_label.items():
        if name not in codes_per_label:
            print(printable(f"  {number(n):>8}  {name}"))
    if codes_per_label:
        print(_("document codes: {count}").format(count=number(sum(codes_per_annotator.values()))))
        print(_("per annotator:"))
        for name, n in codes_per_annotator.items():
            print(printable(f"  {number(n):>8}  {name}"))
        print(_("per document label:"))
        for name, n in codes_per_label.items():
            print(printable(f"  {number(n):>8}  {name}"))
    return 0


def _label_kind(kind: str) -> str:
    """What a label codes (its kind code), worded."""
    if kind == "span":
        return pgettext("label kind", "span")
    if kind == "document":
        return pgettext("label kind", "document")
    return kind


def _print_label(label: LabelInfo) -> None:
    key = label.shortcut or "-"
    print(printable(f"[{key}] {label.name}  {label.color}  ({_label_kind(label.kind)})"))
    for line in label.definition.splitlines() or [""]:
        print(printable(f"    {line}"))


def run_labels(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator labels`: the codebook with keys, colours and definitions; span labels first,
    then the document labels (codes of a whole document), if any."""
    with _project(project_path) as project:
        labels = list_labels(project)
        document_labels = list_labels(project, kind="document")
        rules = list_link_rules(project)
    for label in labels:
        _print_label(label)
    if document_labels:
        print(_("document labels (set on a whole document):"))
        for label in document_labels:
            _print_label(label)
    print(_("links:"))
    for rule in rules:
        print(printable(f"  {rule.from_label} -{rule.relation}-> {rule.to_label}"))
    if not rules:
        print("  " + _("(none allowed)"))
    return 0
