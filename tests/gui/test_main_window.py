"""The main window as an analyst uses it: select, press a key, undo, find, click highlights."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView

from annotator.ui import open_main_window
from annotator.ui.workspace.document_view import DocumentView


def _rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT l.name, a.annotator, a.start, a."end" FROM annotations a '
            "JOIN labels l ON l.id = a.label_id ORDER BY a.start"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def window(article_window):
    return article_window


def _select(view: DocumentView, start: int, end: int) -> None:
    """Select code points [start, end) the way a user's drag would end up."""
    view.select_range(start, end)
    view.setFocus()


def test_user_settings_are_isolated_per_test(window, isolated_settings):
    assert window.settings.fileName().startswith(str(isolated_settings))


def test_objects_are_named_for_tests_and_accessibility(window):
    for name in ("documentList", "documentView", "labelPanel", "annotationTable"):
        assert window.findChild(object, name) is not None, name
    for label in ("source", "claim", "framing"):
        assert window.findChild(QPushButton, f"labelButton:{label}") is not None


def test_select_and_press_2_saves_a_claim_undo_removes_redo_restores(window, qtbot):
    view = window.findChild(DocumentView, "documentView")
    text = view.stored_text
    start = text.index("12 000 emplois")
    _select(view, start, start + len("12 000 emplois"))
    QTest.keyClick(view, Qt.Key.Key_2)
    assert _rows(window.project.path) == [("claim", "ana", start, start + 14)]
    table = window.findChild(QTableView, "annotationTable")
    assert table.model().rowCount() == 1
    assert "Saved" in window.saved_label.text()

    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(window.project.path) == []
    assert table.model().rowCount() == 0
    assert window.statusBar().currentMessage().startswith("Undone: ")
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(view, Qt.Key.Key_Z, ctrl_shift)
    assert _rows(window.project.path) == [("claim", "ana", start, start + 14)]
    assert table.model().rowCount() == 1
    assert window.statusBar().currentMessage().startswith("Redone: ")
    assert window.counts_label.text().endswith("1 annotation here")


def test_snap_to_words_grows_a_partial_selection_and_can_be_turned_off(window):
    view = window.document_view
    text = view.stored_text
    start = text.index("ministre,")
    _select(view, start + 2, start + 9)  # "nistre," : part of a word plus the comma
    QTest.keyClick(view, Qt.Key.Key_1)
    assert _rows(window.project.path) == [("source", "ana", start, start + 8)]
    window.snap_action.trigger()  # off
    _select(view, start + 2, start + 9)
    QTest.keyClick(view, Qt.Key.Key_3)
    assert ("framing", "ana", start + 2, start + 9) in _rows(window.project.path)


