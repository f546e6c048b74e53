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
from annotator.domain.wording import counted
from annotator.operations import export_annotations, output_file, read_files, write_document_texts
from annotator.services.document_codes import document_code_counts
from annotator.services.documents import import_texts, iter_document_files
from annotator.services.labels import list_labels
from annotator.services.links import list_link_rules
from annotator.services.project import project_summary


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
            for outcome in import_texts(project, texts):
                counts[outcome.status] += 1
                print(printable(f"{outcome.status}: {outcome.source_name} "
                                f"({outcome.document.title})"))
    for problem in problems:
        print(printable(f"annotator: skipped {problem.path}: {problem.reason}"), file=sys.stderr)
    print(
        f"{counts['imported']} imported, {counts['already in project']} already in project, "
        f"{len(problems)} not imported"
    )
    return 1 if problems else 0


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
        print(printable(f"{n} annotations written to {args.out}"), file=sys.stderr)
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
                raise InvalidInput(
                    f"--format conll writes one annotator's spans, and the selection has spans by "
                    f"{', '.join(selection.annotators)}: pick one with --annotator NAME")
            if unfit := unfit_labels(selection.labels):
                raise InvalidInput(f"label {unfit[0]!r} holds a tab or a line break, which "
                                   f"separate CoNLL columns: rename it, or leave it out with --label")
            # only the annotator checked, even if someone else's spans arrive meanwhile ("": nobody)
            selection = replace(selection, annotator_filter=selection.annotators or ("",))
        documents = iter_spanned_documents(project, selection)
        try:
            with output_file(args.out, project.path) as out:
                if args.format == "wide":
                    n = write_wide(documents, selection.labels, out, spreadsheet=args.spreadsheet)
                    summary = counted(n, "document")
                else:
                    n, tokens = write_conll(documents, selection.labels, out)
                    summary = f"{counted(tokens, 'token')} of {counted(n, 'document')}"
        finally:
            documents.close()
    if args.out != "-":
        print(printable(f"{summary} written to {args.out}"), file=sys.stderr)
    return 0


def run_documents(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator documents`: each stored text as `<document id>.txt`, UTF-8, `\\n` line ends."""
    with _project(project_path) as project:
        n = write_document_texts(
            iter_document_files(project), args.out,
            project.path,
        )
    print(printable(f"{n} documents written to {args.out.expanduser().absolute()}"))
    return 0


def run_info(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator info`: documents, and annotations per annotator and per label."""
    with _project(project_path) as project:
        summary = project_summary(project)
        codes_per_annotator, codes_per_label = document_code_counts(project)
    print(printable(f"project: {project_path}"))
    print(f"documents: {len(summary.documents)}")
    for doc in summary.documents:
        print(printable(f"  {doc.uuid}  {doc.date or '       '}  {doc.annotation_count:>6}  "
                        f"{doc.title}"))
    print(f"annotations: {summary.total_annotations}")
    print("per annotator:")
    for name, n in summary.per_annotator.items():
        print(printable(f"  {n:>8}  {name}"))
    print("per label:")
    for name, n in summary.per_label.items():
        if name not in codes_per_label:
            print(printable(f"  {n:>8}  {name}"))
    if codes_per_label:
        print(f"document codes: {sum(codes_per_annotator.values())}")
        print("per annotator:")
        for name, n in codes_per_annotator.items():
            print(printable(f"  {n:>8}  {name}"))
        print("per document label:")
        for name, n in codes_per_label.items():
            print(printable(f"  {n:>8}  {name}"))
    return 0


def _print_label(label: LabelInfo) -> None:
    key = label.shortcut or "-"
    print(printable(f"[{key}] {label.name}  {label.color}  ({label.kind})"))
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
        print("document labels (set on a whole document):")
        for label in document_labels:
            _print_label(label)
    print("links:")
    for rule in rules:
        print(printable(f"  {rule.from_label} -{rule.relation}-> {rule.to_label}"))
    if not rules:
        print("  (none allowed)")
    return 0
