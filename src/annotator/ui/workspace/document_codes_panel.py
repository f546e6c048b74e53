"""Document codes of the article shown: one toggle per document label, above the article.

A document label (a codebook label of kind "document": a stance, a topic, a frame) is set on a
whole article. The panel shows each as a button with its colour and key, checked when the
current annotator set it on the document shown; who else set it is written beside it and in its
tooltip. A click, or the label's key (the same digit keys as the span labels: a key is one
label's, whatever its kind), sets or removes the code as one undoable step. The panel is hidden
while the codebook has no document labels.

A colleague's code shows its review status beside their name (accepted, rejected, commented);
in review mode, right-clicking a label offers to accept, reject or comment on the reviewed
colleague's code, each one undoable step.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from annotator import settings as S
from annotator.domain.errors import AnnotatorError
from annotator.domain.palette import colour_blind_safe_colours
from annotator.domain.records import DocumentCodeInfo, DocumentCodeReviewOutcome, LabelInfo
from annotator.domain.review import ACCEPTED, COMMENTED, PENDING_STATE, REJECTED, ReviewState
from annotator.i18n import N_, _, number, pgettext
from annotator.services import Project
from annotator.services import document_code_reviews as code_reviews
from annotator.services.document_codes import list_document_codes
from annotator.services.labels import list_labels
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand, push_command
from annotator.ui.widgets.label_panel import key_note, label_button_text, swatch_icon
from annotator.ui.workspace.annotation_table import REVIEW_COLORS
from annotator.ui.workspace.document_code_commands import (
    RemoveDocumentCodeCommand,
    SetDocumentCodeCommand,
)

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

#: Beside a code, at most this many other annotators are named (the tooltip names them all).
NAMED_OTHERS = 1


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, place: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            size = item.sizeHint()
            if x > area.x() and x + size.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if place:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + self._gap
            line = max(line, size.height())
        return y + line - rect.y() + margins.bottom()


def others_caption(names: list[str]) -> str:
    """Who else set a code, briefly: "also bob", "also bob +2"."""
    if not names:
        return ""
    shown = ", ".join(names[:NAMED_OTHERS])
    more = len(names) - NAMED_OTHERS
    if more > 0:
        return _("also {names} +{more}").format(names=shown, more=number(more))
    return _("also {names}").format(names=shown)


def code_tooltip(label: LabelInfo, mine: bool, others: list[str]) -> str:
    """Rich-text tooltip: name and key, definition, and who set the code on this document."""
    key = key_note(label)
    definition = html.escape(label.definition).replace("\n", "<br>")
    who = [_("you")] if mine else []
    who += others
    said = (_("Set on this document by {names}.").format(names=", ".join(who)) if who
            else _("Not set on this document."))
    action = _("Click to remove yours.") if mine else _("Click to set it.")
    body = f"<br>{definition}" if definition else ""
    return (f"<qt><b>{html.escape(label.name)}</b>{key}{body}<br>{html.escape(said)} "
            f"<i>{html.escape(action)}</i></qt>")


#: The undo step of a verdict on a colleague's document code (translated where shown).
_STEPS = {
    ACCEPTED: N_("Accept document code «{label}» by {annotator}"),
    REJECTED: N_("Reject document code «{label}» by {annotator}"),
    COMMENTED: N_("Comment on document code «{label}» by {annotator}"),
}
_REVIEW_STEP = N_("Review document code «{label}» by {annotator}")


def status_word(status: str) -> str:
    """A document code's review status ("accepted", "rejected", "commented") as shown."""
    words = {
        ACCEPTED: pgettext("document code", "accepted"),
        REJECTED: pgettext("document code", "rejected"),
        COMMENTED: pgettext("document code", "commented"),
    }
    return words.get(status, status)


