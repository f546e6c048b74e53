"""Merging, brat and REFI-QDA from the File menu: their progress shows, and Cancel changes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QPushButton
from tests.helpers import ARTICLE, files_state, imported, span_of

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.project import open_project
from annotator.services.qdpx_export import export_qdpx
from annotator.ui.interchange.brat_actions import BratFolderDialog, BratSummary
from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog
from annotator.ui.interchange.qdpx_actions import QdpxFileDialog, QdpxSummary


def _idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.background.busy, timeout=20000)


def _progress_dialog(window) -> QProgressDialog | None:
    found = window.findChild(QProgressDialog, "backgroundProgress")
    return found if found is not None and found.isVisible() else None


@contextmanager
def _another_writer(path: Path) -> Iterator[None]:
    """Another program holds the project file's write lock: a write started meanwhile waits."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _cancel_when_shown(qtbot, window, saying: str) -> None:
    """Wait for the progress dialog, check what it says, and press its Cancel button."""
    qtbot.waitUntil(lambda: _progress_dialog(window) is not None, timeout=5000)
    dialog = _progress_dialog(window)
    assert dialog.labelText() == saying
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _stored(window) -> list[tuple[str, int, int]]:
    return sorted((a.annotator, a.start, a.end)
                  for d in list_documents(window.project) for a in list_annotations(window.project, d.id))


@pytest.fixture
def colleague(tmp_path):
    other = tmp_path / "bob.annotator"
    project = open_project(other)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "claim", "bob", 47, 90)
    project.close()
    return other


def test_a_merge_shows_its_progress_and_cancel_merges_nothing(article_window, qtbot, colleague,
                                                              monkeypatch):
    window = article_window
    summaries = []
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: colleague))
    monkeypatch.setattr(MergeSummaryDialog, "present",
                        classmethod(lambda cls, parent, report: summaries.append(report)))
    with _another_writer(Path(window.project.path)):  # the merge waits for the project file
        window.findChild(QAction, "mergeAction").trigger()
        _cancel_when_shown(qtbot, window, "Reading…")
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Merge cancelled: nothing was merged"
    assert summaries == [] and _stored(window) == []
    assert window.workspace.annotations == []
    window.document_view.select_range(0, 9)
    assert window.workspace.label_key("1")  # the window's own changes are taken again

    window.findChild(QAction, "mergeAction").trigger()  # not cancelled: merged
    _idle(qtbot, window)
    assert len(summaries) == 1 and ("bob", 47, 90) in _stored(window)


def test_a_brat_import_can_be_cancelled_and_stores_nothing(article_window, qtbot, tmp_path,
                                                           monkeypatch):
    window = article_window
    folder = tmp_path / "brat" / "zoe"
    folder.mkdir(parents=True)
    for n in range(3):
        (folder / f"a{n}.txt").write_text(ARTICLE + f"\n{n}\n", encoding="utf-8")
        start, end = span_of(ARTICLE, "le ministre")
        (folder / f"a{n}.ann").write_text(f"T1\tsource {start} {end}\tle ministre\n", encoding="utf-8")
    monkeypatch.setattr(BratFolderDialog, "ask",
                        classmethod(lambda cls, parent, export: folder.parent))
    shown: list[list[str]] = []
    monkeypatch.setattr(BratSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))
    documents = list_documents(window.project)
    with _another_writer(Path(window.project.path)):
        window.findChild(QAction, "importBratAction").trigger()
        _cancel_when_shown(qtbot, window, "3 of 3 files read")
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Import cancelled: nothing was imported"
    assert shown == [] and _stored(window) == []
    assert list_documents(window.project) == documents


def test_a_brat_export_can_be_cancelled_and_writes_nothing(article_window, qtbot, tmp_path,
                                                           monkeypatch):
    window = article_window
    import_texts(window.project, [imported(f"{ARTICLE}\n{n}\n", f"{n}.txt", f"Article {n}")
                                  for n in range(40)])
    for document in list_documents(window.project):
        add_annotation(window.project, document.id, "claim", "ana", 0, 9)
    out = tmp_path / "out"
    monkeypatch.setattr(BratFolderDialog, "ask", classmethod(lambda cls, parent, export: out))
    window.findChild(QAction, "exportBratAction").trigger()
    window.background.cancel_all()  # what the progress dialog's Cancel does
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Export cancelled: no file was written"
    assert files_state(out) == {}


def test_a_refi_qda_import_and_export_can_be_cancelled(article_window, open_window, qtbot, tmp_path,
                                                      monkeypatch):
    window = article_window
    document = list_documents(window.project)[0]
    add_annotation(window.project, document.id, "source", "ana", *span_of(ARTICLE, "le ministre"))
    shared = tmp_path / "shared.qdpx"
    export_qdpx(window.project, shared)
    other = open_window([], name="other.annotator")
    shown: list[list[str]] = []
    monkeypatch.setattr(QdpxSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: shared))
    with _another_writer(Path(other.project.path)):
        other.findChild(QAction, "importQdpxAction").trigger()
        _cancel_when_shown(qtbot, other, "Reading…")
    _idle(qtbot, other)
    assert other.statusBar().currentMessage() == "Import cancelled: nothing was imported"
    assert shown == [] and list_documents(other.project) == []
    assert other.document_list.model.rowCount() == 0

    out = tmp_path / "again.qdpx"
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: out))
    window.findChild(QAction, "exportQdpxAction").trigger()
    window.background.cancel_all()
    _idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Export cancelled: no file was written"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("again")] == []


def test_documents_a_merge_brings_are_listed_with_their_counts_when_it_ends(article_window, qtbot,
                                                                           tmp_path, monkeypatch):
    window = article_window
    other = tmp_path / "zoe.annotator"
    project = open_project(other)
    (outcome,) = import_texts(project, [imported(f"{ARTICLE}\nSuite.\n", "b.txt", "La suite")])
    for start in (0, 20, 40):
        add_annotation(project, outcome.document.id, "claim", "zoe", start, start + 9)
    project.close()
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: other))
    monkeypatch.setattr(MergeSummaryDialog, "present", classmethod(lambda cls, parent, report: None))
    window.findChild(QAction, "mergeAction").trigger()
    _idle(qtbot, window)
    listed = {d.title: d.annotation_count for d in window.document_list.model.documents()}
    assert listed == {"Le ministre défend la réforme": 0, "La suite": 3}
    assert window.workspace.document.title == "Le ministre défend la réforme"  # still shown
