"""The reviews of document codes in a merge, attached to the codes by UUID."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain import merge as M
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import InvalidInput
from annotator.domain.records import IncomingDocumentCodeReview
from annotator.domain.review import VERDICTS
from annotator.domain.validation import clean_annotator
from annotator.services._merge_log import MergeLog
from annotator.store.models import DocumentCodeReview
from annotator.store.queries import plain_rows_in_chunks


def check_document_code_reviews(log: MergeLog, reviews: Sequence[IncomingDocumentCodeReview]) -> None:
    """What refuses the merge whatever the project holds: an unknown verdict, a time that is not
    ISO 8601, an empty reviewer name."""
    _, invalid = M.sort_timestamps(r.created_at for r in reviews)
    for review in reviews:
        if review.verdict not in VERDICTS:
            log.problem(review.where, Worded(ErrorCode.MERGE_BAD_VERDICT,
                                             {"verdict": review.verdict, "verdicts": ", ".join(VERDICTS)}))
        if not review.created_at or review.created_at in invalid:
            log.problem(review.where, Worded(ErrorCode.MERGE_NOT_TIMESTAMP, {"value": review.created_at}))
        try:
            clean_annotator(review.reviewer)
        except InvalidInput:
            log.problem(review.where, Worded(ErrorCode.MERGE_EMPTY_REVIEWER, {}))


def merge_document_code_reviews(conn: Connection, log: MergeLog,
                                reviews: Sequence[IncomingDocumentCodeReview],
                                code_ids: Mapping[str, int]) -> int:
    """Store the reviews (checked by `check_document_code_reviews`) by UUID, and by content:
    same code, reviewer, verdict and time; one whose code is in neither project is skipped.
    Returns how many were added."""
    if not reviews:
        return 0
    stored = {row[0] for row in plain_rows_in_chunks(
        conn, lambda part: select(DocumentCodeReview.uuid).where(DocumentCodeReview.uuid.in_(part)),
        sorted({r.uuid for r in reviews}))}
    same = {
        (code_id, reviewer, verdict, M.instant(created))
        for code_id, reviewer, verdict, created in plain_rows_in_chunks(
            conn,
            lambda part: select(DocumentCodeReview.document_code_id, DocumentCodeReview.reviewer,
                                DocumentCodeReview.verdict, DocumentCodeReview.created_at)
            .where(DocumentCodeReview.document_code_id.in_(part)),
            sorted(set(code_ids.values())))
    }
    renamed, _ = M.sort_timestamps(r.created_at for r in reviews)
    rows = []
    for review in reviews:
        if review.uuid in stored:
            log.skip(review.where, M.SKIP_CODE_REVIEW_THERE)
            continue
        code_id = code_ids.get(review.document_code_uuid)
        if code_id is None:
            log.skip(review.where, M.SKIP_CODE_REVIEW_NO_CODE.detailed(review.document_code_uuid))
            continue
        created = renamed.get(review.created_at, review.created_at)
        natural = (code_id, review.reviewer.strip(), review.verdict, M.instant(created))
        if natural in same:
            log.skip(review.where, M.SKIP_SAME_CODE_REVIEW)
            continue
        same.add(natural)
        stored.add(review.uuid)
        rows.append({"uuid": review.uuid, "document_code_id": code_id, "reviewer": natural[1],
                     "verdict": review.verdict, "comment": review.comment.strip(),
                     "created_at": created})
    if rows:
        conn.execute(insert(DocumentCodeReview), rows)
    return len(rows)
