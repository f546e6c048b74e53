"""The storing half of a merge: an IncomingBatch checked and written in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, insert, select, update

from annotator.domain import merge as M
from annotator.domain.clock import utc_now_iso
from annotator.domain.errors import InvalidInput
from annotator.domain.records import (
    ImportedText,
    IncomingAnnotation,
    IncomingBatch,
    IncomingLabel,
)
from annotator.domain.text import text_sha256
from annotator.domain.validation import NEW_LABEL_COLORS, check_color, clean_annotator, clean_label_name
from annotator.services._merging_links import ReviewsAndLinks
from annotator.store.models import Annotation, Document, Label

CHUNK = 500
_UPDATE_ANNOTATION = (
    update(Annotation)
    .where(Annotation.id == bindparam("b_id"))
    .values(
        label_id=bindparam("b_label_id"),
        annotator=bindparam("b_annotator"),
        start=bindparam("b_start"),
        end=bindparam("b_end"),
        note=bindparam("b_note"),
        updated_at=bindparam("b_updated_at"),
    )
)

_SPANS_OF_DOCUMENTS = (
    'SELECT id, uuid, document_id, label_id, annotator, start, "end", updated_at '
    "FROM annotations WHERE document_id IN ({})"
)
_STORED_UUIDS = "SELECT uuid FROM annotations WHERE uuid IN ({})"
_INSERT_ANNOTATIONS = (
    'INSERT INTO annotations (uuid, document_id, label_id, annotator, start, "end", note, '
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

Key = tuple[int, int, str, int, int]  # document, label, annotator, start, end


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class _Span:
    """An annotation as the merge sees it: stored (id set) or about to be inserted."""

    id: int | None
    document_id: int
    key: Key
    updated_at: str


class BatchMerger(ReviewsAndLinks):
    """Checks and stores one batch on a connection inside a transaction (see merge_batch)."""

    def __init__(self, conn: Connection, batch: IncomingBatch) -> None:
        self.conn = conn
        self.batch = batch
        self.now = utc_now_iso()
        self.problems: list[str] = []
        self.skipped: list[tuple[str, str]] = []
        self.documents_added = 0
        self.labels_created: list[str] = []
        self.by_sha: dict[str, tuple[int, int]] = {}  # sha256 -> (id, length)
        self.by_uuid: dict[str, tuple[int, int]] = {}
        self.by_title: dict[str, list[tuple[int, int]]] = {}
        self.label_ids: dict[str, int] = {}
        self.texts: dict[int, str] = {}
        self.spans: dict[str, _Span] = {}  # annotation UUID -> span, for touched documents
        self.by_key: dict[Key, str] = {}
        self.alias: dict[str, str] = {}  # an incoming duplicate's UUID -> the kept one's
        self.inserts: dict[str, tuple] = {}  # UUID -> a row of _INSERT_ANNOTATIONS
        self._documents: dict[tuple, tuple[tuple[int, int] | None, str]] = {}
        self._annotators: dict[str, tuple[str | None, str]] = {}
        # The driver's connection, inside the same transaction, for the 100,000-row statements.
        self.raw = conn.connection.driver_connection
        self.updates: dict[int, dict[str, object]] = {}
        self.reviews_added = 0
        self.links_added = 0

    def refuse_if_problems(self) -> None:
        """Raise (rolling the transaction back) when a structural problem was found."""
        if self.problems:
            raise M.MergeRefused(self.batch.source, self.problems)

    def run(self) -> M.MergeReport:
        """Every step, in order; raises MergeRefused before anything would be committed."""
        self.add_documents(self.batch.documents)
        self.add_labels(self.batch.labels, self.batch.annotations)
        self.merge_annotations(self.batch.annotations)
        self.refuse_if_problems()
        self.store_annotations()
        if self.batch.reviews or self.batch.links:
            ids = self.annotation_ids()
            self.merge_reviews(self.batch.reviews, ids)
            self.merge_links(self.batch.links, ids)
        self.refuse_if_problems()
        return M.MergeReport(
            source=self.batch.source,
            documents_added=self.documents_added,
            labels_created=tuple(self.labels_created),
            annotations_added=len(self.inserts),
            annotations_updated=len(self.updates),
            reviews_added=self.reviews_added,
            links_added=self.links_added,
            skipped=tuple(self.skipped),
        )

    # ----- documents and labels ---------------------------------------------------------------

    def _load_documents(self) -> None:
        self.by_sha.clear()
        self.by_uuid.clear()
        self.by_title.clear()
        rows = self.conn.execute(select(Document.id, Document.uuid, Document.sha256,
                                        Document.title, Document.length))
        for doc_id, doc_uuid, sha, title, length in rows:
            self.by_sha[sha] = (doc_id, length)
            self.by_uuid[doc_uuid] = (doc_id, length)
            self.by_title.setdefault(title.strip(), []).append((doc_id, length))

    def add_documents(self, documents: Sequence[ImportedText]) -> None:
        """Store the documents P lacks (by SHA-256), keeping their UUID unless it is taken."""
        self._load_documents()
        rows: dict[str, dict[str, object]] = {}
        taken = set(self.by_uuid)
        for doc in documents:
            if text_sha256(doc.text) != doc.sha256:
                self.problems.append(f"document {doc.title!r} ({doc.source_name}): "
                                     "its SHA-256 does not match its text")
                continue
            if doc.sha256 in self.by_sha or doc.sha256 in rows:
                continue
            doc_uuid = doc.uuid if doc.uuid and doc.uuid not in taken else str(uuid.uuid4())
            taken.add(doc_uuid)
            rows[doc.sha256] = {
                "uuid": doc_uuid, "title": doc.title, "date": doc.date,
                "source_name": doc.source_name, "sha256": doc.sha256, "text": doc.text,
                "length": len(doc.text), "imported_at": self.now, "author": doc.author,
                "outlet": doc.outlet, "url": doc.url, "language": doc.language,
            }
        if rows:
            self.conn.execute(insert(Document), list(rows.values()))
            self.documents_added = len(rows)
            self._load_documents()

    def add_labels(
        self, labels: Sequence[IncomingLabel], annotations: Sequence[IncomingAnnotation]
    ) -> None:
        """Find every named label in the codebook (case aside); create the missing ones."""
        rows = self.conn.execute(select(Label.id, Label.name, Label.color, Label.position)).all()
        exact = {name: label_id for label_id, name, _, _ in rows}
        folded = {name.casefold(): label_id for label_id, name, _, _ in rows}
        colors = {color.lower() for _, _, color, _ in rows}
        position = max((pos for *_, pos in rows), default=-1)
        wanted: dict[str, tuple[str, IncomingLabel | None]] = {}
        for label in labels:
            wanted.setdefault(label.name, (self.batch.source, label))
        for ann in annotations:
            if ann.label not in wanted:
                wanted[ann.label] = (ann.where, None)
        for raw, (where, incoming) in wanted.items():
            try:
                name = clean_label_name(raw)
            except InvalidInput as exc:
                self.problems.append(f"{where}: {exc}")
                continue
            found = exact.get(name) or folded.get(name.casefold())
            if found is None:
                color = self._new_color(incoming, colors)
                colors.add(color)
                position += 1
                found = self.conn.execute(
                    insert(Label).returning(Label.id),
                    {"uuid": str(uuid.uuid4()), "name": name, "color": color, "shortcut": None,
                     "definition": (incoming.definition if incoming else "").strip(),
                     "position": position},
                ).scalar_one()
                exact[name] = found
                folded[name.casefold()] = found
                self.labels_created.append(name)
            self.label_ids[raw] = found

    @staticmethod
    def _new_color(incoming: IncomingLabel | None, used: set[str]) -> str:
        if incoming is not None and incoming.color:
            try:
                return check_color(incoming.color)
            except InvalidInput:
                pass
        return next((c for c in NEW_LABEL_COLORS if c not in used), NEW_LABEL_COLORS[-1])

    def _document(self, ann: IncomingAnnotation) -> tuple[int, int] | None:
        """(id, length) of the annotation's document; else a problem is recorded."""
        ref = (ann.document_sha256, ann.document_uuid, ann.document_title)
        cached = self._documents.get(ref)
        if cached is None:
            cached = self._documents[ref] = self._find_document(*ref)
        found, reason = cached
        if found is None:
            self.problems.append(f"{ann.where}: {reason}")
        return found

    def _find_document(
        self, sha: str | None, doc_uuid: str | None, title: str | None
    ) -> tuple[tuple[int, int] | None, str]:
        if sha:
            return self.by_sha.get(sha.lower()), f"document_sha256 {sha} is in neither project"
        if doc_uuid:
            return self.by_uuid.get(doc_uuid), f"document_id {doc_uuid} is in neither project"
        title = (title or "").strip()
        matches = self.by_title.get(title, [])
        if len(matches) > 1:
            return None, f"{len(matches)} documents have the title {title!r}; give document_sha256"
        return (matches[0] if matches else None), f"document_title {title!r} is in neither project"

    def _annotator(self, name: str) -> tuple[str | None, str]:
        cached = self._annotators.get(name)
        if cached is None:
            try:
                cached = (clean_annotator(name), "")
            except InvalidInput as exc:
                cached = (None, str(exc))
            self._annotators[name] = cached
        return cached

    def _text(self, document_id: int) -> str:
        text = self.texts.get(document_id)
        if text is None:
            text = self.conn.execute(
                select(Document.text).where(Document.id == document_id)
            ).scalar_one()
            self.texts[document_id] = text
        return text

    # ----- annotations --------------------------------------------------------------------------

    def _load_spans(self, document_ids: set[int]) -> None:
        for ids in _chunks(sorted(document_ids)):
            for a_id, a_uuid, doc, label, who, start, end, updated in self.raw.execute(
                _SPANS_OF_DOCUMENTS.format(_marks(len(ids))), tuple(ids)
            ).fetchall():
                key = (doc, label, who, start, end)
                self.spans[a_uuid] = _Span(a_id, doc, key, updated)
                self.by_key[key] = a_uuid

    def _count_annotations(self) -> int:
        return self.raw.execute("SELECT count(*) FROM annotations").fetchone()[0]

    def _stored_elsewhere(self, uuids: Iterable[str]) -> set[str]:
        """Incoming UUIDs that belong to annotations of documents the batch does not touch."""
        missing = [u for u in uuids if u not in self.spans]
        found: set[str] = set()
        for part in _chunks(missing):
            rows = self.raw.execute(_STORED_UUIDS.format(_marks(len(part))), tuple(part))
            found.update(row[0] for row in rows.fetchall())
        return found

    def merge_annotations(self, annotations: Sequence[IncomingAnnotation]) -> None:
        """Decide for each annotation: add, update (theirs newer), skip (with why) or refuse."""
        resolved: list[tuple[IncomingAnnotation, int, str]] = []
        documents, annotators, labels = self._documents, self._annotators, self.label_ids
        is_timestamp = M.is_timestamp
        for ann in annotations:
            # The common case, checked inline (100,000 rows); anything odd takes _check.
            found = documents.get((ann.document_sha256, ann.document_uuid, ann.document_title))
            who = annotators.get(ann.annotator)
            start, end = ann.start, ann.end
            if (
                found is not None and found[0] is not None and who is not None
                and who[0] is not None and ann.label in labels
                and type(start) is int and type(end) is int and 0 <= start < end <= found[0][1]
                and (not ann.created_at or is_timestamp(ann.created_at))
                and (not ann.updated_at or is_timestamp(ann.updated_at))
            ):
                resolved.append((ann, found[0][0], ann.uuid or str(uuid.uuid4())))
                continue
            checked = self._check(ann)
            if checked is not None:
                resolved.append((ann, *checked))
        if self.problems:
            return
        self._load_spans({doc for _, doc, _ in resolved})
        elsewhere = (self._stored_elsewhere(a_uuid for _, _, a_uuid in resolved)
                     if self._count_annotations() > len(self.spans) else set())
        for ann, doc, a_uuid in resolved:
            if a_uuid in elsewhere:
                self.skip(ann.where, M.SKIP_OTHER_DOCUMENT)
                continue
            self._merge_one(ann, doc, a_uuid)

    def _check(self, ann: IncomingAnnotation) -> tuple[int, str] | None:
        """(document id, UUID) of a structurally sound annotation; else a problem is recorded."""
        before = len(self.problems)
        found = self._document(ann)
        if self._annotator(ann.annotator)[0] is None:
            self.problems.append(f"{ann.where}: {self._annotator(ann.annotator)[1]}")
        for stamp in (ann.created_at, ann.updated_at):
            if stamp and not M.is_timestamp(stamp):
                self.problems.append(f"{ann.where}: {stamp!r} is not an ISO 8601 date and time")
        if found is not None:
            length = found[1]
            start, end = ann.start, ann.end
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length):
                self.problems.append(f"{ann.where}: span [{start}, {end}) is out of range "
                                     f"(the document has {length} characters)")
        if found is None or len(self.problems) > before or ann.label not in self.label_ids:
            return None
        return found[0], ann.uuid or str(uuid.uuid4())

    def _merge_one(self, ann: IncomingAnnotation, doc: int, a_uuid: str) -> None:
        if ann.text is not None:
            covered = self._text(doc)[ann.start : ann.end]
            if covered != ann.text:
                self.skip(ann.where, f"{M.SKIP_TEXT_DIFFERS}: the file has {_short(ann.text)}, "
                                     f"the document has {_short(covered)}")
                return
        annotator = self._annotators[ann.annotator][0]
        key = (doc, self.label_ids[ann.label], annotator, ann.start, ann.end)
        created = ann.created_at or self.now
        updated = ann.updated_at or created
        known = self.spans.get(a_uuid)
        if known is not None:
            if known.document_id != doc:
                self.skip(ann.where, M.SKIP_OTHER_DOCUMENT)
                return
            if updated == known.updated_at:
                self.skip(ann.where, M.SKIP_UNCHANGED)
                return
            ours, theirs = M.timestamp_key(known.updated_at), M.timestamp_key(updated)
            if theirs <= ours:
                self.skip(ann.where, M.SKIP_UNCHANGED if theirs == ours else M.SKIP_OURS_NEWER)
                return
        holder = self.by_key.get(key)
        if holder is not None and holder != a_uuid:
            self.skip(ann.where, f"{M.SKIP_DUPLICATE}: UUID {holder}")
            if known is None:
                self.alias[a_uuid] = holder
            return
        if known is not None:
            del self.by_key[known.key]
            known.key, known.updated_at = key, updated
        else:
            known = self.spans[a_uuid] = _Span(None, doc, key, updated)
        self.by_key[key] = a_uuid
        if known.id is not None:
            self.updates[known.id] = {
                "b_id": known.id, "b_label_id": key[1], "b_annotator": annotator,
                "b_start": ann.start, "b_end": ann.end, "b_note": ann.note, "b_updated_at": updated,
            }
        else:
            pending = self.inserts.get(a_uuid)
            first_created = pending[7] if pending is not None else created
            self.inserts[a_uuid] = (a_uuid, doc, key[1], annotator, ann.start, ann.end, ann.note,
                                    first_created, updated)

    def store_annotations(self) -> None:
        """The decided inserts and updates, as two bulk statements."""
        if self.updates:
            self.conn.execute(_UPDATE_ANNOTATION, list(self.updates.values()))
        if self.inserts:
            # The hot path: plain tuples to the driver (Core's per-row processing costs seconds).
            self.raw.executemany(_INSERT_ANNOTATIONS, list(self.inserts.values()))

    def annotation_ids(self) -> dict[str, int]:
        """Stored id of every annotation UUID the batch's reviews and links name."""
        wanted = {self.alias.get(r.annotation_uuid, r.annotation_uuid) for r in self.batch.reviews}
        for link in self.batch.links:
            wanted.update(self.alias.get(u, u)
                          for u in (link.from_annotation_uuid, link.to_annotation_uuid))
        ids: dict[str, int] = {}
        for part in _chunks(sorted(wanted)):
            rows = self.conn.execute(
                select(Annotation.uuid, Annotation.id).where(Annotation.uuid.in_(part)))
            ids.update((a_uuid, a_id) for a_uuid, a_id in rows)
        return ids


def _short(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
