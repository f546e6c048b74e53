"""Transient marks over the article: search hits and the brief flash of a span jumped to."""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

if TYPE_CHECKING:
    from annotator.ui.workspace.document_view import DocumentView

FLASH_MS = 600
FLASH_COLOR = "#ffb300"
FIND_COLOR = "#fff176"
FIND_MARGIN_CHARS = 6000
"""Search hits are marked this far around the visible text; the rest when scrolled to."""

_first = itemgetter(0)


def mark_format(color: str) -> QTextCharFormat:
    """Format of a transient mark: a strong background, dark text."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(color))
    fmt.setForeground(QColor("#000000"))
    return fmt


class TransientMarks:
    """Extra selections of a view (cheap for a few hundred, costly for thousands: only near the screen)."""

    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self._find: list[QTextEdit.ExtraSelection] = []
        self._matches: list[tuple[int, int]] = []
        self._window = (0, -1)
        self._flash: list[QTextEdit.ExtraSelection] = []
        self._timer = QTimer(view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def clear(self) -> None:
        """Forget every mark (a new document is shown)."""
        self._find, self._matches, self._flash = [], [], []
        self._window = (0, -1)
        self._timer.stop()
        self._view.setExtraSelections([])

    def flash(self, start: int, end: int) -> None:
        """Mark [start, end) for a moment."""
        self._flash = [self._selection(start, end, mark_format(FLASH_COLOR))]
        self._apply()
        self._timer.start()

    def set_find_matches(self, matches: list[tuple[int, int]]) -> None:
        """Mark search hits; an empty list clears them."""
        self._matches = sorted(matches)
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Mark the hits around the visible text (marking far-away ones would lay them out)."""
        if not self._matches:
            if self._find:
                self._find = []
                self._apply()
            return
        first, last = self._view.visible_range()
        if not force and self._window[0] <= first and last <= self._window[1]:
            return
        window = (max(0, first - FIND_MARGIN_CHARS), last + FIND_MARGIN_CHARS)
        i = bisect_left(self._matches, window[0], key=_first)
        j = bisect_left(self._matches, window[1], i, key=_first)
        fmt = mark_format(FIND_COLOR)
        self._find = [self._selection(start, end, fmt) for start, end in self._matches[i:j]]
        self._window = window
        self._apply()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._view.cursor_for(start, end)  # type: ignore[misc]
        selection.format = fmt  # type: ignore[misc]
        return selection

    def _apply(self) -> None:
        self._view.setExtraSelections(self._find + self._flash)

    def _on_timer_timeout(self) -> None:
        self._flash = []
        self._apply()
