"""Long work off the window's thread: progress, cancel, one writer at a time, refresh, errors."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog
from tests.helpers import ARTICLE, files_state, imported

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.project import open_project
from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest
from annotator.ui.interchange.file_actions import ImportFilesDialog
from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog


def _idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.background.busy, timeout=20000)


def _progress_dialog(window) -> QProgressDialog | None:
    found = window.findChild(QProgressDialog, "backgroundProgress")
    return found if found is not None and found.isVisible() else None


@pytest.fixture
def colleague(tmp_path):
    other = tmp_path / "bob.annotator"
    project = open_project(other)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "claim", "bob", 47, 90)
    project.close()
    return other


def test_long_work_shows_its_progress_after_half_a_second_and_its_result(article_window, qtbot):
    window = article_window
    results = []

    def work(progress) -> str:
        for step in range(8):
            progress(step, 8, f"Step {step + 1} of 8")
            time.sleep(0.12)
        return "done"

    window.background.run(work, results.append, title="Counting…")
    assert window.background.busy and _progress_dialog(window) is None  # not at once
    qtbot.waitUntil(lambda: _progress_dialog(window) is not None, timeout=3000)
    dialog = _progress_dialog(window)
    assert not dialog.isModal()  # the window can still be read meanwhile
    assert dialog.labelText().startswith("Step ")
    _idle(qtbot, window)
    assert results == ["done"]
    assert _progress_dialog(window) is None


def test_cancelling_a_folder_import_stores_nothing(open_window, qtbot, tmp_path, monkeypatch):
    window = open_window([], "import.annotator")
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(1500):
        (folder / f"{number:04d}.txt").write_text(f"Article {number}\n\nTexte {number}.\n",
                                                  encoding="utf-8")
    monkeypatch.setattr(ImportFilesDialog, "ask",
                        classmethod(lambda cls, parent, folder=False, chosen=folder: [chosen]))
    window.import_documents(folder=True)
    window.background.cancel_all()  # what the progress dialog's Cancel does
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Import cancelled: nothing was imported"
    assert list_documents(window.project) == []
    assert window.document_list.model.rowCount() == 0


def test_cancelling_an_export_leaves_no_file(article_window, qtbot, tmp_path, monkeypatch):
    window = article_window
    document = window.workspace.document
    for start in range(0, 170, 2):
        add_annotation(window.project, document.id, "claim", "ana", start, start + 1)
    before = files_state(tmp_path / "out")
    out = tmp_path / "out" / "all.csv"
    out.parent.mkdir()
    monkeypatch.setattr(ExportDialog, "ask", classmethod(
        lambda cls, *a, **k: ExportRequest(path=out, format="csv")))
    window.export_csv()
    window.background.cancel_all()  # before the first rows were written
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Export cancelled: no file was written"
    assert list(out.parent.iterdir()) == []
    assert before == {}


def test_labelling_during_a_merge_is_refused_with_a_message_and_works_after(
    article_window, qtbot, colleague, monkeypatch
):
    window = article_window
    summaries = []
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: colleague))
    monkeypatch.setattr(MergeSummaryDialog, "present",
                        classmethod(lambda cls, parent, report: summaries.append(report)))
    window.findChild(QAction, "mergeAction").trigger()
    assert window.background.busy  # the result has not reached the window yet
    window.document_view.select_range(0, 9)
    assert not window.workspace.label_key("1")
    assert "bob.annotator is being merged; try again when it is done" in (
        window.statusBar().currentMessage())
    assert window.undo_stack.count() == 0
    window.findChild(QAction, "mergeAction").trigger()  # a second writer is refused too
    assert window.background.writing == "bob.annotator is being merged"

    _idle(qtbot, window)
    # The window follows the merge (the article a turn of the event loop after the document list):
    # bob's highlight is shown, the summary was presented once.
    qtbot.waitUntil(lambda: [(a.annotator, a.start, a.end) for a in window.workspace.annotations]
                    == [("bob", 47, 90)], timeout=2000)
    assert len(summaries) == 1 and summaries[0].annotations_added == 1
    window.document_view.select_range(0, 9)
    assert window.workspace.label_key("1")  # now the change is made
    stored = list_annotations(window.project, window.workspace.document.id)
    assert sorted((a.annotator, a.start, a.end) for a in stored) == [("ana", 1, 10), ("bob", 47, 90)]


def test_undo_during_a_merge_is_refused_and_the_step_stays(article_window, qtbot, colleague,
                                                           monkeypatch):
    window = article_window
    window.document_view.select_range(0, 9)
    assert window.workspace.label_key("1")
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: colleague))
    monkeypatch.setattr(MergeSummaryDialog, "present", classmethod(lambda cls, parent, report: None))
    window.findChild(QAction, "mergeAction").trigger()
    window.undo_action.trigger()
    assert "is being merged" in window.statusBar().currentMessage()
    assert window.undo_stack.canUndo() and window.undo_stack.index() == 1
    _idle(qtbot, window)
    window.undo_action.trigger()
    assert window.undo_stack.index() == 0
    assert [a.annotator for a in list_annotations(window.project, window.workspace.document.id)] == [
        "bob"]


def test_a_refused_merge_and_an_unexpected_error_are_messages(article_window, qtbot, tmp_path,
                                                               monkeypatch, message_boxes):
    window = article_window
    bad = tmp_path / "bad.csv"
    bad.write_text("label,start\nclaim,1\n", encoding="utf-8")
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: bad))
    window.findChild(QAction, "mergeAction").trigger()
    _idle(qtbot, window)
    ((title, text),) = message_boxes
    assert title == "Merge refused" and "missing column" in text and "Traceback" not in text

    window.background.run(lambda progress: 1 // 0, lambda result: None, title="Counting…")
    _idle(qtbot, window)
    title, text = message_boxes[-1]
    assert title == "Counting failed"
    assert "ZeroDivisionError" in text and "Traceback" not in text
    window.document_view.select_range(0, 9)
    assert window.workspace.label_key("1")  # the failed write let go of the history


def test_progress_dialog_appears_for_work_that_never_reports_and_that_reports_often(article_window,
                                                                                    qtbot):
    window = article_window
    results = []

    def silent(progress) -> str:
        time.sleep(1.2)  # a read that never reports: the dialog does not wait for it to step aside
        return "silent"

    def chatty(progress) -> str:
        for step in range(400):
            progress(step, 400, "Counting")
            time.sleep(0.003)
        return "chatty"

    for work in (silent, chatty):
        window.background.run(work, results.append, title="Counting…")
        qtbot.waitUntil(lambda: _progress_dialog(window) is not None, timeout=1500)
        _idle(qtbot, window)
        assert _progress_dialog(window) is None
    assert results == ["silent", "chatty"]
