"""The codebook: labels with colour, shortcut key, definition and order."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.records import LABEL_KINDS, LabelInfo
from annotator.domain.spans import SpanKey, TakenSpans
from annotator.domain.validation import (
    check_color,
    check_shortcut,
    clean_label_name,
)
from annotator.services._convert import label_info
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, DocumentCode, Label
from annotator.store.queries import in_chunks
from annotator.store.team import for_everyone


@dataclass(frozen=True, slots=True)
class LabelDeletion:
    """What deleting a label did to the annotations that used it."""

    label: LabelInfo
    deleted_annotations: int
    moved_annotations: int
    moved_to: LabelInfo | None


def list_labels(project: Project, kind: str | None = "span") -> list[LabelInfo]:
    """The codebook's labels of one kind ("span", the default, or "document"; None: every
    label) in display order."""
    query = select(Label).order_by(Label.position)
    if kind is not None:
        query = query.where(Label.kind == check_kind(kind))
    with store_of(project).read() as session:
        return [label_info(lab) for lab in session.scalars(query)]


def check_kind(kind: str) -> str:
    """A label kind, or InvalidInput naming the kinds."""
    if kind not in LABEL_KINDS:
        raise InvalidInput(code=ErrorCode.UNKNOWN_LABEL_KIND, kind=kind, kinds=", ".join(LABEL_KINDS))
    return kind


def label_usage(project: Project, label_id: int) -> int:
    """How many annotations (of a span label) or document codes (of a document label) use it."""
    with store_of(project).read() as session:
        return _usage(session, label_id)


def _usage(session: Session, label_id: int) -> int:
    spans = session.scalar(
        select(func.count()).select_from(Annotation).where(Annotation.label_id == label_id)
    ) or 0
    codes = session.scalar(
        select(func.count()).select_from(DocumentCode).where(DocumentCode.label_id == label_id)
    ) or 0
    return spans + codes


def _set_kind(session: Session, lab: Label, kind: str) -> None:
    """Change a label's kind; refused while annotations or document codes use it."""
    kind = check_kind(kind)
    if kind == lab.kind:
        return
    used = _usage(session, lab.id)
    if used:
        code = (ErrorCode.KIND_USED_BY_ANNOTATIONS if lab.kind == "span"
                else ErrorCode.KIND_USED_BY_DOCUMENT_CODES)
        raise InvalidInput(code=code, label=lab.name, count=used)
    lab.kind = kind


def _get(session: Session, label_id: int) -> Label:
    lab = session.get(Label, label_id)
    if lab is None:
        raise NotFound(code=ErrorCode.UNKNOWN_LABEL, label=label_id)
    return lab


def _check_unique(session: Session, name: str, shortcut: str | None, own_id: int | None) -> None:
    for other in session.scalars(select(Label)):
        if other.id == own_id:
            continue
        if other.name.casefold() == name.casefold():
            raise InvalidInput(code=ErrorCode.LABEL_NAME_TAKEN, label=other.name)
        if shortcut is not None and other.shortcut == shortcut:
            raise InvalidInput(code=ErrorCode.SHORTCUT_TAKEN, key=shortcut, label=other.name)


def add_label(
    project: Project,
    name: str,
    color: str,
    shortcut: str | None = None,
    definition: str = "",
    kind: str = "span",
) -> LabelInfo:
    """Add a label at the end of the codebook: a span label, or a document code (`kind`
    "document")."""
    name = clean_label_name(name)
    color = check_color(color)
    shortcut = check_shortcut(shortcut)
    kind = check_kind(kind)
    with store_of(project).write() as session:
        _check_unique(session, name, shortcut, None)
        last = session.scalar(select(func.max(Label.position)))
        lab = Label(
            uuid=str(uuid.uuid4()),
            name=name,
            color=color,
            shortcut=shortcut,
            definition=definition.strip(),
            position=(last + 1) if last is not None else 0,
            kind=kind,
        )
        session.add(lab)
        session.flush()
        return label_info(lab)


