"""Suggested quotations and speakers in the window: framed in the article, listed, accepted or dismissed.

Annotate → Suggest quotes and sources proposes them for the document shown or for every document
(off the window's thread, with progress); imports propose them too. The open suggestions of the
document shown are framed with a dashed line in the article and listed under its annotations. In
the article, Tab and Shift+Tab go from one suggestion to the next (while the document has none,
Tab moves the focus as usual; Ctrl+Tab always does); Enter accepts the current one (an annotation
of the current annotator with the label chosen in the codebook, a quotation linked to its
speaker), Delete dismisses it, and Accept all takes every suggestion of the document in one step.
Each of these is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.domain.errors import AnnotatorError
from annotator.domain.offsets import Utf16Map
from annotator.domain.records import AnnotationInfo
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.services.suggestions import (
    SuggestRun,
    list_suggestions,
    suggest_documents,
)
from annotator.ui.suggestions.suggestion_commands import (
    AcceptSuggestionsCommand,
    DismissSuggestionsCommand,
    SuggestionSignals,
)
from annotator.ui.suggestions.suggestion_list import END, ID, START, Row, SuggestionPanel, excerpt
from annotator.ui.suggestions.suggestion_marks import SuggestionMarks
from annotator.ui.undo_stack import push_command
from annotator.ui.widgets.background import Progress
from annotator.ui.workspace.annotation_rows import ANNOTATOR

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

GREY = "#9e9e9e"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ERASE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_TABS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_POINTER = (QEvent.Type.ToolTip, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)


def _menu_text(text: str, keys: str) -> str:
    """A menu entry that shows its key (handled by the article, not a window shortcut)."""
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys
    return f"{text}\t{native}"


class SuggestionsFeature(QObject):
    """The open suggestions of the document shown: drawn, listed, walked with Tab, accepted, dismissed."""

    def __init__(self, context: FeatureContext, refresh_links: Callable[[], None] | None = None) -> None:
        super().__init__(context.parent)
        self._context = context
        self._workspace = context.workspace
        self._view = context.document_view
        # The article's viewport is asked for each time (a Python object kept for it can be
        # dropped while it lives on, see DocumentView).
        self._refresh_links = refresh_links
        self.signals = SuggestionSignals(self)
        self.marks = SuggestionMarks(self._view)
        self.panel = SuggestionPanel(context.tag_panel)
        self._place_panel()
        self._rows: list[Row] = []
        self._document_id: int | None = None
        self._map: tuple[str, Utf16Map] | None = None  # (text, its map), made on the first Tab
        # (label id, start, end) of every open suggestion of the document shown, labelled or not
        self._open_keys: set[tuple[int, int, int]] = set()
        self._stale = False  # a saved step may have labelled or freed a suggested span
        self._refresh_waits = False  # a read of the shown document's suggestions waits for its paint
        self._said = ""  # the status message naming the current suggestion
        self._description = ""  # the article's own accessible description
        self._press: QPointF | None = None  # where a left click in the article started
        self._build_actions()
        self._connect()
        self.refresh()

    def _place_panel(self) -> None:
        """Under the annotation table, above the selected span's links."""
        panel = self._context.tag_panel
        layout = panel.layout()
        if layout is None:
            return
        at = layout.indexOf(panel.links)
        layout.insertWidget(at if at >= 0 else layout.count(), self.panel)

    def _build_actions(self) -> None:
        parent = self._context.parent
        try:
            menu = self._context.menu("annotateMenu")
        except KeyError:
            menu = self._context.menu("editMenu")

        def action(text: str, slot: Callable[[], object], tip: str, name: str) -> QAction:
            made = QAction(text, parent)
            made.setObjectName(name)
            made.setStatusTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            menu.addAction(made)
            return made

        self.suggest_document_action = action(
            _("&Suggest quotes and sources in this document"), self.suggest_shown,
            _("Propose the quotations of the document shown and who said them"), "suggestDocumentAction")
        self.suggest_all_action = action(
            _("Suggest quotes and sources in &every document"), self.suggest_all,
            _("Propose quotations and who said them in every document of the project"), "suggestAllAction")
        menu.addSeparator()
        self.next_action = action(
            _menu_text(_("&Next suggestion"), "Tab"), lambda: self.move(+1),
            _("Select the next suggestion in the article"), "nextSuggestionAction")
        self.previous_action = action(
            _menu_text(_("&Previous suggestion"), "Shift+Tab"), lambda: self.move(-1),
            _("Select the previous suggestion in the article"), "previousSuggestionAction")
        self.accept_action = action(
            _menu_text(_("&Accept suggestion"), "Return"), self.accept_current,
            _("Make the current suggestion an annotation of yours"), "acceptSuggestionAction")
        self.dismiss_action = action(
            _menu_text(_("&Dismiss suggestion"), "Del"), self.dismiss_current,
            _("Drop the current suggestion; it is not proposed again"), "dismissSuggestionAction")
        self.accept_all_action = action(
            _("Accept a&ll in this document"), self.accept_all,
            _("Accept every suggestion of the document shown, as one step"), "acceptAllSuggestionsAction")
        self._update_actions()

    def _connect(self) -> None:
        events = self._context.events
        self.signals.suggestions_changed.connect(self._on_suggestions_changed)
        events.annotations_added.connect(self._on_events_annotations_added)
        events.annotations_removed.connect(self._on_events_annotations_removed)
        events.saved.connect(self._on_events_saved)
        events.refused.connect(self._on_events_refused)
        events.labels_changed.connect(self.refresh)
        events.documents_changed.connect(self._on_events_project_changed)
        events.contents_changed.connect(self._on_events_project_changed)
        self._workspace.document_shown.connect(self._on_workspace_document_shown)
        self._workspace.layers_changed.connect(self.refresh)  # another annotator: other spans done
        table = self.panel.table
        table.clicked.connect(self._on_table_clicked)
        table.activated.connect(self._on_table_clicked)
        table.accept_requested.connect(self.accept_current)
        table.dismiss_requested.connect(self.dismiss_current)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.panel.accept_button.clicked.connect(self.accept_current)
        self.panel.dismiss_button.clicked.connect(self.dismiss_current)
        self.panel.accept_all_button.clicked.connect(self.accept_all)

    # ----- reading ----------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """The open suggestions of the document shown, in reading order."""
        return list(self._rows)

    @property
    def current(self) -> int | None:
        """The id of the current suggestion (selected in the article or the list), or None."""
        return self.marks.current

    def refresh(self) -> None:
        """Read the open suggestions of the document shown again and show them (not those the
        current annotator has labelled already, as they would label them)."""
        doc = self._workspace.document
        rows: list[Row] = []
        self._open_keys = set()
        if doc is not None:
            try:
                found = list_suggestions(self._context.project, doc.id)
            except AnnotatorError as exc:
                self._context.events.report(exc)
                found = []
            self._open_keys = {(s.label_id, s.start, s.end) for s in found if s.label_id is not None}
            rows = [(s.id, s.start, s.end, s.kind, s.label_id, s.label_name or "", s.source_suggestion_id)
                    for s in found if not self._labelled(s.label_id, s.start, s.end)]
        self._document_id = doc.id if doc is not None else None
        self._stale = False
        self._show(rows)

    def _labelled(self, label_id: int | None, start: int, end: int) -> bool:
        """True if the current annotator has this span with this label (read from the article)."""
        if label_id is None:
            return False
        me = self._workspace.annotator
        for span in self._view.spans_at(start):
            if span.start == start and span.end == end and span.label_id == label_id:
                row = self._workspace.annotation_row(span.annotation_id)
                if row is not None and row[ANNOTATOR] == me:
                    return True
        return False

    def _show(self, rows: list[Row]) -> None:
        if rows or self._rows or self.panel.model.rowCount():  # else nothing is or was shown
            self._engage(bool(rows))
            self._rows = rows
            colors = {lab.id: lab.color for lab in self._context.tag_panel.labels.labels()}
            self.marks.set_marks((r[START], r[END], r[ID], GREY if r[4] is None else colors.get(r[4], GREY))
                                 for r in rows)
            self.panel.set_rows(self._view.stored_text, rows, colors)
            if self.marks.current is not None:
                self.panel.table.select_suggestion(self.marks.current)
            else:
                self._context.clear_message(self._said)
        self._update_actions()

    def _engage(self, on: bool) -> None:
        """Follow the article's keys and selection only while it has suggestions: without them,
        typing and labelling there go exactly as before."""
        if on == bool(self._rows):
            return
        view = self._view
        if on:
            view.installEventFilter(self)
            self._view.viewport().installEventFilter(self)
            view.selectionChanged.connect(self._on_view_selection_changed)
            self._description = view.accessibleDescription()
            view.setAccessibleDescription(_("{description} This article has suggested quotations: Tab and "
                                            "Shift+Tab go from one to the next, Enter accepts one, Delete "
                                            "dismisses it, Ctrl+Tab leaves the article.").format(
                                                description=self._description))
        else:
            view.removeEventFilter(self)
            self._view.viewport().removeEventFilter(self)
            view.selectionChanged.disconnect(self._on_view_selection_changed)
            view.setAccessibleDescription(self._description)

    def _update_actions(self) -> None:
        has = bool(self._rows)
        for act in (self.next_action, self.previous_action, self.accept_all_action):
            act.setEnabled(has)
        chosen = self.current is not None
        self.accept_action.setEnabled(chosen)
        self.dismiss_action.setEnabled(chosen)
        self.suggest_document_action.setEnabled(self._workspace.document is not None)

    def _row(self, suggestion_id: int | None) -> Row | None:
        return next((r for r in self._rows if r[ID] == suggestion_id), None)

    # ----- moving -------------------------------------------------------------------------------

    def _cursor_offset(self) -> int:
        """The article's text cursor in code points."""
        text = self._view.stored_text
        if self._map is None or self._map[0] is not text:
            self._map = (text, Utf16Map(text))
        selected = self._view.selected_range()
        if selected is not None:
            return selected[0]
        return self._map[1].to_codepoint(self._view.textCursor().position())

    def move(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) suggestion from the current one or the text
        cursor, round the document; False when there is none."""
        rows = self._rows
        if not rows:
            self._post(_("No suggestions in this document (Annotate → Suggest quotes and sources)"))
            return False
        ids = [r[ID] for r in rows]
        if self.current in ids:
            at = (ids.index(self.current) + step) % len(rows)
        else:
            here = self._cursor_offset()
            starts = [r[START] for r in rows]
            if step > 0:
                at = next((i for i, s in enumerate(starts) if s >= here), 0)
            else:
                at = next((i for i in range(len(starts) - 1, -1, -1) if starts[i] < here), len(rows) - 1)
        self.go_to(rows[at][ID])
        return True

    def go_to(self, suggestion_id: int) -> None:
        """Make a suggestion current: selected in the article (scrolled to) and in the list."""
        row = self._row(suggestion_id)
        if row is None:
            return
        self.marks.set_current(suggestion_id)
        self._view.select_range(row[START], row[END])
        self._view.scroll_to_span(row[START], row[END])
        self.panel.table.select_suggestion(suggestion_id)
        self._update_actions()
        number = self._rows.index(row) + 1
        label = self.panel.model.label_text(row)
        text = excerpt(self._view.stored_text[row[START] : row[END]], 50)
        self._say(_("Suggestion {number} of {total}: {label} «{text}» (Enter accepts, Delete dismisses)")
                  .format(number=number, total=len(self._rows), label=label, text=text))

    def _forget_current(self) -> None:
        if self.marks.current is not None:
            self.marks.set_current(None)
            self.panel.table.select_suggestion(None)
            self._context.clear_message(self._said)
            self._update_actions()

    # ----- accepting and dismissing ---------------------------------------------------------------

    def accept_current(self) -> bool:
        """Accept the current suggestion (one undo step); False if none is current or it is refused."""
        chosen = self.current if self.current is not None else self.panel.table.current_suggestion()
        if chosen is None:
            self._post(_("Choose a suggestion first: Tab in the article, or click one in the list"))
            return False
        return self._accept([chosen])

    def accept_all(self) -> bool:
        """Accept every open suggestion of the document shown, as one undo step."""
        if not self._rows:
            self._post(_("No suggestions in this document (Annotate → Suggest quotes and sources)"))
            return False
        return self._accept([r[ID] for r in self._rows])

    def _accept(self, ids: Sequence[int]) -> bool:
        if self._document_id is None:
            return False
        ends = [r[END] for r in self._rows if r[ID] in ids]
        command = AcceptSuggestionsCommand(
            self._context.project, self._context.events, self.signals, self._document_id, ids,
            self._workspace.annotator)
        if not push_command(self._context.undo_stack, command):
            return False
        if self._refresh_links is not None:
            self._refresh_links()  # the new links, between spans new to the window
        accepted = command.accepted
        if accepted is not None:
            made = len(accepted.annotations)
            message = ntext(made, "{count} annotation made from suggestions",
                            "{count} annotations made from suggestions")
            if accepted.links:
                message = ntext(len(accepted.links), "{made}, {count} link", "{made}, {count} links",
                                made=message)
            if accepted.no_link_rule:
                message = _("{message}; a quotation was left unlinked: the codebook has no link rule "
                            "from its label to its speaker's").format(message=message)
            self._post(message)
        if ends and len(ids) == 1:
            self._view.select_range(max(ends), max(ends))
        return True

    def dismiss_current(self) -> bool:
        """Dismiss the current suggestion (one undo step); it is not proposed again."""
        chosen = self.current if self.current is not None else self.panel.table.current_suggestion()
        row = self._row(chosen)
        if row is None or self._document_id is None:
            self._post(_("Choose a suggestion first: Tab in the article, or click one in the list"))
            return False
        command = DismissSuggestionsCommand(
            self._context.project, self._context.events, self.signals, self._document_id, [row[ID]])
        if not push_command(self._context.undo_stack, command):
            return False
        self._view.select_range(row[END], row[END])
        self._post(_("Suggestion dismissed"))
        return True

    # ----- proposing ----------------------------------------------------------------------------

    def suggest_shown(self) -> None:
        """Propose suggestions for the document shown (off the window's thread)."""
        doc = self._workspace.document
        if doc is None:
            self._post(_("Open a document first"))
            return
        self._suggest([doc.id], _("Suggesting quotes and sources…"))

    def suggest_all(self) -> None:
        """Propose suggestions for every document of the project (off the window's thread)."""
        self._suggest(None, _("Suggesting quotes and sources in every document…"))

    def _suggest(self, document_ids: list[int] | None, title: str) -> None:
        project = self._context.project

        def work(progress: Progress) -> SuggestRun:
            def report(done: int, total: int) -> None:
                progress(done, total, ntext(total, "{done} of {count} document read",
                                            "{done} of {count} documents read", done=done))

            return suggest_documents(project, document_ids, progress=report,
                                     cancelled=lambda: progress.cancelled)

        self._context.background.run(
            work, self._on_suggested, title=title, writing=_("Quotes and sources are being suggested"),
            cancellable=True, cancelled=lambda: self._post(_("Suggesting stopped; nothing changed")))

    def _on_suggested(self, run: SuggestRun) -> None:
        if run.cancelled:
            self._post(_("Suggesting stopped; nothing changed"))
            return
        self.refresh()
        message = ntext(run.open, "{count} suggestion to review", "{count} suggestions to review")
        if len(run.documents) != 1:
            message = ntext(len(run.documents), "{found} in {count} document", "{found} in {count} documents",
                            found=message)
        if run.unread:
            message = ntext(run.unread, "{message}; {count} document is in a language the rules do not "
                            "read (French and English only)", "{message}; {count} documents are in a "
                            "language the rules do not read (French and English only)", message=message)
        self._post(message)

    # ----- events -------------------------------------------------------------------------------

    def _on_suggestions_changed(self, document_ids: tuple[int, ...]) -> None:
        if self._document_id in document_ids:
            self.refresh()

    def _on_events_annotations_added(self, added: tuple[AnnotationInfo, ...]) -> None:
        # A suggested span labelled by hand is no longer offered (nothing to do without any).
        if self._open_keys and not self._stale:
            self._stale = self._touches(added)

    def _on_events_annotations_removed(self, removed: tuple[AnnotationInfo, ...]) -> None:
        # ... and offered again when that annotation goes.
        if self._open_keys and not self._stale:
            self._stale = self._touches(removed)

    def _touches(self, annotations: tuple[AnnotationInfo, ...]) -> bool:
        keys, me = self._open_keys, self._workspace.annotator
        return any((a.label_id, a.start, a.end) in keys and a.annotator == me
                   and a.document_id == self._document_id for a in annotations)

    def _on_events_saved(self) -> None:
        if self._stale:
            self.refresh()

    def _on_events_refused(self, _message: str) -> None:
        self._stale = False

    def _on_events_project_changed(self) -> None:
        """Documents or contents changed (an import, a merge): read again, unless the article
        shown because of it reads its suggestions after its paint anyway."""
        if not self._refresh_waits:
            self.refresh()

    def _on_workspace_document_shown(self, _document_id: int) -> None:
        # The article is painted first; its suggestions are read in the frame after it.
        self.marks.set_current(None)
        # The previous article's frames go now; its list (not over the text) stays for that frame.
        self._document_id = None
        self._open_keys = set()
        if self._rows:
            self._engage(False)
            self._rows = []
            self.marks.set_marks(())
            self._update_actions()
        if not self._refresh_waits:  # else the read still waiting (a previous article's) reads this one
            self._refresh_waits = True
            self._view.after_next_paint(self._refresh_after_paint)

    def _refresh_after_paint(self) -> None:
        self._refresh_waits = False
        self.refresh()

    def _on_view_selection_changed(self) -> None:
        row = self._row(self.marks.current)
        if row is not None and self._view.selected_range() != (row[START], row[END]):
            self._forget_current()

    def _on_table_clicked(self, index) -> None:
        row = self.panel.model.row_at(index.row())
        if row is not None and row[ID] != self.current:
            self.go_to(row[ID])

    def _on_table_current_row_changed(self, current, _previous) -> None:
        row = self.panel.model.row_at(current.row())
        if row is not None and row[ID] != self.current and self.panel.table.hasFocus():
            self.go_to(row[ID])  # arrow keys in the list walk the article too

    def _at(self, pos: QPointF | QPoint) -> Row | None:
        """The suggestion drawn at viewport point `pos` where no annotation is (those keep their
        own click and tooltip)."""
        offset = self._view.codepoint_at(pos)
        if offset is None or self._view.spans_at(offset):
            return None
        return next((r for r in self._rows if r[START] <= offset < r[END]), None)

    def _viewport_event(self, event: QEvent) -> bool:
        """A click on a suggestion makes it current; hovering one says what it is."""
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._at(event.pos())
            if row is None:
                return False
            tip = _("Suggested: {label}. Enter accepts it, Delete dismisses it").format(
                label=self.panel.model.label_text(row))
            QToolTip.showText(event.globalPos(), tip, self._view.viewport())
            return True
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._press = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            press, self._press = self._press, None
            if (event.position() - press).manhattanLength() < QApplication.startDragDistance():
                row = self._at(event.position())
                # Not while a mode has taken the article's clicks (link mode shows a pointing hand).
                if row is not None and self._view.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor:
                    QTimer.singleShot(0, self, lambda suggestion_id=row[ID]: self.go_to(suggestion_id))
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """In the article: Tab and Shift+Tab walk the suggestions, Enter accepts, Delete dismisses;
        a click chooses one."""
        kind = event.type()
        if watched is not self._view:  # the only other object watched: the article's viewport
            return kind in _POINTER and self._viewport_event(event)
        if not isinstance(event, QKeyEvent) or not self._rows or kind not in (
                QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in _TABS:
            backwards = key == Qt.Key.Key_Backtab or bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            if kind == QEvent.Type.KeyPress:
                if modifiers & Qt.KeyboardModifier.ControlModifier:  # leave the article
                    self._view.focusNextPrevChild(not backwards)
                elif not modifiers & ~Qt.KeyboardModifier.ShiftModifier:
                    self.move(-1 if backwards else +1)
                else:
                    return False
            event.accept()
            return True
        if self.current is None or modifiers or key not in (*_ENTER, *_ERASE):
            return False
        if kind == QEvent.Type.KeyPress:  # the override is accepted: the key comes here, not to Delete
            if key in _ENTER:
                self.accept_current()
            else:
                self.dismiss_current()
        event.accept()
        return True

    # ----- messages -----------------------------------------------------------------------------

    def _post(self, message: str) -> None:
        self._context.show_message(message, 8000)

    def _say(self, message: str) -> None:
        self._said = message
        self._context.show_message(message, 0)
