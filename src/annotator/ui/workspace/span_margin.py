"""A narrow strip left of the article text with one coloured bar per stacked span on each line,
headed by its label's mark (an initial), so that a label can be told without its colour."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QStaticText,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Span, SpanIndex, assign_lanes
from annotator.i18n import _

if TYPE_CHECKING:
    from annotator.ui.workspace.document_view import DocumentView

MAX_LANES = 6
"""Bars drawn side by side at most; deeper stacks share the outermost lane."""

BAR_WIDTH = 3
BAR_GAP = 4
"""Room between bars for the marks heading them (one character each)."""
PADDING = 4
MARK_PIXELS = 9
"""Height of a mark's letters; the bar starts under its mark when its span has room for both."""


class VisibleLine(NamedTuple):
    """One laid-out line on screen: its vertical extent (viewport pixels) and code-point range."""

    top: float
    bottom: float
    start: int
    end: int


def visible_lines(view: QPlainTextEdit, utf16_map: Utf16Map) -> list[VisibleLine]:
    """Lines of `view` on screen with code-point ranges; a block's last line owns its newline."""
    lines: list[VisibleLine] = []
    height = view.viewport().height()
    offset = view.contentOffset()
    to_cp = utf16_map.to_codepoint
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > height:
            break
        layout = block.layout()
        block_pos = block.position()
        count = layout.lineCount()
        first = 0
        if top < 0:  # a long paragraph begun above: its first line on screen, by bisection
            line_at = layout.lineAt
            first = bisect_left(range(count), True,
                                key=lambda k: top + line_at(k).y() + line_at(k).height() >= 0)
        for i in range(first, count):
            line = layout.lineAt(i)
            line_top = top + line.y()
            line_bottom = line_top + line.height()
            if line_top > height:
                break
            if line_bottom < 0:
                continue
            u_start = block_pos + line.textStart()
            u_end = u_start + line.textLength() + (1 if i == count - 1 else 0)
            lines.append(VisibleLine(line_top, line_bottom, to_cp(u_start), to_cp(u_end)))
        block = block.next()
    return lines