def update_label(
    project: Project,
    label_id: int,
    *,
    name: str | None = None,
    color: str | None = None,
    shortcut: str | None = "",
    definition: str | None = None,
    kind: str | None = None,
) -> tuple[LabelInfo, LabelInfo]:
    """Rename, recolour, re-key, redefine or change the kind of a label; returns (before, after).

    `shortcut=""` keeps the current key; `shortcut=None` removes it. The kind changes only while
    nothing uses the label.
    """
    with store_of(project).write() as session:
        lab = _get(session, label_id)
        before = label_info(lab)
        new_name = clean_label_name(name) if name is not None else lab.name
        new_key = lab.shortcut if shortcut == "" else check_shortcut(shortcut)
        _check_unique(session, new_name, new_key, lab.id)
        lab.name = new_name
        lab.shortcut = new_key
        if color is not None:
            lab.color = check_color(color)
        if definition is not None:
            lab.definition = definition.strip()
        if kind is not None:
            _set_kind(session, lab, kind)
        session.flush()
        return before, label_info(lab)


def _by_uuid(session: Session, snapshot: LabelInfo) -> Label:
    """The label `snapshot` is, found by UUID (its id may have gone to another label)."""
    lab = session.scalars(select(Label).where(Label.uuid == snapshot.uuid)).first()
    if lab is None:
        raise NotFound(code=ErrorCode.LABEL_GONE, label=snapshot.name)
    return lab


def _refuse_changed(lab: Label, expected: LabelInfo | None) -> None:
    """Refuse when the label is no longer `expected` (name, colour, key, definition, kind)."""
    fields = ("name", "color", "shortcut", "definition", "kind")
    if expected is not None and any(getattr(lab, f) != getattr(expected, f) for f in fields):
        raise ChangedSince(code=ErrorCode.LABEL_CHANGED if lab.shortcut else ErrorCode.LABEL_CHANGED_NO_KEY,
                           label=expected.name, name=lab.name, color=lab.color, key=lab.shortcut)


def restore_label(
    project: Project, snapshot: LabelInfo, expected: LabelInfo | None = None
) -> LabelInfo:
    """Put a label's name, colour, key, definition and position back as in `snapshot`.

    The label is found by UUID; with `expected`, it must still be as `expected` says (the undo
    or redo of an edit never overwrites a change made since by others).
    """
    with store_of(project).write() as session:
        lab = _by_uuid(session, snapshot)
        _refuse_changed(lab, expected)
        _check_unique(session, snapshot.name, snapshot.shortcut, lab.id)
        lab.name, lab.color, lab.shortcut = snapshot.name, snapshot.color, snapshot.shortcut
        lab.definition, lab.position = snapshot.definition, snapshot.position
        _set_kind(session, lab, snapshot.kind)
        session.flush()
        return label_info(lab)


def reorder_labels_by_uuid(project: Project, uuids: Sequence[str]) -> list[LabelInfo]:
    """`reorder_labels` with the labels named by UUID (the undo and redo of a reordering);
    refused when the codebook gained or lost a label since."""
    with store_of(project).write() as session:
        ids = dict(session.execute(select(Label.uuid, Label.id)).all())
        if sorted(uuids) != sorted(ids):
            raise ChangedSince(code=ErrorCode.CODEBOOK_LABELS_CHANGED)
        return _reorder(session, [ids[u] for u in uuids])


def reorder_labels(project: Project, label_ids: Sequence[int]) -> list[LabelInfo]:
    """Set the display order of the whole codebook."""
    with store_of(project).write() as session:
        return _reorder(session, label_ids)


def _reorder(session: Session, label_ids: Sequence[int]) -> list[LabelInfo]:
    labels = {lab.id: lab for lab in session.scalars(select(Label))}
    if sorted(label_ids) != sorted(labels):
        raise InvalidInput(code=ErrorCode.ORDER_NOT_EVERY_LABEL)
    for position, label_id in enumerate(label_ids):
        labels[label_id].position = position
    session.flush()
    return [label_info(labels[i]) for i in label_ids]


