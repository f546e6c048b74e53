"""Undoable changes to annotations in the article: label, label many, delete, relabel, edit a note.

Each step keeps UUIDs and snapshots (see `annotator.ui.undo_stack`) and checks its rows before acting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.deletion import DeletedAnnotations
from annotator.domain.errors import InvalidInput
from annotator.domain.records import AnnotationEdit, AnnotationInfo
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.services import Project
from annotator.services import annotations as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import NOTHING_NEW, NOTHING_SELECTED, ServiceCommand


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
        super().__init__(project, events, _("Add annotation"))
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
            self.setText(_("Add «{label}»").format(label=added.label))
        else:  # put back the same annotation (same UUID): later steps find it by UUID
            added = service.restore_annotation(self._project, self._snapshot)
        self._snapshot = added
        self._events.annotations_added.emit((added,))

    def _revert(self) -> None:
        assert self._snapshot is not None
        (self._snapshot,) = service.take_back_annotations(self._project, [self._snapshot])
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
        else:  # the same annotations again (same UUIDs): later steps find them by UUID
            added = tuple(service.restore_annotations(self._project, self._snapshots))
        self._snapshots = added
        self._events.annotations_added.emit(added)

    def _revert(self) -> None:
        assert self._snapshots is not None
        self._snapshots = tuple(service.take_back_annotations(self._project, self._snapshots))
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
        super().__init__(project, events, _("Label matches"))
        self._args = (document_id, label_id, annotator, list(spans))

    def _add_first(self) -> tuple[AnnotationInfo, ...]:
        document_id, label_id, annotator, spans = self._args
        added = tuple(
            service.add_annotations(self._project, document_id, label_id, annotator, spans)
        )
        if not added:
            raise InvalidInput(_(NOTHING_NEW))
        self.setText(ntext(len(added), "Label {count} match as «{label}»",
                           "Label {count} matches as «{label}»", label=added[0].label))
        return added


class DeleteAnnotationsCommand(ServiceCommand):
    """Delete annotations with their links and reviews; undo puts all of it back as it was.

    The first run deletes the annotations the window names by id; redo deletes the same ones
    again, found by UUID.
    """

    def __init__(self, project: Project, events: ProjectEvents, ids: Sequence[int]) -> None:
        count = len(ids)
        super().__init__(
            project, events, ntext(count, "Delete annotation", "Delete {count} annotations")
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

    def _first(self) -> None:
        if not self._ids:
            raise InvalidInput(_(NOTHING_SELECTED))
        deleted = service.delete_annotations_with_dependents(self._project, self._ids)
        if len(deleted.annotations) == 1:
            self.setText(_("Delete «{label}»").format(label=deleted.annotations[0].label))
        self._ids = []  # from now on by UUID
        self._deleted = deleted
        self._events.annotations_removed.emit(deleted.annotations)

    def _apply(self) -> None:
        self._deleted = service.delete_annotation_snapshots(self._project, self._deleted)
        self._events.annotations_removed.emit(self._deleted.annotations)

    def _revert(self) -> None:
        self._deleted = service.restore_annotations_with_dependents(self._project, self._deleted)
        self._events.annotations_added.emit(self._deleted.annotations)


class _EditCommand(ServiceCommand):
    """Base of relabel and note edits: undo restores label, note and update time.

    The first run edits the annotation the window names by id; undo and redo find it by UUID
    and move it between exactly the before and after states (update times included).
    """

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

    def _first(self) -> None:
        self._edit = self._change()
        self._events.annotations_updated.emit((self._edit.after,))

    def _apply(self) -> None:
        assert self._edit is not None
        self._edit = service.reapply_annotation_edit(self._project, self._edit)
        self._events.annotations_updated.emit((self._edit.after,))

    def _revert(self) -> None:
        assert self._edit is not None
        reverted = service.revert_annotation_edit(self._project, self._edit)
        self._edit = AnnotationEdit(before=reverted, after=replace(self._edit.after, id=reverted.id))
        self._events.annotations_updated.emit((reverted,))


class RelabelAnnotationCommand(_EditCommand):
    """Give an annotation another label."""

    def __init__(
        self, project: Project, events: ProjectEvents, annotation_id: int, label_id: int
    ) -> None:
        super().__init__(project, events, annotation_id, _("Change label"))
        self._label_id = label_id

    def _change(self) -> AnnotationEdit:
        edit = service.relabel_annotation(self._project, self._annotation_id, self._label_id)
        self.setText(_("Change «{before}» to «{after}»").format(
            before=edit.before.label, after=edit.after.label))
        return edit


class EditNoteCommand(_EditCommand):
    """Replace an annotation's note."""

    def __init__(
        self, project: Project, events: ProjectEvents, annotation_id: int, note: str
    ) -> None:
        super().__init__(
            project, events, annotation_id, _("Edit note") if note.strip() else _("Clear note")
        )
        self._note = note

    def _change(self) -> AnnotationEdit:
        return service.set_annotation_note(self._project, self._annotation_id, self._note)
