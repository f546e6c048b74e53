"""Undoable changes to the codebook: add, edit and reorder labels.

Each command runs its first change in `execute_first()`; only when that succeeds is it pushed on
the undo stack (whose first `redo()` is then skipped). Every redo or undo emits `labels_changed`
and `saved`, or `failed` with the reason (and the command is then dropped from the stack).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.domain.errors import AnnotatorError
from annotator.domain.records import LabelInfo
from annotator.services import Project
from annotator.services.labels import (
    add_label,
    delete_label,
    reorder_labels,
    restore_label,
    update_label,
)
from annotator.ui.events import ProjectEvents

#: Keep an `update_label` keyword unchanged (its `shortcut` default means "keep the key").
KEEP = object()


class LabelCommand(QUndoCommand):
    """Base of the codebook commands: runs service calls and reports through ProjectEvents."""

    def __init__(self, project: Project, events: ProjectEvents, text: str) -> None:
        super().__init__(text)
        self._project = project
        self._events = events
        self._skip_next_redo = False

    def execute_first(self) -> bool:
        """Make the change now; False (and `events.failed`) when the project refused it."""
        if not self._run(self._first, obsolete_on_failure=False):
            return False
        self._skip_next_redo = True
        return True

    def redo(self) -> None:
        """Make the change again (the push right after `execute_first` does nothing)."""
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self._redo, obsolete_on_failure=True)

    def undo(self) -> None:
        """Take the change back."""
        self._run(self._undo, obsolete_on_failure=True)

    def _run(self, step: Callable[[], None], *, obsolete_on_failure: bool) -> bool:
        try:
            step()
        except AnnotatorError as exc:
            if obsolete_on_failure:
                self.setObsolete(True)
            self._events.failed.emit(str(exc))
            return False
        self._events.labels_changed.emit()
        self._events.saved.emit()
        return True

    def _first(self) -> None:
        self._redo()

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddLabelCommand(LabelCommand):
    """Add a label at the end of the codebook; undo deletes it (it has no annotations then)."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        name: str,
        color: str,
        shortcut: str | None = None,
        definition: str = "",
    ) -> None:
        super().__init__(project, events, f"Add label «{name.strip()}»")
        self._fields = (name, color, shortcut, definition)
        self.label: LabelInfo | None = None

    def _first(self) -> None:
        name, color, shortcut, definition = self._fields
        self.label = add_label(self._project, name, color, shortcut, definition)
        self._fields = (self.label.name, self.label.color, self.label.shortcut,
                        self.label.definition)

    def _redo(self) -> None:
        # The label had the highest id and later labels were undone first, so SQLite gives the
        # re-created row the same id and the commands above this one still find it.
        self._first()

    def _undo(self) -> None:
        if self.label is not None:
            delete_label(self._project, self.label.id, None)


class UpdateLabelCommand(LabelCommand):
    """Rename, recolour, re-key or redefine one label; undo restores it as it was."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        label_id: int,
        *,
        text: str,
        name: str | None = None,
        color: str | None = None,
        shortcut: object = KEEP,
        definition: str | None = None,
    ) -> None:
        super().__init__(project, events, text)
        self._label_id = label_id
        self._changes: dict[str, object] = {"name": name, "color": color, "definition": definition}
        if shortcut is not KEEP:
            self._changes["shortcut"] = shortcut
        self.before: LabelInfo | None = None
        self.after: LabelInfo | None = None

    def _first(self) -> None:
        self.before, self.after = update_label(
            self._project, self._label_id, **self._changes  # type: ignore[arg-type]
        )

    def _redo(self) -> None:
        if self.after is not None:
            restore_label(self._project, self.after)

    def _undo(self) -> None:
        if self.before is not None:
            restore_label(self._project, self.before)


class ReorderLabelsCommand(LabelCommand):
    """Set the display order of the codebook; undo puts the previous order back."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        before_ids: Sequence[int],
        after_ids: Sequence[int],
        text: str = "Reorder labels",
    ) -> None:
        super().__init__(project, events, text)
        self._before = tuple(before_ids)
        self._after = tuple(after_ids)

    def _redo(self) -> None:
        reorder_labels(self._project, self._after)

    def _undo(self) -> None:
        reorder_labels(self._project, self._before)


def push_label_command(stack: QUndoStack, command: LabelCommand) -> bool:
    """Run a command's first change and push it on `stack` only if the project accepted it."""
    if not command.execute_first():
        return False
    stack.push(command)
    return True
