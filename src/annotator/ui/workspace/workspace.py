"""The annotation workspace: the current document, its highlights, its table, and labelling."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from operator import itemgetter

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget
from shiboken6 import isValid

from annotator.domain.deletion import describe_deletion
from annotator.domain.errors import AnnotatorError
from annotator.domain.links import one_line_quote
from annotator.domain.palette import colour_blind_safe_colours, label_marks
from annotator.domain.records import AnnotationInfo, DocumentInfo, LabelInfo
from annotator.domain.review import ACCEPTED, REJECTED
from annotator.domain.spans import Span, snap_to_words
from annotator.i18n import _, pgettext
from annotator.services import Project
from annotator.services.annotations import list_annotation_stamps, read_document_shown
from annotator.services.collector import collector_on, collector_paused
from annotator.services.documents import get_document_text, list_documents
from annotator.services.labels import list_labels
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import push_command
from annotator.ui.workspace.annotation_commands import (
    AddAnnotationCommand,
    AddAnnotationsCommand,
    DeleteAnnotationsCommand,
    EditNoteCommand,
    RelabelAnnotationCommand,
)
from annotator.ui.workspace.annotation_menu import MenuExtra, annotation_menu, hover_text
from annotator.ui.workspace.annotation_rows import (
    ANNOTATOR,
    END,
    ID,
    LABEL_ID,
    NO_STAMPS,
    NOTE,
    START,
    AnnotationRow,
    Stamps,
    as_info,
    as_row,
    reading_key,
)
from annotator.ui.workspace.document_list import DocumentListPanel
from annotator.ui.workspace.document_view import DocumentView
from annotator.ui.workspace.find_bar import FindBar
from annotator.ui.workspace.tag_panel import TagPanel

#: Adds lines to a highlight's tooltip (features register these on the workspace).
TooltipLines = Callable[[AnnotationInfo], list[str]]


class HoverTexts(Mapping[int, str]):
    """The tooltip of each shown highlight by annotation id, made only when it is asked for.

    The view asks for the few spans under the mouse; nothing is made for the thousands it never
    hovers, and nothing has to be rebuilt when an annotation, a link or a layer changes.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def __getitem__(self, annotation_id: int) -> str:
        text = self._workspace.hover_text(annotation_id)
        if text is None:
            raise KeyError(annotation_id)
        return text

    def __iter__(self) -> Iterator[int]:
        workspace = self._workspace
        return (a[ID] for a in workspace._annotations.values() if workspace._shown(a))

    def __len__(self) -> int:
        return len(self._workspace._annotations) - self._workspace.hidden_annotation_count


_span_fields = itemgetter(START, END, LABEL_ID, ID)
_as_span = partial(tuple.__new__, Span)  # Span._make without a Python call per span


def _spans_of(rows: Iterable[AnnotationRow]) -> list[Span]:
    """The spans the view draws for these annotations."""
    return list(map(_as_span, map(_span_fields, rows)))


_frozen_before = False


def _freeze_what_lives() -> None:
    """Take everything alive after a document is shown out of the garbage collector's sight.

    A full collection costs in proportion to every object alive (tens of milliseconds for the
    program and a 10,000-span document): done while the analyst types, it would be felt. What
    lives now (the program, the document shown) stays until the next document is shown, and is
    freed by reference counting then (it holds no cycles); collections look only at what is newer.
    Every document after the program's first collects what was made since the last one first
    (that is quick), so that no unreachable cycle is frozen with the rest.
    """
    global _frozen_before
    if _frozen_before and not collector_paused():  # not over a merge's records being made
        gc.collect()
    gc.freeze()
    _frozen_before = True


#: After a background write, the article is read again this long after the document list, and the
#: other panels this long after what waits for the article's paint (see
#: Workspace.reload_before_the_rest): each in a turn of the event loop of its own.
ARTICLE_AFTER_LIST_MS = 1

