"""Suggested quotations and speakers in the window: framed, listed, walked with Tab, accepted with
Enter, dismissed with Delete, each one undo step; proposing runs off the window's thread."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.services.annotations import list_annotations
from annotator.services.links import list_links
from annotator.services.suggestions import suggest_documents
from annotator.ui.suggestions.suggestion_list import COLUMN_LABEL, COLUMN_SOURCE, COLUMN_TEXT
from annotator.ui.workspace.span_highlighter import blend_colors

TEXT = (
    "Le ministre Jean Dupont a déclaré : « La réforme est juste et nécessaire. » Puis il est parti.\n"
    "\n"
    "Selon Marie Curie, « la science avance ». Rien de plus.\n"
)
PLAIN = "Un article sans citation ni personne qui parle, rien que des faits.\n"


def _window(open_window, text: str = TEXT):
    window = open_window([(text, "a.txt", "Réforme")])
    suggest_documents(window.project)
    window.events.contents_changed.emit()  # as after a merge: everything is read again
    QApplication.processEvents()  # the label buttons made again are shown
    return window


def _texts(window) -> list[tuple[str, str]]:
    text = window.document_view.stored_text
    return [(row[3], text[row[1]:row[2]]) for row in window.suggestions_feature.rows]


def _stored(window) -> list[tuple[str, str, str]]:
    """(label, text, origin) of each annotation, as the project file has them."""
    window.project.close()  # (reopened by the next service call)
    with sqlite3.connect(window.project.path) as db:
        rows = db.execute(
            "SELECT l.name, d.text, a.start, a.end, a.origin FROM annotations a "
            "JOIN labels l ON l.id = a.label_id JOIN documents d ON d.id = a.document_id "
            "ORDER BY a.start").fetchall()
    return [(name, text[start:end], origin) for name, text, start, end, origin in rows]


def _press(widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)
    QApplication.processEvents()


def _selected_text(window) -> str | None:
    selected = window.document_view.selected_range()
    return None if selected is None else window.document_view.stored_text[selected[0]:selected[1]]


def test_suggestions_are_framed_in_the_article_and_listed_with_their_count(open_window):
    window = _window(open_window)
    assert _texts(window) == [
        ("source", "Le ministre Jean Dupont"), ("claim", "La réforme est juste et nécessaire."),
        ("source", "Marie Curie"), ("claim", "la science avance"),
    ]
    panel = window.suggestions_feature.panel
    assert panel.isVisible()
    assert panel.header_text() == "4 suggestions to review"
    model = panel.model
    cells = [[model.index(row, column).data() for column in (COLUMN_LABEL, COLUMN_TEXT, COLUMN_SOURCE)]
             for row in range(model.rowCount())]
    assert cells[1] == ["claim", "La réforme est juste et nécessaire.", "Le ministre Jean Dupont"]
    assert cells[0][2] == ""  # a speaker has no speaker
    # Drawn: the article looks different with its frames than without them.
    view = window.document_view
    framed = view.viewport().grab().toImage()
    marks = window.suggestions_feature.marks
    assert len(marks.on_screen()) == 4  # one frame for each, each on one line
    kept = marks.marks
    marks.set_marks([])
    bare = view.viewport().grab().toImage()
    marks.set_marks(kept)
    assert framed != bare
    # Not annotations: none is stored, the annotation table is empty.
    assert _stored(window) == []
    assert window.tag_panel.model.rowCount() == 0


def test_an_article_without_quotations_shows_no_list_and_tab_moves_the_focus_on(open_window):
    window = _window(open_window, PLAIN)
    assert window.suggestions_feature.rows == []
    assert not window.suggestions_feature.panel.isVisible()
    view = window.document_view
    view.setFocus()
    assert view.hasFocus()
    _press(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()  # the label buttons come next, as without suggestions


def test_tab_and_shift_tab_walk_the_suggestions_and_ctrl_tab_leaves_the_article(open_window):
    window = _window(open_window)
    view = window.document_view
    view.setFocus()
    _press(view, Qt.Key.Key_Tab)
    assert _selected_text(window) == "Le ministre Jean Dupont"
    _press(view, Qt.Key.Key_Tab)
    assert _selected_text(window) == "La réforme est juste et nécessaire."
    assert view.hasFocus()
    table = window.suggestions_feature.panel.table
    assert table.current_suggestion() == window.suggestions_feature.current
    assert "Suggestion 2 of 4" in window.statusBar().currentMessage()
    _press(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _selected_text(window) == "Le ministre Jean Dupont"
    _press(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _selected_text(window) == "la science avance"  # round the document
    _press(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not view.hasFocus()


def test_enter_accepts_a_quotation_with_its_speaker_and_link_and_ctrl_z_takes_them_back(open_window):
    window = _window(open_window)
    view = window.document_view
    view.setFocus()
    _press(view, Qt.Key.Key_Tab)
    _press(view, Qt.Key.Key_Tab)
    _press(view, Qt.Key.Key_Return)
    assert _stored(window) == [("source", "Le ministre Jean Dupont", "suggested"),
                               ("claim", "La réforme est juste et nécessaire.", "suggested")]
    doc = window.workspace.document
    (link,) = list_links(window.project, doc.id)
    by_id = {a.id: a for a in list_annotations(window.project, doc.id)}
    assert (by_id[link.from_annotation_id].label, by_id[link.to_annotation_id].label) == ("claim", "source")
    assert {a.annotator for a in by_id.values()} == {"ana"}
    # In the window: two rows in the table, drawn in their labels' colours, the link listed.
    assert window.tag_panel.model.rowCount() == 2
    assert len(window.links_feature.links) == 1
    assert _texts(window) == [("source", "Marie Curie"), ("claim", "la science avance")]
    assert window.suggestions_feature.panel.header_text() == "2 suggestions to review"
    claim = next(a for a in by_id.values() if a.label == "claim")
    colour = next(lab.color for lab in window.workspace.labels if lab.name == "claim")
    block = view.document().findBlock(claim.start + 3)
    inside = claim.start + 3 - block.position()
    (fill,) = [r.format.background().color() for r in block.layout().formats()
               if r.start <= inside < r.start + r.length]
    assert fill == blend_colors(view.palette().base().color(), [colour])

    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window) == []
    assert list_links(window.project, doc.id) == []
    assert window.tag_panel.model.rowCount() == 0
    assert len(_texts(window)) == 4
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(_stored(window)) == 2
    assert len(list_links(window.project, doc.id)) == 1
    assert len(window.links_feature.links) == 1
    assert len(_texts(window)) == 2


def test_delete_dismisses_the_current_suggestion_and_it_stays_dismissed(open_window):
    window = _window(open_window)
    view = window.document_view
    view.setFocus()
    _press(view, Qt.Key.Key_Tab)
    _press(view, Qt.Key.Key_Delete)
    assert _texts(window) == [("claim", "La réforme est juste et nécessaire."), ("source", "Marie Curie"),
                              ("claim", "la science avance")]
    assert _stored(window) == []
    assert window.statusBar().currentMessage() == "Suggestion dismissed"
    # Proposing again does not bring it back.
    suggest_documents(window.project)
    window.suggestions_feature.refresh()
    assert "Le ministre Jean Dupont" not in [t for _kind, t in _texts(window)]
    # Undo brings it back.
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _texts(window)[0] == ("source", "Le ministre Jean Dupont")


def test_delete_without_a_current_suggestion_still_deletes_the_selected_annotation(open_window):
    window = _window(open_window)
    view = window.document_view
    start = view.stored_text.index("Puis il est parti")
    view.select_range(start, start + len("Puis il est parti"))
    view.setFocus()
    _press(view, Qt.Key.Key_3)
    assert [label for label, _t, _o in _stored(window)] == ["framing"]
    assert window.suggestions_feature.current is None
    _press(view, Qt.Key.Key_Delete)
    assert _stored(window) == []
    assert len(_texts(window)) == 4


def test_accept_all_is_one_undo_step(open_window):
    window = _window(open_window)
    feature = window.suggestions_feature
    feature.panel.accept_all_button.click()
    assert sorted(label for label, _t, _o in _stored(window)) == ["claim", "claim", "source", "source"]
    assert {origin for _l, _t, origin in _stored(window)} == {"suggested"}
    assert len(list_links(window.project, window.workspace.document.id)) == 2
    assert feature.rows == []
    assert not feature.panel.isVisible()
    assert window.undo_stack.count() == 1
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window) == []
    assert len(feature.rows) == 4
    assert feature.panel.isVisible()


def test_a_row_clicked_in_the_list_is_selected_in_the_article_and_the_buttons_act_on_it(open_window, qtbot):
    window = _window(open_window)
    feature = window.suggestions_feature
    table = feature.panel.table
    index = feature.panel.model.index(3, COLUMN_TEXT)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert _selected_text(window) == "la science avance"
    assert feature.panel.accept_button.isEnabled()
    feature.panel.dismiss_button.click()
    assert [t for _kind, t in _texts(window)] == [
        "Le ministre Jean Dupont", "La réforme est juste et nécessaire.", "Marie Curie"]
    assert not feature.panel.dismiss_button.isEnabled()


def test_suggesting_runs_in_the_background_and_the_window_stays_responsive(open_window, qtbot):
    many = [(f"{TEXT}\nArticle {n}. " + "Une phrase sans citation. " * 400 + "\n", f"a{n}.txt", f"N°{n}")
            for n in range(60)]
    window = open_window(many)
    feature = window.suggestions_feature
    ticks: list[bool] = []
    timer = QTimer(window)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(window.background.busy))
    timer.start()
    feature.suggest_all_action.trigger()
    assert window.background.busy  # the action returned at once: the work goes on elsewhere
    qtbot.waitUntil(lambda: not window.background.busy, timeout=30000)
    timer.stop()
    assert True in ticks  # the window's own timers ran while the work went on
    assert len(feature.rows) == 4
    assert window.statusBar().currentMessage().startswith("240 suggestions to review in 60 documents")


def test_the_codebook_chooses_the_label_suggested_quotations_become(open_window):
    from annotator.services.suggestions import suggestion_labels
    from annotator.ui.codebook.codebook_dialog import CodebookDialog

    window = _window(open_window)
    framing = next(lab for lab in window.workspace.labels if lab.name == "framing")
    dialog = CodebookDialog(window.project, window.events, window.undo_stack, window)
    try:
        combo = dialog.suggestion_labels.combos["claim"]
        assert combo.currentText() == "claim"
        assert combo.accessibleName()
        combo.setCurrentIndex(combo.findData(framing.id))
        assert suggestion_labels(window.project)["claim"] == framing.id
        model = window.suggestions_feature.panel.model
        assert [model.index(row, COLUMN_LABEL).data() for row in range(model.rowCount())] == [
            "source", "framing", "source", "framing"]
        none = combo.findData(None)
        combo.setCurrentIndex(none)
        assert model.index(1, COLUMN_LABEL).data() == "claim (no label)"
        _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert suggestion_labels(window.project)["claim"] == framing.id
        assert combo.currentData() == framing.id
    finally:
        dialog.disconnect_events()
        dialog.deleteLater()


def test_the_label_column_shows_every_label_whole_even_when_one_reads_longer(open_window):
    from annotator.services.suggestions import set_suggestion_label

    window = _window(open_window)
    table = window.suggestions_feature.panel.table
    header = table.horizontalHeader()

    def fits() -> bool:  # as wide as Qt's own measure of every row, and of the header
        return header.sectionSize(COLUMN_LABEL) >= max(table.sizeHintForColumn(COLUMN_LABEL),
                                                        header.sectionSizeHint(COLUMN_LABEL))

    assert fits()
    narrow = header.sectionSize(COLUMN_LABEL)
    set_suggestion_label(window.project, "claim", None)  # claims now read "claim (no label)"
    window.events.labels_changed.emit()
    QApplication.processEvents()
    assert window.suggestions_feature.panel.model.index(1, COLUMN_LABEL).data() == "claim (no label)"
    assert fits()
    assert header.sectionSize(COLUMN_LABEL) > narrow


def test_accepting_a_quotation_without_a_label_for_it_is_refused_in_words(open_window):
    from annotator.services.suggestions import set_suggestion_label

    window = _window(open_window)
    set_suggestion_label(window.project, "claim", None)
    window.events.labels_changed.emit()
    view = window.document_view
    view.setFocus()
    _press(view, Qt.Key.Key_Tab)
    _press(view, Qt.Key.Key_Tab)
    _press(view, Qt.Key.Key_Return)
    assert _stored(window) == []
    assert "codebook" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_each_document_shows_its_own_suggestions(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Réforme"), (PLAIN, "b.txt", "Faits")])
    suggest_documents(window.project)
    window.events.contents_changed.emit()
    feature = window.suggestions_feature
    ids = {d.title: d.id for d in window.document_list.model.documents()}
    window.document_list.select_document(ids["Réforme"])
    qtbot.waitUntil(lambda: len(feature.rows) == 4)
    window.document_list.select_document(ids["Faits"])
    assert feature.marks.marks == []  # never the other article's frames over this one
    qtbot.waitUntil(lambda: not window.document_view.after_paint_pending)
    assert feature.rows == []
    assert not feature.panel.isVisible()
    window.document_list.select_document(ids["Réforme"])
    qtbot.waitUntil(lambda: len(feature.rows) == 4)
    assert feature.panel.header_text() == "4 suggestions to review"
    assert len(feature.marks.marks) == 4


def test_articles_picked_before_the_first_is_painted_list_the_last_ones_suggestions(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Réforme"), (PLAIN, "b.txt", "Faits")])
    suggest_documents(window.project)
    window.events.contents_changed.emit()
    qtbot.waitUntil(lambda: not window.document_view.after_paint_pending)
    feature = window.suggestions_feature
    ids = {d.title: d.id for d in window.document_list.model.documents()}
    for first, last, count in (("Réforme", "Faits", 0), ("Faits", "Réforme", 4)):
        window.document_list.select_document(ids[first])
        window.document_list.select_document(ids[last])  # before the first one's list is read
        qtbot.waitUntil(lambda: not window.document_view.after_paint_pending)
        assert window.workspace.document.id == ids[last]
        assert len(feature.rows) == count and len(feature.marks.marks) == count
        assert feature.panel.isVisible() == bool(count)
    assert feature.panel.header_text() == "4 suggestions to review"


def test_a_suggested_span_labelled_by_hand_leaves_the_list_and_comes_back_with_undo(open_window):
    window = _window(open_window)
    view = window.document_view
    start = view.stored_text.index("Marie Curie")
    view.select_range(start, start + len("Marie Curie"))
    view.setFocus()
    _press(view, Qt.Key.Key_1)  # source, as suggested
    assert [t for _kind, t in _texts(window)] == [
        "Le ministre Jean Dupont", "La réforme est juste et nécessaire.", "la science avance"]
    assert _stored(window) == [("source", "Marie Curie", "manual")]
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Marie Curie" in [t for _kind, t in _texts(window)]


def test_ctrl_tab_goes_on_to_the_label_buttons_and_screen_readers_are_told_how(open_window):
    window = _window(open_window)
    view = window.document_view
    assert "Ctrl+Tab leaves the article" in view.accessibleDescription()
    view.setFocus()
    _press(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    first = window.tag_panel.labels.button_for(window.workspace.labels[0].id)
    assert QApplication.focusWidget() is first
    window.suggestions_feature.accept_all()
    assert "Ctrl+Tab" not in view.accessibleDescription()  # none left: Tab is Tab again


def test_a_click_on_a_suggestion_chooses_it_and_hovering_names_it(open_window, qtbot):
    window = _window(open_window)
    view = window.document_view
    feature = window.suggestions_feature
    start = view.stored_text.index("science avance")
    rect = view.cursorRect(view.cursor_for(start + 2, start + 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: feature.current is not None)
    assert _selected_text(window) == "la science avance"
    assert feature._at(rect.center()) is not None
    _press(view, Qt.Key.Key_Return)
    assert ("claim", "la science avance", "suggested") in _stored(window)
