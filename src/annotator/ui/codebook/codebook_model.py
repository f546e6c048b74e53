"""The codebook as a table model: Key, Name, Colour."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.records import LabelInfo
from annotator.i18n import N_, _
from annotator.ui.widgets.label_panel import swatch_icon

AnyIndex = QModelIndex | QPersistentModelIndex


class LabelTableModel(QAbstractTableModel):
    """The codebook as a table: Key, Name, Colour."""

    HEADERS = (N_("Key"), N_("Name"), N_("Colour"))  # translated where shown

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels: list[LabelInfo] = []

    def set_labels(self, labels: Sequence[LabelInfo]) -> None:
        """Show these labels; rows are updated in place when their number is unchanged."""
        if len(labels) == len(self._labels):
            self._labels = list(labels)
            if labels:
                self.dataChanged.emit(self.index(0, 0), self.index(len(labels) - 1, 2))
            return
        self.beginResetModel()
        self._labels = list(labels)
        self.endResetModel()

    def labels(self) -> list[LabelInfo]:
        """The labels shown, in order."""
        return list(self._labels)

    def label_at(self, row: int) -> LabelInfo | None:
        """The label on `row`, or None."""
        return self._labels[row] if 0 <= row < len(self._labels) else None

    def row_of(self, label_id: int) -> int:
        """Row of a label, or -1."""
        return next((row for row, lab in enumerate(self._labels) if lab.id == label_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Number of labels."""
        return 0 if parent.isValid() else len(self._labels)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Key, Name, Colour."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Key (or a dash), name, and colour as a swatch with its #rrggbb code."""
        label = self.label_at(index.row()) if index.isValid() else None
        if label is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (label.shortcut or "–", label.name, label.color.lower())[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return swatch_icon(label.color)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return label.definition or None
        return None
