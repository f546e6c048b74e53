"""REFI-QDA projects in and out of a project: the whole codebook, texts, annotations and links."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from annotator.domain.merge import MergeReport
from annotator.io.qdpx import QdpxReading, import_summary, read_qdpx
from annotator.io.qdpx_write import QdpxExport, export_summary, write_qdpx
from annotator.services.document_codes import document_codes_by_document
from annotator.services.handle import Project
from annotator.services.interchange import iter_documents_with_annotations, reported
from annotator.services.labels import list_labels
from annotator.services.merge import READING, MergeProgress, merge_batch

__all__ = ["export_qdpx", "export_summary", "import_qdpx", "import_summary"]


def export_qdpx(
    project: Project,
    target: Path | str | IO[bytes],
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    progress: MergeProgress | None = None,
) -> QdpxExport:
    """Write the project (or a filtered part) as a .qdpx; one document's text at a time.

    Every document is written unless `annotators` or `labels` are named; then only the documents
    with such annotations or document codes. `documents` are written even without any. The
    codebook goes whole, document labels with it; the written documents' document codes (of
    `annotators` and of `labels` when named) go as codings of their whole source.
    The REFI-QDA project is named after the project file, which is never written over.
    `progress`: see `interchange.reported` (a stopped export leaves no file).
    """
    include_empty = bool(documents) or not (annotators or labels)
    codes = document_codes_by_document(project, annotators, labels)
    sources = iter_documents_with_annotations(project, annotators, include_empty or bool(codes),
                                              labels, documents)
    if not include_empty and codes:  # a document coded as a whole, with no such span, goes too
        sources = (source for source in sources if source[2] or source[0].id in codes)
    sources = reported(sources, progress)
    return write_qdpx(target, project.name, list(annotators),
                      list_labels(project, kind=None), sources, project=project.path,
                      document_codes=codes)


def import_qdpx(
    project: Project, path: Path | str, default_annotator: str | None = None,
    sources_folder: Path | str | None = None, progress: MergeProgress | None = None,
) -> tuple[QdpxReading, MergeReport]:
    """Read a .qdpx and merge it into the project, all or nothing; sources outside the archive
    are read only from inside `sources_folder`. `progress`: see MergeProgress (what it raises
    stops the import, and nothing is stored)."""
    if progress is not None:
        progress(0, 0, READING)
    reading = read_qdpx(path, default_annotator, sources_folder)
    return reading, merge_batch(project, reading.batch, progress)
