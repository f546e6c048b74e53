"""File menu work: import with progress, export, new and open project, a copy, recent projects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import settings as S
from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.records import DocumentInfo
from annotator.domain.wording import counted, ntext
from annotator.i18n import _, number
from annotator.io.read_problems import reason_wording
from annotator.io.readers import SUPPORTED_SUFFIXES
from annotator.services import Project
from annotator.ui.events import ProjectEvents
from annotator.ui.interchange.export_dialog import ExportDialog
from annotator.ui.widgets.background import BackgroundWork, Progress
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import FileChooser, ask_save_path, remember_folder, start_folder

if TYPE_CHECKING:  # the work itself (and the database toolkit) is imported when first done
    from annotator.operations import FilesImported


class ImportFilesDialog:
    """Asks which files or folder to import (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, folder: bool = False) -> list[Path]:
        """Chosen paths, or [] when cancelled."""
        if folder:
            chosen = FileChooser.folder(
                parent, _("Import a folder of articles"), start_folder(),
                _("Choose a folder: every article in it and in its subfolders is imported"))
            remember_folder(chosen)
            return [Path(chosen)] if chosen else []
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        files, _filter = FileChooser.open_files(
            parent, _("Import articles"), start_folder(),
            _("Articles ({patterns});;All files (*)").format(patterns=patterns),
            _("Choose the articles to import: text, saved web pages, Word or PDF files"))
        remember_folder(files)
        return [Path(f) for f in files]


class ProjectFileDialog:
    """Asks for a project file to create or open (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, create: bool) -> Path | None:
        """The chosen path, or None."""
        pattern = _("Annotator projects (*{suffix});;All files (*)").format(suffix=S.PROJECT_SUFFIX)
        if create:
            chosen, _filter = FileChooser.save_file(
                parent, _("New project"), start_folder(), pattern,
                _("Choose the folder and the name of the new project file"))
            if chosen and not Path(chosen).suffix:
                chosen += S.PROJECT_SUFFIX
        else:
            chosen, _filter = FileChooser.open_file(
                parent, _("Open project"), start_folder(), pattern, _("Choose the project file to open"))
        remember_folder(chosen)
        return Path(chosen) if chosen else None


def import_paths(
    background: BackgroundWork, project: Project, events: ProjectEvents, paths: list[Path],
    finished: Callable[[FilesImported | None], object],
    documents_read: Callable[[list[DocumentInfo] | None], AbstractContextManager] | None = None,
) -> bool:
    """Read the files on a worker thread (progress per file, Cancel), then store them all in
    one transaction; `finished(result)` follows on the window's thread, None if cancelled
    (nothing stored). False if the import could not start (another write runs).
    `documents_read(documents)`: where the window takes the document list the work read after
    storing (`Workspace.documents_read_by_the_work`), so that its own thread need not read it."""
    from annotator.operations import import_files
    from annotator.services.documents import list_documents
    from annotator.ui.interchange.interchange_flow import worded

    def work(progress: Progress) -> tuple[FilesImported, list[DocumentInfo] | None]:
        result = import_files(project, paths, worded(progress),
                              lambda: progress.final_step(_("Saving…")))
        return result, list_documents(project) if result.imported and documents_read else None

    def done(outcome: tuple[FilesImported, list[DocumentInfo] | None]) -> None:
        result, documents = outcome
        if result.imported:
            with documents_read(documents) if documents_read else nullcontext():
                events.documents_changed.emit()
            events.saved.emit()
        finished(result)

    task = background.run(
        work, done, title=_("Importing articles…"), writing=_("Articles are being imported"),
        cancellable=True, cancelled=lambda: finished(None),
    )
    return task is not None


def report_import(parent: QWidget, result: FilesImported | None) -> str:
    """Tell the user what an import did; returns a one-line summary."""
    if result is None:
        return _("Import cancelled: nothing was imported")
    imported, already, problems = result.imported, result.already, result.problems
    summary = _("{imported} imported, {already} already in project, {problems} not imported").format(
        imported=number(imported), already=number(already), problems=number(len(problems)))
    if problems:
        details = "\n".join(_("• {path}: {reason}").format(path=p.path, reason=reason_wording(p))
                            for p in problems[:30])
        more = ("\n" + ntext(len(problems) - 30, "… and {count} more", "… and {count} more")
                if len(problems) > 30 else "")
        QMessageBox.warning(parent, _("Import"), _("{summary}.\n\nNot imported:\n{details}").format(
            summary=summary, details=details + more))
    return summary


def export_interactively(
    parent: QWidget, project: Project, settings: QSettings, background: BackgroundWork,
    show_message: Callable[[str, int], None], documents: Sequence[DocumentInfo] | None = None,
) -> bool:
    """Read what the export dialog offers on a worker thread, ask for the export options, then
    write the file on a worker thread (progress, Cancel; a cancelled export leaves no file); the
    outcome goes to `show_message`. False if nothing was started.
    `documents`: the project's, as the window lists them (else they are read)."""
    from annotator.services.agreement import list_annotators
    from annotator.services.documents import list_documents
    from annotator.services.labels import list_labels

    # What the filters offer, read without counting every annotation and off the window's
    # thread (the first read of who annotated costs tens of milliseconds): the window stays ready.
    def read(_progress: Progress) -> tuple[list, list[str], Sequence[DocumentInfo]]:
        return (list_labels(project), list_annotators(project),
                list_documents(project, counted=False) if documents is None else documents)

    said = _("Export cancelled: no file was written")
    return background.run(
        read, lambda offered: _ask_and_export(parent, project, settings, background, show_message,
                                              *offered),
        title=_("Exporting annotations…"), cancellable=True,
        cancelled=lambda: show_message(said, 8000),
    ) is not None


