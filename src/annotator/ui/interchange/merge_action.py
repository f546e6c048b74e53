"""File > Merge colleague's work: another project or an annotation CSV.

A merge is a write the undo history did not make. The history is kept: its steps find their
annotations by UUID and refuse what the merge changed (see `undo_commands`); the status line
says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator import settings as S
from annotator.domain.merge import MergeReport
from annotator.i18n import N_, _, number
from annotator.ui.interchange.interchange_flow import run_import
from annotator.ui.widgets.file_dialogs import FileChooser, remember_folder, start_folder

if TYPE_CHECKING:
    from annotator.services import Project
    from annotator.ui.context import FeatureContext
    from annotator.ui.interchange.interchange_flow import StageProgress

NOT_UNDOABLE = N_(
    "A merge is not on the undo stack: Edit > Undo does not take it back. Your earlier steps can "
    "still be undone; a step whose annotation the merge changed is refused."
)
HISTORY_KEPT = N_("the undo history is kept (a step whose annotation the merge changed is refused)")


class MergeFileDialog:
    """Asks which colleague's project or CSV to merge (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen file, or None when cancelled."""
        pattern = _("Projects and annotation CSV (*{suffix} *.csv);;"
                    "Annotator projects (*{suffix});;CSV files (*.csv);;All files (*)").format(
            suffix=S.PROJECT_SUFFIX)
        chosen, _filter = FileChooser.open_file(
            parent, _("Merge colleague's work"), start_folder(), pattern,
            _("Choose a colleague's project file or annotation CSV; their work is added to this "
              "project, yours stays as it is"))
        remember_folder(chosen)
        return Path(chosen) if chosen else None


class MergeSummaryDialog(QDialog):
    """What the merge added, updated and skipped, in a text box that can be copied."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge finished"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("What the merge added, updated and skipped."))
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setObjectName("mergeSummary")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        note = QLabel(_(NOT_UNDOABLE), self)
        note.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 420)

    @classmethod
    def present(cls, parent: QWidget | None, report: MergeReport) -> None:
        """Show the summary of `report` until closed (a seam tests replace)."""
        cls(report.summary_lines(), parent).exec()


def _merge(project: Project, path: Path, progress: StageProgress) -> MergeReport:
    """The merge, on the worker thread (its module is loaded there on first use: opening the window
    stays fast, and the window does not wait for the loading)."""
    from annotator.services.merge import merge_file

    return merge_file(project, path, progress)


def merge_into_window(context: FeatureContext) -> bool:
    """Ask for a file and merge it on the worker thread; then refresh the window and show the
    summary. While it runs, the window's own changes are refused (one writer at a time); Cancel
    rolls it back. False if nothing was started."""
    path = MergeFileDialog.ask(context.parent)
    if path is None:
        return False

    def done(report: MergeReport) -> None:
        if report.changed:  # the document list and the article first, the other panels next
            context.workspace.reload_before_the_rest(context.events.contents_changed.emit)
        context.show_message(
            _("Merged {file}: {added} annotations added, {updated} updated, {skipped} skipped; "
              "{history}").format(file=path.name, added=number(report.annotations_added),
                                  updated=number(report.annotations_updated),
                                  skipped=number(len(report.skipped)), history=_(HISTORY_KEPT)),
            8000,
        )
        MergeSummaryDialog.present(context.parent, report)

    return run_import(context, _("Merge refused"),
                      lambda progress: _merge(context.project, path, progress), done,
                      title=_("Merging {file}…").format(file=path.name),
                      writing=_("{file} is being merged").format(file=path.name),
                      cancelled=_("Merge cancelled: nothing was merged"))


def install(context: FeatureContext) -> None:
    """Add File > Merge colleague's work…"""
    action = QAction(_("&Merge colleague's work…"), context.parent)
    action.setObjectName("mergeAction")
    action.setStatusTip(_("Bring in another project file or an annotation CSV"))
    action.triggered.connect(lambda: merge_into_window(context))
    context.add_file_action(action)
