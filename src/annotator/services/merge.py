"""Bringing a colleague's work in: another project file or an annotation CSV, all-or-nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from contextlib import closing
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Select, String, literal, null, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from annotator.domain.error_wording import ErrorCode, Plural
from annotator.domain.errors import InvalidInput, ProjectError, register_wording
from annotator.domain.merge import MergeRefused, MergeReport
from annotator.domain.records import (
    ImportedText,
    IncomingBatch,
    IncomingDocumentCode,
    IncomingDocumentCodeReview,
    IncomingLabel,
    IncomingLink,
    IncomingReview,
)
from annotator.i18n import N_
from annotator.io.annotation_csv import CsvReading, read_annotation_csv_rows
from annotator.io.read_problems import Problem, ReadProblem
from annotator.services._merge_annotations import IncomingRow, let_go
from annotator.services._merging import merge_into
from annotator.services.collector import paused_collector
from annotator.services.handle import Project, store_of
from annotator.store.engine import ProjectStore, connect, sidecars
from annotator.store.models import (
    Annotation,
    Document,
    DocumentCode,
    DocumentCodeReview,
    Label,
    Link,
    Review,
)
from annotator.store.project_file import SQLITE_MAGIC, is_regular_file, open_store, same_place
from annotator.store.queries import bulk_write_cache, plain_rows
from annotator.store.team import for_everyone


class MergeProblem(StrEnum):
    """Why a file given to merge was refused (a reason code)."""

    STORE_REFUSED = "merge_store_refused"  # values: detail (the database's words)
    IS_FOLDER = "merge_is_folder"
    NO_SUCH_FILE = "merge_no_such_file"
    OPEN_PROJECT = "merge_open_project"
    NOT_REGULAR = "merge_not_regular"  # values: path
    CANNOT_READ_PROJECT = "merge_cannot_read_project"  # values: path, detail
    UNREADABLE_PROJECT = "merge_unreadable_project"  # values: path, detail
    EMPTY_DATABASE = "merge_empty_database"  # values: path


#: How each reason is worded (English, the catalogue's msgid; `describe` translates).
MERGE_WORDING: dict[str, str | Plural] = {
    MergeProblem.STORE_REFUSED: N_("the project refused the change ({detail})"),
    MergeProblem.IS_FOLDER: N_("is a folder; give a project file or a CSV file"),
    MergeProblem.NO_SUCH_FILE: N_("no such file"),
    MergeProblem.OPEN_PROJECT: N_("is the open project itself"),
    MergeProblem.NOT_REGULAR: N_(
        "{path}: not a regular file (a device, pipe or socket); only regular files are read"),
    MergeProblem.CANNOT_READ_PROJECT: N_("{path}: cannot read the project file ({detail})"),
    MergeProblem.UNREADABLE_PROJECT: N_("{path}: not a readable project file ({detail})"),
    MergeProblem.EMPTY_DATABASE: N_("{path}: not an Annotator project (an empty SQLite database)"),
}
register_wording(MERGE_WORDING)

MergeProgress = Callable[[int, int, str], None]
"""Called as progress(done, total, stage) as a merge goes; `stage` is READING (the file), then
"checking" and "storing" (see `_merging`). What it raises stops the merge: nothing is stored."""
READING = "reading"


def _where(code: ErrorCode, file: str, item: str) -> Problem:
    """Where an item of a merged project is ("theirs.annotator: review …"): a string, worded in
    the reader's language wherever a problem or a skip names it."""
    return Problem(code, file=file, id=item)


def merge_batch(project: Project, batch: IncomingBatch,
                progress: MergeProgress | None = None) -> MergeReport:
    """Store a batch of incoming work in one transaction and say what was done.

    Every importer (colleague's project, annotation CSV, brat, REFI-QDA) builds an IncomingBatch
    and calls this; nothing else writes incoming work. The rules:

    - documents: matched by SHA-256; those P lacks are added with their metadata, keeping their
      UUID unless another document of P has it. A SHA-256 that does not match the text refuses.
    - labels: found by name (case aside); missing ones are created (colour and definition from
      `batch.labels` when given) and listed in `labels_created`.
    - annotations: the document by `document_sha256`, else `document_uuid`, else a title unique
      in P. A same-UUID annotation is replaced when the incoming `updated_at` is later (skipped
      "unchanged" / "ours is newer" otherwise); one that repeats an existing annotation (same
      document, label, annotator, start, end) under another UUID is skipped; so is one whose
      `text` is not the document's `text[start:end]`. Annotator and UUID are kept; a missing
      UUID gets a fresh one, a missing created_at is now, a missing updated_at is created_at.
    - document codes: the document as for annotations, the label a document label (created as
      one when missing); by UUID (replaced when theirs is newer), else skipped when the same
      annotator set the same label on the same document.
    - reviews and links: by UUID (and by content: same annotation, reviewer, verdict and time;
      same ends and relation); one whose annotation is in neither project is skipped.
    - reviews of document codes: likewise, naming their code by UUID (a code skipped as a
      duplicate of ours gives its reviews to ours).

    Structural problems (a document in neither project, a span outside its document, a bad
    verdict or timestamp, an empty label or annotator) raise MergeRefused listing `where` of
    each, and nothing is stored. Skips are reported in `MergeReport.skipped` as (where, reason).
    Times not in UTC (an offset, no zone) are stored converted to UTC, so that they sort.
    `progress`: see MergeProgress.
    """
    with paused_collector():
        return _merge(project, batch, progress=progress)


