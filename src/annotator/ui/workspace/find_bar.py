"""The find bar: search the current document, step through matches, label them all at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from annotator.domain.records import LabelInfo
from annotator.domain.search import find_matches
from annotator.domain.wording import ntext
from annotator.i18n import _, number

_NO_MATCH_STYLE = "QLineEdit#findInput { background: #fde2e1; }"


class FindBar(QWidget):
    """A bar under the document: query, options, "3 of 12", previous/next and "Label all matches"."""

    matches_changed = Signal(object)  # list[tuple[int, int]]: every match, to highlight
    match_activated = Signal(int, int)  # start, end of the current match, to scroll to
    label_all_requested = Signal(int, object)  # label id, list[tuple[int, int]]
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._text = ""
        self._matches: list[tuple[int, int]] = []
        self._current = -1

        self.input = QLineEdit(self)
        self.input.setObjectName("findInput")
        self.input.setPlaceholderText(_("Find in document"))
        self.input.setClearButtonEnabled(True)
        self.input.setMinimumWidth(120)
        self.input.setAccessibleName(_("Find in document"))
        self.case_button = self._toggle("Aa", _("Match case"))
        self.words_button = self._toggle(_("Whole words"), _("Match whole words only"))
        self.counter = QLabel(self)
        self.counter.setObjectName("findCounter")
        widest = _("{current} of {count}").format(current=number(9999), count=number(9999))
        self.counter.setMinimumWidth(self.counter.fontMetrics().horizontalAdvance(widest))
        self.prev_button = self._button("▲", _("Previous match (Shift+Enter)"), self.find_previous)
        self.next_button = self._button("▼", _("Next match (Enter)"), self.find_next)
        self.label_combo = QComboBox(self)
        self.label_combo.setObjectName("findLabel")
        self.label_combo.setToolTip(_("Label to give every match"))
        self.label_combo.setAccessibleName(_("Label to give every match"))
        self.label_all_button = QPushButton(_("Label all matches"), self)
        self.label_all_button.setObjectName("labelAllMatches")
        self.label_all_button.clicked.connect(self._request_label_all)
        self.close_button = self._button("✕", _("Close (Esc)"), self.close_bar)
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        for widget in (self.input, self.case_button, self.words_button, self.counter,
                       self.prev_button, self.next_button):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(self.label_combo)
        layout.addWidget(self.label_all_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)

        self.input.textChanged.connect(self._query_changed)
        self.case_button.toggled.connect(self._query_changed)
        self.words_button.toggled.connect(self._query_changed)
        self.label_combo.currentIndexChanged.connect(self._update_controls)
        self.input.installEventFilter(self)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        self._update_controls()
        self.hide()

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCheckable(True)
        return button

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # -- public API ----------------------------------------------------------------------------

    def set_labels(self, labels: Sequence[LabelInfo]) -> None:
        """Offer these labels for "Label all matches", keeping the chosen one if it still exists."""
        chosen = self.label_combo.currentData()
        self.label_combo.clear()
        for label in labels:
            shown = f"{label.name} ({label.shortcut})" if label.shortcut else label.name
            self.label_combo.addItem(shown, label.id)
        index = self.label_combo.findData(chosen)
        self.label_combo.setCurrentIndex(index if index >= 0 else 0 if labels else -1)
        self._update_controls()

    def set_text(self, text: str) -> None:
        """Search this stored text (the current document) from now on; marks it only when open."""
        self._text = text
        self._recompute(activate=False)

    def open_bar(self) -> None:
        """Show the bar, focus the query and select it; highlights the matches again."""
        self.show()
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()
        self.matches_changed.emit(list(self._matches))

    def close_bar(self) -> None:
        """Hide the bar and clear the highlights."""
        self.hide()
        self.matches_changed.emit([])
        self.closed.emit()

    def matches(self) -> list[tuple[int, int]]:
        """Every match of the query in the current text, in order."""
        return list(self._matches)

    def current_index(self) -> int:
        """Index of the current match, or -1 when none is current."""
        return self._current

    def query(self) -> str:
        """The text being searched for."""
        return self.input.text()

    def find_next(self) -> None:
        """Make the next match current (wrapping round) and ask to scroll to it."""
        self._step(+1)

    def find_previous(self) -> None:
        """Make the previous match current (wrapping round) and ask to scroll to it."""
        self._step(-1)

    # -- internals -----------------------------------------------------------------------------

    def _query_changed(self, *_args: object) -> None:
        self._recompute(activate=True)

    def _recompute(self, activate: bool) -> None:
        self._matches = find_matches(
            self._text,
            self.input.text(),
            case_sensitive=self.case_button.isChecked(),
            whole_words=self.words_button.isChecked(),
        )
        self._current = 0 if activate and self._matches else -1
        self._update_controls()
        if self.isHidden():
            return  # a closed bar marks nothing; `open_bar` shows these matches
        self.matches_changed.emit(list(self._matches))
        if self._current >= 0:
            self.match_activated.emit(*self._matches[self._current])

    def _step(self, delta: int) -> None:
        if not self._matches:
            return
        if self._current < 0:
            self._current = 0 if delta > 0 else len(self._matches) - 1
        else:
            self._current = (self._current + delta) % len(self._matches)
        self._update_controls()
        self.match_activated.emit(*self._matches[self._current])

    def _request_label_all(self) -> None:
        label_id = self.label_combo.currentData()
        if label_id is None or not self._matches:
            return
        self.label_all_requested.emit(int(label_id), list(self._matches))

    def _update_controls(self, *_args: object) -> None:
        count = len(self._matches)
        if not self.input.text():
            self.counter.setText("")
        elif count == 0:
            self.counter.setText(_("No matches"))
        elif self._current < 0:
            self.counter.setText(ntext(count, "{count} match", "{count} matches"))
        else:
            self.counter.setText(_("{current} of {count}").format(current=number(self._current + 1),
                                                                  count=number(count)))
        no_match = bool(self.input.text()) and count == 0
        self.input.setStyleSheet(_NO_MATCH_STYLE if no_match else "")
        self.prev_button.setEnabled(count > 0)
        self.next_button.setEnabled(count > 0)
        can_label = count > 0 and self.label_combo.currentIndex() >= 0
        self.label_all_button.setEnabled(can_label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Enter: next match; Shift+Enter: previous match; Esc: close."""
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
