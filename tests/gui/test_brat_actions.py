"""File > Import brat folder… and Export brat… as an analyst uses them."""

from __future__ import annotations

from PySide6.QtGui import QAction

from annotator.ui.interchange.brat_actions import BratFolderDialog, BratSummary


def test_import_then_export_from_the_file_menu(article_window, tmp_path, monkeypatch, qtbot):
    from tests.helpers import ARTICLE

    window = article_window
    folder = tmp_path / "brat"
    (folder / "zoe").mkdir(parents=True)
    (folder / "zoe" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("le ministre")
    end = start + len("le ministre")
    (folder / "zoe" / "a.ann").write_text(f"T1\tsource {start} {end}\tle ministre\n")
    answers = iter([folder, tmp_path / "out"])
    monkeypatch.setattr(BratFolderDialog, "ask", classmethod(lambda cls, parent, export: next(answers)))
    shown: list[list[str]] = []
    monkeypatch.setattr(BratSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))
    refreshed: list[bool] = []
    window.events.contents_changed.connect(lambda: refreshed.append(True))

    window.findChild(QAction, "importBratAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert refreshed
    assert "annotations added: 1" in shown[0]

    window.findChild(QAction, "exportBratAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert (tmp_path / "out" / "zoe").is_dir()
    assert "1 document, 1 span," in window.statusBar().currentMessage()


def test_a_bad_folder_shows_the_reason(article_window, tmp_path, monkeypatch, message_boxes, qtbot):
    monkeypatch.setattr(BratFolderDialog, "ask", classmethod(lambda cls, parent, export: tmp_path))
    article_window.findChild(QAction, "importBratAction").trigger()
    qtbot.waitUntil(lambda: not article_window.background.busy)  # the work runs off the window's thread
    assert any("no .ann files" in text for _, text in message_boxes)
