"""Adding, removing, restoring, relabelling and annotating spans."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.errors import DuplicateAnnotation, NotFound
from annotator.domain.records import AnnotationEdit, AnnotationInfo
from annotator.domain.validation import check_offsets, clean_annotator
from annotator.services._convert import annotation_info
from annotator.services._dependents import dependents_of, put_back_dependents
from annotator.services._refs import find_annotation, find_label
from annotator.store.engine import ProjectStore
from annotator.store.models import Annotation, Document, Label

# Built once: adding an annotation is the hot path, and prepared statements skip the ORM.
_DOCUMENT_LENGTH = select(Document.length).where(Document.id == bindparam("document_id"))
_LABEL_BY_ID = select(Label.id, Label.name).where(Label.id == bindparam("label"))
_LABEL_BY_NAME = select(Label.id, Label.name).where(Label.name == bindparam("label"))
_SAME_SPAN = select(Annotation.id).where(
    Annotation.document_id == bindparam("document_id"),
    Annotation.label_id == bindparam("label_id"),
    Annotation.annotator == bindparam("annotator"),
    Annotation.start == bindparam("start"),
    Annotation.end == bindparam("end"),
)
_INSERT = insert(Annotation).returning(Annotation.id)
#: The columns of an AnnotationInfo, in its field order (with the label's name).
_INFO_COLUMNS = (
    Annotation.id,
    Annotation.uuid,
    Annotation.document_id,
    Annotation.label_id,
    Label.name,
    Annotation.annotator,
    Annotation.start,
    Annotation.end,
    Annotation.note,
    Annotation.created_at,
    Annotation.updated_at,
)


def _duplicate(label_name: str, annotator: str) -> DuplicateAnnotation:
    return DuplicateAnnotation(f"this span already has the label {label_name!r} from {annotator}")


def _document_length(session: Session, document_id: int) -> int:
    length = session.scalar(_DOCUMENT_LENGTH, {"document_id": document_id})
    if length is None:
        raise NotFound(f"unknown document {document_id!r}")
    return length


def _refuse_duplicate(
    session: Session, document_id: int, label: Label, annotator: str, start: int, end: int
) -> None:
    """Refuse a span the same annotator already gave the same label (checked under the write lock)."""
    row = {"document_id": document_id, "label_id": label.id, "annotator": annotator,
           "start": start, "end": end}
    if session.execute(_SAME_SPAN, row).first() is not None:
        raise _duplicate(label.name, annotator)


def add_annotation(
    project: ProjectStore,
    document_id: int,
    label: int | str,
    annotator: str,
    start: int,
    end: int,
    note: str = "",
) -> AnnotationInfo:
    """Label [start, end) of a document; refused if out of bounds, unknown or a duplicate."""
    name = clean_annotator(annotator)
    with project.write_connection() as conn:
        length = conn.execute(_DOCUMENT_LENGTH, {"document_id": document_id}).scalar()
        if length is None:
            raise NotFound(f"unknown document {document_id!r}")
        check_offsets(start, end, length)
        by = _LABEL_BY_ID if isinstance(label, int) else _LABEL_BY_NAME
        found = conn.execute(by, {"label": label}).first()
        if found is None:
            raise NotFound(f"unknown label {label!r}")
        label_id, label_name = found
        row = {"document_id": document_id, "label_id": label_id, "annotator": name, "start": start,
               "end": end}
        if conn.execute(_SAME_SPAN, row).first() is not None:
            raise _duplicate(label_name, name)
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
    project: ProjectStore,
    document_id: int,
    label: int | str,
    annotator: str,
    spans: Iterable[tuple[int, int]],
) -> list[AnnotationInfo]:
    """Label many spans at once (all or nothing); spans already labelled so are skipped."""
    name = clean_annotator(annotator)
    with project.write() as session:
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
    gave this label; `lengths` holds the length of every document named."""
    existing: set[tuple[int, int, int]] = set()
    document_ids = sorted(lengths)
    for first in range(0, len(document_ids), 500):
        existing.update(
            tuple(row)
            for row in session.execute(
                select(Annotation.document_id, Annotation.start, Annotation.end).where(
                    Annotation.document_id.in_(document_ids[first : first + 500]),
                    Annotation.label_id == label.id,
                    Annotation.annotator == annotator,
                )
            )
        )
    now = utc_now_iso()
    rows = []
    for document_id, start, end in spans:
        check_offsets(start, end, lengths[document_id])
        if (document_id, start, end) in existing:
            continue
        existing.add((document_id, start, end))
        rows.append(
            {"uuid": str(uuid.uuid4()), "document_id": document_id, "label_id": label.id,
             "annotator": annotator, "start": start, "end": end, "note": "",
             "created_at": now, "updated_at": now}
        )
    if not rows:
        return []
    session.execute(insert(Annotation), rows)
    ids: dict[str, int] = {}
    for first in range(0, len(rows), 500):
        uuids = [row["uuid"] for row in rows[first : first + 500]]
        ids.update(session.execute(
            select(Annotation.uuid, Annotation.id).where(Annotation.uuid.in_(uuids))).all())
    return [
        AnnotationInfo(ids[row["uuid"]], row["uuid"], row["document_id"], label.id, label.name,
                       annotator, row["start"], row["end"], "", now, now)
        for row in rows
    ]