#: How long after a document is shown its objects are collected and frozen (see show_document):
#: after the article is painted, in a frame of its own.
COLLECT_AFTER_MS = 50
_shows = 0  # documents shown so far: the collector waits for the last one
_collector_held = False  # True while show_document keeps the collector off


def _hold_collector() -> None:
    """Keep the garbage collector off while a document is shown (it would run over and over
    on the tens of thousands of objects being made, for nothing: they live on)."""
    global _collector_held
    if gc.isenabled():
        gc.disable()
        _collector_held = True


def _release_collector(show: int) -> None:
    """Once the last document shown (`show`) is on screen: collect, freeze what lives, and turn
    the collector back on if show_document turned it off."""
    global _collector_held
    if show != _shows:
        return  # another document was shown since: its own turn comes
    _freeze_what_lives()
    if _collector_held:
        _collector_held = False
        collector_on()  # once work on a worker thread that paused it too is done


class NoteDialog:
    """Asks for an annotation's note, in a box screen readers can name and describe (a seam
    tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget, prompt: str, note: str) -> str | None:
        """The note written (None when cancelled); `prompt` names the annotation."""
        dialog = QInputDialog(parent)
        dialog.setObjectName("noteDialog")
        dialog.setWindowTitle(_("Note"))
        dialog.setAccessibleName(_("Note"))
        dialog.setAccessibleDescription(
            _("Your note on this annotation: kept with it, shown when its highlight is hovered and "
              "written in the note column of exports"))
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setLabelText(prompt)
        dialog.setTextValue(note)
        return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None


class Workspace(QObject):
    """Connects the document list, the article view, the find bar and the tag panel to the project."""

    document_shown = Signal(int)  # document id
    message_posted = Signal(str)  # a short status-bar message
    layers_changed = Signal()  # the current annotator or the hidden annotators changed
    #: What the spans at the article's text cursor are, in words ("claim (ben) · source (you)"; "" if none).
    spans_at_cursor_described = Signal(str)
    label_colours_changed = Signal()  # the labels are drawn in other colours (the safe palette)

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
        # The labels as drawn: their stored colours, or the colour-blind-safe ones by position.
        self._shown_labels: list[LabelInfo] = []
        self._colour_blind_safe = False
        self._label_names: dict[int, str] = {}
        self._document: DocumentInfo | None = None
        self._documents_read: list[DocumentInfo] | None = None  # see documents_read_by_the_work
        self._reloaded_ahead = False  # True while reload_before_the_rest's the_rest() runs
        # The document's annotations as rows (see annotation_rows), by id; hidden layers included.
        self._annotations: dict[int, AnnotationRow] = {}
        self._tooltips = HoverTexts(self)
        self._syncing = False
        #: Called with the highlight's right-click menu and its annotation, to add entries.
        self.context_menu_extras: list[MenuExtra] = []
        #: Called with an annotation when its tooltip is shown, to add lines (e.g. its links).
        self.tooltip_lines: list[TooltipLines] = []
        #: Asked in turn with a label key no span label has; True if one used it (a document code).
        self.key_fallbacks: list[Callable[[str], bool]] = []

        documents.document_selected.connect(self._on_documents_document_selected)
        view.annotation_clicked.connect(self._on_view_annotation_clicked)
        view.annotation_context_requested.connect(self._on_view_annotation_context_requested)
        view.spans_at_cursor_changed.connect(self._on_view_spans_at_cursor_changed)
        self._painted_after: list[QWidget] = []  # see paint_after_article
        # A verdict on a span at the cursor: the status line says it once the verdict is in.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(0)
        self._status_timer.timeout.connect(self._describe_spans_at_cursor)
        tags.model.review_states_changed.connect(self._on_tags_review_states_changed)
        tags.labels.label_clicked.connect(self.label_selection)
        tags.table.annotation_selected.connect(self._on_table_annotation_selected)
        tags.table.delete_requested.connect(self.delete_annotations)
        tags.model.label_change_requested.connect(self.relabel)
        tags.model.note_change_requested.connect(self.set_note)
        tags.model.stamps_of = self._stamps_of
        find_bar.matches_changed.connect(self._on_find_matches_changed)
        find_bar.match_activated.connect(self._on_find_match_activated)
        find_bar.label_all_requested.connect(self._on_find_label_all_requested)
        events.annotations_added.connect(self._on_events_annotations_added)
        events.annotations_removed.connect(self._on_events_annotations_removed)
        events.annotations_updated.connect(self._on_events_annotations_updated)
        events.labels_changed.connect(self.reload_labels)
        events.documents_changed.connect(self.reload_documents)
        events.contents_changed.connect(self._on_contents_changed)

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
        if not self._hidden:
            return 0
        return sum(not self._shown(a) for a in self._annotations.values())

    def annotation(self, annotation_id: int) -> AnnotationInfo | None:
        """An annotation of the document shown (hidden layers included), or None."""
        row = self._annotations.get(annotation_id)
        return None if row is None else self._records([row])[0]

    def annotation_row(self, annotation_id: int) -> AnnotationRow | None:
        """An annotation of the document shown as a row (see annotation_rows), or None."""
        return self._annotations.get(annotation_id)

    def annotations_by(self, annotator: str) -> list[AnnotationInfo]:
        """One annotator's annotations of the document shown (hidden or not), in no set order."""
        return self._records([a for a in self._annotations.values() if a[ANNOTATOR] == annotator])

    def is_shown(self, annotation_id: int) -> bool:
        """True if the annotation is in the document shown and its layer is not hidden."""
        row = self._annotations.get(annotation_id)
        return row is not None and self._shown(row)

    def hover_text(self, annotation_id: int) -> str | None:
        """What hovering a shown highlight tells: label, whose, note, and the features' lines."""
        row = self._annotations.get(annotation_id)
        if row is None or not self._shown(row):
            return None
        (ann,) = self._records([row])
        lines = [hover_text(ann, ann.annotator == self._annotator)]
        for extra in self.tooltip_lines:
            lines.extend(extra(ann))
        return "\n".join(lines)

    @property
    def annotations(self) -> list[AnnotationInfo]:
        """The annotations of the document shown, in reading order."""
        return self._records(sorted(self._annotations.values(), key=reading_key))

    def _records(self, rows: Sequence[AnnotationRow]) -> list[AnnotationInfo]:
        """Records of rows of the document shown, their UUIDs and times read now (the rows
        leave them out: a document's thousands would hold them for the few records asked for)."""
        document_id = self._document.id if self._document is not None else 0
        stamps = self._stamps_of(document_id, [row[ID] for row in rows])
        names = self._label_names
        return [as_info(row, document_id, names.get(row[LABEL_ID], ""), stamps.get(row[ID], NO_STAMPS))
                for row in rows]

    def _stamps_of(self, document_id: int, annotation_ids: Sequence[int]) -> Mapping[int, Stamps]:
        if not annotation_ids:
            return {}
        return list_annotation_stamps(self.project, document_id, annotation_ids)

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

    def _shown(self, row: AnnotationRow) -> bool:
        who = row[ANNOTATOR]
        return who == self._annotator or who not in self._hidden

    def _redraw_layers(self) -> None:
        """Draw the shown document again for a new annotator or new hidden annotators."""
        if self._document is not None:
            rows = sorted(self._annotations.values(), key=reading_key)
            shown = [a for a in rows if self._shown(a)]
            others = [a[ID] for a in shown if a[ANNOTATOR] != self._annotator]
            self._view.set_spans(_spans_of(shown), self._colors(), self._tooltips, others)
            self._tags.set_document(self._view.stored_text, shown, self._shown_labels, self._document.id,
                                    in_reading_order=True)
        self.layers_changed.emit()

    def load(self, preferred_document_uuid: str | None = None) -> None:
        """Read the codebook and the document list, then show the preferred or first document."""
        self._set_labels(list_labels(self.project))
        self._tags.set_labels(self._shown_labels)
        self._find.set_labels(self._labels)
        docs = list_documents(self.project)
        self._documents.set_documents(docs)
        chosen = next((d for d in docs if d.uuid == preferred_document_uuid), docs[0] if docs else None)
        if chosen is not None:
            self._documents.select_document(chosen.id)
            if self._document is None or self._document.id != chosen.id:
                self.show_document(chosen.id)

    @contextmanager
    def documents_read_by_the_work(self, documents: list[DocumentInfo] | None) -> Iterator[None]:
        """While the window follows a background write, the document list as the work read it
        right after its commit (on its own thread): reloads in the body show it instead of
        reading it again, so that the window's thread does not wait for that read."""
        self._documents_read = documents
        try:
            yield
        finally:
            self._documents_read = None

    def reload_documents(self) -> None:
        """Refresh the document list after an import or a details edit; keep the current document."""
        current = self._document.uuid if self._document else None
        docs = self._documents_read if self._documents_read is not None else list_documents(self.project)
        self._documents.set_documents(docs)
        keep = next((d for d in docs if d.uuid == current), docs[0] if docs else None)
        if keep is not None:
            self._documents.select_document(keep.id)
            if self._document is None:
                self.show_document(keep.id)
            elif keep.id == self._document.id:
                self._document = keep  # its details (title, date...) as stored now

    def reload_before_the_rest(self, the_rest: Callable[[], object]) -> None:
        """After a background write, in three turns of the event loop rather than one long one:
        the codebook and the document list now, the article in the next turn (unless another
        document was shown meanwhile), and `the_rest()` (what refreshes the other panels, e.g.
        emitting `contents_changed`, which this workspace then leaves alone) just after the
        article's paint."""
        before = self._document
        self._reload_codebook_and_list()

        def rest() -> None:
            self._reloaded_ahead = True
            try:
                the_rest()
            finally:
                self._reloaded_ahead = False

        def rest_after_paint() -> None:  # in a turn of its own, after what waits for that paint
            if self._document is not None:
                self._view.after_next_paint(
                    lambda: QTimer.singleShot(ARTICLE_AFTER_LIST_MS, self, rest))
            else:
                rest()

        if before is None or self._document is None:  # shown afresh by the list, or none to show
            rest_after_paint()
            return
        document_id, shows = self._document.id, _shows

        def article() -> None:
            if _shows == shows and self._document is not None and self._document.id == document_id:
                self.show_document(document_id, keep_scroll=True)
            rest_after_paint()

        QTimer.singleShot(ARTICLE_AFTER_LIST_MS, self, article)

    def _on_contents_changed(self) -> None:
        if not self._reloaded_ahead:
            self.reload_labels()

    def reload_labels(self) -> None:
        """The codebook changed: rebuild buttons and re-read annotations (a deleted label takes some).

        After a merge or an import the codebook is often as it was: the buttons then stay."""
        self._reload_codebook_and_list()
        if self._document is not None:
            self.show_document(self._document.id, keep_scroll=True)

    def _reload_codebook_and_list(self) -> None:
        labels = list_labels(self.project)
        if labels != self._labels:
            self._set_labels(labels)
            self._tags.set_labels(self._shown_labels)
            self._find.set_labels(self._labels)
        self.reload_documents()

    def show_document(self, document_id: int, keep_scroll: bool = False) -> None:
        """Display a document with its highlights and annotations."""
        # Reading and drawing a document makes tens of thousands of objects: the collector stays
        # off meanwhile and runs once, after the article is painted (not on the article's way).
        global _shows
        _hold_collector()
        _shows += 1
        try:
            self._show_document(document_id, keep_scroll)
        finally:
            QTimer.singleShot(COLLECT_AFTER_MS, partial(_release_collector, _shows))

    def _show_document(self, document_id: int, keep_scroll: bool) -> None:
        doc, text, rows = read_document_shown(self.project, document_id)  # rows in reading order
        scroll = self._view.verticalScrollBar().value()
        self._document = doc
        self._annotations = {a[ID]: a for a in rows}
        shown = [a for a in rows if self._shown(a)] if self._hidden else rows
        me = self._annotator
        others = [a[ID] for a in shown if a[ANNOTATOR] != me]
        self._view.set_document(text, _spans_of(shown), self._colors(), self._tooltips, others)
        if keep_scroll:
            self._view.verticalScrollBar().setValue(scroll)
        self._tags.set_document(text, shown, self._shown_labels, document_id, in_reading_order=True)
        self._find.set_text(text)
        # Nothing is painted while the document is being shown: asked for now, the panels' own
        # paint waits for the article's from here, not from before the document was read.
        self.paint_table_after_article()
        self.document_shown.emit(document_id)

    def _set_labels(self, labels: list[LabelInfo]) -> None:
        self._labels = labels
        self._label_names = {lab.id: lab.name for lab in labels}
        marks = label_marks([lab.name for lab in labels])
        self._view.set_label_marks({lab.id: mark for lab, mark in zip(labels, marks, strict=True)})
        self._shown_labels = labels
        if self._colour_blind_safe:
            safe = colour_blind_safe_colours([lab.id for lab in labels])
            self._shown_labels = [replace(lab, color=safe[lab.id]) for lab in labels]

    def _colors(self) -> dict[int, str]:
        return {lab.id: lab.color for lab in self._shown_labels}

    @property
    def shown_labels(self) -> list[LabelInfo]:
        """The codebook in display order, each label in the colour it is drawn in (the
        colour-blind-safe one by position while that palette is on)."""
        return list(self._shown_labels)

    @property
    def colour_blind_safe(self) -> bool:
        """True if labels are drawn in the colour-blind-safe palette by codebook position."""
        return self._colour_blind_safe

    def set_colour_blind_safe(self, on: bool) -> None:
        """Draw the labels (article, buttons, table) in the colour-blind-safe palette or in their
        own colours; the stored colours stay as they are."""
        if on == self._colour_blind_safe:
            return
        self._colour_blind_safe = on
        selected = self._tags.table.selected_annotation_ids()
        self._set_labels(self._labels)
        self._tags.set_labels(self._shown_labels)
        if self._document is not None:
            self._redraw_layers()
        if len(selected) == 1:  # the span selected stays selected, its links drawn
            self._select_row(selected[0])
        self.label_colours_changed.emit()

    def _apply(self, added: list[AnnotationRow], removed: list[AnnotationRow]) -> None:
        """Bring the shown annotations and their highlights up to date (tooltips follow)."""
        for ann in removed:
            self._annotations.pop(ann[ID], None)
        removed = [a for a in removed if self._shown(a)]
        for ann in added:
            self._annotations[ann[ID]] = ann
        added = [a for a in added if self._shown(a)]
        others = [a[ID] for a in added if a[ANNOTATOR] != self._annotator]
        self._view.change_spans(_spans_of(added), _spans_of(removed), self._tooltips, others)

    # ----- labelling ------------------------------------------------------------------------

    def label_for_key(self, key: str) -> LabelInfo | None:
        """The label whose shortcut is `key`."""
        return next((lab for lab in self._labels if lab.shortcut == key), None)

    def label_selection(self, label_id: int) -> bool:
        """Label the selected text (grown to whole words if snapping is on); True if saved."""
        if self._document is None:
            self.message_posted.emit(_("Open a document first"))
            return False
        selected = self._view.selected_range()
        if selected is None:
            self.message_posted.emit(_("Select some text first, then press a label's key"))
            return False
        start, end = selected
        if self.snap_to_words:
            snapped = snap_to_words(self._view.stored_text, start, end)
            if snapped is None:
                self.message_posted.emit(_("The selection holds no word to label"))
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
            if any(fallback(key) for fallback in self.key_fallbacks):
                return True
            self.message_posted.emit(_("No label has the key {key}").format(key=key))
            return False
        return self.label_selection(label.id)

    def delete_annotations(self, annotation_ids: Iterable[int]) -> bool:
        """Delete annotations as one undoable step."""
        ids = tuple(annotation_ids)
        if not ids:
            self.message_posted.emit(_("Select an annotation to delete (click its highlight or row)"))
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
        if ann is not None and ann[LABEL_ID] == label_id:
            return False
        command = RelabelAnnotationCommand(self.project, self.events, annotation_id, label_id)
        return push_command(self.undo_stack, command)

    def set_note(self, annotation_id: int, note: str) -> bool:
        """Change an annotation's note (undoable)."""
        ann = self._annotations.get(annotation_id)
        if ann is not None and ann[NOTE] == note:
            return False
        return push_command(self.undo_stack, EditNoteCommand(self.project, self.events, annotation_id, note))

    def edit_note_interactively(self, annotation_id: int, parent: QWidget) -> None:
        """Ask for a new note for an annotation."""
        ann = self.annotation(annotation_id)
        if ann is None:
            return
        span = one_line_quote(get_document_text(self.project, ann.document_id)[ann.start:ann.end])
        prompt = _("Note on «{label}» by {annotator}, on {text}:").format(
            label=ann.label, annotator=ann.annotator, text=span
        )
        note = NoteDialog.ask(parent, prompt, ann.note)
        if note is not None:
            self.set_note(annotation_id, note.strip())

    def _on_find_label_all_requested(self, label_id: int, spans: list[tuple[int, int]]) -> None:
        if self._document is None or not spans:
            return
        command = AddAnnotationsCommand(
            self.project, self.events, self._document.id, label_id, self.annotator, list(spans)
        )
        if push_command(self.undo_stack, command):  # the new label's colour shows, not the search mark
            labelled = set(spans)
            self._view.set_find_matches([m for m in self._find.matches() if m not in labelled])

    # ----- events from the project ---------------------------------------------------------

    def paint_after_article(self, *widgets: QWidget) -> None:
        """Have `widgets` of the window (its status bar, its toolbar) painted after the article
        too, with the annotation table (see paint_table_after_article)."""
        self._painted_after.extend(w for w in widgets if w is not None)

    def paint_table_after_article(self) -> None:
        """Leave the annotation panel (its table, count and links), the document list (and the
        widgets given to paint_after_article) out of the window's next paint: they are painted
        right after the article, so that a keystroke's answer in the article does not wait for them."""
        for panel in (self._tags, self._documents, *self._painted_after):
            if panel.updatesEnabled() and panel.isVisible():
                panel.setUpdatesEnabled(False)
                self._view.after_next_paint(lambda panel=panel: _paint_again(panel))

    def _on_events_annotations_added(self, added: tuple[AnnotationInfo, ...]) -> None:
        self._count_changes(added, +1)
        mine = [as_row(a) for a in added if self._document and a.document_id == self._document.id]
        if not mine:
            return
        self.paint_table_after_article()
        self._apply(mine, [])
        self._tags.model.add_annotations([a for a in mine if self._shown(a)])
        self._select_row(mine[-1][ID])
        self._view.select_range(mine[-1][END], mine[-1][END])

    def _on_events_annotations_removed(self, removed: tuple[AnnotationInfo, ...]) -> None:
        self._count_changes(removed, -1)
        mine = [self._annotations[a.id] for a in removed if a.id in self._annotations]
        if not mine:
            return
        self.paint_table_after_article()
        self._apply([], mine)
        self._tags.model.remove_annotations(mine)

    def _on_events_annotations_updated(self, updated: tuple[AnnotationInfo, ...]) -> None:
        mine = [as_row(a) for a in updated if a.id in self._annotations]
        if not mine:
            return
        self.paint_table_after_article()
        self._apply(mine, [self._annotations[a[ID]] for a in mine])
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

    def describe_spans(self, annotation_ids: Iterable[int]) -> str:
        """The label and annotator of each of these annotations, in words, not colour, with how
        its review stands: "claim (ben, not reviewed yet) · source (you, accepted by ben)". Your
        own annotations say it only once reviewed."""
        parts = []
        for annotation_id in annotation_ids:
            row = self._annotations.get(annotation_id)
            if row is None or not self._shown(row):
                continue
            label = self._label_names.get(row[LABEL_ID], "")
            mine = row[ANNOTATOR] == self._annotator
            review = self._review_words(annotation_id, mine)
            if mine:
                parts.append(_("{label} (you, {review})").format(label=label, review=review) if review
                             else _("{label} (you)").format(label=label))
            else:
                parts.append(_("{label} ({annotator}, {review})").format(
                    label=label, annotator=row[ANNOTATOR], review=review))
        return " · ".join(parts)

    def _review_words(self, annotation_id: int, mine: bool) -> str:
        """How an annotation's review stands, in a few words ("accepted by ben"); "" for your own
        annotation nobody reviewed."""
        state = self._tags.model.review_state(annotation_id)
        if not state.status:
            return "" if mine else pgettext("annotation", "not reviewed yet")
        you = state.reviewer == self._annotator
        if state.status == ACCEPTED:
            return (pgettext("annotation", "accepted by you") if you
                    else pgettext("annotation", "accepted by {reviewer}").format(reviewer=state.reviewer))
        if state.status == REJECTED:
            return (pgettext("annotation", "rejected by you") if you
                    else pgettext("annotation", "rejected by {reviewer}").format(reviewer=state.reviewer))
        return (pgettext("annotation", "commented on by you") if you
                else pgettext("annotation", "commented on by {reviewer}").format(reviewer=state.reviewer))

    def _on_view_spans_at_cursor_changed(self, annotation_ids: tuple[int, ...]) -> None:
        self.spans_at_cursor_described.emit(self.describe_spans(annotation_ids))

    def _on_tags_review_states_changed(self, annotation_ids: list[int]) -> None:
        """Say the new review of a span at the cursor once, after the change (several changes in
        a row are said once)."""
        at_cursor = self._view.spans_at_cursor()
        if at_cursor and not self._status_timer.isActive() and not set(at_cursor).isdisjoint(annotation_ids):
            self._status_timer.start()

    def _describe_spans_at_cursor(self) -> None:
        self.spans_at_cursor_described.emit(self.describe_spans(self._view.spans_at_cursor()))

    def _select_row(self, annotation_id: int) -> None:
        self.select_in_table(annotation_id)

    def select_in_table(self, annotation_id: int) -> bool:
        """Select an annotation's row so that the table follows the article (which is neither
        scrolled nor flashed, as a click in the table would do); False if no row shows it."""
        self._syncing = True
        try:
            return self._tags.table.select_annotation(annotation_id)
        finally:
            self._syncing = False

    def _on_table_annotation_selected(self, annotation_id: int) -> None:
        if self._syncing:
            return
        ann = self._annotations.get(annotation_id)
        if ann is not None:
            self._view.scroll_to_span(ann[START], ann[END])
            self._view.flash_span(ann[START], ann[END])

    def _on_view_annotation_context_requested(self, annotation_id: int, pos: QPoint) -> None:
        ann = self.annotation(annotation_id)
        if ann is None:
            return
        self._select_row(annotation_id)
        annotation_menu(
            self._view, ann, self._shown_labels,
            relabel=lambda label_id: self.relabel(annotation_id, label_id),
            edit_note=lambda: self.edit_note_interactively(annotation_id, self._view),
            delete=lambda: self.delete_annotations((annotation_id,)),
            extras=self.context_menu_extras,
            own=ann.annotator == self.annotator,
        ).exec(pos)

    def _on_find_matches_changed(self, matches: list[tuple[int, int]]) -> None:
        self._view.set_find_matches(list(matches))

    def _on_find_match_activated(self, start: int, end: int) -> None:
        self._view.scroll_to_span(start, end)


def _paint_again(panel: QWidget) -> None:
    if isValid(panel):  # a window closed before the article's next paint takes its panels along
        panel.setUpdatesEnabled(True)
