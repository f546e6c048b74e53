"""Work shared by the command line and the window: reading files for import, writing exports.

The window runs these on a worker thread (`ui/widgets/background.py`): each takes an optional
`StepProgress`, called as `progress(done, total, stage)` as the work goes (total 0: unknown; `stage`
a code the window words: "reading", "suggesting", "annotations_written", "writing"). The
callable may raise to stop the work; what was begun is then undone (no file appears, no row is
stored).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TextIO

from annotator.domain.errors import ImportProblem, InvalidInput
from annotator.domain.ids import uuid_file_stem
from annotator.domain.records import ImportedText
from annotator.io.atomic import (
    close_source,
    folder_filled_when_done,
    refuse_project_stream,
    replaced_when_done,
)
from annotator.io.export import write_csv, write_jsonl
from annotator.io.readers import discover_files, read_document_file
from annotator.services import Project
from annotator.services.documents import import_texts
from annotator.services.export import iter_export_rows

ReadProgress = Callable[[int, int], None]
"""Called as progress(files done, files in all) before the first file and after each one."""

StepProgress = Callable[[int, int, str], None]
"""Called as progress(done, total or 0, stage code); may raise to stop the work."""

#: Export rows between two progress reports (a few milliseconds of work: each report is also
#: where the window's worker steps aside when the window waits to run).
ROWS_PER_REPORT = 500
#: Export formats the window offers; wide and conll are written by `export_research`.
RESEARCH_FORMATS = ("wide", "conll")


@dataclass(frozen=True)
class FilesImported:
    """What `import_files` did: documents stored, already there, and files not imported."""

    imported: int
    already: int
    problems: list[ImportProblem]


def import_files(
    project: Project, paths: Sequence[Path], progress: StepProgress | None = None,
    storing: Callable[[], None] | None = None,
) -> FilesImported:
    """Read the files (text, HTML, DOCX, PDF) and store them all in one transaction.

    `progress` is called before each file and may raise to stop before anything is stored;
    `storing()` is called once reading is done, just before the one transaction (which is not
    interrupted). Unreadable files are returned as problems.
    """
    files, problems = discover_files(paths)
    texts = []
    for done, file in enumerate(files):
        if progress is not None:
            progress(done, len(files), "reading")
        try:
            texts.append(read_document_file(file))
        except ImportProblem as problem:
            problems.append(problem)
    if storing is not None:
        storing()
    imported = already = 0
    if texts:
        suggesting = None if progress is None else (
            lambda done, total: progress(done, total, "suggesting"))
        outcomes = import_texts(project, texts, progress=suggesting)
        imported = sum(o.status == "imported" for o in outcomes)
        already = len(outcomes) - imported
    return FilesImported(imported, already, problems)


def reported(items: Iterable, progress: StepProgress | None, stage: str, every: int = 1) -> Iterator:
    """`items` as they are, with `progress(n, 0, stage)` every `every` items (n: items so far)."""
    if progress is None:
        yield from items
        return
    source = iter(items)
    n = 0
    try:
        while chunk := list(islice(source, every)):
            progress(n, 0, stage)
            yield from chunk
            n += len(chunk)
        progress(n, 0, stage)
    finally:
        close_source(source)


def read_files(
    paths: Sequence[Path], progress: ReadProgress | None = None
) -> tuple[list[ImportedText], list[ImportProblem]]:
    """Find and read files (text, HTML, DOCX, PDF); what cannot be read is returned as problems,
    not raised."""
    files, problems = discover_files(paths)
    texts = []
    if progress is not None:
        progress(0, len(files))
    for done, file in enumerate(files, start=1):
        try:
            texts.append(read_document_file(file))
        except ImportProblem as problem:
            problems.append(problem)
        if progress is not None:
            progress(done, len(files))
    return texts, problems


def export_annotations(
    project: Project,
    target: str,
    fmt: str = "csv",
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    spreadsheet: bool = False,
    progress: StepProgress | None = None,
) -> int:
    """Write the filtered annotations to `target` (a path or "-"); returns the row count.

    Bad filters are refused before the output file is created; a file appears only complete
    (a `progress` that raises leaves no file); the project file is never written over.
    """
    rows = iter_export_rows(project, annotators, labels, documents)
    try:
        first = next(rows, None)
        all_rows = rows if first is None else _chain(first, rows)
        if progress is not None:
            all_rows = reported(all_rows, progress, "annotations_written", ROWS_PER_REPORT)
        with output_file(target, project.path) as out:
            if fmt == "jsonl":
                return write_jsonl(all_rows, out)
            return write_csv(all_rows, out, spreadsheet=spreadsheet)
    finally:
        rows.close()  # a refused target ends the read at once


def export_research(
    project: Project,
    target: str,
    fmt: str,
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    spreadsheet: bool = False,
    progress: StepProgress | None = None,
) -> tuple[int, int]:
    """`wide` (one CSV row per document) or `conll` (one line per token, a B/I/O tag per label).

    Returns (documents written, tokens written; 0 for wide). CoNLL takes one annotator's spans
    and labels whose names hold no tab or line break; others are refused before any file is made.
    """
    from annotator.io.conll_export import unfit_labels, write_conll
    from annotator.io.wide_export import write_wide
    from annotator.services.research_export import iter_spanned_documents, research_selection

    if fmt not in RESEARCH_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}")
    selection = research_selection(project, annotators, labels, documents)
    if fmt == "conll":
        if len(selection.annotators) > 1:
            raise InvalidInput(
                f"CoNLL holds one annotator's spans, and the selection has spans by "
                f"{', '.join(selection.annotators)}: choose one annotator")
        if unfit := unfit_labels(selection.labels):
            raise InvalidInput(f"label {unfit[0]!r} holds a tab or a line break, which separate "
                               f"CoNLL columns: rename it, or leave it out")
        # only the annotator checked, even if someone else's spans arrive meanwhile ("": nobody)
        selection = replace(selection, annotator_filter=selection.annotators or ("",))
    spanned = iter_spanned_documents(project, selection)
    try:
        shown = reported(spanned, progress, "writing", 20)
        with output_file(target, project.path) as out:
            if fmt == "wide":
                return write_wide(shown, selection.labels, out, spreadsheet=spreadsheet), 0
            return write_conll(shown, selection.labels, out)
    finally:
        spanned.close()


def _chain(first: tuple, rest: Iterator[tuple]) -> Iterator[tuple]:
    yield first
    yield from rest


@contextmanager
def output_file(target: str, project: Path | None = None) -> Iterator[TextIO]:
    """Stdout for "-", else a file that appears only once complete (a temp file renamed at the end).

    Neither may be the `project` file (or its SQLite side files).
    """
    if target == "-":
        refuse_project_stream(sys.stdout, project)
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=False)
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    with replaced_when_done(Path(target), encoding="utf-8", project=project) as fh:
        yield fh


def write_document_texts(
    texts: Iterator[tuple[str, str]], folder: Path, project: Path | None = None
) -> int:
    """Write (name, text) pairs as UTF-8 files `<name>.txt` in `folder`; returns how many.

    The files appear only once all are written (`folder_filled_when_done`): a new folder at once,
    in an existing one each replacing the file of its name; other files there stay.
    """
    n = 0
    try:
        with folder_filled_when_done(folder, project=project) as work:
            for name, text in texts:
                (work / f"{uuid_file_stem(name)}.txt").write_bytes(text.encode("utf-8"))
                n += 1
    finally:
        close_source(texts)
    return n
