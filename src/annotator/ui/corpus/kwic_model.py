"""A read-only table of keyword-in-context rows, shared by the Retrieve and corpus search windows."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.i18n import _

_Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class KwicTableModel(QAbstractTableModel, Generic[R]):
    """Rows of records; the left context column hugs the span column, which is bold."""

    #: Column titles (marked N_, translated where shown); subclasses set them and the two context
    #: columns.
    headers: tuple[str, ...] = ()
    left_column = -1
    span_column = -1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def cell_text(self, row: R, column: int) -> str:
        """What a cell shows."""
        raise NotImplementedError

    def other_data(self, row: R, column: int, role: int) -> object:
        """Data for roles beyond text, alignment and font (none by default)."""
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Rows, for Qt."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Columns, for Qt."""
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text; the left context aligned to the right, the span bold; then `other_data`."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.left_column:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and column == self.span_column:
            return self._bold
        return self.other_data(row, column, role)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.headers[section])
        return None