def review_line(code: DocumentCodeInfo, state: ReviewState) -> str:
    """How a colleague's code stands, for a tooltip: "bob — accepted by ana (“fine”)"."""
    if not state.status:
        return _("{annotator} — not reviewed yet").format(annotator=code.annotator)
    if state.comment:
        return _("{annotator} — {status} by {reviewer} (“{comment}”)").format(
            annotator=code.annotator, status=status_word(state.status), reviewer=state.reviewer,
            comment=state.comment)
    return _("{annotator} — {status} by {reviewer}").format(
        annotator=code.annotator, status=status_word(state.status), reviewer=state.reviewer)


class ReviewDocumentCodeCommand(ServiceCommand):
    """One verdict on a colleague's document code (and the reviewer's own code set on accept);
    undo removes both, redo puts the same review and code back (same UUIDs)."""

    def __init__(self, project: Project, events: ProjectEvents, code: DocumentCodeInfo,
                 reviewer: str, verdict: str, comment: str = "", copy_to_own: bool = False) -> None:
        super().__init__(project, events, _(_STEPS.get(verdict, _REVIEW_STEP)).format(
            label=code.label, annotator=code.annotator))
        self._code = code
        self._args = (reviewer, verdict, comment, copy_to_own)
        self._outcome: DocumentCodeReviewOutcome | None = None

    @property
    def outcome(self) -> DocumentCodeReviewOutcome | None:
        """The review as last stored (None before the first run)."""
        return self._outcome

    def _apply(self) -> None:
        if self._outcome is None:
            reviewer, verdict, comment, copy_to_own = self._args
            self._outcome = code_reviews.review_document_code(
                self._project, self._code.uuid, reviewer, verdict, comment, copy_to_own)
        else:
            self._outcome = code_reviews.restore_document_code_review(self._project, self._outcome)

    def _revert(self) -> None:
        assert self._outcome is not None
        code_reviews.undo_document_code_review(self._project, self._outcome)

    def _announce(self) -> None:
        self._events.document_codes_changed.emit(self._code.document_id)


def _chip_style(color: str) -> str:
    fill = QColor(color)
    if not fill.isValid():
        fill = QColor("#999999")
    r, g, b = fill.red(), fill.green(), fill.blue()
    return (
        "QToolButton { padding: 1px 8px; border: 1px solid palette(mid); border-radius: 9px; }"
        f" QToolButton:checked {{ background: rgba({r}, {g}, {b}, 90);"
        f" border: 1px solid rgb({r}, {g}, {b}); }}"
    )


