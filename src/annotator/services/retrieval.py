"""Corpus-wide retrieval of annotations in context, corpus search, and labelling search hits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from operator import itemgetter

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.records import AnnotationInfo
from annotator.domain.retrieval import (
    DEFAULT_CONTEXT,
    CorpusHit,
    KwicRow,
    check_context,
    check_date_range,
    compile_pattern,
    find_pattern,
    in_context,
)
from annotator.domain.validation import clean_annotator
from annotator.services._refs import annotator_names, find_label, spell_labels
from annotator.services.agreement import list_annotators as list_annotators
from annotator.services.annotations import delete_annotations, insert_new_spans
from annotator.services.handle import Project, store_of
from annotator.services.stats import paused_collector
from annotator.store.models import Annotation, Document, Label
from annotator.store.queries import IN_CHUNK, in_chunks, plain_rows

#: Corpus search stops after this many hits unless told otherwise.
DEFAULT_HIT_LIMIT = 10_000
#: Documents in the order the document list shows them: by date (undated last), then title.
_DOCUMENT_ORDER = (Document.date.is_(None), Document.date, Document.title, Document.id)


#: Reading order of a row (id, document, label, annotator, start, end, note, -end):
#: by start, longer spans first, then by id.
_READING_ORDER = itemgetter(4, 7, 0)


def _date_filter(query: Select, date_from: str | None, date_to: str | None) -> Select:
    """Keep documents whose date, read as a period (year, month or day), overlaps the range.

    A partial date P stands for every date starting with P, so it ends at P + "\\x7f" in
    string order; undated documents are left out as soon as a bound is given.
    """
    low, high = check_date_range(date_from, date_to)
    if low is not None:
        query = query.where(Document.date + "\x7f" >= low)
    if high is not None:
        query = query.where(Document.date <= high + "\x7f")
    return query


def _label_ids(session: Session, labels: Iterable[int | str]) -> list[int]:
    wanted = list(labels)
    if not wanted:
        return []
    known = {lid: name for lid, name in session.execute(
        select(Label.id, Label.name).order_by(Label.position, Label.id))}
    by_name = {name: lid for lid, name in known.items()}
    ids = []
    for label in wanted:
        if isinstance(label, int):
            if label not in known:
                raise InvalidInput(code=ErrorCode.UNKNOWN_LABEL, label=label)
            ids.append(label)
        else:  # a name, matched ignoring case as the codebook does
            ids.extend(by_name[name] for name in spell_labels([label], list(known.values())))
    return ids


def _check_documents(session: Session, document_ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(document_ids))
    if not wanted:
        return []
    known: set[int] = set()
    for part in in_chunks(wanted):
        known.update(session.scalars(select(Document.id).where(Document.id.in_(part))))
    missing = [d for d in wanted if d not in known]
    if missing:
        raise InvalidInput(code=ErrorCode.UNKNOWN_DOCUMENT, document=missing[0])
    return wanted


def retrieve(
    project: Project,
    labels: Iterable[int | str] = (),
    annotators: Iterable[str] = (),
    document_ids: Iterable[int] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    context: int = DEFAULT_CONTEXT,
) -> list[KwicRow]:
    """Annotations of the chosen labels, annotators, documents and dates, each in its context.

    An empty filter means "all". Rows come in document-list order, then reading order.
    """
    context = check_context(context)
    with store_of(project).read() as session:
        label_ids = _label_ids(session, labels)
        names = annotator_names(session, list(annotators))
        doc_ids = _check_documents(session, document_ids)
        docs = select(
            Document.id, Document.title, Document.date, Document.outlet
        ).order_by(*_DOCUMENT_ORDER)
        docs = _date_filter(docs, date_from, date_to)
        documents = {row[0]: tuple(row) for row in session.connection().execute(docs)}
        if doc_ids:
            chosen = set(doc_ids)
            documents = {d: row for d, row in documents.items() if d in chosen}
        query = (  # -end: one C-level sort key puts longer spans first at the same start
            select(
                Annotation.id, Annotation.document_id, Label.name, Annotation.annotator,
                Annotation.start, Annotation.end, Annotation.note, -Annotation.end,
            )
            .join(Label, Label.id == Annotation.label_id)
        )  # in table order: sorting each document's rows here is cheaper than an index walk
        if label_ids:
            query = query.where(Annotation.label_id.in_(label_ids))
        if names:
            query = query.where(Annotation.annotator.in_(names))
        if doc_ids and len(doc_ids) <= IN_CHUNK:
            query = query.where(Annotation.document_id.in_(doc_ids))
        conn = session.connection()
        with paused_collector():
            return _kwic_rows(conn, query, documents, context)


def _kwic_rows(
    conn: Connection, query: Select, documents: dict[int, tuple], context: int
) -> list[KwicRow]:
    """The rows of `query` in context, in document order then reading order.

    Plain tuples all the way (driver rows, one comprehension per document), turned into KwicRow
    by a C-level map at the end: 100,000 rows are built several times faster that way.
    """
    per_document: dict[int, list[tuple]] = {}
    for row in plain_rows(conn, query):
        found = per_document.get(row[1])
        if found is None:
            if row[1] not in documents:
                continue
            found = per_document[row[1]] = []
        found.append(row)
    wanted = [d for d in documents if d in per_document]
    rows: list[tuple] = []
    for part in in_chunks(wanted):
        texts = dict(plain_rows(conn, select(Document.id, Document.text)
                                .where(Document.id.in_(part))))
        for document_id in part:
            _, title, date, outlet = documents[document_id]
            text = texts[document_id]
            found = per_document[document_id]
            found.sort(key=_READING_ORDER)
            rows.extend([
                (ann_id, document_id, title, date, outlet, label, annotator,
                 text[start - context if start > context else 0 : start], text[start:end],
                 text[end : end + context], start, end, note)
                for ann_id, _doc, label, annotator, start, end, note, _back in found
            ])
    return list(map(partial(tuple.__new__, KwicRow), rows))


def search_corpus(
    project: Project,
    pattern: str,
    regex: bool = False,
    case_sensitive: bool = False,
    whole_words: bool = False,
    context: int = DEFAULT_CONTEXT,
    limit: int = DEFAULT_HIT_LIMIT,
) -> list[CorpusHit]:
    """Every occurrence of `pattern` across the documents (at most `limit`), with context.

    Plain patterns match as the find bar does (a space also finds a no-break space).
    """
    context = check_context(context)
    if not pattern:
        raise InvalidInput(code=ErrorCode.NOTHING_TO_SEARCH)
    compiled = compile_pattern(pattern, case_sensitive) if regex else pattern
    hits: list[CorpusHit] = []
    with store_of(project).read() as session:
        query = (
            select(Document.id, Document.title, Document.date, Document.outlet, Document.text)
            .order_by(*_DOCUMENT_ORDER)
            .execution_options(yield_per=50)
        )
        for document_id, title, date, outlet, text in session.execute(query):
            spans = find_pattern(
                text, compiled, case_sensitive=case_sensitive, whole_words=whole_words
            )
            for start, end in spans:
                left, span, right = in_context(text, start, end, context)
                hits.append(
                    CorpusHit(document_id, title, date, outlet, start, end, left, span, right)
                )
                if len(hits) >= limit:
                    return hits
    return hits


def label_hits(
    project: Project, label: int | str, annotator: str, hits: Iterable[CorpusHit]
) -> list[AnnotationInfo]:
    """Label the hits' spans in one transaction; spans that already have this label are skipped."""
    name = clean_annotator(annotator)
    spans = list(dict.fromkeys((h.document_id, h.start, h.end) for h in hits))
    with store_of(project).write() as session:
        lab = find_label(session, label)
        doc_ids = sorted({d for d, _, _ in spans})
        lengths: dict[int, int] = {}
        for part in in_chunks(doc_ids):
            lengths.update(
                session.execute(
                    select(Document.id, Document.length).where(Document.id.in_(part))
                ).all()
            )
        missing = [d for d in doc_ids if d not in lengths]
        if missing:
            raise NotFound(code=ErrorCode.DOCUMENT_GONE, document=missing[0])
        return insert_new_spans(session, lab, name, spans, lengths)


def unlabel_hits(project: Project, added: Sequence[AnnotationInfo]) -> list[AnnotationInfo]:
    """Undo of `label_hits`: remove the annotations it added (snapshots, to restore on redo)."""
    return delete_annotations(project, [a.id for a in added])
