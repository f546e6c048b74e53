"""Qt's file choosers and the note box tell a screen reader their name and what they are for, in
the window's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from annotator import i18n
from annotator.ui.interchange.brat_actions import BratFolderDialog
from annotator.ui.interchange.file_actions import ImportFilesDialog, ProjectFileDialog
from annotator.ui.interchange.merge_action import MergeFileDialog
from annotator.ui.interchange.qdpx_actions import QdpxFileDialog
from annotator.ui.widgets.file_dialogs import ask_csv_path
from annotator.ui.workspace.workspace import NoteDialog


def _read_and_close(kind: type, seen: list[tuple[str, str]]) -> None:
    """When a dialog of `kind` shows, note what a screen reader hears of it, then cancel it."""

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not shown:
            QTimer.singleShot(10, look)
            return
        face = QAccessible.queryAccessibleInterface(shown[0])
        seen.append((face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)))
        shown[0].reject()

    QTimer.singleShot(0, look)


CHOOSERS = {
    "import articles": (lambda parent: ImportFilesDialog.ask(parent), "Import articles",
                        "articles to import"),
    "import a folder": (lambda parent: ImportFilesDialog.ask(parent, folder=True), "Import a folder",
                        "subfolders"),
    "new project": (lambda parent: ProjectFileDialog.ask(parent, create=True), "New project",
                    "new project file"),
    "open project": (lambda parent: ProjectFileDialog.ask(parent, create=False), "Open project",
                     "project file to open"),
    "merge": (lambda parent: MergeFileDialog.ask(parent), "Merge colleague", "yours stays"),
    "qdpx export": (lambda parent: QdpxFileDialog.ask(parent, export=True), "Export REFI-QDA", ".qdpx"),
    "brat import": (lambda parent: BratFolderDialog.ask(parent, export=False), "Import a brat folder",
                    ".ann"),
    "csv": (lambda parent: ask_csv_path(parent, "Save statistics", "stats.csv"), "Save statistics",
            "Excel or LibreOffice"),
}


@pytest.mark.parametrize("case", sorted(CHOOSERS))
def test_each_file_chooser_has_a_name_and_says_what_it_is_for(qtbot, case):
    parent = QWidget()
    qtbot.addWidget(parent)
    ask, name, described = CHOOSERS[case]
    seen: list[tuple[str, str]] = []
    _read_and_close(QFileDialog, seen)
    assert not ask(parent)  # cancelled
    ((heard_name, heard_description),) = seen
    assert name in heard_name
    assert described in heard_description


def test_the_note_box_says_what_a_note_is_for_in_french(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, str]] = []
    i18n.set_language("fr")
    try:
        _read_and_close(QInputDialog, seen)
        assert NoteDialog.ask(parent, "Note sur « claim » de ben :", "") is None
    finally:
        i18n.set_language("en")
    ((name, description),) = seen
    assert name == "Note"
    assert "exports" in description and "votre note" in description.lower()
