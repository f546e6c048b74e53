"""The document codes of a merge: matched by UUID, then by document, label and annotator."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection, insert, select, update

from annotator.domain import merge as M
from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import InvalidInput
from annotator.domain.ids import canonical_uuid
from annotator.domain.records import IncomingDocumentCode
from annotator.domain.validation import clean_annotator
from annotator.services._merge_documents import DocumentMatcher, DocumentRef
from annotator.services._merge_log import MergeLog
from annotator.store.models import DocumentCode
from annotator.store.queries import in_chunks, plain_rows


class DocumentCodeMerger:
    """Decides for each incoming document code (add, update, skip or refuse), then stores them."""

    def __init__(self, conn: Connection, log: MergeLog, documents: DocumentMatcher,
                 label_ids: Mapping[str, int], document_label_ids: set[int], now: str) -> None:
        self.conn = conn
        self.log = log
        self.documents = documents
        self.label_ids = label_ids
        self.document_label_ids = document_label_ids
        self.now = now
        self.inserts: list[dict[str, object]] = []
        self.updates: list[dict[str, object]] = []
        #: An incoming code skipped as a duplicate: its UUID -> the UUID of the code it repeats,
        #: so that its reviews go to that code.
        self.alias: dict[str, str] = {}
        self._uuid_of_key: dict[tuple[int, int, str], str] = {}

    def decide(self, codes: Sequence[IncomingDocumentCode]) -> None:
        if not codes:
            return
        stored = {
            code_uuid: (code_id, document_id, label_id, annotator, updated)
            for code_id, code_uuid, document_id, label_id, annotator, updated in self.conn.execute(
                select(DocumentCode.id, DocumentCode.uuid, DocumentCode.document_id,
                       DocumentCode.label_id, DocumentCode.annotator, DocumentCode.updated_at))
        }
        taken = {(document_id, label_id, annotator)
                 for _, document_id, label_id, annotator, _ in stored.values()}
        self._uuid_of_key = {(document_id, label_id, annotator): code_uuid
                             for code_uuid, (_, document_id, label_id, annotator, _)
                             in stored.items()}
        renamed, invalid = M.sort_timestamps(
            t for code in codes for t in (code.created_at, code.updated_at))
        for code in codes:
            self._decide(code, stored, taken, renamed, invalid)

    def _decide(self, code: IncomingDocumentCode, stored: dict, taken: set,
                renamed: dict[str, str], invalid: set[str]) -> None:
        where = code.where
        match = self.documents.match(DocumentRef(code.document_sha256, code.document_uuid,
                                                 code.document_title))
        label_id = self.label_ids.get(code.label)
        try:
            annotator = clean_annotator(code.annotator)
        except InvalidInput as exc:
            self.log.problem(where, exc)
            return
        if match.document is None:
            self.log.problem(where, match.why_not)
            return
        if label_id is None:
            return  # the label's own problem is listed already
        if label_id not in self.document_label_ids:
            self.log.problem(where, Worded(ErrorCode.MERGE_LABEL_SPANS_HERE, {"label": code.label}))
            return
        times = [code.created_at, code.updated_at]
        if any(t and t in invalid for t in times):
            bad = next(t for t in times if t and t in invalid)
            self.log.problem(where, Worded(ErrorCode.MERGE_NOT_TIMESTAMP, {"value": bad}))
            return
        created = renamed.get(code.created_at or "", code.created_at) or self.now
        updated = renamed.get(code.updated_at or "", code.updated_at) or created
        code_uuid = None
        if code.uuid:
            code_uuid = canonical_uuid(code.uuid)
            if code_uuid is None:
                self.log.problem(where, Worded(ErrorCode.MERGE_ID_NOT_UUID, {"value": code.uuid}))
                return
        key = (match.document.id, label_id, annotator)
        if code_uuid is not None and code_uuid in stored:
            code_id, document_id, our_label, our_annotator, ours = stored[code_uuid]
            if document_id != match.document.id:
                self.log.skip(where, M.SKIP_CODE_OTHER_DOCUMENT)
            elif M.timestamp_key(updated) <= M.timestamp_key(ours):
                same = M.instant(updated) == M.instant(ours)
                self.log.skip(where, M.SKIP_CODE_UNCHANGED if same else M.SKIP_CODE_OURS_NEWER)
            elif key != (document_id, our_label, our_annotator) and key in taken:
                self.log.skip(where, M.SKIP_CODE_DUPLICATE)
            else:
                taken.discard((document_id, our_label, our_annotator))
                taken.add(key)
                self._uuid_of_key[key] = code_uuid
                stored[code_uuid] = (code_id, document_id, label_id, annotator, updated)
                self.updates.append({"code_id": code_id, "label_id": label_id,
                                     "annotator": annotator, "note": code.note.strip(),
                                     "updated_at": updated})
            return
        if key in taken:
            self.log.skip(where, M.SKIP_CODE_DUPLICATE)
            if code_uuid is not None and key in self._uuid_of_key:
                self.alias[code_uuid] = self._uuid_of_key[key]
            return
        taken.add(key)
        code_uuid = code_uuid or str(uuid.uuid4())
        self._uuid_of_key[key] = code_uuid
        stored[code_uuid] = (None, match.document.id, label_id, annotator, updated)
        self.inserts.append({"uuid": code_uuid, "document_id": match.document.id,
                             "label_id": label_id, "annotator": annotator,
                             "note": code.note.strip(), "created_at": created, "updated_at": updated})

    def store(self) -> None:
        if self.inserts:
            self.conn.execute(insert(DocumentCode), self.inserts)
        for row in self.updates:
            self.conn.execute(
                update(DocumentCode).where(DocumentCode.id == row["code_id"]).values(
                    label_id=row["label_id"], annotator=row["annotator"], note=row["note"],
                    updated_at=row["updated_at"]))

    def ids_of(self, uuids: Iterable[str]) -> dict[str, int]:
        """Stored ids of the codes these UUIDs name (an incoming duplicate's UUID names the code
        it repeats), by the UUID given; call after `store`."""
        wanted = {u: self.alias.get(u, u) for u in uuids}
        found: dict[str, int] = {}
        for part in in_chunks(sorted(set(wanted.values()))):
            found.update(plain_rows(self.conn, select(DocumentCode.uuid, DocumentCode.id)
                                    .where(DocumentCode.uuid.in_(part))))
        return {given: found[ours] for given, ours in wanted.items() if ours in found}
