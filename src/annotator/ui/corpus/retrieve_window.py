"""The Retrieve window: annotations across the project as keyword-in-context rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.retrieval import DEFAULT_CONTEXT, KwicRow, check_date_range
from annotator.i18n import N_, _, ngettext, number
from annotator.io.atomic import replaced_when_done
from annotator.io.export import write_records
from annotator.services.documents import list_documents
from annotator.services.labels import list_labels
from annotator.services.retrieval import list_annotators, retrieve
from annotator.ui.corpus.corpus_actions import (
    StaleFollower,
    checked_values,
    fill_checkable,
    flat,
    open_span,
)
from annotator.ui.corpus.kwic_model import KwicTableModel
from annotator.ui.widgets.background import Task
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import ask_csv_path, spreadsheet_csv_wanted

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

_Index = QModelIndex | QPersistentModelIndex
HEADERS = (N_("Document"), N_("Date"), N_("Label"), N_("Annotator"), N_("Left context"), N_("Span"),
           N_("Right context"), N_("Note"))
COLUMN_LEFT, COLUMN_SPAN, COLUMN_RIGHT = 4, 5, 6
#: Row attributes shown in each column, and used to sort it.
_FIELDS = ("document_title", "document_date", "label", "annotator", "left", "text", "right", "note")
#: Columns of "Export shown rows to CSV…", in this order.
CSV_COLUMNS = (
    "annotation_id", "document_id", "document_title", "document_date", "document_outlet",
    "label", "annotator", "left", "text", "right", "start", "end", "note",
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RetrieveModel(KwicTableModel[KwicRow]):
    """KWIC rows; sorting reorders the rows themselves (fast for 100,000 rows)."""

    headers = HEADERS
    left_column, span_column = COLUMN_LEFT, COLUMN_SPAN

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._haystacks: list[str] | None = None

    def set_rows(self, rows: Sequence[KwicRow]) -> None:
        """Show these rows (in this order)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = None
        self.endResetModel()

    def row_at(self, row: int) -> KwicRow:
        """The record of a row."""
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """What the text filter looks in: every shown column, case folded."""
        if self._haystacks is None:
            self._haystacks = [
                "\x1f".join((r.document_title, r.document_date or "", r.label, r.annotator,
                             r.left, r.text, r.right, r.note)).casefold()
                for r in self._rows
            ]
        return self._haystacks[row]

    def cell_text(self, row: KwicRow, column: int) -> str:
        """The column's field; contexts, span and note on one line."""
        value = getattr(row, _FIELDS[column]) or ""
        return flat(value) if column in (COLUMN_LEFT, COLUMN_SPAN, COLUMN_RIGHT, 7) else value

    def other_data(self, row: KwicRow, column: int, role: int) -> object:
        """Full text as tooltip (title, span, note); the annotation id under ID_ROLE."""
        if role == Qt.ItemDataRole.ToolTipRole and column in (COLUMN_SPAN, 7, 0):
            return {0: row.document_title, 7: row.note}.get(column, row.text) or None
        if role == ID_ROLE:
            return row.annotation_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (case-blind; left context by its words nearest the span)."""
        if not 0 <= column < len(HEADERS):
            return
        name = _FIELDS[column]
        if column == COLUMN_LEFT:
            def key(r: KwicRow) -> str:
                return r.left[::-1].casefold()
        else:
            def key(r: KwicRow) -> str:
                return (getattr(r, name) or "").casefold()
        self.beginResetModel()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._haystacks = None
        self.endResetModel()


class RetrieveProxy(QSortFilterProxyModel):
    """Filters rows by a typed text (in any column); sorting is left to the model."""

    def __init__(self, source: RetrieveModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._needle = ""
        self.setSourceModel(source)

    def set_text(self, text: str) -> None:
        """Show only rows holding `text` (case-blind); empty shows all."""
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """The row holds the filter text."""
        return not self._needle or self._needle in self._source.haystack(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the model reorder its rows (comparing in Qt would call Python for every pair)."""
        self._source.sort(column, order)


