"""The steps every import and export from the File menu shares: wait, refuse, refresh, summarise.

Imports, merges and exports run on the worker thread with their progress shown and a Cancel
button: a cancelled import or merge is rolled back (nothing is stored), a cancelled export
leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.merge import MergeReport
from annotator.domain.records import DocumentInfo
from annotator.domain.wording import counted, ntext
from annotator.i18n import _, number
from annotator.services.documents import list_documents
from annotator.ui.widgets import dialogs
from annotator.ui.widgets.background import Progress

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

T = TypeVar("T")
SHOWN_LINES = 14
STATUS_MS = 8000

StageProgress = Callable[[int, int, str], None]
"""What the work is given: progress(done, total, stage), `stage` one of the services' stage
codes ("reading", "checking", "storing", "writing", "annotations_written", "suggesting"); it
raises to stop the work once cancelled."""


def stage_text(stage: str, done: int, total: int) -> str:
    """What the progress dialog says of a stage of an import, merge or export."""
    if stage == "reading":
        return (_("{done} of {total} files read").format(done=number(done), total=number(total))
                if total else _("Reading…"))
    if stage == "checking":
        return _("Checking what is new…")
    if stage == "storing":
        return _("Storing it in the project…")
    if stage == "writing":
        return ntext(done, "{count} document written", "{count} documents written")
    if stage == "annotations_written":
        return ntext(done, "{count} annotation written", "{count} annotations written")
    if stage == "suggesting":
        return _("Proposing quotations and sources: {done} of {total} articles").format(
            done=number(done), total=number(total))
    return ""


def worded(progress: Progress) -> StageProgress:
    """The work's reports (done, total, stage code) put in words for the progress dialog."""
    return lambda done, total, stage: progress(done, total, stage_text(stage, done, total))


def stepped(work: Callable[[StageProgress], T]) -> Callable[[Progress], T]:
    """`work` given a StageProgress that reports to the background task's `progress`."""
    def run(progress: Progress) -> T:
        return work(worded(progress))
    return run


@contextmanager
def wait_cursor() -> Iterator[None]:
    """Show the wait cursor while the body runs (restored before any error is handled)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def attempt(
    window: QWidget, refusal_title: str, work: Callable[[], T],
    errors: tuple[type[Exception], ...] = (AnnotatorError,),
) -> T | None:
    """Run `work` under the wait cursor; on one of `errors`, show it as `refusal_title`, None."""
    try:
        with wait_cursor():
            return work()
    except errors as exc:
        dialogs.show_error(window, refusal_title, describe(exc))
        return None


def merge_headline(report: MergeReport) -> str:
    """One sentence saying what an import added, e.g. "Added 3 annotations and 2 links"."""
    if not report.changed:
        return _("Nothing new: the project already holds all of it")
    parts = [
        text for n, text in (
            (report.documents_added, counted(report.documents_added, "document", "documents")),
            (report.annotations_added, counted(report.annotations_added, "annotation", "annotations")),
            (report.annotations_updated,
             counted(report.annotations_updated, "updated annotation", "updated annotations")),
            (report.links_added, counted(report.links_added, "link", "links")),
            (report.reviews_added, counted(report.reviews_added, "review", "reviews")),
            (len(report.labels_created), counted(len(report.labels_created), "new label", "new labels")),
        ) if n
    ]
    listed = (_("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
              if len(parts) > 1 else parts[0])
    return _("Added {items}").format(items=listed)


def present_summary(parent: QWidget | None, title: str, lines: list[str]) -> None:
    """A message box: the first line as its text, the next ones below it (all in the details)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, lines[0], parent=parent)
    rest = lines[1:]
    extra = len(rest) - SHOWN_LINES
    more = [ntext(extra, "… {count} more lines under Show Details", "… {count} more lines under Show Details")
            ] if extra > 0 else []
    box.setInformativeText("\n".join(rest[:SHOWN_LINES] + more))
    if more:
        box.setDetailedText("\n".join(lines))
    box.exec()


def finish_import(
    context: FeatureContext, report: MergeReport, details: Iterable[str], status: str,
    present: Callable[[QWidget | None, str, list[str]], None], title: str,
) -> list[str]:
    """Refresh the window after an import, say `status`, `present` the summary; its lines."""
    context.events.contents_changed.emit()
    lines = [merge_headline(report), *details]
    context.show_message(status, STATUS_MS)
    present(context.parent, title, lines)
    return lines


def run_export(
    context: FeatureContext, failure_title: str, work: Callable[[StageProgress], T],
    summarise: Callable[[T], list[str]], title: str = "",
) -> bool:
    """Run an export on the worker thread (progress, Cancel); its summary's headline goes to
    the status bar.

    False if it could not start. Errors are shown under `failure_title`.
    """
    def failed(error: BaseException) -> bool:
        if isinstance(error, AnnotatorError | OSError):
            dialogs.show_error(context.parent, failure_title, describe(error))
            context.show_message(failure_title, STATUS_MS)
            return True
        return False

    def done(result: T) -> None:
        context.show_message(summarise(result)[0], STATUS_MS)

    return context.background.run(
        stepped(work), done, title=title or _("Exporting…"), failed=failed, cancellable=True,
        cancelled=lambda: context.show_message(_("Export cancelled: no file was written"), STATUS_MS),
    ) is not None


def run_import(
    context: FeatureContext, refusal_title: str, work: Callable[[StageProgress], T],
    done: Callable[[T], object], *, title: str, writing: str,
    refused: Callable[[AnnotatorError], bool] | None = None, cancelled: str = "",
) -> bool:
    """Run an import (a write) on the worker thread (progress, Cancel); `done(result)` on the
    window's thread; a cancel rolls it back and says `cancelled` (or that nothing was imported).

    An `AnnotatorError` goes to `refused` first (True: handled), else is shown under
    `refusal_title`. False if it could not start (another write runs).
    """
    def failed(error: BaseException) -> bool:
        if isinstance(error, AnnotatorError):
            if refused is None or not refused(error):
                dialogs.show_error(context.parent, refusal_title, describe(error))
            return True
        return False

    said = cancelled or _("Import cancelled: nothing was imported")
    staged = stepped(work)

    def work_then_list(progress: Progress) -> tuple[T, list[DocumentInfo]]:
        # The document list as stored now, read on the worker thread: the window shows it
        # without reading it again on its own.
        return staged(progress), list_documents(context.project)

    def follow(outcome: tuple[T, list[DocumentInfo]]) -> None:
        result, documents = outcome
        with context.workspace.documents_read_by_the_work(documents):
            done(result)

    return context.background.run(
        work_then_list, follow, title=title, writing=writing, failed=failed, cancellable=True,
        cancelled=lambda: context.show_message(said, STATUS_MS),
    ) is not None