def delete_annotations(project: ProjectStore, annotation_ids: Sequence[int]) -> list[AnnotationInfo]:
    """Remove annotations (all or none); returns them as they were, so that they can be restored.

    Their links and reviews go with them; use `delete_annotations_with_dependents` to keep those.
    """
    ids = list(dict.fromkeys(annotation_ids))
    with project.write() as session:
        return _delete_rows(session, ids)


def _delete_rows(session: Session, ids: list[int]) -> list[AnnotationInfo]:
    removed = _snapshots(session, ids)
    missing = set(ids) - {a.id for a in removed}
    if missing:
        raise NotFound(f"annotation {min(missing)} no longer exists")
    for start in range(0, len(ids), 500):
        session.execute(delete(Annotation).where(Annotation.id.in_(ids[start : start + 500])))
    return removed


def delete_annotations_with_dependents(
    project: ProjectStore, annotation_ids: Sequence[int]
) -> DeletedAnnotations:
    """Remove annotations with their links and reviews (all or none); a snapshot of all of it."""
    ids = list(dict.fromkeys(annotation_ids))
    with project.write() as session:
        links, reviews, copies = dependents_of(session, ids)
        removed = _delete_rows(session, ids)
        return DeletedAnnotations(tuple(removed), links, reviews, copies)


def restore_annotations_with_dependents(
    project: ProjectStore, deleted: DeletedAnnotations
) -> DeletedAnnotations:
    """Undo `delete_annotations_with_dependents`: annotations, links and reviews as they were."""
    with project.write() as session:
        restored = _insert_snapshots(session, deleted.annotations)
        back = dataclasses.replace(deleted, annotations=tuple(restored))
        return put_back_dependents(session, back)


def _snapshots(session: Session, ids: list[int]) -> list[AnnotationInfo]:
    found: list[AnnotationInfo] = []
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(*_INFO_COLUMNS)
            .join(Label, Label.id == Annotation.label_id)
            .where(Annotation.id.in_(ids[start : start + 500]))
        )
        found.extend(AnnotationInfo(*row) for row in rows)
    order = {annotation_id: n for n, annotation_id in enumerate(ids)}
    return sorted(found, key=lambda a: order[a.id])


def delete_annotation(project: ProjectStore, annotation_id: int) -> AnnotationInfo:
    """Remove one annotation; returns it as it was."""
    return delete_annotations(project, [annotation_id])[0]


def restore_annotations(
    project: ProjectStore, snapshots: Sequence[AnnotationInfo]
) -> list[AnnotationInfo]:
    """Put deleted annotations back exactly as they were (same id, UUID and times), all or none."""
    with project.write() as session:
        return _insert_snapshots(session, snapshots)


