"""The documents of a merge: those the project lacks are added, every reference is matched."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, insert, select

from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.ids import canonical_uuid
from annotator.domain.records import ImportedText
from annotator.domain.text import text_sha256
from annotator.services._merge_log import MergeLog
from annotator.store.models import Document
from annotator.store.queries import in_chunks, plain_rows

#: A document whose id in the incoming file is not a UUID is stored under uuid5 of this
#: namespace and "document:<its SHA-256>" (the same at every merge).
DOCUMENT_NAMESPACE = uuid.UUID("406d5a6d-364f-4e4e-9218-84597875b3e1")


class StoredDocument(NamedTuple):
    """A document of the project as a merge needs it."""

    id: int
    length: int


class DocumentRef(NamedTuple):
    """How an incoming annotation names its document: by SHA-256, else UUID, else title."""

    sha256: str | None
    uuid: str | None
    title: str | None


class Match(NamedTuple):
    """The document a reference names, or None with why not (a coded phrase naming the reference)."""

    document: StoredDocument | None
    why_not: Worded


class DocumentMatcher:
    """The project's documents by SHA-256, UUID and title, on a connection inside the merge's
    transaction; adds the incoming ones it lacks and finds those incoming annotations name."""

    def __init__(self, conn: Connection, log: MergeLog, now: str) -> None:
        self.conn = conn
        self.log = log
        self.now = now
        self.added = 0
        self._by_sha: dict[str, StoredDocument] = {}
        self._by_uuid: dict[str, StoredDocument] = {}
        self._by_title: dict[str, list[StoredDocument]] = {}
        self._matches: dict[DocumentRef, Match] = {}
        self._texts: dict[int, str] = {}

    @property
    def count(self) -> int:
        """How many documents the project holds."""
        return len(self._by_uuid)

    def _load(self) -> None:
        self._by_sha.clear()
        self._by_uuid.clear()
        self._by_title.clear()
        rows = self.conn.execute(select(Document.id, Document.uuid, Document.sha256,
                                        Document.title, Document.length))
        for doc_id, doc_uuid, sha, title, length in rows:
            stored = StoredDocument(doc_id, length)
            self._by_sha[sha] = stored
            self._by_uuid[doc_uuid] = stored
            self._by_title.setdefault(title.strip(), []).append(stored)

    @staticmethod
    def _uuid_for(doc: ImportedText) -> str | None:
        """The id a new document is stored under: its own when it is a UUID (canonical form),
        else one derived from its text; None when it brings none."""
        if not doc.uuid:
            return None
        return canonical_uuid(doc.uuid) or str(uuid.uuid5(DOCUMENT_NAMESPACE,
                                                          f"document:{doc.sha256}"))

    def add(self, documents: Sequence[ImportedText]) -> None:
        """Store the documents the project lacks (by SHA-256), keeping their UUID unless it is
        taken (or is not a UUID: then one derived from the text)."""
        self._load()
        rows: dict[str, dict[str, object]] = {}
        taken = set(self._by_uuid)
        for doc in documents:
            if text_sha256(doc.text) != doc.sha256:
                self.log.problem(Worded(ErrorCode.MERGE_WHERE_DOCUMENT,
                                        {"title": doc.title, "source": doc.source_name}),
                                 Worded(ErrorCode.MERGE_SHA256_MISMATCH, {}))
                continue
            if doc.sha256 in self._by_sha or doc.sha256 in rows:
                continue
            doc_uuid = self._uuid_for(doc)
            doc_uuid = doc_uuid if doc_uuid and doc_uuid not in taken else str(uuid.uuid4())
            taken.add(doc_uuid)
            rows[doc.sha256] = {
                "uuid": doc_uuid, "title": doc.title, "date": doc.date,
                "source_name": doc.source_name, "sha256": doc.sha256, "text": doc.text,
                "length": len(doc.text), "imported_at": self.now, "author": doc.author,
                "outlet": doc.outlet, "url": doc.url, "language": doc.language,
            }
        if rows:
            self.conn.execute(insert(Document), list(rows.values()))
            self.added = len(rows)
            self._load()

    def _find(self, ref: DocumentRef) -> Match:
        sha, doc_uuid, title = ref
        if sha:
            return Match(self._by_sha.get(sha.lower()),
                         Worded(ErrorCode.MERGE_SHA256_IN_NEITHER, {"sha": sha}))
        if doc_uuid:
            return Match(self._by_uuid.get(doc_uuid),
                         Worded(ErrorCode.MERGE_DOCUMENT_ID_IN_NEITHER, {"document": doc_uuid}))
        title = (title or "").strip()
        matches = self._by_title.get(title, [])
        if len(matches) > 1:
            return Match(None, Worded(ErrorCode.MERGE_TITLE_AMBIGUOUS,
                                      {"count": len(matches), "title": title}))
        return Match(matches[0] if matches else None,
                     Worded(ErrorCode.MERGE_TITLE_IN_NEITHER, {"title": title}))

    def match(self, ref: DocumentRef) -> Match:
        """The document `ref` names (found once per distinct reference)."""
        found = self._matches.get(ref)
        if found is None:
            found = self._matches[ref] = self._find(ref)
        return found

    def match_all(self, refs: Iterable[tuple]) -> dict[DocumentRef, Match]:
        """Every distinct reference (a DocumentRef or a plain tuple of its fields) matched; the
        dict is the matcher's own (read it, do not change it; a plain tuple finds its entry)."""
        for ref in set(refs):
            self.match(DocumentRef._make(ref))
        return self._matches

    def texts(self, document_ids: Iterable[int]) -> dict[int, str]:
        """The texts of these documents (read once each); the dict is the matcher's own."""
        wanted = sorted(set(document_ids) - self._texts.keys())
        for part in in_chunks(wanted):
            self._texts.update(plain_rows(
                self.conn, select(Document.id, Document.text).where(Document.id.in_(part))))
        return self._texts
