"""The reviews of a merge, attached to annotations by UUID."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain import merge as M
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.records import IncomingReview
from annotator.domain.review import VERDICTS
from annotator.services._merge_annotations import AnnotationIds
from annotator.services._merge_log import MergeLog
from annotator.store.models import Review
from annotator.store.queries import plain_rows_in_chunks


def merge_reviews(conn: Connection, log: MergeLog, reviews: Sequence[IncomingReview],
                  ids: AnnotationIds) -> int:
    """Store the reviews by UUID (and by content: same annotation, reviewer, verdict and time);
    one whose annotation is in neither project is skipped. Returns how many were added."""
    if not reviews:
        return 0
    stored = {row[0] for row in plain_rows_in_chunks(
        conn, lambda part: select(Review.uuid).where(Review.uuid.in_(part)),
        sorted({r.uuid for r in reviews}))}
    same = {
        (annotation_id, reviewer, verdict, M.instant(created))
        for annotation_id, reviewer, verdict, created in plain_rows_in_chunks(
            conn,
            lambda part: select(Review.annotation_id, Review.reviewer, Review.verdict,
                                Review.created_at).where(Review.annotation_id.in_(part)),
            sorted(set(ids.values())))
    }
    renamed, invalid = M.sort_timestamps(r.created_at for r in reviews)
    rows = []
    for review in reviews:
        if review.verdict not in VERDICTS:
            log.problem(review.where, Worded(ErrorCode.MERGE_BAD_VERDICT,
                                             {"verdict": review.verdict, "verdicts": ", ".join(VERDICTS)}))
            continue
        if not review.created_at or review.created_at in invalid:
            log.problem(review.where, Worded(ErrorCode.MERGE_NOT_TIMESTAMP, {"value": review.created_at}))
            continue
        if review.uuid in stored:
            log.skip(review.where, M.SKIP_REVIEW_THERE)
            continue
        annotation_id = ids.of(review.annotation_uuid)
        if annotation_id is None:
            log.skip(review.where, M.SKIP_REVIEW_NO_ANNOTATION.detailed(review.annotation_uuid))
            continue
        created = renamed.get(review.created_at, review.created_at)
        natural = (annotation_id, review.reviewer.strip(), review.verdict, M.instant(created))
        if natural in same:
            log.skip(review.where, M.SKIP_SAME_REVIEW)
            continue
        same.add(natural)
        stored.add(review.uuid)
        rows.append({"uuid": review.uuid, "annotation_id": annotation_id,
                     "reviewer": natural[1], "verdict": review.verdict,
                     "comment": review.comment, "created_at": created})
    if rows:
        conn.execute(insert(Review), rows)
    return len(rows)
