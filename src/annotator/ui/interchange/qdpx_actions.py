"""File menu entries for REFI-QDA (.qdpx) import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from annotator.domain.errors import AnnotatorError, describe
from annotator.i18n import N_, _, number
from annotator.io.atomic import refuse_project_files
from annotator.ui.interchange.interchange_flow import (
    finish_import,
    present_summary,
    run_export,
    run_import,
)
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import FileChooser, remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

FILE_FILTER = N_("REFI-QDA project (*.qdpx);;All files (*)")


class QdpxFileDialog:
    """Asks for a .qdpx to read or to write (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, export: bool) -> Path | None:
        """The chosen file (with a .qdpx suffix when exporting), or None when cancelled."""
        if export:
            chosen, _filter = FileChooser.save_file(
                parent, _("Export REFI-QDA project"), start_folder(), _(FILE_FILTER),
                _("Choose the folder and the name of the .qdpx file that QualCoder, MAXQDA, NVivo "
                  "or ATLAS.ti will read"))
            if chosen and not chosen.lower().endswith(".qdpx"):
                chosen += ".qdpx"
        else:
            chosen, _filter = FileChooser.open_file(
                parent, _("Import REFI-QDA project"), start_folder(), _(FILE_FILTER),
                _("Choose a .qdpx project written by QualCoder, MAXQDA, NVivo or ATLAS.ti"))
        remember_folder(chosen)
        return Path(chosen) if chosen else None


class QdpxSummary:
    """Shows what an import did (a seam tests replace)."""

    @classmethod
    def present(cls, parent: QWidget | None, title: str, lines: list[str]) -> None:
        """Show `lines` (a headline first) in a message box until closed."""
        present_summary(parent, title, lines)


def import_qdpx_file(context: FeatureContext) -> bool:
    """Ask for a .qdpx and merge it into the project on the worker thread; then refresh the
    window and show the summary. False if nothing was started."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.qdpx_export import import_qdpx, import_summary

    path = QdpxFileDialog.ask(context.parent, export=False)
    if path is None:
        return False
    annotator = context.workspace.annotator

    def done(outcome: tuple) -> None:
        reading, report = outcome
        finish_import(
            context, report, import_summary(reading, report),
            _("REFI-QDA import: {documents} documents, {annotations} annotations, {links} links "
              "added").format(documents=number(report.documents_added),
                              annotations=number(report.annotations_added),
                              links=number(report.links_added)),
            QdpxSummary.present, _("REFI-QDA import finished"),
        )

    return run_import(
        context, _("REFI-QDA import refused"),
        lambda progress: import_qdpx(context.project, path, annotator, progress=progress),
        done, title=_("Importing {file}…").format(file=path.name),
        writing=_("{file} is being imported").format(file=path.name),
    )


def export_qdpx_file(context: FeatureContext) -> bool | None:
    """Ask for a file name and write the whole project there as a REFI-QDA project, on the
    worker thread. None when no file was chosen or it was refused at once (the project file
    itself), False if it could not start."""
    # Loaded on first use, so that opening the window stays fast.
    from annotator.services.qdpx_export import export_qdpx, export_summary

    path = QdpxFileDialog.ask(context.parent, export=True)
    if path is None:
        return None
    try:
        refuse_project_files(path, context.project.path)  # said at once, before any work starts
    except AnnotatorError as exc:
        show_error(context.parent, _("REFI-QDA export failed"), describe(exc))
        return None
    return run_export(
        context, _("REFI-QDA export failed"),
        lambda progress: export_qdpx(context.project, path, progress=progress),
        export_summary, title=_("Exporting {file}…").format(file=path.name),
    )


def install(context: FeatureContext) -> None:
    """Add the REFI-QDA entries to the File menu."""
    for name, text, handler in (
        ("importQdpxAction", _("Import REFI-QDA project…"), import_qdpx_file),
        ("exportQdpxAction", _("Export REFI-QDA project…"), export_qdpx_file),
    ):
        action = QAction(text, context.parent)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, run=handler: run(context))
        context.add_file_action(action)
