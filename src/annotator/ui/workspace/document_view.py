"""The article view: read-only text with labelled spans drawn in, and selection in code points."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence, Set

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QStyle,
    QToolTip,
    QWidget,
)

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Span, SpanIndex
from annotator.i18n import _
from annotator.ui.widgets.theme import show_focus
from annotator.ui.workspace.span_highlighter import SpanHighlighter
from annotator.ui.workspace.span_margin import LineCache, SpanMargin, VisibleLine, visible_lines
from annotator.ui.workspace.transient_marks import TransientMarks

log = logging.getLogger(__name__)

READING_FAMILIES = ["Charis SIL", "Noto Serif", "Source Serif 4", "Georgia", "Cambria", "DejaVu Serif"]
READING_FAMILIES += ["Liberation Serif", "Times New Roman"]
READING_POINT_SIZE = 12.0
READING_COLUMN_CHARS = 78
"""Lines stop growing past about this many average characters; wider views get side margins."""

MIN_PAGE_MARGIN = 12
MAX_PAGE_MARGIN = 80
PARTIAL_REHIGHLIGHT_LIMIT = 400
"""Above this many added or removed spans, every line is formatted anew (when next shown)."""
AFTER_PAINT_MS = 16
"""What waits for the article's next paint runs this long after it: in a frame of its own (the
article's paint reaches the screen before the side panels are painted)."""
AFTER_PAINT_FALLBACK_MS = 50
"""What waits for the article's next paint runs after this long if the article is not painted."""


