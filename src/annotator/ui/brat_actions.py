"""File menu entries for brat import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.domain.merge import MergeReport
from annotator.domain.wording import counted
from annotator.ui.dialogs import show_error
from annotator.ui.file_dialogs import remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class BratFolderDialog:
    """Asks for a brat folder to read or to write into (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, export: bool) -> Path | None:
        """The chosen folder, or None when cancelled."""
        title = "Export brat into an empty folder" if export else "Import a brat folder"
        chosen = QFileDialog.getExistingDirectory(parent, title, start_folder())
        remember_folder(chosen)
        return Path(chosen) if chosen else None


#: The reader's refusal of `.ann` files that name no annotator (answered by asking for one).
NO_ANNOTATOR = ": no annotator:"
SHOWN_LINES = 14


def merge_headline(report: MergeReport) -> str:
    """One sentence saying what an import added, e.g. "Added 3 annotations and 2 links"."""
    if not report.changed:
        return "Nothing new: the project already holds all of it"
    parts = [
        counted(n, word) for n, word in (
            (report.documents_added, "document"), (report.annotations_added, "annotation"),
            (report.annotations_updated, "updated annotation"), (report.links_added, "link"),
            (report.reviews_added, "review"), (len(report.labels_created), "new label"),
        ) if n
    ]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"Added {listed}"


def present_summary(parent: QWidget | None, title: str, lines: list[str]) -> None:
    """A message box: the first line as its text, the next ones below it (all in the details)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, lines[0], parent=parent)
    rest = lines[1:]
    extra = len(rest) - SHOWN_LINES
    more = [f"… {extra} more lines under Show Details"] if extra > 0 else []
    box.setInformativeText("\n".join(rest[:SHOWN_LINES] + more))
    if more:
        box.setDetailedText("\n".join(lines))
    box.exec()


class BratSummary:
    """Shows what an import or export did (a seam tests replace)."""

    @classmethod
    def present(cls, parent: QWidget | None, title: str, lines: list[str]) -> None:
        """Show `lines` (a headline first) in a message box until closed."""
        present_summary(parent, title, lines)


class BratAnnotatorQuestion:
    """Asks whether a folder whose files name no annotator is to be imported as the current one."""

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, reason: str) -> bool:
        """True to import them as `name`."""
        answer = QMessageBox.question(
            parent, "Whose annotations are these?",
            f"{reason}\n\nImport every file of this folder as annotations by «{name}»?",
        )
        return answer == QMessageBox.StandardButton.Yes


def import_brat_folder(window: MainWindow) -> list[str] | None:
    """Ask for a folder, merge its brat annotations, refresh the window; the summary or None."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_import_summary, import_brat

    folder = BratFolderDialog.ask(window, export=False)
    if folder is None:
        return None
    annotator = None
    while True:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            reading, report = import_brat(window.project, folder, annotator)
            break
        except AnnotatorError as exc:
            QApplication.restoreOverrideCursor()
            reason = str(exc)
            if annotator is None and NO_ANNOTATOR in reason:
                annotator = window.workspace.annotator
                if BratAnnotatorQuestion.ask(window, annotator, reason):
                    continue
                return None
            show_error(window, "brat import refused", reason)
            return None
    QApplication.restoreOverrideCursor()
    window.events.contents_changed.emit()
    lines = [merge_headline(report), *brat_import_summary(reading, report)]
    window.statusBar().showMessage(
        f"brat import: {report.annotations_added} annotations, {report.links_added} links added",
        8000,
    )
    BratSummary.present(window, "brat import finished", lines)
    return lines


def export_brat_folder(window: MainWindow) -> list[str] | None:
    """Ask for an empty folder and write the project's annotations there as brat files."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_export_summary, export_brat

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
