"""Deleting a label: confirmed (not undoable), moving or deleting the work that uses it (the
annotations of a span label, the document codes of a document label)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.domain.errors import AnnotatorError
from annotator.domain.records import LabelInfo
from annotator.services import Project
from annotator.services.labels import delete_label, label_usage
from annotator.ui.events import ProjectEvents
from annotator.ui.widgets.dialogs import MOVE_ANNOTATIONS, ConfirmDialog, DeleteLabelChoice


def delete_label_interactively(
    parent: QWidget,
    project: Project,
    events: ProjectEvents,
    undo_stack: QUndoStack,
    label: LabelInfo,
    others: Sequence[LabelInfo],
) -> str | None:
    """Ask, delete, clear the undo history (its commands may name the label); a summary, or None."""
    uses = label_usage(project, label.id)
    work = "document code" if label.kind == "document" else "annotation"
    move_to: int | None = None
    if uses:
        choice = DeleteLabelChoice.ask(parent, label, uses, list(others))
        if choice is None:
            return None
        action, target = choice
        move_to = target if action == MOVE_ANNOTATIONS else None
    elif not ConfirmDialog.ask(
        parent,
        "Delete label",
        f"Delete the label «{label.name}»? No {work} uses it.\n\n"
        "This cannot be undone, and the undo history is cleared.",
        "Delete label",
    ):
        return None
    try:
        result = delete_label(project, label.id, move_to)
    except AnnotatorError as exc:
        events.report(exc)
        return None
    undo_stack.clear()
    events.labels_changed.emit()
    events.saved.emit()
    done = f"Deleted «{result.label.name}»"
    if result.moved_to is not None:
        done += f"; {result.moved_annotations} {work}s moved to «{result.moved_to.name}»"
    if result.deleted_annotations:
        done += f"; {result.deleted_annotations} {work}s deleted"
    return done + ". The undo history was cleared."
