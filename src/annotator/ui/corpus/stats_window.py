"""The Statistics window: the tables of `annotator stats`, for the corpus or by a chosen grouping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.stats import LONG_COLUMNS, StatTable, column_heading, counted_line, table_title
from annotator.i18n import N_, _, decimal, number
from annotator.io.atomic import replaced_when_done
from annotator.io.export import write_records
from annotator.io.stats_csv import long_csv_rows
from annotator.services.stats import corpus_stats
from annotator.ui.corpus.corpus_actions import StaleFollower
from annotator.ui.widgets.background import Task
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import ask_csv_path, spreadsheet_csv_wanted

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

_Index = QModelIndex | QPersistentModelIndex
#: The grouping chooser: shown text (translated where shown) -> `by` of the statistics.
GROUPINGS = (
    (N_("Whole corpus"), None),
    (N_("By document"), "document"),
    (N_("By outlet"), "outlet"),
    (N_("By month"), "month"),
    (N_("By annotator"), "annotator"),
)
#: Short tab titles of the tables (translated where shown).
TAB_TITLES = {
    "labels": N_("Labels and coverage"),
    "label_annotators": N_("Label × annotator"),
    "sources": N_("Sources per article"),
    "source_claims": N_("Claims per source"),
}


def cell_text(value: object) -> str:
    """A figure as shown in the reader's language: whole numbers as counts, others with three
    decimals (`0,125` in French)."""
    if isinstance(value, float):
        return decimal(value, 3)
    return number(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


class StatTableModel(QAbstractTableModel):
    """One statistics table; numbers right-aligned, sortable by their value."""

    def __init__(self, table: StatTable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self._rows = list(table.rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Rows, for Qt."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Columns, for Qt."""
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text; figures right-aligned."""
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and not isinstance(value, str):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column names as in the CSV (translated in French)."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_heading(self.table.columns[section]).replace("_", " ")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's values."""
        if not 0 <= column < len(self.table.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(
            key=lambda row: row[column].casefold() if isinstance(row[column], str) else row[column],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()


class SaveStatsDialog:
    """Asks where to write the statistics as CSV (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen CSV path (plain, or for a spreadsheet: `spreadsheet_csv_wanted`), or None."""
        return ask_csv_path(parent, _("Save statistics"), "statistics.csv")


class StatsWindow(QWidget):
    """A grouping chooser and one tab per table."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent, Qt.WindowType.Window)
        self.setObjectName("statsWindow")
        self.setWindowTitle(_("Statistics"))
        self._context = context
        self.by_combo = QComboBox(self)
        for text, by in GROUPINGS:
            self.by_combo.addItem(_(text), by)
        self.by_combo.currentIndexChanged.connect(self.refresh)
        self.rejected_box = QCheckBox(_("Include rejected"), self)
        self.rejected_box.setToolTip(_("Count the annotations a reviewer rejected too "
                                       "(as `annotator stats --include-rejected`)"))
        self.rejected_box.toggled.connect(self.refresh)
        self.refresh_button = QPushButton(_("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton(_("Save CSV…"), self)
        self.save_button.setToolTip(_("Every figure in long form, as `annotator stats --format csv`"))
        self.save_button.clicked.connect(self.save_csv)
        self.tabs = QTabWidget(self)
        self.counted = QLabel(counted_line(False), self)
        self.counted.setObjectName("statsCounted")
        self.note = QLabel(
            _("Sources and claims are the labels the codebook's attributed_to rule joins "
              "(else the labels named source and claim); source texts are compared case-blind "
              "with spaces collapsed."), self,
        )
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.by_combo)
        top.addWidget(self.rejected_box)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counted)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        self.resize(1000, 600)
        self.tables: list[StatTable] = []
        self.by: str | None = None
        self.include_rejected = False
        self._task: Task | None = None
        self.follower = StaleFollower(self, self.refresh)
        self.refresh()
        self.follower.follow(context.events)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Catch up with changes made while hidden."""
        super().showEvent(event)
        self.follower.shown()

    def save_csv(self) -> Path | None:
        """Write the tables shown as long CSV to a file the user picks (as `annotator stats
        --format csv`, with `--spreadsheet` when the analyst chose CSV for a spreadsheet)."""
        path = SaveStatsDialog.ask(self)
        if path is None:
            return None
        try:
            with replaced_when_done(path, encoding="utf-8",
                                    project=self._context.project.path) as out:
                write_records(LONG_COLUMNS, long_csv_rows(self.tables, self.by), out,
                              spreadsheet=spreadsheet_csv_wanted())
        except AnnotatorError as exc:
            show_error(self, _("Save statistics"), describe(exc))
            return None
        return path

    def refresh(self) -> bool:
        """Recompute the tables for the chosen grouping on the worker thread (a refresh asked
        meanwhile replaces it); they are shown when ready. False if it could not start."""
        by = self.by_combo.currentData()
        include_rejected = self.rejected_box.isChecked()
        project = self._context.project
        if self._task is not None:
            self._task.cancel()

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                show_error(self, _("Statistics"), describe(error))
                return True
            return False

        def cancelled() -> None:
            self._task = None

        self._task = self._context.background.run(
            lambda _progress: corpus_stats(project, by, include_rejected=include_rejected),
            lambda tables: self._show(tables, by, include_rejected),
            title=_("Computing statistics…"), cancellable=True, failed=failed, cancelled=cancelled,
        )
        return self._task is not None

    def _show(self, tables: list[StatTable], by: str | None, include_rejected: bool) -> None:
        self._task = None
        self.tables, self.by, self.include_rejected = tables, by, include_rejected
        self.counted.setText(counted_line(include_rejected))
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for table in self.tables:
            view = QTableView(self.tabs)
            view.setModel(StatTableModel(table, view))
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().hide()
            view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            view.horizontalHeader().setSortIndicatorClearable(True)
            view.setSortingEnabled(True)
            view.horizontalHeader().setStretchLastSection(True)
            view.setToolTip(table_title(table))
            header = view.horizontalHeader()
            for column in range(len(table.columns)):  # never narrower than the heading's text
                key = column < len(table.keys)
                wanted = (200 if column == 0 else 140) if key else 120
                view.setColumnWidth(column, max(wanted, header.sectionSizeHint(column)))
            self.tabs.addTab(view, _(TAB_TITLES[table.name]) if table.name in TAB_TITLES else table.name)
        self.tabs.setCurrentIndex(max(0, current))
