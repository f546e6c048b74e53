"""File menu work: import with progress, export, new and open project, a copy, recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from annotator import settings as S
from annotator.domain.errors import AnnotatorError, ImportProblem
from annotator.domain.records import ImportedText
from annotator.io.readers import SUPPORTED_SUFFIXES, discover_files, read_document_file
from annotator.operations import export_annotations
from annotator.services import Project
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import list_labels
from annotator.services.project import project_summary, save_copy
from annotator.ui.events import ProjectEvents
from annotator.ui.interchange.export_dialog import ExportDialog
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import ask_save_path, remember_folder, start_folder

#: Show a progress dialog only for imports of at least this many files.
PROGRESS_MIN_FILES = 5


class ImportFilesDialog:
    """Asks which files or folder to import (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, folder: bool = False) -> list[Path]:
        """Chosen paths, or [] when cancelled."""
        if folder:
            chosen = QFileDialog.getExistingDirectory(
                parent, "Import a folder of articles", start_folder()
            )
            remember_folder(chosen)
            return [Path(chosen)] if chosen else []
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(
            parent, "Import articles", start_folder(), f"Articles ({patterns});;All files (*)"
        )
        remember_folder(files)
        return [Path(f) for f in files]


class ProjectFileDialog:
    """Asks for a project file to create or open (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, create: bool) -> Path | None:
        """The chosen path, or None."""
        pattern = f"Annotator projects (*{S.PROJECT_SUFFIX});;All files (*)"
        if create:
            chosen, _ = QFileDialog.getSaveFileName(parent, "New project", start_folder(), pattern)
            if chosen and not Path(chosen).suffix:
                chosen += S.PROJECT_SUFFIX
        else:
            chosen, _ = QFileDialog.getOpenFileName(parent, "Open project", start_folder(), pattern)
        remember_folder(chosen)
        return Path(chosen) if chosen else None


def import_paths(
    parent: QWidget, project: Project, events: ProjectEvents, paths: list[Path]
) -> tuple[int, int, list[ImportProblem]] | None:
    """Read the files (cancellable), then store them all in one transaction.

    Returns (imported, already there, problems), or None if the user cancelled (nothing stored).
    """
    files, problems = discover_files(paths)
    progress = None
    if len(files) >= PROGRESS_MIN_FILES:
        progress = QProgressDialog("Reading articles…", "Cancel", 0, len(files), parent)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
    texts: list[ImportedText] = []
    for n, file in enumerate(files):
        if progress is not None:
            progress.setValue(n)
            progress.setLabelText(f"Reading {file.name} ({n + 1} of {len(files)})")
            QApplication.processEvents()
            if progress.wasCanceled():
                return None
        try:
            texts.append(read_document_file(file))
        except ImportProblem as problem:
            problems.append(problem)
    if progress is not None:
        progress.setLabelText("Saving…")
        progress.setCancelButton(None)
        QApplication.processEvents()
    imported = already = 0
    try:
        if texts:
            outcomes = import_texts(project, texts)
            imported = sum(o.status == "imported" for o in outcomes)
            already = len(outcomes) - imported
    finally:
        if progress is not None:
            progress.close()
    if imported:
        events.documents_changed.emit()
        events.saved.emit()
    return imported, already, problems


def report_import(parent: QWidget, result: tuple[int, int, list[ImportProblem]] | None) -> str:
    """Tell the user what an import did; returns a one-line summary."""
    if result is None:
        return "Import cancelled: nothing was imported"
    imported, already, problems = result
    summary = f"{imported} imported, {already} already in project, {len(problems)} not imported"
    if problems:
        details = "\n".join(f"• {p.path}: {p.reason}" for p in problems[:30])
        more = f"\n… and {len(problems) - 30} more" if len(problems) > 30 else ""
        QMessageBox.warning(parent, "Import", f"{summary}.\n\nNot imported:\n{details}{more}")
    return summary


def export_interactively(parent: QWidget, project: Project, settings: QSettings) -> str | None:
    """Ask for export options, then write the file; returns a status message."""
    summary = project_summary(project)
    default = Path.home() / f"{project.path.stem}-annotations.csv"
    request = ExportDialog.ask(
        parent,
        list_labels(project),
        list(summary.per_annotator),
        list_documents(project),
        default,
        bool(settings.value(S.EXPORT_SPREADSHEET.key, False, type=bool)),
        project.path,
    )
    if request is None:
        return None
    settings.setValue(S.EXPORT_SPREADSHEET.key, request.spreadsheet)
    try:
        n = export_annotations(
            project,
            str(request.path),
            request.format,
            request.annotators,
            request.labels,
            request.documents,
            request.spreadsheet,
        )
    except AnnotatorError as exc:
        show_error(parent, "Export failed", str(exc))
        return "Export failed"
    return f"{n} annotations exported to {request.path}"


class SaveCopyDialog:
    """Asks where to save a copy of the project (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, project_path: Path) -> Path | None:
        """The chosen path, or None."""
        return ask_save_path(parent, "Save a copy of the project",
                             f"{project_path.stem} copy{S.PROJECT_SUFFIX}",
                             f"Annotator projects (*{S.PROJECT_SUFFIX});;All files (*)")


def save_copy_interactively(parent: QWidget, project: Project) -> str | None:
    """Ask where, then write a consistent one-file copy of the project (everything saved so far,
    the -wal included); returns a status message, or None when cancelled."""
    out = SaveCopyDialog.ask(parent, project.path)
    if out is None:
        return None
    try:
        written = save_copy(project, out)
    except AnnotatorError as exc:
        show_error(parent, "Save a copy", str(exc))
        return "The copy was not saved"
    return f"A copy of the project was saved to {written}"


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
