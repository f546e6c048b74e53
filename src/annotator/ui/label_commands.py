"""Undoable changes to the codebook: add, edit and reorder labels.

Each command runs its first change in `execute_first()`; only when that succeeds is it pushed on
the undo stack (whose first `redo()` is then skipped). Every redo or undo emits `labels_changed`
and `saved`, or `refused` / `failed` with the reason (and the command is then dropped from the
stack).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.records import LabelInfo
from annotator.services import Project
from annotator.services.labels import (
    add_label,
    delete_unused_label,
    reinsert_label,
    reorder_labels,
    restore_label,
    update_label,
)
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_commands import ServiceCommand

#: Keep an `update_label` keyword unchanged (its `shortcut` default means "keep the key").
KEEP = object()


class LabelCommand(ServiceCommand):
    """Base of the codebook commands: every step also announces `labels_changed`."""

    def _announce(self) -> None:
        self._events.labels_changed.emit()


class AddLabelCommand(LabelCommand):
    """Add a label at the end of the codebook; undo deletes it, but never while it is in use.

    Redo puts the same label back (same id, UUID and position), so later commands still find it.
    """

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

    def _apply(self) -> None:
        if self.label is not None:
            self.label = reinsert_label(self._project, self.label)

    def _revert(self) -> None:
        if self.label is not None:
            self.label = delete_unused_label(self._project, self.label.id)


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

    def _apply(self) -> None:
        if self.after is not None:
            restore_label(self._project, self.after)

    def _revert(self) -> None:
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

    def _apply(self) -> None:
        reorder_labels(self._project, self._after)

    def _revert(self) -> None:
        reorder_labels(self._project, self._before)