def test_selection_across_an_emoji_is_stored_exactly(window):
    view = window.document_view
    text = view.stored_text
    start = text.index("« désastre")
    end = text.index("cite") + 4
    window.snap_action.setChecked(False)
    window.workspace.snap_to_words = False
    cursor = view.textCursor()
    # Qt counts the emoji as two UTF-16 units: drive the cursor in Qt positions as a user's drag does.
    utf16_start = len(text[:start].encode("utf-16-le")) // 2
    utf16_end = len(text[:end].encode("utf-16-le")) // 2
    cursor.setPosition(utf16_start)
    cursor.setPosition(utf16_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    QTest.keyClick(view, Qt.Key.Key_2)
    ((_, _, s, e),) = _rows(window.project.path)
    assert text[s:e] == "« désastre annoncé » 😮 et cite"


def test_label_button_click_labels_the_selection(window, qtbot):
    view = window.document_view
    text = view.stored_text
    start = text.index("L’opposition")
    _select(view, start, start + len("L’opposition"))
    qtbot.mouseClick(window.findChild(QPushButton, "labelButton:source"), Qt.MouseButton.LeftButton)
    assert _rows(window.project.path) == [("source", "ana", start, start + 12)]


def test_no_selection_says_what_to_do_and_saves_nothing(window):
    view = window.document_view
    view.select_range(0, 0)
    QTest.keyClick(view, Qt.Key.Key_2)
    assert _rows(window.project.path) == []
    assert "Select some text" in window.statusBar().currentMessage()


def test_typing_a_digit_in_a_filter_box_does_not_label(window):
    view = window.document_view
    _select(view, 10, 20)
    box = window.document_list.findChild(QLineEdit)
    box.setFocus()
    QTest.keyClicks(box, "2023")
    assert box.text() == "2023"
    assert _rows(window.project.path) == []


def test_clicking_a_highlight_selects_its_row_and_delete_removes_it(window, qtbot):
    view = window.document_view
    text = view.stored_text
    start = text.index("l’INSEE")
    _select(view, start, start + 7)
    QTest.keyClick(view, Qt.Key.Key_1)
    other = text.index("réforme «")
    _select(view, other, other + 7)
    QTest.keyClick(view, Qt.Key.Key_3)
    view.select_range(0, 0)
    cursor = view.textCursor()
    cursor.setPosition(len(text[: start + 3].encode("utf-16-le")) // 2)
    point = view.cursorRect(cursor).center() + QPoint(1, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    table = window.tag_panel.table
    (selected,) = table.selected_annotation_ids()
    by_id = {a.id: a for a in window.workspace.annotations}
    assert by_id[selected].label == "source"
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [r[0] for r in _rows(window.project.path)] == ["framing"]
    window.undo_action.trigger()
    assert sorted(r[0] for r in _rows(window.project.path)) == ["framing", "source"]


def test_find_then_label_all_matches_is_one_undo_step(window, qtbot):
    bar = window.find_bar
    window.find_action.trigger()
    assert bar.isVisible()
    bar.findChild(QLineEdit, "findInput").setText("la")
    spans = bar.matches()
    assert len(spans) >= 2
    claim = next(lab for lab in window.workspace.labels if lab.name == "claim")
    bar.label_all_requested.emit(claim.id, spans)
    assert len(_rows(window.project.path)) == len(spans)
    window.undo_action.trigger()
    assert _rows(window.project.path) == []


def test_undo_keeps_working_across_document_switches(open_window):
    win = open_window([("Premier article, le maire parle.\n", "1.txt", "Premier"),
                       ("Second article, la ministre répond.\n", "2.txt", "Second")])
    path = win.project.path
    first_id = win.workspace.document.id
    win.document_view.select_range(0, 7)
    win.workspace.label_key("1")
    other = next(d for d in win.document_list.model.documents() if d.id != first_id)
    win.document_list.select_document(other.id)
    assert win.workspace.document.id == other.id
    win.undo_action.trigger()
    assert _rows(path) == []
    win.redo_action.trigger()
    assert len(_rows(path)) == 1
    assert win.document_list.model.document_at(win.document_list.model.row_of(first_id)).annotation_count == 1


def test_current_document_is_remembered_across_restarts(qtbot, open_window):
    win = open_window([("Premier.\n", "1.txt", "A premier"), ("Second.\n", "2.txt", "B second")])
    path = win.project.path
    second = win.document_list.model.documents()[1]
    win.document_list.select_document(second.id)
    win.close()
    again = open_main_window(path, "ana")
    qtbot.addWidget(again)
    assert again.workspace.document.uuid == second.uuid


def test_window_renders_the_seed_article(qtbot, tmp_path):
    from annotator.ui.app import import_sample_articles

    path = tmp_path / "seed.annotator"
    import_sample_articles(path)
    win = open_main_window(path, "ana")
    qtbot.addWidget(win)
    assert "Le chef du bloc militaire" in win.windowTitle()
    image = win.grab()
    assert not image.isNull()
    for panel in (win.document_list, win.document_view, win.tag_panel):
        assert panel.isVisible() and panel.width() > 100


def test_hovering_a_highlight_shows_label_annotator_and_note(window, monkeypatch):
    from PySide6.QtWidgets import QToolTip

    view = window.document_view
    text = view.stored_text
    start = text.index("l’INSEE")
    view.select_range(start, start + 7)
    window.workspace.label_key("1")
    (ann,) = window.workspace.annotations
    window.workspace.set_note(ann.id, "<official> statistics & more")
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, tip, *a: shown.append(tip))
    cursor = view.cursor_for(start + 2, start + 2)
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    point = view.cursorRect(cursor).center()
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert shown and "source · ana" in shown[0]
    assert "&lt;official&gt; statistics &amp; more" in shown[0]
    assert "&lt;b&gt;" not in shown[0]


def test_deleting_a_label_in_use_updates_highlights_table_and_counts(window, monkeypatch):
    from annotator.ui.codebook.label_deletion import delete_label_interactively
    from annotator.ui.widgets.dialogs import DELETE_ANNOTATIONS, DeleteLabelChoice

    view = window.document_view
    text = view.stored_text
    for key, phrase in (("2", "12 000 emplois"), ("2", "l’INSEE"), ("1", "le ministre")):
        start = text.index(phrase)
        view.select_range(start, start + len(phrase))
        window.workspace.label_key(key)
    labels = {lab.name: lab for lab in window.workspace.labels}
    monkeypatch.setattr(
        DeleteLabelChoice, "ask", classmethod(lambda cls, *a: (DELETE_ANNOTATIONS, None))
    )
    others = [lab for lab in labels.values() if lab.name != "claim"]
    done = delete_label_interactively(
        window, window.project, window.events, window.undo_stack, labels["claim"], others
    )
    assert done and "2 annotations deleted" in done
    assert [a.label for a in window.workspace.annotations] == ["source"]
    assert window.tag_panel.model.rowCount() == 1
    assert [lab.name for lab in window.tag_panel.labels.labels()] == ["source", "framing"]
    doc = window.document_list.model.documents()[0]
    assert doc.annotation_count == 1
    assert window.undo_stack.count() == 0


def test_note_dialog_names_the_span_its_label_and_annotator(open_window, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog
    from tests.helpers import span_of

    from annotator.services.annotations import add_annotation, list_annotations
    from annotator.services.documents import list_documents

    text = "Selon le ministre, la réforme sauvera des emplois.\nL’opposition dément."
    window = open_window([(text, "1.txt", "Premier")])
    doc = list_documents(window.project)[0].id
    add_annotation(window.project, doc, "claim", "ben", *span_of(text, "la réforme sauvera des emplois"))
    window.workspace.show_document(doc)
    ann = list_annotations(window.project, doc)[0]
    seen = []

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QInputDialog) and w.isVisible())
        seen.append(dialog.labelText())
        dialog.setTextValue("  Too broad.  ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.workspace.edit_note_interactively(ann.id, window)
    assert seen == ["Note on «claim» by ben, on «la réforme sauvera des emplois»:"]
    assert list_annotations(window.project, doc)[0].note == "Too broad."


def test_clicks_prefer_your_own_span_cycle_through_the_others_and_the_menu_names_whose(open_window, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu
    from tests.helpers import span_of

    from annotator.services.annotations import add_annotation
    from annotator.services.documents import list_documents

    text = "Selon le ministre, la réforme sauvera des emplois.\n"
    window = open_window([(text, "1.txt", "Premier")])
    doc = list_documents(window.project)[0].id
    where = span_of(text, "la réforme")
    own = add_annotation(window.project, doc, "claim", "ana", *where).id
    theirs = add_annotation(window.project, doc, "claim", "ben", *where).id  # drawn on top
    window.workspace.show_document(doc)
    view, table = window.document_view, window.tag_panel.table
    cursor = view.textCursor()
    cursor.setPosition(where[0] + 3)
    point = view.cursorRect(cursor).center() + QPoint(1, 0)

    picked = []
    for _click in range(3):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        picked += table.selected_annotation_ids()
    assert picked == [own, theirs, own]  # yours first, then each click the next one there
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # ben's again

    seen = []

    def read_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(action.text() for action in menu.actions() if action.text())
        menu.close()

    QTimer.singleShot(0, read_menu)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert seen[0] == "claim · tagged by ben"  # the menu acts on the span the clicks picked
    assert table.selected_annotation_ids() == (theirs,)
