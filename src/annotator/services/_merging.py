"""The storing half of a merge: an IncomingBatch checked and written in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from operator import attrgetter, itemgetter

from sqlalchemy import Connection, insert, select

from annotator.domain import merge as M
from annotator.domain.clock import utc_now_iso
from annotator.domain.errors import InvalidInput
from annotator.domain.ids import canonical_uuid
from annotator.domain.records import ImportedText, IncomingBatch, IncomingLabel
from annotator.domain.text import text_sha256
from annotator.domain.validation import NEW_LABEL_COLORS, check_color, clean_annotator, clean_label_name
from annotator.services._merging_links import ReviewsAndLinks
from annotator.store.models import Document, Label

CHUNK = 500
#: A document whose id in the incoming file is not a UUID is stored under uuid5 of this
#: namespace and "document:<its SHA-256>" (the same at every merge).
DOCUMENT_NAMESPACE = uuid.UUID("406d5a6d-364f-4e4e-9218-84597875b3e1")
#: An incoming annotation as a plain tuple, in the order of IncomingAnnotation's fields.
Row = tuple
ROW_FIELDS = ("where", "label", "start", "end", "annotator", "document_sha256", "document_title",
              "uuid", "note", "text", "created_at", "updated_at", "document_uuid")
as_row = attrgetter(*ROW_FIELDS)
_SHA, _TITLE, _UUID, _DOC_UUID = itemgetter(5), itemgetter(6), itemgetter(7), itemgetter(12)
_ANNOTATOR, _CREATED, _UPDATED = itemgetter(4), itemgetter(10), itemgetter(11)
_KEY = itemgetter(1, 2, 3, 4, 5)  # document, label, annotator, start, end of an insert row

_UPDATE_ANNOTATION = (
    'UPDATE annotations SET label_id = ?, annotator = ?, start = ?, "end" = ?, note = ?, '
    "updated_at = ? WHERE id = ?"
)
_SPANS = (
    'SELECT id, document_id, updated_at, document_id, label_id, annotator, start, "end", uuid '
    "FROM annotations"
)
_SPANS_OF_DOCUMENTS = _SPANS + " WHERE document_id IN ({})"
_SPAN_KEY, _SPAN_UUID = itemgetter(3, 4, 5, 6, 7), itemgetter(8)
_TEXTS_OF_DOCUMENTS = "SELECT id, text FROM documents WHERE id IN ({})"
_STORED_UUIDS = "SELECT uuid FROM annotations WHERE uuid IN ({})"
_IDS_OF_UUIDS = "SELECT uuid, id FROM annotations WHERE uuid IN ({})"
_LAST_ID = "SELECT coalesce(max(id), 0) FROM annotations"
_NEW_IDS = "SELECT id, uuid FROM annotations WHERE id >= ?"
_INSERT_ANNOTATIONS = (
    'INSERT INTO annotations (uuid, document_id, label_id, annotator, start, "end", note, '
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

Key = tuple[int, int, str, int, int]  # document, label, annotator, start, end
#: A stored or decided annotation: (id or None when about to be inserted, document, updated_at,
#: then its Key (document, label, annotator, start, end), then its UUID), as _SPANS reads it.
Span = tuple


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class BatchMerger(ReviewsAndLinks):
    """Checks and stores one batch on a connection inside a transaction (see merge_batch)."""

    def __init__(self, conn: Connection, batch: IncomingBatch, rows: Sequence[Row] | None = None,
                 problems: Sequence[str] = (), made_up_uuids: frozenset[str] = frozenset()
                 ) -> None:
        self.conn = conn
        self.batch = batch
        #: The annotations as tuples (see ROW_FIELDS); a project file hands them over as read.
        self.rows = list(map(as_row, batch.annotations)) if rows is None else rows
        self.now = utc_now_iso()
        self.problems: list[str] = list(problems)  # a CSV's unreadable rows, with the rest
        self.in_row_order = bool(problems)
        self.made_up_uuids = made_up_uuids  # rows without a UUID: a skip names the row only
        self.skipped: list[tuple[str, str]] = []
        self.documents_added = 0
        self.labels_created: list[str] = []
        self.by_sha: dict[str, tuple[int, int]] = {}  # sha256 -> (id, length)
        self.by_uuid: dict[str, tuple[int, int]] = {}
        self.by_title: dict[str, list[tuple[int, int]]] = {}
        self.label_ids: dict[str, int] = {}
        self.texts: dict[int, str] = {}
        self.spans: dict[str, Span] = {}  # annotation UUID -> span, for touched documents
        self.by_key: dict[Key, str] = {}
        self.alias: dict[str, str] = {}  # an incoming duplicate's UUID -> the kept one's
        self.inserts: dict[str, tuple] = {}  # UUID -> a row of _INSERT_ANNOTATIONS
        self._documents: dict[tuple, tuple[tuple[int, int] | None, str]] = {}
        self._annotators: dict[str, tuple[str | None, str]] = {}
        # The driver's connection, inside the same transaction, for the 100,000-row statements.
        self.raw = conn.connection.driver_connection
        self.updates: dict[int, tuple] = {}  # id -> a row of _UPDATE_ANNOTATION
        self.first_new_id = 0
        self.reviews_added = 0
        self.links_added = 0

    def refuse_if_problems(self) -> None:
        """Raise (rolling the transaction back) when a structural problem was found."""
        if self.problems:
            raise M.MergeRefused(self.batch.source, M.in_row_order(self.problems)
                                 if self.in_row_order else self.problems)

    def run(self) -> M.MergeReport:
        """Every step, in order; raises MergeRefused before anything would be committed."""
        self.check_ids()
        self.add_documents(self.batch.documents)
        self.add_labels(self.batch.labels, self.rows)
        self.merge_annotations(self.rows)
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

    # ----- ids -------------------------------------------------------------------------------

    def _uuid(self, where: str, value: str, what: str = "its id") -> str | None:
        """`value` as a canonical UUID; None, with the problem noted, when it is not one."""
        checked = canonical_uuid(value)
        if checked is None:
            self.problems.append(f"{where}: {what} {value!r} is not a UUID")
        return checked

    def check_ids(self) -> None:
        """Every id an annotation, review or link brings must be a UUID (kept in its canonical
        form); one that is not refuses the file. Documents: see add_documents."""
        fixed: list[Row] | None = None
        for index, row in enumerate(self.rows):
            a_uuid = row[7]
            if a_uuid and canonical_uuid(a_uuid) != a_uuid:
                checked = self._uuid(row[0], a_uuid)
                if checked is not None:
                    fixed = list(self.rows) if fixed is None else fixed
                    fixed[index] = (*row[:7], checked, *row[8:])
        if fixed is not None:
            self.rows = fixed
        reviews = [replace(review, uuid=self._uuid(review.where, review.uuid) or "",
                           annotation_uuid=self._uuid(review.where, review.annotation_uuid,
                                                      "the id of its annotation") or "")
                   for review in self.batch.reviews]
        links = [replace(link, uuid=self._uuid(link.where, link.uuid) or "",
                         from_annotation_uuid=self._uuid(link.where, link.from_annotation_uuid,
                                                         "the id of its origin") or "",
                         to_annotation_uuid=self._uuid(link.where, link.to_annotation_uuid,
                                                       "the id of its target") or "")
                 for link in self.batch.links]
        if reviews or links:
            self.batch = replace(self.batch, reviews=tuple(reviews), links=tuple(links))

    @staticmethod
    def _document_uuid(doc: ImportedText) -> str | None:
        """The id a new document is stored under: its own when it is a UUID (canonical form),
        else one derived from its text; None when it brings none."""
        if not doc.uuid:
            return None
        return canonical_uuid(doc.uuid) or str(uuid.uuid5(DOCUMENT_NAMESPACE,
                                                          f"document:{doc.sha256}"))

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
        """Store the documents P lacks (by SHA-256), keeping their UUID unless it is taken (or
        is not a UUID: then one derived from the text)."""
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
            doc_uuid = self._document_uuid(doc)
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
            self.documents_added = len(rows)
            self._load_documents()

    def add_labels(
        self, labels: Sequence[IncomingLabel], annotations: Sequence[Row]
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
        for row in annotations:
            if row[1] not in wanted:
                wanted[row[1]] = (row[0], None)
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

    # ----- annotations --------------------------------------------------------------------------

    def _load_spans(self, document_ids: set[int]) -> None:
        if len(document_ids) * 2 > len(self.by_uuid):  # most documents: one scan is cheaper
            rows = [row for row in self.raw.execute(_SPANS).fetchall() if row[1] in document_ids]
        else:
            rows = []
            for ids in _chunks(sorted(document_ids)):
                rows += self.raw.execute(_SPANS_OF_DOCUMENTS.format(_marks(len(ids))), ids)
        self.spans.update(zip(map(_SPAN_UUID, rows), rows, strict=True))
        self.by_key.update(zip(map(_SPAN_KEY, rows), map(_SPAN_UUID, rows), strict=True))

    def _load_texts(self, document_ids: set[int]) -> None:
        wanted = sorted(document_ids - self.texts.keys())
        for ids in _chunks(wanted):
            self.texts.update(self.raw.execute(
                _TEXTS_OF_DOCUMENTS.format(_marks(len(ids))), tuple(ids)).fetchall())

    def _count_annotations(self) -> int:
        return self.raw.execute("SELECT count(*) FROM annotations").fetchone()[0]

    def _stored_elsewhere(self, uuids: Iterable[str]) -> set[str]:
        """Incoming UUIDs that belong to annotations of documents the batch does not touch."""
        missing = [u for u in uuids if u and u not in self.spans]
        found: set[str] = set()
        for part in _chunks(missing):
            rows = self.raw.execute(_STORED_UUIDS.format(_marks(len(part))), tuple(part))
            found.update(row[0] for row in rows.fetchall())
        return found

    def merge_annotations(self, rows: Sequence[Row]) -> None:
        """Decide for each annotation: add, update (theirs newer), skip (with why) or refuse.

        The 100,000-row path: distinct documents, annotators and times are resolved once, then
        one pass over plain tuples decides each row without a call per row.
        """
        documents, annotators, label_ids = self._documents, self._annotators, self.label_ids
        refs = set(zip(map(_SHA, rows), map(_DOC_UUID, rows), map(_TITLE, rows), strict=True))
        for ref in refs:
            if ref not in documents:
                documents[ref] = self._find_document(*ref)
        for name in set(map(_ANNOTATOR, rows)):
            self._annotator(name)
        renamed, invalid = M.sort_timestamps(chain(map(_CREATED, rows), map(_UPDATED, rows)))
        touched = {found[0] for found, _ in documents.values() if found is not None}
        self._load_spans(touched)
        spans, by_key, inserts, updates = self.spans, self.by_key, self.inserts, self.updates
        elsewhere = (self._stored_elsewhere(set(map(_UUID, rows)))
                     if self._count_annotations() > len(spans) else set())
        with_text = {documents[(r[5], r[12], r[6])][0] for r in rows if r[9] is not None}
        self._load_texts({found[0] for found in with_text if found is not None})
        texts, skipped, now, problems = self.texts, self.skipped, self.now, self.problems
        for row in rows:
            (where, label, start, end, who, sha, title, a_uuid, note, text, created, updated,
             doc_uuid) = row
            found = documents[(sha, doc_uuid, title)][0]
            name = annotators[who][0]
            label_id = label_ids.get(label)
            if (
                found is None or name is None or label_id is None
                or type(start) is not int or type(end) is not int
                or not 0 <= start < end <= found[1]
                or (invalid and (created in invalid or updated in invalid))
            ):
                self._check(row, found, name, invalid)
                continue
            if problems:
                continue  # still checking every row, nothing more to decide
            doc = found[0]
            a_uuid = a_uuid or str(uuid.uuid4())
            if a_uuid in elsewhere:
                skipped.append((where, M.SKIP_OTHER_DOCUMENT))
                continue
            if text is not None and texts[doc][start:end] != text:
                covered = texts[doc][start:end]
                skipped.append((where, f"{M.SKIP_TEXT_DIFFERS}: the file has {_short(text)}, "
                                       f"the document has {_short(covered)}"))
                continue
            created = renamed.get(created, created) if created else now
            updated = renamed.get(updated, updated) if updated else created
            key = (doc, label_id, name, start, end)
            known = spans.get(a_uuid)
            if known is not None:
                if known[1] != doc:
                    skipped.append((where, M.SKIP_OTHER_DOCUMENT))
                    continue
                if updated == known[2]:
                    skipped.append((where, M.SKIP_UNCHANGED))
                    continue
                ours, theirs = M.timestamp_key(known[2]), M.timestamp_key(updated)
                if theirs <= ours:
                    skipped.append((where, M.SKIP_UNCHANGED if theirs == ours
                                    else M.SKIP_OURS_NEWER))
                    continue
            holder = by_key.get(key)
            if holder is not None and holder != a_uuid:
                skipped.append((where, M.SKIP_DUPLICATE if a_uuid in self.made_up_uuids
                                else f"{M.SKIP_DUPLICATE}: UUID {holder}"))
                if known is None:
                    self.alias[a_uuid] = holder
                continue
            if known is not None:
                del by_key[known[3:8]]
            by_key[key] = a_uuid
            if known is not None and known[0] is not None:
                spans[a_uuid] = (known[0], doc, updated, *key, a_uuid)
                updates[known[0]] = (label_id, name, start, end, note, updated, known[0])
            else:
                spans[a_uuid] = (None, doc, updated, *key, a_uuid)
                pending = inserts.get(a_uuid)
                inserts[a_uuid] = (a_uuid, doc, label_id, name, start, end, note,
                                   created if pending is None else pending[7], updated)

    def _check(self, row: Row, found: tuple[int, int] | None, name: str | None,
               invalid: set[str]) -> None:
        """Record why a row that left the usual path is wrong (an unknown label is not: it was
        reported when the labels were read)."""
        where, start, end, who = row[0], row[2], row[3], row[4]
        if found is None:
            self.problems.append(f"{where}: {self._documents[(row[5], row[12], row[6])][1]}")
        if name is None:
            self.problems.append(f"{where}: {self._annotators[who][1]}")
        for stamp in (row[10], row[11]):
            if stamp and stamp in invalid:
                self.problems.append(f"{where}: {stamp!r} is not an ISO 8601 date and time")
        if found is not None and not (
            isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= found[1]
        ):
            self.problems.append(f"{where}: span [{start}, {end}) is out of range "
                                 f"(the document has {found[1]} characters)")

    def store_annotations(self) -> None:
        """The decided updates and inserts, as two bulk statements on the driver's connection."""
        if self.updates:
            self.raw.executemany(_UPDATE_ANNOTATION, list(self.updates.values()))
        self.first_new_id = self.raw.execute(_LAST_ID).fetchone()[0] + 1
        if self.inserts:
            # In the order of the (document, label, annotator, span) index: fewer pages touched.
            self.raw.executemany(_INSERT_ANNOTATIONS, sorted(self.inserts.values(), key=_KEY))

    def annotation_ids(self) -> dict[str, int]:
        """Stored id of every annotation UUID the batch's reviews and links name."""
        wanted = {self.alias.get(r.annotation_uuid, r.annotation_uuid) for r in self.batch.reviews}
        for link in self.batch.links:
            wanted.update(self.alias.get(u, u)
                          for u in (link.from_annotation_uuid, link.to_annotation_uuid))
        ids: dict[str, int] = {}
        for a_uuid in wanted:
            known = self.spans.get(a_uuid)
            if known is not None and known[0] is not None:
                ids[a_uuid] = known[0]
        if self.inserts:
            ids.update((a_uuid, a_id) for a_id, a_uuid in self.raw.execute(
                _NEW_IDS, (self.first_new_id,)).fetchall() if a_uuid in wanted)
        for part in _chunks(sorted(wanted - ids.keys())):
            ids.update(self.raw.execute(_IDS_OF_UUIDS.format(_marks(len(part))), tuple(part))
                       .fetchall())
        return ids


def _short(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
