"""Adding, removing, restoring, relabelling and annotating spans.

The functions that undo and redo steps (`restore_*`, `delete_annotation_snapshots`,
`take_back_annotations`, `revert_annotation_edit`, `reapply_annotation_edit`) find annotations by
UUID and act only on one that is still as the step left it (see `_steps`).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Sequence
from itertools import compress, islice
from operator import eq, itemgetter
from typing import NamedTuple

from sqlalchemy import Connection, Executable, bindparam, delete, insert, select
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.records import AnnotationEdit, AnnotationInfo, DocumentInfo
from annotator.domain.spans import SpanKey, TakenSpans, duplicate_span
from annotator.domain.validation import check_offsets, clean_annotator
from annotator.services._convert import annotation_info
from annotator.services._dependents import dependents_of, put_back_dependents
from annotator.services._refs import find_annotation, find_label
from annotator.services._steps import (
    ANNOTATION_COLUMNS,
    annotations_by_uuid,
    changed_since,
    dict_without,
    insert_keeping_ids,
    refusing_clashes,
    same_annotation,
    what_changed,
)
from annotator.services.assignments import blind_to_others, refuse_others
from annotator.services.documents import document_in, text_in
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label
from annotator.store.queries import IN_CHUNK, in_chunks, plain_rows

# Built once: adding an annotation is the hot path, and prepared statements skip the ORM.
_DOCUMENT_LENGTH = select(Document.length).where(Document.id == bindparam("document_id"))
_LABEL_BY_ID = select(Label.id, Label.name, Label.kind).where(Label.id == bindparam("label"))
_LABEL_BY_NAME = select(Label.id, Label.name, Label.kind).where(Label.name == bindparam("label"))
#: The annotation that has a SpanKey, its fields given as parameters of the same names.
_SAME_SPAN = select(Annotation.id).where(
    *(getattr(Annotation, field) == bindparam(field) for field in SpanKey._fields)
)
_INSERT = insert(Annotation).returning(Annotation.id)
#: The columns of an AnnotationInfo, in its field order (with the label's name).
_INFO_COLUMNS = ANNOTATION_COLUMNS

#: Reason code of a refusal (`SpanLabelRefused.reason`): the label codes whole documents.
DOCUMENT_LABEL = "document_label"


class SpanLabelRefused(InvalidInput):
    """A span given a label that cannot label spans; `reason` is one of the reason codes above."""

    def __init__(self, reason: str, code: str, **values: object) -> None:
        super().__init__(code=code, **values)
        self.reason = reason


def refuse_document_label(kind: str, name: str) -> None:
    """Refuse a document label where a span needs a span label (a document code is set with
    `services.document_codes.set_document_code`)."""
    if kind == "document":
        raise SpanLabelRefused(DOCUMENT_LABEL, ErrorCode.LABEL_CODES_DOCUMENTS, label=name)


def _document_length(session: Session, document_id: int) -> int:
    length = session.scalar(_DOCUMENT_LENGTH, {"document_id": document_id})
    if length is None:
        raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
    return length


def _refuse_taken(conn: Session | Connection, key: SpanKey, label_name: str) -> None:
    """Refuse a span the same annotator already gave the same label (checked under the write lock)."""
    if conn.execute(_SAME_SPAN, key._asdict()).first() is not None:
        raise duplicate_span(label_name, key.annotator)


def add_annotation(
    project: Project,
    document_id: int,
    label: int | str,
    annotator: str,
    start: int,
    end: int,
    note: str = "",
) -> AnnotationInfo:
    """Label [start, end) of a document; refused if out of bounds, unknown or a duplicate."""
    name = clean_annotator(annotator)
    with store_of(project).write_connection() as conn:
        length = conn.execute(_DOCUMENT_LENGTH, {"document_id": document_id}).scalar()
        if length is None:
            raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
        check_offsets(start, end, length)
        by = _LABEL_BY_ID if isinstance(label, int) else _LABEL_BY_NAME
        found = conn.execute(by, {"label": label}).first()
        if found is None:
            raise NotFound(code=ErrorCode.UNKNOWN_LABEL, label=label)
        label_id, label_name, kind = found
        refuse_document_label(kind, label_name)
        key = SpanKey(document_id, label_id, name, start, end)
        _refuse_taken(conn, key, label_name)
        row = key._asdict()
        now = utc_now_iso()
        row.update(uuid=str(uuid.uuid4()), note=note or "", created_at=now, updated_at=now)
        new_id = conn.execute(_INSERT, row).scalar_one()
    return AnnotationInfo(
        id=new_id,
        uuid=row["uuid"],
        document_id=document_id,
        label_id=label_id,
        label=label_name,
        annotator=name,
        start=start,
        end=end,
        note=row["note"],
        created_at=now,
        updated_at=now,
    )


def add_annotations(
    project: Project,
    document_id: int,
    label: int | str,
    annotator: str,
    spans: Iterable[tuple[int, int]],
) -> list[AnnotationInfo]:
    """Label many spans at once (all or nothing); spans already labelled so are skipped."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        length = _document_length(session, document_id)
        lab = find_label(session, label)
        wanted = [(document_id, start, end) for start, end in spans]
        added = insert_new_spans(session, lab, name, wanted, {document_id: length})
        return sorted(added, key=lambda a: a.start)


