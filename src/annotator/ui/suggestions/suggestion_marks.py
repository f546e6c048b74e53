"""Open suggestions drawn in the article: a dashed frame round each, a solid one round the current.

The frames are painted with the text (a decoration of the view): no widget and no text format per
suggestion, only a sorted list of tuples; the frames on screen are measured again only when the
view scrolled, was resized or changed its text, or the suggestions changed. With no suggestion,
painting the article costs one test.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

if TYPE_CHECKING:
    from annotator.ui.workspace.document_view import DocumentView, SharedPainter

#: (start, end, suggestion id, colour name): one open suggestion of the document shown.
Mark = tuple[int, int, int, str]

FRAME_PEN = 1.3
CURRENT_PEN = 2.2
CURRENT_FILL_ALPHA = 36
DASHES = [3.0, 2.5]


def frame_color(name: str, dark_page: bool) -> QColor:
    """A label colour made strong enough to read as a thin line on the page."""
    color = QColor(name)
    if not color.isValid():
        color = QColor("#757575")
    return color.lighter(130) if dark_page else color.darker(140)


class SuggestionMarks:
    """Frames the open suggestions of the document shown; one may be current (drawn solid)."""

    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self._marks: list[Mark] = []  # sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self._current: int | None = None
        self._version = 0
        # Frames on screen for the view's geometry key and the version: (rect, colour, current).
        self._shown: tuple[tuple, list[tuple[QRectF, QColor, bool, bool, bool]]] | None = None
        view.add_decoration(self._paint)

    @property
    def marks(self) -> list[Mark]:
        """The suggestions drawn, in reading order."""
        return list(self._marks)

    @property
    def current(self) -> int | None:
        """The id of the suggestion drawn as current, or None."""
        return self._current

    def set_marks(self, marks: Iterable[Mark]) -> None:
        """Draw these suggestions (any order); the current one stays if it is still there."""
        self._marks = sorted(marks)
        self._starts = [m[0] for m in self._marks]
        self._longest = max((m[1] - m[0] for m in self._marks), default=0)
        if self._current is not None and all(m[2] != self._current for m in self._marks):
            self._current = None
        self._changed()

    def set_current(self, suggestion_id: int | None) -> None:
        """Draw this suggestion as the current one (None: none is)."""
        if suggestion_id != self._current:
            self._current = suggestion_id
            self._changed()

    def _changed(self) -> None:
        self._version += 1
        self._view.viewport().update()

    def on_screen(self) -> list[tuple[QRectF, QColor, bool, bool, bool]]:
        """Each piece of frame on screen, in viewport coordinates: (the text of the suggestion on
        one line, colour, current, its start is on that line, its end is on that line)."""
        view = self._view
        key = (view.geometry_key(), self._version)
        shown = self._shown
        if shown is not None and shown[0] == key:
            return shown[1]
        first, last = view.visible_range()
        lo = bisect_left(self._starts, first - self._longest)
        hi = bisect_right(self._starts, last)
        dark_page = view.palette().base().color().lightness() < 128
        frames = []
        for start, end, suggestion_id, color in self._marks[lo:hi]:
            if end <= first:
                continue
            pen_color = frame_color(color, dark_page)
            current = suggestion_id == self._current
            for rect, opens, closes in self.line_rects(start, end):
                frames.append((rect, pen_color, current, opens, closes))
        self._shown = (key, frames)
        return frames

    def line_rects(self, start: int, end: int) -> list[tuple[QRectF, bool, bool]]:
        """The text of [start, end) on each line on screen, in viewport coordinates, with whether
        the span starts and whether it ends on that line."""
        view = self._view
        cursor = view.cursor_for(start, end)
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        block = view.document().findBlock(first)
        height = view.viewport().height()
        offset = view.contentOffset()
        rects: list[tuple[QRectF, bool, bool]] = []
        while block.isValid() and block.position() <= last:
            top_left = view.blockBoundingGeometry(block).translated(offset).topLeft()
            if top_left.y() > height:
                break
            layout, base = block.layout(), block.position()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                line_start = base + line.textStart()
                a = max(first, line_start)
                b = min(last, line_start + line.textLength())
                if a >= b:
                    continue
                top = top_left.y() + line.y()
                if top + line.height() < 0:
                    continue
                x1, x2 = line.cursorToX(a - base)[0], line.cursorToX(b - base)[0]
                if b == line_start + line.textLength() and b != last:  # not the space it wraps at
                    x2 = min(x2, line.x() + line.naturalTextWidth())
                rect = QRectF(top_left.x() + min(x1, x2), top, abs(x2 - x1), line.height())
                rects.append((rect, a == first, b == last))
            block = block.next()
        return rects

    def _paint(self, shared: SharedPainter) -> None:
        if not self._marks:
            return
        frames = self.on_screen()
        if not frames:
            return
        painter = shared.begin()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect, color, current, opens, closes in frames:
            pen = QPen(color, CURRENT_PEN if current else FRAME_PEN)
            if not current:
                pen.setStyle(Qt.PenStyle.CustomDashLine)
                pen.setDashPattern(DASHES)
            box = rect.adjusted(-1.5 if opens else 0.0, 1.0, 1.5 if closes else 0.0, -1.0)
            if current:
                fill = QColor(color)
                fill.setAlpha(CURRENT_FILL_ALPHA)
                painter.fillRect(box, fill)
            painter.setPen(pen)
            # One frame round the whole suggestion: its lines are open where it goes on.
            painter.drawLine(box.topLeft(), box.topRight())
            painter.drawLine(box.bottomLeft(), box.bottomRight())
            if opens:
                painter.drawLine(box.topLeft(), box.bottomLeft())
            if closes:
                painter.drawLine(box.topRight(), box.bottomRight())
        painter.restore()