def reading_font() -> QFont:
    """A proportional, preferably serif font at a comfortable reading size."""
    font = QFont()
    font.setFamilies(READING_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(READING_POINT_SIZE)
    return font


def _display_text(text: str) -> str:
    """Same length as `text`, with the few characters Qt would drop or merge replaced."""
    if text.startswith("\ufeff"):  # Qt drops a leading BOM; a word joiner is just as invisible
        text = "\u2060" + text[1:]
    if "\r" in text:  # Qt merges CRLF into one position; stored text should have none anyway
        text = text.replace("\r", "\n")
    return text


def _kept(tooltips: Mapping[int, str]) -> Mapping[int, str]:
    """A copy of a dict of tooltips; any other mapping as it is (it makes them when asked)."""
    return dict(tooltips) if isinstance(tooltips, dict) else tooltips


class SharedPainter:
    """The one QPainter the decorations of a paint share: begun on the viewport when the first
    of them asks for it (most pages have nothing to decorate: no painter at all)."""

    __slots__ = ("_device", "_painter")

    def __init__(self, device: QWidget) -> None:
        self._device = device
        self._painter: QPainter | None = None

    def begin(self) -> QPainter:
        """The painter, begun on the viewport (the same one for every decoration)."""
        if self._painter is None:
            self._painter = QPainter(self._device)
        return self._painter

    def end(self) -> None:
        if self._painter is not None:
            self._painter.end()
            self._painter = None


class DocumentView(QPlainTextEdit):
    """Shows one article with its annotations; every offset in its API is a code point."""

    annotation_clicked = Signal(int)
    annotation_context_requested = Signal(int, QPoint)
    #: The annotation ids of the spans covering the character at the text cursor changed (outer first).
    spans_at_cursor_changed = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._visible_range: tuple[tuple, tuple[int, int]] | None = None  # (geometry key, range)
        self._geometry_epoch = 0  # counts changes of the layout the key cannot see (font, text)
        # The viewport, the document and the scroll bar are asked for each time, never kept in
        # attributes: PySide files the object a method returns under the one asked (walking the
        # Tab chain files each widget under the one before it), and deleting a widget drops the
        # Python objects filed under it and under what follows, this view's viewport, document
        # and scroll bar among them, while they live on: a paint using a dropped one crashes.
        # Each block's lines as last measured, while the width, the text and the font stay.
        self._line_cache: LineCache = {}
        self._line_cache_key: tuple = ()
        self.setObjectName("documentView")
        self.setAccessibleName(_("Article"))
        show_focus(self)
        self.setAccessibleDescription(_(
            "The article being annotated. To label a span, select text with the mouse or with "
            "Shift and the arrow keys, then press a label key (1 to 9) or click a label button."))
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(reading_font())
        self._text = ""
        self._map = Utf16Map("")
        self._tooltips: Mapping[int, str] = {}
        self._colors: dict[int, str] = {}
        self._press_pos: QPointF | None = None
        self._last_pick: tuple[tuple[int, ...], int] | None = None  # (spans clicked, the one picked)
        self._highlighter = SpanHighlighter(self.document)
        self._highlighter.set_base_color(self.palette().color(QPalette.ColorRole.Base))
        self._margin = SpanMargin(self)
        self.setViewportMargins(SpanMargin.margin_width(), 0, 0, 0)
        self._marks = TransientMarks(self)
        self._after_paint: list[Callable[[], object]] = []
        self._decorations: list[Callable[[SharedPainter], None]] = []
        self._after_paint_timer = QTimer(self)
        self._after_paint_timer.setSingleShot(True)
        self._after_paint_timer.setInterval(AFTER_PAINT_FALLBACK_MS)
        self._after_paint_timer.timeout.connect(self._run_after_paint)
        self.updateRequest.connect(self._on_self_update_request)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_bar_value_changed)
        self._at_cursor: tuple[int, ...] = ()
        self.cursorPositionChanged.connect(self._on_self_cursor_position_changed)

    @property
    def stored_text(self) -> str:
        """The text as stored (what every offset refers to)."""
        return self._text

    @property
    def other_annotations(self) -> Set[int]:
        """Annotation ids drawn as other annotators' spans (underlined in colour, not filled);
        read only."""
        return self._highlighter.others

    def set_document(
        self,
        text: str,
        spans: list[Span],
        colors: dict[int, str],
        tooltips: Mapping[int, str],
        others: Iterable[int] = (),
    ) -> None:
        """Show `text` with `spans`; colours by label id, tooltips by annotation id; `others` are
        the annotation ids of other annotators' spans.

        A dict of tooltips is copied; any other mapping is kept and read when a tooltip is shown
        (so that it can make them on demand)."""
        self._text = text
        self._map = Utf16Map(text)
        self._geometry_epoch += 1
        self._tooltips = _kept(tooltips)
        self._colors = dict(colors)
        index = SpanIndex(spans)
        self._marks.clear()
        self.setPlainText(_display_text(text))
        if self.document().characterCount() - 1 != self._map.utf16_length:
            log.warning("article view: displayed text does not line up with the stored text")
        # Blocks get their formats when they come on screen (see paintEvent), not all now.
        self._highlighter.reset(self._map, index, colors, others)
        self._highlighter.format_visible(self)
        self._margin.set_spans(index, colors)
        self._on_self_cursor_position_changed(force=True)

    def set_spans(
        self,
        spans: list[Span],
        colors: dict[int, str],
        tooltips: Mapping[int, str],
        others: Iterable[int] | None = None,
    ) -> None:
        """Refresh the highlights after annotations changed; repaints only what changed
        (`others`: see set_document; None keeps them)."""
        old = self._highlighter.index
        index = SpanIndex(spans)
        self._colors = dict(colors)
        self._tooltips = _kept(tooltips)
        if self._highlighter.set_spans(index, colors, others):  # every line is redone
            self._reformat_all()
        else:
            changed = set(old.spans).symmetric_difference(index.spans)
            self._refresh_ranges([(s.start, s.end) for s in changed])
        self._margin.set_spans(index, colors)
        self._on_self_cursor_position_changed(force=True)

    def set_label_marks(self, marks: dict[int, str]) -> None:
        """The character heading each label's bars in the margin (by label id): a cue besides colour."""
        self._margin.set_marks(marks)

    def change_spans(
        self,
        added: list[Span],
        removed: list[Span],
        tooltips: Mapping[int, str],
        others: Iterable[int] = (),
    ) -> None:
        """Add and remove a few spans: only their segments are re-flattened and their lines repainted.

        `others`: ids among `added` that are other annotators' spans.
        """
        self._highlighter.add_others(others)
        index = self._highlighter.index
        for span in removed:
            index.remove(span)
        for span in added:
            index.add(span)
        self._tooltips = tooltips
        self._refresh_ranges([(s.start, s.end) for s in (*removed, *added)])
        self._margin.spans_changed()
        self._on_self_cursor_position_changed(force=True)

    def spans_at(self, offset: int) -> tuple[Span, ...]:
        """The spans drawn over the character at code point `offset`, outer first."""
        return self._highlighter.index.spans_at(offset)

    def spans_at_cursor(self) -> tuple[int, ...]:
        """The annotation ids of the spans covering the character at the text cursor, outer first."""
        return self._at_cursor

    def _on_self_cursor_position_changed(self, force: bool = False) -> None:
        """Tell which spans the text cursor is in when that changes (read from the span index)."""
        spans: tuple[Span, ...] = ()
        if self._text:
            cp = min(self._map.to_codepoint(self.textCursor().position()), len(self._text) - 1)
            spans = self._highlighter.index.spans_at(cp)
        ids = tuple(span.annotation_id for span in spans)
        if ids != self._at_cursor or force:
            self._at_cursor = ids
            self.spans_at_cursor_changed.emit(ids)

    def ensure_highlighted(self, start: int, end: int) -> None:
        """Give code points [start, end) their highlight formats now (painting does it on screen)."""
        self._highlighter.ensure_range(start, end)

    def _refresh_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Redo the formats of the lines under changed spans and repaint those on screen."""
        if len(ranges) > PARTIAL_REHIGHLIGHT_LIMIT:
            self._highlighter.invalidate_all()
            self._reformat_all()
        else:
            self._highlighter.refresh_ranges(ranges, self)

    def _reformat_all(self) -> None:
        """After every block lost its formats: format the visible ones and repaint."""
        self._highlighter.format_visible(self)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Format the lines coming on screen, then paint as usual, then the decorations."""
        self._highlighter.format_visible(self)
        super().paintEvent(event)
        if self._decorations:
            painter = SharedPainter(self.viewport())
            try:
                for paint in self._decorations:
                    paint(painter)
            finally:  # never left active past this paint, whatever a decoration did
                painter.end()
        if self._after_paint:
            QTimer.singleShot(AFTER_PAINT_MS, self, self._run_after_paint)

    def add_decoration(self, paint: Callable[[SharedPainter], None]) -> None:
        """Call `paint` after the text is painted, each time it is: it may paint over the text
        with the QPainter on the viewport that `painter.begin()` gives (one painter for every
        decoration, begun only if one of them draws; each leaves it as it found it)."""
        self._decorations.append(paint)

    def after_next_paint(self, callback: Callable[[], object]) -> None:
        """Call `callback` just after the article's next paint (or after AFTER_PAINT_FALLBACK_MS if
        it is not painted): what the window paints then comes in a frame after the article's, so
        that the article answers the analyst's keystroke first."""
        self._after_paint.append(callback)
        if not self._after_paint_timer.isActive():
            self._after_paint_timer.start()

    @property
    def after_paint_pending(self) -> bool:
        """True while something waits for the article's next paint (see after_next_paint)."""
        return bool(self._after_paint)

    def _run_after_paint(self) -> None:
        callbacks, self._after_paint = self._after_paint, []
        self._after_paint_timer.stop()
        for callback in callbacks:
            callback()

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code-point offsets [start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._map.to_codepoint(cursor.selectionStart())
        end = self._map.to_codepoint(cursor.selectionEnd())
        if self._map.to_utf16(end) < cursor.selectionEnd():  # half of an emoji: all of it
            end += 1
        end = min(end, len(self._text))
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points [start, end) (an empty range clears the selection)."""
        self.setTextCursor(self._cursor_for(start, end))

    def copy_selection(self) -> None:
        """Put the exact stored characters on the clipboard (Qt's copy folds NBSP and line separators)."""
        selected = self.selected_range()
        if selected is not None:
            QGuiApplication.clipboard().setText(self._text[selected[0] : selected[1]])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Copy goes through `copy_selection`; everything else as usual."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        limit = self._map.utf16_length
        cursor.setPosition(min(self._map.to_utf16(start), limit))
        cursor.setPosition(min(self._map.to_utf16(end), limit), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def scroll_to_span(self, start: int, end: int) -> None:
        """Scroll so the span's start is on screen (a third down), keeping the selection."""
        cursor = self._cursor_for(start, start)
        view_rect = self.viewport().rect()
        if view_rect.contains(self.cursorRect(cursor)):
            return
        block = cursor.block()
        layout = self.document().documentLayout()
        if isinstance(layout, QPlainTextDocumentLayout):  # always, in a QPlainTextEdit
            layout.ensureBlockLayout(block)
        line = block.layout().lineForTextPosition(cursor.position() - block.position())
        line_number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
        line_height = max(1.0, QFontMetricsF(self.font()).lineSpacing())
        lines_above = int(view_rect.height() / line_height / 3)
        self.verticalScrollBar().setValue(max(0, line_number - lines_above))

    def flash_span(self, start: int, end: int) -> None:
        """Mark [start, end) briefly so the eye finds it."""
        self._marks.flash(start, end)

    def set_find_matches(self, matches: list[tuple[int, int]]) -> None:
        """Mark search hits (code-point ranges); an empty list clears them."""
        self._marks.set_find_matches(matches)

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting code points [start, end)."""
        return self._cursor_for(start, end)

    def geometry_key(self) -> tuple:
        """Changes whenever what the viewport shows may have moved: scrolled, resized, the text
        or the font changed (not when highlights change: they keep the lines as they are)."""
        viewport = self.viewport()
        document = self.document()
        return (self.verticalScrollBar().value(), viewport.width(), viewport.height(),
                document.revision(), document.documentMargin(), self._geometry_epoch)

    def visible_range(self) -> tuple[int, int]:
        """Code points from the first visible block to the bottom-right of the viewport."""
        key = self.geometry_key()
        known = self._visible_range
        if known is not None and known[0] == key:
            return known[1]
        first = self._map.to_codepoint(self.firstVisibleBlock().position())
        corner = QPoint(self.viewport().width() - 1, self.viewport().height() - 1)
        last = self._map.to_codepoint(self.cursorForPosition(corner).position())
        self._visible_range = (key, (first, max(first, last)))
        return first, max(first, last)

    def codepoint_at(self, pos: QPoint | QPointF) -> int | None:
        """Offset of the character drawn under viewport point `pos`, or None over blank space."""
        point = QPointF(pos)
        cursor = self.cursorForPosition(point.toPoint())
        block = cursor.block()
        if not block.isValid() or not self._text:
            return None
        top_left = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        local = point - top_left
        block_pos = block.position()
        line = block.layout().lineForTextPosition(cursor.position() - block_pos)
        if not line.isValid() or not line.y() <= local.y() < line.y() + line.height():
            return None
        line_start = block_pos + line.textStart()
        line_end = line_start + line.textLength()
        here = self._map.to_codepoint(cursor.position())
        for cp in (here - 1, here):
            u_start = self._map.to_utf16(cp)
            if cp < 0 or cp >= len(self._text) or not line_start <= u_start < line_end:
                continue
            x1 = line.cursorToX(u_start - block_pos)[0]
            x2 = line.cursorToX(self._map.to_utf16(cp + 1) - block_pos)[0]
            if min(x1, x2) <= local.x() < max(x1, x2):
                return cp
        return None

    def spans_at_point(self, pos: QPoint | QPointF) -> tuple[Span, ...]:
        """Spans under viewport point `pos`, outer first (the last one is drawn on top)."""
        cp = self.codepoint_at(pos)
        return () if cp is None else self._highlighter.index.spans_at(cp)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a left click starts, to tell a click from a drag."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A left click without a drag on a highlight selects its annotation."""
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        moved = (event.position() - press).manhattanLength()
        if moved >= QApplication.startDragDistance() or self.textCursor().hasSelection():
            return
        spans = self.spans_at_point(event.position())
        if spans:
            self.annotation_clicked.emit(self._pick(spans, cycle=True))

    def pick_order(self, spans: Sequence[Span]) -> tuple[int, ...]:
        """The annotation ids of `spans` (outer first) in the order clicks pick them: your own
        before other annotators', the one drawn on top first."""
        others = self.other_annotations
        on_top_first = [span.annotation_id for span in reversed(spans)]
        return tuple(sorted(on_top_first, key=lambda annotation_id: annotation_id in others))

    def _pick(self, spans: Sequence[Span], cycle: bool) -> int:
        """The span a click (`cycle`: the next one on each click at the same place) or a right
        click (the one the last click picked there) acts on."""
        order = self.pick_order(spans)
        last = self._last_pick
        at = 0
        if last is not None and last[0] == order:
            at = (last[1] + 1) % len(order) if cycle else last[1]
        if cycle:
            self._last_pick = (order, at)
        return order[at]

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right click on a highlight asks for the annotation's menu; elsewhere the usual one."""
        spans = self.spans_at_point(event.pos())
        if spans:
            self.annotation_context_requested.emit(self._pick(spans, cycle=False), event.globalPos())
            event.accept()
            return
        menu = QMenu(self)
        copy = menu.addAction(_("Copy"), self.copy_selection)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(self.textCursor().hasSelection())
        menu.addAction(_("Select all"), self.selectAll)
        menu.exec(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips over highlights: label, annotator and note of every span there."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self._tooltip_html(self.spans_at_point(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip_html(self, spans: tuple[Span, ...]) -> str:
        parts = []
        for span in reversed(spans):  # topmost first
            text = self._tooltips.get(span.annotation_id)
            if not text:
                continue
            color = html.escape(self._colors.get(span.label_id, "#9e9e9e"))
            body = html.escape(text).replace("\n", "<br>")
            parts.append(f'<span style="color:{color}">&#9632;</span> {body}')
        return "<hr>".join(parts)

    def visible_lines(self) -> list[VisibleLine]:
        """Lines on screen with their code-point ranges (a block's last line owns its newline)."""
        # Their blocks get their formats first: measuring lays a block out, and formatting it
        # afterwards would drop those lines (the margin is painted before the text).
        self._highlighter.format_visible(self)
        document = self.document()
        key = (self.viewport().width(), document.revision(), document.documentMargin(),
               self._geometry_epoch)
        if key != self._line_cache_key:  # the lines may break elsewhere now
            self._line_cache_key = key
            self._line_cache = {}
        return visible_lines(self, self._map, self._line_cache)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the span margin beside the text and the line length readable."""
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._margin.setGeometry(
            QRect(rect.left(), rect.top(), SpanMargin.margin_width(), rect.height())
        )
        self._update_page_margin()
        self._marks.refresh()

    def _update_page_margin(self) -> None:
        column = QFontMetricsF(self.font()).averageCharWidth() * READING_COLUMN_CHARS
        spare = (self.viewport().width() - column) / 2
        margin = int(max(MIN_PAGE_MARGIN, min(MAX_PAGE_MARGIN, spare))) // 8 * 8
        margin = max(MIN_PAGE_MARGIN, margin)
        doc = self.document()
        if doc.documentMargin() != margin:
            doc.setDocumentMargin(margin)

    def _paint_opaque(self) -> None:
        """Let the page and the scroll bar paint every pixel of their own, so that turning a page
        repaints them alone rather than the window, the splitter and the article's frame beneath
        as well (the focus outline's style sheet leaves the page without a background of its own).
        A style whose scroll bars fade over the text keeps them see-through."""
        self.viewport().setAutoFillBackground(True)
        bar = self.verticalScrollBar()
        transient = self.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, bar)
        bar.setAutoFillBackground(not transient)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Opaque once polished (the style sheet's polish takes the page's background away)."""
        super().showEvent(event)
        self._paint_opaque()

    def changeEvent(self, event: QEvent) -> None:
        """Re-blend highlight colours when the palette (light or dark) changes; stay opaque when
        the style changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._paint_opaque()
        if event.type() == QEvent.Type.FontChange:
            self._geometry_epoch += 1
        if event.type() == QEvent.Type.PaletteChange:
            if self._highlighter.set_base_color(self.palette().color(QPalette.ColorRole.Base)):
                self._reformat_all()
            self._margin.update()

    def _on_scroll_bar_value_changed(self, _value: int) -> None:
        self._marks.refresh()

    def _on_self_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._margin.scroll(0, dy)
        else:
            self._margin.update(0, rect.y(), self._margin.width(), rect.height())
