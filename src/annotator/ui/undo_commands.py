"""Undoable changes to annotations: each step calls a service and announces what changed.

Commands hold ids and snapshots only, so undo and redo work whichever document is open.
Run a new command with `push_command`, which keeps a refused change off the undo stack.
A refusal (bad input, a duplicate, something no longer there) is announced as `events.refused`;
a project file that could not be written as `events.failed`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.errors import AnnotatorError, InvalidInput, ProjectError
from annotator.domain.records import AnnotationEdit, AnnotationInfo
from annotator.services import Project
from annotator.services import annotations as service
from annotator.ui.events import ProjectEvents

NOTHING_NEW = "every match already has this label"
NOTHING_SELECTED = "no annotation is selected"


class ServiceCommand(QUndoCommand):
    """Base: `_apply` and `_revert` call services and emit events; errors become messages."""

    def __init__(self, project: Project, events: ProjectEvents, text: str) -> None:
        super().__init__(text)
        self._project = project
        self._events = events
        self._skip_next_redo = False
        self._skip_next_undo = False
        self.failed_last = False  # the last undo/redo could not be made; see undo_step/redo_step

    def execute_first(self) -> bool:
        """Make the change now; on an error emit `refused` or `failed` and return False."""
        if self._run(self._first) is not None:
            return False
        self._skip_next_redo = True
        return True

    def redo(self) -> None:
        """Make the change (skipped once after `execute_first` already made it)."""
        self.failed_last = False
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        error = self._run(self._apply)
        if error is not None:
            self._after_failure(error, undone=False)

    def undo(self) -> None:
        """Take the change back."""
        self.failed_last = False
        if self._skip_next_undo:
            self._skip_next_undo = False
            return
        error = self._run(self._revert)
        if error is not None:
            self._after_failure(error, undone=True)

    def _after_failure(self, error: AnnotatorError, *, undone: bool) -> None:
        """The stack is about to move but the project did not: keep the step, or drop it.

        A project that could not be written (busy, read-only) or a refusal the user can fix keeps the
        step (undo_step/redo_step move the stack back), so it can be tried again; a step whose data
        changed behind its back is dropped.
        """
        if isinstance(error, ProjectError | InvalidInput):
            self.failed_last = True
        else:
            self.setObsolete(True)

    def _run(self, step: Callable[[], None]) -> AnnotatorError | None:
        try:
            step()
        except AnnotatorError as exc:
            self._events.report(exc)
            return exc
        self._announce()
        self._events.saved.emit()
        return None

    def _announce(self) -> None:
        """Tell the panels what changed beyond what `_apply`/`_revert` already emitted."""

    def _first(self) -> None:
        self._apply()

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError


def push_command(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Run a new command and put it on the undo stack only if the change was made."""
    if not command.execute_first():
        return False
    stack.push(command)
    return True


class UndoStack(QUndoStack):
    """The window's undo stack; says which step undo or redo took, for the status bar."""

    step_taken = Signal(str)  # e.g. "Undone: Add annotation"


def undo_step(stack: QUndoStack) -> None:
    """Undo one step; if it could not be made, the stack stays where the project is."""
    if not stack.canUndo():
        return
    command = stack.command(stack.index() - 1)
    stack.undo()
    if isinstance(command, ServiceCommand) and command.failed_last:
        command.failed_last = False
        command._skip_next_redo = True  # back to "done" without touching the project
        stack.redo()
    elif isinstance(stack, UndoStack):
        stack.step_taken.emit(f"Undone: {command.text()}")


def redo_step(stack: QUndoStack) -> None:
    """Redo one step; if it could not be made, the stack stays where the project is."""
    if not stack.canRedo():
        return
    command = stack.command(stack.index())
    stack.redo()
    if isinstance(command, ServiceCommand) and command.failed_last:
        command.failed_last = False
        command._skip_next_undo = True
        stack.undo()
    elif isinstance(stack, UndoStack):
        stack.step_taken.emit(f"Redone: {command.text()}")


class StepAction(QAction):
    """An Undo or Redo action named after the step it would take (disconnects when deleted)."""

    def __init__(self, stack: QUndoStack, verb: str, parent: QObject) -> None:
        super().__init__(f"&{verb}", parent)
        # A weak reference: the action must not decide when the stack (and its commands) go away.
        self._stack = weakref.ref(stack)
        self._verb = verb
        undo = verb == "Undo"
        (stack.canUndoChanged if undo else stack.canRedoChanged).connect(self.setEnabled)
        (stack.undoTextChanged if undo else stack.redoTextChanged).connect(self._on_stack_text_changed)
        self.triggered.connect(self._on_self_triggered)
        self.setEnabled(stack.canUndo() if undo else stack.canRedo())

    def _on_stack_text_changed(self, text: str) -> None:
        self.setText(f"&{self._verb} {text}".rstrip())

    def _on_self_triggered(self) -> None:
        stack = self._stack()
        if stack is not None:
            (undo_step if self._verb == "Undo" else redo_step)(stack)


def undo_redo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """Undo and Redo actions for menus and buttons, with the usual keys."""
    undo = StepAction(stack, "Undo", parent)
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = StepAction(stack, "Redo", parent)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    return undo, redo


