"""Reading what the corpus statistics need, in a few bare queries, and computing them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    ColumnElement,
    Connection,
    ScalarSelect,
    Select,
    func,
    null,
    select,
)
from sqlalchemy.orm import Session, aliased

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.domain.links import DEFAULT_LINK_RULES
from annotator.domain.review import REJECTED
from annotator.domain.stats import (
    BY_CHOICES,
    LabelCount,
    LabelCoverage,
    SourceRow,
    StatDocument,
    StatsInput,
    StatTable,
    compute_stats,
    union_coverage,
)
from annotator.services._refs import spell_labels
from annotator.services.collector import paused_collector
from annotator.services.export import _latest_reviews
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label, Link, LinkRule
from annotator.store.queries import in_chunks, plain_rows

#: The relation that attributes a claim to its source, and the labels it joins in a new project.
ATTRIBUTION, DEFAULT_CLAIM, DEFAULT_SOURCE = DEFAULT_LINK_RULES[0]


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


def _rejected_ids() -> Select:
    """The ids of the rejected annotations: those whose latest accept/reject verdict is a reject."""
    decided = _latest_reviews(decisive=True)
    return select(decided.c.annotation_id).where(decided.c.rank == 1, decided.c.verdict == REJECTED)


def _counted(query: Select, include_rejected: bool, *ids: ColumnElement[int]) -> Select:
    """`query` keeping only the rows whose annotations `ids` are counted (rejected ones left out
    unless `include_rejected`)."""
    if include_rejected:
        return query
    return query.where(*(annotation_id.not_in(_rejected_ids()) for annotation_id in ids))


def _spans_query(per_annotator: bool, include_rejected: bool = True) -> Select:
    """Every span as (document, label, annotator or NULL, start, end), sorted for union_coverage.

    Per annotator the order is the unique index's, so SQLite reads it without sorting.
    """
    who = Annotation.annotator if per_annotator else null()
    order = [Annotation.document_id, Annotation.label_id]
    order += [Annotation.annotator] if per_annotator else []
    query = select(Annotation.document_id, Annotation.label_id, who, Annotation.start, Annotation.end)
    return _counted(query, include_rejected, Annotation.id).order_by(*order, Annotation.start)


def _label_of(annotation_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The label id of the annotation `annotation_id` names, as a subquery."""
    return select(Annotation.label_id).where(Annotation.id == annotation_id).scalar_subquery()


def _check_labels(names: Sequence[str], labels: Sequence[str], what: str) -> frozenset[str]:
    return frozenset(spell_labels(names, labels, f"{what} label"))


def stats_input(
    project: Project,
    source_labels: Sequence[str] | None = None,
    claim_labels: Sequence[str] | None = None,
    by: str | None = None,
    include_rejected: bool = False,
) -> StatsInput:
    """Documents, labels, annotations, source texts and links, read in one snapshot.

    Source- and claim-like labels come from the codebook's attribution rule unless given.
    Coverage is read per annotator only when grouping `by` annotator. Every annotator's
    annotations are read; rejected ones (and their links) are left out unless `include_rejected`.
    """
    with store_of(project).read() as session:
        labels = list(session.scalars(select(Label.name).order_by(Label.position, Label.id)))
        sources, claims = _roles(session, labels)
        if source_labels is not None:
            sources = _check_labels(source_labels, labels, "source")
        if claim_labels is not None:
            claims = _check_labels(claim_labels, labels, "claim")
        conn = session.connection()  # Core rows: no ORM bookkeeping
        documents, counts, names = _documents_and_counts(conn, include_rejected)
        spans = plain_rows(conn, _spans_query(by == "annotator", include_rejected))
        coverage = [LabelCoverage(document_id, names[label_id], who, covered)
                    for document_id, label_id, who, covered in union_coverage(spans)]
        del spans
        source_ids = [i for i, name in names.items() if name in sources]
        claim_ids = [i for i, name in names.items() if name in claims]
        found = _source_texts(conn, source_ids, include_rejected)
        links = plain_rows(  # every link once, looking up the labels of its two ends
            conn,
            _counted(select(Link.relation, Link.from_annotation_id, Link.to_annotation_id,
                            _label_of(Link.from_annotation_id).in_(claim_ids))
                     .where(_label_of(Link.to_annotation_id).in_(source_ids)),
                     include_rejected, Link.from_annotation_id, Link.to_annotation_id),
        )
    return StatsInput(documents, labels, counts, coverage, found, links, ATTRIBUTION)