def _merge(project: Project, batch: IncomingBatch, rows: list[IncomingRow] | None = None,
           csv: CsvReading | None = None, progress: MergeProgress | None = None) -> MergeReport:
    """merge_batch, the annotations given either in `batch` or as IncomingRows; a CSV's
    unreadable rows are refused together with what only the project shows wrong."""
    try:
        with store_of(project).write_connection() as conn, bulk_write_cache(conn):
            for_everyone(conn)  # a colleague's newer spans replace theirs, whoever works here
            if csv is None:
                return merge_into(conn, batch, rows, progress=progress)
            return merge_into(conn, batch, rows, csv.problems, csv.made_up_uuids, progress)
    except IntegrityError as exc:
        refused = Problem(MergeProblem.STORE_REFUSED, detail=str(exc.orig))
        raise MergeRefused(batch.source, [refused]) from None


def merge_file(project: Project, path: Path | str,
               progress: MergeProgress | None = None) -> MergeReport:
    """Merge another project file (recognised by SQLite's header) or an annotation CSV
    (`progress`: see MergeProgress)."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise MergeRefused(str(path), [Problem(MergeProblem.IS_FOLDER)])
    if not path.exists():
        raise MergeRefused(str(path), [Problem(MergeProblem.NO_SUCH_FILE)])
    if project.path is not None and same_place(path, Path(project.path)):
        raise MergeRefused(str(path), [Problem(MergeProblem.OPEN_PROJECT)])
    header = _read_header(path)
    if progress is not None:
        progress(0, 0, READING)
    with paused_collector():  # 100,000 incoming rows and as many stored ones: no cycles among them
        if header != SQLITE_MAGIC:
            reading = read_annotation_csv_rows(path)
            return _merge(project, reading.batch, csv=reading, progress=progress)
        batch, rows = _read_project(path, progress)
        return _merge(project, batch, rows, progress=progress)


def _read_header(path: Path) -> bytes:
    """The first bytes of `path`, read without waiting and without reading on: a pipe, a device
    or a socket is refused before anything is read from it."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise InvalidInput(code=MergeProblem.NOT_REGULAR, path=path)
        return os.read(handle, len(SQLITE_MAGIC))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    finally:
        os.close(handle)


def _read_project(path: Path, progress: MergeProgress | None = None
                  ) -> tuple[IncomingBatch, list[IncomingRow]]:
    """The batch without its annotations, and the annotations as merge rows (`progress` is
    called as they are read, every few thousand).

    The colleague's file is only ever read, as bytes, into a temporary folder; everything else
    (the schema check, an upgrade, the queries) happens on that copy, which is removed however
    the merge ends (a refusal, an error, Ctrl+C).
    """
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        copy = Path(folder) / "colleague.annotator"
        try:
            _copy_database(path, copy)
            store = open_store(copy, create=False)
            try:
                return _read_batch(store, path, progress)
            finally:
                store.close()
        except ProjectError as exc:
            raise _renamed(exc, copy, path) from None


def _unreadable(path: Path, exc: OSError) -> MergeRefused:
    return MergeRefused(str(path), [Problem(ReadProblem.CANNOT_READ, detail=exc.strerror or exc)])


def _renamed(exc: ProjectError, copy: Path, path: Path) -> ProjectError:
    """The refusal `exc` met on the scratch `copy`, said of the file `path` the user gave: each
    value naming the copy names `path` instead."""
    if not exc.code:
        return ProjectError(str(exc).replace(str(copy), str(path)))
    values: dict[str, Any] = {key: path if str(value) == str(copy) else value
                              for key, value in exc.values.items()}
    return ProjectError(code=exc.code, **values)


def _copy_database(path: Path, copy: Path) -> None:
    """Copy the file and its write-ahead log, if any, as bytes: nothing is opened beside `path`,
    and only regular files are read."""
    wal = sidecars(path)[0]
    for source, target in ((path, copy), (wal, sidecars(copy)[0])):
        if source is wal and not (wal.exists() or wal.is_symlink()):
            continue
        if not is_regular_file(source):
            raise ProjectError(code=MergeProblem.NOT_REGULAR, path=source)
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            raise ProjectError(code=MergeProblem.CANNOT_READ_PROJECT, path=path,
                               detail=exc.strerror or exc) from None
    try:
        with closing(connect(copy, read_only=True)) as conn:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    except sqlite3.Error as exc:
        raise ProjectError(code=MergeProblem.UNREADABLE_PROJECT, path=path, detail=str(exc)) from None
    if not tables or tables[0] == 0:
        raise ProjectError(code=MergeProblem.EMPTY_DATABASE, path=path)


