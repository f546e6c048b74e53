"""What deleting annotations took with it, so that undo can put all of it back."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.records import AnnotationInfo, LinkInfo, ReviewInfo


@dataclass(frozen=True, slots=True)
class DeletedAnnotations:
    """Annotations as they were when deleted, with the links and reviews that went with them.

    `review_copies` are reviews of other annotations whose gold copy was among the deleted ones
    (the project forgot the copy; restoring puts the reference back).
    """

    annotations: tuple[AnnotationInfo, ...]
    links: tuple[LinkInfo, ...] = ()
    reviews: tuple[ReviewInfo, ...] = ()
    review_copies: tuple[ReviewInfo, ...] = ()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def describe_deletion(deleted: DeletedAnnotations) -> str:
    """A status line such as "Deleted 1 annotation and 2 links"."""
    parts = [_count(len(deleted.annotations), "annotation")]
    if deleted.links:
        parts.append(_count(len(deleted.links), "link"))
    if deleted.reviews:
        parts.append(_count(len(deleted.reviews), "review"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Deleted {listed}"
