"""The undo history: each step calls a service and announces what changed.

Commands keep UUIDs and snapshots (with their update times), never bare row ids: SQLite gives a
deleted row's id to the next row inserted, which may be a colleague's. A step's first run acts
on what the window shows; every undo and redo finds its rows by UUID and acts only on rows that
are still as the step left them.

Run a new command with `push_command`, which keeps a refused change off the undo stack, and
undo or redo with `undo_step` / `redo_step`, which keep the stack where the project is:

- the project file could not be written (busy, read-only): announced as `events.failed`; the
  step stays, to be tried again;
- a refusal that may pass later (a label still in use, a span someone labelled meanwhile):
  announced as `events.refused`; the step stays and the stack does not move;
- a step that can never apply again (what it changed is gone, or was changed since by others):
  announced as `events.refused` and dropped from the history; the stack does not move past it.

While a write runs in the background (a merge, an import: `ui/widgets/background.py`), the
stack is held (`UndoStack.hold`): `push_command`, `undo_step` and `redo_step` refuse with the
holder's message (announced as `events.refused`, shown in the status bar) and change nothing, so
no change waits behind the other writer or is lost; reading stays possible.

Writes the history did not make (a merge in this window, another program on the same file) do
not clear it: its steps stay, since each checks its rows first. `undo_step` / `redo_step` notice
another program's writes (`services.changes`), have the window re-read the project, and say so
in the status bar; a merge says so in its own message.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from annotator.domain.errors import AnnotatorError, ChangedSince, NotFound, describe
from annotator.i18n import N_, _
from annotator.services import Project
from annotator.ui.events import ProjectEvents

if TYPE_CHECKING:
    from annotator.services.changes import OutsideWrites

NOTHING_NEW = N_("every match already has this label")
NOTHING_SELECTED = N_("no annotation is selected")
OUTSIDE_WRITE = N_(
    "The project was changed by another program meanwhile: the window shows it as it is now, "
    "and each undo or redo checks its annotations first"
)


class ServiceCommand(QUndoCommand):
    """Base: `_apply` and `_revert` call services and emit events; errors become messages."""

    def __init__(self, project: Project, events: ProjectEvents, text: str) -> None:
        super().__init__(text)
        self._project = project
        self._events = events
        self._skip_next_redo = False
        self._skip_next_undo = False
        self.failed_last = False  # the last undo/redo could not be made; see undo_step/redo_step
        self.dropped = False  # the step can never apply again and left the stack

    @property
    def project(self) -> Project:
        """The project the step changes."""
        return self._project

    @property
    def events(self) -> ProjectEvents:
        """Where the step announces what it changed."""
        return self._events

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
        self._attempt(self._apply, _("not redone"))

    def undo(self) -> None:
        """Take the change back."""
        self.failed_last = False
        if self._skip_next_undo:
            self._skip_next_undo = False
            return
        self._attempt(self._revert, _("not undone"))

    def _attempt(self, step: Callable[[], None], outcome: str) -> None:
        try:
            error = self._run(step, outcome)
        except Exception:
            self.failed_last = True  # a bug: the stack still goes back to where the project is
            raise
        if error is not None:
            self._after_failure(error)

    def _after_failure(self, error: AnnotatorError) -> None:
        """The stack is about to move but the project did not: keep the step, or drop it.

        A step whose rows are gone or were changed since can never apply: it is dropped (Qt
        removes it without moving the stack past it). Any other refusal keeps it (undo_step and
        redo_step move the stack back), so that it can be tried again.
        """
        if isinstance(error, NotFound | ChangedSince):
            self.dropped = True
            self.setObsolete(True)
        else:
            self.failed_last = True

    def _run(self, step: Callable[[], None], outcome: str = "") -> AnnotatorError | None:
        try:
            step()
        except AnnotatorError as exc:
            if isinstance(exc, ChangedSince) and outcome:
                exc = ChangedSince(_("{error}; {outcome}").format(error=describe(exc), outcome=outcome))
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


def held_refusal(stack: QUndoStack, events: ProjectEvents | None) -> bool:
    """True (and the reason announced on `events`) while a background write holds the stack."""
    reason = stack.held_by if isinstance(stack, UndoStack) else None
    if reason is None:
        return False
    if events is not None:
        events.refused.emit(reason)
    return True


def push_command(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Run a new command and put it on the undo stack only if the change was made (and no
    background write holds the stack)."""
    if held_refusal(stack, command.events):
        return False
    if not command.execute_first():
        return False
    stack.push(command)
    return True


