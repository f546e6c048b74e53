"""Agreement between annotators, read from the project and computed by domain.agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Connection, distinct, func, select

from annotator.domain.agreement import (
    MAX_LABELS,
    AgreementReport,
    AgreementSpan,
    DocumentUnits,
    agreement_units,
    compute_agreement,
)
from annotator.domain.agreement_documents import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    DocumentAgreement,
    by_document,
    check_bootstrap,
    with_intervals,
)
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.services._refs import annotator_names, document_ids, known_annotators, spell_labels
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label
from annotator.store.queries import in_chunks, plain_rows


def list_annotators(project: Project) -> list[str]:
    """Every annotator with at least one annotation in the project, sorted by name."""
    with store_of(project).read() as session:
        return sorted(known_annotators(session))


def _check_annotators(conn: Connection, annotators: Sequence[str]) -> tuple[str, ...]:
    names = tuple(name.strip() for name in annotators)
    if len(names) < 2:
        raise InvalidInput(code=ErrorCode.AGREEMENT_NEEDS_TWO, count=len(names), annotators=", ".join(names))
    twice = [name for position, name in enumerate(names) if name in names[:position]]
    if twice:
        raise InvalidInput(code=ErrorCode.ANNOTATOR_TWICE, annotator=twice[0])
    return tuple(annotator_names(conn, names))


def _check_labels(conn: Connection, labels: Sequence[str]) -> tuple[str, ...]:
    """The chosen labels in codebook order (all when none given)."""
    order = list(conn.scalars(select(Label.name).where(Label.kind == "span")
                              .order_by(Label.position, Label.id)))
    spelled = spell_labels(labels, order)  # matched ignoring case, as the codebook spells them
    chosen = tuple(name for name in order if not labels or name in spelled)
    if len(chosen) > MAX_LABELS:
        raise InvalidInput(code=ErrorCode.TOO_MANY_LABELS, count=MAX_LABELS)
    return chosen


def agreement_report(
    project: Project,
    annotators: Sequence[str],
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> AgreementReport:
    """Agreement of `annotators` (the first is the reference) per label and overall.

    `labels` (names, case aside) limit the labels compared; `documents` (id, SHA-256 or file name) are
    exactly the documents compared, otherwise every document that two or more of them annotated.
    Unknown names and fewer than two annotators are refused with InvalidInput.
    """
    return _computed(project, annotators, labels, documents, with_units=False)[0]


def agreement_with_intervals(
    project: Project,
    annotators: Sequence[str],
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> AgreementReport:
    """`agreement_report` with a 95% bootstrap interval over documents on every figure
    (`Figure.interval`; `AgreementReport.bootstrap` says how it was drawn). Refused with
    InvalidInput: resamples outside 1..MAX_RESAMPLES, a negative seed, fewer than two documents."""
    check_bootstrap(resamples, seed)
    report, units = _computed(project, annotators, labels, documents, with_units=True)
    assert units is not None
    return with_intervals(report, units, resamples, seed)


def agreement_by_document(
    project: Project,
    annotators: Sequence[str],
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> tuple[AgreementReport, tuple[DocumentAgreement, ...]]:
    """`agreement_report` and the same figures for each counted document alone, in id order;
    each `DocumentAgreement.document` is the document's UUID (as the CSV export's `document_id`)
    and `title` its title."""
    titles: dict[int, tuple[str, str]] = {}
    report, units = _computed(project, annotators, labels, documents, with_units=True, titles=titles)
    assert units is not None
    return report, tuple(
        replace(row, document=titles[row.document][0], title=titles[row.document][1])
        for row in by_document(report, units)
    )


def _computed(
    project: Project,
    annotators: Sequence[str],
    labels: Sequence[str],
    documents: Sequence[str],
    with_units: bool,
    titles: dict[int, tuple[str, str]] | None = None,
) -> tuple[AgreementReport, DocumentUnits | None]:
    """Read the spans and texts and compute the report (and its counts per document); `titles`,
    when given, receives each counted document's UUID and title, read in the same transaction."""
    titles = {} if titles is None else titles
    with store_of(project).read() as session:
        conn = session.connection()
        names = _check_annotators(conn, annotators)
        chosen = _check_labels(conn, labels)
        explicit = document_ids(conn, documents) if documents else []
        # Rows have AgreementSpan's fields: plain tuples from the driver (100,000 rows).
        query = (
            select(Annotation.document_id, Annotation.annotator, Label.name, Annotation.start,
                   Annotation.end)
            .join(Label, Label.id == Annotation.label_id)
            .where(Annotation.annotator.in_(names))
        )
        if explicit:
            query = query.where(Annotation.document_id.in_(explicit))
        spans: list[AgreementSpan] = plain_rows(conn, query)  # type: ignore[assignment]
        wanted = explicit or list(conn.scalars(
            select(Annotation.document_id)
            .where(Annotation.annotator.in_(names))
            .group_by(Annotation.document_id)
            .having(func.count(distinct(Annotation.annotator)) >= 2)
        ))
        texts: dict[int, str] = {}
        for part in in_chunks(wanted):
            for number, text, uuid, title in plain_rows(
                conn, select(Document.id, Document.text, Document.uuid, Document.title)
                .where(Document.id.in_(part))
            ):
                texts[number] = text
                titles[number] = (uuid, title)
    if with_units:
        return agreement_units(names, chosen, spans, texts, every_annotator_counts=bool(explicit))
    return compute_agreement(names, chosen, spans, texts, every_annotator_counts=bool(explicit)), None
