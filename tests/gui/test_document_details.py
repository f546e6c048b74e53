"""Document details in the window: edit the metadata, undo it, export it; import new file types."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtGui import QAction
from tests.article_files import write_docx, write_news_page, write_pdf

from annotator.services.documents import get_document, list_documents
from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest
from annotator.ui.interchange.file_actions import ImportFilesDialog, import_paths
from annotator.ui.undo_stack import redo_step, undo_step
from annotator.ui.workspace.document_details import DocumentDetailsDialog

NEW = {"title": "Réforme : le ministre insiste", "date": "2023-04-13",
       "outlet": "Le Quotidien", "url": "https://quotidien.example/reforme"}


def details_action(window) -> QAction:
    return window.findChild(QAction, "documentDetailsAction")


def listed_titles(window) -> list[str]:
    return [doc.title for doc in window.document_list.model.documents()]


def test_edit_details_from_the_menu_then_undo_and_redo(article_window, monkeypatch):
    window = article_window
    before = window.workspace.document
    asked = []

    def ask(cls, parent, document):
        asked.append(document)
        return dict(NEW)

    monkeypatch.setattr(DocumentDetailsDialog, "ask", classmethod(ask))
    assert details_action(window) in window.menu("editMenu").actions()
    details_action(window).trigger()
    assert asked == [before]
    after = get_document(window.project, before.id)
    assert (after.title, after.date, after.outlet, after.url) == tuple(NEW.values())
    assert listed_titles(window) == [NEW["title"]]
    assert window.windowTitle().startswith(NEW["title"])
    assert window.undo_action.text() == f"&Undo Edit details of «{NEW['title']}»"
    undo_step(window.undo_stack)
    assert get_document(window.project, before.id) == before
    assert listed_titles(window) == [before.title]
    assert window.windowTitle().startswith(before.title)
    redo_step(window.undo_stack)
    assert get_document(window.project, before.id).outlet == "Le Quotidien"


def test_editing_the_details_keeps_the_selected_text_and_span(article_window, monkeypatch):
    window = article_window
    view = window.document_view
    start = view.stored_text.index("l’INSEE")
    view.select_range(start, start + len("l’INSEE"))
    view.setFocus()
    window.label_actions[0].trigger()
    view.select_range(start, start + 3)
    monkeypatch.setattr(DocumentDetailsDialog, "ask", classmethod(lambda cls, p, d: dict(NEW)))
    details_action(window).trigger()
    assert window.workspace.document.title == NEW["title"]
    assert view.selected_range() == (start, start + 3)  # the article was not laid out anew
    assert window.tag_panel.table.selected_annotation_ids() != []


def test_the_dialog_offers_the_fields_refuses_a_bad_date_and_returns_what_changed(
    article_window, qtbot
):
    document = article_window.workspace.document
    dialog = DocumentDetailsDialog(document, article_window)
    qtbot.addWidget(dialog)
    assert dialog.edits["title"].text() == document.title
    assert dialog.edits["date"].text() == "2023-04"
    dialog.edits["date"].setText("13/04/2023")
    dialog.edits["outlet"].setText("  Le Quotidien ")
    dialog.accept()
    assert dialog.result() != DocumentDetailsDialog.DialogCode.Accepted
    assert "YYYY-MM-DD" in dialog.error_label.text()
    dialog.edits["date"].setText("2023-04-13")
    dialog.accept()
    assert dialog.result() == DocumentDetailsDialog.DialogCode.Accepted
    assert dialog.changes() == {"date": "2023-04-13", "outlet": "Le Quotidien"}
    dialog.edits["title"].setText("  ")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_document_list_context_menu_offers_details(article_window):
    assert details_action(article_window) in article_window.document_list.view.actions()


def test_exported_csv_carries_the_edited_outlet_and_url(article_window, monkeypatch, tmp_path, qtbot):
    window = article_window
    window.document_view.select_range(0, 12)
    assert window.workspace.label_key("1")
    monkeypatch.setattr(DocumentDetailsDialog, "ask", classmethod(lambda cls, p, d: dict(NEW)))
    details_action(window).trigger()
    out = tmp_path / "out.csv"
    monkeypatch.setattr(ExportDialog, "ask", classmethod(
        lambda cls, *a, **k: ExportRequest(path=out, format="csv")))
    window.export_csv()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert (row["document_title"], row["document_outlet"], row["document_url"]) == (
        NEW["title"], NEW["outlet"], NEW["url"])


@pytest.fixture
def empty_window(open_window):
    return open_window([], "import.annotator")


def test_window_imports_html_docx_and_pdf(empty_window, tmp_path, monkeypatch, qtbot):
    files = [write_news_page(tmp_path / "page.html"), write_docx(tmp_path / "word.docx"),
             write_pdf(tmp_path / "report.pdf")]
    monkeypatch.setattr(ImportFilesDialog, "ask", classmethod(lambda cls, parent, folder=False: files))
    empty_window.import_documents()
    qtbot.waitUntil(lambda: not empty_window.background.busy)  # the work runs off the window's thread
    assert "3 imported, 0 already in project, 0 not imported" in (
        empty_window.statusBar().currentMessage())
    outlets = {doc.source_name: doc.outlet for doc in list_documents(empty_window.project)}
    assert outlets == {"page.html": "Le Quotidien", "word.docx": "", "report.pdf": ""}


def test_cancelling_the_import_progress_stores_nothing(empty_window, tmp_path, qtbot):
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(6):
        write_news_page(folder / f"{number}.html", title=f"Article numéro {number}")

    finished = []
    assert import_paths(empty_window.background, empty_window.project, empty_window.events, [folder],
                        finished.append)
    empty_window.background.cancel_all()  # the progress dialog's Cancel (it appears after half a second)
    qtbot.waitUntil(lambda: not empty_window.background.busy)  # the work runs off the window's thread
    (result,) = finished
    assert result is None
    assert list_documents(empty_window.project) == []
