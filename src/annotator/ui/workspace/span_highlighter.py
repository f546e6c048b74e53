"""Paints labelled spans into the article text: blended backgrounds, underlines for overlaps.

Spans of other annotators ("others") get no fill: a dashed underline in their label colour.

Blocks get their formats lazily, when they are about to be painted or are asked for, so opening
a long article costs only the lines on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from operator import attrgetter

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import SpanIndex

LAYER_ALPHA = 0.32
"""Opacity of one label colour laid over the page; overlapping layers add up."""

FALLBACK_COLOR = "#9e9e9e"
"""Used for a label without a known colour."""

OTHERS_UNDERLINE = QTextCharFormat.UnderlineStyle.DashUnderline
"""How another annotator's span is drawn: underlined in its label colour, never filled."""

_label_id = attrgetter("label_id")

GLYPHS_KEPT_MAX_CHARS = 20_000
"""Blocks on screen keep their shaped text for the next paints (Qt shapes a block's text anew for
each paint otherwise), unless they are longer than this (a paragraph of a whole book)."""

GLYPHS_LEAVING_MAX_CHARS = 20_000
"""Blocks that left the screen give up their shaped text together, once they hold more than
this many characters (about ten pages of ordinary paragraphs), rather than at every page."""

_RELEASE_CLIP = QRectF(0, -100_000, 1, 1)  # above every line: a draw there draws nothing


