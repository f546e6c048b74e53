"""The second half of a merge: reviews and links, attached to annotations by UUID."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain import merge as M
from annotator.domain.records import IncomingBatch, IncomingLink, IncomingReview
from annotator.store.models import Link, Review

CHUNK = 500
VERDICTS = ("accepted", "rejected", "commented")


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ReviewsAndLinks:
    """Reviews and links of a batch; mixed into BatchMerger, whose state it shares."""

    conn: Connection
    batch: IncomingBatch
    problems: list[str]
    skipped: list[tuple[str, str]]
    alias: dict[str, str]
    reviews_added: int
    links_added: int

    def skip(self, where: str, reason: str) -> None:
        """Leave one item out, with its reason, while the rest is stored."""
        self.skipped.append((where, reason))

    def _existing(self, column, uuids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for part in _chunks(sorted(set(uuids))):
            found.update(self.conn.execute(select(column).where(column.in_(part))).scalars())
        return found

    def _resolve(self, ids: dict[str, int], annotation_uuid: str) -> int | None:
        return ids.get(self.alias.get(annotation_uuid, annotation_uuid))

    def merge_reviews(self, reviews: Sequence[IncomingReview], ids: dict[str, int]) -> None:
        """Reviews by UUID; one whose annotation is not in the project is skipped."""
        if not reviews:
            return
        stored = self._existing(Review.uuid, (r.uuid for r in reviews))
        same: set[tuple[int, str, str, str]] = set()
        for part in _chunks(sorted(set(ids.values()))):
            same.update(tuple(row) for row in self.conn.execute(
                select(Review.annotation_id, Review.reviewer, Review.verdict, Review.created_at)
                .where(Review.annotation_id.in_(part))))
        rows = []
        for review in reviews:
            if review.verdict not in VERDICTS:
                self.problems.append(f"{review.where}: verdict {review.verdict!r} is not one of "
                                     f"{', '.join(VERDICTS)}")
                continue
            if not M.is_timestamp(review.created_at or ""):
                self.problems.append(f"{review.where}: {review.created_at!r} is not an ISO 8601 "
                                     "date and time")
                continue
            if review.uuid in stored:
                self.skip(review.where, M.SKIP_ALREADY_THERE)
                continue
            annotation_id = self._resolve(ids, review.annotation_uuid)
            if annotation_id is None:
                self.skip(review.where, f"{M.SKIP_NO_ANNOTATION}: {review.annotation_uuid}")
                continue
            natural = (annotation_id, review.reviewer.strip(), review.verdict, review.created_at)
            if natural in same:
                self.skip(review.where, M.SKIP_SAME_REVIEW)
                continue
            same.add(natural)
            stored.add(review.uuid)
            rows.append({"uuid": review.uuid, "annotation_id": annotation_id,
                         "reviewer": natural[1], "verdict": review.verdict,
                         "comment": review.comment, "created_at": review.created_at})
        if rows:
            self.conn.execute(insert(Review), rows)
        self.reviews_added = len(rows)

    def merge_links(self, links: Sequence[IncomingLink], ids: dict[str, int]) -> None:
        """Links by UUID; one whose ends are not both in the project is skipped."""
        if not links:
            return
        stored = self._existing(Link.uuid, (link.uuid for link in links))
        same: set[tuple[int, int, str]] = set()
        for part in _chunks(sorted(set(ids.values()))):
            same.update(tuple(row) for row in self.conn.execute(
                select(Link.from_annotation_id, Link.to_annotation_id, Link.relation)
                .where(Link.from_annotation_id.in_(part))))
        rows = []
        for link in links:
            relation = link.relation.strip()
            if not relation or not M.is_timestamp(link.created_at or ""):
                self.problems.append(f"{link.where}: a link needs a relation and a created_at "
                                     "date and time")
                continue
            if link.uuid in stored:
                self.skip(link.where, M.SKIP_ALREADY_THERE)
                continue
            ends = (self._resolve(ids, link.from_annotation_uuid),
                    self._resolve(ids, link.to_annotation_uuid))
            if ends[0] is None or ends[1] is None:
                missing = link.from_annotation_uuid if ends[0] is None else link.to_annotation_uuid
                self.skip(link.where, f"{M.SKIP_NO_ANNOTATION}: {missing}")
                continue
            if ends[0] == ends[1]:
                self.skip(link.where, M.SKIP_SELF_LINK)
                continue
            natural = (ends[0], ends[1], relation)
            if natural in same:
                self.skip(link.where, M.SKIP_SAME_LINK)
                continue
            same.add(natural)
            stored.add(link.uuid)
            rows.append({"uuid": link.uuid, "relation": relation, "from_annotation_id": ends[0],
                         "to_annotation_id": ends[1], "annotator": link.annotator.strip(),
                         "created_at": link.created_at})
        if rows:
            self.conn.execute(insert(Link), rows)
        self.links_added = len(rows)
