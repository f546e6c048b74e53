"""A refused change is said in passing; only a project file that cannot be written is an alarm."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tests.helpers import ARTICLE, imported

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts
from annotator.services.labels import list_labels
from annotator.services.project import open_project
from annotator.ui.codebook.codebook_dialog import CodebookDialog
from annotator.ui.main_window import MainWindow


def _select_and_press(window: MainWindow, phrase: str, key: Qt.Key) -> None:
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.select_range(start, start + len(phrase))
    view.setFocus()
    QTest.keyClick(view, key)


def _labels(window: MainWindow) -> list[str]:
    return [a.label for a in list_annotations(window.project, window.workspace.document.id)]


def in_codebook(window: MainWindow, action: Callable[[CodebookDialog], None]) -> None:
    """Open the codebook from the window, run `action` in it, then close it."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CodebookDialog), "the codebook is not showing"
        try:
            action(dialog)
        finally:
            dialog.reject()

    QTimer.singleShot(0, run)
    window.open_codebook()


def test_labelling_a_span_twice_is_a_status_message_not_an_alarm(article_window, message_boxes):
    window = article_window
    _select_and_press(window, "l’INSEE", Qt.Key.Key_1)
    saved = window.saved_label.text()
    assert saved.startswith("Saved")

    _select_and_press(window, "l’INSEE", Qt.Key.Key_1)  # the same label on the same span
    QTest.qWait(100)
    assert message_boxes == []
    assert "already has the label" in window.statusBar().currentMessage()
    assert window.saved_label.text() == saved
    assert window.saved_label.styleSheet() == ""
    assert _labels(window) == ["source"]
    assert window.undo_stack.count() == 1


def test_a_busy_project_file_is_still_an_alarm(qtbot, tmp_path, message_boxes):
    path = tmp_path / "busy.annotator"
    project = open_project(path, busy_timeout=0.2)
    import_texts(project, [imported(ARTICLE, "a.txt", "Article")])
    window = MainWindow(project, "ana")
    qtbot.addWidget(window)
    window.show()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program is writing to the project
        window.document_view.select_range(0, 5)
        window.workspace.label_key("1")
        qtbot.waitUntil(lambda: bool(message_boxes), timeout=3000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    ((title, text),) = message_boxes
    assert title == "Not saved" and "in use by another program" in text
    assert window.saved_label.text() == "Not saved"
    assert window.undo_stack.count() == 0


def test_undoing_a_new_label_in_use_is_refused_inline_once(article_window, message_boxes):
    window = article_window
    text = window.document_view.stored_text
    start = text.index("l’INSEE")
    seen: dict[str, object] = {}

    def add_use_and_undo(dialog: CodebookDialog) -> None:
        dialog.add_button.click()
        label = dialog.selected_label()
        seen["label"] = label
        # Labelled elsewhere (say with the command line), so not on this window's undo stack.
        add_annotation(window.project, window.workspace.document.id, label.id, "bob",
                       start, start + 7)
        dialog.undo_button.click()
        seen["message"] = dialog.message.text()
        seen["can_undo"] = window.undo_stack.canUndo()

    in_codebook(window, add_use_and_undo)
    QTest.qWait(100)
    assert message_boxes == []
    assert "is used by 1 annotation" in str(seen["message"])
    assert seen["label"] in list_labels(window.project)  # not deleted
    stored = list_annotations(window.project, window.workspace.document.id)
    assert [(a.label, a.annotator, a.start) for a in stored] == [("new label", "bob", start)]
    assert seen["can_undo"] is True  # the step stays: remove the annotation, then undo again
    assert window.saved_label.styleSheet() == ""


def test_undo_then_redo_of_a_new_label_gives_back_the_same_label(article_window, message_boxes):
    window = article_window
    seen: dict[str, object] = {}

    def add_undo_redo(dialog: CodebookDialog) -> None:
        dialog.add_button.click()
        seen["added"] = dialog.selected_label()
        dialog.undo_button.click()
        seen["after_undo"] = [lab.name for lab in dialog.labels()]
        dialog.redo_button.click()
        seen["after_redo"] = dialog.labels()

    in_codebook(window, add_undo_redo)
    added = seen["added"]
    assert seen["after_undo"] == ["source", "claim", "framing"]
    assert seen["after_redo"][-1] == added  # same id, UUID, key and position
    assert list_labels(window.project)[-1].uuid == added.uuid
    assert [lab.name for lab in window.workspace.labels][-1] == "new label"
    assert message_boxes == []
