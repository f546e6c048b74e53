"""The Corpus menu: retrieval, corpus search, statistics and charts.

Each window is made the first time it is asked for and then raised again on later asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.i18n import N_, _
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.widgets.screen import keep_on_screen_when_shown

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext
    from annotator.ui.events import ProjectEvents


def flat(text: str) -> str:
    """Context on one line: each line break or tab becomes one space (widths stay the same)."""
    return text.replace("\n", " ").replace("\t", " ")


def open_span(context: FeatureContext, document_id: int, start: int, end: int) -> None:
    """Show a document in the main window with [start, end) selected and on screen."""
    try:
        context.document_list.select_document(document_id)
        current = context.workspace.document
        if current is None or current.id != document_id:
            context.workspace.show_document(document_id)
    except AnnotatorError as exc:
        context.events.report(exc)
        return
    context.document_view.select_range(start, end)
    context.document_view.scroll_to_span(start, end)
    window = context.parent.window()
    window.raise_()
    window.activateWindow()


def fill_checkable(
    widget: QListWidget, entries: Sequence[tuple[str, object]], colors: Sequence[str] = ()
) -> None:
    """Fill a list with checkable entries (text, value); entries unticked before stay unticked."""
    unticked = {
        widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
        if widget.item(i).checkState() != Qt.CheckState.Checked
    }
    widget.clear()
    for n, (text, value) in enumerate(entries):
        item = QListWidgetItem(text, widget)
        if n < len(colors):
            item.setIcon(swatch_icon(colors[n]))
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        unchecked = value in unticked
        item.setCheckState(Qt.CheckState.Unchecked if unchecked else Qt.CheckState.Checked)


def checked_values(widget: QListWidget) -> list:
    """The values of the ticked entries."""
    items = [widget.item(i) for i in range(widget.count())]
    return [i.data(Qt.ItemDataRole.UserRole) for i in items
            if i.checkState() == Qt.CheckState.Checked]


class StaleFollower(QObject):
    """Keeps a corpus window in step with the project: a change marks it stale, and it refreshes
    300 ms after the last change while visible (a hidden window refreshes when shown again)."""

    DELAY_MS = 300

    def __init__(self, widget: QWidget, refresh: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self.stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._on_timeout)

    def follow(self, events: ProjectEvents) -> None:
        """Mark the window stale on every change of annotations, labels, link rules or documents."""
        for signal in (events.annotations_added, events.annotations_removed,
                       events.annotations_updated):
            signal.connect(self.mark_stale)
        for signal in (events.labels_changed, events.link_rules_changed, events.documents_changed,
                       events.contents_changed):
            signal.connect(self.mark_stale)

    def mark_stale(self, *_changed: object) -> None:
        """Something changed: refresh soon if shown, else when next shown."""
        self.stale = True
        if self._widget.isVisible():
            self._timer.start()

    def shown(self) -> None:
        """The window is shown again: refresh soon if something changed meanwhile."""
        if self.stale:
            self._timer.start()

    def _on_timeout(self) -> None:
        if not self.stale or not self._widget.isVisible():
            return
        self.stale = False
        self._refresh()


def _retrieve(context: FeatureContext) -> QWidget:
    from annotator.ui.corpus.retrieve_window import RetrieveWindow

    return RetrieveWindow(context)


def _search(context: FeatureContext) -> QWidget:
    from annotator.ui.corpus.corpus_search_window import CorpusSearchWindow

    return CorpusSearchWindow(context)


def _stats(context: FeatureContext) -> QWidget:
    from annotator.ui.corpus.stats_window import StatsWindow

    return StatsWindow(context)


def _charts(context: FeatureContext) -> QWidget:
    from annotator.ui.corpus.charts_panel import ChartsPanel

    return ChartsPanel(context)


#: Menu entries: (object name, text, key, status tip, window factory); texts translated where shown.
ENTRIES: tuple[tuple[str, str, str | None, str, Callable[[FeatureContext], QWidget]], ...] = (
    ("retrieveAction", N_("&Retrieve…"), None,
     N_("List annotations of chosen labels, annotators, documents and dates in context"), _retrieve),
    ("corpusSearchAction", N_("&Search corpus…"), None,
     N_("Find a string or regular expression in every document and label the hits"), _search),
    ("statisticsAction", N_("S&tatistics…"), None,
     N_("Annotations by label and annotator, coverage, sources and claims"), _stats),
    ("chartsAction", N_("&Charts…"), None,
     N_("Bar charts by label per document, outlet or month, and claims per source"), _charts),
)


class CorpusWindows(QObject):
    """The Corpus menu's entries; opens each corpus window once per main window and brings it
    back to the front."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.setObjectName("corpusWindows")
        self._context = context
        self._open: dict[str, QWidget] = {}
        menu = context.menu("corpusMenu")
        for name, text, key, tip, factory in ENTRIES:
            action = QAction(_(text), context.parent)
            action.setObjectName(name)
            action.setStatusTip(_(tip))
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, n=name, f=factory: self.show(n, f))
            menu.addAction(action)
            context.add_action(action)

    def show(self, name: str, factory: Callable[[FeatureContext], QWidget]) -> QWidget:
        """The window of this entry, made if needed, shown and raised."""
        widget = self._open.get(name)
        if widget is None:
            widget = self._open[name] = factory(self._context)
            keep_on_screen_when_shown(widget)
        widget.show()
        widget.raise_()
        widget.activateWindow()
        return widget
