"""A narrow strip left of the article text with one coloured bar per stacked span on each line,
headed by its label's mark (an initial), so that a label can be told without its colour."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from heapq import heappop, heappush
from itertools import chain
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
    QTextBlock,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Span, SpanIndex
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
FALLBACK = "#9e9e9e"
"""The bar colour of a label without a known colour."""
_NO_BRUSH = Qt.BrushStyle.NoBrush
"""Height of a mark's letters; the bar starts under its mark when its span has room for both."""


class VisibleLine(NamedTuple):
    """One laid-out line on screen: its vertical extent (viewport pixels) and code-point range."""

    top: float
    bottom: float
    start: int
    end: int


CACHED_LINES_PER_BLOCK = 200
"""Blocks of more lines than this are measured on screen only, each time (never all at once)."""

LineCache = dict[int, tuple[tuple[float, float, int, int], ...]]
"""Lines of laid-out blocks by block number: (top, bottom) in the block and (start, end) in
UTF-16 positions from the block's start (the last line's end past its newline)."""


def _block_lines(block: QTextBlock) -> tuple[tuple[float, float, int, int], ...]:
    layout = block.layout()
    count = layout.lineCount()
    lines = []
    for i in range(count):
        line = layout.lineAt(i)
        top = line.y()
        start = line.textStart()
        lines.append((top, top + line.height(), start,
                      start + line.textLength() + (1 if i == count - 1 else 0)))
    return tuple(lines)


def _lines_on_screen(
    block: QTextBlock, top: float, height: float, to_cp: Callable[[int], int] | None
) -> list[VisibleLine]:
    """The lines of one long block that are on screen (the first found by bisection)."""
    layout = block.layout()
    block_pos = block.position()
    count = layout.lineCount()
    line_at = layout.lineAt
    first = 0
    if top < 0:  # a long paragraph begun above: its first line on screen, by bisection
        first = bisect_left(range(count), True,
                            key=lambda k: top + line_at(k).y() + line_at(k).height() >= 0)
    lines = []
    for i in range(first, count):
        line = line_at(i)
        line_top = top + line.y()
        line_bottom = line_top + line.height()
        if line_top > height:
            break
        if line_bottom < 0:
            continue
        u_start = block_pos + line.textStart()
        u_end = u_start + line.textLength() + (1 if i == count - 1 else 0)
        if to_cp is not None:
            u_start, u_end = to_cp(u_start), to_cp(u_end)
        lines.append(VisibleLine(line_top, line_bottom, u_start, u_end))
    return lines


def visible_lines(
    view: QPlainTextEdit, utf16_map: Utf16Map, cache: LineCache | None = None
) -> list[VisibleLine]:
    """Lines of `view` on screen with code-point ranges; a block's last line owns its newline.

    `cache` keeps each block's lines as measured (valid while the blocks keep their layout:
    the caller empties it when the width, the text or the font change)."""
    lines: list[VisibleLine] = []
    append = lines.append
    height = view.viewport().height()
    offset_y = view.contentOffset().y()
    to_cp = None if utf16_map.is_identity else utf16_map.to_codepoint
    geometry = view.blockBoundingGeometry
    block = view.firstVisibleBlock()
    while block.isValid():
        top = geometry(block).top() + offset_y
        if top > height:
            break
        number = block.blockNumber()
        in_block = cache.get(number) if cache is not None else None
        if in_block is None:
            layout = block.layout()
            if layout.lineCount() > CACHED_LINES_PER_BLOCK:  # a long paragraph: lines on screen only
                lines += _lines_on_screen(block, top, height, to_cp)
                block = block.next()
                continue
            in_block = _block_lines(block)
            if cache is not None:
                cache[number] = in_block
        block_pos = block.position()
        convert = to_cp
        if to_cp is not None:
            cp_pos = to_cp(block_pos)
            length = block.length()
            if to_cp(block_pos + length) - cp_pos == length:  # no character of two UTF-16 units
                convert = None
                block_pos = cp_pos
        for line_top, line_bottom, start, end in in_block:
            line_top += top
            if line_top > height:
                break
            line_bottom += top
            if line_bottom < 0:
                continue
            if convert is None:
                append(VisibleLine(line_top, line_bottom, block_pos + start, block_pos + end))
            else:
                append(VisibleLine(line_top, line_bottom, to_cp(block_pos + start),
                                   to_cp(block_pos + end)))
        else:
            block = block.next()
            continue
        break
    return lines


