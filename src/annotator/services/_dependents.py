"""Links and reviews that go when their annotations are deleted, and putting them back.

Links and reviews name annotations by row id; a snapshot also keeps the UUID of every annotation
they name, and putting them back finds each annotation by that UUID (its id may have changed, or
been given to someone else's annotation meanwhile).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.records import LinkInfo, ReviewInfo
from annotator.services._steps import dict_without, insert_keeping_ids
from annotator.store.models import Annotation, Link, Review
from annotator.store.queries import in_chunks

LINK_COLUMNS = (
    Link.id, Link.uuid, Link.relation, Link.from_annotation_id, Link.to_annotation_id,
    Link.annotator, Link.created_at,
)
REVIEW_COLUMNS = (
    Review.id, Review.uuid, Review.annotation_id, Review.reviewer, Review.verdict, Review.comment,
    Review.created_at, Review.copy_annotation_id,
)


def uuids_of(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The UUID of each of the annotations `ids` that exists, by id."""
    found: dict[int, str] = {}
    for part in in_chunks(sorted(set(ids))):
        query = select(Annotation.id, Annotation.uuid).where(Annotation.id.in_(part))
        found.update(session.execute(query).all())
    return found


def ids_of(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    """The row id of each of the annotations `uuids` that exists, by UUID."""
    found: dict[str, int] = {}
    for part in in_chunks(sorted(set(uuids))):
        query = select(Annotation.uuid, Annotation.id).where(Annotation.uuid.in_(part))
        found.update(session.execute(query).all())
    return found


def dependents_of(session: Session, ids: Sequence[int]) -> DeletedAnnotations:
    """Links touching, reviews of, and reviews whose copy is, any of the annotations `ids`, with
    the UUID of every annotation they name (`annotations` is left empty for the caller)."""
    links: dict[int, LinkInfo] = {}
    reviews: dict[int, ReviewInfo] = {}
    copies: dict[int, ReviewInfo] = {}
    for part in in_chunks(list(ids)):
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
    found = DeletedAnnotations(
        (),
        tuple(links[i] for i in sorted(links)),
        tuple(reviews[i] for i in sorted(reviews)),
        kept_copies,
    )
    named = set(ids) | _named(found)
    return dataclasses.replace(found, uuids=tuple(sorted(uuids_of(session, sorted(named)).items())))


def _named(deleted: DeletedAnnotations) -> set[int]:
    """The ids of every annotation the links and reviews of `deleted` name."""
    named = {a for link in deleted.links for a in (link.from_annotation_id, link.to_annotation_id)}
    named |= {r.annotation_id for r in (*deleted.reviews, *deleted.review_copies)}
    named |= {r.copy_annotation_id for r in (*deleted.reviews, *deleted.review_copies)
              if r.copy_annotation_id is not None}
    return named


def put_back_dependents(session: Session, deleted: DeletedAnnotations) -> DeletedAnnotations:
    """Insert the links and reviews again after their annotations were restored.

    Each annotation they name is found by its UUID. A link whose other end has since gone stays
    deleted (it is left out of the result), as does a link or review that is back already (same
    UUID, or the same link under another); a review's copy that has gone is forgotten, as the
    project itself would have done. The result names annotations by their ids now.
    """
    uuid_of = dict(deleted.uuids)
    now = ids_of(session, list(uuid_of.values()))

    def current(old_id: int | None) -> int | None:
        uuid = uuid_of.get(old_id) if old_id is not None else None
        return now.get(uuid) if uuid is not None else None

    link_uuids = [link.uuid for link in deleted.links]
    taken_links: set[str] = set()
    for part in in_chunks(link_uuids):
        taken_links.update(session.scalars(select(Link.uuid).where(Link.uuid.in_(part))))
    links: list[LinkInfo] = []
    for link in deleted.links:
        a, b = current(link.from_annotation_id), current(link.to_annotation_id)
        if a is None or b is None or link.uuid in taken_links:
            continue
        same = session.scalar(select(Link.id).where(
            Link.from_annotation_id == a, Link.to_annotation_id == b, Link.relation == link.relation))
        if same is None:
            links.append(dataclasses.replace(link, from_annotation_id=a, to_annotation_id=b))
    link_ids = insert_keeping_ids(session, Link, [dataclasses.asdict(link) for link in links])
    links = [dataclasses.replace(link, id=link_ids[link.uuid]) for link in links]

    review_uuids = [r.uuid for r in deleted.reviews]
    taken_reviews: set[str] = set()
    for part in in_chunks(review_uuids):
        taken_reviews.update(session.scalars(select(Review.uuid).where(Review.uuid.in_(part))))
    reviews = [
        dataclasses.replace(r, annotation_id=current(r.annotation_id),
                            copy_annotation_id=current(r.copy_annotation_id))
        for r in deleted.reviews
        if current(r.annotation_id) is not None and r.uuid not in taken_reviews
    ]
    review_ids = insert_keeping_ids(session, Review, [dict_without(r) for r in reviews])
    reviews = [dataclasses.replace(r, id=review_ids[r.uuid]) for r in reviews]

    copies: list[ReviewInfo] = []
    for review in deleted.review_copies:
        copy_id = current(review.copy_annotation_id)
        if copy_id is None:
            continue
        row = session.execute(
            update(Review)
            .where(Review.uuid == review.uuid, Review.copy_annotation_id.is_(None))
            .values(copy_annotation_id=copy_id)
            .returning(Review.id, Review.annotation_id)
        ).first()
        if row is not None:
            copies.append(dataclasses.replace(
                review, id=row[0], annotation_id=row[1], copy_annotation_id=copy_id))
    return dataclasses.replace(
        deleted, links=tuple(links), reviews=tuple(reviews), review_copies=tuple(copies),
        uuids=tuple(sorted((annotation_id, uuid) for uuid, annotation_id in now.items())),
    )