class DocumentCodesPanel(QFrame):
    """The document labels as toggles for the article shown; made by the window with its context."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.setObjectName("documentCodesPanel")
        self.setAccessibleName(_("Document codes"))
        self.setAccessibleDescription(
            _("Codes of the whole article shown; each button sets or removes yours"))
        self.setStyleSheet("#documentCodesPanel { border-bottom: 1px solid palette(mid); }")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._project = context.project
        self._events = context.events
        self._stack = context.undo_stack
        self._workspace = context.workspace
        self._show_message = context.show_message
        self._labels: list[LabelInfo] = []
        self._buttons: dict[int, QToolButton] = {}
        self._captions: dict[int, QLabel] = {}
        self._mine: dict[int, DocumentCodeInfo] = {}  # label id -> the current annotator's code
        self._others: dict[int, list[str]] = {}
        self._other_codes: dict[int, list[DocumentCodeInfo]] = {}  # label id -> others' codes
        self._states: dict[int, ReviewState] = {}  # code id -> its review state
        self._settings = context.settings
        #: Whose codes are under review: the colleague of review mode, None outside it.
        self._colleague_of: Callable[[], str | None] = lambda: None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(8)
        self._caption = QLabel(_("Document:"), self)
        self._caption.setObjectName("documentCodesCaption")
        self._caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._caption, 0, Qt.AlignmentFlag.AlignTop)
        self._codes = QWidget(self)
        self._flow = FlowLayout(self._codes, spacing=6)
        self._flow.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._codes, 1)

        self._workspace.key_fallbacks.append(self.toggle_key)
        self._workspace.document_shown.connect(self._on_workspace_document_shown)
        self._workspace.layers_changed.connect(self.refresh_codes)  # the annotator may have changed
        self._workspace.label_colours_changed.connect(self._on_workspace_label_colours_changed)
        self._events.labels_changed.connect(self.reload)
        self._events.contents_changed.connect(self.reload)
        self._events.document_codes_changed.connect(self._on_events_document_codes_changed)
        self.reload()

    # ----- what it shows --------------------------------------------------------------------

    def labels(self) -> list[LabelInfo]:
        """The document labels shown, in codebook order."""
        return list(self._labels)

    def button_for(self, label_id: int) -> QToolButton | None:
        """The toggle of a document label, or None if it is not shown."""
        return self._buttons.get(label_id)

    def others_for(self, label_id: int) -> list[str]:
        """Who else (not the current annotator) set this label on the document shown."""
        return list(self._others.get(label_id, []))

    def review_state(self, code_id: int) -> ReviewState:
        """The review state of a code of the document shown (pending if it has no review)."""
        return self._states.get(code_id, PENDING_STATE)

    def follow_review(self, colleague_of: Callable[[], str | None]) -> None:
        """Offer review of a colleague's codes while `colleague_of()` names one (review mode)."""
        self._colleague_of = colleague_of

    def colleague_code(self, label_id: int) -> DocumentCodeInfo | None:
        """In review mode, the reviewed colleague's code of this label on the document shown."""
        colleague = self._colleague_of()
        if colleague is None:
            return None
        return next((c for c in self._other_codes.get(label_id, []) if c.annotator == colleague),
                    None)

    def reload(self) -> None:
        """Read the document labels again (the codebook changed, or a merge) and the codes."""
        try:
            labels = list_labels(self._project, kind="document")
        except AnnotatorError as exc:
            self._events.report(exc)
            return
        if labels != self._labels:
            self._rebuild(labels)
        self.setVisible(bool(labels))
        self.refresh_codes()

    def refresh_codes(self) -> None:
        """Check the codes the current annotator set on the document shown; name the others."""
        document = self._workspace.document
        codes: list[DocumentCodeInfo] = []
        self._states = {}
        if document is not None and self._labels:
            try:
                codes = list_document_codes(self._project, document.id)
                self._states = code_reviews.document_code_review_states(self._project, document.id)
            except AnnotatorError as exc:
                self._events.report(exc)
        me = self._workspace.annotator
        colleague = self._colleague_of()
        self._mine = {c.label_id: c for c in codes if c.annotator == me}
        self._others = {}
        self._other_codes = {}
        for code in sorted(codes, key=lambda c: c.annotator != colleague):  # the colleague first
            if code.annotator != me:
                self._others.setdefault(code.label_id, []).append(code.annotator)
                self._other_codes.setdefault(code.label_id, []).append(code)
        for label in self._labels:
            button, caption = self._buttons[label.id], self._captions[label.id]
            others = self._others.get(label.id, [])
            mine = label.id in self._mine
            button.setEnabled(document is not None)
            button.setChecked(mine)
            tooltip = code_tooltip(label, mine, others)
            reviewed = [review_line(c, self.review_state(c.id))
                        for c in self._other_codes.get(label.id, [])]
            if reviewed:  # how each colleague's code stands, and how to review it
                lines = "<br>".join(html.escape(line) for line in reviewed)
                hint = html.escape(_("In review mode, right-click to accept, reject or comment on "
                                     "the colleague's code."))
                tooltip = tooltip.removesuffix("</qt>") + (
                    "<br>" + _("Reviews:") + "<br>" + lines + f"<br><i>{hint}</i></qt>")
            button.setToolTip(tooltip)
            first = self._other_codes.get(label.id, [None])[0]
            status = self.review_state(first.id).status if first is not None else ""
            clauses = [_("set by you") if mine else _("not set by you")]
            if others:
                clauses.append(_("also set by {names}").format(names=", ".join(others)))
            if status and first is not None:
                clauses.append(_("{annotator}'s {status}").format(annotator=first.annotator,
                                                                  status=status_word(status)))
            description = clauses[0]
            for clause in clauses[1:]:
                description = _("{summary}; {clause}").format(summary=description, clause=clause)
            button.setAccessibleDescription(description)
            caption.setText(others_caption(others) + (f" · {status_word(status)}" if status else ""))
            color = REVIEW_COLORS.get(status)  # as in the annotation table
            caption.setStyleSheet(f"color: {color};" if color else "")
            caption.setVisible(bool(others))

    def _on_workspace_label_colours_changed(self) -> None:
        """The colour-blind-safe palette was turned on or off: the buttons take its colours."""
        self._rebuild(self._labels)
        self.refresh_codes()

    def color_of(self, label: LabelInfo) -> str:
        """The colour a document label is drawn in: its own, or with the colour-blind-safe palette
        on, the one of its place in the codebook (after the span labels)."""
        if not self._workspace.colour_blind_safe:
            return label.color
        safe = colour_blind_safe_colours([lab.id for lab in self._labels], first=len(self._workspace.labels))
        return safe.get(label.id, label.color)

    def _rebuild(self, labels: list[LabelInfo]) -> None:
        while (item := self._flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self._labels = list(labels)
        self._buttons.clear()
        self._captions.clear()
        for label in self._labels:
            self._flow.addWidget(self._make_item(label))
        if self._buttons:  # the caption on the middle of the first line of buttons
            self._caption.setFixedHeight(next(iter(self._buttons.values())).sizeHint().height())
        self._codes.updateGeometry()

    def _make_item(self, label: LabelInfo) -> QWidget:
        item = QWidget(self._codes)
        row = QHBoxLayout(item)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        button = QToolButton(item)
        button.setObjectName(f"documentCodeButton:{label.name}")
        button.setAccessibleName(
            _("Document code {label}, key {key}").format(label=label.name, key=label.shortcut)
            if label.shortcut else _("Document code {label}").format(label=label.name))
        color = self.color_of(label)
        button.setIcon(swatch_icon(color))
        button.setText(label_button_text(label))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setCheckable(True)
        # Reached with Tab, never taken by a click: the article keeps the keyboard.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setStyleSheet(_chip_style(color))
        button.clicked.connect(lambda _checked=False, label_id=label.id: self.toggle(label_id))
        button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        button.customContextMenuRequested.connect(
            lambda pos, label_id=label.id, widget=button: self._on_button_context_menu(
                label_id, widget.mapToGlobal(pos)))
        caption = QLabel(item)
        caption.setObjectName(f"documentCodeOthers:{label.name}")
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # quieter, light or dark
        font = caption.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        caption.setFont(font)
        caption.hide()
        row.addWidget(button)
        row.addWidget(caption)
        self._buttons[label.id] = button
        self._captions[label.id] = caption
        return item

    # ----- setting and removing -------------------------------------------------------------

    def toggle(self, label_id: int) -> bool:
        """Set the document label on the article shown, or remove the current annotator's code
        of it, as one undoable step; True if the change was made."""
        document = self._workspace.document
        label = next((lab for lab in self._labels if lab.id == label_id), None)
        if document is None or label is None:
            self._show_message(_("Open a document first") if label else _("No such document label"), 5000)
            self.refresh_codes()
            return False
        mine = self._mine.get(label_id)
        if mine is None:
            command = SetDocumentCodeCommand(self._project, self._events, document.id, label.id,
                                             label.name, self._workspace.annotator)
            done = _("Document code «{label}» set on this document").format(label=label.name)
        else:
            command = RemoveDocumentCodeCommand(self._project, self._events, mine)
            done = _("Document code «{label}» removed from this document").format(label=label.name)
        made = push_command(self._stack, command)
        if made:
            self._show_message(done, 5000)  # the step announced it: the buttons follow
        else:
            self.refresh_codes()  # refused: the button shows the project as it is
        return made

    # ----- reviewing a colleague's code ------------------------------------------------------

    def review_menu(self, label_id: int) -> QMenu | None:
        """In review mode, the menu of the colleague's code of this label (accept, reject,
        comment), or None when there is nothing of theirs to review here."""
        code = self.colleague_code(label_id)
        if code is None:
            return None
        menu = QMenu(self)
        status = self.review_state(code.id).status
        shown = status_word(status) if status else pgettext("document code", "not reviewed yet")
        title = menu.addAction(_("«{label}» by {annotator} — {status}").format(
            annotator=code.annotator, label=code.label, status=shown))
        title.setEnabled(False)
        menu.addSeparator()
        accept = menu.addAction(_("&Accept"), lambda: self.review_code(label_id, ACCEPTED))
        accept.setObjectName("acceptDocumentCode")
        reject = menu.addAction(_("&Reject"), lambda: self.review_code(label_id, REJECTED))
        reject.setObjectName("rejectDocumentCode")
        comment = menu.addAction(_("&Comment…"), lambda: self.comment_code(label_id))
        comment.setObjectName("commentDocumentCode")
        return menu

    def review_code(self, label_id: int, verdict: str, comment: str = "") -> bool:
        """Store a verdict on the colleague's code of this label as one undoable step (accepting
        also sets it for you when *Copy accepted into my annotations* is on); True if stored."""
        code = self.colleague_code(label_id)
        if code is None:
            self._show_message(_("No colleague's code of this label to review here"), 5000)
            return False
        copy = bool(self._settings.value(S.REVIEW_COPY_ACCEPTED.key, S.REVIEW_COPY_ACCEPTED.default,
                                         type=bool))
        command = ReviewDocumentCodeCommand(self._project, self._events, code,
                                            self._workspace.annotator, verdict, comment,
                                            copy_to_own=copy and verdict == ACCEPTED)
        made = push_command(self._stack, command)
        if made:
            done = {ACCEPTED: _("{annotator}'s document code «{label}» accepted"),
                    REJECTED: _("{annotator}'s document code «{label}» rejected")}.get(
                verdict, _("{annotator}'s document code «{label}» commented on"))
            self._show_message(done.format(annotator=code.annotator, label=code.label), 5000)
        return made

    def comment_code(self, label_id: int) -> bool:
        """Ask for a comment (alone, or with an accept or a reject) on the colleague's code."""
        from annotator.ui.review.review_bar import ReviewCommentDialog

        code = self.colleague_code(label_id)
        if code is None:
            return False
        answer = ReviewCommentDialog.ask(
            self, _("Comment on the document code «{label}» by {annotator}").format(
                label=code.label, annotator=code.annotator))
        if answer is None:
            return False
        verdict, text = answer
        return self.review_code(label_id, verdict or COMMENTED, text)

    def _on_button_context_menu(self, label_id: int, where: QPoint) -> None:
        self.refresh_codes()  # review mode may have started or ended since
        menu = self.review_menu(label_id)
        if menu is None:
            return
        menu.exec(where)
        menu.deleteLater()

    def toggle_key(self, key: str) -> bool:
        """The label key `key` when no span label has it: toggle the document label that has
        it; False if none has."""
        label = next((lab for lab in self._labels if lab.shortcut == key), None)
        if label is None:
            return False
        self.toggle(label.id)
        return True

    # ----- slots ----------------------------------------------------------------------------

    def _on_workspace_document_shown(self, _document_id: int) -> None:
        self.refresh_codes()

    def _on_events_document_codes_changed(self, document_id: int) -> None:
        document = self._workspace.document
        if document is not None and document.id == document_id:
            self.refresh_codes()