def _drop_glyphs(document: QTextDocument, numbers: Iterable[int]) -> None:
    """Let blocks that left the screen give up their shaped text: Qt frees it at the end of a
    draw of a layout that does not keep it (here a draw of none of its lines).

    Blocks are found again by number in the document as it is now: a block kept from an earlier
    paint could have gone with its text since."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    origin = QPointF(0, 0)
    find_block = document.findBlockByNumber
    for number in numbers:
        block = find_block(number)
        if block.isValid():
            layout = block.layout()
            layout.setCacheEnabled(False)
            layout.draw(painter, origin, [], _RELEASE_CLIP)
    painter.end()


def blend_colors(base: QColor, colors: list[str], alpha: float = LAYER_ALPHA) -> QColor:
    """Lay each colour over `base` in turn with opacity `alpha` (outer layer first)."""
    r, g, b = base.redF(), base.greenF(), base.blueF()
    for name in colors:
        c = QColor(name)
        if not c.isValid():
            c = QColor(FALLBACK_COLOR)
        r += (c.redF() - r) * alpha
        g += (c.greenF() - g) * alpha
        b += (c.blueF() - b) * alpha
    return QColor.fromRgbF(r, g, b)


class SpanHighlighter:
    """Formats text blocks from a SpanIndex on demand; offsets are code points, Qt's are UTF-16.

    A block is either formatted for the current spans ("done") or carries no formats at all, so
    formats read from any block layout are never stale.
    """

    def __init__(self, document: Callable[[], QTextDocument]) -> None:
        """`document` gives the document formatted (its view's, asked for at each use: the view
        owns it, and a Python object kept for it could be dropped while it lives on)."""
        self._document = document
        self._map = Utf16Map("")
        self._index = SpanIndex()
        self._colors: dict[int, str] = {}
        self._base = QColor("#ffffff")
        # The format of each stack of labels met so far (see _build_format): a segment's is
        # found by its labels (the few spans covering it), not by the spans themselves.
        self._formats: dict[tuple[int, ...], QTextCharFormat] = {}
        self._others: set[int] = set()  # annotation ids drawn as others' spans
        self._done: set[int] = set()  # block numbers formatted for the current spans
        self._formatted: set[int] = set()  # block numbers whose layout carries formats
        self._visible_done: object = None  # the view's geometry key when its blocks were all done
        # The numbers of the blocks on screen (with their lengths): their layouts keep their
        # shaped text (see format_visible). Numbers, not blocks: a block is only valid while its
        # text stays. Those that left the screen keep it a little longer (see
        # GLYPHS_LEAVING_MAX_CHARS).
        self._glyphs_kept: dict[int, int] = {}
        self._glyphs_leaving: dict[int, int] = {}

    @property
    def index(self) -> SpanIndex:
        """The spans being drawn."""
        return self._index

    @property
    def others(self) -> Set[int]:
        """Annotation ids drawn as other annotators' spans (underlined, not filled); read only."""
        return self._others

    def reset(
        self, utf16_map: Utf16Map, index: SpanIndex, colors: dict[int, str], others: Iterable[int] = ()
    ) -> None:
        """Start over on a new text (its blocks carry no formats yet); formats nothing by itself."""
        self._map = utf16_map
        self._done.clear()
        self._visible_done = None
        self._glyphs_kept = {}  # the blocks of the text before (gone with it)
        self._glyphs_leaving = {}
        self._formatted.clear()
        self._index = index
        self._others = set(others)
        self._set_colors(colors)

    def set_spans(
        self, index: SpanIndex, colors: dict[int, str], others: Iterable[int] | None = None
    ) -> bool:
        """Replace spans, label colours and (if given) others' ids; a change of colours or of
        others unformats every block. True if so."""
        self._index = index
        recolored = self._set_colors(colors)
        if others is not None:
            others = set(others)
            if others != self._others:
                self._others = others
                recolored = True
        if not recolored:
            return False
        self.invalidate_all()
        return True

    def add_others(self, annotation_ids: Iterable[int]) -> None:
        """Mark more annotation ids as others' (before their spans are added and refreshed)."""
        self._others.update(annotation_ids)

    def set_base_color(self, color: QColor) -> bool:
        """Page colour the label colours are blended over; a change unformats every block."""
        if color == self._base:
            return False
        self._base = QColor(color)
        self._formats.clear()
        self.invalidate_all()
        return True

    def _set_colors(self, colors: dict[int, str]) -> bool:
        if colors == self._colors:
            return False
        self._colors = dict(colors)
        self._formats.clear()
        return True

    def invalidate_all(self) -> None:
        """Take the formats off every formatted block; each is redone when next needed."""
        doc = self._document()
        for number in sorted(self._formatted):
            self._set_block_formats(doc.findBlockByNumber(number), [])
        self._formatted.clear()
        self._done.clear()
        self._visible_done = None

    def refresh_ranges(self, ranges: Iterable[tuple[int, int]], view: QPlainTextEdit) -> None:
        """Reformat the formatted blocks touching code-point ranges; repaint those `view` shows.

        Blocks not formatted yet carry nothing stale and are left for when they are needed.
        """
        numbers: set[int] = set()
        for start, end in ranges:
            first, last = self._block_numbers(start, end)
            numbers.update(range(first, last + 1))
        doc = self._document()
        top_number = view.firstVisibleBlock().blockNumber()
        offset = view.contentOffset()
        height = view.viewport().height()
        on_screen = True
        for number in sorted(numbers & self._done):
            block = doc.findBlockByNumber(number)
            self._apply(block, number)
            if on_screen and number >= top_number:
                rect = view.blockBoundingGeometry(block).translated(offset).toAlignedRect()
                on_screen = rect.top() <= height  # blocks come in text order
                if on_screen:
                    view.viewport().update(rect)

    def format_visible(self, view: QPlainTextEdit) -> None:
        """Format the blocks `view` shows that are not formatted yet, each before it is laid out.

        The blocks on screen keep their shaped text (up to GLYPHS_KEPT_MAX_CHARS) until they leave it
        (and a few pages more, see GLYPHS_LEAVING_MAX_CHARS).
        Nothing is measured again while the view shows the same lines (a view with a
        `geometry_key`, see DocumentView) and no block lost its formats since."""
        geometry_key = getattr(view, "geometry_key", None)
        key = geometry_key() if geometry_key is not None else None
        if key is not None and key == self._visible_done:
            return
        block = view.firstVisibleBlock()
        if not block.isValid():
            return
        kept = self._glyphs_kept
        leaving = self._glyphs_leaving
        on_screen: dict[int, int] = {}  # block number -> its length, if it keeps its shaped text
        done, apply = self._done, self._apply
        height = view.viewport().height()
        document = self._document()
        block_rect = document.documentLayout().blockBoundingRect
        top = None
        while True:
            number = block.blockNumber()
            length = block.length()
            if length <= GLYPHS_KEPT_MAX_CHARS:
                if number not in kept and leaving.pop(number, None) is None:
                    block.layout().setCacheEnabled(True)
                on_screen[number] = length
            if number not in done:
                apply(block, number)
            if top is None:  # measured once formatted (formatting drops a block's lines)
                top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
            top += block_rect(block).height()
            block = block.next()
            if not block.isValid() or top > height:
                break
        self._visible_done = key
        self._glyphs_kept = on_screen
        for number in kept.keys() - on_screen.keys():
            leaving[number] = kept[number]
        if leaving and sum(leaving.values()) > GLYPHS_LEAVING_MAX_CHARS:
            _drop_glyphs(document, sorted(leaving))
            leaving.clear()

    def ensure_block(self, block: QTextBlock) -> None:
        """Give `block` its formats unless it already has them."""
        number = block.blockNumber()
        if number not in self._done:
            self._apply(block, number)

    def ensure_range(self, start: int, end: int) -> None:
        """Format every block holding code points [start, end) (at least the one at `start`)."""
        first, last = self._block_numbers(start, end)
        block = self._document().findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= last:
            self.ensure_block(block)
            block = block.next()

    def _block_numbers(self, start: int, end: int) -> tuple[int, int]:
        doc = self._document()
        to_u16 = self._map.to_utf16
        start = max(0, start)
        first = doc.findBlock(to_u16(start)).blockNumber()
        last = doc.findBlock(to_u16(max(start, end - 1))).blockNumber()
        final = doc.blockCount() - 1  # findBlock past the end gives an invalid block (-1)
        first = final if first < 0 else first
        last = final if last < 0 else last
        return first, max(first, last)

    def _apply(self, block: QTextBlock, number: int) -> None:
        ranges = self.block_ranges(block)
        if ranges or number in self._formatted:
            self._set_block_formats(block, ranges)
            if ranges:
                self._formatted.add(number)
            else:
                self._formatted.discard(number)
        self._done.add(number)

    @staticmethod
    def _set_block_formats(block: QTextBlock, ranges: list[QTextLayout.FormatRange]) -> None:
        # This drops the block's lines; Qt lays it out again when it is next measured or painted
        # (backgrounds and underlines keep the glyphs, so the lines break where they did).
        block.layout().setFormats(ranges)

    def _build_format(self, key: tuple[int, ...]) -> QTextCharFormat:
        """Format for a stack of spans: label ids of own spans, `~label_id` of others' spans."""
        colors = [self._colors.get(label_id, FALLBACK_COLOR) for label_id in key if label_id >= 0]
        others = [self._colors.get(~label_id, FALLBACK_COLOR) for label_id in key if label_id < 0]
        fmt = QTextCharFormat()
        if colors:
            fmt.setBackground(blend_colors(self._base, colors))
        if others:
            # The innermost other span gives the underline; own overlaps still show in the fill.
            top = QColor(others[-1]) if QColor(others[-1]).isValid() else QColor(FALLBACK_COLOR)
            dark_page = self._base.lightness() < 128  # stronger ink on either page colour
            fmt.setUnderlineColor(top.lighter(125) if dark_page else top.darker(135))
            fmt.setUnderlineStyle(OTHERS_UNDERLINE)
        elif len(colors) >= 2:
            # The innermost layer is underlined in its own colour so overlaps stay visible.
            top = QColor(colors[-1])
            fmt.setUnderlineColor((top if top.isValid() else QColor(FALLBACK_COLOR)).darker(125))
            if len(colors) >= 3:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        return fmt

    def block_ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """Span formats of one block, in positions relative to the block (UTF-16)."""
        if not len(self._index):
            return []
        u16_start = block.position()
        u16_end = u16_start + block.length() - 1
        m = self._map
        to_u16 = None if m.is_identity else m.to_utf16
        if to_u16 is None:
            a, b = u16_start, u16_end
        else:
            a, b = m.to_codepoint(u16_start), m.to_codepoint(u16_end)
            if to_u16(b) - b == u16_start - a:  # no character of two UTF-16 units in the block
                to_u16 = None
        starts, ends, covers = self._index.segments_between(a, b)
        formats = self._formats
        format_of = formats.get
        others = self._others
        new_range = QTextLayout.FormatRange
        ranges = []
        append = ranges.append
        for s, e, cover in zip(starts, ends, covers, strict=True):
            if s < a:
                s = a
            if e > b:
                e = b
            if e <= s:  # a span going on past an empty line: nothing to draw on it
                continue
            # The stack's labels: own spans by label id, others' by ~label id (a Span is
            # (start, end, label id, annotation id)).
            if others:
                key = tuple([~span[2] if span[3] in others else span[2] for span in cover])
            else:
                key = tuple(map(_label_id, cover))
            fmt = format_of(key)
            if fmt is None:
                fmt = formats[key] = self._build_format(key)
            rng = new_range()
            if to_u16 is None:
                rng.start = s - a
                rng.length = e - s
            else:
                us = to_u16(s)
                rng.start = us - u16_start
                rng.length = to_u16(e) - us
            rng.format = fmt
            append(rng)
        return ranges
