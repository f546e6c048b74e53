"""File menu entries for brat import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.ui.interchange.interchange_flow import (
    finish_import,
    present_summary,
    run_export,
    wait_cursor,
)
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext


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


def import_brat_folder(context: FeatureContext) -> list[str] | None:
    """Ask for a folder, merge its brat annotations, refresh the window; the summary or None."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_import_summary, import_brat

    folder = BratFolderDialog.ask(context.parent, export=False)
    if folder is None:
        return None
    annotator = None
    while True:
        try:
            with wait_cursor():
                reading, report = import_brat(context.project, folder, annotator)
            break
        except AnnotatorError as exc:
            reason = str(exc)
            if annotator is None and NO_ANNOTATOR in reason:
                annotator = context.workspace.annotator
                if BratAnnotatorQuestion.ask(context.parent, annotator, reason):
                    continue
                return None
            show_error(context.parent, "brat import refused", reason)
            return None
    return finish_import(
        context, report, brat_import_summary(reading, report),
        f"brat import: {report.annotations_added} annotations, {report.links_added} links added",
        BratSummary.present, "brat import finished",
    )


def export_brat_folder(context: FeatureContext) -> list[str] | None:
    """Ask for an empty folder and write the project's annotations there as brat files."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_export_summary, export_brat

    folder = BratFolderDialog.ask(context.parent, export=True)
    if folder is None:
        return None
    return run_export(
        context, "brat export failed", lambda: export_brat(context.project, folder),
        brat_export_summary,
    )


def install(context: FeatureContext) -> None:
    """Add the brat entries to the File menu."""
    for name, text, handler in (
        ("importBratAction", "Import brat folder…", import_brat_folder),
        ("exportBratAction", "Export brat…", export_brat_folder),
    ):
        action = QAction(text, context.parent)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, run=handler: run(context))
        context.add_file_action(action)
