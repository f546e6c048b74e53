"""Annotations as export rows, streamed in document order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Subquery, func, select

from annotator.domain.review import DECISIVE_VERDICTS
from annotator.services._refs import annotator_names, document_ids, label_names
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label, Review
from annotator.store.queries import ordered_document_text_reader

#: Rows fetched per round trip from a server while streaming.
BATCH_ROWS = 5000
#: Rows fetched per driver call from a project file: SQLite's driver lets go of the interpreter
#: lock row after row but takes it back at once, so the window's thread waits until the whole
#: batch is read; 500 rows are a few milliseconds, and as many as a worker writes between two
#: progress reports (where it steps aside for the window).
FILE_BATCH_ROWS = 500

ExportTuple = tuple[
    str, str, str, str | None, str, str, str, int, int, str, str, str, str,
    str, str, str, str, str, str, str,
]


def _latest_reviews(decisive: bool) -> Subquery:
    """Each reviewed annotation's latest review (of any kind, or only accept/reject)."""
    newest_first = func.row_number().over(
        partition_by=Review.annotation_id, order_by=(Review.created_at.desc(), Review.id.desc())
    )
    query = select(
        Review.annotation_id, Review.verdict, Review.reviewer, Review.comment, Review.created_at,
        newest_first.label("rank"),
    )
    if decisive:
        query = query.where(Review.verdict.in_(DECISIVE_VERDICTS))
    return query.subquery()


def iter_export_rows(
    project: Project,
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> Iterator[ExportTuple]:
    """Yield one tuple per annotation in `EXPORT_COLUMNS` order; `text` is sliced from the stored text.

    `documents` match a document's id (UUID), SHA-256 or source file name; `labels` match names
    ignoring case. Unknown labels,
    annotators or documents are refused before anything is yielded (a typo must not look like "no rows").
    """
    with store_of(project).read() as session:
        latest = _latest_reviews(decisive=False)
        decided = _latest_reviews(decisive=True)
        query = (
            select(
                Annotation.uuid,
                Document.uuid,
                Document.title,
                Document.date,
                Document.sha256,
                Annotation.annotator,
                Label.name,
                Annotation.start,
                Annotation.end,
                Annotation.note,
                Annotation.created_at,
                Annotation.updated_at,
                Annotation.document_id,
                func.coalesce(decided.c.verdict, latest.c.verdict, ""),
                func.coalesce(latest.c.reviewer, ""),
                func.coalesce(latest.c.comment, ""),
                func.coalesce(latest.c.created_at, ""),
                Document.outlet,
                Document.url,
                Annotation.origin,
            )
            .join(Document, Document.id == Annotation.document_id)
            .join(Label, Label.id == Annotation.label_id)
            .outerjoin(latest, (latest.c.annotation_id == Annotation.id) & (latest.c.rank == 1))
            .outerjoin(decided, (decided.c.annotation_id == Annotation.id) & (decided.c.rank == 1))
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)
        )
        chosen = []
        if labels:  # names as the codebook spells them, matched ignoring case
            chosen.append(Label.name.in_(label_names(session, labels)))
        if annotators:
            chosen.append(Annotation.annotator.in_(annotator_names(session, annotators)))
        if documents:
            chosen.append(Annotation.document_id.in_(document_ids(session, documents)))
        query = query.where(*chosen)
        # The documents the rows below come from, in their order: their texts are read a few at once.
        exported_documents = (
            select(Annotation.document_id).join(Label, Label.id == Annotation.label_id).where(*chosen)
            .distinct().order_by(Annotation.document_id)
        )

        conn = session.connection()
        text_of = ordered_document_text_reader(conn, lambda: conn.execute(exported_documents).scalars().all())
        current_id = -1
        text = ""
        # Core rows, not ORM results: streaming a million rows stays close to a bare cursor.
        batch = FILE_BATCH_ROWS if conn.dialect.name == "sqlite" else BATCH_ROWS
        result = conn.execution_options(yield_per=batch).execute(query)
        for row in result:
            (a_uuid, d_uuid, title, date, sha, annotator, label, start, end, note, created,
             updated, document_id, status, reviewer, comment, reviewed_at, outlet, url, origin) = row
            if document_id != current_id:
                current_id = document_id
                text = text_of(document_id)
            yield (a_uuid, d_uuid, title, date, sha, annotator, label, start, end,
                   text[start:end], note, created, updated, status, reviewer, comment, reviewed_at,
                   outlet, url, origin)
