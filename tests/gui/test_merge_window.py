"""File > Merge colleague's work, as the analyst sees it."""

from __future__ import annotations

from PySide6.QtGui import QAction
from tests.helpers import ARTICLE, imported

from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project
from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog


def test_merge_shows_the_colleagues_highlights_and_the_summary(article_window, tmp_path, monkeypatch,
                                                                 qtbot):
    other = tmp_path / "bob.annotator"
    project = open_project(other)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "claim", "bob", 47, 90)
    project.close()
    shown = []
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: other))
    monkeypatch.setattr(MergeSummaryDialog, "present",
                        classmethod(lambda cls, parent, report: shown.append(report)))
    menu = article_window.menu("fileMenu")
    action = article_window.findChild(QAction, "mergeAction")
    actions = menu.actions()
    assert actions.index(action) < actions.index(article_window.file_menu_end)

    action.trigger()
    qtbot.waitUntil(lambda: not article_window.background.busy)  # the work runs off the window's thread

    qtbot.waitUntil(lambda: [(a.annotator, a.start, a.end) for a in article_window.workspace.annotations]
                    == [("bob", 47, 90)], timeout=2000)  # the article a turn after the document list
    (report,) = shown
    assert "annotations added: 1" in report.summary_lines()


def test_a_refused_file_is_a_message_not_a_traceback(article_window, tmp_path, monkeypatch,
                                                      message_boxes, qtbot):
    bad = tmp_path / "bad.csv"
    bad.write_text("label,start\nclaim,1\n", encoding="utf-8")
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: bad))
    article_window.findChild(QAction, "mergeAction").trigger()
    qtbot.waitUntil(lambda: not article_window.background.busy)  # the work runs off the window's thread
    ((title, text),) = message_boxes
    assert title == "Merge refused" and "bad.csv" in text and "missing column" in text


def test_after_a_merge_the_article_and_then_the_other_panels_show_the_colleagues_work(
        article_window, tmp_path, monkeypatch, qtbot):
    from annotator.services.document_codes import set_document_code
    from annotator.services.labels import add_label

    other = tmp_path / "bob.annotator"
    project = open_project(other)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "claim", "bob", 47, 90)
    add_label(project, "genre: opinion", "#6a1b9a", None, kind="document")
    set_document_code(project, outcome.document.id, "genre: opinion", "bob")
    project.close()
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: other))
    monkeypatch.setattr(MergeSummaryDialog, "present", classmethod(lambda cls, parent, report: None))
    window = article_window
    shown_before = window.workspace.document.id

    window.findChild(QAction, "mergeAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)

    # The list, then the article, then (after the article's paint) the panels beside it.
    qtbot.waitUntil(lambda: [(a.annotator, a.start, a.end) for a in window.workspace.annotations]
                    == [("bob", 47, 90)], timeout=2000)
    assert window.workspace.document.id == shown_before
    panel = window.document_codes_panel
    qtbot.waitUntil(lambda: [lab.name for lab in panel.labels()] == ["genre: opinion"], timeout=2000)
    assert panel.others_for(panel.labels()[0].id) == ["bob"]
    assert window.document_list.model.rowCount() == 1
