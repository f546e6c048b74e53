"""Table columns are wide enough to read: label names, the annotated text, document titles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.helpers import ARTICLE, span_of

from annotator.services.annotations import add_annotation
from annotator.ui.workspace.annotation_table import COLUMN_ANNOTATOR, COLUMN_LABEL, COLUMN_REVIEW, COLUMN_TEXT
from annotator.ui.workspace.document_list import COLUMN_TITLE

LONG_TITLE = "Le ministre défend la réforme des retraites devant une Assemblée nationale très divisée"
PADDING = 8


def _fits(view, column: int, text: str) -> bool:
    return view.fontMetrics().horizontalAdvance(text) + PADDING <= view.columnWidth(column)


def _annotated_window(open_window, qtbot):
    window = open_window([(ARTICLE, "a.txt", LONG_TITLE), (ARTICLE, "b.txt", "Court")])
    doc = window.workspace.document
    add_annotation(window.project, doc.id, "framing", "alice", *span_of(ARTICLE, "désastre annoncé"))
    add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "12 000 emplois"))
    window.events.contents_changed.emit()
    window.resize(900, 700)
    qtbot.wait(50)
    return window


def test_the_label_column_shows_whole_label_names(open_window, qtbot):
    window = _annotated_window(open_window, qtbot)
    table = window.tag_panel.table
    names = [label.name for label in table.model().sourceModel().labels()]
    assert "framing" in names
    for name in names:  # every codebook label, used in the document or not
        assert _fits(table, COLUMN_LABEL, name), (name, table.columnWidth(COLUMN_LABEL))


def test_the_text_column_keeps_a_readable_width_when_the_review_column_shows(open_window, qtbot):
    window = _annotated_window(open_window, qtbot)
    table = window.tag_panel.table
    window.resize(700, 700)
    table.setColumnHidden(COLUMN_REVIEW, False)
    qtbot.wait(50)
    assert table.columnWidth(COLUMN_TEXT) >= 12 * table.fontMetrics().averageCharWidth()
    assert _fits(table, COLUMN_LABEL, "framing")


def test_a_long_title_shows_whole_on_hover_and_its_column_takes_the_room(open_window, qtbot):
    window = _annotated_window(open_window, qtbot)
    view = window.document_list.view
    proxy = view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, COLUMN_TITLE).data() == LONG_TITLE)
    tooltip = proxy.index(row, COLUMN_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert LONG_TITLE in tooltip
    others = sum(view.columnWidth(c) for c in range(1, proxy.columnCount()))
    assert view.columnWidth(COLUMN_TITLE) >= others
    assert view.columnWidth(COLUMN_TITLE) >= 12 * view.fontMetrics().averageCharWidth()
    header = view.horizontalHeader()
    assert view.model().headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Annotations"
    assert not header.isSectionHidden(2)


def test_hovering_a_label_or_an_annotator_shows_the_whole_name(open_window, qtbot):
    window = _annotated_window(open_window, qtbot)
    proxy = window.tag_panel.table.proxy
    rows = {proxy.index(r, COLUMN_LABEL).data(): r for r in range(proxy.rowCount())}
    label_tip = proxy.index(rows["framing"], COLUMN_LABEL).data(Qt.ItemDataRole.ToolTipRole)
    assert "framing" in label_tip and "Double-click to change the label" in label_tip
    assert proxy.index(rows["framing"], COLUMN_ANNOTATOR).data(Qt.ItemDataRole.ToolTipRole) == "alice"
