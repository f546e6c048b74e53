"""Document codes in the main window: the panel above the article, by click and by key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from tests.helpers import ARTICLE, imported

from annotator.services.document_codes import list_document_codes, set_document_code
from annotator.services.documents import import_texts
from annotator.services.labels import add_label, delete_label, list_labels
from annotator.services.project import open_project
from annotator.ui import open_main_window
from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog
from annotator.ui.undo_stack import redo_step, undo_step

SECOND = "Un autre article.\n\nLe gouvernement recule sur la réforme.\n"


def _stances(project, documents=()) -> None:
    add_label(project, "stance: pro", "#2e7d32", "7", "The article argues for the reform.",
              kind="document")
    add_label(project, "stance: contra", "#c62828", "8", kind="document")


@pytest.fixture
def codes_window(qtbot, tmp_path):
    """Open ana's window on two articles, the first shown; `prepare(project, documents)` runs on
    the file first. Returns the window and the two documents."""
    windows = []

    def opened(prepare=_stances):
        path = tmp_path / "w.annotator"
        project = open_project(path)
        outcomes = import_texts(project, [imported(ARTICLE, "a.txt", "First"),
                                          imported(SECOND, "b.txt", "Second")])
        documents = [o.document for o in outcomes]
        prepare(project, documents)
        project.close()
        window = open_main_window(path, "ana")
        windows.append(window)
        window.windowHandle().requestActivate()
        QTest.qWaitForWindowActive(window)
        return window, documents

    yield opened
    for window in windows:
        window.close()


def _on_disk(path: Path, document_id: int) -> list[tuple[str, str]]:
    """The codes of a document as another program reading the file finds them."""
    reader = open_project(path)
    try:
        return [(c.label, c.annotator) for c in list_document_codes(reader, document_id)]
    finally:
        reader.close()


def _button(window, name: str):
    return window.document_codes_panel.button_for(
        next(lab.id for lab in window.document_codes_panel.labels() if lab.name == name))


def test_the_panel_lists_the_document_labels_above_the_article_with_keys(codes_window) -> None:
    window, _ = codes_window()
    panel = window.document_codes_panel
    assert panel.isVisible()
    assert [lab.name for lab in panel.labels()] == ["stance: pro", "stance: contra"]
    pro = _button(window, "stance: pro")
    assert pro.text() == "7  stance: pro"
    assert pro.accessibleName() == "Document code stance: pro, key 7"
    assert panel.accessibleName() == "Document codes"
    assert "The article argues for the reform." in pro.toolTip()
    # Above the article, and short: one line of buttons.
    assert panel.mapTo(window, panel.rect().bottomLeft()).y() <= window.document_view.mapTo(
        window, window.document_view.rect().topLeft()).y()
    assert panel.height() < 2 * pro.height() + 12
    # The span label buttons are the span labels only.
    assert [lab.name for lab in window.workspace.labels] == ["source", "claim", "framing"]


def test_a_click_sets_the_code_on_disk_and_undo_and_redo_follow(codes_window, qtbot) -> None:
    window, _ = codes_window()
    doc = window.workspace.document
    pro = _button(window, "stance: pro")

    with qtbot.waitSignal(window.events.document_codes_changed):
        qtbot.mouseClick(pro, Qt.MouseButton.LeftButton)

    assert pro.isChecked()
    assert _on_disk(window.project.path, doc.id) == [("stance: pro", "ana")]
    (code,) = list_document_codes(window.project, doc.id)
    assert window.undo_action.text() == "&Undo Set document code «stance: pro»"
    undo_step(window.undo_stack)
    assert not pro.isChecked()
    assert _on_disk(window.project.path, doc.id) == []
    redo_step(window.undo_stack)
    assert pro.isChecked()
    assert [c.uuid for c in list_document_codes(window.project, doc.id)] == [code.uuid]

    # A second click removes it, one step too.
    qtbot.mouseClick(pro, Qt.MouseButton.LeftButton)
    assert not pro.isChecked()
    assert _on_disk(window.project.path, doc.id) == []
    undo_step(window.undo_stack)
    assert pro.isChecked()
    assert [c.uuid for c in list_document_codes(window.project, doc.id)] == [code.uuid]


def test_a_document_labels_key_toggles_its_code_and_span_keys_still_label(codes_window, qtbot) -> None:
    window, _ = codes_window()
    doc = window.workspace.document
    window.document_view.setFocus()

    QTest.keyClick(window.document_view, Qt.Key.Key_8)
    assert _button(window, "stance: contra").isChecked()
    assert _on_disk(window.project.path, doc.id) == [("stance: contra", "ana")]
    assert "«stance: contra» set" in window.statusBar().currentMessage()
    QTest.keyClick(window.document_view, Qt.Key.Key_8)
    assert not _button(window, "stance: contra").isChecked()
    assert _on_disk(window.project.path, doc.id) == []

    # A span label's key labels the selection as before; a key nobody has says so.
    cursor = window.document_view.textCursor()
    cursor.setPosition(ARTICLE.index("ministre"))
    cursor.setPosition(ARTICLE.index("ministre") + len("ministre"), cursor.MoveMode.KeepAnchor)
    window.document_view.setTextCursor(cursor)
    QTest.keyClick(window.document_view, Qt.Key.Key_1)
    assert [(a.label, a.annotator) for a in window.workspace.annotations] == [("source", "ana")]
    QTest.keyClick(window.document_view, Qt.Key.Key_5)
    assert window.statusBar().currentMessage() == "No label has the key 5"
    assert _on_disk(window.project.path, doc.id) == []


def test_the_panel_follows_the_document_shown_and_names_the_others(codes_window) -> None:
    def prepare(project, documents):
        _stances(project)
        first, second = documents
        set_document_code(project, second.id, "stance: contra", "bob")
        set_document_code(project, second.id, "stance: contra", "carla")
        set_document_code(project, first.id, "stance: pro", "ana")

    window, (first, second) = codes_window(prepare)
    panel = window.document_codes_panel
    pro, contra = _button(window, "stance: pro"), _button(window, "stance: contra")
    assert (pro.isChecked(), contra.isChecked()) == (True, False)
    assert panel.others_for(panel.labels()[1].id) == []

    window.document_list.select_document(second.id)  # as a click in the list does

    assert (pro.isChecked(), contra.isChecked()) == (False, False)
    caption = panel.findChild(type(window.annotator_label), "documentCodeOthers:stance: contra")
    assert caption.isVisible() and caption.text() == "also bob +1"
    assert "Set on this document by bob, carla." in contra.toolTip()
    assert contra.accessibleDescription() == "not set by you; also set by bob, carla"

    window.workspace.annotator = "bob"  # another annotator: their codes are the checked ones
    assert contra.isChecked()
    assert caption.text() == "also carla"
    window.workspace.annotator = "ana"
    window.document_list.select_document(first.id)
    assert (pro.isChecked(), contra.isChecked()) == (True, False)
    assert not caption.isVisible()


def test_the_panel_hides_without_document_labels_and_follows_the_codebook(codes_window) -> None:
    window, _ = codes_window(lambda project, documents: None)
    panel = window.document_codes_panel
    assert not panel.isVisible()
    QTest.keyClick(window.document_view, Qt.Key.Key_7)
    assert window.statusBar().currentMessage() == "No label has the key 7"

    genre = add_label(window.project, "genre: opinion", "#6a1b9a", "7", kind="document")
    window.events.labels_changed.emit()  # as the codebook dialog does
    assert panel.isVisible()
    assert [lab.name for lab in panel.labels()] == ["genre: opinion"]
    QTest.keyClick(window.document_view, Qt.Key.Key_7)
    assert _on_disk(window.project.path, window.workspace.document.id) == [("genre: opinion", "ana")]

    delete_label(window.project, genre.id)
    window.events.labels_changed.emit()
    assert not panel.isVisible()
    assert panel.labels() == []


def test_a_code_set_meanwhile_elsewhere_is_refused_and_shown_as_it_is(codes_window, qtbot) -> None:
    window, _ = codes_window()
    doc = window.workspace.document
    other = open_project(window.project.path)  # another program on the same file
    set_document_code(other, doc.id, "stance: pro", "ana")
    other.close()
    pro = _button(window, "stance: pro")
    assert not pro.isChecked()  # the window has not read it yet

    with qtbot.waitSignal(window.events.refused) as refused:
        qtbot.mouseClick(pro, Qt.MouseButton.LeftButton)

    assert refused.args == ["ana already coded this document «stance: pro»"]
    assert pro.isChecked()  # the button shows the project as it is now
    assert not window.undo_stack.canUndo()
    assert _on_disk(window.project.path, doc.id) == [("stance: pro", "ana")]


def test_a_merges_document_codes_and_labels_appear(codes_window, tmp_path, monkeypatch, qtbot) -> None:
    window, _ = codes_window()
    doc = window.workspace.document
    theirs = tmp_path / "bob.annotator"
    colleague = open_project(theirs)
    (outcome,) = import_texts(colleague, [imported(ARTICLE, "a.txt", "First")])
    _stances(colleague)
    add_label(colleague, "genre: opinion", "#6a1b9a", None, kind="document")
    set_document_code(colleague, outcome.document.id, "genre: opinion", "bob")
    set_document_code(colleague, outcome.document.id, "stance: pro", "bob")
    colleague.close()
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: theirs))
    monkeypatch.setattr(MergeSummaryDialog, "present", classmethod(lambda cls, parent, report: None))

    window.findChild(QAction, "mergeAction").trigger()

    panel = window.document_codes_panel
    qtbot.waitUntil(lambda: len(panel.labels()) == 3)
    assert [lab.name for lab in panel.labels()] == ["stance: pro", "stance: contra", "genre: opinion"]
    assert "also bob" == panel.findChild(type(window.annotator_label),
                                         "documentCodeOthers:genre: opinion").text()
    assert panel.others_for(panel.labels()[0].id) == ["bob"]
    assert not _button(window, "genre: opinion").isChecked()
    assert sorted(_on_disk(window.project.path, doc.id)) == [
        ("genre: opinion", "bob"), ("stance: pro", "bob")]
    assert list_labels(window.project, kind="document")[2].name == "genre: opinion"


def test_deleting_a_document_label_speaks_of_document_codes(codes_window, monkeypatch, qtbot) -> None:
    from annotator.ui.codebook.label_deletion import delete_label_interactively
    from annotator.ui.widgets.dialogs import ConfirmDialog, DeleteLabelChoice

    def prepare(project, documents):
        _stances(project)
        for name in ("ana", "bob"):
            set_document_code(project, documents[0].id, "stance: contra", name)

    window, (first, _second) = codes_window(prepare)
    pro, contra = list_labels(window.project, kind="document")
    dialog = DeleteLabelChoice(contra, 2, [pro])
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(window.annotator_label))]
    assert "2 document codes use «stance: contra»." in texts
    assert any("Document codes moved onto a label the same annotator already set" in t for t in texts)

    monkeypatch.setattr(DeleteLabelChoice, "ask", classmethod(lambda cls, parent, label, n, others:
                                                              ("move", pro.id)))
    done = delete_label_interactively(window, window.project, window.events, window.undo_stack,
                                      contra, [pro])
    assert done == ("Deleted «stance: contra»; 2 document codes moved to «stance: pro». "
                    "The undo history was cleared.")
    assert [lab.name for lab in window.document_codes_panel.labels()] == ["stance: pro"]
    assert _button(window, "stance: pro").isChecked()  # ana's code moved onto it
    assert _on_disk(window.project.path, first.id) == [("stance: pro", "ana"), ("stance: pro", "bob")]

    unused = add_label(window.project, "genre: opinion", "#6a1b9a", kind="document")
    questions = []
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(
        lambda cls, parent, title, message, accept: questions.append(message) or False))
    assert delete_label_interactively(window, window.project, window.events, window.undo_stack,
                                      unused, [pro]) is None  # not confirmed: kept
    assert questions[0].startswith("Delete the label «genre: opinion»? No document code uses it.")
