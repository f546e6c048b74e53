"""Keeps the one-key window shortcuts (label digits, Delete) out of widgets that use those keys.

A label key or Delete is a window shortcut, so Qt would trigger it even while a combo box, a spin
box or a table cell editor has the focus (a line edit claims such keys itself). The guard claims
them for those widgets instead: the key then goes to the widget, not to the shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QComboBox, QWidget

_DIGITS = frozenset(range(Qt.Key.Key_0.value, Qt.Key.Key_9.value + 1))
_ERASE = frozenset((Qt.Key.Key_Backspace.value, Qt.Key.Key_Delete.value))
# Shift is allowed: on some layouts (French AZERTY) digits are typed with it.
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_one_key_shortcut(event: QKeyEvent) -> bool:
    """A digit, Backspace or Delete without Ctrl, Alt or Meta: the keys of the window shortcuts."""
    if event.key() not in _DIGITS and event.key() not in _ERASE:
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


class ShortcutGuard(QObject):
    """An application event filter: one-key shortcuts give way to the widget that has the focus."""

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
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and is_one_key_shortcut(event)
            and takes_typed_keys(watched)
        ):
            event.accept()
            return True
        return False
