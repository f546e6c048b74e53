"""Paints labelled spans into the article text: blended backgrounds, underlines for overlaps."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import SpanIndex

LAYER_ALPHA = 0.32
"""Opacity of one label colour laid over the page; overlapping layers add up."""

FALLBACK_COLOR = "#9e9e9e"
"""Used for a label without a known colour."""

_label_id = attrgetter("label_id")


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


class SpanHighlighter(QSyntaxHighlighter):
    """Formats each text block from a SpanIndex; offsets are code points, Qt's are UTF-16."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._map = Utf16Map("")
        self._index = SpanIndex()
        self._colors: dict[int, str] = {}
        self._base = QColor("#ffffff")
        self._formats: dict[tuple[int, ...], QTextCharFormat] = {}

    @property
    def index(self) -> SpanIndex:
        """The spans being drawn."""
        return self._index

    def set_text_map(self, utf16_map: Utf16Map) -> None:
        """Use the offset map of a new text; call before the document text changes."""
        self._map = utf16_map

    def set_spans(self, index: SpanIndex, colors: dict[int, str]) -> None:
        """Replace the spans and label colours (by label id); does not repaint by itself."""
        if colors != self._colors:
            self._formats.clear()
        self._index = index
        self._colors = dict(colors)

    def set_base_color(self, color: QColor) -> None:
        """Page colour the label colours are blended over; does not repaint by itself."""
        if color != self._base:
            self._base = QColor(color)
            self._formats.clear()

    def _build_format(self, label_ids: tuple[int, ...]) -> QTextCharFormat:
        colors = [self._colors.get(label_id, FALLBACK_COLOR) for label_id in label_ids]
        fmt = QTextCharFormat()
        fmt.setBackground(blend_colors(self._base, colors))
        if len(colors) >= 2:
            # The innermost layer is underlined in its own colour so overlaps stay visible.
            top = QColor(colors[-1])
            fmt.setUnderlineColor((top if top.isValid() else QColor(FALLBACK_COLOR)).darker(125))
            if len(colors) >= 3:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        return fmt

    def highlightBlock(self, text: str) -> None:
        """Apply span formats to the current block."""
        starts, ends, covers = self._index.segment_columns
        if not starts:
            return
        block = self.currentBlock()
        u16_start = block.position()
        u16_end = u16_start + block.length() - 1
        m = self._map
        to_u16 = None if m.is_identity else m.to_utf16
        if to_u16 is None:
            a, b = u16_start, u16_end
        else:
            a, b = m.to_codepoint(u16_start), m.to_codepoint(u16_end)
        i = bisect_right(ends, a)  # first segment ending after the block start
        j = bisect_left(starts, b, i)  # first segment starting at or after the block end
        set_format = self.setFormat
        formats = self._formats
        for k in range(i, j):
            key = tuple(map(_label_id, covers[k]))
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = self._build_format(key)
            s = starts[k] if starts[k] > a else a
            e = ends[k] if ends[k] < b else b
            if to_u16 is None:
                set_format(s - a, e - s, fmt)
            else:
                us = to_u16(s)
                set_format(us - u16_start, to_u16(e) - us, fmt)
