"""The headless subcommands: each opens the project, calls services, prints a short report."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from annotator.domain.errors import AnnotatorError, ImportProblem
from annotator.domain.records import ImportedText
from annotator.io.export import write_csv, write_jsonl
from annotator.io.readers import discover_files, read_document_file
from annotator.services.documents import import_texts, iter_document_texts
from annotator.services.export import iter_export_rows
from annotator.services.labels import list_labels
from annotator.services.project import open_project, project_summary
from annotator.store.engine import ProjectStore


@contextmanager
def _project(path: Path) -> Iterator[ProjectStore]:
    project = open_project(path)
    try:
        if project.backup_path is not None:
            print(f"upgraded the project; the previous version is kept as {project.backup_path}",
                  file=sys.stderr)
        yield project
    finally:
        project.close()


def _require_existing(project_path: Path) -> None:
    if not project_path.exists():
        raise AnnotatorError(f"{project_path}: no such project file")


def read_files(paths: list[Path]) -> tuple[list[ImportedText], list[ImportProblem]]:
    """Find and decode files; what cannot be read is returned as problems, not raised."""
    files, problems = discover_files(paths)
    texts = []
    for file in files:
        try:
            texts.append(read_document_file(file))
        except ImportProblem as problem:
            problems.append(problem)
    return texts, problems


def run_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import`: good files are imported in one transaction; the rest are listed."""
    texts, problems = read_files(args.paths)
    counts = {"imported": 0, "already in project": 0}
    if texts:
        with _project(project_path) as project:
            for outcome in import_texts(project, texts):
                counts[outcome.status] += 1
                print(f"{outcome.status}: {outcome.source_name} ({outcome.document.title})")
    for problem in problems:
        print(f"annotator: skipped {problem.path}: {problem.reason}", file=sys.stderr)
    print(
        f"{counts['imported']} imported, {counts['already in project']} already in project, "
        f"{len(problems)} not imported"
    )
    return 1 if problems else 0


@contextmanager
def _output(target: str, fresh: bool = True) -> Iterator[TextIO]:
    """Stdout, or a file that appears only once complete (a temp file renamed at the end)."""
    if target == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="",
                                  write_through=False)
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    out = Path(target).expanduser().absolute()
    if not out.parent.is_dir():
        raise AnnotatorError(f"{out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise AnnotatorError(f"{out}: is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise AnnotatorError(f"{out}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_annotations(
    project: ProjectStore,
    target: str,
    fmt: str = "csv",
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    spreadsheet: bool = False,
) -> int:
    """Write the filtered annotations to `target` (a path or "-"); returns the row count.

    Bad filters are refused before the output file is created; a file appears only complete.
    """
    rows = iter_export_rows(project, annotators, labels, documents)
    first = next(rows, None)
    all_rows = rows if first is None else _chain(first, rows)
    with _output(target) as out:
        if fmt == "jsonl":
            return write_jsonl(all_rows, out)
        return write_csv(all_rows, out, spreadsheet=spreadsheet)


def run_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export`: one row per annotation, streamed."""
    _require_existing(project_path)
    with _project(project_path) as project:
        n = export_annotations(
            project, args.out, args.format, args.annotators, args.labels, args.documents,
            args.spreadsheet,
        )
    if args.out != "-":
        print(f"{n} annotations written to {args.out}", file=sys.stderr)
    return 0


def _chain(first: tuple, rest: Iterator[tuple]) -> Iterator[tuple]:
    yield first
    yield from rest


def run_documents(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator documents`: each stored text as `<document id>.txt`, UTF-8, `\\n` line ends."""
    _require_existing(project_path)
    out: Path = args.out.expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise AnnotatorError(f"{out}: exists and is not a folder")
    if not out.parent.is_dir():
        raise AnnotatorError(f"{out}: the folder {out.parent} does not exist")
    out.mkdir(exist_ok=True)
    n = 0
    with _project(project_path) as project:
        for doc, text in iter_document_texts(project):
            target = out / f"{doc.uuid}.txt"
            tmp = target.with_suffix(".txt.part")
            tmp.write_bytes(text.encode("utf-8"))
            os.replace(tmp, target)
            n += 1
    print(f"{n} documents written to {out}")
    return 0


def run_info(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator info`: documents, and annotations per annotator and per label."""
    _require_existing(project_path)
    with _project(project_path) as project:
        summary = project_summary(project)
    print(f"project: {project_path}")
    print(f"documents: {len(summary.documents)}")
    for doc in summary.documents:
        print(f"  {doc.uuid}  {doc.date or '       '}  {doc.annotation_count:>6}  {doc.title}")
    print(f"annotations: {summary.total_annotations}")
    print("per annotator:")
    for name, n in summary.per_annotator.items():
        print(f"  {n:>8}  {name}")
    print("per label:")
    for name, n in summary.per_label.items():
        print(f"  {n:>8}  {name}")
    return 0


def run_labels(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator labels`: the codebook with keys, colours and definitions."""
    _require_existing(project_path)
    with _project(project_path) as project:
        labels = list_labels(project)
    for label in labels:
        key = label.shortcut or "-"
        print(f"[{key}] {label.name}  {label.color}")
        for line in label.definition.splitlines() or [""]:
            print(f"    {line}")
    return 0