def insert_new_spans(
    session: Session,
    label: Label,
    annotator: str,
    spans: Sequence[tuple[int, int, int]],
    lengths: dict[int, int],
) -> list[AnnotationInfo]:
    """Label (document, start, end) spans, in their order, skipping those the annotator already
    gave this label; `lengths` holds the length of every document named. Refused for a document
    label."""
    refuse_document_label(label.kind, label.name)
    taken = TakenSpans()
    for part in in_chunks(sorted(lengths)):
        taken.hold(
            (SpanKey(document_id, label.id, annotator, start, end), "")
            for document_id, start, end in session.execute(
                select(Annotation.document_id, Annotation.start, Annotation.end).where(
                    Annotation.document_id.in_(part),
                    Annotation.label_id == label.id,
                    Annotation.annotator == annotator,
                )
            )
        )
    now = utc_now_iso()
    rows = []
    for document_id, start, end in spans:
        check_offsets(start, end, lengths[document_id])
        if taken.claim(SpanKey(document_id, label.id, annotator, start, end)) is not None:
            continue
        rows.append(
            {"uuid": str(uuid.uuid4()), "document_id": document_id, "label_id": label.id,
             "annotator": annotator, "start": start, "end": end, "note": "",
             "created_at": now, "updated_at": now}
        )
    if not rows:
        return []
    session.execute(insert(Annotation), rows)
    ids: dict[str, int] = {}
    for part in in_chunks(rows):
        uuids = [row["uuid"] for row in part]
        ids.update(session.execute(
            select(Annotation.uuid, Annotation.id).where(Annotation.uuid.in_(uuids))).all())
    return [
        AnnotationInfo(ids[row["uuid"]], row["uuid"], row["document_id"], label.id, label.name,
                       annotator, row["start"], row["end"], "", now, now)
        for row in rows
    ]


def delete_annotations(project: Project, annotation_ids: Sequence[int]) -> list[AnnotationInfo]:
    """Remove annotations (all or none); returns them as they were, so that they can be restored.

    Their links and reviews go with them; use `delete_annotations_with_dependents` to keep those.
    """
    ids = list(dict.fromkeys(annotation_ids))
    with store_of(project).write() as session:
        return _delete_rows(session, ids)


#: Built once, each with one expanding `IN` (:ids): a delete or an undo names a few rows.
_BY_ID = (
    select(*_INFO_COLUMNS)
    .join(Label, Label.id == Annotation.label_id)
    .where(Annotation.id.in_(bindparam("ids", expanding=True)))
)
_DELETE_BY_ID = delete(Annotation).where(Annotation.id.in_(bindparam("ids", expanding=True)))


def _delete_rows(session: Session, ids: list[int]) -> list[AnnotationInfo]:
    removed = _snapshots(session, ids)
    missing = set(ids) - {a.id for a in removed}
    if missing:
        raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=min(missing))
    refuse_others(session, {a.annotator for a in removed})
    conn = session.connection()
    for part in in_chunks(ids):
        conn.execute(_DELETE_BY_ID, {"ids": list(part)})
    return removed


