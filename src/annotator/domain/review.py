"""Review (adjudication) records and the rule that turns a verdict history into a status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.errors import InvalidInput
from annotator.domain.records import AnnotationInfo, ReviewInfo

ACCEPTED = "accepted"
REJECTED = "rejected"
COMMENTED = "commented"
PENDING = ""
VERDICTS = (ACCEPTED, REJECTED, COMMENTED)
#: Verdicts that decide the status; a later comment does not undo them.
DECISIVE_VERDICTS = (ACCEPTED, REJECTED)


@dataclass(frozen=True, slots=True)
class ReviewState:
    """An annotation's review status, with who reviewed it last, their comment and when."""

    status: str = PENDING  # "accepted" | "rejected" | "commented" | "" (pending)
    reviewer: str = ""
    comment: str = ""
    reviewed_at: str = ""
    reviews: int = 0  # how many verdicts its history holds

    @property
    def decided(self) -> bool:
        """True once the annotation was accepted or rejected."""
        return self.status in DECISIVE_VERDICTS


PENDING_STATE = ReviewState()


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What one review did: the verdict stored, and the reviewer's copy when accepted into it.

    `copy_created` tells whether the copy was made by this review (undo removes it) or was
    already the reviewer's own annotation (undo leaves it).
    """

    review: ReviewInfo
    annotation: AnnotationInfo
    copy: AnnotationInfo | None = None
    copy_created: bool = False


def check_verdict(verdict: str) -> str:
    """A known verdict, or InvalidInput naming the ones allowed."""
    if verdict not in VERDICTS:
        raise InvalidInput(f"unknown verdict {verdict!r} (use {', '.join(VERDICTS)})")
    return verdict


def _newest_first(review: ReviewInfo) -> tuple[str, int]:
    return (review.created_at, review.id)


def review_state(history: Iterable[ReviewInfo]) -> ReviewState:
    """The status a history gives: its latest accept/reject, else "commented" if it has comments.

    Reviewer, comment and time are those of the latest review of any kind (as in the export).
    """
    reviews = sorted(history, key=_newest_first)
    if not reviews:
        return PENDING_STATE
    latest = reviews[-1]
    decided = next((r for r in reversed(reviews) if r.verdict in DECISIVE_VERDICTS), None)
    return ReviewState(
        status=decided.verdict if decided is not None else COMMENTED,
        reviewer=latest.reviewer,
        comment=latest.comment,
        reviewed_at=latest.created_at,
        reviews=len(reviews),
    )


def filter_status(state: ReviewState) -> str:
    """The status a table filter sees: "accepted" or "rejected" once decided, else "pending".

    Pending means not yet decided: an annotation with only comments is still pending.
    """
    return state.status if state.decided else "pending"