def _ask_and_export(
    parent: QWidget, project: Project, settings: QSettings, background: BackgroundWork,
    show_message: Callable[[str, int], None], labels: list, annotators: list[str],
    documents: Sequence[DocumentInfo],
) -> bool:
    """Ask for the export options, then write the file on a worker thread."""
    from annotator.operations import RESEARCH_FORMATS, export_annotations, export_research
    from annotator.ui.interchange.interchange_flow import worded

    default = Path.home() / f"{project.path.stem}-annotations.csv"
    request = ExportDialog.ask(
        parent, labels, annotators, documents, default,
        bool(settings.value(S.EXPORT_SPREADSHEET.key, False, type=bool)), project.path,
    )
    if request is None:
        return False
    settings.setValue(S.EXPORT_SPREADSHEET.key, request.spreadsheet)
    filters = (request.annotators, request.labels, request.documents)

    def work(progress: Progress) -> str:
        staged = worded(progress)
        if request.format in RESEARCH_FORMATS:
            n, tokens = export_research(project, str(request.path), request.format, *filters,
                                        request.spreadsheet, staged)
            what = (_("{tokens} of {documents}").format(tokens=counted(tokens, "token", "tokens"),
                                                        documents=counted(n, "document", "documents"))
                    if request.format == "conll" else counted(n, "document", "documents"))
            return _("{summary} exported to {file}").format(summary=what, file=request.path)
        n = export_annotations(project, str(request.path), request.format, *filters,
                               request.spreadsheet, staged)
        return ntext(n, "{count} annotations exported to {file}", "{count} annotations exported to {file}",
                     file=request.path)

    def failed(error: BaseException) -> bool:
        show_message(_("Export failed"), 8000)
        return False  # and the message box

    task = background.run(
        work, lambda message: show_message(message, 8000), title=_("Exporting annotations…"),
        cancellable=True, failed=failed,
        cancelled=lambda: show_message(_("Export cancelled: no file was written"), 8000),
    )
    return task is not None


class SaveCopyDialog:
    """Asks where to save a copy of the project (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, project_path: Path) -> Path | None:
        """The chosen path, or None."""
        return ask_save_path(parent, _("Save a copy of the project"),
                             _("{name} copy").format(name=project_path.stem) + S.PROJECT_SUFFIX,
                             _("Annotator projects (*{suffix});;All files (*)").format(
                                 suffix=S.PROJECT_SUFFIX))


def save_copy_interactively(parent: QWidget, project: Project) -> str | None:
    """Ask where, then write a consistent one-file copy of the project (everything saved so far,
    the -wal included); returns a status message, or None when cancelled."""
    from annotator.services.project import save_copy

    out = SaveCopyDialog.ask(parent, project.path)
    if out is None:
        return None
    try:
        written = save_copy(project, out)
    except AnnotatorError as exc:
        show_error(parent, _("Save a copy"), describe(exc))
        return _("The copy was not saved")
    return _("A copy of the project was saved to {file}").format(file=written)


def remember_recent(settings: QSettings, path: Path) -> list[str]:
    """Put a project first in the recent list; returns the list."""
    recent = [str(p) for p in (settings.value(S.RECENT_PROJECTS.key, []) or []) if p]
    key = str(path)
    recent = [key] + [p for p in recent if p != key]
    recent = recent[: S.MAX_RECENT_PROJECTS]
    settings.setValue(S.RECENT_PROJECTS.key, recent)
    return recent


def forget_recent(settings: QSettings, path: Path | str) -> None:
    """Take a project off the recent list (it could not be opened)."""
    key = str(path)
    settings.setValue(S.RECENT_PROJECTS.key, [p for p in recent_projects(settings) if p != key])


def recent_projects(settings: QSettings) -> list[str]:
    """Recently opened projects, newest first."""
    value = settings.value(S.RECENT_PROJECTS.key, []) or []
    if isinstance(value, str):
        value = [value]
    return [str(p) for p in value if p]