def _source_texts(
    conn: Connection, source_ids: Sequence[int], include_rejected: bool = True
) -> list[SourceRow]:
    """(id, document, annotator, text) of the source-like annotations, in annotation order."""
    spans = plain_rows(
        conn,
        _counted(select(Annotation.id, Annotation.document_id, Annotation.annotator,
                        Annotation.start, Annotation.end)
                 .where(Annotation.label_id.in_(source_ids)), include_rejected, Annotation.id)
        .order_by(Annotation.id),
    )
    texts: dict[int, str] = {}
    doc_ids = sorted({row[1] for row in spans})
    for part in in_chunks(doc_ids):
        texts.update(conn.execute(
            select(Document.id, Document.text).where(Document.id.in_(part))
        ).all())
    return [(ann_id, doc, who, texts[doc][start:end]) for ann_id, doc, who, start, end in spans]


def corpus_stats(
    project: Project,
    by: str | None = None,
    source_labels: Sequence[str] | None = None,
    claim_labels: Sequence[str] | None = None,
    include_rejected: bool = False,
) -> list[StatTable]:
    """The statistics tables for the whole corpus (by=None) or by document/outlet/month/annotator.

    Every annotator's annotations are counted together; rejected ones are left out unless
    `include_rejected`.
    """
    if by is not None and by not in BY_CHOICES:
        raise InvalidInput(code=ErrorCode.UNKNOWN_GROUPING, by=by, choices=", ".join(BY_CHOICES))
    with paused_collector():
        return compute_stats(
            stats_input(project, source_labels, claim_labels, by, include_rejected), by
        )


def label_counts(project: Project, by: str | None = None, include_rejected: bool = False
                 ) -> StatTable:
    """The annotations of each group and label, as in the `labels` table, read without what the
    other figures need (the text each span covers, sources, links): what a chart draws, in a
    fraction of the time. The table `label_counts`: (group, label, annotations)."""
    if by is not None and by not in BY_CHOICES:
        raise InvalidInput(code=ErrorCode.UNKNOWN_GROUPING, by=by, choices=", ".join(BY_CHOICES))
    with store_of(project).read() as session:
        labels = list(session.scalars(select(Label.name).order_by(Label.position, Label.id)))
        conn = session.connection()
        documents, counts, _names = _documents_and_counts(conn, include_rejected)
    tables = compute_stats(StatsInput(documents, labels, counts, []), by)
    table = next(t for t in tables if t.name == "labels")
    return StatTable("label_counts", table.title, ("group", "label"), ("annotations",),
                     tuple((group, label, n) for group, label, n, *_rest in table.rows))


def _documents_and_counts(
    conn: Connection, include_rejected: bool
) -> tuple[list[StatDocument], list[LabelCount], dict[int, str]]:
    """Every document (by date, then title), its annotations counted per label and annotator, and
    each label's name by id."""
    documents = [
        StatDocument(*row)
        for row in conn.execute(
            select(Document.id, Document.title, Document.date, Document.outlet, Document.length)
            .order_by(Document.date.is_(None), Document.date, Document.title, Document.id)
        )
    ]
    names = dict(conn.execute(select(Label.id, Label.name)).all())
    per_annotator = (Annotation.document_id, Annotation.label_id, Annotation.annotator)
    counts = [
        LabelCount(document_id, names[label_id], annotator, n)
        for document_id, label_id, annotator, n
        in plain_rows(conn, _counted(select(*per_annotator, func.count()), include_rejected,
                                     Annotation.id).group_by(*per_annotator))
    ]
    return documents, counts, names
