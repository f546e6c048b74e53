"""Long work off the window's thread: imports, merges, exports, statistics, retrieval, search.

`BackgroundWork` (one per window) runs a Qt-free callable — a service or `operations` call taking
the `Project` handle — on a worker thread of its own `QThreadPool`, and hands what it returns, or
the error it raised, back to the window's thread through queued signals:

- **Progress.** The callable is given a `Progress`: it calls `progress(done, total, text)` as it
  goes (thread-safe; at most about twenty reports a second reach the window). A progress dialog
  appears only when the work is still running after `SHOW_AFTER_MS`; it does not block the
  window, which can still be read, scrolled and searched meanwhile. It is shown while the worker
  sleeps at a progress report (`step_aside`), so that the window's repaint it causes does not
  queue for the interpreter lock.
- **Cancel.** Where stopping is safe (reading files before an import, exports, statistics,
  retrieval and search) the dialog has a Cancel button. Cancelling sets a flag that the next
  `progress(...)` call turns into `Cancelled`, raised inside the work: a write is one transaction
  and is rolled back, an export's temporary file is removed, so a cancelled step changes nothing.
  A read that never reports progress is simply let go: its result is dropped when it arrives.
- **One writer.** A write (a merge, an import) holds the undo history (`UndoStack.hold`) while it
  runs: every undoable change is then refused with a message in the status bar ("colleague.db
  is being merged; try again when it is done") instead of waiting for the project file; a
  second background write is refused the same way. Reading stays possible.
- **Results and errors** are delivered on the window's thread: the caller's `done(result)`
  refreshes the window (emitting the `ProjectEvents` it needs); an `AnnotatorError` or `OSError`
  is shown as a message box under the task's title, anything else as a one-line message (its
  traceback goes to standard error only).

SQLite: every service call checks a connection out of the store's pool for its one transaction
and returns it afterwards, so a worker thread and the window's thread never share a connection at
the same time. The store's connections are made with `check_same_thread=False`, which allows a
pooled connection to be used by whichever thread checked it out; WAL mode lets the window read
while a worker writes, and the write lock is taken up front (`BEGIN IMMEDIATE`), so two writers
would queue, not fail half-way — which is why the window refuses its own writes meanwhile.
Before the window closes its project it waits for running work (`shutdown`).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.domain.errors import AnnotatorError, describe
from annotator.i18n import N_, _
from annotator.ui.undo_stack import UndoStack
from annotator.ui.widgets import dialogs

#: A progress dialog appears only for work still running after this long.
SHOW_AFTER_MS = 500
#: At most one progress report per this many seconds crosses to the window (the last one always).
REPORT_EVERY_S = 0.05
#: While work runs, a thread holding the interpreter lock hands it over after this long (Python's
#: default is 5 ms): the window's thread, which takes it back at every event it handles, then waits
#: at most this long each time instead of queueing behind a worker's long pure-Python loops.
SWITCH_INTERVAL_S = 0.0005
#: While work runs the window's thread notes the time this often; a worker that finds the note
#: older than LATE_S at a progress report (the window's thread waits for the interpreter lock,
#: which the worker takes back at once each time it lets go of it for a moment, as a database
#: driver does row after row) sleeps a little, up to MAKE_WAY_S, until the window has run.
PULSE_MS = 5
LATE_S = 0.012
MAKE_WAY_S = 0.02
#: The progress dialog is shown while the worker sleeps at a progress report (waiting at most
#: DIALOG_WAIT_S for it to get there): its showing takes the window out of focus, which repaints
#: the whole window, hundreds of calls into Python, each waiting for the interpreter lock while
#: the worker runs. The worker sleeps until the dialog is painted (at most DIALOG_WAY_S).
DIALOG_WAIT_S = 0.05
DIALOG_WAY_S = 0.1
#: A worker that has not reported progress for this long is in a stretch without reports (it
#: would not step aside in time): its dialog is shown at once.
REPORTING_S = 0.03
#: After the dialog is shown, the worker goes on this long later (after the window's paint).
DIALOG_PAINTED_MS = 10
#: Status message while a write is held; {writing} is what the caller says ("… is being merged").
TRY_AGAIN = N_("{writing}; try again when it is done")


class Cancelled(Exception):  # noqa: N818 (a request, not an error)
    """Raised inside the work by its `Progress` once the user cancelled."""


class Progress:
    """Handed to the work: `progress(done, total=0, text="")` reports and checks for a cancel.

    `total` 0 means "unknown" (the dialog shows a busy bar). Call it often (every file, every
    thousand rows): each call raises `Cancelled` once the user asked to stop.
    """

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()
        self._last = 0.0
        self.cancellable = True

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        if self.cancellable and self._cancel.is_set():
            raise Cancelled
        now = time.monotonic()
        if now - self._last >= REPORT_EVERY_S or (total and done >= total):
            self._last = now
            self._task.progressed.emit(done, total, text)
        self._task.make_way()

    def final_step(self, text: str) -> None:
        """From here on the work cannot be stopped (a transaction under way): no Cancel button."""
        if self._cancel.is_set():
            raise Cancelled
        self.cancellable = False
        self._task.uncancellable.emit(text)

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next report."""
        self._cancel.set()


