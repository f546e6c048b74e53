"""Colleagues' changes as they are made, and the server's comings and goings, in one window.

The window listens on a connection of its own for the notices every write to the project
database sends as it commits (`services.changes.listen_for_changes`); a `QSocketNotifier` keeps
that on the window's event loop. A notice from another program has the window re-read the
document shown and show what differs: annotations added, changed or deleted go through the same
events as the window's own steps (the article, the tables, the counts and the features follow),
then reviews and links are re-read, and the document list if it changed. The analyst's
selection in the article and the tables, and both scroll positions, stay where they were.

When the server goes away (the listening connection drops, or a write fails and the connection
is found dropped), a banner above the article says so, every change is refused with that reason
(the undo history is held, so nothing is half-done and nothing waits), and what is shown stays
as it is, the analyst's selection too. The window tries again every second, each try on a thread
of its own (a server that does not answer would otherwise hold the window for as long as a try
waits); once the server is back it catches up with what others wrote meanwhile and takes changes
again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QSocketNotifier,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.records import AnnotationInfo
from annotator.i18n import _
from annotator.services import Project
from annotator.services.annotations import list_annotations
from annotator.services.changes import ServerChanges, listen_for_changes
from annotator.services.documents import list_documents
from annotator.ui.context import FeatureContext

#: How long after a notice the window looks (notices of one burst of writes are read at once).
SETTLE_MS = 60
#: How often the window tries to reach a server that went away.
RETRY_MS = 1000
#: How long one of those tries may wait for the server (on its own thread: the window goes on).
RETRY_CONNECT_S = 2


def _differs(now: AnnotationInfo, shown: AnnotationInfo) -> bool:
    return (now.label_id, now.note, now.start, now.end, now.annotator, now.updated_at) != (
        shown.label_id, shown.note, shown.start, shown.end, shown.annotator, shown.updated_at)


class ServerLive(QObject):
    """The live view of a project on a server: `banner` goes above the article (hidden while the
    server answers); `after_changes` re-reads what the annotation events do not carry (reviews,
    links)."""

    #: True when the server answers again, False when it went away.
    reachable_changed = Signal(bool)
    #: A try to reach the server ended (sent from its thread): the listener, and why not ("" if up).
    _tried = Signal(object, str)

    def __init__(self, context: FeatureContext, after_changes: Callable[[], None]) -> None:
        super().__init__(context.parent)
        self._context = context
        self._after_changes = after_changes
        self._listener: ServerChanges | None = None
        self._notifier: QSocketNotifier | None = None
        self._reachable = True
        self._held_reason: str | None = None
        self._trying = False
        self._stopped = threading.Event()
        self.banner = QLabel(context.parent)
        self.banner.setObjectName("serverBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#serverBanner { background: #fff3cd; color: #5c4400; padding: 6px; "
            "border-bottom: 1px solid #d6b656; }")
        self.banner.hide()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.catch_up)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)  # the next try is timed from the end of the last one
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._on_retry_timeout)
        self._tried.connect(self._on_tried, Qt.ConnectionType.QueuedConnection)
        context.events.failed.connect(self._on_events_failed)
        try:
            self._listener = listen_for_changes(context.project)
        except AnnotatorError as exc:
            self._went_away(describe(exc))
            return
        self._watch_socket()

    @property
    def reachable(self) -> bool:
        """Whether the server answered at the last look."""
        return self._reachable

    def stop(self) -> None:
        """Stop listening and let go of the listening connection (before the project is closed);
        a try under way lets go of its own when it ends."""
        self._stopped.set()
        self._settle.stop()
        self._retry.stop()
        self._drop_notifier()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    # ----- notices ------------------------------------------------------------------------------

    def _watch_socket(self) -> None:
        self._drop_notifier()
        if self._listener is None or self._listener.fileno() < 0:
            return
        self._notifier = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _on_notifier_activated(self, *_args: object) -> None:
        if self._listener is None:
            return
        try:
            others = self._listener.take()
        except AnnotatorError as exc:
            self._went_away(describe(exc))
            return
        if others:
            self._settle.start()

    # ----- showing what others wrote ----------------------------------------------------------

    def catch_up(self) -> None:
        """Re-read the document shown (and the document list) and show what others changed."""
        context = self._context
        workspace = context.workspace
        doc = workspace.document
        try:
            now = {a.id: a for a in list_annotations(context.project, doc.id)} if doc is not None else {}
            shown = {a.id: a for a in workspace.annotations} if doc is not None else {}
            documents = list_documents(context.project)
        except AnnotatorError as exc:
            self._check_connection(describe(exc))
            return
        removed = tuple(a for i, a in shown.items() if i not in now)
        added = tuple(a for i, a in now.items() if i not in shown)
        updated = tuple(a for i, a in now.items() if i in shown and _differs(a, shown[i]))
        events = context.events
        with self._kept_in_place():
            if removed:
                events.annotations_removed.emit(removed)
            if updated:
                events.annotations_updated.emit(updated)
            if added:
                events.annotations_added.emit(added)
            if documents != context.document_list.model.documents():
                with workspace.documents_read_by_the_work(documents):
                    workspace.reload_documents()
            self._after_changes()

    @contextmanager
    def _kept_in_place(self) -> Iterator[None]:
        """The article's selection and scroll and the table's selection and scroll, as they were."""
        view = self._context.document_view
        table = self._context.tag_panel.table
        cursor = QTextCursor(view.textCursor())
        scrolls = [(bar, bar.value()) for bar in (view.verticalScrollBar(), view.horizontalScrollBar(),
                                                  table.verticalScrollBar(), table.horizontalScrollBar())]
        selection_model = table.selectionModel()
        selected = QItemSelection(selection_model.selection())
        current = QPersistentModelIndex(selection_model.currentIndex())
        try:
            yield
        finally:
            view.setTextCursor(cursor)
            blocker = QSignalBlocker(table)
            try:
                flag = QItemSelectionModel.SelectionFlag
                selection_model.setCurrentIndex(current if current.isValid() else table.rootIndex(),
                                                flag.NoUpdate)
                selection_model.select(selected, flag.ClearAndSelect | flag.Rows)
            finally:
                blocker.unblock()
            for bar, value in scrolls:
                bar.setValue(value)

    # ----- the server going away and coming back ------------------------------------------------

    def _on_events_failed(self, _message: str) -> None:
        if self._reachable:
            self._check_connection(_message)

    def _check_connection(self, reason: str) -> None:
        """After a failed read or write: if the listening connection dropped, the server is away."""
        if self._listener is None:
            return
        try:
            others = self._listener.take()
        except AnnotatorError:
            self._went_away(reason)
            return
        if others:  # heard meanwhile: shown as any other notice is
            self._settle.start()

    def _went_away(self, reason: str) -> None:
        if not self._reachable:
            return
        self._reachable = False
        self._drop_notifier()
        refusal = _("The project's server cannot be reached: changes are not made until it is back")
        self.banner.setText(_(
            "The project's server cannot be reached. What you see stays as it is; changes are refused "
            "until the server is back, and the window tries again every second. ({reason})"
        ).format(reason=reason))
        self.banner.setToolTip(reason)
        self.banner.show()
        stack = self._context.undo_stack
        if stack.held_by is None:
            stack.hold(refusal)
            self._held_reason = refusal
        self._retry.start()
        self.reachable_changed.emit(False)

    def _on_retry_timeout(self) -> None:
        if self._trying or self._stopped.is_set():
            return
        self._trying = True
        listener, self._listener = self._listener, None  # the try's own until it ends
        threading.Thread(target=self._try, args=(self._context.project, listener),
                         name="annotator-server-try", daemon=True).start()

    def _try(self, project: Project, listener: ServerChanges | None) -> None:
        """On a thread of its own: reach the server again (no widget is touched here)."""
        reason = ""
        try:
            if listener is None:
                listener = listen_for_changes(project, timeout=RETRY_CONNECT_S)
            else:
                listener.reconnect(timeout=RETRY_CONNECT_S)
        except AnnotatorError as exc:
            reason = describe(exc)
        if not self._stopped.is_set():
            try:
                self._tried.emit(listener, reason)
                return
            except RuntimeError:  # the window went meanwhile
                pass
        if listener is not None:
            listener.close()

    def _on_tried(self, listener: ServerChanges | None, reason: str) -> None:
        self._trying = False
        if self._stopped.is_set():
            if listener is not None:
                listener.close()
            return
        self._listener = listener
        if reason:
            self.banner.setToolTip(reason)
            self._retry.start()
            return
        self._came_back()

    def _came_back(self) -> None:
        self._retry.stop()
        self._reachable = True
        stack = self._context.undo_stack
        if self._held_reason is not None and stack.held_by == self._held_reason:
            stack.release()
        self._held_reason = None
        self.banner.hide()
        self._watch_socket()
        self.catch_up()
        self._context.show_message(
            _("The project's server is back: the window shows the project as it is now"), 8000)
        self.reachable_changed.emit(True)

