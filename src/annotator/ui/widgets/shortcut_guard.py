"""Keeps the one-key window shortcuts (label digits, Delete, L, review letters) out of editors.

A label key, Delete, L (link mode) or a review letter is a window shortcut, so Qt would trigger it
even while a combo box, a spin box or a table cell editor has the focus. The guard claims such keys
for widgets that type them instead: the key then goes to the widget, not to the shortcut.
Esc is left to the features: one may spend it to end a mode (link mode), one may keep it in the
widget with the focus (review mode), through `escape_enders` and `escape_keepers`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_DIGITS = frozenset(range(Qt.Key.Key_0.value, Qt.Key.Key_9.value + 1))
_LETTERS = frozenset(range(Qt.Key.Key_A.value, Qt.Key.Key_Z.value + 1))
_ERASE = frozenset((Qt.Key.Key_Backspace.value, Qt.Key.Key_Delete.value))
# Shift is allowed: on some layouts (French AZERTY) digits are typed with it.
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_one_key_shortcut(event: QKeyEvent) -> bool:
    """A digit, a letter, Backspace or Delete without Ctrl, Alt or Meta: the window's one-key keys."""
    key = event.key()
    if key not in _DIGITS and key not in _LETTERS and key not in _ERASE:
        return False
    return not event.modifiers() & ~_PLAIN


def takes_typed_keys(widget: QWidget) -> bool:
    """True for a combo box, a spin box or a table cell editor, or a widget inside one."""
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, QComboBox | QAbstractSpinBox):
            return True
        parent = current.parentWidget()
        if isinstance(parent, QAbstractItemView) and current is parent.viewport():
            return current is not widget  # an editor open on the view's viewport
        current = parent
    return False


def types_text(widget: QWidget) -> bool:
    """A widget where keys are typed: a text field, an editable text box, or one of the above."""
    if isinstance(widget, QLineEdit):
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        return True
    return takes_typed_keys(widget)


class ShortcutGuard(QObject):
    """An application event filter: one-key shortcuts give way to the widget that has the focus.

    On Esc, each of `escape_enders` is asked in turn whether it ends a mode with it (the key is
    then spent); otherwise, if one of `escape_keepers` says so for the focus widget, Esc goes to
    that widget rather than to a window shortcut.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.escape_enders: list[Callable[[], bool]] = []
        self.escape_keepers: list[Callable[[QWidget], bool]] = []
        self._spent_escape = False

    def install(self) -> None:
        """Start guarding (every window of the application)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        """Stop guarding."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Accept the shortcut override of a one-key shortcut aimed at a widget that types it."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if event.key() == Qt.Key.Key_Escape:
            return self._escape(kind, watched, event)
        if (
            kind == QEvent.Type.ShortcutOverride
            and isinstance(watched, QWidget)
            and is_one_key_shortcut(event)
            and types_text(watched)
        ):
            event.accept()
            return True
        return False

    def _escape(self, kind: QEvent.Type, watched: QObject, event: QKeyEvent) -> bool:
        if kind == QEvent.Type.KeyPress:
            spent, self._spent_escape = self._spent_escape, False
            return spent
        if event.modifiers() & ~_PLAIN:
            return False
        if any(end() for end in self.escape_enders):
            self._spent_escape = True  # the key press that follows is spent too
        elif not (isinstance(watched, QWidget) and any(keep(watched) for keep in self.escape_keepers)):
            return False
        event.accept()
        return True