class LeftContextDelegate(QStyledItemDelegate):
    """Cuts a long left context on its left, so the words next to the span stay visible."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: N802
        """As usual, eliding on the left."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ExportRowsDialog:
    """Asks where to write the shown rows (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen CSV path (plain, or for a spreadsheet: `spreadsheet_csv_wanted`), or None."""
        return ask_csv_path(parent, _("Export shown rows"), "retrieved.csv")


def write_rows_csv(rows: Sequence[KwicRow], path: Path, project: Path | None = None,
                   spreadsheet: bool = False) -> None:
    """The rows as UTF-8 RFC 4180 CSV with CSV_COLUMNS (contexts exactly as stored).

    The file appears only once complete and is never `project`; with `spreadsheet`, a BOM and
    formula-like cells guarded, as the annotation export's.
    """
    with replaced_when_done(path, encoding="utf-8", project=project) as out:
        write_records(CSV_COLUMNS, ([getattr(r, c) for c in CSV_COLUMNS] for r in rows), out,
                      spreadsheet=spreadsheet)


class RetrieveWindow(QWidget):
    """Filters on the left; the matching annotations in context on the right."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent, Qt.WindowType.Window)
        self.setObjectName("retrieveWindow")
        self.setWindowTitle(_("Retrieve annotations"))
        self._context = context
        self.model = RetrieveModel(self)
        self.proxy = RetrieveProxy(self.model, self)

        self.labels_list = QListWidget(self)
        self.annotators_list = QListWidget(self)
        for short_list in (self.labels_list, self.annotators_list):
            short_list.setMaximumHeight(110)
        self.all_documents = QCheckBox(_("All documents"), self)
        self.all_documents.setChecked(True)
        self.documents_list = QListWidget(self)
        self.documents_list.setEnabled(False)
        self.all_documents.toggled.connect(lambda on: self.documents_list.setEnabled(not on))
        self.date_from = QLineEdit(self)
        self.date_to = QLineEdit(self)
        for edit, tip in ((self.date_from, _("Dated from (inclusive); undated documents are left out")),
                          (self.date_to, _("Dated to (inclusive); undated documents are left out"))):
            edit.setPlaceholderText(_("YYYY, YYYY-MM or YYYY-MM-DD"))
            edit.setToolTip(tip)
        self.context_spin = QSpinBox(self)
        self.context_spin.setRange(0, 1000)
        self.context_spin.setValue(DEFAULT_CONTEXT)
        self.context_spin.setSuffix(_(" characters"))
        self.retrieve_button = QPushButton(_("Retrieve"), self)
        self.retrieve_button.setDefault(True)
        self.retrieve_button.clicked.connect(self.run)

        filters = QWidget(self)
        form = QFormLayout(filters)
        form.addRow(QLabel(_("Labels")))
        form.addRow(self.labels_list)
        form.addRow(QLabel(_("Annotators")))
        form.addRow(self.annotators_list)
        form.addRow(self.all_documents)
        form.addRow(self.documents_list)
        form.addRow(_("Dated from"), self.date_from)
        form.addRow(_("Dated to"), self.date_to)
        form.addRow(_("Context"), self.context_spin)
        form.addRow(self.retrieve_button)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Filter the rows shown…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.count_label = QLabel(self)
        self.export_button = QPushButton(_("Export shown rows to CSV…"), self)
        self.export_button.clicked.connect(self.export_shown)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        for column, width in enumerate((140, 64, 64, 76, 240, 170, 240, 80)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.setItemDelegateForColumn(COLUMN_LEFT, LeftContextDelegate(self.table))
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.export_button)
        results_layout.addLayout(top)
        results_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(filters)
        splitter.addWidget(results)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1100])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(1360, 720)
        self._has_run = False
        self._task: Task | None = None
        self.follower = StaleFollower(self, self._follow_changes)
        self.reload_choices()
        self.follower.follow(context.events)

    def reload_choices(self) -> None:
        """Fill the label, annotator and document lists from the project.

        New entries come checked; entries the user unticked stay unticked.
        """
        project = self._context.project
        labels = list_labels(project)
        fill_checkable(self.labels_list, [(lab.name, lab.name) for lab in labels],
                   [lab.color for lab in labels])
        fill_checkable(self.annotators_list, [(name, name) for name in list_annotators(project)])
        docs = list_documents(project)
        fill_checkable(self.documents_list,
                   [(f"{d.date or '—'}  {d.title}", d.id) for d in docs])
        self._update_count()

    def _follow_changes(self) -> None:
        """The project changed: refresh the choices and, once retrieved, the rows."""
        self.reload_choices()
        if self._has_run:
            self.run(quiet=True)

    def _chosen(self, widget: QListWidget) -> list:
        """The checked values; [] (no filter) when every entry is checked."""
        values = checked_values(widget)
        return [] if len(values) == widget.count() else values

    def run(self, quiet: bool = False) -> bool:
        """Retrieve with the chosen filters on the worker thread (the rows are shown when ready);
        a refusal is shown in a message box (quiet: beside the count). False if refused at once."""
        labels = self._chosen(self.labels_list)
        annotators = self._chosen(self.annotators_list)
        documents = [] if self.all_documents.isChecked() else checked_values(self.documents_list)
        nothing = [refusal for refusal, widget in (
            (_("tick at least one label"), self.labels_list),
            (_("tick at least one annotator"), self.annotators_list),
        ) if widget.count() and not checked_values(widget)]
        if not self.all_documents.isChecked() and not documents:
            nothing.append(_("tick at least one document"))
        if nothing:
            self.model.set_rows([])
            self._update_count(nothing[0])
            return False
        try:  # a bad date is refused at once, before anything is read
            dates = check_date_range(self.date_from.text() or None, self.date_to.text() or None)
        except AnnotatorError as exc:
            self._refused(exc, quiet)
            return False
        project, context = self._context.project, self.context_spin.value()
        if self._task is not None:
            self._task.cancel()

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                self._refused(error, quiet)
                return True
            return False

        def cancelled() -> None:
            self._task = None
            self._update_count(_("retrieval cancelled"))

        self._task = self._context.background.run(
            lambda _progress: retrieve(project, labels, annotators, documents, *dates, context),
            self._show_rows, title=_("Retrieving annotations…"), cancellable=True, failed=failed,
            cancelled=cancelled,
        )
        return self._task is not None

    def _refused(self, error: AnnotatorError, quiet: bool) -> None:
        if quiet:
            self._update_count(describe(error))
        else:
            show_error(self, _("Retrieve"), describe(error))

    def _show_rows(self, rows: list[KwicRow]) -> None:
        self._task = None
        self._has_run = True
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_rows(rows)
        self._update_count()

    def shown_rows(self) -> list[KwicRow]:
        """The rows passing the filter, in the order shown."""
        proxy = self.proxy
        return [self.model.row_at(proxy.mapToSource(proxy.index(r, 0)).row())
                for r in range(proxy.rowCount())]

    def export_shown(self) -> Path | None:
        """Write the shown rows to a CSV file the user picks."""
        path = ExportRowsDialog.ask(self)
        if path is None:
            return None
        try:
            write_rows_csv(self.shown_rows(), path, self._context.project.path,
                           spreadsheet_csv_wanted())
        except AnnotatorError as exc:
            show_error(self, _("Export"), describe(exc))
            return None
        rows = self.proxy.rowCount()
        self._update_count(ngettext("{count} rows written to {file}", "{count} rows written to {file}",
                                    rows).format(count=number(rows, grouped=True), file=path.name))
        return path

    def _update_count(self, extra: str = "") -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = (ngettext("{shown} of {count} annotations", "{shown} of {count} annotations", total)
                if shown != total else ngettext("{count} annotations", "{count} annotations", total)
                ).format(shown=number(shown, grouped=True), count=number(total, grouped=True))
        self.count_label.setText(f"{text} · {extra}" if extra else text)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Fill on first opening (every label, annotator and document); later, catch up with changes
        made while hidden."""
        super().showEvent(event)
        if not self._has_run:
            QTimer.singleShot(0, lambda: self._has_run or self._task or self.run(quiet=True))
        self.follower.shown()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        """Open the span in the main window; the row double-clicked is the one selected."""
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        open_span(self._context, row.document_id, row.start, row.end)
