"""The links of a merge, joining annotations named by UUID."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain import merge as M
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.records import IncomingLink
from annotator.services._merge_annotations import AnnotationIds
from annotator.services._merge_log import MergeLog
from annotator.store.models import Link
from annotator.store.queries import plain_rows_in_chunks


def merge_links(conn: Connection, log: MergeLog, links: Sequence[IncomingLink],
                ids: AnnotationIds) -> int:
    """Store the links by UUID (and by content: same ends and relation); one whose ends are not
    both in the project is skipped. Returns how many were added."""
    if not links:
        return 0
    stored = {row[0] for row in plain_rows_in_chunks(
        conn, lambda part: select(Link.uuid).where(Link.uuid.in_(part)),
        sorted({link.uuid for link in links}))}
    same = set(plain_rows_in_chunks(
        conn,
        lambda part: select(Link.from_annotation_id, Link.to_annotation_id, Link.relation)
        .where(Link.from_annotation_id.in_(part)),
        sorted(set(ids.values()))))
    renamed, invalid = M.sort_timestamps(link.created_at for link in links)
    rows = []
    for link in links:
        relation = link.relation.strip()
        if not relation or not link.created_at or link.created_at in invalid:
            log.problem(link.where, Worded(ErrorCode.MERGE_LINK_INCOMPLETE, {}))
            continue
        if link.uuid in stored:
            log.skip(link.where, M.SKIP_LINK_THERE)
            continue
        origin, target = ids.of(link.from_annotation_uuid), ids.of(link.to_annotation_uuid)
        if origin is None or target is None:
            missing = link.from_annotation_uuid if origin is None else link.to_annotation_uuid
            log.skip(link.where, M.SKIP_LINK_NO_ANNOTATION.detailed(missing))
            continue
        if origin == target:
            log.skip(link.where, M.SKIP_SELF_LINK)
            continue
        natural = (origin, target, relation)
        if natural in same:
            log.skip(link.where, M.SKIP_SAME_LINK)
            continue
        same.add(natural)
        stored.add(link.uuid)
        rows.append({"uuid": link.uuid, "relation": relation, "from_annotation_id": origin,
                     "to_annotation_id": target, "annotator": link.annotator.strip(),
                     "created_at": renamed.get(link.created_at, link.created_at)})
    if rows:
        conn.execute(insert(Link), rows)
    return len(rows)
