"""Work shared by the command line and the window: reading files for import, writing exports."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from annotator.domain.errors import ImportProblem
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
from annotator.services.export import iter_export_rows

ReadProgress = Callable[[int, int], None]
"""Called as progress(files done, files in all) before the first file and after each one."""


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
) -> int:
    """Write the filtered annotations to `target` (a path or "-"); returns the row count.

    Bad filters are refused before the output file is created; a file appears only complete;
    the project file is never written over.
    """
    rows = iter_export_rows(project, annotators, labels, documents)
    try:
        first = next(rows, None)
        all_rows = rows if first is None else _chain(first, rows)
        with output_file(target, project.path) as out:
            if fmt == "jsonl":
                return write_jsonl(all_rows, out)
            return write_csv(all_rows, out, spreadsheet=spreadsheet)
    finally:
        rows.close()  # a refused target ends the read at once


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
