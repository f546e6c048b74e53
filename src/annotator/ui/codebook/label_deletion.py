"""Deleting a label: confirmed (not undoable), moving or deleting the work that uses it (the
annotations of a span label, the document codes of a document label)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.domain.errors import AnnotatorError
from annotator.domain.records import LabelInfo
from annotator.domain.wording import ntext
from annotator.i18n import _
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
    codes = label.kind == "document"
    move_to: int | None = None
    if uses:
        choice = DeleteLabelChoice.ask(parent, label, uses, list(others))
        if choice is None:
            return None
        action, target = choice
        move_to = target if action == MOVE_ANNOTATIONS else None
    elif not ConfirmDialog.ask(
        parent,
        _("Delete label"),
        (_("Delete the label «{label}»? No document code uses it.\n\n"
           "This cannot be undone, and the undo history is cleared.") if codes else
         _("Delete the label «{label}»? No annotation uses it.\n\n"
           "This cannot be undone, and the undo history is cleared.")).format(label=label.name),
        _("Delete label"),
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
    return deletion_summary(result.label.name, result.moved_annotations,
                            result.moved_to.name if result.moved_to is not None else None,
                            result.deleted_annotations, codes)


def deletion_summary(label: str, moved: int, moved_to: str | None, deleted: int, codes: bool) -> str:
    """What deleting `label` did, in one sentence: the work moved to `moved_to` (if any) and
    deleted (annotations, or document codes when `codes`)."""
    clauses = [_("Deleted «{label}»").format(label=label)]
    if moved_to is not None:
        clauses.append(
            ntext(moved, "{count} document codes moved to «{label}»",
                  "{count} document codes moved to «{label}»", label=moved_to) if codes else
            ntext(moved, "{count} annotations moved to «{label}»", "{count} annotations moved to «{label}»",
                  label=moved_to))
    if deleted:
        clauses.append(
            ntext(deleted, "{count} document codes deleted", "{count} document codes deleted") if codes else
            ntext(deleted, "{count} annotations deleted", "{count} annotations deleted"))
    summary = clauses[0]
    for clause in clauses[1:]:
        summary = _("{summary}; {clause}").format(summary=summary, clause=clause)
    return _("{summary}. The undo history was cleared.").format(summary=summary)
