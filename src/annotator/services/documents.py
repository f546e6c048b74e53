"""Importing documents and reading them back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.document_edit import (
    METADATA_FIELDS,
    DocumentEdit,
    clean_date,
    clean_field,
    clean_title,
)
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.ids import canonical_uuid, uuid_file_stem
from annotator.domain.records import DocumentInfo, ImportedText, ImportOutcome
from annotator.services._convert import document_info
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document
from annotator.store.queries import in_chunks

#: Every column but the text: listing documents must not read every article.
_INFO_COLUMNS = (
    Document.id,
    Document.uuid,
    Document.title,
    Document.date,
    Document.source_name,
    Document.sha256,
    Document.length,
    Document.imported_at,
    Document.author,
    Document.outlet,
    Document.url,
    Document.language,
)


def _info(row: Sequence[object], annotation_count: int = 0) -> DocumentInfo:
    *head, author, outlet, url, language = row
    return DocumentInfo(  # type: ignore[arg-type]
        *head, annotation_count=annotation_count, author=author, outlet=outlet, url=url,
        language=language,
    )


def import_texts(
    project: Project, texts: Sequence[ImportedText], *, suggest: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportOutcome]:
    """Store decoded files in one transaction; a text already in the project is left alone.

    The new documents get suggestions (quotations and their sources) in the same transaction when
    `suggest` is True, or when it is None and the project proposes on import (its default);
    `progress(done, total)` follows the documents proposed for (and may raise to stop: nothing
    is stored)."""
    with store_of(project).write() as session:

        def by_hash(hashes: list[str]) -> dict[str, DocumentInfo]:
            found: dict[str, DocumentInfo] = {}
            for part in in_chunks(hashes):
                query = select(*_INFO_COLUMNS).where(Document.sha256.in_(part))
                found.update((row.sha256, _info(row)) for row in session.execute(query))
            return found

        known = by_hash([t.sha256 for t in texts])
        now = utc_now_iso()
        pending: dict[str, dict[str, object]] = {}
        for t in texts:
            if t.sha256 not in known and t.sha256 not in pending:
                pending[t.sha256] = {
                    "uuid": canonical_uuid(t.uuid) or str(uuid.uuid4()),
                    "title": t.title,
                    "date": t.date,
                    "source_name": t.source_name,
                    "sha256": t.sha256,
                    "text": t.text,
                    "length": len(t.text),
                    "imported_at": now,
                    "author": t.author,
                    "outlet": t.outlet,
                    "url": t.url,
                    "language": t.language,
                }
        if pending:
            session.execute(insert(Document), list(pending.values()))
            known.update(by_hash(list(pending)))
            from annotator.services import suggestions

            if suggest or (suggest is None and suggestions.proposes_on_import(session)):
                suggestions.suggest_in_session(session, [known[sha].id for sha in pending], progress)
        outcomes = []
        for t in texts:
            fresh = pending.pop(t.sha256, None) is not None  # the first file with this text
            status = "imported" if fresh else "already in project"
            outcomes.append(ImportOutcome(t.source_name, status, known[t.sha256]))
        return outcomes


def update_document_metadata(
    project: Project,
    document_id: int,
    *,
    title: str | None = None,
    date: str | None = None,
    author: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> DocumentEdit:
    """Change a document's metadata in one transaction; None keeps a field, "" clears it (the
    title cannot be cleared; a date is YYYY-MM-DD). The text never changes."""
    changes: dict[str, str | None] = {}
    if title is not None:
        changes["title"] = clean_title(title)
    if date is not None:
        changes["date"] = clean_date(date)
    for name, value in (("author", author), ("outlet", outlet), ("url", url),
                        ("language", language)):
        if value is not None:
            changes[name] = clean_field(name, value)
    return _set_metadata(project, document_id, changes)


def revert_document_edit(project: Project, edit: DocumentEdit) -> DocumentInfo:
    """Undo of update_document_metadata: put back the metadata the document had before."""
    before = edit.before
    changes = {name: getattr(before, name) for name in METADATA_FIELDS}
    return _set_metadata(project, before.id, changes).after


def _set_metadata(
    project: Project, document_id: int, changes: dict[str, str | None]
) -> DocumentEdit:
    with store_of(project).write() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
        count = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.document_id == document_id)
        ) or 0
        before = document_info(doc, count)
        for name, value in changes.items():
            setattr(doc, name, value)
        session.flush()
        return DocumentEdit(before, document_info(doc, count))


def list_documents(project: Project, counted: bool = True) -> list[DocumentInfo]:
    """Every document with its number of annotations, by date then title (`counted` False: the
    documents alone, their counts 0, without reading every annotation)."""
    with store_of(project).read() as session:
        if not counted:
            in_order = select(*_INFO_COLUMNS).order_by(
                Document.date.is_(None), Document.date, Document.title, Document.id)
            return [_info(row) for row in session.execute(in_order)]
        counts = (
            select(Annotation.document_id, func.count().label("n"))
            .group_by(Annotation.document_id)
            .subquery()
        )
        rows = session.execute(
            select(*_INFO_COLUMNS, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == Document.id)
            .order_by(Document.date.is_(None), Document.date, Document.title, Document.id)
        )
        return [_info(row[:-1], row[-1]) for row in rows]


def get_document(project: Project, document_id: int) -> DocumentInfo:
    """One document's record."""
    with store_of(project).read() as session:
        return document_in(session, document_id)


def get_document_text(project: Project, document_id: int) -> str:
    """The stored text exactly as imported; offsets index into it."""
    with store_of(project).read() as session:
        return text_in(session, document_id)


def document_in(session: Session, document_id: int) -> DocumentInfo:
    """One document's record, read in the session's transaction.

    Its last columns lie past the text in the file, which SQLite walks to reach them: read the
    text first (`text_in`) where both are wanted, and that walk finds the text's pages in memory.
    """
    row = session.execute(select(*_INFO_COLUMNS).where(Document.id == document_id)).first()
    if row is None:
        raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
    n = session.scalar(
        select(func.count()).select_from(Annotation).where(Annotation.document_id == document_id)
    )
    return _info(row, n or 0)


def text_in(session: Session, document_id: int) -> str:
    """A document's stored text, read in the session's transaction."""
    text = session.scalar(select(Document.text).where(Document.id == document_id))
    if text is None:
        raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
    return text


def iter_document_texts(project: Project) -> Iterator[tuple[DocumentInfo, str]]:
    """Every document with its text, streamed one at a time."""
    with store_of(project).read() as session:
        query = select(Document).order_by(Document.id).execution_options(yield_per=20)
        for doc in session.scalars(query):
            yield document_info(doc), doc.text
            session.expunge(doc)


def iter_document_files(project: Project) -> Iterator[tuple[str, str]]:
    """(file name stem, text) of every document, the stem being its id as a canonical UUID.

    Every id is checked now, before anything is read or written: a document whose id is not a
    UUID (a damaged or hostile project) refuses the whole listing, naming it, so that no file
    is named after anything else.
    """
    with store_of(project).read() as session:
        ids = session.execute(select(Document.uuid, Document.title).order_by(Document.id)).all()
    for doc_uuid, title in ids:
        try:
            uuid_file_stem(doc_uuid)
        except InvalidInput as exc:
            raise InvalidInput(code=ErrorCode.IN_DOCUMENT, title=title, error=exc) from None
    return ((uuid_file_stem(doc.uuid), text) for doc, text in iter_document_texts(project))
