"""Paints labelled spans into the article text: blended backgrounds, underlines for overlaps."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Span, SpanIndex

LAYER_ALPHA = 0.32
"""Opacity of one label colour laid over the page; overlapping layers add up."""

FALLBACK_COLOR = "#9e9e9e"
"""Used for a label without a known colour."""


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

    def format_for(self, spans: tuple[Span, ...]) -> QTextCharFormat:
        """Character format for a run covered by `spans` (outer first)."""
        key = tuple(span.label_id for span in spans)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._build_format(key)
            self._formats[key] = fmt
        return fmt

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
        if not len(self._index):
            return
        block = self.currentBlock()
        u16_start = block.position()
        u16_end = u16_start + block.length() - 1
        to_cp = self._map.to_codepoint
        to_u16 = self._map.to_utf16
        a = to_cp(u16_start)
        b = to_cp(u16_end)
        for seg in self._index.segments_in(a, b):
            s = seg.start if seg.start > a else a
            e = seg.end if seg.end < b else b
            us = to_u16(s) - u16_start
            self.setFormat(us, to_u16(e) - u16_start - us, self.format_for(seg.spans))
