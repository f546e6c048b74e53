"""File menu entries for brat import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.services.interchange import (
    brat_export_summary,
    brat_import_summary,
    export_brat,
    import_brat,
)
from annotator.ui.dialogs import show_error

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class BratFolderDialog:
    """Asks for a brat folder to read or to write into (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, export: bool) -> Path | None:
        """The chosen folder, or None when cancelled."""
        title = "Export brat into an empty folder" if export else "Import a brat folder"
        chosen = QFileDialog.getExistingDirectory(parent, title)
        return Path(chosen) if chosen else None


class BratSummary:
    """Shows what an import or export did (a seam tests replace)."""

    @classmethod
    def present(cls, parent: QWidget | None, title: str, lines: list[str]) -> None:
        """Show `lines` in a message box until closed."""
        box = QMessageBox(QMessageBox.Icon.Information, title, lines[0], parent=parent)
        box.setDetailedText("\n".join(lines))
        box.exec()


def import_brat_folder(window: MainWindow) -> list[str] | None:
    """Ask for a folder, merge its brat annotations, refresh the window; the summary or None."""
    folder = BratFolderDialog.ask(window, export=False)
    if folder is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        reading, report = import_brat(window.project, folder)
    except AnnotatorError as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, "brat import refused", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.events.contents_changed.emit()
    lines = brat_import_summary(reading, report)
    window.statusBar().showMessage(
        f"brat import: {report.annotations_added} annotations, {report.links_added} links added",
        8000,
    )
    BratSummary.present(window, "brat import finished", lines)
    return lines


def export_brat_folder(window: MainWindow) -> list[str] | None:
    """Ask for an empty folder and write the project's annotations there as brat files."""
    folder = BratFolderDialog.ask(window, export=True)
    if folder is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = export_brat(window.project, folder)
    except (AnnotatorError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, "brat export failed", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    lines = brat_export_summary(result)
    window.statusBar().showMessage(lines[0], 8000)
    return lines


def install(window: MainWindow) -> None:
    """Attach this feature to the main window."""
    menu = window.menu("fileMenu")
    for name, text, handler in (
        ("importBratAction", "Import brat folder…", import_brat_folder),
        ("exportBratAction", "Export brat…", export_brat_folder),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, run=handler: run(window))
        menu.insertAction(window.file_menu_end, action)
