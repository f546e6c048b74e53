"""Review mode: accept, reject or comment a colleague's annotations, one by one.

Review > Review mode… asks whose annotations to review and shows the review bar above the article.
The walk follows the colleague's annotations of the current document in text order; at the end
of a document Next goes on to the next document holding their annotations. A, R, C, N, P and
Esc act only while the bar is shown, and never inside a text field, a combo box or a cell editor.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QWidget

from annotator import settings as S
from annotator.domain.errors import AnnotatorError
from annotator.domain.records import AnnotationInfo, ReviewInfo
from annotator.domain.review import (
    ACCEPTED,
    COMMENTED,
    DECISIVE_VERDICTS,
    PENDING_STATE,
    REJECTED,
    review_state,
)
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.services.reviews import (
    annotation_counts_by_annotator,
    documents_annotated_by,
    review_history,
    review_states_of,
    reviewed_states,
)
from annotator.ui.review.review_bar import ReviewBar, ReviewColleagueDialog, ReviewCommentDialog, quoted
from annotator.ui.review.review_commands import ReviewCommand, ReviewSignals
from annotator.ui.undo_stack import push_command
from annotator.ui.widgets.shortcut_guard import types_text
from annotator.ui.workspace.annotation_table import COLUMN_REVIEW
from annotator.ui.workspace.annotation_table_view import ReviewFilterCombo

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

FEW = 20
"""Up to this many annotations changed in one step, the review states of just those are read;
more, and the whole document's are read again."""


def _walk_key(ann: AnnotationInfo) -> tuple[int, int, int]:
    return (ann.start, ann.end, ann.id)


