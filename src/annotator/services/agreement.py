"""Agreement between annotators, read from the project and computed by domain.agreement."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, distinct, func, select

from annotator.domain.agreement import (
    MAX_LABELS,
    AgreementReport,
    AgreementSpan,
    compute_agreement,
)
from annotator.domain.errors import InvalidInput
from annotator.services._refs import annotator_names, document_ids, known_annotators, spell_labels
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Label

#: Ids per `IN (...)` when reading texts (well under SQLite's variable limit).
_ID_CHUNK = 500
_SPANS = (
    'SELECT a.document_id, a.annotator, l.name, a.start, a."end" FROM annotations AS a '
    "JOIN labels AS l ON l.id = a.label_id WHERE a.annotator IN ({})"
)


def list_annotators(project: Project) -> list[str]:
    """Every annotator with at least one annotation in the project, sorted by name."""
    with store_of(project).read() as session:
        return sorted(known_annotators(session))


def _check_annotators(conn: Connection, annotators: Sequence[str]) -> tuple[str, ...]:
    names = tuple(name.strip() for name in annotators)
    if len(names) < 2:
        raise InvalidInput(
            f"agreement needs at least two annotators (got {len(names)}: {', '.join(names)})"
        )
    twice = [name for position, name in enumerate(names) if name in names[:position]]
    if twice:
        raise InvalidInput(f"annotator {twice[0]!r} is given twice")
    return tuple(annotator_names(conn, names))


def _check_labels(conn: Connection, labels: Sequence[str]) -> tuple[str, ...]:
    """The chosen labels in codebook order (all when none given)."""
    order = list(conn.scalars(select(Label.name).order_by(Label.position, Label.id)))
    spelled = spell_labels(labels, order)  # matched ignoring case, as the codebook spells them
    chosen = tuple(name for name in order if not labels or name in spelled)
    if len(chosen) > MAX_LABELS:
        raise InvalidInput(
            f"agreement compares at most {MAX_LABELS} labels at once; choose some with --label"
        )
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
    with store_of(project).read() as session:
        conn = session.connection()
        names = _check_annotators(conn, annotators)
        chosen = _check_labels(conn, labels)
        explicit = document_ids(conn, documents) if documents else []
        # Rows have AgreementSpan's fields: plain tuples from the driver (100,000 rows).
        driver = conn.connection.driver_connection
        sql = _SPANS.format(", ".join("?" * len(names)))
        params: tuple = names
        if explicit:
            sql += f" AND a.document_id IN ({', '.join('?' * len(explicit))})"
            params += tuple(explicit)
        spans: list[AgreementSpan] = driver.execute(sql, params).fetchall()  # type: ignore[assignment]
        wanted = explicit or list(conn.scalars(
            select(Annotation.document_id)
            .where(Annotation.annotator.in_(names))
            .group_by(Annotation.document_id)
            .having(func.count(distinct(Annotation.annotator)) >= 2)
        ))
        texts: dict[int, str] = {}
        for at in range(0, len(wanted), _ID_CHUNK):
            chunk = wanted[at:at + _ID_CHUNK]
            marks = ", ".join("?" * len(chunk))
            texts.update(driver.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk).fetchall())
    return compute_agreement(names, chosen, spans, texts, every_annotator_counts=bool(explicit))