class Task(QObject):
    """One piece of work: its signals cross from the worker thread to the window's thread."""

    progressed = Signal(int, int, str)
    uncancellable = Signal(str)
    succeeded = Signal(object)
    raised = Signal(object)
    stopped = Signal()

    def __init__(self, owner: BackgroundWork, title: str, writing: str | None, cancellable: bool,
                 done: Callable[[Any], object], failed: Callable[[BaseException], object] | None,
                 cancelled: Callable[[], object] | None) -> None:
        super().__init__(owner)
        self.title = title
        self.writing = writing
        self.cancellable = cancellable
        self.progress = Progress(self)
        self.finished = False
        self.abandoned = False
        self._owner = owner
        self._done, self._failed, self._cancelled = done, failed, cancelled
        self.dialog: QProgressDialog | None = None
        self._asked_aside = 0.0  # when show_dialog asked the worker to step aside
        queued = Qt.ConnectionType.QueuedConnection
        self.progressed.connect(self._on_progressed, queued)
        self.uncancellable.connect(self._on_uncancellable, queued)
        self.succeeded.connect(self._on_succeeded, queued)
        self.raised.connect(self._on_raised, queued)
        self.stopped.connect(self._on_stopped, queued)
        self._last: tuple[int, int, str] = (0, 0, "")

    def make_way(self) -> None:
        """On the worker thread: step aside while the window's thread waits to run (see LATE_S)."""
        self._owner.make_way()

    def cancel(self) -> None:
        """Stop the work (see the module): cancelled at its next report, or let go if it is a read."""
        if self.finished or not self.cancellable:
            return
        self.progress.cancel()
        if self.writing is None:  # a read: drop its result, whatever it still does
            self.abandoned = True
            self._finish()
            if self._cancelled is not None:
                self._cancelled()

    # ----- window thread ----------------------------------------------------------------------

    def show_dialog(self) -> None:
        """The work is taking a while: show its progress (Cancel only where stopping is safe)."""
        if self.finished or self.dialog is not None or self._asked_aside:
            return
        self._asked_aside = time.monotonic()
        self._owner.step_aside(DIALOG_WAY_S)
        self._show_when_aside()

    def _show_when_aside(self) -> None:
        """Show the dialog once the worker sleeps (see DIALOG_WAY_S), or after DIALOG_WAIT_S, or
        at once while the worker does not report progress (see REPORTING_S)."""
        if self.finished or self.dialog is not None:
            return
        now = time.monotonic()
        if (not self._owner.worker_aside.is_set() and now - self._asked_aside < DIALOG_WAIT_S
                and now - self._owner.worker_reported < REPORTING_S):
            QTimer.singleShot(1, self, self._show_when_aside)
            return
        self._show_dialog_now()
        QTimer.singleShot(DIALOG_PAINTED_MS, self._owner, self._owner.stop_stepping_aside)

    def _show_dialog_now(self) -> None:
        parent = self._owner.dialog_parent
        dialog = QProgressDialog(self.title, _("Cancel"), 0, 0, parent)
        dialog.setObjectName("backgroundProgress")
        dialog.setWindowTitle(self.title.rstrip("…."))
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        if self.cancellable and self.progress.cancellable:
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        self.dialog = dialog
        self._show_progress(*self._last)
        dialog.show()

    @Slot(int, int, str)
    def _on_progressed(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        if self.dialog is not None and not self.finished:
            self._show_progress(done, total, text)

    def _show_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 0))
        if total:
            dialog.setValue(min(done, total))
        dialog.setLabelText(text or self.title)

    @Slot(str)
    def _on_uncancellable(self, text: str) -> None:
        self._last = (0, 0, text)
        if self.dialog is not None and not self.finished:
            self.dialog.setCancelButton(None)
            self._show_progress(0, 0, text)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        if self.abandoned:
            return
        self._finish()
        self._done(result)

    @Slot(object)
    def _on_raised(self, error: BaseException) -> None:
        if self.abandoned:
            return
        self._finish()
        if self._failed is not None and self._failed(error):
            return  # the caller handled it
        if isinstance(error, AnnotatorError | OSError):
            dialogs.show_error(self._owner.dialog_parent, self._failure_title(), describe(error))
        else:
            dialogs.show_error(self._owner.dialog_parent, self._failure_title(),
                       _("An unexpected error stopped it ({error}); nothing was changed by the part "
                         "that failed").format(error=f"{type(error).__name__}: {error}"))

    def _failure_title(self) -> str:
        return _("{task} failed").format(task=self.title.rstrip("…."))

    @Slot()
    def _on_stopped(self) -> None:
        if self.abandoned:
            return
        self._finish()
        if self._cancelled is not None:
            self._cancelled()

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        elif self._asked_aside:  # ended while its dialog waited for the worker to step aside
            self._owner.stop_stepping_aside()
        self._owner._task_finished(self)  # noqa: SLF001 (its owner's bookkeeping)


