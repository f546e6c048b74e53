"""File menu entries for brat import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.i18n import _, number
from annotator.ui.interchange.interchange_flow import (
    finish_import,
    present_summary,
    run_export,
    run_import,
)
from annotator.ui.widgets.file_dialogs import FileChooser, remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext


class BratFolderDialog:
    """Asks for a brat folder to read or to write into (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, export: bool) -> Path | None:
        """The chosen folder, or None when cancelled."""
        title = _("Export brat into an empty folder") if export else _("Import a brat folder")
        description = (_("Choose a new or empty folder: one folder per annotator is written into it")
                       if export else _("Choose the folder holding the brat .txt and .ann files"))
        chosen = FileChooser.folder(parent, title, start_folder(), description)
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
            parent, _("Whose annotations are these?"),
            _("{reason}\n\nImport every file of this folder as annotations by «{name}»?").format(
                reason=reason, name=name),
        )
        return answer == QMessageBox.StandardButton.Yes


def import_brat_folder(context: FeatureContext, annotator: str | None = None,
                       folder: Path | None = None) -> bool:
    """Ask for a folder and merge its brat annotations on the worker thread; then refresh the
    window and show the summary. Files naming no annotator are imported as the current one if
    the analyst agrees. False if nothing was started."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_import_summary, import_brat

    if folder is None:
        folder = BratFolderDialog.ask(context.parent, export=False)
    if folder is None:
        return False
    chosen = folder

    def done(outcome: tuple) -> None:
        reading, report = outcome
        finish_import(
            context, report, brat_import_summary(reading, report),
            _("brat import: {annotations} annotations, {links} links added").format(
                annotations=number(report.annotations_added), links=number(report.links_added)),
            BratSummary.present, _("brat import finished"),
        )

    def refused(error: AnnotatorError) -> bool:
        reason = str(error)
        if annotator is None and NO_ANNOTATOR in reason:
            name = context.workspace.annotator
            if BratAnnotatorQuestion.ask(context.parent, name, reason):
                import_brat_folder(context, name, chosen)
            return True
        return False

    return run_import(
        context, _("brat import refused"),
        lambda progress: import_brat(context.project, chosen, annotator, progress=progress),
        done, title=_("Importing {file}…").format(file=chosen.name),
        writing=_("{file} is being imported").format(file=chosen.name),
        refused=refused,
    )


def export_brat_folder(context: FeatureContext) -> bool | None:
    """Ask for an empty folder and write the project's annotations there as brat files, on the
    worker thread. None when no folder was chosen, False if it could not start."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.interchange import brat_export_summary, export_brat

    folder = BratFolderDialog.ask(context.parent, export=True)
    if folder is None:
        return None
    return run_export(
        context, _("brat export failed"),
        lambda progress: export_brat(context.project, folder, progress=progress),
        brat_export_summary, title=_("Exporting brat into {folder}…").format(folder=folder.name),
    )


def install(context: FeatureContext) -> None:
    """Add the brat entries to the File menu."""
    for name, text, handler in (
        ("importBratAction", _("Import brat folder…"), import_brat_folder),
        ("exportBratAction", _("Export brat…"), export_brat_folder),
    ):
        action = QAction(text, context.parent)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, run=handler: run(context))
        context.add_file_action(action)
