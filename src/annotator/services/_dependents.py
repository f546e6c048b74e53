"""Links and reviews that go when their annotations are deleted, and putting them back.

Links and reviews name annotations by row id; a snapshot also keeps the UUID of every annotation
they name, and putting them back finds each annotation by that UUID (its id may have changed, or
been given to someone else's annotation meanwhile).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import bindparam, or_, select, update
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


# Built once, each with one expanding `IN` (:ids): an undo or a delete runs them on a few rows,
# and building and compiling a statement anew would cost more than running it.
_IDS = bindparam("ids", expanding=True)
_UUIDS_OF = select(Annotation.id, Annotation.uuid).where(Annotation.id.in_(_IDS))
_IDS_OF = select(Annotation.uuid, Annotation.id).where(Annotation.uuid.in_(_IDS))
_LINKS_TOUCHING = select(*LINK_COLUMNS).where(
    or_(Link.from_annotation_id.in_(_IDS), Link.to_annotation_id.in_(_IDS))
)
_REVIEWS_OF_OR_COPYING = select(*REVIEW_COLUMNS).where(
    or_(Review.annotation_id.in_(_IDS), Review.copy_annotation_id.in_(_IDS))
)
_LINK_UUIDS = select(Link.uuid).where(Link.uuid.in_(_IDS))
_REVIEW_UUIDS = select(Review.uuid).where(Review.uuid.in_(_IDS))


def rows_in_chunks(session: Session, query: object, values: Sequence) -> list[tuple]:
    """The rows of a prepared query with one expanding `IN` (:ids), over `values` in chunks,
    through the session's connection (Core: no ORM step per statement)."""
    conn = session.connection()
    rows: list[tuple] = []
    for part in in_chunks(values):
        rows += conn.execute(query, {"ids": list(part)}).all()  # type: ignore[arg-type]
    return rows


def uuids_of(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The UUID of each of the annotations `ids` that exists, by id."""
    return dict(rows_in_chunks(session, _UUIDS_OF, sorted(set(ids))))  # type: ignore[arg-type]


def ids_of(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    """The row id of each of the annotations `uuids` that exists, by UUID."""
    return dict(rows_in_chunks(session, _IDS_OF, sorted(set(uuids))))  # type: ignore[arg-type]


def dependents_of(session: Session, ids: Sequence[int]) -> DeletedAnnotations:
    """Links touching, reviews of, and reviews whose copy is, any of the annotations `ids`, with
    the UUID of every annotation they name (`annotations` is left empty for the caller)."""
    wanted = list(dict.fromkeys(ids))
    of = set(wanted)
    links = {row[0]: LinkInfo(*row) for row in rows_in_chunks(session, _LINKS_TOUCHING, wanted)}
    reviews: dict[int, ReviewInfo] = {}
    copies: dict[int, ReviewInfo] = {}
    for row in rows_in_chunks(session, _REVIEWS_OF_OR_COPYING, wanted):
        review = ReviewInfo(*row)
        if review.annotation_id in of:
            reviews[review.id] = review
        else:  # its copy is one of them
            copies[review.id] = review
    kept_copies = tuple(copies[i] for i in sorted(copies))
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
    taken_links = {row[0] for row in rows_in_chunks(session, _LINK_UUIDS, link_uuids)}
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
    taken_reviews = {row[0] for row in rows_in_chunks(session, _REVIEW_UUIDS, review_uuids)}
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
