"""A narrow strip left of the article text with one coloured bar per stacked span on each line."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from annotator.domain.spans import Span, SpanIndex, assign_lanes

if TYPE_CHECKING:
    from annotator.ui.document_view import DocumentView

MAX_LANES = 6
"""Bars drawn side by side at most; deeper stacks share the outermost lane."""

BAR_WIDTH = 3
BAR_GAP = 2
PADDING = 4


class VisibleLine(NamedTuple):
    """One laid-out line on screen: its vertical extent (viewport pixels) and code-point range."""

    top: float
    bottom: float
    start: int
    end: int


class SpanMargin(QWidget):
    """Shows the stack of spans on each visible line as vertical bars in label colours."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.setObjectName("spanMargin")
        self._view = view
        self._index = SpanIndex()
        self._lanes: dict[int, int] = {}
        self._colors: dict[int, QColor] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @staticmethod
    def margin_width() -> int:
        """Fixed width, so adding the first span never reflows the text."""
        return 2 * PADDING + MAX_LANES * (BAR_WIDTH + BAR_GAP) - BAR_GAP

    def sizeHint(self) -> QSize:
        """Width of the strip; the height follows the view."""
        return QSize(self.margin_width(), 0)

    def set_spans(self, index: SpanIndex, colors: dict[int, str]) -> None:
        """Spans to show and label colours (by label id)."""
        self._index = index
        self._lanes = assign_lanes(index.spans)
        self._colors = {label_id: QColor(name) for label_id, name in colors.items()}
        self.update()

    def _lane_x(self, lane: int) -> float:
        lane = min(lane, MAX_LANES - 1)
        # Lane 0 sits next to the text; outer lanes move left.
        return self.width() - PADDING - (lane + 1) * BAR_WIDTH - lane * BAR_GAP

    def _spans_on(self, line: VisibleLine) -> list[Span]:
        seen: dict[int, Span] = {}
        for seg in self._index.segments_in(line.start, line.end):
            for span in seg.spans:
                seen.setdefault(span.annotation_id, span)
        return list(seen.values())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bars for the lines currently on screen."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
        if not len(self._index):
            return
        fallback = QColor("#9e9e9e")
        for line in self._view.visible_lines():
            for span in self._spans_on(line):
                color = self._colors.get(span.label_id, fallback)
                lane = self._lanes.get(span.annotation_id, 0)
                rect = QRectF(self._lane_x(lane), line.top, BAR_WIDTH, line.bottom - line.top)
                painter.fillRect(rect, color)
        painter.end()

    def span_at(self, x: float, y: float) -> Span | None:
        """The span whose bar is drawn at (x, y), if any."""
        for line in self._view.visible_lines():
            if not line.top <= y < line.bottom:
                continue
            for span in reversed(self._spans_on(line)):
                left = self._lane_x(self._lanes.get(span.annotation_id, 0))
                if left - BAR_GAP / 2 <= x < left + BAR_WIDTH + BAR_GAP / 2:
                    return span
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left click on a bar selects its annotation."""
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            span = self.span_at(pos.x(), pos.y())
            if span is not None:
                self._view.annotation_clicked.emit(span.annotation_id)
                event.accept()
                return
        super().mousePressEvent(event)
