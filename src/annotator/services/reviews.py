"""Reviewing a colleague's annotations: verdicts, their history, and a reviewer's gold copies."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.records import AnnotationInfo, ReviewInfo
from annotator.domain.review import (
    ACCEPTED,
    COMMENTED,
    PENDING_STATE,
    ReviewOutcome,
    ReviewState,
    check_verdict,
    review_state,
)
from annotator.domain.validation import clean_annotator
from annotator.services._convert import annotation_info, review_info
from annotator.services._dependents import REVIEW_COLUMNS, dependents_of
from annotator.services._steps import (
    ANNOTATION_COLUMNS,
    annotations_by_uuid,
    changed_since,
    dict_without,
    insert_keeping_ids,
    refusing_clashes,
    same_annotation,
)
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label, Review
from annotator.store.queries import in_chunks


def _annotation(session: Session, annotation_id: int) -> tuple[Annotation, str]:
    ann = session.get(Annotation, annotation_id) if isinstance(annotation_id, int) else None
    if ann is None:
        raise NotFound(code=ErrorCode.ANNOTATION_GONE_QUOTED, annotation=annotation_id)
    label = session.get(Label, ann.label_id)
    return ann, label.name if label is not None else ""


# Built once: A in review mode runs these on every keystroke.
_ANNOTATION_BY_ID = (
    select(*ANNOTATION_COLUMNS)
    .join(Label, Label.id == Annotation.label_id)
    .where(Annotation.id == bindparam("annotation_id"))
)
#: The reviewer's annotation with the same document, label and span, if they have one.
_OWN_COPY = (
    select(*ANNOTATION_COLUMNS)
    .join(Label, Label.id == Annotation.label_id)
    .where(
        Annotation.document_id == bindparam("document_id"),
        Annotation.label_id == bindparam("label_id"),
        Annotation.annotator == bindparam("annotator"),
        Annotation.start == bindparam("start"),
        Annotation.end == bindparam("end"),
    )
    .limit(1)
)
_INSERT_ANNOTATION = insert(Annotation).returning(Annotation.id)
_INSERT_REVIEW = insert(Review).returning(Review.id)
_REVIEWS_OF = select(*REVIEW_COLUMNS).where(
    Review.annotation_id.in_(bindparam("ids", expanding=True))
)


def review_annotation(
    project: Project,
    annotation_id: int,
    reviewer: str,
    verdict: str,
    comment: str = "",
    copy_to_own: bool = False,
) -> ReviewOutcome:
    """Store a verdict on a colleague's annotation (one transaction).

    Accepting with `copy_to_own` also gives the reviewer an identical annotation (document, label,
    span, note), unless they already have that exact one: the review then points to theirs.
    Reviewing one's own annotation is refused: review is of a colleague's work.
    """
    name = clean_annotator(reviewer)
    check_verdict(verdict)
    comment = (comment or "").strip()
    if verdict == COMMENTED and not comment:
        raise InvalidInput(code=ErrorCode.EMPTY_COMMENT)
    with store_of(project).write_connection() as conn:
        found = None
        if isinstance(annotation_id, int):
            found = conn.execute(_ANNOTATION_BY_ID, {"annotation_id": annotation_id}).first()
        if found is None:
            raise NotFound(code=ErrorCode.ANNOTATION_GONE_QUOTED, annotation=annotation_id)
        ann = AnnotationInfo(*found)
        if ann.annotator == name:
            raise InvalidInput(code=ErrorCode.OWN_ANNOTATION, annotator=name)
        now = utc_now_iso()
        copy: AnnotationInfo | None = None
        created = False
        if verdict == ACCEPTED and copy_to_own:
            mine = conn.execute(_OWN_COPY, {
                "document_id": ann.document_id, "label_id": ann.label_id, "annotator": name,
                "start": ann.start, "end": ann.end,
            }).first()
            if mine is not None:
                copy = AnnotationInfo(*mine)
            else:
                row = {"uuid": str(uuid.uuid4()), "document_id": ann.document_id,
                       "label_id": ann.label_id, "annotator": name, "start": ann.start,
                       "end": ann.end, "note": ann.note, "created_at": now, "updated_at": now}
                copy_id = conn.execute(_INSERT_ANNOTATION, row).scalar_one()
                copy = dataclasses.replace(ann, id=copy_id, uuid=row["uuid"], annotator=name,
                                           created_at=now, updated_at=now, origin="manual")
                created = True
        review = {"uuid": str(uuid.uuid4()), "annotation_id": ann.id, "reviewer": name,
                  "verdict": verdict, "comment": comment, "created_at": now,
                  "copy_annotation_id": copy.id if copy is not None else None}
        review_id = conn.execute(_INSERT_REVIEW, review).scalar_one()
        return ReviewOutcome(
            review=ReviewInfo(id=review_id, **review),
            annotation=ann,
            copy=copy,
            copy_created=created,
        )


def undo_review(project: Project, outcome: ReviewOutcome) -> AnnotationInfo | None:
    """Take a review back: delete its row and the copy it created (if that is still there).

    Both are found by UUID. A copy changed since (label, span or note), or that others have
    linked or reviewed since, is someone's work now and stays. Returns the copy as it was when it
    was removed, else None.
    """
    with refusing_clashes(ErrorCode.CLASH_TAKING_REVIEW_BACK), store_of(project).write() as session:
        row = session.scalars(select(Review).where(Review.uuid == outcome.review.uuid)).first()
        if row is None:
            raise NotFound(code=ErrorCode.REVIEW_GONE)
        removed: AnnotationInfo | None = None
        if outcome.copy_created and outcome.copy is not None:
            current = annotations_by_uuid(session, [outcome.copy.uuid]).get(outcome.copy.uuid)
            if current is not None and same_annotation(current, outcome.copy):
                others = dependents_of(session, [current.id])
                if not others.links and not others.reviews:
                    removed = current
        session.execute(delete(Review).where(Review.id == row.id))
        if removed is not None:
            session.execute(delete(Annotation).where(Annotation.id == removed.id))
        return removed


def restore_review(project: Project, outcome: ReviewOutcome) -> ReviewOutcome:
    """Redo an undone review: the same review (UUID, verdict, time) on the same annotation and,
    if it made one, the same copy, all found by UUID.

    Refused when the reviewed annotation is gone (NotFound) or was changed since: the verdict
    was on what it said then (ChangedSince).
    """
    with refusing_clashes(ErrorCode.CLASH_PUTTING_REVIEW_BACK), store_of(project).write() as session:
        then = outcome.annotation
        found = annotations_by_uuid(session, [then.uuid]).get(then.uuid)
        if found is None:
            raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=then.id)
        if not same_annotation(found, then):
            raise changed_since(then, found)
        if session.scalar(select(Review.id).where(Review.uuid == outcome.review.uuid)) is not None:
            raise ChangedSince(code=ErrorCode.REVIEW_BACK_ALREADY)
        copy = outcome.copy
        kept = annotations_by_uuid(session, [copy.uuid]).get(copy.uuid) if copy else None
        if kept is not None:  # the copy stayed (edited since, or the reviewer's own): point to it
            copy = kept
        elif outcome.copy_created and copy is not None:
            label_id = session.scalar(select(Label.id).where(Label.name == copy.label))
            if label_id is None:
                raise NotFound(code=ErrorCode.LABEL_GONE, label=copy.label)
            taken = session.scalar(
                select(Annotation.id).where(
                    Annotation.document_id == copy.document_id,
                    Annotation.label_id == label_id,
                    Annotation.annotator == copy.annotator,
                    Annotation.start == copy.start,
                    Annotation.end == copy.end,
                )
            )
            if taken is not None:
                raise InvalidInput(code=ErrorCode.SPAN_TAKEN_BY, annotator=copy.annotator, label=copy.label)
            copy = dataclasses.replace(copy, label_id=label_id)
            ids = insert_keeping_ids(session, Annotation, [dict_without(copy, "label")])
            copy = dataclasses.replace(copy, id=ids[copy.uuid])
        else:
            copy = None  # the reviewer's own annotation it pointed to was deleted meanwhile
        review = dataclasses.replace(
            outcome.review, annotation_id=found.id,
            copy_annotation_id=copy.id if copy is not None else None,
        )
        ids = insert_keeping_ids(session, Review, [dataclasses.asdict(review)])
        review = dataclasses.replace(review, id=ids[review.uuid])
        return dataclasses.replace(
            outcome, review=review, annotation=found, copy=copy,
            copy_created=outcome.copy_created and copy is not None and kept is None,
        )


def review_history(project: Project, annotation_id: int) -> list[ReviewInfo]:
    """Every verdict on an annotation, oldest first."""
    with store_of(project).read() as session:
        _annotation(session, annotation_id)
        rows = session.scalars(
            select(Review)
            .where(Review.annotation_id == annotation_id)
            .order_by(Review.created_at, Review.id)
        )
        return [review_info(row) for row in rows]


def review_states(project: Project, document_id: int) -> dict[int, ReviewState]:
    """The review state of every annotation of a document (pending ones included)."""
    with store_of(project).read() as session:
        ids = session.scalars(
            select(Annotation.id).where(Annotation.document_id == document_id)
        ).all()
        states = dict.fromkeys(ids, PENDING_STATE)
        states.update(_reviewed_states(session, document_id))
    return states


def reviewed_states(project: Project, document_id: int) -> dict[int, ReviewState]:
    """The review state of each annotation of a document that has a review (the rest are
    pending): what a window showing the document needs, without a record per annotation."""
    with store_of(project).read() as session:
        return _reviewed_states(session, document_id)


_REVIEWS_OF_DOCUMENT = (
    select(*REVIEW_COLUMNS)
    .join(Annotation, Annotation.id == Review.annotation_id)
    .where(Annotation.document_id == bindparam("document_id"))
)


def _reviewed_states(session: Session, document_id: int) -> dict[int, ReviewState]:
    histories: dict[int, list[ReviewInfo]] = {}
    rows = session.connection().execute(_REVIEWS_OF_DOCUMENT, {"document_id": document_id}).all()
    for row in rows:
        info = ReviewInfo(*row)
        histories.setdefault(info.annotation_id, []).append(info)
    return {annotation_id: review_state(history) for annotation_id, history in histories.items()}


def review_states_of(project: Project, annotation_ids: Sequence[int]) -> dict[int, ReviewState]:
    """The review state of each of these annotations (pending if it has no review or is gone)."""
    histories: dict[int, list[ReviewInfo]] = {annotation_id: [] for annotation_id in annotation_ids}
    with store_of(project).read() as session:
        conn = session.connection()
        for part in in_chunks(list(histories)):
            for row in conn.execute(_REVIEWS_OF, {"ids": list(part)}):
                info = ReviewInfo(*row)
                histories[info.annotation_id].append(info)
    return {
        annotation_id: review_state(history) if history else PENDING_STATE
        for annotation_id, history in histories.items()
    }


def annotations_to_review(
    project: Project, document_id: int, annotator: str
) -> list[AnnotationInfo]:
    """One annotator's annotations of a document in text order (start, then end)."""
    with store_of(project).read() as session:
        rows = session.execute(
            select(Annotation, Label.name)
            .join(Label, Label.id == Annotation.label_id)
            .where(Annotation.document_id == document_id, Annotation.annotator == annotator)
            .order_by(Annotation.start, Annotation.end, Annotation.id)
        )
        return [annotation_info(ann, label_name) for ann, label_name in rows]


def documents_annotated_by(project: Project, annotator: str) -> list[int]:
    """Ids of the documents holding this annotator's annotations, in the document list's order."""
    with store_of(project).read() as session:
        return list(
            session.scalars(
                select(Document.id)
                .join(Annotation, Annotation.document_id == Document.id)
                .where(Annotation.annotator == annotator)
                .group_by(Document.id)
                .order_by(Document.date.is_(None), Document.date, Document.title, Document.id)
            )
        )


def annotation_counts_by_annotator(project: Project) -> dict[str, int]:
    """How many annotations each annotator made, most first."""
    with store_of(project).read() as session:
        rows = session.execute(
            select(Annotation.annotator, func.count())
            .group_by(Annotation.annotator)
            .order_by(func.count().desc(), Annotation.annotator)
        )
        return {name: count for name, count in rows}
