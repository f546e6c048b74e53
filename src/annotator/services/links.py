"""Links between annotations (a claim to its source, a framing to its claim) and the codebook's link rules."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

from sqlalchemy import Row, Select, bindparam, delete, insert, or_, select
from sqlalchemy.orm import Session, aliased

from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.links import check_relation, outgoing_phrase, relation_words
from annotator.domain.records import LinkInfo, LinkRuleInfo, LinkSnapshot
from annotator.domain.validation import clean_annotator
from annotator.services._dependents import LINK_COLUMNS, ids_of, uuids_of
from annotator.services._refs import find_annotation, find_label
from annotator.services._steps import insert_keeping_ids, refusing_clashes
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label, Link, LinkRule
from annotator.store.queries import document_text_reader

#: Rows fetched from SQLite per round trip while streaming the export.
BATCH_ROWS = 5000

LinkExportRow = tuple[str, str, str, str, str, str, str, str, str, str, str]

_FROM_LABEL = aliased(Label)
_TO_LABEL = aliased(Label)
_RULE_COLUMNS = (
    LinkRule.id, LinkRule.relation, LinkRule.from_label_id, _FROM_LABEL.name, LinkRule.to_label_id,
    _TO_LABEL.name,
)


def _rules_query() -> Select:
    return (
        select(*_RULE_COLUMNS)
        .join(_FROM_LABEL, _FROM_LABEL.id == LinkRule.from_label_id)
        .join(_TO_LABEL, _TO_LABEL.id == LinkRule.to_label_id)
        .order_by(_FROM_LABEL.position, _TO_LABEL.position, LinkRule.relation, LinkRule.id)
    )


def _delete_found(
    session: Session, query: Select, row_type: type[Link | LinkRule], row_id: int, gone: NotFound
) -> Row:
    """Delete a row, returning what `query` read of it first; NotFound(`gone`) if it is gone."""
    row = session.execute(query).first()
    if row is None:
        raise gone
    session.delete(session.get(row_type, row_id))
    return row


def list_link_rules(project: Project) -> list[LinkRuleInfo]:
    """The label pairs a link may join, in codebook order."""
    with store_of(project).read() as session:
        return [LinkRuleInfo(*row) for row in session.execute(_rules_query())]


def add_link_rule(
    project: Project, relation: str, from_label: int | str, to_label: int | str
) -> LinkRuleInfo:
    """Allow links of `relation` from `from_label` spans to `to_label` spans."""
    relation = check_relation(relation)
    with store_of(project).write() as session:
        a, b = find_label(session, from_label), find_label(session, to_label)
        exists = session.scalar(
            select(LinkRule.id).where(
                LinkRule.from_label_id == a.id, LinkRule.to_label_id == b.id,
                LinkRule.relation == relation,
            )
        )
        if exists is not None:
            raise InvalidInput(code=ErrorCode.RULE_EXISTS, from_label=a.name, relation=relation,
                               to_label=b.name)
        rule_id = session.execute(
            insert(LinkRule).returning(LinkRule.id),
            {"relation": relation, "from_label_id": a.id, "to_label_id": b.id},
        ).scalar_one()
        return LinkRuleInfo(rule_id, relation, a.id, a.name, b.id, b.name)


def remove_link_rule(project: Project, rule_id: int) -> LinkRuleInfo:
    """Stop allowing new links of a rule (links already made stay); returns the rule as it was."""
    with store_of(project).write() as session:
        query = _rules_query().where(LinkRule.id == rule_id)
        gone = NotFound(code=ErrorCode.LINK_RULE_GONE, rule=rule_id)
        return LinkRuleInfo(*_delete_found(session, query, LinkRule, rule_id, gone))


def _rule_labels(session: Session, snapshot: LinkRuleInfo) -> tuple[Label, Label]:
    """The rule's two labels, found by name (a label's id may have gone to another label)."""
    return find_label(session, snapshot.from_label), find_label(session, snapshot.to_label)


def remove_link_rule_snapshot(project: Project, snapshot: LinkRuleInfo) -> LinkRuleInfo:
    """Remove the rule `snapshot` describes (relation and labels by name): the undo of adding it,
    the redo of removing it. Returns the rule as it was."""
    with store_of(project).write() as session:
        a, b = _rule_labels(session, snapshot)
        query = _rules_query().where(
            LinkRule.relation == snapshot.relation, LinkRule.from_label_id == a.id,
            LinkRule.to_label_id == b.id,
        )
        gone = NotFound(code=ErrorCode.RULE_NO_LONGER_ALLOWED, from_label=snapshot.from_label,
                        relation=snapshot.relation, to_label=snapshot.to_label)
        found = session.execute(query).first()
        if found is None:
            raise gone
        return LinkRuleInfo(*_delete_found(session, query, LinkRule, found[0], gone))


def restore_link_rule(project: Project, snapshot: LinkRuleInfo) -> LinkRuleInfo:
    """Put a removed rule back (the undo of `remove_link_rule`): its labels found by name, its id
    kept unless another rule has it now; refused if the codebook allows it already."""
    with refusing_clashes(ErrorCode.CLASH_PUTTING_LINK_RULE_BACK), store_of(project).write() as session:
        a, b = _rule_labels(session, snapshot)
        exists = session.scalar(select(LinkRule.id).where(
            LinkRule.relation == snapshot.relation, LinkRule.from_label_id == a.id,
            LinkRule.to_label_id == b.id,
        ))
        if exists is not None:
            raise InvalidInput(code=ErrorCode.RULE_EXISTS, from_label=a.name, relation=snapshot.relation,
                               to_label=b.name)
        taken = session.get(LinkRule, snapshot.id) is not None
        rule = LinkRule(relation=snapshot.relation, from_label_id=a.id, to_label_id=b.id)
        if not taken:
            rule.id = snapshot.id
        session.add(rule)
        session.flush()
        return LinkRuleInfo(rule.id, rule.relation, a.id, a.name, b.id, b.name)


def _allowed(session: Session, from_label: Label, to_label: Label) -> list[str]:
    return list(
        session.scalars(
            select(LinkRule.relation)
            .where(LinkRule.from_label_id == from_label.id, LinkRule.to_label_id == to_label.id)
            .order_by(LinkRule.id)
        )
    )


def _no_rule(session: Session, from_label: Label, to_label: Label) -> InvalidInput:
    names = {"from_label": from_label.name, "to_label": to_label.name}
    backwards = _allowed(session, to_label, from_label)
    if backwards:
        return InvalidInput(code=ErrorCode.NO_LINK_RULE_BACKWARDS, relation=backwards[0], **names)
    targets = session.execute(
        select(LinkRule.relation, Label.name)
        .join(Label, Label.id == LinkRule.to_label_id)
        .where(LinkRule.from_label_id == from_label.id)
        .order_by(LinkRule.id)
    ).all()
    if targets:
        listed = tuple(Worded(ErrorCode.LINK_TARGET, {"relation": relation_words(rel), "label": name})
                       for rel, name in targets)
        return InvalidInput(code=ErrorCode.NO_LINK_RULE_TARGETS, targets=listed, **names)
    return InvalidInput(code=ErrorCode.NO_LINK_RULE_AT_ALL, **names)


def add_link(
    project: Project,
    from_annotation_id: int,
    to_annotation_id: int,
    annotator: str,
    relation: str | None = None,
) -> LinkInfo:
    """Link two spans of one document; the relation comes from the codebook's rule for their labels.

    Refused when no rule allows the pair (or `relation`), for spans of different documents, for a
    span linked to itself, and when the same link exists.
    """
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        return _add_link(session, from_annotation_id, to_annotation_id, name, relation)


def add_link_with_ends(
    project: Project,
    from_annotation_id: int,
    to_annotation_id: int,
    annotator: str,
    relation: str | None = None,
) -> LinkSnapshot:
    """`add_link`, returning the link with the UUIDs of its two annotations (for undo)."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        link = _add_link(session, from_annotation_id, to_annotation_id, name, relation)
        return _with_ends(session, link)


