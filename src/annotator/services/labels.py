"""The codebook: labels with colour, shortcut key, definition and order."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.records import LabelInfo
from annotator.domain.validation import (
    check_color,
    check_shortcut,
    clean_label_name,
)
from annotator.services._convert import label_info
from annotator.store.engine import ProjectStore
from annotator.store.models import Annotation, Label


@dataclass(frozen=True, slots=True)
class LabelDeletion:
    """What deleting a label did to the annotations that used it."""

    label: LabelInfo
    deleted_annotations: int
    moved_annotations: int
    moved_to: LabelInfo | None


def list_labels(project: ProjectStore) -> list[LabelInfo]:
    """The codebook in its display order."""
    with project.read() as session:
        return [label_info(lab) for lab in session.scalars(select(Label).order_by(Label.position))]


def label_usage(project: ProjectStore, label_id: int) -> int:
    """How many annotations use a label."""
    with project.read() as session:
        return session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.label_id == label_id)
        ) or 0


def _get(session: Session, label_id: int) -> Label:
    lab = session.get(Label, label_id)
    if lab is None:
        raise NotFound(f"unknown label {label_id!r}")
    return lab


def _check_unique(session: Session, name: str, shortcut: str | None, own_id: int | None) -> None:
    for other in session.scalars(select(Label)):
        if other.id == own_id:
            continue
        if other.name.casefold() == name.casefold():
            raise InvalidInput(f"a label named {other.name!r} already exists")
        if shortcut is not None and other.shortcut == shortcut:
            raise InvalidInput(f"the key {shortcut} is already the shortcut of {other.name!r}")


def add_label(
    project: ProjectStore,
    name: str,
    color: str,
    shortcut: str | None = None,
    definition: str = "",
) -> LabelInfo:
    """Add a label at the end of the codebook."""
    name = clean_label_name(name)
    color = check_color(color)
    shortcut = check_shortcut(shortcut)
    with project.write() as session:
        _check_unique(session, name, shortcut, None)
        last = session.scalar(select(func.max(Label.position)))
        lab = Label(
            uuid=str(uuid.uuid4()),
            name=name,
            color=color,
            shortcut=shortcut,
            definition=definition.strip(),
            position=(last + 1) if last is not None else 0,
        )
        session.add(lab)
        session.flush()
        return label_info(lab)


def update_label(
    project: ProjectStore,
    label_id: int,
    *,
    name: str | None = None,
    color: str | None = None,
    shortcut: str | None = "",
    definition: str | None = None,
) -> tuple[LabelInfo, LabelInfo]:
    """Rename, recolour, re-key or redefine a label; returns (before, after).

    `shortcut=""` keeps the current key; `shortcut=None` removes it.
    """
    with project.write() as session:
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
        session.flush()
        return before, label_info(lab)


def restore_label(project: ProjectStore, snapshot: LabelInfo) -> LabelInfo:
    """Put a label's name, colour, key, definition and position back as in `snapshot`."""
    with project.write() as session:
        lab = _get(session, snapshot.id)
        _check_unique(session, snapshot.name, snapshot.shortcut, lab.id)
        lab.name, lab.color, lab.shortcut = snapshot.name, snapshot.color, snapshot.shortcut
        lab.definition, lab.position = snapshot.definition, snapshot.position
        session.flush()
        return label_info(lab)


def reorder_labels(project: ProjectStore, label_ids: Sequence[int]) -> list[LabelInfo]:
    """Set the display order of the whole codebook."""
    with project.write() as session:
        labels = {lab.id: lab for lab in session.scalars(select(Label))}
        if sorted(label_ids) != sorted(labels):
            raise InvalidInput("the new order must list every label exactly once")
        for position, label_id in enumerate(label_ids):
            labels[label_id].position = position
        session.flush()
        return [label_info(labels[i]) for i in label_ids]


def delete_label(project: ProjectStore, label_id: int, move_to: int | None = None) -> LabelDeletion:
    """Delete a label; its annotations are moved to `move_to`, or deleted when it is None.

    Moving skips annotations that would duplicate one already on the target label; those are
    deleted, since the same annotator already gave that span the target label.
    """
    with project.write() as session:
        lab = _get(session, label_id)
        info = label_info(lab)
        moved = 0
        clash_ids: list[int] = []
        target = None
        if move_to is not None:
            if move_to == label_id:
                raise InvalidInput("cannot move annotations to the label being deleted")
            target = _get(session, move_to)
            clash_ids = _clashing(session, label_id, target.id)
            if clash_ids:
                session.execute(delete(Annotation).where(Annotation.id.in_(clash_ids)))
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


def _clashing(session: Session, label_id: int, target_id: int) -> list[int]:
    on_target = set(
        session.execute(
            select(Annotation.document_id, Annotation.annotator, Annotation.start, Annotation.end)
            .where(Annotation.label_id == target_id)
        )
    )
    return [
        row.id
        for row in session.execute(
            select(
                Annotation.id,
                Annotation.document_id,
                Annotation.annotator,
                Annotation.start,
                Annotation.end,
            ).where(Annotation.label_id == label_id)
        )
        if (row.document_id, row.annotator, row.start, row.end) in on_target
    ]


def delete_unused_label(project: ProjectStore, label_id: int) -> LabelInfo:
    """Delete a label no annotation uses (the undo of adding one); refused while it is in use."""
    with project.write() as session:
        lab = _get(session, label_id)
        used = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.label_id == label_id)
        ) or 0
        if used:
            raise InvalidInput(
                f"the label «{lab.name}» is used by {used} annotation{'s' if used != 1 else ''}; "
                "remove them first, or delete the label from the codebook"
            )
        info = label_info(lab)
        session.delete(lab)
        return info


def reinsert_label(project: ProjectStore, snapshot: LabelInfo) -> LabelInfo:
    """Put a deleted label back exactly (same id, UUID and position): the redo of adding it."""
    with project.write() as session:
        _check_unique(session, snapshot.name, snapshot.shortcut, None)
        lab = Label(**dataclasses.asdict(snapshot))  # a record's fields are the table's columns
        session.add(lab)
        session.flush()
        return label_info(lab)
