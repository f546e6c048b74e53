"""Importing documents and reading them back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

from sqlalchemy import func, insert, select

from annotator.domain.clock import utc_now_iso
from annotator.domain.errors import NotFound
from annotator.domain.records import DocumentInfo, ImportedText, ImportOutcome
from annotator.services._convert import document_info
from annotator.store.engine import ProjectStore
from annotator.store.models import Annotation, Document


def import_texts(project: ProjectStore, texts: Sequence[ImportedText]) -> list[ImportOutcome]:
    """Store decoded files in one transaction; a text already in the project is left alone."""
    with project.write() as session:
        hashes = [t.sha256 for t in texts]
        known: dict[str, Document] = {}
        for chunk_start in range(0, len(hashes), 500):
            chunk = hashes[chunk_start : chunk_start + 500]
            for doc in session.scalars(select(Document).where(Document.sha256.in_(chunk))):
                known[doc.sha256] = doc
        now = utc_now_iso()
        rows: list[dict[str, object]] = []
        pending: dict[str, ImportedText] = {}
        for t in texts:
            if t.sha256 in known or t.sha256 in pending:
                continue
            pending[t.sha256] = t
            rows.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "title": t.title,
                    "date": t.date,
                    "source_name": t.source_name,
                    "sha256": t.sha256,
                    "text": t.text,
                    "length": len(t.text),
                    "imported_at": now,
                }
            )
        if rows:
            session.execute(insert(Document), rows)
            new_hashes = list(pending)
            for chunk_start in range(0, len(new_hashes), 500):
                chunk = new_hashes[chunk_start : chunk_start + 500]
                for doc in session.scalars(select(Document).where(Document.sha256.in_(chunk))):
                    known[doc.sha256] = doc
        outcomes = []
        seen_new: set[str] = set()
        for t in texts:
            doc = known[t.sha256]
            fresh = t.sha256 in pending and t.sha256 not in seen_new
            seen_new.add(t.sha256)
            status = "imported" if fresh else "already in project"
            outcomes.append(ImportOutcome(t.source_name, status, document_info(doc)))
        return outcomes


def list_documents(project: ProjectStore) -> list[DocumentInfo]:
    """Every document with its number of annotations, by date then title."""
    with project.read() as session:
        counts = (
            select(Annotation.document_id, func.count().label("n"))
            .group_by(Annotation.document_id)
            .subquery()
        )
        rows = session.execute(
            select(Document, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == Document.id)
            .order_by(Document.date.is_(None), Document.date, Document.title, Document.id)
        )
        return [document_info(doc, n) for doc, n in rows]


def get_document(project: ProjectStore, document_id: int) -> DocumentInfo:
    """One document's record."""
    with project.read() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"unknown document {document_id!r}")
        n = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.document_id == doc.id)
        )
        return document_info(doc, n or 0)


def get_document_text(project: ProjectStore, document_id: int) -> str:
    """The stored text exactly as imported; offsets index into it."""
    with project.read() as session:
        text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFound(f"unknown document {document_id!r}")
        return text


def iter_document_texts(project: ProjectStore) -> Iterator[tuple[DocumentInfo, str]]:
    """Every document with its text, streamed one at a time."""
    with project.read() as session:
        query = select(Document).order_by(Document.id).execution_options(yield_per=20)
        for doc in session.scalars(query):
            yield document_info(doc), doc.text
            session.expunge(doc)