def _insert_snapshots(session: Session, snapshots: Sequence[AnnotationInfo]) -> list[AnnotationInfo]:
    label_ids = {snap.label_id for snap in snapshots}
    labels: dict[int, str] = {
        label_id: name
        for label_id, name in session.execute(select(Label.id, Label.name).where(Label.id.in_(label_ids)))
    }
    document_ids = {snap.document_id for snap in snapshots}
    lengths: dict[int, int] = {
        document_id: length
        for document_id, length in session.execute(
            select(Document.id, Document.length).where(Document.id.in_(document_ids))
        )
    }
    taken = {
        tuple(row)
        for row in session.execute(
            select(
                Annotation.document_id, Annotation.label_id, Annotation.annotator,
                Annotation.start, Annotation.end,
            ).where(Annotation.document_id.in_(document_ids), Annotation.label_id.in_(label_ids))
        )
    }
    rows = []
    for snap in snapshots:
        if snap.label_id not in labels:
            raise NotFound(f"unknown label {snap.label_id!r}")
        if snap.document_id not in lengths:
            raise NotFound(f"unknown document {snap.document_id!r}")
        check_offsets(snap.start, snap.end, lengths[snap.document_id])
        key = (snap.document_id, snap.label_id, snap.annotator, snap.start, snap.end)
        if key in taken:
            raise _duplicate(labels[snap.label_id], snap.annotator)
        taken.add(key)
        row = dataclasses.asdict(snap)
        del row["label"]  # the label's name; the row keeps its id
        rows.append(row)
    if rows:
        session.execute(insert(Annotation), rows)
    return [dataclasses.replace(snap, label=labels[snap.label_id]) for snap in snapshots]


def restore_annotation(project: ProjectStore, snapshot: AnnotationInfo) -> AnnotationInfo:
    """Put one deleted annotation back."""
    return restore_annotations(project, [snapshot])[0]


def relabel_annotation(project: ProjectStore, annotation_id: int, label: int | str) -> AnnotationEdit:
    """Give an annotation another label."""
    with project.write() as session:
        ann = find_annotation(session, annotation_id)
        before = annotation_info(ann, find_label(session, ann.label_id).name)
        lab = find_label(session, label)
        if lab.id != ann.label_id:
            _refuse_duplicate(session, ann.document_id, lab, ann.annotator, ann.start, ann.end)
        ann.label_id = lab.id
        ann.updated_at = utc_now_iso()
        session.flush()
        return AnnotationEdit(before=before, after=annotation_info(ann, lab.name))


def set_annotation_note(project: ProjectStore, annotation_id: int, note: str) -> AnnotationEdit:
    """Replace an annotation's note."""
    with project.write() as session:
        ann = find_annotation(session, annotation_id)
        label_name = find_label(session, ann.label_id).name
        before = annotation_info(ann, label_name)
        ann.note = note or ""
        ann.updated_at = utc_now_iso()
        session.flush()
        return AnnotationEdit(before=before, after=annotation_info(ann, label_name))


def list_annotations(project: ProjectStore, document_id: int) -> list[AnnotationInfo]:
    """The annotations of one document, in reading order."""
    with project.read() as session:
        rows = session.execute(
            select(*_INFO_COLUMNS)
            .join(Label, Label.id == Annotation.label_id)
            .where(Annotation.document_id == document_id)
            .order_by(Annotation.start, Annotation.end.desc(), Annotation.id)
        )
        return [AnnotationInfo(*row) for row in rows]


def revert_annotation_edit(project: ProjectStore, edit: AnnotationEdit) -> AnnotationInfo:
    """Undo a relabel or note edit: label, note and update time as they were before."""
    before = edit.before
    with project.write() as session:
        ann = find_annotation(session, before.id)
        lab = find_label(session, before.label_id)
        if lab.id != ann.label_id:
            _refuse_duplicate(session, ann.document_id, lab, ann.annotator, ann.start, ann.end)
        ann.label_id = lab.id
        ann.note = before.note
        ann.updated_at = before.updated_at
        session.flush()
        return annotation_info(ann, lab.name)