def _with_ends(session: Session, link: LinkInfo) -> LinkSnapshot:
    uuids = uuids_of(session, [link.from_annotation_id, link.to_annotation_id])
    return LinkSnapshot(link, uuids[link.from_annotation_id], uuids[link.to_annotation_id])


def _add_link(
    session: Session, from_annotation_id: int, to_annotation_id: int, name: str,
    relation: str | None,
) -> LinkInfo:
    if from_annotation_id == to_annotation_id:
        raise InvalidInput(code=ErrorCode.LINK_TO_ITSELF)
    a = find_annotation(session, from_annotation_id)
    b = find_annotation(session, to_annotation_id)
    if a.document_id != b.document_id:
        raise InvalidInput(code=ErrorCode.LINK_ACROSS_DOCUMENTS)
    label_a, label_b = find_label(session, a.label_id), find_label(session, b.label_id)
    allowed = _allowed(session, label_a, label_b)
    if not allowed:
        raise _no_rule(session, label_a, label_b)
    if relation is None:
        if len(allowed) > 1:
            raise InvalidInput(code=ErrorCode.LINK_SEVERAL_WAYS, from_label=label_a.name,
                               to_label=label_b.name, relations=", ".join(allowed))
        relation = allowed[0]
    elif relation not in allowed:
        raise InvalidInput(code=ErrorCode.RELATION_NOT_ALLOWED, relation=relation, from_label=label_a.name,
                           to_label=label_b.name, relations=", ".join(allowed))
    exists = session.scalar(
        select(Link.id).where(
            Link.from_annotation_id == a.id, Link.to_annotation_id == b.id,
            Link.relation == relation,
        )
    )
    if exists is not None:
        raise InvalidInput(code=ErrorCode.LINK_EXISTS_BETWEEN, from_label=label_a.name,
                           relation=outgoing_phrase(relation), to_label=label_b.name)
    row = {
        "uuid": str(uuid.uuid4()),
        "relation": relation,
        "from_annotation_id": a.id,
        "to_annotation_id": b.id,
        "annotator": name,
        "created_at": utc_now_iso(),
    }
    link_id = session.execute(insert(Link).returning(Link.id), row).scalar_one()
    return LinkInfo(id=link_id, **row)


