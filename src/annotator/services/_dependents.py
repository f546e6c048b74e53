"""Links and reviews that go when their annotations are deleted, and putting them back."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.records import LinkInfo, ReviewInfo
from annotator.store.models import Annotation, Link, Review

#: Ids per IN (...) clause (SQLite allows a few thousand parameters per statement).
CHUNK = 500

LINK_COLUMNS = (
    Link.id, Link.uuid, Link.relation, Link.from_annotation_id, Link.to_annotation_id,
    Link.annotator, Link.created_at,
)
REVIEW_COLUMNS = (
    Review.id, Review.uuid, Review.annotation_id, Review.reviewer, Review.verdict, Review.comment,
    Review.created_at, Review.copy_annotation_id,
)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[n : n + CHUNK] for n in range(0, len(ids), CHUNK)]


def dependents_of(
    session: Session, ids: Sequence[int]
) -> tuple[tuple[LinkInfo, ...], tuple[ReviewInfo, ...], tuple[ReviewInfo, ...]]:
    """Links touching, reviews of, and reviews whose copy is, any of the annotations `ids`."""
    links: dict[int, LinkInfo] = {}
    reviews: dict[int, ReviewInfo] = {}
    copies: dict[int, ReviewInfo] = {}
    for part in _chunks(ids):
        for row in session.execute(
            select(*LINK_COLUMNS).where(
                or_(Link.from_annotation_id.in_(part), Link.to_annotation_id.in_(part))
            )
        ):
            links[row[0]] = LinkInfo(*row)
        for row in session.execute(select(*REVIEW_COLUMNS).where(Review.annotation_id.in_(part))):
            reviews[row[0]] = ReviewInfo(*row)
        for row in session.execute(
            select(*REVIEW_COLUMNS).where(Review.copy_annotation_id.in_(part))
        ):
            copies[row[0]] = ReviewInfo(*row)
    kept_copies = tuple(r for review_id, r in sorted(copies.items()) if review_id not in reviews)
    return (
        tuple(links[i] for i in sorted(links)),
        tuple(reviews[i] for i in sorted(reviews)),
        kept_copies,
    )


def _existing(session: Session, ids: set[int]) -> set[int]:
    found: set[int] = set()
    for part in _chunks(sorted(ids)):
        found.update(session.scalars(select(Annotation.id).where(Annotation.id.in_(part))))
    return found


def put_back_dependents(session: Session, deleted: DeletedAnnotations) -> DeletedAnnotations:
    """Insert the links and reviews again after their annotations were restored.

    A link whose other end has since gone stays deleted (it is left out of the result); a
    review's copy that has gone is forgotten, as the project itself would have done.
    """
    wanted = {a for link in deleted.links for a in (link.from_annotation_id, link.to_annotation_id)}
    wanted |= {r.annotation_id for r in deleted.reviews}
    wanted |= {r.copy_annotation_id for r in (*deleted.reviews, *deleted.review_copies)
               if r.copy_annotation_id is not None}
    present = _existing(session, wanted)
    taken_links = set(
        session.scalars(select(Link.uuid).where(Link.uuid.in_([k.uuid for k in deleted.links])))
    ) if deleted.links else set()
    links = tuple(
        link for link in deleted.links
        if link.from_annotation_id in present and link.to_annotation_id in present
        and link.uuid not in taken_links
    )
    if links:
        session.execute(insert(Link), [dataclasses.asdict(link) for link in links])
    reviews = tuple(
        r if r.copy_annotation_id is None or r.copy_annotation_id in present
        else dataclasses.replace(r, copy_annotation_id=None)
        for r in deleted.reviews
        if r.annotation_id in present
    )
    if reviews:
        session.execute(insert(Review), [dataclasses.asdict(r) for r in reviews])
    copies = tuple(r for r in deleted.review_copies if r.copy_annotation_id in present)
    for review in copies:
        session.execute(
            update(Review)
            .where(Review.id == review.id, Review.copy_annotation_id.is_(None))
            .values(copy_annotation_id=review.copy_annotation_id)
        )
    return dataclasses.replace(deleted, links=links, reviews=reviews, review_copies=copies)
