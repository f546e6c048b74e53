"""The annotations of a merge: each incoming one added, updated (theirs is newer), skipped (with
why) or refused, decided against the stored annotations of the documents the batch touches."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from annotator.domain import merge as M
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import InvalidInput
from annotator.domain.spans import SpanKey, TakenSpans
from annotator.domain.validation import clean_annotator
from annotator.services._merge_documents import DocumentMatcher, DocumentRef, StoredDocument
from annotator.services._merge_log import MergeLog
from annotator.store.models import Annotation
from annotator.store.queries import execute_many, in_chunks, plain_rows, plain_rows_in_chunks


class IncomingRow(NamedTuple):
    """An incoming annotation, IncomingAnnotation's fields in its order: a project file hands
    100,000 of them over as read, which records with a class of their own would slow down."""

    where: str
    label: str
    start: int
    end: int
    annotator: str
    document_sha256: str | None
    document_title: str | None
    uuid: str | None
    note: str
    text: str | None
    created_at: str | None
    updated_at: str | None
    document_uuid: str | None
    origin: str | None = None  # None: not given (manual when added, kept when updated)

    @property
    def document(self) -> DocumentRef:
        return DocumentRef(self.document_sha256, self.document_uuid, self.document_title)


#: The IncomingRow of an IncomingAnnotation.
as_row = attrgetter(*IncomingRow._fields)


class StoredSpan(NamedTuple):
    """An annotation of the project, or one the merge is about to insert (id None), as _STORED
    reads it: flat, so that 100,000 of them are made from the rows read in one step each."""

    id: int | None
    updated_at: str
    uuid: str
    document_id: int
    label_id: int
    annotator: str
    start: int
    end: int

    @property
    def key(self) -> SpanKey:
        return SpanKey(self.document_id, self.label_id, self.annotator, self.start, self.end)


_STORED = select(*(getattr(Annotation, name) for name in StoredSpan._fields))
_UUID, _DOCUMENT_ID = attrgetter("uuid"), attrgetter("document_id")
#: The SpanKey of a StoredSpan as a plain tuple of its fields (an equal key, made in one step).
_KEY_OF = itemgetter(*(StoredSpan._fields.index(name) for name in SpanKey._fields))
_UPDATE = (
    update(Annotation)
    .where(Annotation.id == bindparam("annotation_id"))
    .values({name: bindparam(name) for name in ("label_id", "annotator", "start", "end", "note",
                                                 "updated_at")}
            | {"origin": func.coalesce(bindparam("origin"), Annotation.origin)})
)
#: The order of the (document, label, annotator, span) index: inserting in it touches fewer pages.
_INDEX_ORDER = itemgetter(*SpanKey._fields)
_DOCUMENT_REF = attrgetter("document_sha256", "document_uuid", "document_title")


class AnnotationMerger:
    """Decides, then stores, the incoming annotations on a connection inside the merge's
    transaction. `labels` are the label ids by incoming name; `made_up_uuids` are the UUIDs
    given to rows that came without one (a skip then names the row only). `pace()`, when
    given, is called every few thousand rows read or written (see `execute_many`)."""

    def __init__(self, conn: Connection, log: MergeLog, documents: DocumentMatcher,
                 labels: dict[str, int], now: str, made_up_uuids: frozenset[str] = frozenset(),
                 pace: Callable[[], None] | None = None) -> None:
        self.conn = conn
        self.pace = pace
        self.log = log
        self.documents = documents
        self.labels = labels
        self.now = now
        self.made_up_uuids = made_up_uuids
        self.spans: dict[str, StoredSpan] = {}  # annotation UUID -> span, for touched documents
        self.taken = TakenSpans()
        self.alias: dict[str, str] = {}  # an incoming duplicate's UUID -> the kept one's
        self.inserts: dict[str, dict] = {}  # UUID -> an Annotation row
        self.updates: dict[int, dict] = {}  # id -> the parameters of _UPDATE
        self._annotators: dict[str, tuple[str | None, InvalidInput | None]] = {}
        self._first_new_id = 0

    # ----- reading what the decisions need -------------------------------------------------------

    def _load_spans(self, document_ids: set[int]) -> None:
        if len(document_ids) * 2 > self.documents.count:  # most documents: one scan is cheaper
            rows = plain_rows(self.conn, _STORED, between=self.pace)
        else:
            rows = plain_rows_in_chunks(
                self.conn, lambda ids: _STORED.where(Annotation.document_id.in_(ids)),
                sorted(document_ids))
        spans = [span for span in map(StoredSpan._make, rows) if span.document_id in document_ids]
        uuids = list(map(_UUID, spans))
        self.spans.update(zip(uuids, spans, strict=True))
        self.taken.hold(zip(map(_KEY_OF, spans), uuids, strict=True))

    def _stored_elsewhere(self, uuids: Iterable[str | None]) -> set[str]:
        """Incoming UUIDs that belong to annotations of documents the batch does not touch."""
        missing = [u for u in uuids if u and u not in self.spans]
        return {row[0] for row in plain_rows_in_chunks(
            self.conn, lambda part: select(Annotation.uuid).where(Annotation.uuid.in_(part)),
            missing)}

    def _annotator(self, name: str) -> tuple[str | None, InvalidInput | None]:
        """The annotator's name cleaned, or None with why not (checked once per name)."""
        cached = self._annotators.get(name)
        if cached is None:
            try:
                cached = (clean_annotator(name), None)
            except InvalidInput as exc:
                cached = (None, exc)
            self._annotators[name] = cached
        return cached

    # ----- deciding ------------------------------------------------------------------------------

    def decide(self, rows: Sequence[IncomingRow]) -> None:
        """Decide for each annotation: add, update (theirs newer), skip (with why) or refuse.

        The 100,000-row path: distinct documents, annotators and times are resolved once, then
        one pass over the rows decides each without a call per row.
        """
        matches = self.documents.match_all(_distinct(_DOCUMENT_REF, rows))
        for name in _distinct(attrgetter("annotator"), rows):
            self._annotator(name)
        annotators, label_ids, log = self._annotators, self.labels, self.log
        renamed, invalid = M.sort_timestamps(chain(map(attrgetter("created_at"), rows),
                                                   map(attrgetter("updated_at"), rows)))
        self._load_spans({m.document.id for m in matches.values() if m.document is not None})
        spans, taken, inserts, updates = self.spans, self.taken, self.inserts, self.updates
        stored_count = self.conn.execute(select(func.count()).select_from(Annotation)).scalar_one()
        elsewhere = (self._stored_elsewhere(_distinct(attrgetter("uuid"), rows))
                     if stored_count > len(spans) else set())
        with_text = {matches[row.document].document for row in rows if row.text is not None}
        texts = self.documents.texts(found.id for found in with_text if found is not None)
        skip, problems, now = log.skip, log.problems, self.now
        for row in rows:
            (where, label, start, end, who, sha, title, a_uuid, note, text, created, updated,
             doc_uuid, origin) = row
            found = matches[(sha, doc_uuid, title)].document  # a plain tuple finds a DocumentRef
            name = annotators[who][0]
            label_id = label_ids.get(label)
            if (
                found is None or name is None or label_id is None
                or type(start) is not int or type(end) is not int
                or not 0 <= start < end <= found.length
                or (invalid and (created in invalid or updated in invalid))
            ):
                self._check(row, found, name, invalid)
                continue
            if problems:
                continue  # still checking every row, nothing more to decide
            doc = found.id
            a_uuid = a_uuid or str(uuid.uuid4())
            if a_uuid in elsewhere:
                skip(where, M.SKIP_OTHER_DOCUMENT)
                continue
            if text is not None and texts[doc][start:end] != text:
                covered = texts[doc][start:end]
                skip(where, M.SKIP_TEXT_DIFFERS.detailed(Worded(
                    ErrorCode.MERGE_TEXT_DIFFERS, {"theirs": _short(text), "ours": _short(covered)})))
                continue
            created = renamed.get(created, created) if created else now
            updated = renamed.get(updated, updated) if updated else created
            key = SpanKey(doc, label_id, name, start, end)
            known = spans.get(a_uuid)
            if known is not None:
                if known.document_id != doc:
                    skip(where, M.SKIP_OTHER_DOCUMENT)
                    continue
                if updated == known.updated_at:
                    skip(where, M.SKIP_UNCHANGED)
                    continue
                ours, theirs = M.timestamp_key(known.updated_at), M.timestamp_key(updated)
                if theirs <= ours:
                    skip(where, M.SKIP_UNCHANGED if theirs == ours else M.SKIP_OURS_NEWER)
                    continue
            holder = taken.claim(key, a_uuid, instead_of=known.key if known is not None else None)
            if holder is not None:
                skip(where, M.SKIP_DUPLICATE if a_uuid in self.made_up_uuids
                     else M.SKIP_DUPLICATE.detailed(f"UUID {holder}"))
                if known is None:
                    self.alias[a_uuid] = holder
                continue
            if known is not None and known.id is not None:
                spans[a_uuid] = StoredSpan(known.id, updated, a_uuid, *key)
                updates[known.id] = {"label_id": label_id, "annotator": name, "start": start,
                                     "end": end, "note": note, "updated_at": updated,
                                     "origin": origin, "annotation_id": known.id}
            else:
                spans[a_uuid] = StoredSpan(None, updated, a_uuid, *key)
                pending = inserts.get(a_uuid)
                inserts[a_uuid] = {
                    "uuid": a_uuid, "document_id": doc, "label_id": label_id, "annotator": name,
                    "start": start, "end": end, "note": note,
                    "created_at": created if pending is None else pending["created_at"],
                    "updated_at": updated, "origin": origin or "manual",
                }

    def _check(self, row: IncomingRow, found: StoredDocument | None, name: str | None,
               invalid: set[str]) -> None:
        """Record why a row that left the usual path is wrong (an unknown label is not: it was
        reported when the labels were read)."""
        where, start, end = row.where, row.start, row.end
        if found is None:
            self.log.problem(where, self.documents.match(row.document).why_not)
        why = self._annotators[row.annotator][1]
        if name is None and why is not None:
            self.log.problem(where, why)
        for stamp in (row.created_at, row.updated_at):
            if stamp and stamp in invalid:
                self.log.problem(where, Worded(ErrorCode.MERGE_NOT_TIMESTAMP, {"value": stamp}))
        if found is not None and not (
            isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= found.length
        ):
            self.log.problem(where, Worded(ErrorCode.MERGE_SPAN_OUT_OF_RANGE,
                                           {"start": start, "end": end, "length": found.length}))

    # ----- storing -------------------------------------------------------------------------------

    def store(self) -> None:
        """The decided updates and inserts, as two bulk statements (written in chunks when
        paced)."""
        execute_many(self.conn, _UPDATE, list(self.updates.values()), self.pace)
        last = self.conn.execute(select(func.coalesce(func.max(Annotation.id), 0))).scalar_one()
        self._first_new_id = last + 1
        execute_many(self.conn, insert(Annotation), _in_index_order(self.inserts.values()),
                     self.pace)

    def let_go(self) -> None:
        """Once stored and counted: empty what the decisions held (100,000 rows of it) a part at
        a time, pacing in between, rather than all at once when the merger goes, which holds the
        interpreter lock for tens of milliseconds."""
        for held in (self.inserts, self.updates, self.spans, self.alias):
            let_go(held, self.pace)
        while self.taken.forget(LET_GO_PART):
            if self.pace is not None:
                self.pace()

    def ids_of(self, uuids: Iterable[str]) -> AnnotationIds:
        """Stored ids of the annotations these UUIDs name (an incoming duplicate's UUID names
        the annotation it repeats); call after `store`."""
        wanted = {self.alias.get(u, u) for u in uuids}
        ids: dict[str, int] = {}
        for a_uuid in wanted:
            known = self.spans.get(a_uuid)
            if known is not None and known.id is not None:
                ids[a_uuid] = known.id
        if self.inserts:
            new = select(Annotation.id, Annotation.uuid).where(Annotation.id >= self._first_new_id)
            ids.update((a_uuid, a_id) for a_id, a_uuid in plain_rows(self.conn, new,
                                                                     between=self.pace)
                       if a_uuid in wanted)
        for part in in_chunks(sorted(wanted - ids.keys())):
            ids.update(plain_rows(self.conn, select(Annotation.uuid, Annotation.id)
                                  .where(Annotation.uuid.in_(part))))
        return AnnotationIds(ids, self.alias)


