"""A new project file opens with what to do first, not a blank window: a message over the article
area with two buttons, importing articles and opening the sample article."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from annotator.services.documents import list_documents
from annotator.ui.interchange import file_actions


def test_a_new_project_says_what_to_do_and_opens_the_sample(open_window, qtbot):
    window = open_window([])
    empty = window.empty_state
    assert empty.isVisible()
    assert empty.message.text() == "No documents yet. Import articles (Ctrl+I) or open the sample article."
    assert empty.geometry() == window.document_view.rect()  # over the whole article area
    sample = empty.findChild(QPushButton, "emptyStateSample")
    qtbot.mouseClick(sample, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document_list.model.rowCount() == 1, timeout=10000)
    assert not empty.isVisible()
    qtbot.waitUntil(lambda: window.workspace.document is not None)
    (doc,) = list_documents(window.project)
    assert window.workspace.document.id == doc.id
    assert window.document_view.toPlainText().strip()  # the sample article is shown, ready to label


def test_the_import_button_asks_for_files(open_window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(file_actions.ImportFilesDialog, "ask",
                        classmethod(lambda cls, parent, folder=False: asked.append(folder) or []))
    window = open_window([])
    qtbot.mouseClick(window.empty_state.import_button, Qt.MouseButton.LeftButton)
    assert asked == [False]  # the file dialog of Ctrl+I opened (and was cancelled: nothing changes)
    assert window.empty_state.isVisible()


def test_a_project_with_documents_shows_no_empty_state(open_window):
    window = open_window([("Le maire a parlé.\n", "a.txt", "Maire")])
    assert not window.empty_state.isVisible()
