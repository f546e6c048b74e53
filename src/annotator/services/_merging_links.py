"""The second half of a merge: reviews and links, attached to annotations by UUID."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, insert

from annotator.domain import merge as M
from annotator.domain.records import IncomingBatch, IncomingLink, IncomingReview
from annotator.domain.review import VERDICTS
from annotator.store.models import Link, Review

CHUNK = 500
_REVIEW_UUIDS = "SELECT uuid FROM reviews WHERE uuid IN ({})"
_LINK_UUIDS = "SELECT uuid FROM links WHERE uuid IN ({})"
_REVIEWS_OF = ("SELECT annotation_id, reviewer, verdict, created_at FROM reviews "
               "WHERE annotation_id IN ({})")
_LINKS_FROM = ("SELECT from_annotation_id, to_annotation_id, relation FROM links "
               "WHERE from_annotation_id IN ({})")


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ReviewsAndLinks:
    """Reviews and links of a batch; mixed into BatchMerger, whose state it shares."""

    conn: Connection
    raw: Any  # the driver's connection, inside the same transaction
    batch: IncomingBatch
    problems: list[str]
    skipped: list[tuple[str, str]]
    alias: dict[str, str]
    reviews_added: int
    links_added: int

    def skip(self, where: str, reason: str) -> None:
        """Leave one item out, with its reason, while the rest is stored."""
        self.skipped.append((where, reason))

    def _select(self, sql: str, values: Iterable) -> list[tuple]:
        """Rows of `sql` (one `IN ({})`) for every value, asked 500 at a time."""
        rows: list[tuple] = []
        for part in _chunks(sorted(set(values))):
            rows += self.raw.execute(sql.format(", ".join("?" * len(part))), part).fetchall()
        return rows

    def _resolve(self, ids: dict[str, int], annotation_uuid: str) -> int | None:
        return ids.get(self.alias.get(annotation_uuid, annotation_uuid))

    def merge_reviews(self, reviews: Sequence[IncomingReview], ids: dict[str, int]) -> None:
        """Reviews by UUID; one whose annotation is not in the project is skipped."""
        if not reviews:
            return
        stored = {row[0] for row in self._select(_REVIEW_UUIDS, (r.uuid for r in reviews))}
        same = {(annotation_id, reviewer, verdict, M.instant(created)) for
                annotation_id, reviewer, verdict, created in self._select(_REVIEWS_OF, ids.values())}
        renamed, invalid = M.sort_timestamps(r.created_at for r in reviews)
        rows = []
        for review in reviews:
            if review.verdict not in VERDICTS:
                self.problems.append(f"{review.where}: verdict {review.verdict!r} is not one of "
                                     f"{', '.join(VERDICTS)}")
                continue
            if not review.created_at or review.created_at in invalid:
                self.problems.append(f"{review.where}: {review.created_at!r} is not an ISO 8601 "
                                     "date and time")
                continue
            if review.uuid in stored:
                self.skip(review.where, M.SKIP_REVIEW_THERE)
                continue
            annotation_id = self._resolve(ids, review.annotation_uuid)
            if annotation_id is None:
                self.skip(review.where,
                          f"{M.SKIP_REVIEW_NO_ANNOTATION}: {review.annotation_uuid}")
                continue
            created = renamed.get(review.created_at, review.created_at)
            natural = (annotation_id, review.reviewer.strip(), review.verdict, M.instant(created))
            if natural in same:
                self.skip(review.where, M.SKIP_SAME_REVIEW)
                continue
            same.add(natural)
            stored.add(review.uuid)
            rows.append({"uuid": review.uuid, "annotation_id": annotation_id,
                         "reviewer": natural[1], "verdict": review.verdict,
                         "comment": review.comment, "created_at": created})
        if rows:
            self.conn.execute(insert(Review), rows)
        self.reviews_added = len(rows)

    def merge_links(self, links: Sequence[IncomingLink], ids: dict[str, int]) -> None:
        """Links by UUID; one whose ends are not both in the project is skipped."""
        if not links:
            return
        stored = {row[0] for row in self._select(_LINK_UUIDS, (link.uuid for link in links))}
        same = set(self._select(_LINKS_FROM, ids.values()))
        renamed, invalid = M.sort_timestamps(link.created_at for link in links)
        rows = []
        for link in links:
            relation = link.relation.strip()
            if not relation or not link.created_at or link.created_at in invalid:
                self.problems.append(f"{link.where}: a link needs a relation and a created_at "
                                     "date and time")
                continue
            if link.uuid in stored:
                self.skip(link.where, M.SKIP_LINK_THERE)
                continue
            ends = (self._resolve(ids, link.from_annotation_uuid),
                    self._resolve(ids, link.to_annotation_uuid))
            if ends[0] is None or ends[1] is None:
                missing = link.from_annotation_uuid if ends[0] is None else link.to_annotation_uuid
                self.skip(link.where, f"{M.SKIP_LINK_NO_ANNOTATION}: {missing}")
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
                         "created_at": renamed.get(link.created_at, link.created_at)})
        if rows:
            self.conn.execute(insert(Link), rows)
        self.links_added = len(rows)