class SpanMargin(QWidget):
    """Shows the stack of spans on each visible line as vertical bars in label colours."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.setObjectName("spanMargin")
        self.setAccessibleName(_("Span margin"))
        self.setAccessibleDescription(_(
            "A bar beside the lines of each span, in its label's colour and headed by its "
            "label's initial; click a bar to select its annotation"))
        self._view = view
        self._index = SpanIndex()
        self._colors: dict[int, QColor] = {}
        self._marks: dict[int, str] = {}  # label id -> its mark
        self._mark_font = QFont(self.font())
        self._mark_font.setPixelSize(MARK_PIXELS)
        self._mark_font.setBold(True)
        self._mark_height = QFontMetricsF(self._mark_font).capHeight() + 2
        # (mark, colour) -> the mark laid out once and its width; colours for the page's base.
        self._mark_texts: dict[tuple[str, int], tuple[QStaticText, float]] = {}
        self._mark_colors: tuple[int, dict[int, QColor]] = (-1, {})
        # The bars of the page on screen, kept until it moves or the spans change: a repaint of
        # the same page (a selection, a review state, the cursor) draws them without working out
        # its lines and lanes again.
        self._spans_version = 0
        self._bars: tuple[tuple, list[tuple[QRectF, Span]]] | None = None
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
        self._colors = {label_id: QColor(name) for label_id, name in colors.items()}
        self._mark_colors = (-1, {})
        self.spans_changed()

    def spans_changed(self) -> None:
        """The spans of the index given were added to or taken from: draw their bars anew."""
        self._spans_version += 1
        self._bars = None
        self.update()

    def set_marks(self, marks: dict[int, str]) -> None:
        """The mark (a character) heading the bars of each label (by label id)."""
        if marks != self._marks:
            self._marks = dict(marks)
            self.update()

    def mark_of(self, label_id: int) -> str:
        """The character heading the bars of this label ("" when it has none)."""
        return self._marks.get(label_id, "")

    def _lane_x(self, lane: int) -> float:
        lane = min(lane, MAX_LANES - 1)
        # Lane 0 sits next to the text; further lanes move left.
        return self.width() - PADDING - (lane + 1) * BAR_WIDTH - lane * BAR_GAP

    def bars(self) -> list[tuple[QRectF, Span]]:
        """One bar per span on screen, from its first to its last visible line.

        Lanes are given over visible lines, so spans sharing a line never share a lane.
        """
        if not len(self._index):
            return []
        key = (self._view.geometry_key(), self.width(), self._spans_version)
        if self._bars is not None and self._bars[0] == key:
            return self._bars[1]
        result = self._work_out_bars()
        self._bars = (key, result)
        return result

    def _work_out_bars(self) -> list[tuple[QRectF, Span]]:
        lines = self._view.visible_lines()
        if not lines:
            return []
        # Every span on screen, once, then its first and last line by bisection (lines come in
        # text order, each starting where the one before ends).
        line_starts = [line.start for line in lines]
        line_ends = [line.end for line in lines]
        on_screen = {span.annotation_id: span for cover in
                     self._index.segments_between(line_starts[0], max(line_ends[-1], line_starts[0] + 1))[2]
                     for span in cover}
        found = []
        for span in on_screen.values():
            first = bisect_right(line_ends, span.start)
            last = bisect_left(line_starts, span.end) - 1
            if first <= last:
                # Listed as met reading the lines: by first line, where the span is first met
                # on it, then outer spans first.
                found.append(((first, max(span.start, line_starts[first]), span.start, -span.end,
                               span.annotation_id), first, last, span))
        found.sort(key=itemgetter(0))
        extents = [(first, last, span) for _, first, last, span in found]
        on_lines = [Span(first, last + 1, span.label_id, span.annotation_id) for first, last, span in extents]
        lanes = assign_lanes(on_lines)
        result = []
        for first, last, span in extents:
            x = self._lane_x(lanes[span.annotation_id])
            top, bottom = lines[first].top, lines[last].bottom
            result.append((QRectF(x, top, BAR_WIDTH, bottom - top), span))
        return result

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bars for the lines currently on screen (other annotators' bars hollow), each
        headed by its label's mark."""
        painter = QPainter(self)
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(event.rect(), base)
        fallback = QColor("#9e9e9e")
        others = self._view.other_annotations
        marks, mark_colors = self._marks, self._mark_colors_for(base)
        if marks:
            painter.setFont(self._mark_font)
        for rect, span in self.bars():
            color = self._colors.get(span.label_id, fallback)
            mark = marks.get(span.label_id)
            if mark and rect.height() >= self._mark_height + MARK_PIXELS:
                self._draw_mark(painter, mark, mark_colors.get(span.label_id, fallback), rect)
                rect = rect.adjusted(0, self._mark_height + 1, 0, 0)
            if span.annotation_id in others:
                painter.setPen(color)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
            else:
                painter.fillRect(rect, color)
        painter.end()

    def _draw_mark(self, painter: QPainter, mark: str, color: QColor, bar: QRectF) -> None:
        key = (mark, color.rgba())
        laid = self._mark_texts.get(key)
        if laid is None:
            text = QStaticText(mark)
            text.prepare(font=self._mark_font)
            laid = self._mark_texts[key] = (text, text.size().width())
        painter.setPen(color)
        text, width = laid
        painter.drawStaticText(QPointF(bar.center().x() - width / 2, bar.top()), text)

    def _mark_colors_for(self, base: QColor) -> dict[int, QColor]:
        """Each label's colour made readable as small letters on the page: darkened on a light
        page, lightened on a dark one (worked out once per page colour and codebook)."""
        key, colors = self._mark_colors
        if key == base.rgba():
            return colors
        light = _luma(base) > 128
        colors = {}
        for label_id, color in self._colors.items():
            shown = QColor(color)
            for _step in range(6):
                if (_luma(shown) <= 105) if light else (_luma(shown) >= 160):
                    break
                shown = shown.darker(130) if light else shown.lighter(130)
            if not light and _luma(shown) < 100:  # black stays black when lightened
                shown = self.palette().color(QPalette.ColorRole.Text)
            colors[label_id] = shown
        self._mark_colors = (base.rgba(), colors)
        return colors

    def span_at(self, x: float, y: float) -> Span | None:
        """The span whose bar is drawn at (x, y), if any."""
        for rect, span in reversed(self.bars()):
            hit = rect.adjusted(-BAR_GAP / 2, 0, BAR_GAP / 2, 0)
            if hit.contains(x, y):
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


def _luma(color: QColor) -> float:
    """How light a colour looks (0-255), green counting most."""
    return 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