class ReviewMode(QObject):
    """The walk through a colleague's annotations, the review bar, and the table's review column."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self._context = context
        self.signals = ReviewSignals(self)
        self.colleague: str | None = None
        self._items: list[AnnotationInfo] = []
        self._index = -1
        self._entering = "pending"  # where to start in the next document shown
        # The verdict being stored, if one is: the walk moves on once it is.
        self._giving: ReviewCommand | None = None
        self._histories: dict[int, list[ReviewInfo]] = {}  # review histories read, by annotation id
        self._reviewed_gone: set[str] = set()  # UUIDs of reviewed annotations deleted (undo may restore)
        self.bar = ReviewBar(context.parent)
        context.workspace.paint_after_article(self.bar)  # the next item shows in the article first
        self.filter_combo = ReviewFilterCombo(context.tag_panel.table, context.tag_panel)
        self._place_widgets()
        copy = context.settings.value(S.REVIEW_COPY_ACCEPTED.key, S.REVIEW_COPY_ACCEPTED.default,
                                     type=bool)
        self.bar.copy_box.setChecked(bool(copy))
        self.start_action = context.menu("reviewMenu").addAction(
            _("&Review mode…"), self.ask_and_start
        )
        self.start_action.setStatusTip(_("Accept, reject or comment a colleague's annotations"))
        self._connect()
        # The review letters give way to text fields and editors like every one-key shortcut.
        context.shortcut_guard.escape_keepers.append(self._keeps_escape)

    def _keeps_escape(self, widget: QWidget) -> bool:
        """While reviewing, Esc in a text field, a combo box, an editor or the find bar stays there."""
        return self.active and (types_text(widget) or self._context.find_bar.isAncestorOf(widget))

    def _place_widgets(self) -> None:
        """The bar goes right above the article; the status filter under the table's filter box."""
        view = self._context.document_view
        centre = view.parentWidget()
        layout = centre.layout() if centre is not None else None
        if layout is not None:
            layout.insertWidget(max(0, layout.indexOf(view)), self.bar)
        panel = self._context.tag_panel
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
        row_layout.addWidget(QLabel(_("Review:"), row))
        self.filter_combo.setAccessibleName(_("Filter by review status"))
        row_layout.addWidget(self.filter_combo)

    def _connect(self) -> None:
        bar, events = self.bar, self._context.events
        bar.accept_requested.connect(lambda: self.give_verdict(ACCEPTED))
        bar.reject_requested.connect(lambda: self.give_verdict(REJECTED))
        bar.comment_requested.connect(self.comment)
        bar.next_requested.connect(self.next)
        bar.previous_requested.connect(self.previous)
        bar.close_requested.connect(self.stop)
        bar.copy_toggled.connect(self._on_bar_copy_toggled)
        self.signals.reviews_changed.connect(self._on_reviews_changed)
        self._context.workspace.document_shown.connect(self._on_document_shown)
        events.annotations_added.connect(self._on_annotations_added)
        events.annotations_removed.connect(self._on_annotations_removed)
        events.annotations_updated.connect(self._on_annotations_updated)
        events.contents_changed.connect(self._on_contents_changed)

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
        me = self._context.workspace.annotator
        counts = {name: n for name, n in annotation_counts_by_annotator(self._context.project).items()
                  if name != me}
        if not counts:
            QMessageBox.information(
                self._context.parent, _("Review mode"),
                _("There is nothing to review: every annotation is {name}'s own.").format(name=me))
            return
        colleague = ReviewColleagueDialog.ask(self._context.parent, counts)
        if colleague:
            self.start(colleague)

    def start(self, colleague: str) -> None:
        """Review `colleague`'s annotations, from the current document if it holds some."""
        self.colleague = colleague
        self.bar.set_colleague(colleague)
        self.bar.show()
        self._context.tag_panel.table.setColumnHidden(COLUMN_REVIEW, False)
        doc = self._context.workspace.document
        documents = documents_annotated_by(self._context.project, colleague)
        if doc is not None and doc.id in documents:
            self._entering = "pending"
            self._load_walk(doc.id)
        elif documents:
            self._go_to_document(documents[0], "first")
            self._post(_("Review starts in the first document holding {name}'s annotations").format(
                name=colleague))
        else:
            self._load_walk(None)

    def stop(self) -> None:
        """Leave review mode (the verdicts stay)."""
        self.colleague = None
        self._items, self._index = [], -1
        self.bar.hide()
        self._show_review_column()
        self._context.document_view.setFocus()

    # ----- the walk -------------------------------------------------------------------------

    def _load_walk(
        self, document_id: int | None, keep: int | None = None,
        items: list[AnnotationInfo] | None = None,
    ) -> None:
        """Walk the colleague's annotations of the document (`items`, in text order, if known);
        stay on `keep` if it is still there."""
        if self.colleague is None:
            return
        if items is None:
            items = [] if document_id is None else self._colleague_annotations()
        self._items = items
        ids = [a.id for a in self._items]
        if keep in ids:
            self._index = ids.index(keep)
        elif not self._items:
            self._index = -1
        elif self._entering == "last":
            self._index = len(self._items) - 1
        elif self._entering == "pending":
            model = self._context.tag_panel.model
            self._index = next(
                (n for n, a in enumerate(self._items) if not model.review_state(a.id).decided), 0
            )
        else:
            self._index = 0
        self._entering = "pending"
        self._show_current(select=keep not in ids)

    def _colleague_annotations(self) -> list[AnnotationInfo]:
        """The colleague's annotations of the document shown (hidden or not), in text order."""
        workspace = self._context.workspace
        if workspace.document is None:
            return []
        return sorted(workspace.annotations_by(self.colleague), key=_walk_key)

    def _history(self, annotation_id: int) -> list[ReviewInfo]:
        history = self._histories.get(annotation_id)
        if history is None:
            history = self._histories[annotation_id] = review_history(
                self._context.project, annotation_id)
        return history

    def _show_current(self, select: bool = True) -> None:
        ann = self.current
        if select and ann is not None:
            self._context.workspace.paint_table_after_article()  # the bar too, after the article
        colors = {lab.id: lab.color for lab in self._context.workspace.shown_labels}
        if ann is None:
            self.bar.show_item(0, 0, None, "", "", self._context.tag_panel.model.review_state(-1))
            return
        text = self._context.document_view.stored_text[ann.start : ann.end]
        state = self._context.tag_panel.model.review_state(ann.id)
        history = self._histories.get(ann.id, []) if state.reviews else []
        self.bar.show_item(self._index + 1, len(self._items), ann, colors.get(ann.label_id, "#999"),
                           text, state, history)
        if state.reviews and ann.id not in self._histories:
            # The bar counts the reviews at once; their list (its tooltip) is read after the
            # article is painted, so that the next annotation is on screen without waiting for it.
            self._context.document_view.after_next_paint(lambda: self._show_history_of(ann))
        if select:
            self._select_in_article(ann)

    def _show_history_of(self, ann: AnnotationInfo) -> None:
        """The review history of the annotation under review, in the bar (if it still is)."""
        if self.current is not ann:
            return
        try:
            self._history(ann.id)
        except AnnotatorError as exc:
            self._context.events.report(exc)
            return
        self._show_current(select=False)

    def _select_in_article(self, ann: AnnotationInfo) -> None:
        """Select the annotation's row and text, and bring it on screen."""
        view = self._context.document_view
        self._context.workspace.paint_table_after_article()
        view.select_range(ann.start, ann.end)
        # The row follows quietly (a click in the table would flash the span, repainting the
        # whole article twice); a row hidden by a filter leaves the flash to find the span.
        if not self._context.workspace.select_in_table(ann.id):
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
        documents = documents_annotated_by(self._context.project, self.colleague)
        doc = self._context.workspace.document
        order = [d.id for d in self._context.document_list.model.documents()]
        here = order.index(doc.id) if doc is not None and doc.id in order else -1
        rank = {document_id: n for n, document_id in enumerate(order)}
        candidates = sorted((d for d in documents if d in rank), key=rank.__getitem__)
        if step > 0:
            target = next((d for d in candidates if rank[d] > here), None)
        else:
            target = next((d for d in reversed(candidates) if rank[d] < here), None)
        if target is None:
            self._post(self._end_of_walk(step > 0))
            return
        self._go_to_document(target, "first" if step > 0 else "last")
        title = self._context.workspace.document.title if self._context.workspace.document else ""
        wording = (_("Next document with {name}'s annotations: {title}") if step > 0
                   else _("Previous document with {name}'s annotations: {title}"))
        self._post(wording.format(name=self.colleague, title=title))

    def _end_of_walk(self, forward: bool) -> str:
        """What Next after the last (Previous before the first) annotation says."""
        model = self._context.tag_panel.model
        pending = sum(not model.review_state(a.id).decided for a in self._items)
        name = self.colleague
        if forward and pending:
            return ntext(pending,
                         "That was the last of {name}'s annotations; {count} in this document not "
                         "accepted or rejected yet",
                         "That was the last of {name}'s annotations; {count} in this document not "
                         "accepted or rejected yet", name=name)
        if pending:
            return ntext(pending,
                         "That was the first of {name}'s annotations; {count} in this document not "
                         "accepted or rejected yet",
                         "That was the first of {name}'s annotations; {count} in this document not "
                         "accepted or rejected yet", name=name)
        if forward:
            return _("That was the last of {name}'s annotations; every one in this document is "
                     "accepted or rejected").format(name=name)
        return _("That was the first of {name}'s annotations; every one in this document is "
                 "accepted or rejected").format(name=name)

    def _go_to_document(self, document_id: int, entering: str) -> None:
        self._entering = entering
        workspace = self._context.workspace
        self._context.document_list.select_document(document_id)
        if workspace.document is None or workspace.document.id != document_id:
            try:
                workspace.show_document(document_id)
            except AnnotatorError as exc:
                self._context.events.report(exc)

    # ----- verdicts -------------------------------------------------------------------------

    def give_verdict(self, verdict: str, comment: str = "") -> bool:
        """Store a verdict on the current annotation (undoable); accept/reject move on."""
        ann = self.current
        if not self.active or ann is None:
            return False
        command = ReviewCommand(
            self._context.project, self._context.events, self.signals, ann.id,
            self._context.workspace.annotator, verdict, comment,
            copy_to_own=self.bar.copy_box.isChecked(),
        )
        self._giving = command
        try:
            pushed = push_command(self._context.undo_stack, command)
        finally:
            self._giving = None
        if not pushed:
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
        excerpt = self._context.document_view.stored_text[ann.start : ann.end]
        subject = _("Comment on {label} by {annotator}: {excerpt}").format(
            label=quoted(ann.label), annotator=ann.annotator, excerpt=quoted(excerpt[:200]))
        answer = ReviewCommentDialog.ask(self._context.parent, subject)
        if answer is None:
            return False
        verdict, text = answer
        return self.give_verdict(verdict or COMMENTED, text)

    # ----- keeping up -----------------------------------------------------------------------

    def refresh_states(self) -> None:
        """Re-read the review states of the shown document for the table.

        The Review column is shown in review mode and wherever some annotation has a review.
        """
        doc = self._context.workspace.document
        states = reviewed_states(self._context.project, doc.id) if doc is not None else {}
        self._histories = {}
        self._context.tag_panel.model.set_review_states(states)
        self._show_review_column()

    def _reread_states(self, annotation_ids: list[int]) -> None:
        """Re-read the review states of a few annotations (all of them if there are many)."""
        if len(annotation_ids) > FEW:
            self.refresh_states()
            return
        for annotation_id in annotation_ids:
            self._histories.pop(annotation_id, None)
        try:
            states = review_states_of(self._context.project, annotation_ids)
        except AnnotatorError as exc:
            self._context.events.report(exc)
            return
        self._context.tag_panel.model.update_review_states(states)
        self._show_review_column()

    def _show_review_column(self) -> None:
        model = self._context.tag_panel.model
        self._context.tag_panel.table.setColumnHidden(
            COLUMN_REVIEW, not (self.active or model.has_reviews()))

    def _on_document_shown(self, document_id: int) -> None:
        self.refresh_states()
        if self.active:
            current = self.current  # the same document shown again (a codebook change) keeps it
            keep = current.id if current is not None and current.document_id == document_id else None
            self._load_walk(document_id, keep=keep)
            if keep is not None and self.current is not None:
                self._select_in_article(self.current)  # the text was laid out anew

    def _on_contents_changed(self) -> None:
        self.refresh_states()
        doc = self._context.workspace.document
        if self.active and doc is not None:
            current = self.current
            self._load_walk(doc.id, keep=current.id if current is not None else None)

    def _on_annotations_added(self, added: tuple[AnnotationInfo, ...]) -> None:
        doc = self._context.workspace.document
        here = [a for a in added if doc is not None and a.document_id == doc.id]
        if not here:
            return
        # A new annotation has no review; one put back by an undo may have its reviews back.
        back = [a.id for a in here if a.uuid in self._reviewed_gone]
        if back:
            self._reread_states(back)
        self._walk_changed(here, [])

    def _on_annotations_removed(self, removed: tuple[AnnotationInfo, ...]) -> None:
        model = self._context.tag_panel.model
        reviewed = [a for a in removed if model.review_state(a.id).reviews]
        if reviewed:  # their reviews went with them
            self._reviewed_gone.update(a.uuid for a in reviewed)
            for ann in reviewed:
                self._histories.pop(ann.id, None)
            model.update_review_states({a.id: PENDING_STATE for a in reviewed})
            self._show_review_column()
        self._walk_changed([], removed)

    def _on_annotations_updated(self, updated: tuple[AnnotationInfo, ...]) -> None:
        self._walk_changed(updated, updated)

    def _walk_changed(
        self, added: list[AnnotationInfo] | tuple[AnnotationInfo, ...],
        removed: list[AnnotationInfo] | tuple[AnnotationInfo, ...],
    ) -> None:
        """Follow annotations added to, removed from or changed in the walk; stay where we are."""
        doc = self._context.workspace.document
        if not self.active or doc is None:
            return
        current = self.current
        gone = {a.id for a in removed}
        items = [a for a in self._items if a.id not in gone]
        for ann in added:
            if ann.annotator == self.colleague and ann.document_id == doc.id:
                items.insert(bisect_left(items, _walk_key(ann), key=_walk_key), ann)
        self._load_walk(doc.id, keep=current.id if current is not None else None, items=items)

    def _state_after_verdict(self, ids: tuple[int, ...]) -> bool:
        """A verdict just stored: show its annotation's new state, made from the history known
        before and the review stored, without reading them again. False if that is not known."""
        outcome = self._giving.outcome if self._giving is not None else None
        if outcome is None or tuple(ids) != (outcome.review.annotation_id,):
            return False
        annotation_id = outcome.review.annotation_id
        model = self._context.tag_panel.model
        history = self._histories.get(annotation_id)
        if history is None:
            if model.review_state(annotation_id).reviews:  # reviewed before: history not read yet
                return False
            history = []
        history = self._histories[annotation_id] = [*history, outcome.review]
        model.update_review_states({annotation_id: review_state(history)})
        self._show_review_column()
        return True

    def _on_reviews_changed(self, ids: tuple[int, ...]) -> None:
        self._context.workspace.paint_table_after_article()
        if not self._state_after_verdict(ids):
            self._reread_states(list(ids))
        if not self.active or self._giving is not None:  # give_verdict shows where the walk goes next
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
        self._context.settings.setValue(S.REVIEW_COPY_ACCEPTED.key, checked)

    def _post(self, message: str) -> None:
        self._context.show_message(message, 6000)