def delete_annotations_with_dependents(
    project: Project, annotation_ids: Sequence[int]
) -> DeletedAnnotations:
    """Remove annotations with their links and reviews (all or none); a snapshot of all of it."""
    ids = list(dict.fromkeys(annotation_ids))
    with store_of(project).write() as session:
        found = dependents_of(session, ids)
        removed = _delete_rows(session, ids)
        return dataclasses.replace(found, annotations=tuple(removed))


def restore_annotations_with_dependents(
    project: Project, deleted: DeletedAnnotations
) -> DeletedAnnotations:
    """Undo a deletion: annotations, links and reviews as they were (found again by UUID).

    Refused when an annotation is back already but changed (ChangedSince), or when its span has
    the same label from the same annotator under another UUID (DuplicateAnnotation); links and
    reviews that cannot come back (their other annotation is gone) stay deleted.
    """
    with refusing_clashes(ErrorCode.CLASH_PUTTING_ANNOTATIONS_BACK), store_of(project).write() as session:
        restored = _insert_snapshots(session, deleted.annotations)
        back = dataclasses.replace(deleted, annotations=tuple(restored))
        return put_back_dependents(session, back)


def delete_annotation_snapshots(
    project: Project, deleted: DeletedAnnotations
) -> DeletedAnnotations:
    """Delete annotations as a step left them, found by UUID, with the links and reviews that
    `deleted` lists (the undo of adding them, the redo of deleting them); all or none.

    Refused when one is gone (NotFound), was changed since, or has links or reviews that `deleted`
    does not list, e.g. a colleague's review made since (ChangedSince): those are not ours to
    delete. Returns everything it deleted, as it was.
    """
    wanted = [snap.uuid for snap in deleted.annotations]
    with refusing_clashes(ErrorCode.CLASH_DELETING_ANNOTATIONS), store_of(project).write() as session:
        now = annotations_by_uuid(session, wanted)
        for snap in deleted.annotations:
            current = now.get(snap.uuid)
            if current is None:
                raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=snap.id)
            if not same_annotation(current, snap):
                raise changed_since(snap, current)
        ids = [now[uuid].id for uuid in dict.fromkeys(wanted)]
        found = dependents_of(session, ids)
        known = {x.uuid for x in (*deleted.links, *deleted.reviews)}
        for link in found.links:
            if link.uuid not in known:
                raise _has_since(now, {link.from_annotation_id, link.to_annotation_id},
                                 ErrorCode.HAS_LINK_SINCE)
        for review in found.reviews:
            if review.uuid not in known:
                raise _has_since(now, {review.annotation_id}, ErrorCode.HAS_REVIEW_SINCE,
                                 reviewer=review.reviewer)
        _delete_rows(session, ids)
        return dataclasses.replace(found, annotations=tuple(now[uuid] for uuid in wanted))


def _has_since(now: dict[str, AnnotationInfo], ids: set[int], code: ErrorCode, **values: str) -> ChangedSince:
    ann = next(a for a in now.values() if a.id in ids)
    return ChangedSince(code=code, label=ann.label, annotator=ann.annotator, **values)


def take_back_annotations(
    project: Project, snapshots: Sequence[AnnotationInfo]
) -> list[AnnotationInfo]:
    """The undo of adding annotations: delete each (found by UUID) only if it is unchanged and
    nothing links to or reviews it; all or none. Returns them as they were."""
    deleted = delete_annotation_snapshots(project, DeletedAnnotations(tuple(snapshots)))
    return list(deleted.annotations)


def _snapshots(session: Session, ids: list[int]) -> list[AnnotationInfo]:
    found: list[AnnotationInfo] = []
    conn = session.connection()
    for part in in_chunks(ids):
        found.extend(AnnotationInfo(*row) for row in conn.execute(_BY_ID, {"ids": list(part)}))
    order = {annotation_id: n for n, annotation_id in enumerate(ids)}
    return sorted(found, key=lambda a: order[a.id])


def delete_annotation(project: Project, annotation_id: int) -> AnnotationInfo:
    """Remove one annotation; returns it as it was."""
    return delete_annotations(project, [annotation_id])[0]


