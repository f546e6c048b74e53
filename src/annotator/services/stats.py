"""Reading what the corpus statistics need, in a few bare queries, and computing them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from annotator.domain.errors import InvalidInput
from annotator.domain.links import DEFAULT_LINK_RULES
from annotator.domain.stats import (
    BY_CHOICES,
    LabelCount,
    LabelCoverage,
    StatDocument,
    StatLink,
    StatsInput,
    StatSource,
    StatTable,
    compute_stats,
)
from annotator.store.engine import ProjectStore
from annotator.store.models import Annotation, Document, Label, Link, LinkRule

#: The relation that attributes a claim to its source, and the labels it joins in a new project.
ATTRIBUTION, DEFAULT_CLAIM, DEFAULT_SOURCE = DEFAULT_LINK_RULES[0]
_CHUNK = 200


def _roles(session: Session, labels: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Source-like and claim-like labels: those the attribution rule joins, else by name."""
    to_label = aliased(Label, name="to_label")
    from_label = aliased(Label, name="from_label")
    rules = session.execute(
        select(from_label.name, to_label.name)
        .select_from(LinkRule)
        .join(from_label, from_label.id == LinkRule.from_label_id)
        .join(to_label, to_label.id == LinkRule.to_label_id)
        .where(LinkRule.relation == ATTRIBUTION)
    ).all()
    if rules:
        return frozenset(t for _, t in rules), frozenset(f for f, _ in rules)
    folded = {name.casefold(): name for name in labels}
    sources = {folded[DEFAULT_SOURCE]} if DEFAULT_SOURCE in folded else set()
    claims = {folded[DEFAULT_CLAIM]} if DEFAULT_CLAIM in folded else set()
    return frozenset(sources), frozenset(claims)


def _coverage_query(per_annotator: bool) -> Select:
    """Annotations and characters covered per document and label (and annotator), in SQL.

    The union of a label's spans is measured in one pass over the spans sorted by start: each
    span adds what reaches beyond the furthest end seen before it.
    """
    parts = [Annotation.document_id, Annotation.label_id]
    if per_annotator:
        parts.append(Annotation.annotator)
    reach = func.max(Annotation.end).over(
        partition_by=parts, order_by=(Annotation.start, Annotation.end), rows=(None, -1)
    )
    spans = select(*parts, Annotation.start, Annotation.end, reach.label("reach")).subquery()
    added = func.max(0, spans.c.end - func.max(spans.c.start, func.coalesce(spans.c.reach, -1)))
    keys = [spans.c.document_id, spans.c.label_id] + ([spans.c.annotator] if per_annotator else [])
    return select(*keys, func.count(), func.sum(added)).group_by(*keys)


def _check_labels(names: Sequence[str], labels: Sequence[str], what: str) -> frozenset[str]:
    for name in names:
        if name not in labels:
            raise InvalidInput(f"unknown {what} label {name!r}")
    return frozenset(names)


def stats_input(
    project: ProjectStore,
    source_labels: Sequence[str] | None = None,
    claim_labels: Sequence[str] | None = None,
) -> StatsInput:
    """Documents, labels, annotations, source texts and links, read in one snapshot.

    Source- and claim-like labels come from the codebook's attribution rule unless given.
    """
    with project.read() as session:
        labels = list(session.scalars(select(Label.name).order_by(Label.position, Label.id)))
        sources, claims = _roles(session, labels)
        if source_labels is not None:
            sources = _check_labels(source_labels, labels, "source")
        if claim_labels is not None:
            claims = _check_labels(claim_labels, labels, "claim")
        conn = session.connection()  # Core rows: no ORM bookkeeping
        documents = [
            StatDocument(*row)
            for row in conn.execute(
                select(Document.id, Document.title, Document.date, Document.outlet,
                       Document.length)
                .order_by(Document.date.is_(None), Document.date, Document.title, Document.id)
            )
        ]
        names = dict(conn.execute(select(Label.id, Label.name)).all())
        counts = [
            LabelCount(document_id, names[label_id], annotator, n, covered)
            for document_id, label_id, annotator, n, covered
            in conn.execute(_coverage_query(True)).all()
        ]
        coverage = [
            LabelCoverage(document_id, names[label_id], covered)
            for document_id, label_id, _n, covered in conn.execute(_coverage_query(False)).all()
        ]
        source_ids = [i for i, name in names.items() if name in sources]
        claim_ids = [i for i, name in names.items() if name in claims]
        spans = conn.execute(
            select(Annotation.id, Annotation.document_id, Annotation.annotator, Annotation.start,
                   Annotation.end)
            .where(Annotation.label_id.in_(source_ids))
            .order_by(Annotation.id)
        ).all()
        texts: dict[int, str] = {}
        doc_ids = sorted({row[1] for row in spans})
        for first in range(0, len(doc_ids), _CHUNK):
            part = doc_ids[first : first + _CHUNK]
            texts.update(conn.execute(
                select(Document.id, Document.text).where(Document.id.in_(part))
            ).all())
        found = [StatSource(ann_id, doc, who, texts[doc][start:end])
                 for ann_id, doc, who, start, end in spans]
        target = aliased(Annotation, name="target")
        origin = aliased(Annotation, name="origin")
        links = [
            StatLink(relation, from_id, to_id, bool(from_claim))
            for relation, from_id, to_id, from_claim in conn.execute(
                select(Link.relation, Link.from_annotation_id, Link.to_annotation_id,
                       origin.label_id.in_(claim_ids))
                .join(target, target.id == Link.to_annotation_id)
                .join(origin, origin.id == Link.from_annotation_id)
                .where(target.label_id.in_(source_ids))
            ).all()
        ]
    return StatsInput(documents, labels, counts, coverage, found, links, ATTRIBUTION)


def corpus_stats(
    project: ProjectStore,
    by: str | None = None,
    source_labels: Sequence[str] | None = None,
    claim_labels: Sequence[str] | None = None,
) -> list[StatTable]:
    """The statistics tables for the whole corpus (by=None) or by document/outlet/month/annotator."""
    if by is not None and by not in BY_CHOICES:
        raise InvalidInput(f"cannot group by {by!r}: choose one of {', '.join(BY_CHOICES)}")
    return compute_stats(stats_input(project, source_labels, claim_labels), by)
