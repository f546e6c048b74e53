"""Undoable changes to the codebook: add, edit and reorder labels.

Each command runs its first change in `execute_first()`; only when that succeeds is it pushed on
the undo stack (whose first `redo()` is then skipped). Every redo or undo emits `labels_changed`
and `saved`, or `refused` / `failed` with the reason (see `undo_commands` for what happens to
the step then).

Undo and redo find labels by UUID, never by the id the step first saw (a label deleted by an
undo may see its id given to a colleague's label by a merge), and refuse to overwrite a label
that was changed since by others.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.records import LabelInfo
from annotator.i18n import _
from annotator.services import Project
from annotator.services.labels import (
    add_label,
    reinsert_label,
    reorder_labels,
    reorder_labels_by_uuid,
    restore_label,
    take_back_label,
    update_label,
)
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand

#: Keep an `update_label` keyword unchanged (its `shortcut` default means "keep the key").
KEEP = object()


class LabelCommand(ServiceCommand):
    """Base of the codebook commands: every step also announces `labels_changed`."""

    def _announce(self) -> None:
        self._events.labels_changed.emit()


class AddLabelCommand(LabelCommand):
    """Add a label at the end of the codebook; undo deletes it, but never while it is in use.

    Redo puts the same label back (same UUID and position), so later commands still find it.
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
        super().__init__(project, events, _("Add label «{label}»").format(label=name.strip()))
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
            self.label = take_back_label(self._project, self.label)


class UpdateLabelCommand(LabelCommand):
    """Rename, recolour, re-key, redefine or change the kind of one label; undo restores it as
    it was."""

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
        kind: str | None = None,
    ) -> None:
        super().__init__(project, events, text)
        self._label_id = label_id
        self._changes: dict[str, object] = {"name": name, "color": color, "definition": definition,
                                            "kind": kind}
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
            restore_label(self._project, self.after, expected=self.before)

    def _revert(self) -> None:
        if self.before is not None:
            restore_label(self._project, self.before, expected=self.after)


class ReorderLabelsCommand(LabelCommand):
    """Set the display order of the codebook; undo puts the previous order back."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        before_ids: Sequence[int],
        after_ids: Sequence[int],
        text: str | None = None,
    ) -> None:
        super().__init__(project, events, _("Reorder labels") if text is None else text)
        self._before_ids = tuple(before_ids)
        self._after_ids = tuple(after_ids)
        self._before: tuple[str, ...] = ()  # UUIDs, once the first run has read them
        self._after: tuple[str, ...] = ()

    def _first(self) -> None:
        labels = reorder_labels(self._project, self._after_ids)
        uuid_of = {lab.id: lab.uuid for lab in labels}
        self._after = tuple(lab.uuid for lab in labels)
        self._before = tuple(uuid_of[i] for i in self._before_ids if i in uuid_of)

    def _apply(self) -> None:
        reorder_labels_by_uuid(self._project, self._after)

    def _revert(self) -> None:
        reorder_labels_by_uuid(self._project, self._before)