def restore_annotations(
    project: Project, snapshots: Sequence[AnnotationInfo]
) -> list[AnnotationInfo]:
    """Put deleted annotations back as they were (same UUID and times), all or none.

    Each keeps its row id unless another annotation has it now; its label is found by name. One
    that is back already unchanged is left as it is; one that is back but changed is refused
    (ChangedSince), as is a span that has the same label from the same annotator now
    (DuplicateAnnotation). Returns them as they are now.
    """
    with refusing_clashes(ErrorCode.CLASH_PUTTING_ANNOTATIONS_BACK), store_of(project).write() as session:
        return _insert_snapshots(session, snapshots)


_FEW_STARTS = 500
"""Putting back annotations with at most this many distinct starts reads only the spans that
start there to find clashes (an undo stays quick in a document of 10,000 spans)."""


_LABEL_IDS_BY_NAME = select(Label.name, Label.id, Label.kind).where(
    Label.name.in_(bindparam("names", expanding=True))
)
_LENGTHS = select(Document.id, Document.length).where(
    Document.id.in_(bindparam("document_ids", expanding=True))
)
#: The spans that may clash with annotations put back: same documents and labels...
_SAME_PLACE = select(
    Annotation.document_id, Annotation.label_id, Annotation.annotator, Annotation.start, Annotation.end,
).where(
    Annotation.document_id.in_(bindparam("document_ids", expanding=True)),
    Annotation.label_id.in_(bindparam("label_ids", expanding=True)),
)
#: ... and, when they are few, only those starting where one comes back.
_SAME_PLACE_STARTS = _SAME_PLACE.where(Annotation.start.in_(bindparam("starts", expanding=True)))


def _insert_snapshots(session: Session, snapshots: Sequence[AnnotationInfo]) -> list[AnnotationInfo]:
    refuse_others(session, {snap.annotator for snap in snapshots})
    conn = session.connection()
    names = sorted({snap.label for snap in snapshots})
    label_ids: dict[str, int] = {}
    for label_name, label_id, kind in conn.execute(_LABEL_IDS_BY_NAME, {"names": names}):
        refuse_document_label(kind, label_name)  # its kind changed since it was let go
        label_ids[label_name] = label_id
    present = annotations_by_uuid(session, [snap.uuid for snap in snapshots])
    document_ids = sorted({snap.document_id for snap in snapshots})
    lengths: dict[int, int] = dict(
        conn.execute(_LENGTHS, {"document_ids": document_ids}).all()  # type: ignore[arg-type]
    )
    params: dict[str, list] = {"document_ids": document_ids, "label_ids": sorted(label_ids.values())}
    starts = sorted({snap.start for snap in snapshots})
    if len(starts) <= _FEW_STARTS:  # only spans starting where one comes back can clash
        params["starts"] = starts
    same_place = _SAME_PLACE_STARTS if "starts" in params else _SAME_PLACE
    taken = TakenSpans(tuple(row) for row in conn.execute(same_place, params))
    back: list[AnnotationInfo] = []
    rows = []
    for snap in snapshots:
        if snap.label not in label_ids:
            raise NotFound(code=ErrorCode.LABEL_GONE, label=snap.label)
        if snap.document_id not in lengths:
            raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=snap.document_id)
        check_offsets(snap.start, snap.end, lengths[snap.document_id])
        label_id = label_ids[snap.label]
        current = present.get(snap.uuid)
        if current is not None:
            if not same_annotation(current, snap):
                raise ChangedSince(code=ErrorCode.ANNOTATION_BACK_CHANGED, label=snap.label,
                                   annotator=snap.annotator, changes=what_changed(current, snap))
            back.append(current)  # brought back as it was (by a merge): nothing to do
            continue
        key = SpanKey(snap.document_id, label_id, snap.annotator, snap.start, snap.end)
        if taken.claim(key) is not None:
            raise duplicate_span(snap.label, snap.annotator)
        back.append(dataclasses.replace(snap, label_id=label_id))
        rows.append(dict_without(back[-1], "label"))  # the label's name is not a column
    ids = insert_keeping_ids(session, Annotation, rows)
    return [dataclasses.replace(a, id=ids.get(a.uuid, a.id)) for a in back]


def restore_annotation(project: Project, snapshot: AnnotationInfo) -> AnnotationInfo:
    """Put one deleted annotation back."""
    return restore_annotations(project, [snapshot])[0]


