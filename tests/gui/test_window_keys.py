"""Label keys and Delete act on the article and the table, never inside a combo box or an editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from annotator.services.annotations import list_annotations
from annotator.ui.main_window import MainWindow
from annotator.ui.workspace.annotation_table import COLUMN_LABEL


def _stored(window: MainWindow) -> list[tuple[str, int, int]]:
    return [(a.label, a.start, a.end)
            for a in list_annotations(window.project, window.workspace.document.id)]


def _select(window: MainWindow, phrase: str) -> tuple[int, int]:
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.select_range(start, start + len(phrase))
    return start, start + len(phrase)


def test_a_digit_in_the_find_bar_label_list_does_not_label_the_selection(article_window):
    window = article_window
    window.find_action.trigger()
    span = _select(window, "l’INSEE")
    combo = window.find_bar.label_combo
    combo.setFocus()
    assert combo.hasFocus()
    QTest.keyClick(combo, Qt.Key.Key_3)
    assert _stored(window) == []
    assert window.document_view.selected_range() == span


def test_backspace_in_the_table_label_editor_keeps_the_annotation(article_window, qtbot, qtlog):
    window = article_window
    _select(window, "l’INSEE")
    window.document_view.setFocus()
    QTest.keyClick(window.document_view, Qt.Key.Key_2)
    assert [label for label, _, _ in _stored(window)] == ["claim"]
    table = window.tag_panel.table
    table.setFocus()
    table.edit(table.proxy.index(0, COLUMN_LABEL))
    editor = table.findChild(QComboBox, "labelEditor")
    assert editor is not None
    qtbot.waitUntil(editor.view().isVisible)
    QTest.keyClick(editor.view(), Qt.Key.Key_Escape)  # closes the list, keeps editing
    qtbot.waitUntil(lambda: not editor.view().isVisible())
    assert editor.hasFocus()
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    QTest.keyClick(editor, Qt.Key.Key_1)
    assert [label for label, _, _ in _stored(window)] == ["claim"]
    assert window.tag_panel.model.rowCount() == 1
    assert not [r for r in qtlog.records if "commitData" in r.message]


def test_label_keys_and_delete_still_work_in_the_article_and_the_table(article_window):
    window = article_window
    view = window.document_view
    start, end = _select(window, "l’INSEE")
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_1)
    assert _stored(window) == [("source", start, end)]

    table = window.tag_panel.table
    table.setFocus()
    _select(window, "L’opposition")
    QTest.keyClick(table, Qt.Key.Key_3)  # a label key with the focus in the table
    assert [label for label, _, _ in _stored(window)] == ["framing", "source"]
    table.selectAll()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert _stored(window) == []


def test_esc_in_the_find_bar_ends_link_mode_first_and_then_closes_the_bar(window_with_work):
    text = "Le ministre a déclaré que la réforme est juste.\n"
    window = window_with_work(text, "Réforme", [("ana", "source", "Le ministre"),
                                                 ("ana", "claim", "la réforme est juste")])
    claim = next(a for a in window.workspace.annotations if a.label == "claim")
    window.tag_panel.table.select_annotation(claim.id)
    window.document_view.setFocus()
    QTest.keyClick(window.document_view, Qt.Key.Key_L)
    assert window.links_feature.linking
    window.find_action.trigger()
    QTest.keyClick(window.find_bar.input, Qt.Key.Key_Escape)
    assert not window.links_feature.linking
    assert window.find_bar.isVisible()  # that Esc was spent on link mode
    QTest.keyClick(window.find_bar.input, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