def delete_label(project: Project, label_id: int, move_to: int | None = None) -> LabelDeletion:
    """Delete a label; its annotations (or, for a document label, its document codes) are moved
    to `move_to`, a label of the same kind, or deleted when it is None.

    Moving skips annotations that would duplicate one already on the target label; those are
    deleted, since the same annotator already gave that span the target label. So are document
    codes the annotator already set with the target label.
    """
    with store_of(project).write() as session:
        lab = _get(session, label_id)
        info = label_info(lab)
        moved = 0
        clash_ids: list[int] = []
        target = None
        if move_to is not None:
            if move_to == label_id:
                raise InvalidInput(code=ErrorCode.MOVE_TO_DELETED_LABEL)
            target = _get(session, move_to)
            if target.kind != lab.kind:
                raise InvalidInput(code=ErrorCode.MOVE_TO_OTHER_KIND, kind=lab.kind, label=lab.name,
                                   target_kind=target.kind, target=target.name)
        if lab.kind == "document":
            return _delete_document_label(session, lab, target)
        for_everyone(session.connection())  # every annotator's spans of the label move or go
        if target is not None:
            clash_ids = _clashing(session, label_id, target.id)
            for part in in_chunks(clash_ids):
                session.execute(delete(Annotation).where(Annotation.id.in_(part)))
            moved = session.execute(
                update(Annotation).where(Annotation.label_id == label_id).values(label_id=target.id)
            ).rowcount
        removed = session.execute(delete(Annotation).where(Annotation.label_id == label_id)).rowcount
        session.delete(lab)
        return LabelDeletion(
            label=info,
            deleted_annotations=removed + len(clash_ids),
            moved_annotations=moved,
            moved_to=label_info(target) if target is not None else None,
        )


def _delete_document_label(session: Session, lab: Label, target: Label | None) -> LabelDeletion:
    """Delete a document label, moving its codes to `target` (those the annotator already set
    with `target` are deleted) or deleting them."""
    info = label_info(lab)
    moved = clashes = 0
    if target is not None:
        held = {(doc, who) for doc, who in session.execute(
            select(DocumentCode.document_id, DocumentCode.annotator)
            .where(DocumentCode.label_id == target.id))}
        for code in session.scalars(select(DocumentCode).where(DocumentCode.label_id == lab.id)):
            if (code.document_id, code.annotator) in held:
                session.delete(code)
                clashes += 1
            else:
                code.label_id = target.id
                moved += 1
        session.flush()
    removed = session.execute(delete(DocumentCode).where(DocumentCode.label_id == lab.id)).rowcount
    session.delete(lab)
    return LabelDeletion(label=info, deleted_annotations=removed + clashes, moved_annotations=moved,
                         moved_to=label_info(target) if target is not None else None)


def _clashing(session: Session, label_id: int, target_id: int) -> list[int]:
    """The annotations of `label_id` whose span, moved to `target_id`, would be taken already."""
    span = (Annotation.document_id, Annotation.annotator, Annotation.start, Annotation.end)
    taken = TakenSpans(
        SpanKey(document_id, target_id, annotator, start, end)
        for document_id, annotator, start, end in session.execute(
            select(*span).where(Annotation.label_id == target_id)
        )
    )
    return [
        annotation_id
        for annotation_id, document_id, annotator, start, end in session.execute(
            select(Annotation.id, *span).where(Annotation.label_id == label_id)
        )
        if SpanKey(document_id, target_id, annotator, start, end) in taken
    ]


def delete_unused_label(project: Project, label_id: int) -> LabelInfo:
    """Delete a label no annotation uses (the undo of adding one); refused while it is in use."""
    with store_of(project).write() as session:
        return _delete_unused(session, _get(session, label_id))


def _delete_unused(session: Session, lab: Label) -> LabelInfo:
    used = _usage(session, lab.id)
    if used:
        code = (ErrorCode.DELETE_USED_BY_ANNOTATIONS if lab.kind == "span"
                else ErrorCode.DELETE_USED_BY_DOCUMENT_CODES)
        raise InvalidInput(code=code, label=lab.name, count=used)
    info = label_info(lab)
    session.delete(lab)
    return info


def take_back_label(project: Project, snapshot: LabelInfo) -> LabelInfo:
    """The undo of adding a label: delete it (found by UUID) if it is still as `snapshot` and no
    annotation uses it. Returns it as it was."""
    with store_of(project).write() as session:
        lab = _by_uuid(session, snapshot)
        _refuse_changed(lab, snapshot)
        return _delete_unused(session, lab)


def reinsert_label(project: Project, snapshot: LabelInfo) -> LabelInfo:
    """Put a deleted label back (same UUID and position; same id unless another label has it
    now): the redo of adding it."""
    with store_of(project).write() as session:
        if session.scalar(select(Label.id).where(Label.uuid == snapshot.uuid)) is not None:
            raise ChangedSince(code=ErrorCode.LABEL_BACK_ALREADY, label=snapshot.name)
        _check_unique(session, snapshot.name, snapshot.shortcut, None)
        lab = Label(**dataclasses.asdict(snapshot))  # a record's fields are the table's columns
        if session.get(Label, snapshot.id) is not None:
            lab.id = None  # type: ignore[assignment]
        session.add(lab)
        session.flush()
        return label_info(lab)
