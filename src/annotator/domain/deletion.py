"""What deleting annotations took with it, so that undo can put all of it back."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.records import AnnotationInfo, LinkInfo, ReviewInfo
from annotator.domain.wording import counted


@dataclass(frozen=True, slots=True)
class DeletedAnnotations:
    """Annotations as they were when deleted, with the links and reviews that went with them.

    `review_copies` are reviews of other annotations whose gold copy was among the deleted ones
    (the project forgot the copy; restoring puts the reference back). `uuids` pairs the row id of
    every annotation that the annotations, links and reviews name with its UUID, as they were:
    putting them back finds each annotation by UUID, since its row id may belong to another one.
    """

    annotations: tuple[AnnotationInfo, ...]
    links: tuple[LinkInfo, ...] = ()
    reviews: tuple[ReviewInfo, ...] = ()
    review_copies: tuple[ReviewInfo, ...] = ()
    uuids: tuple[tuple[int, str], ...] = ()


def describe_deletion(deleted: DeletedAnnotations) -> str:
    """A status line such as "Deleted 1 annotation and 2 links"."""
    parts = [counted(len(deleted.annotations), "annotation")]
    if deleted.links:
        parts.append(counted(len(deleted.links), "link"))
    if deleted.reviews:
        parts.append(counted(len(deleted.reviews), "review"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Deleted {listed}"