class AnnotationIds:
    """The stored id of annotations named by UUID in incoming reviews and links."""

    __slots__ = ("_ids", "_alias")

    def __init__(self, ids: dict[str, int], alias: dict[str, str]) -> None:
        self._ids = ids
        self._alias = alias

    def of(self, annotation_uuid: str) -> int | None:
        """The id of the annotation `annotation_uuid` names, None when it is in neither project."""
        return self._ids.get(self._alias.get(annotation_uuid, annotation_uuid))

    def values(self) -> list[int]:
        """Every id found."""
        return list(self._ids.values())


#: Items `let_go` frees between two paces.
LET_GO_PART = 5000


def let_go(values: list | dict, pace: Callable[[], None] | None = None) -> None:
    """Empty a large list or dict LET_GO_PART items at a time, `pace()` after each part."""
    while values:
        if isinstance(values, list):
            del values[-LET_GO_PART:]
        else:
            for _ in range(min(LET_GO_PART, len(values))):
                values.popitem()
        if pace is not None:
            pace()


def _distinct(key: Callable, rows: Sequence) -> set:
    """The distinct `key(row)` of the rows, gathered LET_GO_PART rows at a time: one set built
    over 100,000 rows at once holds the interpreter lock for tens of milliseconds (the window's
    thread waits for it meanwhile)."""
    found: set = set()
    for start in range(0, len(rows), LET_GO_PART):
        found.update(map(key, rows[start:start + LET_GO_PART]))
    return found


def _in_index_order(rows: Iterable[dict]) -> list[dict]:
    """Annotation rows sorted by _INDEX_ORDER, one document at a time: many short sorts instead
    of one over every row, which would hold the interpreter lock from start to end (the
    window's thread waits for it meanwhile)."""
    by_document: dict[int, list[dict]] = {}
    for row in rows:
        by_document.setdefault(row["document_id"], []).append(row)
    ordered: list[dict] = []
    for document_id in sorted(by_document):
        ordered += sorted(by_document.pop(document_id), key=_INDEX_ORDER)
    return ordered


def _short(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