def delete_link(project: Project, link_id: int) -> LinkInfo:
    """Remove a link; returns it as it was, so that it can be restored."""
    with store_of(project).write() as session:
        query = select(*LINK_COLUMNS).where(Link.id == link_id)
        gone = NotFound(code=ErrorCode.LINK_GONE, link=link_id)
        return LinkInfo(*_delete_found(session, query, Link, link_id, gone))


def delete_link_with_ends(project: Project, link_id: int) -> LinkSnapshot:
    """`delete_link`, returning the link with the UUIDs of its two annotations (for undo)."""
    with store_of(project).write() as session:
        query = select(*LINK_COLUMNS).where(Link.id == link_id)
        row = session.execute(query).first()
        if row is None:
            raise NotFound(code=ErrorCode.LINK_GONE, link=link_id)
        snapshot = _with_ends(session, LinkInfo(*row))
        session.execute(delete(Link).where(Link.id == link_id))
        return snapshot


def delete_link_snapshot(project: Project, snapshot: LinkSnapshot) -> LinkSnapshot:
    """Delete the link `snapshot` is (found by UUID): the undo of adding it, the redo of
    deleting it. Returns it as it was."""
    with store_of(project).write() as session:
        row = session.execute(select(*LINK_COLUMNS).where(Link.uuid == snapshot.link.uuid)).first()
        if row is None:
            raise NotFound(code=ErrorCode.THIS_LINK_GONE)
        found = _with_ends(session, LinkInfo(*row))
        session.execute(delete(Link).where(Link.id == found.link.id))
        return found


