"""The annotation workspace: the current document, its highlights, its table, and labelling."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.domain.deletion import describe_deletion
from annotator.domain.errors import AnnotatorError
from annotator.domain.records import AnnotationInfo, DocumentInfo, LabelInfo
from annotator.domain.spans import snap_to_words
from annotator.services import Project
from annotator.services.annotations import list_annotations
from annotator.services.documents import get_document, get_document_text, list_documents
from annotator.services.labels import list_labels
from annotator.ui.annotation_menu import MenuExtra, annotation_menu, hover_text, view_span
from annotator.ui.document_list import DocumentListPanel
from annotator.ui.document_view import DocumentView
from annotator.ui.events import ProjectEvents
from annotator.ui.find_bar import FindBar
from annotator.ui.tag_panel import TagPanel
from annotator.ui.undo_commands import (
    AddAnnotationCommand,
    AddAnnotationsCommand,
    DeleteAnnotationsCommand,
    EditNoteCommand,
    RelabelAnnotationCommand,
    push_command,
)


class Workspace(QObject):
    """Connects the document list, the article view, the find bar and the tag panel to the project."""

    document_shown = Signal(int)  # document id
    message_posted = Signal(str)  # a short status-bar message
    layers_changed = Signal()  # the current annotator or the hidden annotators changed

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        undo_stack: QUndoStack,
        annotator: str,
        documents: DocumentListPanel,
        view: DocumentView,
        find_bar: FindBar,
        tags: TagPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.events = events
        self.undo_stack = undo_stack
        self._annotator = annotator
        self._hidden: frozenset[str] = frozenset()  # annotators whose spans are not shown
        self.snap_to_words = True
        self._documents = documents
        self._view = view
        self._find = find_bar
        self._tags = tags
        self._labels: list[LabelInfo] = []
        self._document: DocumentInfo | None = None
        self._annotations: dict[int, AnnotationInfo] = {}
        self._tooltips: dict[int, str] = {}
        self._syncing = False
        #: Called with the highlight's right-click menu and its annotation, to add entries.
        self.context_menu_extras: list[MenuExtra] = []

        documents.document_selected.connect(self._on_documents_document_selected)
        view.annotation_clicked.connect(self._on_view_annotation_clicked)
        view.annotation_context_requested.connect(self._on_view_annotation_context_requested)
        tags.labels.label_clicked.connect(self.label_selection)
        tags.table.annotation_selected.connect(self._on_table_annotation_selected)
        tags.table.delete_requested.connect(self.delete_annotations)
        tags.model.label_change_requested.connect(self.relabel)
        tags.model.note_change_requested.connect(self.set_note)
        find_bar.matches_changed.connect(self._on_find_matches_changed)
        find_bar.match_activated.connect(self._on_find_match_activated)
        find_bar.label_all_requested.connect(self._on_find_label_all_requested)
        events.annotations_added.connect(self._on_events_annotations_added)
        events.annotations_removed.connect(self._on_events_annotations_removed)
        events.annotations_updated.connect(self._on_events_annotations_updated)
        events.labels_changed.connect(self.reload_labels)
        events.documents_changed.connect(self.reload_documents)
        events.contents_changed.connect(self.reload_labels)

    # ----- loading --------------------------------------------------------------------------

    @property
    def labels(self) -> list[LabelInfo]:
        """The codebook in display order."""
        return list(self._labels)

    @property
    def document(self) -> DocumentInfo | None:
        """The document shown, if any."""
        return self._document

    @property
    def annotation_count(self) -> int:
        """How many annotations the shown document has."""
        return len(self._annotations)

    @property
    def hidden_annotation_count(self) -> int:
        """How many of them belong to hidden annotators (not drawn, not listed)."""
        return sum(not self._shown(a) for a in self._annotations.values())

    @property
    def annotations(self) -> list[AnnotationInfo]:
        """The annotations of the document shown, in reading order."""
        return sorted(self._annotations.values(), key=lambda a: (a.start, -a.end, a.id))

    @property
    def annotator(self) -> str:
        """Who new annotations are by; their spans are filled, everyone else's underlined."""
        return self._annotator

    @annotator.setter
    def annotator(self, name: str) -> None:
        if name != self._annotator:
            self._annotator = name
            self._redraw_layers()

    @property
    def hidden_annotators(self) -> frozenset[str]:
        """Annotators whose spans are neither drawn nor listed (never the current annotator)."""
        return self._hidden

    def set_hidden_annotators(self, names: Iterable[str]) -> None:
        """Hide these annotators' spans and table rows; show everyone else's."""
        hidden = frozenset(names)
        if hidden != self._hidden:
            self._hidden = hidden
            self._redraw_layers()

    def _shown(self, ann: AnnotationInfo) -> bool:
        return ann.annotator == self._annotator or ann.annotator not in self._hidden

    def _redraw_layers(self) -> None:
        """Draw the shown document again for a new annotator or new hidden annotators."""
        if self._document is not None:
            shown = [a for a in self.annotations if self._shown(a)]
            self._tooltips = {a.id: hover_text(a, a.annotator == self._annotator) for a in shown}
            others = [a.id for a in shown if a.annotator != self._annotator]
            self._view.set_spans([view_span(a) for a in shown], self._colors(), self._tooltips, others)
            self._tags.set_document(self._view.stored_text, shown, self._labels, self._document.id)
        self.layers_changed.emit()

    def load(self, preferred_document_uuid: str | None = None) -> None:
        """Read the codebook and the document list, then show the preferred or first document."""
        self._labels = list_labels(self.project)
        self._tags.set_labels(self._labels)
        self._find.set_labels(self._labels)
        docs = list_documents(self.project)
        self._documents.set_documents(docs)
        chosen = next((d for d in docs if d.uuid == preferred_document_uuid), docs[0] if docs else None)
        if chosen is not None:
            self._documents.select_document(chosen.id)
            if self._document is None or self._document.id != chosen.id:
                self.show_document(chosen.id)

    def reload_documents(self) -> None:
        """Refresh the document list after an import or a details edit; keep the current document."""
        current = self._document.uuid if self._document else None
        docs = list_documents(self.project)
        self._documents.set_documents(docs)
        keep = next((d for d in docs if d.uuid == current), docs[0] if docs else None)
        if keep is not None:
            self._documents.select_document(keep.id)
            if self._document is None:
                self.show_document(keep.id)
            elif keep.id == self._document.id:
                self._document = keep  # its details (title, date...) as stored now

    def reload_labels(self) -> None:
        """The codebook changed: rebuild buttons and re-read annotations (a deleted label takes some)."""
        self._labels = list_labels(self.project)
        self._tags.set_labels(self._labels)
        self._find.set_labels(self._labels)
        self.reload_documents()
        if self._document is not None:
            self.show_document(self._document.id, keep_scroll=True)

    def show_document(self, document_id: int, keep_scroll: bool = False) -> None:
        """Display a document with its highlights and annotations."""
        doc = get_document(self.project, document_id)
        text = get_document_text(self.project, document_id)
        anns = list_annotations(self.project, document_id)
        scroll = self._view.verticalScrollBar().value()
        self._document = doc
        self._annotations = {a.id: a for a in anns}
        shown = [a for a in anns if self._shown(a)]
        self._tooltips = {a.id: hover_text(a, a.annotator == self._annotator) for a in shown}
        spans = [view_span(a) for a in shown]
        others = [a.id for a in shown if a.annotator != self._annotator]
        self._view.set_document(text, spans, self._colors(), self._tooltips, others)
        if keep_scroll:
            self._view.verticalScrollBar().setValue(scroll)
        self._tags.set_document(text, shown, self._labels, document_id)
        self._find.set_text(text)
        self.document_shown.emit(document_id)

    def _colors(self) -> dict[int, str]:
        return {lab.id: lab.color for lab in self._labels}

    def _apply(self, added: list[AnnotationInfo], removed: list[AnnotationInfo]) -> None:
        """Bring the shown annotations, their tooltips and their highlights up to date."""
        for ann in removed:
            self._annotations.pop(ann.id, None)
            self._tooltips.pop(ann.id, None)
        removed = [a for a in removed if self._shown(a)]
        for ann in added:
            self._annotations[ann.id] = ann
        added = [a for a in added if self._shown(a)]
        for ann in added:
            self._tooltips[ann.id] = hover_text(ann, ann.annotator == self._annotator)
        others = [a.id for a in added if a.annotator != self._annotator]
        self._view.change_spans(
            [view_span(a) for a in added], [view_span(a) for a in removed], self._tooltips, others
        )

    def refresh_tooltips(self, extra_lines: Callable[[AnnotationInfo], list[str]]) -> None:
        """Rebuild the shown highlights' tooltips with lines a feature adds (e.g. their links)."""
        for annotation_id in list(self._tooltips):
            ann = self._annotations.get(annotation_id)
            if ann is not None:
                lines = [hover_text(ann, ann.annotator == self._annotator), *extra_lines(ann)]
                self._tooltips[annotation_id] = "\n".join(lines)
        self._view.change_spans([], [], self._tooltips)

    # ----- labelling ------------------------------------------------------------------------

    def label_for_key(self, key: str) -> LabelInfo | None:
        """The label whose shortcut is `key`."""
        return next((lab for lab in self._labels if lab.shortcut == key), None)

    def label_selection(self, label_id: int) -> bool:
        """Label the selected text (grown to whole words if snapping is on); True if saved."""
        if self._document is None:
            self.message_posted.emit("Open a document first")
            return False
        selected = self._view.selected_range()
        if selected is None:
            self.message_posted.emit("Select some text first, then press a label's key")
            return False
        start, end = selected
        if self.snap_to_words:
            snapped = snap_to_words(self._view.stored_text, start, end)
            if snapped is None:
                self.message_posted.emit("The selection holds no word to label")
                return False
            start, end = snapped
        command = AddAnnotationCommand(
            self.project, self.events, self._document.id, label_id, self.annotator, start, end
        )
        return push_command(self.undo_stack, command)

    def label_key(self, key: str) -> bool:
        """Handle a label shortcut key."""
        label = self.label_for_key(key)
        if label is None:
            self.message_posted.emit(f"No label has the key {key}")
            return False
        return self.label_selection(label.id)

    def delete_annotations(self, annotation_ids: Iterable[int]) -> bool:
        """Delete annotations as one undoable step."""
        ids = tuple(annotation_ids)
        if not ids:
            self.message_posted.emit("Select an annotation to delete (click its highlight or row)")
            return False
        command = DeleteAnnotationsCommand(self.project, self.events, ids)
        if not push_command(self.undo_stack, command):
            return False
        if command.deleted.links or command.deleted.reviews:  # say what went with the spans
            self.message_posted.emit(describe_deletion(command.deleted))
        return True

    def delete_selected(self) -> bool:
        """Delete the annotations selected in the table."""
        return self.delete_annotations(self._tags.table.selected_annotation_ids())

    def relabel(self, annotation_id: int, label_id: int) -> bool:
        """Give an annotation another label (undoable)."""
        ann = self._annotations.get(annotation_id)
        if ann is not None and ann.label_id == label_id:
            return False
        command = RelabelAnnotationCommand(self.project, self.events, annotation_id, label_id)
        return push_command(self.undo_stack, command)

    def set_note(self, annotation_id: int, note: str) -> bool:
        """Change an annotation's note (undoable)."""
        ann = self._annotations.get(annotation_id)
        if ann is not None and ann.note == note:
            return False
        return push_command(self.undo_stack, EditNoteCommand(self.project, self.events, annotation_id, note))

    def edit_note_interactively(self, annotation_id: int, parent: QWidget) -> None:
        """Ask for a new note for an annotation."""
        ann = self._annotations.get(annotation_id)
        if ann is None:
            return
        note, ok = QInputDialog.getMultiLineText(parent, "Note", f"Note on «{ann.label}»:", ann.note)
        if ok:
            self.set_note(annotation_id, note.strip())

    def _on_find_label_all_requested(self, label_id: int, spans: list[tuple[int, int]]) -> None:
        if self._document is None or not spans:
            return
        command = AddAnnotationsCommand(
            self.project, self.events, self._document.id, label_id, self.annotator, list(spans)
        )
        push_command(self.undo_stack, command)

    # ----- events from the project ---------------------------------------------------------

    def _on_events_annotations_added(self, added: tuple[AnnotationInfo, ...]) -> None:
        self._count_changes(added, +1)
        mine = [a for a in added if self._document and a.document_id == self._document.id]
        if not mine:
            return
        self._apply(mine, [])
        self._tags.model.add_annotations([a for a in mine if self._shown(a)])
        self._select_row(mine[-1].id)
        self._view.select_range(mine[-1].end, mine[-1].end)

    def _on_events_annotations_removed(self, removed: tuple[AnnotationInfo, ...]) -> None:
        self._count_changes(removed, -1)
        mine = [self._annotations[a.id] for a in removed if a.id in self._annotations]
        if not mine:
            return
        self._apply([], mine)
        self._tags.model.remove_annotations(mine)

    def _on_events_annotations_updated(self, updated: tuple[AnnotationInfo, ...]) -> None:
        mine = [a for a in updated if a.id in self._annotations]
        if not mine:
            return
        self._apply(mine, [self._annotations[a.id] for a in mine])
        self._tags.model.update_annotations(mine)

    def _count_changes(self, annotations: tuple[AnnotationInfo, ...], sign: int) -> None:
        per_doc: dict[int, int] = {}
        for ann in annotations:
            per_doc[ann.document_id] = per_doc.get(ann.document_id, 0) + sign
        for document_id, delta in per_doc.items():
            self._documents.change_count(document_id, delta)

    # ----- selection sync -------------------------------------------------------------------

    def _on_documents_document_selected(self, document_id: int) -> None:
        if self._document is None or self._document.id != document_id:
            try:
                self.show_document(document_id)
            except AnnotatorError as exc:
                self.events.report(exc)

    def _on_view_annotation_clicked(self, annotation_id: int) -> None:
        self._select_row(annotation_id)

    def _select_row(self, annotation_id: int) -> None:
        self._syncing = True
        try:
            self._tags.table.select_annotation(annotation_id)
        finally:
            self._syncing = False

    def _on_table_annotation_selected(self, annotation_id: int) -> None:
        if self._syncing:
            return
        ann = self._annotations.get(annotation_id)
        if ann is not None:
            self._view.scroll_to_span(ann.start, ann.end)
            self._view.flash_span(ann.start, ann.end)

    def _on_view_annotation_context_requested(self, annotation_id: int, pos: QPoint) -> None:
        ann = self._annotations.get(annotation_id)
        if ann is None:
            return
        self._select_row(annotation_id)
        annotation_menu(
            self._view, ann, self._labels,
            relabel=lambda label_id: self.relabel(annotation_id, label_id),
            edit_note=lambda: self.edit_note_interactively(annotation_id, self._view),
            delete=lambda: self.delete_annotations((annotation_id,)),
            extras=self.context_menu_extras,
        ).exec(pos)

    def _on_find_matches_changed(self, matches: list[tuple[int, int]]) -> None:
        self._view.set_find_matches(list(matches))

    def _on_find_match_activated(self, start: int, end: int) -> None:
        self._view.scroll_to_span(start, end)
