"""The annotations of the open document as a table; edits are requests, never direct writes."""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.ui.label_panel import swatch_icon

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMN_LABEL = 0
COLUMN_TEXT = 1
COLUMN_ANNOTATOR = 2
COLUMN_NOTE = 3
_HEADERS = ("Label", "Text", "Annotator", "Note")

TEXT_CELL_LIMIT = 200
TOOLTIP_LIMIT = 2000
LINE_BREAK_MARK = " \u23ce "
ELLIPSIS = "\u2026"

_Index = QModelIndex | QPersistentModelIndex


def one_line(text: str, limit: int = TEXT_CELL_LIMIT) -> str:
    """Text on one line (line breaks shown as ⏎), cut to `limit` characters with an ellipsis."""
    flat = text.replace("\n", LINE_BREAK_MARK).replace("\t", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + ELLIPSIS


def _rich_tooltip(text: str) -> str:
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1] + ELLIPSIS
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def _reading_key(ann: AnnotationInfo) -> tuple[int, int, int]:
    return (ann.start, -ann.end, ann.id)


class AnnotationTableModel(QAbstractTableModel):
    """One row per annotation of the open document, in reading order."""

    label_change_requested = Signal(int, int)  # annotation id, label id
    note_change_requested = Signal(int, str)  # annotation id, new note

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._document_id: int | None = None
        self._rows: list[AnnotationInfo] = []
        self._keys: list[tuple[int, int, int]] = []
        self._labels: dict[int, LabelInfo] = {}
        self._icons: dict[str, QIcon] = {}

    # --- filling -------------------------------------------------------------------------------

    def set_document(
        self,
        text: str,
        annotations: Iterable[AnnotationInfo],
        labels: Iterable[LabelInfo],
        document_id: int | None = None,
    ) -> None:
        """Show a document's annotations; `text` is its stored text (offsets index into it).

        Pass `document_id` so that changes to other documents are ignored; without it the
        document of the first annotation is used.
        """
        rows = sorted(annotations, key=_reading_key)
        self.beginResetModel()
        self._text = text
        self._rows = rows
        self._keys = [_reading_key(a) for a in rows]
        self._document_id = document_id if document_id is not None else (
            rows[0].document_id if rows else None
        )
        self._set_label_map(labels)
        self.endResetModel()

    def clear(self) -> None:
        """Show no document."""
        self.set_document("", (), self._labels.values())

    def set_labels(self, labels: Iterable[LabelInfo]) -> None:
        """Use these labels' names and colours (after a codebook change)."""
        self._set_label_map(labels)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COLUMN_LABEL), self.index(len(self._rows) - 1, COLUMN_LABEL)
            )

    def _set_label_map(self, labels: Iterable[LabelInfo]) -> None:
        self._labels = {lab.id: lab for lab in labels}
        self._icons = {}

    def add_annotations(self, annotations: Iterable[AnnotationInfo]) -> None:
        """Insert new annotations of this document at their reading-order place."""
        for ann in sorted(annotations, key=_reading_key):
            if self._document_id is None:
                self._document_id = ann.document_id
            if ann.document_id != self._document_id or self.row_of(ann.id) is not None:
                continue
            key = _reading_key(ann)
            row = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, ann)
            self._keys.insert(row, key)
            self.endInsertRows()

    def remove_annotations(self, annotations: Iterable[AnnotationInfo]) -> None:
        """Drop rows of annotations that were deleted."""
        rows = sorted(
            (row for row in (self.row_of(a.id) for a in annotations) if row is not None),
            reverse=True,
        )
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._keys[row]
            self.endRemoveRows()

    def update_annotations(self, annotations: Iterable[AnnotationInfo]) -> None:
        """Refresh rows of annotations whose label or note changed."""
        last = len(_HEADERS) - 1
        for ann in annotations:
            row = self.row_of(ann.id)
            if row is None:
                continue
            self._rows[row] = ann
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # --- lookups -------------------------------------------------------------------------------

    def document_id(self) -> int | None:
        """The document shown, if known."""
        return self._document_id

    def annotations(self) -> tuple[AnnotationInfo, ...]:
        """Every annotation shown, in reading order."""
        return tuple(self._rows)

    def labels(self) -> list[LabelInfo]:
        """The labels known to the model, in display order."""
        return sorted(self._labels.values(), key=lambda lab: lab.position)

    def row_of(self, annotation_id: int) -> int | None:
        """The row of an annotation, or None if it is not shown."""
        for row, ann in enumerate(self._rows):
            if ann.id == annotation_id:
                return row
        return None

    def annotation_at(self, row: int) -> AnnotationInfo | None:
        """The annotation on a row, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def span_text(self, ann: AnnotationInfo) -> str:
        """The annotated text, sliced from the stored text."""
        return self._text[ann.start : ann.end]

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of annotations."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Label, text, annotator, note."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, swatch, tooltips, edit values and the annotation id."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ann = self._rows[index.row()]
        column = index.column()
        if role == ANNOTATION_ID_ROLE:
            return ann.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ann, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == COLUMN_LABEL:
                return ann.label_id
            if column == COLUMN_NOTE:
                return ann.note
            return self._display(ann, column)
        if role == SORT_ROLE:
            if column == COLUMN_TEXT:
                return index.row()  # reading order
            return self._display(ann, column).casefold()
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_LABEL:
            return self._icon(ann.label_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ann, column)
        return None

    def _display(self, ann: AnnotationInfo, column: int) -> str:
        if column == COLUMN_LABEL:
            label = self._labels.get(ann.label_id)
            return label.name if label is not None else ann.label
        if column == COLUMN_TEXT:
            return one_line(self.span_text(ann))
        if column == COLUMN_ANNOTATOR:
            return ann.annotator
        if column == COLUMN_NOTE:
            return one_line(ann.note)
        return ""

    def _tooltip(self, ann: AnnotationInfo, column: int) -> str | None:
        if column == COLUMN_TEXT:
            return _rich_tooltip(self.span_text(ann))
        if column == COLUMN_NOTE:
            return _rich_tooltip(ann.note) if ann.note else "Double-click to add a note"
        if column == COLUMN_LABEL:
            return "Double-click to change the label"
        return None

    def _icon(self, label_id: int) -> QIcon | None:
        label = self._labels.get(label_id)
        if label is None:
            return None
        if label.color not in self._icons:
            self._icons[label.color] = swatch_icon(label.color)
        return self._icons[label.color]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Every cell is selectable; label and note cells are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COLUMN_LABEL, COLUMN_NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for a label or note change (see the *_change_requested signals); writes nothing."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        ann = self.annotation_at(index.row())
        if ann is None:
            return False
        if index.column() == COLUMN_LABEL:
            if isinstance(value, int) and value != ann.label_id and value in self._labels:
                self.label_change_requested.emit(ann.id, value)
        elif index.column() == COLUMN_NOTE:
            note = "" if value is None else str(value)
            if note != ann.note:
                self.note_change_requested.emit(ann.id, note)
        return False

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None


class LabelComboDelegate(QStyledItemDelegate):
    """Edits the Label column with a list of the codebook's labels; a pick commits at once."""

    def __init__(self, labels: AnnotationTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = labels

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: _Index
    ) -> QWidget:
        """A combo box of label names, with their swatches."""
        combo = QComboBox(parent)
        combo.setObjectName("labelEditor")
        for label in self._model.labels():
            combo.addItem(swatch_icon(label.color), label.name, label.id)
        combo.activated.connect(lambda _row, editor=combo: self._commit(editor))
        QTimer.singleShot(0, combo, combo.showPopup)
        return combo

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        """Start on the annotation's current label."""
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        """Request the picked label."""
        if isinstance(editor, QComboBox) and editor.currentIndex() >= 0:
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AnnotationTableView(QTableView):
    """Sortable, filterable table of annotations; Delete asks to delete the selected ones."""

    delete_requested = Signal(object)  # tuple[int, ...] of annotation ids
    annotation_selected = Signal(int)  # annotation id of the new current row

    def __init__(self, model: AnnotationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationTable")
        self._source = model
        self._quiet = False
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setItemDelegateForColumn(COLUMN_LABEL, LabelComboDelegate(model, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)  # the Text column takes the spare width instead
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMN_LABEL, 100)
        header.resizeSection(COLUMN_ANNOTATOR, 80)
        header.resizeSection(COLUMN_NOTE, 110)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # reading order first
        self.setSortingEnabled(True)
        self.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.proxy.rowsRemoved.connect(self._end_quiet)
        model.modelReset.connect(self._fit_columns)

    def source_model(self) -> AnnotationTableModel:
        """The model behind the filter."""
        return self._source

    def set_filter_text(self, text: str) -> None:
        """Show only rows with `text` in some column (case-insensitive)."""
        self._quiet = True
        try:
            self.proxy.setFilterFixedString(text)
        finally:
            self._quiet = False

    def selected_annotation_ids(self) -> tuple[int, ...]:
        """Ids of the selected annotations, in reading order."""
        rows = sorted(
            self.proxy.mapToSource(index).row() for index in self.selectionModel().selectedRows()
        )
        found = (self._source.annotation_at(row) for row in rows)
        return tuple(ann.id for ann in found if ann is not None)

    def select_annotation(self, annotation_id: int) -> bool:
        """Select an annotation's row and scroll to it; False if it is not shown."""
        row = self._source.row_of(annotation_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self._source.index(row, COLUMN_LABEL))
        if not index.isValid():
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete or Backspace asks to delete the selected annotations."""
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and plain
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self._request_delete()
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on the row that is already current selects it again (to jump back to it)."""
        before = self.currentIndex()
        super().mousePressEvent(event)
        after = self.currentIndex()
        clicked = self.indexAt(event.position().toPoint())
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and clicked.isValid()
            and before.isValid()
            and after.row() == before.row() == clicked.row()
        ):
            self._emit_selected(after)

    def rowsAboutToBeRemoved(self, parent: _Index, start: int, end: int) -> None:
        """Rows leaving move Qt's current index to a neighbour: that is not a pick."""
        self._quiet = True
        super().rowsAboutToBeRemoved(parent, start, end)

    def _end_quiet(self) -> None:
        self._quiet = False

    def _fit_columns(self) -> None:
        if self._source.rowCount():
            self.resizeColumnToContents(COLUMN_LABEL)
            self.resizeColumnToContents(COLUMN_ANNOTATOR)

    def _request_delete(self) -> None:
        ids = self.selected_annotation_ids()
        if ids:
            self.delete_requested.emit(ids)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self._emit_selected(current)

    def _emit_selected(self, index: QModelIndex) -> None:
        if index.isValid():
            annotation_id = index.data(ANNOTATION_ID_ROLE)
            if annotation_id is not None:
                self.annotation_selected.emit(int(annotation_id))