class UndoStack(QUndoStack):
    """The window's undo stack; says which step undo or redo took, for the status bar.

    With `watch`, it also notices writes by other programs between two steps (see the module).
    """

    step_taken = Signal(str)  # e.g. "Undone: Add annotation"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watch: OutsideWrites | None = None
        self._seen = 0
        self._held_by: str | None = None

    @property
    def held_by(self) -> str | None:
        """Why changes are refused now (a background write runs), or None."""
        return self._held_by

    def hold(self, reason: str) -> None:
        """Refuse every step with `reason` until `release` (a background write runs)."""
        self._held_by = reason

    def release(self) -> None:
        """Let steps run again."""
        self._held_by = None

    def watch(self, project: Project) -> None:
        """Notice other programs' writes to `project` from now on (stop before closing it).

        A project the watch cannot open is not watched: its steps still check their rows.
        """
        from annotator.services.changes import watch_outside_writes

        self.stop_watching()
        try:
            self._watch = watch_outside_writes(project)
        except AnnotatorError:
            return
        self._seen = self._watch.count()

    def stop_watching(self) -> None:
        """Let go of the project file's watch (before the project is closed)."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def written_elsewhere(self) -> bool:
        """True once if another program wrote to the project since the stack last looked."""
        if self._watch is None:
            return False
        count = self._watch.count()
        changed, self._seen = count != self._seen, count
        return changed


def _before_step(stack: QUndoStack, command: QUndoCommand) -> bool:
    """Before a step: if another program wrote, have the window re-read the project; True if so."""
    if not isinstance(stack, UndoStack) or not isinstance(command, ServiceCommand):
        return False
    try:
        outside = stack.written_elsewhere()
    except AnnotatorError as exc:
        command.events.report(exc)
        return False
    if outside:
        command.events.contents_changed.emit()
    return outside


def _step(stack: QUndoStack, undo: bool) -> None:
    """Undo or redo one step and keep the stack where the project is."""
    index = stack.index() - 1 if undo else stack.index()
    command = stack.command(index)
    if held_refusal(stack, command.events if isinstance(command, ServiceCommand) else None):
        return
    text = command.text()
    outside = _before_step(stack, command)
    service_step = isinstance(command, ServiceCommand)
    failed = False
    try:
        stack.undo() if undo else stack.redo()
    finally:
        if service_step and command.failed_last:  # the project did not move: nor does the stack
            failed, command.failed_last = True, False
            if undo:
                command._skip_next_redo = True  # back to "done" without touching the project
                stack.redo()
            else:
                command._skip_next_undo = True
                stack.undo()
    if failed or (service_step and command.dropped):
        return  # the refusal was announced; a dropped step was removed by Qt
    if isinstance(stack, UndoStack):
        done = (_("Undone: {step}") if undo else _("Redone: {step}")).format(step=text)
        stack.step_taken.emit(f"{done}. {_(OUTSIDE_WRITE)}" if outside else done)


def undo_step(stack: QUndoStack) -> None:
    """Undo one step; if it could not be made, the stack stays where the project is."""
    if stack.canUndo():
        _step(stack, undo=True)


def redo_step(stack: QUndoStack) -> None:
    """Redo one step; if it could not be made, the stack stays where the project is."""
    if stack.canRedo():
        _step(stack, undo=False)


#: What the Undo and Redo actions read, without and with the step they would take.
_STEP_TEXTS = {"Undo": (N_("&Undo"), N_("&Undo {step}")), "Redo": (N_("&Redo"), N_("&Redo {step}"))}


class StepAction(QAction):
    """An Undo or Redo action named after the step it would take (disconnects when deleted)."""

    def __init__(self, stack: QUndoStack, verb: str, parent: QObject) -> None:
        super().__init__(_(_STEP_TEXTS[verb][0]), parent)
        # A weak reference: the action must not decide when the stack (and its commands) go away.
        self._stack = weakref.ref(stack)
        self._verb = verb
        undo = verb == "Undo"
        (stack.canUndoChanged if undo else stack.canRedoChanged).connect(self.setEnabled)
        (stack.undoTextChanged if undo else stack.redoTextChanged).connect(self._on_stack_text_changed)
        self.triggered.connect(self._on_self_triggered)
        self.setEnabled(stack.canUndo() if undo else stack.canRedo())

    def _on_stack_text_changed(self, text: str) -> None:
        plain, named = _STEP_TEXTS[self._verb]
        self.setText(_(named).format(step=text) if text.strip() else _(plain))

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
