"""The File menu: import with a summary, export with the CLI's options, new and recent projects."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.services.project import open_project
from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest
from annotator.ui.interchange.file_actions import ImportFilesDialog, ProjectFileDialog


@pytest.fixture
def window(open_window):
    return open_window([], "menu.annotator")


@pytest.fixture
def no_message_boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def test_import_crlf_and_emoji_file_then_label_across_lines(window, tmp_path, monkeypatch, no_message_boxes,
                                                            qtbot):
    article = tmp_path / "crlf.txt"
    article.write_bytes("Titre\r\n\r\nLe porte-parole 😮 a dit\r\nque « tout va bien ».\r\n".encode())
    (tmp_path / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(ImportFilesDialog, "ask", classmethod(lambda cls, parent, folder=False: [
        article, tmp_path / "empty.txt"]))
    window.import_documents()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert "1 imported, 0 already in project, 1 not imported" in window.statusBar().currentMessage()
    assert "empty.txt: file is empty" in no_message_boxes[0]
    text = window.document_view.stored_text
    assert text == "Titre\n\nLe porte-parole 😮 a dit\nque « tout va bien ».\n"
    start, end = text.index("porte-parole"), text.index("bien") + 4
    window.document_view.select_range(start, end)
    assert window.workspace.label_key("2")
    conn = sqlite3.connect(window.project.path)
    ((s, e),) = conn.execute('SELECT start, "end" FROM annotations').fetchall()
    assert text[s:e] == "porte-parole 😮 a dit\nque « tout va bien"


def test_cancelled_import_leaves_nothing(window, tmp_path, monkeypatch, qtbot):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        (folder / f"{i}.txt").write_text(f"Article {i}\n", encoding="utf-8")
    monkeypatch.setattr(ImportFilesDialog, "ask", classmethod(lambda cls, parent, folder=False: [
        tmp_path / "many"]))
    window.import_documents()
    window.background.cancel_all()  # the progress dialog's Cancel (it appears after half a second)
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert "cancelled" in window.statusBar().currentMessage()
    assert sqlite3.connect(window.project.path).execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_export_from_the_menu_writes_the_csv(window, tmp_path, monkeypatch, qtbot):
    article = tmp_path / "a.txt"
    article.write_text("Le maire a dit non.\n", encoding="utf-8")
    monkeypatch.setattr(ImportFilesDialog, "ask", classmethod(lambda cls, parent, folder=False: [article]))
    window.import_documents()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    window.document_view.select_range(0, 8)
    window.workspace.label_key("1")
    out = tmp_path / "out.csv"
    monkeypatch.setattr(
        ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportRequest(path=out, format="csv"))
    )
    window.export_csv()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["label"], r["text"], r["annotator"]) for r in rows] == [("source", "Le maire", "ana")]
    assert "1 annotations exported" in window.statusBar().currentMessage()


def test_new_project_opens_in_a_new_window_and_is_remembered(window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "second.annotator"
    monkeypatch.setattr(ProjectFileDialog, "ask", classmethod(lambda cls, parent, create: target))
    window.new_project()
    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    assert [w.project.path for w in windows] == [target]
    qtbot.addWidget(windows[0])
    assert target.exists()
    assert str(window.project.path) in windows[0].recent_project_paths()


def test_refused_project_file_shows_a_message_and_keeps_the_window(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.annotator"
    bad.write_text("not a project", encoding="utf-8")
    errors: list[str] = []
    monkeypatch.setattr("annotator.ui.main_window.show_error", lambda _p, _t, message: errors.append(message))
    window.open_project_path(bad)
    assert errors and "not an SQLite database" in errors[0]
    assert window.isVisible()
    assert bad.read_text(encoding="utf-8") == "not a project"


def test_a_recent_project_that_is_gone_is_refused_not_recreated(window, tmp_path, monkeypatch):
    gone = tmp_path / "moved.annotator"
    open_project(gone).close()
    from annotator.ui.interchange.file_actions import recent_projects, remember_recent

    remember_recent(window.settings, gone)
    gone.unlink()
    errors: list[str] = []
    monkeypatch.setattr("annotator.ui.main_window.show_error", lambda _p, _t, message: errors.append(message))
    window.open_project_path(str(gone))
    assert errors and "no such project file" in errors[0]
    assert not gone.exists()
    assert str(gone) not in recent_projects(window.settings)