class AddAnnotationCommand(ServiceCommand):
    """Label one span."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        document_id: int,
        label_id: int,
        annotator: str,
        start: int,
        end: int,
    ) -> None:
        super().__init__(project, events, "Add annotation")
        self._args = (document_id, label_id, annotator, start, end)
        self._snapshot: AnnotationInfo | None = None

    @property
    def annotation(self) -> AnnotationInfo | None:
        """The annotation as last added or removed by this command."""
        return self._snapshot

    def _apply(self) -> None:
        if self._snapshot is None:
            document_id, label_id, annotator, start, end = self._args
            added = service.add_annotation(
                self._project, document_id, label_id, annotator, start, end
            )
            self.setText(f"Add «{added.label}»")
        else:  # put back the same annotation: later commands refer to its id
            added = service.restore_annotation(self._project, self._snapshot)
        self._snapshot = added
        self._events.annotations_added.emit((added,))

    def _revert(self) -> None:
        assert self._snapshot is not None
        self._snapshot = service.delete_annotation(self._project, self._snapshot.id)
        self._events.annotations_removed.emit((self._snapshot,))


class AddManyStep(ServiceCommand):
    """Base: add annotations in one step; redo puts back the same ones, undo removes them."""

    def __init__(self, project: Project, events: ProjectEvents, text: str) -> None:
        super().__init__(project, events, text)
        self._snapshots: tuple[AnnotationInfo, ...] | None = None

    @property
    def annotations(self) -> tuple[AnnotationInfo, ...]:
        """The annotations this command added (as last added or removed)."""
        return self._snapshots or ()

    def _add_first(self) -> tuple[AnnotationInfo, ...]:
        """Add the annotations the first time and name the step (refuse if none is new)."""
        raise NotImplementedError

    def _apply(self) -> None:
        if self._snapshots is None:
            added = self._add_first()
        else:  # the same annotations again: later steps may refer to their ids
            added = tuple(service.restore_annotations(self._project, self._snapshots))
        self._snapshots = added
        self._events.annotations_added.emit(added)

    def _revert(self) -> None:
        assert self._snapshots is not None
        ids = [a.id for a in self._snapshots]
        self._snapshots = tuple(service.delete_annotations(self._project, ids))
        self._events.annotations_removed.emit(self._snapshots)


class AddAnnotationsCommand(AddManyStep):
    """Label many spans in one step (spans that already have the label are skipped)."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        document_id: int,
        label_id: int,
        annotator: str,
        spans: Sequence[tuple[int, int]],
    ) -> None:
        super().__init__(project, events, "Label matches")
        self._args = (document_id, label_id, annotator, list(spans))

    def _add_first(self) -> tuple[AnnotationInfo, ...]:
        document_id, label_id, annotator, spans = self._args
        added = tuple(
            service.add_annotations(self._project, document_id, label_id, annotator, spans)
        )
        if not added:
            raise InvalidInput(NOTHING_NEW)
        noun = "match" if len(added) == 1 else "matches"
        self.setText(f"Label {len(added)} {noun} as «{added[0].label}»")
        return added


class DeleteAnnotationsCommand(ServiceCommand):
    """Delete annotations with their links and reviews; undo puts all of it back as it was."""

    def __init__(self, project: Project, events: ProjectEvents, ids: Sequence[int]) -> None:
        count = len(ids)
        super().__init__(
            project, events, "Delete annotation" if count == 1 else f"Delete {count} annotations"
        )
        self._ids = list(dict.fromkeys(ids))
        self._deleted = DeletedAnnotations(())

    @property
    def annotations(self) -> tuple[AnnotationInfo, ...]:
        """The annotations as they were when deleted."""
        return self._deleted.annotations

    @property
    def deleted(self) -> DeletedAnnotations:
        """Everything the last deletion removed: annotations, links, reviews."""
        return self._deleted

    def _apply(self) -> None:
        if not self._ids:
            raise InvalidInput(NOTHING_SELECTED)
        deleted = service.delete_annotations_with_dependents(self._project, self._ids)
        if len(deleted.annotations) == 1:
            self.setText(f"Delete «{deleted.annotations[0].label}»")
        self._deleted = deleted
        self._events.annotations_removed.emit(deleted.annotations)

    def _revert(self) -> None:
        restored = service.restore_annotations_with_dependents(self._project, self._deleted)
        self._events.annotations_added.emit(restored.annotations)


class _EditCommand(ServiceCommand):
    """Base of relabel and note edits: undo restores label, note and update time."""

    def __init__(self, project: Project, events: ProjectEvents, annotation_id: int, text: str):
        super().__init__(project, events, text)
        self._annotation_id = annotation_id
        self._edit: AnnotationEdit | None = None

    @property
    def edit(self) -> AnnotationEdit | None:
        """The annotation before and after the last time the change was made."""
        return self._edit

    def _change(self) -> AnnotationEdit:
        raise NotImplementedError

    def _apply(self) -> None:
        self._edit = self._change()
        self._events.annotations_updated.emit((self._edit.after,))

    def _revert(self) -> None:
        assert self._edit is not None
        reverted = service.revert_annotation_edit(self._project, self._edit)
        self._events.annotations_updated.emit((reverted,))


class RelabelAnnotationCommand(_EditCommand):
    """Give an annotation another label."""

    def __init__(
        self, project: Project, events: ProjectEvents, annotation_id: int, label_id: int
    ) -> None:
        super().__init__(project, events, annotation_id, "Change label")
        self._label_id = label_id

    def _change(self) -> AnnotationEdit:
        edit = service.relabel_annotation(self._project, self._annotation_id, self._label_id)
        self.setText(f"Change «{edit.before.label}» to «{edit.after.label}»")
        return edit


class EditNoteCommand(_EditCommand):
    """Replace an annotation's note."""

    def __init__(
        self, project: Project, events: ProjectEvents, annotation_id: int, note: str
    ) -> None:
        super().__init__(
            project, events, annotation_id, "Edit note" if note.strip() else "Clear note"
        )
        self._note = note

    def _change(self) -> AnnotationEdit:
        return service.set_annotation_note(self._project, self._annotation_id, self._note)
