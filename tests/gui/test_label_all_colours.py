"""After Label all matches, the article shows the new label's colour on every match, not the search mark."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from annotator.services.annotations import list_annotations
from annotator.ui.workspace.span_highlighter import blend_colors
from annotator.ui.workspace.transient_marks import FIND_COLOR


def _find_marks(window) -> list[tuple[int, int]]:
    return [(mark.cursor.selectionStart(), mark.cursor.selectionEnd())
            for mark in window.document_view.extraSelections()
            if mark.format.background().color().name() == FIND_COLOR]


def _pixel_inside(window, start: int, end: int) -> QColor:
    """The colour drawn in the middle of [start, end) of the article, left of the glyphs' ink."""
    view = window.document_view
    cursor = view.cursor_for(start, end)
    cursor.setPosition(cursor.selectionStart())
    rect = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    return image.pixelColor(rect.right() + 2, rect.top() + 2)


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_labelled_matches_show_the_label_colour_and_unlabelled_text_keeps_its_mark(article_window, qtbot):
    window = article_window
    window.find_action.trigger()
    QTest.keyClicks(window.find_bar.input, "ministre")
    matches = window.find_bar.matches()
    assert len(matches) == 2 and len(_find_marks(window)) == 2
    framing = next(label for label in window.workspace.labels if label.name == "framing")
    combo = window.find_bar.label_combo
    combo.setCurrentIndex(combo.findData(framing.id))
    qtbot.wait(20)
    before = _pixel_inside(window, *matches[0])
    assert _distance(before, QColor(FIND_COLOR)) < 40  # the yellow search mark

    window.find_bar.label_all_button.click()
    qtbot.wait(50)

    doc = window.workspace.document
    assert sorted((a.start, a.end) for a in list_annotations(window.project, doc.id)) == matches
    assert _find_marks(window) == []
    base = window.document_view.palette().base().color()
    after = _pixel_inside(window, *matches[0])
    assert _distance(after, blend_colors(base, [framing.color])) < 40, after.name()
    assert _distance(after, QColor(FIND_COLOR)) >= 40
    assert window.find_bar.isVisible() and window.find_bar.matches() == matches  # still stepped through