def relabel_annotation(project: Project, annotation_id: int, label: int | str) -> AnnotationEdit:
    """Give an annotation another label."""
    with store_of(project).write() as session:
        ann = find_annotation(session, annotation_id)
        refuse_others(session, (ann.annotator,))
        before = annotation_info(ann, find_label(session, ann.label_id).name)
        lab = find_label(session, label)
        refuse_document_label(lab.kind, lab.name)
        if lab.id != ann.label_id:
            _refuse_taken(session, SpanKey(ann.document_id, lab.id, ann.annotator, ann.start,
                                           ann.end), lab.name)
        ann.label_id = lab.id
        ann.updated_at = utc_now_iso()
        session.flush()
        return AnnotationEdit(before=before, after=annotation_info(ann, lab.name))


def set_annotation_note(project: Project, annotation_id: int, note: str) -> AnnotationEdit:
    """Replace an annotation's note."""
    with store_of(project).write() as session:
        ann = find_annotation(session, annotation_id)
        refuse_others(session, (ann.annotator,))
        label_name = find_label(session, ann.label_id).name
        before = annotation_info(ann, label_name)
        ann.note = note or ""
        ann.updated_at = utc_now_iso()
        session.flush()
        return AnnotationEdit(before=before, after=annotation_info(ann, label_name))


def _switch_annotation(
    project: Project, expected: AnnotationInfo, wanted: AnnotationInfo
) -> AnnotationInfo:
    """Give the annotation that is `expected` (found by UUID) the label, note and update time
    of `wanted`; refused if it is gone or no longer `expected`."""
    with refusing_clashes(ErrorCode.CLASH_CHANGING_ANNOTATION), store_of(project).write() as session:
        current = annotations_by_uuid(session, [expected.uuid]).get(expected.uuid)
        if current is None:
            raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=expected.id)
        if not same_annotation(current, expected):
            raise changed_since(expected, current)
        refuse_others(session, (current.annotator,))
        lab = find_label(session, wanted.label)
        refuse_document_label(lab.kind, lab.name)
        ann = find_annotation(session, current.id)
        if lab.id != ann.label_id:
            _refuse_taken(session, SpanKey(ann.document_id, lab.id, ann.annotator, ann.start,
                                           ann.end), lab.name)
        ann.label_id = lab.id
        ann.note = wanted.note
        ann.updated_at = wanted.updated_at
        session.flush()
        return annotation_info(ann, lab.name)


def reapply_annotation_edit(project: Project, edit: AnnotationEdit) -> AnnotationEdit:
    """Redo a relabel or note edit: from exactly `edit.before` (found by UUID) to `edit.after`,
    update time included. Returns the edit with the annotation's row id now."""
    after = _switch_annotation(project, edit.before, edit.after)
    return AnnotationEdit(before=dataclasses.replace(edit.before, id=after.id), after=after)


def list_annotations(project: Project, document_id: int) -> list[AnnotationInfo]:
    """The annotations of one document, in reading order (in blind mode, only the acting
    annotator's until they mark the document done)."""
    with store_of(project).read() as session:
        names = dict(session.execute(select(Label.id, Label.name)).all())
        rows = plain_rows(session.connection(), _FULL_ROWS_QUERY, {"document": document_id})
        blind = blind_to_others(session, document_id)
    if blind is not None:
        rows = [row for row in rows if row[3] == blind]
    rows = _in_reading_order(rows, _FULL_START, _FULL_END)
    return [
        AnnotationInfo(i, uuid_, document_id, label_id, names[label_id], who, start, end, note,
                       created, updated, origin)
        for i, uuid_, label_id, who, start, end, note, created, updated, origin in rows
    ]


_FULL_FIELDS = ("id", "uuid", "label_id", "annotator", "start", "end", "note", "created_at", "updated_at",
                "origin")
_FULL_START, _FULL_END = _FULL_FIELDS.index("start"), _FULL_FIELDS.index("end")

#: The fields of a row of `list_annotation_rows`, in order: what the window shows of an
#: annotation. An AnnotationInfo's other fields (the document and the label's name, which the
#: reader knows; the UUID and the times, which `list_annotation_stamps` gives for a few) are left out.
ANNOTATION_ROW_FIELDS = ("id", "label_id", "annotator", "start", "end", "note")
_ROW_START, _ROW_END = ANNOTATION_ROW_FIELDS.index("start"), ANNOTATION_ROW_FIELDS.index("end")
#: What `list_annotation_stamps` gives per annotation, in order.
ANNOTATION_STAMP_FIELDS = ("uuid", "created_at", "updated_at")