def _read_batch(store: ProjectStore, path: Path, progress: MergeProgress | None = None
                ) -> tuple[IncomingBatch, list[IncomingRow]]:
    name = path.name
    pace = None if progress is None else (lambda: progress(0, 0, READING))
    with store.read() as session:
        conn = session.connection()
        documents = tuple(
            ImportedText(source, title, date, text, sha, author, outlet, url, language, doc_uuid)
            for (source, title, date, text, sha, author, outlet, url, language, doc_uuid)
            in conn.execute(select(
                Document.source_name, Document.title, Document.date, Document.text,
                Document.sha256, Document.author, Document.outlet, Document.url,
                Document.language, Document.uuid,
            ).order_by(Document.id))
        )
        labels = tuple(
            IncomingLabel(label, color, definition, kind)
            for label, color, definition, kind in conn.execute(
                select(Label.name, Label.color, Label.definition, Label.kind)
                .order_by(Label.position)
            )
        )
        codes = tuple(
            IncomingDocumentCode(_where(ErrorCode.MERGE_WHERE_CODE, name, c_uuid), label, annotator, sha,
                                 uuid=c_uuid, note=note, created_at=created, updated_at=updated)
            for c_uuid, label, annotator, sha, note, created, updated in conn.execute(
                select(DocumentCode.uuid, Label.name, DocumentCode.annotator, Document.sha256,
                       DocumentCode.note, DocumentCode.created_at, DocumentCode.updated_at)
                .join(Label, Label.id == DocumentCode.label_id)
                .join(Document, Document.id == DocumentCode.document_id)
                .order_by(DocumentCode.id)
            )
        )
        code_reviews = tuple(
            IncomingDocumentCodeReview(_where(ErrorCode.MERGE_WHERE_CODE_REVIEW, name, r_uuid), r_uuid,
                                       c_uuid, reviewer, verdict, comment, created)
            for r_uuid, c_uuid, reviewer, verdict, comment, created in conn.execute(
                select(DocumentCodeReview.uuid, DocumentCode.uuid, DocumentCodeReview.reviewer,
                       DocumentCodeReview.verdict, DocumentCodeReview.comment,
                       DocumentCodeReview.created_at)
                .join(DocumentCode, DocumentCode.id == DocumentCodeReview.document_code_id)
                .order_by(DocumentCodeReview.id)
            )
        )
        read = plain_rows(conn, _annotations_of(name), between=pace)
        rows = list(map(IncomingRow._make, read))
        let_go(read, pace)  # the driver's tuples, a part at a time rather than all at once
        reviews = tuple(
            IncomingReview(_where(ErrorCode.MERGE_WHERE_REVIEW, name, r_uuid), r_uuid, a_uuid, reviewer,
                           verdict, comment, created)
            for r_uuid, a_uuid, reviewer, verdict, comment, created in conn.execute(
                select(Review.uuid, Annotation.uuid, Review.reviewer, Review.verdict,
                       Review.comment, Review.created_at)
                .join(Annotation, Annotation.id == Review.annotation_id)
                .order_by(Review.id)
            )
        )
        source, target = aliased(Annotation), aliased(Annotation)
        links = tuple(
            IncomingLink(_where(ErrorCode.MERGE_WHERE_LINK, name, l_uuid), l_uuid, relation, from_uuid,
                         to_uuid, annotator, created)
            for l_uuid, relation, from_uuid, to_uuid, annotator, created in conn.execute(
                select(Link.uuid, Link.relation, source.uuid, target.uuid, Link.annotator,
                       Link.created_at)
                .join(source, source.id == Link.from_annotation_id)
                .join(target, target.id == Link.to_annotation_id)
                .order_by(Link.id)
            )
        )
    return IncomingBatch(str(path), documents, labels, (), reviews, links, codes, code_reviews), rows


def _annotations_of(file_name: str) -> Select:
    """The colleague's annotations as IncomingRows, read with Core into plain tuples (100,000
    rows: the ORM would cost seconds)."""
    return (
        select(literal(f"{file_name}: annotation ", String) + Annotation.uuid, Label.name,
               Annotation.start, Annotation.end, Annotation.annotator, Document.sha256, null(),
               Annotation.uuid, Annotation.note, null(), Annotation.created_at,
               Annotation.updated_at, null(), Annotation.origin)
        .join(Document, Document.id == Annotation.document_id)
        .join(Label, Label.id == Annotation.label_id)
        .order_by(Annotation.id)
    )