class _Runnable(QRunnable):
    """Runs a task's work on a pool thread and emits its outcome."""

    def __init__(self, task: Task, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._work = work

    def run(self) -> None:  # a pool thread
        task = self._task
        try:
            result = self._work(task.progress)
        except Cancelled:
            self._emit(task.stopped)
        except BaseException as exc:  # noqa: BLE001 (every error is delivered to the window)
            if not isinstance(exc, AnnotatorError | OSError):
                traceback.print_exception(exc, file=sys.stderr)
            self._emit(task.raised, exc)
        else:
            self._emit(task.succeeded, result)
        finally:
            task.progress.cancellable = False

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window went meanwhile: nobody waits for the result
            pass


class BackgroundWork(QObject):
    """The window's worker: runs tasks off its thread, one write at a time (see the module)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget, undo_stack: UndoStack | None = None,
                 show_message: Callable[[str, int], None] | None = None,
                 clear_message: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backgroundWork")
        self.dialog_parent = parent
        self._undo_stack = undo_stack
        self._show_message = show_message
        self._clear_message = clear_message
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(3)
        self._tasks: list[Task] = []
        self._switch_interval: float | None = None
        self.window_seen = time.monotonic()  # when the window's thread last ran, while busy
        self._aside_until = 0.0  # until when a worker steps aside at its next report (step_aside)
        self.worker_aside = threading.Event()  # set while a worker sleeps for step_aside
        self.worker_reported = 0.0  # when a worker last reported progress (make_way)
        self._pulse = QTimer(self)
        self._pulse.setTimerType(Qt.TimerType.PreciseTimer)
        self._pulse.setInterval(PULSE_MS)
        self._pulse.timeout.connect(self._on_pulse_timeout)

    @Slot()
    def _on_pulse_timeout(self) -> None:
        self.window_seen = time.monotonic()

    def make_way(self) -> None:
        """On a worker thread: if the window's thread has not run for LATE_S, sleep (letting go of
        the interpreter lock) until it has, at most MAKE_WAY_S."""
        now = self.worker_reported = time.monotonic()
        if now < self._aside_until:
            self.worker_aside.set()
            try:
                while time.monotonic() < self._aside_until:  # cut short by the window's thread
                    time.sleep(0.0005)
            finally:
                self.worker_aside.clear()
            return
        seen = self.window_seen
        if now - seen < LATE_S:
            return
        until = now + MAKE_WAY_S
        while self.window_seen == seen and time.monotonic() < until:
            time.sleep(0.0005)

    def step_aside(self, seconds: float) -> None:
        """On the window's thread, before work of its own that would wait for the interpreter
        lock many times over (showing the progress dialog): a worker reaching its next progress
        report within `seconds` sleeps (`worker_aside` set meanwhile) until they are over or
        `stop_stepping_aside` is called."""
        self._aside_until = time.monotonic() + seconds

    @Slot()
    def stop_stepping_aside(self) -> None:
        """The window's own work is done: a worker sleeping for `step_aside` goes on."""
        self._aside_until = 0.0

    def _set_busy(self, busy: bool) -> None:
        """Hand the interpreter lock over sooner while work runs (see SWITCH_INTERVAL_S), and take
        what lives when it begins out of the garbage collector's sight.

        A full collection walks every object alive, holding the interpreter lock all along: run by
        the work (which makes many objects) over the whole program and the shown document, it
        would hold the window up for tens of milliseconds. What lives now stays frozen and is freed
        by reference counting when it goes (the window does the same after showing a document);
        the collector's runs meanwhile walk only what is newer. Recent garbage is collected first,
        from the young generations only (quick).
        """
        if busy and self._switch_interval is None:
            gc.collect(1)
            gc.freeze()
            self.window_seen = time.monotonic()
            self._pulse.start()
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL_S, self._switch_interval))
        elif not busy and self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
            self._pulse.stop()
        self.busy_changed.emit(busy)

    @property
    def busy(self) -> bool:
        """True while any task has not delivered its outcome."""
        return bool(self._tasks)

    @property
    def writing(self) -> str | None:
        """What the running write is doing ("colleague.db is being merged"), or None."""
        return next((t.writing for t in self._tasks if t.writing), None)

    def refuse_write(self) -> str | None:
        """If a write runs: the refusal to show for another change (also shown now), else None."""
        writing = self.writing
        if writing is None:
            return None
        message = _(TRY_AGAIN).format(writing=writing)
        if self._show_message is not None:
            self._show_message(message, 10000)
        return message

    def run(
        self,
        work: Callable[[Progress], Any],
        done: Callable[[Any], object],
        *,
        title: str,
        writing: str | None = None,
        cancellable: bool = False,
        failed: Callable[[BaseException], object] | None = None,
        cancelled: Callable[[], object] | None = None,
    ) -> Task | None:
        """Start `work(progress)` on a worker thread; `done(result)` follows on this thread.

        `writing` names a write ("x.db is being merged"): it holds the undo history while it runs,
        and is refused (None returned, the reason in the status bar) while another write runs.
        `failed(error)` may handle an error (return True) before the default message box;
        `cancelled()` follows a cancel.
        """
        if writing is not None and self.refuse_write() is not None:
            return None
        task = Task(self, title, writing, cancellable, done, failed, cancelled)
        was_busy = self.busy
        self._tasks.append(task)
        if writing is not None and self._undo_stack is not None:
            self._undo_stack.hold(_(TRY_AGAIN).format(writing=writing))
        if self._show_message is not None:
            self._show_message(f"{title}", 0)
        QTimer.singleShot(SHOW_AFTER_MS, task, task.show_dialog)
        self._pool.start(_Runnable(task, work))
        if not was_busy:
            self._set_busy(True)
        return task

    def _task_finished(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if self._clear_message is not None:
            self._clear_message(task.title)
        if task.writing is not None and self._undo_stack is not None and self.writing is None:
            self._undo_stack.release()
        if not self.busy:
            self._set_busy(False)
        task.deleteLater()

    def cancel_all(self) -> None:
        """Ask every cancellable task to stop."""
        for task in list(self._tasks):
            task.cancel()

    def shutdown(self) -> None:
        """Before the project closes: stop what can stop and wait for the rest to end."""
        for task in list(self._tasks):
            task.progress.cancel()
            task.abandoned = True
        self._pool.waitForDone()
        for task in list(self._tasks):
            task.finished = True
            if task.dialog is not None:
                task.dialog.hide()
        self._tasks.clear()
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        self._pulse.stop()
        if self._undo_stack is not None:
            self._undo_stack.release()
