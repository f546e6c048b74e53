"""The list of documents in the project, with a filter box; picking one opens it."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import DocumentInfo
from annotator.i18n import N_, _
from annotator.ui.widgets.theme import show_focus

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMN_TITLE = 0
COLUMN_DATE = 1
COLUMN_COUNT = 2
_HEADERS = (N_("Title"), N_("Date"), N_("Annotations"))
#: The count column's title: its numbers are narrow and the word would take the titles' room
#: (the word shows on hover).
COUNT_HEADER = "#"

_Index = QModelIndex | QPersistentModelIndex


def document_tooltip(doc: DocumentInfo) -> str:
    """Hover text: the title, the metadata the document has (outlet, author...), its file."""
    title = doc.title or _("(no title)")
    rows = [f"<b>{html.escape(title)}</b>"]
    for line, value in ((_("Outlet: {value}"), doc.outlet), (_("Author: {value}"), doc.author),
                        (_("Date: {value}"), doc.date or ""), (_("URL: {value}"), doc.url),
                        (_("Language: {value}"), doc.language)):
        if value:
            rows.append(line.format(value=html.escape(value)))
    rows.append(_("File: {value}").format(value=html.escape(doc.source_name)))
    return "<qt>" + "<br>".join(rows) + "</qt>"

class DocumentTableModel(QAbstractTableModel):
    """Documents as rows: title, date and number of annotations."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._documents: list[DocumentInfo] = []
        self._rows: dict[int, int] = {}
        #: A mark before a title by document id (the team room's assignments: done or not yet).
        self._marks: dict[int, str] = {}

    def set_marks(self, marks: dict[int, str]) -> None:
        """Show `marks[document id]` before those documents' titles (kept across refills)."""
        self._marks = dict(marks)
        if self._documents:
            last = self.index(len(self._documents) - 1, COLUMN_TITLE)
            self.dataChanged.emit(self.index(0, COLUMN_TITLE), last, [Qt.ItemDataRole.DisplayRole])

    def set_documents(self, documents: Sequence[DocumentInfo]) -> bool:
        """Replace every row; True if the rows were reset. The same documents in the same order
        (after a merge: new counts) only change the rows that differ, and the view keeps its
        selection and scroll."""
        documents = list(documents)
        if len(documents) == len(self._documents) and all(
            old.id == new.id for old, new in zip(self._documents, documents, strict=True)
        ):
            changed = [row for row, (old, new) in enumerate(zip(self._documents, documents,
                                                                strict=True)) if old != new]
            self._documents = documents
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0),
                                      self.index(changed[-1], len(_HEADERS) - 1))
            return False
        self.beginResetModel()
        self._documents = documents
        self._rows = {doc.id: row for row, doc in enumerate(self._documents)}
        self.endResetModel()
        return True

    def documents(self) -> list[DocumentInfo]:
        """The documents, in the order they were given."""
        return list(self._documents)

    def document_at(self, row: int) -> DocumentInfo | None:
        """The document on a row, or None."""
        return self._documents[row] if 0 <= row < len(self._documents) else None

    def row_of(self, document_id: int) -> int | None:
        """The row of a document, or None if it is not listed."""
        return self._rows.get(document_id)

    def change_count(self, document_id: int, delta: int) -> None:
        """Add `delta` to a document's annotation count (unknown documents are ignored)."""
        row = self._rows.get(document_id)
        if row is None or delta == 0:
            return
        doc = self._documents[row]
        count = max(0, doc.annotation_count + delta)
        self._documents[row] = dataclasses.replace(doc, annotation_count=count)
        index = self.index(row, COLUMN_COUNT)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of documents."""
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Title, date, annotations."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell contents, tooltips and the document id (DOCUMENT_ID_ROLE)."""
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        doc = self._documents[index.row()]
        column = index.column()
        if role == DOCUMENT_ID_ROLE:
            return doc.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_TITLE:
                mark = self._marks.get(doc.id)
                return f"{mark} {doc.title or doc.source_name}" if mark else doc.title or doc.source_name
            if column == COLUMN_DATE:
                return doc.date or ""
            if column == COLUMN_COUNT:
                return doc.annotation_count
        elif role == Qt.ItemDataRole.ToolTipRole and column == COLUMN_TITLE:
            return document_tooltip(doc)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column != COLUMN_TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles (the count column's as "#", its word on hover)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COUNT_HEADER if section == COLUMN_COUNT else _(_HEADERS[section])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(_HEADERS[section])
        return None


class _DocumentFilter(QSortFilterProxyModel):
    """The filter box's text, and optionally only some documents (`only`, by id)."""

    only: frozenset[int] | None = None

    def set_only(self, document_ids: frozenset[int] | None) -> None:
        self.beginFilterChange()
        self.only = document_ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 (Qt's name)
        if self.only is not None:
            index = self.sourceModel().index(source_row, COLUMN_TITLE, source_parent)
            if index.data(DOCUMENT_ID_ROLE) not in self.only:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class DocumentListPanel(QWidget):
    """A filter box over the document table; `document_selected` tells which one to open."""

    document_selected = Signal(int)  # document id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentListPanel")
        self._current_id: int | None = None
        self._filtering = False
        self.model = DocumentTableModel(self)
        self.proxy = _DocumentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("documentFilter")
        self.filter_edit.setPlaceholderText(_("Filter documents"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter documents"))
        self.filter_edit.textChanged.connect(self._on_filter_changed)

        self.view = QTableView(self)
        self.view.setObjectName("documentList")
        self.view.setAccessibleName(_("Documents"))
        self.view.setAccessibleDescription(
            _("The project's articles; the selected one is shown in the article"))
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        show_focus(self.view)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list (the arrow keys choose a document)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_COUNT, QHeaderView.ResizeMode.ResizeToContents)
        # Fitted to the rows in view, not to every row (a date or a count is as wide on any row,
        # and its header is wider): refilling a list of 1,000 documents stays quick.
        header.setResizeContentsPrecision(0)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the project's order first
        self.view.setSortingEnabled(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        """Show these documents, keeping the current one selected if it is still there."""
        keep = self._current_id
        if not self.model.set_documents(documents):
            return  # the same rows: the current one stays as it is
        if keep is not None and self.model.row_of(keep) is None:
            self._current_id = None
        elif keep is not None:
            self._select_visible(keep)

    def select_document(self, document_id: int) -> bool:
        """Make a document current (clearing the filter if it hides it); False if not listed."""
        source_row = self.model.row_of(document_id)
        if source_row is None:
            return False
        index = self._proxy_index(document_id)
        if not index.isValid():
            self.filter_edit.clear()
        elif document_id == self._current_id and self.view.currentIndex().row() == index.row():
            return True  # already current (a refresh that kept the rows)
        return self._select_visible(document_id)

    def add_above(self, widget: QWidget) -> None:
        """Put a widget (a filter of a feature's) between the filter box and the list."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, widget)

    def show_only(self, document_ids: Iterable[int] | None) -> None:
        """List only these documents (None: all), the filter box's text still applying."""
        self._filtering = True
        try:
            self.proxy.set_only(None if document_ids is None else frozenset(document_ids))
        finally:
            self._filtering = False
        self._on_filter_changed(self.filter_edit.text())

    def current_document_id(self) -> int | None:
        """The document last made current (it stays so while the filter hides its row)."""
        return self._current_id

    def change_count(self, document_id: int, delta: int) -> None:
        """Add `delta` to the annotation count shown for a document."""
        self.model.change_count(document_id, delta)

    def _proxy_index(self, document_id: int) -> QModelIndex:
        source_row = self.model.row_of(document_id)
        if source_row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(source_row, COLUMN_TITLE))

    def _select_visible(self, document_id: int) -> bool:
        index = self._proxy_index(document_id)
        if not index.isValid():
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def _on_filter_changed(self, text: str) -> None:
        # Hiding the current row moves Qt's current index to a neighbour: that is not a pick.
        self._filtering = True
        try:
            self.proxy.setFilterFixedString(text)
        finally:
            self._filtering = False
        current = self.view.currentIndex()
        if current.isValid() and current.data(DOCUMENT_ID_ROLE) == self._current_id:
            return
        if self._current_id is None or not self._select_visible(self._current_id):
            self.view.selectionModel().clear()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filtering or not current.isValid():
            return
        document_id = current.data(DOCUMENT_ID_ROLE)
        if document_id is None or document_id == self._current_id:
            return
        self._current_id = int(document_id)
        self.document_selected.emit(self._current_id)
