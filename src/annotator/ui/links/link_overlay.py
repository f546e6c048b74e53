"""Links drawn over the article: a small dot after each linked span, arcs from the selected one.

The dots are painted with the text (a decoration of the view); the arcs on an overlay that lies
over the view's viewport, shown only while the selected span has links, and lets every mouse
event through to the text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from annotator.domain.records import LinkInfo

if TYPE_CHECKING:
    from annotator.ui.workspace.document_view import DocumentView, SharedPainter

DOT_RADIUS = 2.6
#: A link between spans on one line runs along the top of that line, in the room above its
#: letters: this far below the line's top edge (it never leaves the line's own band) ...
BRACKET_TOP = 2.5
#: ... down to this far below the top edge, where the arrow meets the span (above its letters).
BRACKET_DROP = 7.0
ARC_ALPHA = 200
ARROW = 5.0
CORNER = 6.0
_FOLLOWED = frozenset((QEvent.Type.Resize, QEvent.Type.Move))
"""Viewport events the overlay follows (every viewport event is looked at: a set, made once)."""


class LinkOverlay(QWidget):
    """Marks linked spans and joins the selected span to the spans it is linked with."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.setObjectName("linkOverlay")
        self._view = view
        self._links: list[LinkInfo] = []
        self._spans: dict[int, tuple[int, int]] = {}  # annotation id -> (start, end)
        self._colors: dict[int, str] = {}  # annotation id -> its label's colour (name)
        self._selected: int | None = None
        self._linked: set[int] = set()  # spans with at least one link
        self._dots: list[tuple[int, int]] = []  # (end, annotation id) of linked spans, sorted
        self._dots_version = 0  # counts changes of the dots (links, colours)
        # The dots on screen (centre, colour) for the view's geometry key and the dots version.
        self._shown_dots: tuple[tuple, list[tuple[QPointF, QColor]]] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.viewport().installEventFilter(self)
        view.updateRequest.connect(self._on_view_update_request)
        view.add_decoration(self._paint_dots)
        self._follow_viewport()
        self.setVisible(False)  # until a span with links is selected

    def set_links(
        self,
        links: Sequence[LinkInfo],
        spans: dict[int, tuple[int, int]],
        colors: dict[int, str],
        selected: int | None,
    ) -> None:
        """Links of the document shown, the spans they join, their colours, and the selected span.

        `spans` and `colors` (by annotation id) need only hold the linked spans."""
        self._links = [k for k in links if k.from_annotation_id in spans and k.to_annotation_id in spans]
        self._spans = dict(spans)
        self._colors = dict(colors)
        self._selected = selected
        self._linked = self.linked_ids()
        # Linked spans by where they end (their dot), to find those on screen by bisection.
        self._dots = sorted((self._spans[i][1], i) for i in self._linked)
        self._dots_version += 1
        self._view.viewport().update()
        self._show_arcs()

    def set_selected(self, annotation_id: int | None) -> None:
        """Draw the arcs of this span (None: no arcs). Nothing is repainted when neither this
        span nor the one selected before has a link (the article is not painted again for it)."""
        if annotation_id != self._selected:
            had_arcs = self._selected in self._linked
            self._selected = annotation_id
            if had_arcs or annotation_id in self._linked:
                self._show_arcs()

    def _show_arcs(self) -> None:
        """Show the overlay, repainted, while the selected span has links; else hide it."""
        if self._selected in self._linked:
            self._follow_viewport()
            self.show()
            self.update()
        else:
            self.hide()

    def recolor(self, colors: dict[int, str]) -> None:
        """New colours of linked spans (after a relabel): their dots are repainted, and the arcs
        if they are joined to the selected span."""
        changed = {i: c for i, c in colors.items() if i in self._linked and self._colors.get(i) != c}
        if not changed:
            return
        self._colors.update(changed)
        self._dots_version += 1
        joined = {a for k in self._links if self._selected in (k.from_annotation_id, k.to_annotation_id)
                  for a in (k.from_annotation_id, k.to_annotation_id)}
        if joined & changed.keys():
            self.update()
            self._view.viewport().update()
            return
        first, last = self._view.visible_range()
        for annotation_id in changed:
            end = self._spans[annotation_id][1]
            if first <= end <= last + 1:
                rect = self._rect_at(end)
                self._view.viewport().update(rect.left() - 2, rect.top() - 1, int(2 * DOT_RADIUS) + 5,
                                             int(2 * DOT_RADIUS) + 5)

    def span_of(self, annotation_id: int) -> tuple[int, int] | None:
        """Where a linked span shown lies, (start, end); None for any other."""
        return self._spans.get(annotation_id)

    def color_of(self, annotation_id: int) -> str | None:
        """The colour a linked span's dot and connectors are drawn from (its label's, as shown)."""
        return self._colors.get(annotation_id)

    def linked_ids(self) -> set[int]:
        """Spans with at least one link (those that get a dot)."""
        return {a for k in self._links for a in (k.from_annotation_id, k.to_annotation_id)}

    def arcs(self) -> list[tuple[QPointF, QPointF, int, bool]]:
        """(from point, to point, annotation id at the far end, drawn over the line) of each arc.

        Spans on one line are joined by a low bracket along the top of that line, above its
        letters and below the line above; spans on neighbouring lines through the gap between
        their lines; spans further apart through the page margin beside the text.
        """
        return [(a, b, other, over) for a, b, other, over, _gutter in self._routes()]

    def connector_paths(self) -> list[QPainterPath]:
        """The path of each connector drawn from the selected span, in viewport coordinates."""
        return [self._connector(a, b, over, gutter) for a, b, _other, over, gutter in self._routes()]

    def _routes(self) -> list[tuple[QPointF, QPointF, int, bool, float | None]]:
        """Ends of each connector from the selected span, the far span, whether it is an arc over
        one line, and the x of the margin it runs down (None when it need not)."""
        if self._selected is None:
            return []
        found = []
        for link in self._links:
            if self._selected not in (link.from_annotation_id, link.to_annotation_id):
                continue
            other = (link.to_annotation_id if link.from_annotation_id == self._selected
                     else link.from_annotation_id)
            found.append(self._route(link.from_annotation_id, link.to_annotation_id) + (other,))
        return [(a, b, other, over, gutter) for a, b, over, gutter, other in found]

    def _route(self, source_id: int, target_id: int) -> tuple[QPointF, QPointF, bool, float | None]:
        source, target = self._edges(source_id), self._edges(target_id)
        if abs(source[0].y() - target[0].y()) < 2:  # one line: its top edge, (middle x, top + 1)
            return source[0], target[0], True, None
        source_above = source[0].y() < target[0].y()
        upper_id, lower_id = (source_id, target_id) if source_above else (target_id, source_id)
        upper, lower = self._span_lines(upper_id), self._span_lines(lower_id)
        if lower[0].top() - upper[1].bottom() < upper[1].height() / 2:  # neighbouring lines
            a, b = (source[1], target[0]) if source_above else (source[0], target[1])
            return a, b, False, None
        # Far apart: leave the upper span along the top of its (first) line and the lower one
        # along the bottom of its (last) line, on the side of the nearer margin.
        upper_start, upper_end = self._spans[upper_id]
        lower_start, lower_end = self._spans[lower_id]
        middle = (self._rect_at(upper_start).left() + self._rect_at(upper_end).left()
                  + self._rect_at(lower_start).left() + self._rect_at(lower_end).left()) / 4
        gutter, left = self._gutter_x(middle, upper[0])
        if left:
            upper_x = self._rect_at(upper_start).left()
            lower_x = self._rect_at(lower_start).left() if lower[0].top() == lower[1].top() else (
                lower[1].left() + 2)
        else:
            upper_x = self._rect_at(upper_end).left() if upper[0].top() == upper[1].top() else (
                upper[0].right() - 2)
            lower_x = self._rect_at(lower_end).left()
        top = QPointF(upper_x, upper[0].top() + 1)
        bottom = QPointF(lower_x, lower[1].bottom() - 1)
        a, b = (top, bottom) if source_above else (bottom, top)
        return a, b, False, gutter

    def _span_lines(self, annotation_id: int) -> tuple[QRectF, QRectF]:
        """The whole first and last line of a span (as wide as the text column), viewport coordinates."""
        start, end = self._spans[annotation_id]
        return self.line_box(start), self.line_box(max(start, end - 1))

    def line_box(self, offset: int) -> QRectF:
        """The line of text holding this character, as wide as the text column, in viewport coordinates."""
        cursor = self._view.cursor_for(offset, offset)
        block = cursor.block()
        origin = self._view.blockBoundingGeometry(block).translated(self._view.contentOffset()).topLeft()
        layout = block.layout()
        line = layout.lineForTextPosition(cursor.position() - block.position())
        if not line.isValid():
            line = layout.lineAt(max(0, layout.lineCount() - 1))
        return line.rect().translated(origin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Keep lying exactly over the viewport."""
        if event.type() in _FOLLOWED:
            self._follow_viewport()
        return False

    def _paint_dots(self, shared: SharedPainter) -> None:
        """Dots after the linked spans on screen, painted with the text."""
        if not self._links:
            return
        dots = self._dots_on_screen()
        if not dots:  # most pages: nothing to draw, no painter
            return
        painter = shared.begin()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._view.palette().base().color(), 1.0))
        set_brush, draw_ellipse = painter.setBrush, painter.drawEllipse
        for centre, color in dots:
            set_brush(color)
            draw_ellipse(centre, DOT_RADIUS, DOT_RADIUS)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """The selected span's arcs (the overlay is shown only while it has links)."""
        routes = self._routes()
        if not routes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for a, b, other, over, gutter in routes:
            color = QColor(self._colors.get(other, "#757575")).darker(135)
            color.setAlpha(ARC_ALPHA)
            self._outline(painter, other, color)
            self._draw_connector(painter, self._connector(a, b, over, gutter), color)
        painter.end()

    def _dots_on_screen(self) -> list[tuple[QPointF, QColor]]:
        """Centre and colour of each dot on screen; measured again only when the view scrolled,
        was resized or changed its text, or the dots changed (a page is often painted twice)."""
        key = (self._view.geometry_key(), self._dots_version)
        shown = self._shown_dots
        if shown is not None and shown[0] == key:
            return shown[1]
        first, last = self._view.visible_range()
        dots = []
        for end, annotation_id in self._dots[bisect_left(self._dots, (first,)) :]:
            if end > last + 1:  # the dot sits after the span's last character
                break
            rect = self._rect_at(end)
            color = QColor(self._colors.get(annotation_id, "#757575")).darker(140)
            dots.append((QPointF(rect.left() + DOT_RADIUS, rect.top() + DOT_RADIUS + 1), color))
        self._shown_dots = (key, dots)
        return dots

    def _connector(self, a: QPointF, b: QPointF, over: bool, gutter: float | None) -> QPainterPath:
        """The way from a to b: for spans on one line (a and b on its top edge), a low bracket in
        the room above its letters, inside the line's own band; straight along the edge between
        two neighbouring lines; else out to the page margin along the outer edges of the two
        spans' lines and down (or up) the margin, so no line of text between them is crossed."""
        if over:
            edge = min(a.y(), b.y()) - 1  # the line's top edge
            low, high = edge + BRACKET_DROP, edge + BRACKET_TOP
            path = QPainterPath(QPointF(a.x(), low))
            self._round_corner(path, QPointF(a.x(), high), QPointF(b.x(), high))
            self._round_corner(path, QPointF(b.x(), high), QPointF(b.x(), low))
            path.lineTo(QPointF(b.x(), low))
            return path
        path = QPainterPath(a)
        if gutter is None:  # neighbouring lines: a and b lie on the edge between them
            path.lineTo(b)
            return path
        corners = [QPointF(gutter, a.y()), QPointF(gutter, b.y())]
        for corner, after in zip(corners, [corners[1], b], strict=True):
            self._round_corner(path, corner, after)
        path.lineTo(b)
        return path

    @staticmethod
    def _round_corner(path: QPainterPath, corner: QPointF, after: QPointF) -> None:
        """Go to `corner` and turn towards `after`, the turn rounded off a little."""
        here = path.currentPosition()
        radius = min(CORNER, abs(corner.x() - here.x()) / 2 + abs(corner.y() - here.y()) / 2,
                     abs(after.x() - corner.x()) / 2 + abs(after.y() - corner.y()) / 2)

        def towards(point: QPointF) -> QPointF:
            dx, dy = point.x() - corner.x(), point.y() - corner.y()
            length = max(1e-6, abs(dx) + abs(dy))  # the legs are horizontal or vertical
            return QPointF(corner.x() + dx / length * radius, corner.y() + dy / length * radius)

        path.lineTo(towards(here))
        path.quadTo(corner, towards(after))

    def _gutter_x(self, middle: float, column: QRectF) -> tuple[float, bool]:
        """Where a connector runs down the page, and whether on the left: in the middle of the
        blank margin left of the text, or right of it when the spans lie in the right half of
        the text and that margin is wide enough."""
        left, right = column.left(), column.right()
        right_room = self.width() - right
        if middle > (left + right) / 2 and right_room >= 6:
            return right + right_room / 2, False
        return max(2.0, left / 2), True

    def _draw_connector(self, painter: QPainter, path: QPainterPath, color: QColor) -> None:
        pen = QPen(color, 1.6, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        b = path.currentPosition()
        angle = path.angleAtPercent(1.0)  # degrees, counter-clockwise, y up
        direction = QLineF.fromPolar(1.0, angle)
        dx, dy = direction.dx(), direction.dy()  # the way the connector arrives
        base = QPointF(b.x() - dx * ARROW, b.y() - dy * ARROW)
        side = QPointF(-dy * ARROW * 0.7, dx * ARROW * 0.7)
        painter.drawPolygon(QPolygonF([b, base + side, base - side]))

    def _outline(self, painter: QPainter, annotation_id: int, color: QColor) -> None:
        """A thin frame around each line of a linked span, as wide as its text there."""
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.line_rects(annotation_id):
            painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)

    def line_rects(self, annotation_id: int) -> list[QRectF]:
        """The span's text on each line it covers, in viewport coordinates (visible lines only)."""
        start, end = self._spans[annotation_id]
        cursor = self._view.cursor_for(start, end)
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        document = self._view.document()
        block = document.findBlock(first)
        rects: list[QRectF] = []
        while block.isValid() and block.position() <= last:
            top_left = self._view.blockBoundingGeometry(block).translated(
                self._view.contentOffset()).topLeft()
            if top_left.y() > self.height():
                break
            layout, base = block.layout(), block.position()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                a = max(first, base + line.textStart())
                b = min(last, base + line.textStart() + line.textLength())
                if a >= b:
                    continue
                x1, x2 = line.cursorToX(a - base)[0], line.cursorToX(b - base)[0]
                rects.append(QRectF(top_left.x() + min(x1, x2), top_left.y() + line.y(),
                                    abs(x2 - x1), line.height()))
            block = block.next()
        return rects

    def _rect_at(self, offset: int) -> QRect:
        return self._view.cursorRect(self._view.cursor_for(offset, offset))

    def _edges(self, annotation_id: int) -> tuple[QPointF, QPointF]:
        """Middle of a span's top edge and of its bottom edge (first and last line if it wraps)."""
        start, end = self._spans[annotation_id]
        first, last = self._rect_at(start), self._rect_at(end)
        if abs(first.top() - last.top()) < 2:
            middle = (first.left() + last.left()) / 2
            return QPointF(middle, first.top() + 1), QPointF(middle, last.bottom())
        top_x = first.left() + min(30, max(0, self.width() - first.left()) / 2)
        return QPointF(top_x, first.top() + 1), QPointF(max(4, last.left() - 30), last.bottom())

    def _follow_viewport(self) -> None:
        self.setGeometry(self._view.viewport().geometry())
        self.raise_()

    def _on_view_update_request(self, _rect: QRect, dy: int) -> None:
        if dy and self._links and self.isVisible():
            self.update()
