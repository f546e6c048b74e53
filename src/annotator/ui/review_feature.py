"""Review mode: accept, reject or comment a colleague's annotations, one by one.

Review > Review mode… asks whose annotations to review and shows the review bar above the article.
The walk follows the colleague's annotations of the current document in text order; at the end
of a document Next goes on to the next document holding their annotations. A, R, C, N, P and
Esc act only while the bar is shown, and never inside a text field, a combo box or a cell editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QWidget

from annotator import settings as S
from annotator.domain.errors import AnnotatorError
from annotator.domain.records import AnnotationInfo
from annotator.domain.review import ACCEPTED, COMMENTED, DECISIVE_VERDICTS, REJECTED
from annotator.services.reviews import (
    annotation_counts_by_annotator,
    annotations_to_review,
    documents_annotated_by,
    review_history,
    review_states,
)
from annotator.ui.annotation_table import COLUMN_REVIEW
from annotator.ui.annotation_table_view import ReviewFilterCombo
from annotator.ui.review_bar import ReviewBar, ReviewColleagueDialog, ReviewCommentDialog
from annotator.ui.review_commands import ReviewCommand, ReviewSignals
from annotator.ui.shortcut_guard import types_text
from annotator.ui.undo_commands import push_command

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class ReviewMode(QObject):
    """The walk through a colleague's annotations, the review bar, and the table's review column."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.signals = ReviewSignals(self)
        self.colleague: str | None = None
        self._items: list[AnnotationInfo] = []
        self._index = -1
        self._entering = "pending"  # where to start in the next document shown
        self.bar = ReviewBar(window)
        self.filter_combo = ReviewFilterCombo(window.tag_panel.table, window.tag_panel)
        self._place_widgets()
        copy = window.settings.value(S.REVIEW_COPY_ACCEPTED.key, S.REVIEW_COPY_ACCEPTED.default,
                                     type=bool)
        self.bar.copy_box.setChecked(bool(copy))
        self.start_action = window.menu("reviewMenu").addAction(
            "&Review mode…", self.ask_and_start
        )
        self.start_action.setStatusTip("Accept, reject or comment a colleague's annotations")
        self._connect()
        # The review letters give way to text fields and editors like every one-key shortcut.
        window.shortcut_guard.escape_keepers.append(self._keeps_escape)

    def _keeps_escape(self, widget: QWidget) -> bool:
        """While reviewing, Esc in a text field, a combo box, an editor or the find bar stays there."""
        return self.active and (types_text(widget) or self.window.find_bar.isAncestorOf(widget))

    def _place_widgets(self) -> None:
        """The bar goes right above the article; the status filter under the table's filter box."""
        view = self.window.document_view
        centre = view.parentWidget()
        layout = centre.layout() if centre is not None else None
        if layout is not None:
            layout.insertWidget(max(0, layout.indexOf(view)), self.bar)
        panel = self.window.tag_panel
        panel_layout = panel.layout()
        if panel_layout is None:
            return
        # The status filter sits beside the filter box, in a row that takes the box's place.
        row = QWidget(panel)
        row.setObjectName("annotationFilterRow")
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(6)
        if panel_layout.replaceWidget(panel.filter_edit, row) is None:
            panel_layout.addWidget(row)
        else:
            row_layout.addWidget(panel.filter_edit, 1)
        row_layout.addWidget(QLabel("Review:", row))
        row_layout.addWidget(self.filter_combo)

    def _connect(self) -> None:
        bar, events = self.bar, self.window.events
        bar.accept_requested.connect(lambda: self.give_verdict(ACCEPTED))
        bar.reject_requested.connect(lambda: self.give_verdict(REJECTED))
        bar.comment_requested.connect(self.comment)
        bar.next_requested.connect(self.next)
        bar.previous_requested.connect(self.previous)
        bar.close_requested.connect(self.stop)
        bar.copy_toggled.connect(self._on_bar_copy_toggled)
        self.signals.reviews_changed.connect(self._on_reviews_changed)
        self.window.workspace.document_shown.connect(self._on_document_shown)
        for signal in (events.annotations_added, events.annotations_removed,
                       events.annotations_updated, events.contents_changed):
            signal.connect(self._on_annotations_changed)

    # ----- starting and stopping -------------------------------------------------------------

    @property
    def active(self) -> bool:
        """True while the review bar is shown."""
        return self.colleague is not None

    @property
    def current(self) -> AnnotationInfo | None:
        """The annotation under review."""
        return self._items[self._index] if 0 <= self._index < len(self._items) else None

    def ask_and_start(self) -> None:
        """Ask whose annotations to review, then start."""
        me = self.window.workspace.annotator
        counts = {name: n for name, n in annotation_counts_by_annotator(self.window.project).items()
                  if name != me}
        if not counts:
            QMessageBox.information(self.window, "Review mode",
                                    f"There is nothing to review: every annotation is {me}'s own.")
            return
        colleague = ReviewColleagueDialog.ask(self.window, counts)
        if colleague:
            self.start(colleague)

    def start(self, colleague: str) -> None:
        """Review `colleague`'s annotations, from the current document if it holds some."""
        self.colleague = colleague
        self.bar.set_colleague(colleague)
        self.bar.show()
        self.window.tag_panel.table.setColumnHidden(COLUMN_REVIEW, False)
        doc = self.window.workspace.document
        documents = documents_annotated_by(self.window.project, colleague)
        if doc is not None and doc.id in documents:
            self._entering = "pending"
            self._load_walk(doc.id)
        elif documents:
            self._go_to_document(documents[0], "first")
            self._post(f"Review starts in the first document holding {colleague}'s annotations")
        else:
            self._load_walk(None)

    def stop(self) -> None:
        """Leave review mode (the verdicts stay)."""
        self.colleague = None
        self._items, self._index = [], -1
        self.bar.hide()
        self.refresh_states()
        self.window.document_view.setFocus()

    # ----- the walk -------------------------------------------------------------------------

    def _load_walk(self, document_id: int | None, keep: int | None = None) -> None:
        """Read the colleague's annotations of the document; stay on `keep` if it is still there."""
        if self.colleague is None:
            return
        self._items = (
            [] if document_id is None
            else annotations_to_review(self.window.project, document_id, self.colleague)
        )
        ids = [a.id for a in self._items]
        if keep in ids:
            self._index = ids.index(keep)
        elif not self._items:
            self._index = -1
        elif self._entering == "last":
            self._index = len(self._items) - 1
        elif self._entering == "pending":
            model = self.window.tag_panel.model
            self._index = next(
                (n for n, a in enumerate(self._items) if not model.review_state(a.id).decided), 0
            )
        else:
            self._index = 0
        self._entering = "pending"
        self._show_current(select=keep not in ids)

    def _show_current(self, select: bool = True) -> None:
        ann = self.current
        colors = {lab.id: lab.color for lab in self.window.workspace.labels}
        if ann is None:
            self.bar.show_item(0, 0, None, "", "", self.window.tag_panel.model.review_state(-1))
            return
        text = self.window.document_view.stored_text[ann.start : ann.end]
        state = self.window.tag_panel.model.review_state(ann.id)
        history = review_history(self.window.project, ann.id) if state.reviews else []
        self.bar.show_item(self._index + 1, len(self._items), ann, colors.get(ann.label_id, "#999"),
                           text, state, history)
        if select:
            self._select_in_article(ann)

    def _select_in_article(self, ann: AnnotationInfo) -> None:
        """Select the annotation's row and text, and bring it on screen."""
        view = self.window.document_view
        view.select_range(ann.start, ann.end)
        if not self.window.tag_panel.table.select_annotation(ann.id):  # hidden by a filter
            view.flash_span(ann.start, ann.end)
        view.scroll_to_span(ann.start, ann.end)

    def next(self) -> None:
        """The next annotation, in this document or the next one holding the colleague's."""
        if not self.active:
            return
        if self._index + 1 < len(self._items):
            self._index += 1
            self._show_current()
            return
        self._other_document(+1)

    def previous(self) -> None:
        """The previous annotation, in this document or the previous one holding the colleague's."""
        if not self.active:
            return
        if self._index > 0:
            self._index -= 1
            self._show_current()
            return
        self._other_document(-1)

    def _other_document(self, step: int) -> None:
        assert self.colleague is not None
        documents = documents_annotated_by(self.window.project, self.colleague)
        doc = self.window.workspace.document
        order = [d.id for d in self.window.document_list.model.documents()]
        here = order.index(doc.id) if doc is not None and doc.id in order else -1
        rank = {document_id: n for n, document_id in enumerate(order)}
        candidates = sorted((d for d in documents if d in rank), key=rank.__getitem__)
        if step > 0:
            target = next((d for d in candidates if rank[d] > here), None)
        else:
            target = next((d for d in reversed(candidates) if rank[d] < here), None)
        if target is None:
            where = "last" if step > 0 else "first"
            model = self.window.tag_panel.model
            pending = sum(not model.review_state(a.id).decided for a in self._items)
            left = (f"; {pending} in this document not accepted or rejected yet" if pending
                    else "; every one in this document is accepted or rejected")
            self._post(f"That was the {where} of {self.colleague}'s annotations{left}")
            return
        self._go_to_document(target, "first" if step > 0 else "last")
        title = self.window.workspace.document.title if self.window.workspace.document else ""
        self._post(f"{'Next' if step > 0 else 'Previous'} document with {self.colleague}'s "
                   f"annotations: {title}")

    def _go_to_document(self, document_id: int, entering: str) -> None:
        self._entering = entering
        workspace = self.window.workspace
        self.window.document_list.select_document(document_id)
        if workspace.document is None or workspace.document.id != document_id:
            try:
                workspace.show_document(document_id)
            except AnnotatorError as exc:
                self.window.events.report(exc)

    # ----- verdicts -------------------------------------------------------------------------

    def give_verdict(self, verdict: str, comment: str = "") -> bool:
        """Store a verdict on the current annotation (undoable); accept/reject move on."""
        ann = self.current
        if not self.active or ann is None:
            return False
        command = ReviewCommand(
            self.window.project, self.window.events, self.signals, ann.id,
            self.window.workspace.annotator, verdict, comment,
            copy_to_own=self.bar.copy_box.isChecked(),
        )
        if not push_command(self.window.undo_stack, command):
            return False
        if verdict in DECISIVE_VERDICTS:
            self.next()
        else:
            self._show_current()
        return True

    def comment(self) -> bool:
        """Ask for a comment (alone, or with an accept or a reject) and store it."""
        ann = self.current
        if not self.active or ann is None:
            return False
        excerpt = self.window.document_view.stored_text[ann.start : ann.end]
        subject = f"Comment on «{ann.label}» by {ann.annotator}: «{excerpt[:200]}»"
        answer = ReviewCommentDialog.ask(self.window, subject)
        if answer is None:
            return False
        verdict, text = answer
        return self.give_verdict(verdict or COMMENTED, text)

    # ----- keeping up -----------------------------------------------------------------------

    def refresh_states(self) -> None:
        """Re-read the review states of the shown document for the table.

        The Review column is shown in review mode and wherever some annotation has a review.
        """
        doc = self.window.workspace.document
        states = review_states(self.window.project, doc.id) if doc is not None else {}
        self.window.tag_panel.model.set_review_states(states)
        reviewed = any(state.reviews for state in states.values())
        self.window.tag_panel.table.setColumnHidden(COLUMN_REVIEW, not (self.active or reviewed))

    def _on_document_shown(self, document_id: int) -> None:
        self.refresh_states()
        if self.active:
            current = self.current  # the same document shown again (a codebook change) keeps it
            keep = current.id if current is not None and current.document_id == document_id else None
            self._load_walk(document_id, keep=keep)
            if keep is not None and self.current is not None:
                self._select_in_article(self.current)  # the text was laid out anew

    def _on_annotations_changed(self, *_args: object) -> None:
        self.refresh_states()
        doc = self.window.workspace.document
        if self.active and doc is not None:
            current = self.current
            self._load_walk(doc.id, keep=current.id if current is not None else None)

    def _on_reviews_changed(self, ids: tuple[int, ...]) -> None:
        self.refresh_states()
        if not self.active:
            return
        # A verdict given or taken back: the walk stands on that annotation (after an undo, the
        # reviewer is back where the undone verdict was given).
        walked = [a.id for a in self._items]
        here = next((walked.index(i) for i in ids if i in walked), None)
        moved = here is not None and here != self._index
        if here is not None:
            self._index = here
        self._show_current(select=moved)

    def _on_bar_copy_toggled(self, checked: bool) -> None:
        self.window.settings.setValue(S.REVIEW_COPY_ACCEPTED.key, checked)

    def _post(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)


def install(window: MainWindow) -> None:
    """Attach review mode (menu entry, bar, table status filter) to the main window."""
    window.review_mode = ReviewMode(window)  # type: ignore[attr-defined]
