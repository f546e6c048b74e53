"""File → Save a copy…: a consistent one-file copy of the open project, the latest work included."""

from __future__ import annotations

import sqlite3

from tests.helpers import ARTICLE, files_state

from annotator.services.annotations import add_annotation
from annotator.ui.interchange.file_actions import SaveCopyDialog


def _save_copy_action(window):
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (action,) = [a for a in file_menu.actions() if a.text() == "Save a &copy…"]
    return action


def test_save_a_copy_writes_every_saved_annotation_into_one_file(open_window, tmp_path, monkeypatch):
    window = open_window([(ARTICLE, "a.txt", "Le ministre")])
    doc = window.workspace.document
    latest = add_annotation(window.project, doc.id, "claim", "ana", 0, 5)  # still in the -wal
    chosen = tmp_path / "copies" / "ma copie.annotator"
    chosen.parent.mkdir()
    monkeypatch.setattr(SaveCopyDialog, "ask", classmethod(lambda cls, parent, path: chosen))
    _save_copy_action(window).trigger()
    assert str(chosen) in window.statusBar().currentMessage()
    assert sorted(p.name for p in chosen.parent.iterdir()) == ["ma copie.annotator"]
    conn = sqlite3.connect(chosen)
    assert conn.execute("SELECT uuid FROM annotations").fetchall() == [(latest.uuid,)]
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_save_a_copy_over_the_project_itself_is_refused_and_changes_nothing(
        open_window, tmp_path, monkeypatch, message_boxes):
    window = open_window([(ARTICLE, "a.txt", "Le ministre")])
    monkeypatch.setattr(SaveCopyDialog, "ask",
                        classmethod(lambda cls, parent, path: window.project.path))
    before = files_state(window.project.path)
    _save_copy_action(window).trigger()
    assert "not saved" in window.statusBar().currentMessage()
    assert len(message_boxes) == 1 and "the project itself" in message_boxes[0][1]
    assert files_state(window.project.path) == before


def test_cancelling_the_dialog_writes_nothing(open_window, tmp_path, monkeypatch):
    window = open_window([])
    monkeypatch.setattr(SaveCopyDialog, "ask", classmethod(lambda cls, parent, path: None))
    before = files_state(tmp_path)
    _save_copy_action(window).trigger()
    assert files_state(tmp_path) == before
