"""Windows that fit the screen they are on: a first size taken from the free part of the screen
(the desktop's panels left out), and every window pulled back inside it when shown, so that no
title bar, status bar or column opens out of reach on a small laptop screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room left between a first window and the edges of the free part of the screen.
MARGIN = 24
#: Room assumed for a title bar and borders before the window manager has drawn them.
FRAME_GUESS = QSize(8, 32)


def available_geometry(widget: QWidget) -> QRect:
    """The free part (desktop panels aside) of the screen `widget` is on, else of the main one."""
    screen: QScreen | None = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect()
    return screen.availableGeometry()


def _frame_extra(widget: QWidget) -> QSize:
    """What the window manager's frame adds around the window (a guess until it is drawn)."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if widget.isWindow() and not widget.testAttribute(Qt.WidgetAttribute.WA_Mapped) and extra.isNull():
        return FRAME_GUESS
    return extra


def fit_first_size(widget: QWidget, width: int, height: int) -> None:
    """Give a window opened for the first time `width` x `height`, or less on a smaller screen
    (MARGIN left all round), centred in the free part of its screen."""
    area = available_geometry(widget)
    if area.isEmpty():
        widget.resize(width, height)
        return
    extra = _frame_extra(widget)
    size = QSize(min(width, area.width() - 2 * MARGIN - extra.width()),
                 min(height, area.height() - 2 * MARGIN - extra.height()))
    widget.resize(size.expandedTo(widget.minimumSizeHint()).boundedTo(area.size()))
    outer = widget.size() + extra
    widget.move(area.center() - QPoint(outer.width() // 2, outer.height() // 2))


def keep_on_screen(widget: QWidget) -> None:
    """Shrink and move a top-level window (frame included) into the free part of its screen.
    A maximised or full-screen window is left to the window manager."""
    if not widget.isWindow() or widget.windowState() & (
            Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    area = available_geometry(widget)
    if area.isEmpty():
        return
    extra = _frame_extra(widget)
    room = QSize(area.width() - extra.width(), area.height() - extra.height())
    size = widget.size()
    if size.width() > room.width() or size.height() > room.height():
        widget.resize(size.boundedTo(room).expandedTo(widget.minimumSize()))
    outer = QRect(widget.pos(), widget.size() + extra)
    x = max(area.left(), min(outer.left(), area.right() + 1 - outer.width()))
    y = max(area.top(), min(outer.top(), area.bottom() + 1 - outer.height()))
    if (x, y) != (outer.left(), outer.top()):
        widget.move(x, y)


class _KeepOnScreen(QObject):
    """Pulls its window back on screen each time the window is shown, once on the Show event
    and once more when the window manager has framed it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            keep_on_screen(watched)
            QTimer.singleShot(0, watched, lambda: keep_on_screen(watched))
        return False


def keep_on_screen_when_shown(widget: QWidget) -> None:
    """From now on, whenever `widget` (a top-level window) is shown, fit it into its screen."""
    keeper = _KeepOnScreen(widget)
    keeper.setObjectName("keepOnScreen")
    widget.installEventFilter(keeper)
