"""What deleting annotations took with it, so that undo can put all of it back."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.records import AnnotationInfo, LinkInfo, ReviewInfo
from annotator.domain.wording import ntext
from annotator.i18n import _


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
    """A status line such as "Deleted 1 annotation and 2 links", in the reader's language: one
    whole sentence per combination of what went with the annotations, each count in its plural."""
    annotations = ntext(len(deleted.annotations), "{count} annotation", "{count} annotations")
    links = ntext(len(deleted.links), "{count} link", "{count} links")
    reviews = ntext(len(deleted.reviews), "{count} review", "{count} reviews")
    if deleted.links and deleted.reviews:
        sentence = _("Deleted {annotations}, {links} and {reviews}")
    elif deleted.links:
        sentence = _("Deleted {annotations} and {links}")
    elif deleted.reviews:
        sentence = _("Deleted {annotations} and {reviews}")
    else:
        sentence = _("Deleted {annotations}")
    return sentence.format(annotations=annotations, links=links, reviews=reviews)