def _rows_query(fields: tuple[str, ...]) -> Executable:
    # By start only, which the index gives for free; the few ties are ordered in Python (SQLite
    # would sort every row again, taking longer than reading them).
    return (select(*(getattr(Annotation, name) for name in fields))
            .where(Annotation.document_id == bindparam("document")).order_by(Annotation.start))


_FULL_ROWS_QUERY = _rows_query(_FULL_FIELDS)
_ROWS_QUERY = _rows_query(ANNOTATION_ROW_FIELDS)


def list_annotation_rows(project: Project, document_id: int) -> list[tuple]:
    """The annotations of one document in reading order, each a tuple of ANNOTATION_ROW_FIELDS:
    for a reader of thousands that makes records of only a few (each column read costs)."""
    with store_of(project).read() as session:
        return _annotation_rows(session, document_id)


class DocumentShown(NamedTuple):
    """What the window shows of a document: its record, its stored text and its annotations as
    rows (see list_annotation_rows), all as one transaction saw them."""

    document: DocumentInfo
    text: str
    rows: list[tuple]


def read_document_shown(project: Project, document_id: int) -> DocumentShown:
    """A document's record, text and annotation rows (as get_document, get_document_text and
    list_annotation_rows give them) in one read transaction: they agree with each other."""
    with store_of(project).read() as session:
        text = text_in(session, document_id)  # first: the record's last columns lie past it
        return DocumentShown(document_in(session, document_id), text,
                             _annotation_rows(session, document_id))


def _annotation_rows(session: Session, document_id: int) -> list[tuple]:
    # The driver's own tuples: these integer and text columns need no conversion, and a Row
    # object per row costs.
    rows = plain_rows(session.connection(), _ROWS_QUERY, {"document": document_id})
    blind = blind_to_others(session, document_id)
    if blind is not None:  # blind mode: the acting annotator's own only
        rows = [row for row in rows if row[2] == blind]
    return _in_reading_order(rows, _ROW_START, _ROW_END)


def list_annotation_stamps(
    project: Project, document_id: int, annotation_ids: Iterable[int]
) -> dict[int, tuple[str, str, str]]:
    """UUID, creation and update time (ANNOTATION_STAMP_FIELDS) of these annotations of the
    document `document_id`, by id; ids of annotations not there are left out."""
    ids = set(annotation_ids)
    if not ids:
        return {}
    stamps = (Annotation.id, *(getattr(Annotation, name) for name in ANNOTATION_STAMP_FIELDS))
    where = Annotation.document_id == document_id
    with store_of(project).read() as session:
        conn = session.connection()
        if len(ids) <= IN_CHUNK:
            rows = plain_rows(conn, select(*stamps).where(where, Annotation.id.in_(sorted(ids))))
        else:  # many: the document's, in one statement
            rows = [row for row in plain_rows(conn, select(*stamps).where(where)) if row[0] in ids]
    return {row[0]: row[1:] for row in rows}


def _in_reading_order(rows: list[tuple], start: int, end: int) -> list[tuple]:
    """Rows ordered by start, put in reading order: where starts tie, longer first, then by id
    (the ties are few; each run of them is sorted on its own)."""
    starts = list(map(itemgetter(start), rows))
    tied = list(compress(range(1, len(rows)), map(eq, starts, islice(starts, 1, None))))
    if not tied:
        return rows
    key = lambda r: (-r[end], r[0])  # noqa: E731 (the start is the same within a run)
    first = prev = tied[0]
    for k in (*tied[1:], None):
        if k != prev + 1:  # rows[first - 1 : prev + 1] share a start
            rows[first - 1 : prev + 1] = sorted(rows[first - 1 : prev + 1], key=key)
            first = k
        prev = k
    return rows


def revert_annotation_edit(project: Project, edit: AnnotationEdit) -> AnnotationInfo:
    """Undo a relabel or note edit: label, note and update time as they were before.

    The annotation is found by UUID and must still be exactly `edit.after`; else the undo is
    refused (ChangedSince), so that a colleague's later change is never overwritten.
    """
    return _switch_annotation(project, edit.after, edit.before)
