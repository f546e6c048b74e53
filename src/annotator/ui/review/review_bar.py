"""The review bar above the article, and the dialogs of review mode (colleague, comment)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import AnnotationInfo, ReviewInfo
from annotator.domain.review import ACCEPTED, COMMENTED, REJECTED, ReviewState
from annotator.domain.wording import ntext
from annotator.i18n import N_, _, number, pgettext
from annotator.ui.workspace.annotation_table import REVIEW_COLORS, one_line

EXCERPT_CHARS = 90
#: The status of a reviewed annotation, by its latest verdict (translated where shown).
_STATUS_TEXT = {
    ACCEPTED: N_("Accepted by {reviewer}"),
    REJECTED: N_("Rejected by {reviewer}"),
    COMMENTED: N_("Commented by {reviewer}"),
}


def quoted(text: str) -> str:
    """`text` in guillemets as the language writes them: «text» (English), « text » (French)."""
    return _("«{text}»").format(text=text)


def verdict_word(verdict: str) -> str:
    """A verdict as the review history reads it (English: the stored verdict itself)."""
    if verdict == ACCEPTED:
        return pgettext("annotation verdict", "accepted")
    if verdict == REJECTED:
        return pgettext("annotation verdict", "rejected")
    if verdict == COMMENTED:
        return pgettext("annotation verdict", "commented")
    return verdict


def status_text(state: ReviewState) -> str:
    """"Pending", or e.g. "Accepted by ana" for the bar."""
    if not state.reviews:
        return _("Pending")
    wording = _STATUS_TEXT.get(state.status)
    if wording is None:  # a verdict this version does not know: shown as stored
        return _("{status} by {reviewer}").format(status=state.status, reviewer=state.reviewer)
    return _(wording).format(reviewer=state.reviewer)


def history_text(history: Sequence[ReviewInfo]) -> str:
    """One line per review, oldest first (a tooltip)."""
    lines = []
    for review in history:
        when = review.created_at.replace("T", " ")[:16]
        line = _("{when} UTC · {reviewer}: {verdict}").format(
            when=when, reviewer=review.reviewer, verdict=verdict_word(review.verdict))
        lines.append(f"{line} — {review.comment}" if review.comment else line)
    return "\n".join(lines) or _("No review yet")


class ReviewBar(QFrame):
    """Where the reviewer is in the walk, what the annotation is, and the verdict buttons."""

    accept_requested = Signal()
    reject_requested = Signal()
    comment_requested = Signal()
    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()
    copy_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title = QLabel(self)
        self.title.setObjectName("reviewTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.position = QLabel(self)
        self.position.setObjectName("reviewPosition")
        self.position.setFont(bold)
        self.label = QLabel(self)
        self.label.setObjectName("reviewLabel")
        self.excerpt = QLabel(self)
        self.excerpt.setObjectName("reviewExcerpt")
        self.excerpt.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel(self)
        self.status.setObjectName("reviewStatus")
        self.history = QLabel(self)
        self.history.setObjectName("reviewHistory")

        # The keys stay A, R, C, P, N in every language (what the shortcut sheet lists).
        self.accept_action = self._action(_("Accept"), "A", self.accept_requested)
        self.reject_action = self._action(_("Reject"), "R", self.reject_requested)
        self.comment_action = self._action(pgettext("verb", "Comment"), "C", self.comment_requested)
        self.previous_action = self._action(pgettext("review bar", "Previous"), "P", self.previous_requested)
        self.next_action = self._action(pgettext("review bar", "Next"), "N", self.next_requested)
        self.close_action = self._action(_("Close review mode"), "Esc", self.close_requested)
        self.copy_box = QCheckBox(_("Copy accepted into my annotations"), self)
        self.copy_box.setObjectName("reviewCopy")
        self.copy_box.setToolTip(_("Accepting also adds the same annotation to your own set "
                                   "(to build a gold layer)"))
        self.copy_box.toggled.connect(self.copy_toggled)

        info = QHBoxLayout()
        info.setSpacing(10)
        for widget in (self.title, self.position, self.label):
            info.addWidget(widget)
        info.addWidget(self.excerpt, 1)
        info.addWidget(self.status)
        info.addWidget(self.history)
        close = QToolButton(self)
        close.setObjectName("reviewClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(_("Close review mode (Esc)"))
        close.setAccessibleName(_("Close review mode"))
        close.clicked.connect(self.close_requested)
        info.addWidget(close)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for name, action in (("Accept", self.accept_action), ("Reject", self.reject_action),
                             ("Comment", self.comment_action), ("Previous", self.previous_action),
                             ("Next", self.next_action)):
            buttons.addWidget(self._button(name, action))
        buttons.addSpacing(4)
        buttons.addWidget(self.copy_box)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(info)
        layout.addLayout(buttons)
        self.hide()

    def _action(self, text: str, key: str, signal: Signal) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        # Active only while the bar is shown (a hidden widget's actions do not fire).
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(signal)
        self.addAction(action)
        return action

    def _button(self, name: str, action: QAction) -> QToolButton:
        """The button of `action`, found as `buttons[name]` and `review{name}` (English names)."""
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button = QToolButton(self)
        button.setText(_("{action} ({key})").format(action=action.text(), key=key))
        button.setToolTip(_("{action} (key {key})").format(action=action.text(), key=key))
        button.setAccessibleName(button.toolTip().replace("&", ""))
        button.setObjectName(f"review{name}")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus in the article
        button.clicked.connect(action.trigger)
        self.buttons[name] = button
        return button

    def set_colleague(self, name: str) -> None:
        """Say whose annotations are reviewed."""
        self.title.setText(_("Reviewing {name}").format(name=name))

    def show_item(
        self,
        position: int,
        total: int,
        annotation: AnnotationInfo | None,
        color: str,
        text: str,
        state: ReviewState,
        history: Sequence[ReviewInfo] = (),
    ) -> None:
        """Show annotation number `position` of `total` (1-based), or that there is none here."""
        has_item = annotation is not None
        for action in (self.accept_action, self.reject_action, self.comment_action):
            action.setEnabled(has_item)
        for name in ("Accept", "Reject", "Comment"):
            self.buttons[name].setEnabled(has_item)
        if annotation is None:
            self.position.setText("0 / 0")
            self.label.setText(_("nothing to review in this document"))
            self.excerpt.clear()
            self.status.clear()
            self.history.clear()
            return
        self.position.setText(f"{number(position)} / {number(total)}")
        name = html.escape(annotation.label)
        self.label.setText(f'<span style="color:{color}">&#9632;</span> <b>{name}</b>')
        self.excerpt.setText(quoted(one_line(text, EXCERPT_CHARS)))
        self.excerpt.setToolTip(text)
        self.status.setText(status_text(state))
        status_color = REVIEW_COLORS.get(state.status)
        sheet = f"color: {status_color}; font-weight: bold;" if status_color else ""
        if self.status.styleSheet() != sheet:  # restyling costs a polish of the label
            self.status.setStyleSheet(sheet)
        self.status.setToolTip(state.comment)
        count = len(history) if history else state.reviews
        self.history.setText(ntext(count, "{count} review", "{count} reviews") if count else "")
        self.history.setToolTip(history_text(history))


class ReviewColleagueDialog(QDialog):
    """Whose annotations to review: every other annotator, with how many annotations they made."""

    def __init__(self, counts: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Review mode"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Choose whose annotations to review."))
        self.list = QListWidget(self)
        self.list.setObjectName("reviewColleagues")
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            item = QListWidgetItem(ntext(count, "{name} — {count} annotation", "{name} — {count} annotations",
                                         name=name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start review"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Whose annotations do you want to review? You will walk through them in "
                         "text order and accept, reject or comment each one."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def colleague(self) -> str | None:
        """The annotator picked."""
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    @classmethod
    def ask(cls, parent: QWidget | None, counts: dict[str, int]) -> str | None:
        """The colleague picked (the one with most annotations is offered first), or None."""
        dialog = cls(counts, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.colleague()


class ReviewCommentDialog(QDialog):
    """A comment on the annotation, stored as a comment only or with an accept or a reject."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(pgettext("noun", "Comment"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_(
            "Write a comment on the annotation, and accept or reject it if you wish."))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reviewComment")
        self.text.setPlaceholderText(_("Why? What should change? (Ctrl+Enter saves)"))
        self.text.setAccessibleName(pgettext("noun", "Comment"))
        self.choices = QButtonGroup(self)
        choice_row = QHBoxLayout()
        for verdict, caption in ((COMMENTED, _("Comment o&nly")), (ACCEPTED, _("&Accept")),
                                 (REJECTED, _("&Reject"))):
            button = QRadioButton(caption, self)
            button.setObjectName(f"commentAs_{verdict}")
            button.setProperty("verdict", verdict)
            button.setChecked(verdict == COMMENTED)
            self.choices.addButton(button)
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        about = QLabel(subject, self)
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(self.text)
        layout.addLayout(choice_row)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(420)
        # Enter makes a new line in the comment; Ctrl+Enter saves, as in most comment boxes,
        # wherever the focus is in the dialog (the box, a verdict, a button).
        for child in (self, *self.findChildren(QWidget)):
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Ctrl+Enter anywhere in the dialog saves the comment (when something is typed)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._save_if_typed()
            return True
        return super().eventFilter(watched, event)

    def _save_if_typed(self) -> None:
        """Save the comment (Ctrl+Enter) when something is typed; else nothing happens."""
        if self.comment():
            self.accept()

    def set_comment(self, comment: str, verdict: str = COMMENTED) -> None:
        """Fill in the dialog (tests and callers)."""
        self.text.setPlainText(comment)
        for button in self.choices.buttons():
            button.setChecked(button.property("verdict") == verdict)

    def verdict(self) -> str:
        """The verdict chosen: commented (default), accepted or rejected."""
        checked = self.choices.checkedButton()
        return str(checked.property("verdict")) if checked is not None else COMMENTED

    def comment(self) -> str:
        """The comment typed, trimmed."""
        return self.text.toPlainText().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.comment()))

    @classmethod
    def ask(cls, parent: QWidget | None, subject: str) -> tuple[str, str] | None:
        """(verdict, comment), or None when cancelled; a comment is required."""
        dialog = cls(subject, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.comment():
            return None
        return dialog.verdict(), dialog.comment()