def restore_link_snapshot(project: Project, snapshot: LinkSnapshot) -> LinkSnapshot:
    """Put a deleted link back (same UUID and time) between the annotations it joined, found by
    UUID; its id is kept unless another link has it now. Refused when one of them is gone, or
    when the link (or the same link under another UUID) exists already."""
    with refusing_clashes(ErrorCode.CLASH_PUTTING_LINK_BACK), store_of(project).write() as session:
        ids = ids_of(session, [snapshot.from_uuid, snapshot.to_uuid])
        if snapshot.from_uuid not in ids or snapshot.to_uuid not in ids:
            raise NotFound(code=ErrorCode.LINK_END_GONE)
        link = dataclasses.replace(
            snapshot.link, from_annotation_id=ids[snapshot.from_uuid],
            to_annotation_id=ids[snapshot.to_uuid],
        )
        taken = session.scalar(
            select(Link.id).where(
                or_(
                    Link.uuid == link.uuid,
                    (Link.from_annotation_id == link.from_annotation_id)
                    & (Link.to_annotation_id == link.to_annotation_id)
                    & (Link.relation == link.relation),
                )
            )
        )
        if taken is not None:
            raise InvalidInput(code=ErrorCode.LINK_EXISTS)
        new_ids = insert_keeping_ids(session, Link, [dataclasses.asdict(link)])
        return dataclasses.replace(snapshot, link=dataclasses.replace(link, id=new_ids[link.uuid]))


def restore_link(project: Project, snapshot: LinkInfo) -> LinkInfo:
    """Put a deleted link back exactly as it was (same id, UUID and time), between the
    annotations with the ids it names; undo steps use `restore_link_snapshot`."""
    with refusing_clashes(ErrorCode.CLASH_PUTTING_LINK_BACK), store_of(project).write() as session:
        for end in (snapshot.from_annotation_id, snapshot.to_annotation_id):
            if session.get(Annotation, end) is None:
                raise NotFound(code=ErrorCode.LINK_END_GONE)
        taken = session.scalar(
            select(Link.id).where(
                or_(
                    Link.uuid == snapshot.uuid,
                    (Link.from_annotation_id == snapshot.from_annotation_id)
                    & (Link.to_annotation_id == snapshot.to_annotation_id)
                    & (Link.relation == snapshot.relation),
                )
            )
        )
        if taken is not None:
            raise InvalidInput(code=ErrorCode.LINK_EXISTS)
        session.execute(insert(Link), [dataclasses.asdict(snapshot)])
        return snapshot


_LINKS_OF_DOCUMENT = (
    select(*LINK_COLUMNS)
    .join(Annotation, Annotation.id == Link.from_annotation_id)
    .where(Annotation.document_id == bindparam("document_id"))
    .order_by(Link.created_at, Link.id)
)


def list_links(project: Project, document_id: int) -> list[LinkInfo]:
    """The links between spans of one document, oldest first."""
    with store_of(project).read() as session:
        rows = session.connection().execute(_LINKS_OF_DOCUMENT, {"document_id": document_id}).all()
        return [LinkInfo(*row) for row in rows]


def iter_link_export_rows(project: Project) -> Iterator[LinkExportRow]:
    """Yield one row per link in `LINK_EXPORT_COLUMNS` order; texts are sliced from the stored text."""
    a, b = aliased(Annotation), aliased(Annotation)
    la, lb = aliased(Label), aliased(Label)
    with store_of(project).read() as session:
        query = (
            select(
                Link.uuid, Link.relation, a.uuid, b.uuid, la.name, lb.name, a.document_id, a.start,
                a.end, b.document_id, b.start, b.end, Document.uuid, Link.annotator, Link.created_at,
            )
            .join(a, a.id == Link.from_annotation_id)
            .join(b, b.id == Link.to_annotation_id)
            .join(la, la.id == a.label_id)
            .join(lb, lb.id == b.label_id)
            .join(Document, Document.id == a.document_id)
            .order_by(a.document_id, a.start, a.end, Link.id)
        )
        conn = session.connection()
        current_id, current_text = -1, ""  # one document's text at a time
        text_of = document_text_reader(conn)

        for row in conn.execution_options(yield_per=BATCH_ROWS).execute(query):
            (link_uuid, relation, from_uuid, to_uuid, from_label, to_label, from_doc, from_start,
             from_end, to_doc, to_start, to_end, doc_uuid, annotator, created_at) = row
            if from_doc != current_id:
                current_id, current_text = from_doc, text_of(from_doc)
            # Both ends are in one document unless a merge brought in something else.
            to_source = current_text if to_doc == from_doc else text_of(to_doc)
            yield (link_uuid, relation, from_uuid, to_uuid, from_label, to_label,
                   current_text[from_start:from_end], to_source[to_start:to_end], doc_uuid,
                   annotator, created_at)