def _lanes(bars: list[tuple[int, int, int]]) -> dict[int, int]:
    """The lowest lane (column) of each bar not used by a bar sharing a line with it, bars given
    as (first line, -last line, annotation id) and taken by first line, longer first (as
    assign_lanes does for spans)."""
    lanes: dict[int, int] = {}
    busy: list[tuple[int, int]] = []  # heap of (line after the bar, lane)
    free: list[int] = []  # heap of free lanes
    used = 0
    for first, minus_last, annotation_id in sorted(bars):
        while busy and busy[0][0] <= first:
            heappush(free, heappop(busy)[1])
        if free:
            lane = heappop(free)
        else:
            lane = used
            used += 1
        lanes[annotation_id] = lane
        heappush(busy, (1 - minus_last, lane))
    return lanes


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
        # The bars last worked out with each one's x, top and height (read back without Qt).
        self._bar_places: tuple[list, list[tuple[float, float, float]]] = ([], [])
        # What painting those bars draws, for the page colour and the marks (see paintEvent).
        self._strokes: tuple[list, int, dict, list] | None = None
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
        """Where bars of this lane are drawn (lanes past the last share it)."""
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
        tops, bottoms, line_starts, line_ends = zip(*lines, strict=True)
        covers = self._index.segments_between(line_starts[0], max(line_ends[-1], line_starts[0] + 1))[2]
        found = []
        append = found.append
        for span in dict.fromkeys(chain.from_iterable(covers)):
            start, end, _label_id, annotation_id = span
            first = bisect_right(line_ends, start)
            last = bisect_left(line_starts, end) - 1
            if first <= last:
                # Listed as met reading the lines: by first line, where the span is first met
                # on it, then outer spans first.
                line_start = line_starts[first]
                append((first, start if start > line_start else line_start, start, -end,
                        annotation_id, last, span))
        found.sort()  # the annotation id (unique) decides before the last two items are compared
        lanes = _lanes([(first, -last, annotation_id)
                        for first, _at, _start, _end, annotation_id, last, _span in found])
        lane_xs = [self._lane_x(lane) for lane in range(MAX_LANES)]
        top_lane = MAX_LANES - 1
        result: list[tuple[QRectF, Span]] = []
        places = []
        for first, _at, _start, _end, annotation_id, last, span in found:
            lane = lanes[annotation_id]
            x = lane_xs[lane if lane < top_lane else top_lane]
            top = tops[first]
            height = bottoms[last] - top
            result.append((QRectF(x, top, BAR_WIDTH, height), span))
            places.append((x, top, height))
        self._bar_places = (result, places)
        return result

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bars for the lines currently on screen (other annotators' bars hollow), each
        headed by its label's mark."""
        painter = QPainter(self)
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(event.rect(), base)
        bars = self.bars()
        strokes = self._strokes
        if (strokes is None or strokes[0] is not bars or strokes[1] != base.rgba()
                or strokes[2] is not self._marks):
            strokes = self._strokes = (bars, base.rgba(), self._marks,
                                       self._work_out_strokes(bars, base))
        if self._marks:
            painter.setFont(self._mark_font)
        set_pen, fill_rect, draw_text = painter.setPen, painter.fillRect, painter.drawStaticText
        for rect, color, hollow, text, at, ink in strokes[3]:
            if text is not None:
                set_pen(ink)
                draw_text(at, text)
            if hollow:
                set_pen(color)
                painter.setBrush(_NO_BRUSH)
                painter.drawRect(rect)
            else:
                fill_rect(rect, color)
        painter.end()

    def _work_out_strokes(
        self, bars: list[tuple[QRectF, Span]], base: QColor
    ) -> list[tuple[QRectF, QColor, bool, QStaticText | None, QPointF | None, QColor | None]]:
        """What paintEvent draws for each bar, in order: (the bar's rectangle, its colour, hollow,
        then its mark, where the mark goes and its colour, or three Nones)."""
        fallback = QColor(FALLBACK)
        others = self._view.other_annotations
        marks, mark_colors = self._marks, self._mark_colors_for(base)
        colors = self._colors
        room = self._mark_height + MARK_PIXELS
        below_mark = self._mark_height + 1
        middle = BAR_WIDTH / 2
        looks: dict[int, tuple] = {}  # label id -> its colour, mark laid out, mark's width, ink
        strokes = []
        append = strokes.append
        known, places = self._bar_places
        if known is not bars:
            places = [(rect.x(), rect.y(), rect.height()) for rect, _span in bars]
        for (rect, span), (x, top, height) in zip(bars, places, strict=True):
            label_id = span.label_id
            look = looks.get(label_id)
            if look is None:
                mark = marks.get(label_id)
                if mark:
                    ink = mark_colors.get(label_id, fallback)
                    look = (colors.get(label_id, fallback), *self._mark_text(mark, ink), ink)
                else:
                    look = (colors.get(label_id, fallback), None, 0.0, None)
                looks[label_id] = look
            color, text, width, ink = look
            at = None
            if text is not None and height >= room:
                at = QPointF(x + middle - width / 2, top)
                top += below_mark
                height -= below_mark
            else:
                text = ink = None
            hollow = span.annotation_id in others
            if hollow:
                rect = QRectF(x + 0.5, top + 0.5, BAR_WIDTH - 1.0, height - 1.0)
            elif at is not None:
                rect = QRectF(x, top, BAR_WIDTH, height)
            append((rect, color, hollow, text, at, ink))
        return strokes

    def _mark_text(self, mark: str, color: QColor) -> tuple[QStaticText, float]:
        """A mark laid out once (per colour), and its width."""
        key = (mark, color.rgba())
        laid = self._mark_texts.get(key)
        if laid is None:
            text = QStaticText(mark)
            text.prepare(font=self._mark_font)
            laid = self._mark_texts[key] = (text, text.size().width())
        return laid

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
