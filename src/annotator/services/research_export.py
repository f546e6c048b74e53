"""Documents with their labelled spans, one at a time, for the wide table and the CoNLL tokens."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.domain.token_tags import SpannedDocument
from annotator.services._refs import annotator_names, document_ids, label_names
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label
from annotator.store.queries import ordered_document_text_reader

#: Rows fetched from SQLite per round trip while streaming.
BATCH_ROWS = 5000


@dataclass(frozen=True, slots=True)
class ResearchSelection:
    """What a research export covers, the filters checked and spelled as the project has them."""

    #: The labels exported, in codebook order (all of them without a label filter).
    labels: tuple[str, ...]
    #: Everyone with at least one span in the selection, sorted.
    annotators: tuple[str, ...]
    #: Only spans by these annotators (none: everyone's).
    annotator_filter: tuple[str, ...] = ()
    #: Only these documents (None: every document).
    document_ids: tuple[int, ...] | None = None


def research_selection(
    project: Project,
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> ResearchSelection:
    """The span labels, annotators and documents an export covers; InvalidInput for an unknown
    one or a document label.

    `labels` match ignoring case, `documents` a document's id, SHA-256 or source file name, as in
    the long export. Checked before any file is written: a typo must not look like "no spans".
    """
    with store_of(project).read() as session:
        codebook = list(session.scalars(select(Label.name).where(Label.kind == "span")
                                        .order_by(Label.position, Label.id)))
        wanted = set(label_names(session, labels)) if labels else set(codebook)
        document_labels = sorted(wanted.difference(codebook))
        if document_labels:  # only span labels have columns (their spans, their tokens)
            raise InvalidInput(code=ErrorCode.DOCUMENT_LABEL_NOT_EXPORTED, label=document_labels[0])
        chosen = tuple(name for name in codebook if name in wanted)
        who = tuple(annotator_names(session, annotators))
        ids = tuple(document_ids(session, documents)) if documents else None
        selection = ResearchSelection(chosen, (), who, ids)
        found = session.scalars(
            _spans_query(selection).with_only_columns(Annotation.annotator).distinct()
            .order_by(None).order_by(Annotation.annotator)
        )
        return ResearchSelection(chosen, tuple(found), who, ids)


def _spans_query(selection: ResearchSelection) -> Select:
    query = (
        select(Annotation.document_id, Label.name, Annotation.start, Annotation.end)
        .join(Label, Label.id == Annotation.label_id)
        .where(Label.name.in_(selection.labels))
        .order_by(Annotation.document_id, Annotation.start, Annotation.end, Label.position, Label.id,
                  Annotation.annotator, Annotation.id)
    )
    if selection.annotator_filter:
        query = query.where(Annotation.annotator.in_(selection.annotator_filter))
    if selection.document_ids is not None:
        query = query.where(Annotation.document_id.in_(selection.document_ids))
    return query


def iter_spanned_documents(project: Project, selection: ResearchSelection) -> Iterator[SpannedDocument]:
    """Each selected document in document order with its stored text and its selected spans.

    Documents without spans come too (with none). One document's text and spans are held at a
    time (from a server, the texts of a few documents are read in one query and each let go once
    handed out): memory stays flat however large the corpus. One read transaction: a consistent snapshot.
    """
    documents = select(
        Document.id, Document.uuid, Document.title, Document.date, Document.outlet, Document.url,
        Document.author, Document.language, Document.source_name, Document.sha256,
    ).order_by(Document.id)
    if selection.document_ids is not None:
        documents = documents.where(Document.id.in_(selection.document_ids))
    with store_of(project).read() as session:
        conn = session.connection()
        listed = documents.with_only_columns(Document.id)
        text_of = ordered_document_text_reader(conn, lambda: conn.execute(listed).scalars().all())
        streaming = conn.execution_options(yield_per=BATCH_ROWS)
        spans = iter(streaming.execute(_spans_query(selection)))
        pending = next(spans, None)
        for row in streaming.execute(documents):
            (doc_id, uuid, title, date, outlet, url, author, language, source_name, sha256) = row
            mine: list[tuple[str, int, int]] = []
            while pending is not None and pending[0] <= doc_id:
                if pending[0] == doc_id:
                    mine.append((pending[1], pending[2], pending[3]))
                pending = next(spans, None)
            text = text_of(doc_id)
            yield SpannedDocument(
                uuid, title, date or "", outlet, url, author, language, source_name, sha256, text,
                tuple(mine),
            )
