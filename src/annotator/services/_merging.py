"""One merge in one transaction: an IncomingBatch checked and stored by its collaborators,
documents, labels, annotations, reviews, links, document codes and their reviews, each given
what it needs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import attrgetter

from sqlalchemy import Connection

from annotator.domain import merge as M
from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.ids import canonical_uuid
from annotator.domain.records import IncomingBatch
from annotator.services._merge_annotations import AnnotationMerger, IncomingRow, as_row, let_go
from annotator.services._merge_document_code_reviews import (
    check_document_code_reviews,
    merge_document_code_reviews,
)
from annotator.services._merge_document_codes import DocumentCodeMerger
from annotator.services._merge_documents import DocumentMatcher
from annotator.services._merge_labels import resolve_labels
from annotator.services._merge_links import merge_links
from annotator.services._merge_log import MergeLog
from annotator.services._merge_reviews import merge_reviews

_WHERE_AND_LABEL = attrgetter("where", "label")

#: The steps a merge reports as `progress(done, STEPS, stage)`: checked, then stored.
STEPS = 8
CHECKING, STORING = "checking", "storing"


def merge_into(
    conn: Connection,
    batch: IncomingBatch,
    rows: Sequence[IncomingRow] | None = None,
    problems: Sequence[str] = (),
    made_up_uuids: frozenset[str] = frozenset(),
    progress: Callable[[int, int, str], None] | None = None,
) -> M.MergeReport:
    """Check and store `batch` on `conn`, inside its transaction; raise MergeRefused before
    anything would be committed.

    The annotations are `batch.annotations`, or `rows` when given (a project file hands them
    over as read); `problems` are a CSV's unreadable rows, refused with the rest, and
    `made_up_uuids` the UUIDs given to its rows without one; a list of `rows` is emptied once
    stored (100,000 rows are let go of a part at a time). `progress(done, STEPS, stage)` is
    called between the steps (`stage` CHECKING, then STORING), and again within the steps that
    read or write many rows; what it raises stops the merge inside the transaction, which is
    then rolled back.
    """
    step = iter(range(STEPS))
    last: list[tuple[int, str]] = [(0, CHECKING)]  # the step last reported, and its stage

    def report(stage: str) -> None:
        if progress is not None:
            last[0] = (next(step, STEPS - 1), stage)
            progress(last[0][0], STEPS, stage)

    def pace() -> None:
        """Within a step that reads or writes many rows: the same report again, every few
        thousand rows (where the window gets its turn; see `execute_many`)."""
        if progress is not None:
            progress(last[0][0], STEPS, last[0][1])

    report(CHECKING)
    now = utc_now_iso()
    log = MergeLog(batch.source, list(problems), in_row_order=bool(problems))
    rows = list(map(IncomingRow._make, map(as_row, batch.annotations))) if rows is None else rows
    rows, batch = _checked_ids(log, rows, batch)
    documents = DocumentMatcher(conn, log, now)
    documents.add(batch.documents)
    report(CHECKING)
    document_label_ids: set[int] = set()
    label_ids, labels_created = resolve_labels(conn, log, batch.labels,
                                               map(_WHERE_AND_LABEL, rows), document_label_ids,
                                               map(_WHERE_AND_LABEL, batch.document_codes))
    if document_label_ids:
        _refuse_spans_of_document_labels(log, rows, label_ids, document_label_ids)
    report(CHECKING)
    annotations = AnnotationMerger(conn, log, documents, label_ids, now, made_up_uuids,
                                   pace if progress is not None else None)
    annotations.decide(rows)
    report(CHECKING)
    codes = DocumentCodeMerger(conn, log, documents, label_ids, document_label_ids, now)
    codes.decide(batch.document_codes)
    check_document_code_reviews(log, batch.document_code_reviews)
    log.refuse_if_problems()
    report(STORING)
    annotations.store()
    report(STORING)
    codes.store()
    code_reviews_added = merge_document_code_reviews(
        conn, log, batch.document_code_reviews,
        codes.ids_of(r.document_code_uuid for r in batch.document_code_reviews),
    ) if batch.document_code_reviews else 0
    reviews_added = links_added = 0
    if batch.reviews or batch.links:
        ids = annotations.ids_of([r.annotation_uuid for r in batch.reviews]
                                 + [u for link in batch.links
                                    for u in (link.from_annotation_uuid, link.to_annotation_uuid)])
        reviews_added = merge_reviews(conn, log, batch.reviews, ids)
        links_added = merge_links(conn, log, batch.links, ids)
    log.refuse_if_problems()
    merged = M.MergeReport(
        source=batch.source,
        documents_added=documents.added,
        labels_created=tuple(labels_created),
        annotations_added=len(annotations.inserts),
        annotations_updated=len(annotations.updates),
        reviews_added=reviews_added,
        links_added=links_added,
        skipped=tuple(log.skipped),
        document_codes_added=len(codes.inserts),
        document_codes_updated=len(codes.updates),
        document_code_reviews_added=code_reviews_added,
    )
    annotations.let_go()
    if isinstance(rows, list):
        let_go(rows, pace if progress is not None else None)
    report(STORING)  # the last moment to stop: the transaction commits next
    return merged


def _refuse_spans_of_document_labels(log: MergeLog, rows: Sequence[IncomingRow],
                                     label_ids: dict[str, int], document_ids: set[int]) -> None:
    """A span cannot have a label that codes whole documents here."""
    for row in rows:
        if label_ids.get(row.label) in document_ids:
            log.problem(row.where, Worded(ErrorCode.MERGE_LABEL_DOCUMENTS_HERE, {"label": row.label}))


def _checked_ids(
    log: MergeLog, rows: Sequence[IncomingRow], batch: IncomingBatch
) -> tuple[Sequence[IncomingRow], IncomingBatch]:
    """Every id an annotation, review, link or review of a document code brings must be a UUID
    (kept in its canonical form); one that is not refuses the file. Documents: see
    DocumentMatcher.add."""

    def checked(where: str, value: str, code: ErrorCode = ErrorCode.MERGE_ID_NOT_UUID) -> str | None:
        found = canonical_uuid(value)
        if found is None:
            log.problem(where, Worded(code, {"value": value}))
        return found

    fixed: list[IncomingRow] | None = None
    for index, row in enumerate(rows):
        if row.uuid and canonical_uuid(row.uuid) != row.uuid:
            canonical = checked(row.where, row.uuid)
            if canonical is not None:
                fixed = list(rows) if fixed is None else fixed
                fixed[index] = row._replace(uuid=canonical)
    reviews = [replace(review, uuid=checked(review.where, review.uuid) or "",
                       annotation_uuid=checked(review.where, review.annotation_uuid,
                                               ErrorCode.MERGE_ANNOTATION_ID_NOT_UUID) or "")
               for review in batch.reviews]
    links = [replace(link, uuid=checked(link.where, link.uuid) or "",
                     from_annotation_uuid=checked(link.where, link.from_annotation_uuid,
                                                  ErrorCode.MERGE_ORIGIN_ID_NOT_UUID) or "",
                     to_annotation_uuid=checked(link.where, link.to_annotation_uuid,
                                                ErrorCode.MERGE_TARGET_ID_NOT_UUID) or "")
             for link in batch.links]
    code_reviews = [replace(review, uuid=checked(review.where, review.uuid) or "",
                            document_code_uuid=checked(review.where, review.document_code_uuid,
                                                       ErrorCode.MERGE_CODE_ID_NOT_UUID) or "")
                    for review in batch.document_code_reviews]
    if reviews or links or code_reviews:
        batch = replace(batch, reviews=tuple(reviews), links=tuple(links),
                        document_code_reviews=tuple(code_reviews))
    return (rows if fixed is None else fixed), batch
