"""File menu entries for REFI-QDA (.qdpx) import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.ui.brat_actions import merge_headline, present_summary
from annotator.ui.dialogs import show_error
from annotator.ui.file_dialogs import remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

FILE_FILTER = "REFI-QDA project (*.qdpx);;All files (*)"


class QdpxFileDialog:
    """Asks for a .qdpx to read or to write (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, export: bool) -> Path | None:
        """The chosen file (with a .qdpx suffix when exporting), or None when cancelled."""
        if export:
            chosen, _ = QFileDialog.getSaveFileName(parent, "Export REFI-QDA project",
                                                    start_folder(), FILE_FILTER)
            if chosen and not chosen.lower().endswith(".qdpx"):
                chosen += ".qdpx"
        else:
            chosen, _ = QFileDialog.getOpenFileName(parent, "Import REFI-QDA project",
                                                    start_folder(), FILE_FILTER)
        remember_folder(chosen)
        return Path(chosen) if chosen else None


class QdpxSummary:
    """Shows what an import did (a seam tests replace)."""

    @classmethod
    def present(cls, parent: QWidget | None, title: str, lines: list[str]) -> None:
        """Show `lines` (a headline first) in a message box until closed."""
        present_summary(parent, title, lines)


def import_qdpx_file(window: MainWindow) -> list[str] | None:
    """Ask for a .qdpx, merge it into the project, refresh the window; the summary or None."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.qdpx_export import import_qdpx, import_summary

    path = QdpxFileDialog.ask(window, export=False)
    if path is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        reading, report = import_qdpx(window.project, path, window.workspace.annotator)
    except AnnotatorError as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, "REFI-QDA import refused", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.events.contents_changed.emit()
    lines = [merge_headline(report), *import_summary(reading, report)]
    window.statusBar().showMessage(
        f"REFI-QDA import: {report.documents_added} documents, {report.annotations_added} "
        f"annotations, {report.links_added} links added", 8000,
    )
    QdpxSummary.present(window, "REFI-QDA import finished", lines)
    return lines


def export_qdpx_file(window: MainWindow) -> list[str] | None:
    """Ask for a file name and write the whole project there as a REFI-QDA project."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.qdpx_export import export_qdpx, export_summary

    path = QdpxFileDialog.ask(window, export=True)
    if path is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = export_qdpx(window.project, path)
    except (AnnotatorError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, "REFI-QDA export failed", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    lines = export_summary(result)
    window.statusBar().showMessage(lines[0], 8000)
    return lines


def install(window: MainWindow) -> None:
    """Attach this feature to the main window."""
    menu = window.menu("fileMenu")
    for name, text, handler in (
        ("importQdpxAction", "Import REFI-QDA project…", import_qdpx_file),
        ("exportQdpxAction", "Export REFI-QDA project…", export_qdpx_file),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, run=handler: run(window))
        menu.insertAction(window.file_menu_end, action)
