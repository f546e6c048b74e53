"""Reviewing a colleague's document codes: verdicts, their history and status, and the
reviewer's own code when accepting.

The rules are those of spans (`services.reviews`, `domain.review`): the verdicts are accept,
reject and comment (a comment needs text), one's own code is not reviewed, the latest accept or
reject is the status and the history stays. Accepting with `copy_to_own` also sets the same
label on the same document for the reviewer (as accepting a span copies it into the reviewer's
annotations); undoing the review removes that code with it. Each function is one transaction;
codes and reviews are found by UUID.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.records import (
    DocumentCodeInfo,
    DocumentCodeReviewInfo,
    DocumentCodeReviewOutcome,
)
from annotator.domain.review import (
    ACCEPTED,
    COMMENTED,
    PENDING_STATE,
    ReviewState,
    check_verdict,
    review_state,
)
from annotator.domain.validation import clean_annotator
from annotator.services._steps import refusing_clashes
from annotator.services.handle import Project, store_of
from annotator.store.models import DocumentCode, DocumentCodeReview, Label

#: Reason codes of a refusal (`DocumentCodeReviewRefused.reason`).
OWN_CODE = "own_code"
EMPTY_COMMENT = "empty_comment"
ALREADY_SET = "already_set"


class DocumentCodeReviewRefused(InvalidInput):
    """A review that cannot be given or put back; `reason` is one of the reason codes above."""

    def __init__(self, reason: str, code: str, **values: object) -> None:
        super().__init__(code=code, **values)
        self.reason = reason


def _code_info(code: DocumentCode, label_name: str) -> DocumentCodeInfo:
    return DocumentCodeInfo(
        id=code.id, uuid=code.uuid, document_id=code.document_id, label_id=code.label_id,
        label=label_name, annotator=code.annotator, note=code.note,
        created_at=code.created_at, updated_at=code.updated_at,
    )


def _review_info(row: DocumentCodeReview) -> DocumentCodeReviewInfo:
    return DocumentCodeReviewInfo(
        id=row.id, uuid=row.uuid, document_code_id=row.document_code_id, reviewer=row.reviewer,
        verdict=row.verdict, comment=row.comment, created_at=row.created_at,
    )


def _code_by_uuid(session: Session, code_uuid: str) -> DocumentCodeInfo | None:
    found = session.execute(
        select(DocumentCode, Label.name)
        .join(Label, Label.id == DocumentCode.label_id)
        .where(DocumentCode.uuid == code_uuid)
    ).first()
    return _code_info(*found) if found is not None else None


def _same_code(now: DocumentCodeInfo, then: DocumentCodeInfo) -> bool:
    fields = ("document_id", "label_id", "annotator", "note", "updated_at")
    return all(getattr(now, f) == getattr(then, f) for f in fields)


def review_document_code(
    project: Project,
    code_uuid: str,
    reviewer: str,
    verdict: str,
    comment: str = "",
    copy_to_own: bool = False,
) -> DocumentCodeReviewOutcome:
    """Store a verdict on a colleague's document code (found by UUID), in one transaction.

    Accepting with `copy_to_own` also sets the same label on the same document for the reviewer
    (with the code's note), unless they set it already: the outcome then names theirs and undo
    leaves it. Refused: an unknown verdict, a comment without text, one's own code
    (`DocumentCodeReviewRefused`); NotFound for a code no longer in the project.
    """
    name = clean_annotator(reviewer)
    check_verdict(verdict)
    comment = (comment or "").strip()
    if verdict == COMMENTED and not comment:
        raise DocumentCodeReviewRefused(EMPTY_COMMENT, ErrorCode.EMPTY_COMMENT)
    with store_of(project).write() as session:
        code = _code_by_uuid(session, code_uuid) if isinstance(code_uuid, str) else None
        if code is None:
            raise NotFound(code=ErrorCode.DOCUMENT_CODE_ID_GONE, code_uuid=code_uuid)
        if code.annotator == name:
            raise DocumentCodeReviewRefused(OWN_CODE, ErrorCode.OWN_DOCUMENT_CODE, annotator=name)
        now = utc_now_iso()
        copy: DocumentCodeInfo | None = None
        created = False
        if verdict == ACCEPTED and copy_to_own:
            mine = session.scalars(select(DocumentCode).where(
                DocumentCode.document_id == code.document_id,
                DocumentCode.label_id == code.label_id,
                DocumentCode.annotator == name)).first()
            if mine is None:
                mine = DocumentCode(uuid=str(uuid.uuid4()), document_id=code.document_id,
                                    label_id=code.label_id, annotator=name, note=code.note,
                                    created_at=now, updated_at=now)
                session.add(mine)
                session.flush()
                created = True
            copy = _code_info(mine, code.label)
        row = DocumentCodeReview(uuid=str(uuid.uuid4()), document_code_id=code.id, reviewer=name,
                                 verdict=verdict, comment=comment, created_at=now)
        session.add(row)
        session.flush()
        return DocumentCodeReviewOutcome(review=_review_info(row), code=code, copy=copy,
                                         copy_created=created)


def undo_document_code_review(
    project: Project, outcome: DocumentCodeReviewOutcome
) -> DocumentCodeInfo | None:
    """Take a review back: delete it and the reviewer's code it set (if that is still as it was
    set and nobody reviewed it since: otherwise it is someone's work now and stays). Returns the
    removed code, else None. NotFound when the review is gone (its code was removed)."""
    with refusing_clashes(ErrorCode.CLASH_TAKING_REVIEW_BACK), store_of(project).write() as session:
        row = session.scalars(
            select(DocumentCodeReview).where(DocumentCodeReview.uuid == outcome.review.uuid)
        ).first()
        if row is None:
            raise NotFound(code=ErrorCode.DOCUMENT_CODE_REVIEW_GONE)
        removed: DocumentCodeInfo | None = None
        if outcome.copy_created and outcome.copy is not None:
            current = _code_by_uuid(session, outcome.copy.uuid)
            if current is not None and _same_code(current, outcome.copy):
                reviewed = session.scalar(select(DocumentCodeReview.id).where(
                    DocumentCodeReview.document_code_id == current.id).limit(1))
                if reviewed is None:
                    removed = current
        session.execute(delete(DocumentCodeReview).where(DocumentCodeReview.id == row.id))
        if removed is not None:
            session.execute(delete(DocumentCode).where(DocumentCode.id == removed.id))
        return removed


def restore_document_code_review(
    project: Project, outcome: DocumentCodeReviewOutcome
) -> DocumentCodeReviewOutcome:
    """Redo an undone review: the same review (UUID, verdict, time) on the same code and, if it
    set one, the reviewer's same code (UUID, times). Refused when the code is gone (NotFound),
    was changed since (ChangedSince: the verdict was on what it said then), or the reviewer has
    set that label on the document since under another code (`DocumentCodeReviewRefused`)."""
    with refusing_clashes(ErrorCode.CLASH_PUTTING_REVIEW_BACK), store_of(project).write() as session:
        then = outcome.code
        found = _code_by_uuid(session, then.uuid)
        if found is None:
            raise NotFound(code=ErrorCode.DOCUMENT_CODE_GONE, label=then.label, annotator=then.annotator)
        if not _same_code(found, then):
            raise ChangedSince(code=ErrorCode.DOCUMENT_CODE_CHANGED, label=then.label,
                               annotator=then.annotator)
        if session.scalar(select(DocumentCodeReview.id)
                          .where(DocumentCodeReview.uuid == outcome.review.uuid)) is not None:
            raise ChangedSince(code=ErrorCode.REVIEW_BACK_ALREADY)
        copy = outcome.copy
        kept = _code_by_uuid(session, copy.uuid) if copy is not None else None
        created = False
        if kept is not None:
            copy = kept
        elif outcome.copy_created and copy is not None:
            taken = session.scalar(select(DocumentCode.id).where(
                DocumentCode.document_id == copy.document_id,
                DocumentCode.label_id == found.label_id,
                DocumentCode.annotator == copy.annotator))
            if taken is not None:
                raise DocumentCodeReviewRefused(ALREADY_SET, ErrorCode.DOCUMENT_ALREADY_CODED,
                                                annotator=copy.annotator, label=found.label)
            mine = DocumentCode(uuid=copy.uuid, document_id=copy.document_id,
                                label_id=found.label_id, annotator=copy.annotator, note=copy.note,
                                created_at=copy.created_at, updated_at=copy.updated_at)
            if session.get(DocumentCode, copy.id) is None:
                mine.id = copy.id
            session.add(mine)
            session.flush()
            copy = _code_info(mine, found.label)
            created = True
        else:
            copy = None  # the reviewer's own code it named was removed meanwhile
        review = outcome.review
        row = DocumentCodeReview(uuid=review.uuid, document_code_id=found.id,
                                 reviewer=review.reviewer, verdict=review.verdict,
                                 comment=review.comment, created_at=review.created_at)
        if session.get(DocumentCodeReview, review.id) is None:
            row.id = review.id
        session.add(row)
        session.flush()
        return DocumentCodeReviewOutcome(review=_review_info(row), code=found, copy=copy,
                                         copy_created=created)


def document_code_review_history(project: Project, code_uuid: str) -> list[DocumentCodeReviewInfo]:
    """Every verdict on a document code, oldest first (NotFound for a code not in the project)."""
    with store_of(project).read() as session:
        code = _code_by_uuid(session, code_uuid)
        if code is None:
            raise NotFound(code=ErrorCode.DOCUMENT_CODE_ID_GONE, code_uuid=code_uuid)
        rows = session.scalars(
            select(DocumentCodeReview)
            .where(DocumentCodeReview.document_code_id == code.id)
            .order_by(DocumentCodeReview.created_at, DocumentCodeReview.id)
        )
        return [_review_info(row) for row in rows]


def document_code_review_states(project: Project, document_id: int) -> dict[int, ReviewState]:
    """The review state of every document code of a document, by code id (pending ones
    included); the status rule is that of spans (`domain.review.review_state`)."""
    with store_of(project).read() as session:
        ids = session.scalars(
            select(DocumentCode.id).where(DocumentCode.document_id == document_id)
        ).all()
        histories: dict[int, list[DocumentCodeReviewInfo]] = {code_id: [] for code_id in ids}
        rows = session.scalars(
            select(DocumentCodeReview)
            .join(DocumentCode, DocumentCode.id == DocumentCodeReview.document_code_id)
            .where(DocumentCode.document_id == document_id)
        )
        for row in rows:
            histories[row.document_code_id].append(_review_info(row))
    return {
        code_id: review_state(history) if history else PENDING_STATE  # type: ignore[arg-type]
        for code_id, history in histories.items()
    }

