"""File > Import / Export REFI-QDA project… as an analyst uses them."""

from __future__ import annotations

import zipfile

from PySide6.QtGui import QAction

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import list_documents
from annotator.ui.interchange.qdpx_actions import QdpxFileDialog, QdpxSummary


def test_export_then_import_into_another_window(article_window, open_window, tmp_path,
                                               monkeypatch, qtbot):
    from tests.helpers import ARTICLE

    window = article_window
    document = list_documents(window.project)[0]
    start = ARTICLE.index("le ministre")
    add_annotation(window.project, document.id, "source", "ana", start, start + 11, note="qui ?")
    out = tmp_path / "shared.qdpx"
    answers = iter([out, out])
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: next(answers)))
    shown: list[list[str]] = []
    monkeypatch.setattr(QdpxSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))

    window.findChild(QAction, "exportQdpxAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert zipfile.is_zipfile(out)
    assert "1 document, 1 selection," in window.statusBar().currentMessage()

    other = open_window([], name="other.annotator")
    refreshed: list[bool] = []
    other.events.contents_changed.connect(lambda: refreshed.append(True))
    other.findChild(QAction, "importQdpxAction").trigger()
    qtbot.waitUntil(lambda: not other.background.busy)  # the work runs off the window's thread
    assert refreshed and "annotations added: 1" in shown[0]
    (imported,) = list_documents(other.project)
    (annotation,) = list_annotations(other.project, imported.id)
    assert (annotation.annotator, annotation.note) == ("ana", "qui ?")


def test_a_bad_file_shows_the_reason(article_window, tmp_path, monkeypatch, message_boxes, qtbot):
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: bad))
    article_window.findChild(QAction, "importQdpxAction").trigger()
    qtbot.waitUntil(lambda: not article_window.background.busy)  # the work runs off the window's thread
    assert any("not a zip archive" in text for _, text in message_boxes)
