"""The annotations of the open document as a table; edits are requests, never direct writes."""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon

from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.domain.review import PENDING_STATE, ReviewState, filter_status
from annotator.ui.label_panel import swatch_icon

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
"""Every cell's text, then STATUS_SEPARATOR and the review filter status (see filter_status)."""
CELL_SEPARATOR = "\x1f"
STATUS_SEPARATOR = "\x1e"

COLUMN_LABEL = 0
COLUMN_TEXT = 1
COLUMN_ANNOTATOR = 2
COLUMN_NOTE = 3
COLUMN_REVIEW = 4
_HEADERS = ("Label", "Text", "Annotator", "Note", "Review")
#: How the Review column shows each status (pending is blank).
REVIEW_MARKS = {"accepted": "\u2713 accepted", "rejected": "\u2717 rejected", "commented": "commented"}
REVIEW_COLORS = {"accepted": "#009e73", "rejected": "#d55e00"}

BULK_CHANGE_ROWS = 50
"""Adding or removing more rows than this resets the model once instead of row by row."""

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


def _review_tooltip(state: ReviewState) -> str | None:
    if not state.reviews:
        return "Not reviewed yet"
    when = state.reviewed_at.replace("T", " ")[:16]
    head = f"{state.status.capitalize()} · last review by {state.reviewer}, {when} UTC"
    if state.reviews > 1:
        head += f" ({state.reviews} reviews)"
    return _rich_tooltip(f"{head}\n{state.comment}" if state.comment else head)


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
        self._row_by_id: dict[int, int] | None = {}  # None: rows moved, rebuilt when next asked
        self._labels: dict[int, LabelInfo] = {}
        self._icons: dict[str, QIcon] = {}
        self._reviews: dict[int, ReviewState] = {}

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
        self._row_by_id = None
        self._document_id = document_id if document_id is not None else (
            rows[0].document_id if rows else None
        )
        self._set_label_map(labels)
        self._reviews = {}
        self.endResetModel()

    def set_review_states(self, states: dict[int, ReviewState]) -> None:
        """Show these review states (by annotation id; missing ones are pending)."""
        changed = [
            row for row, ann in enumerate(self._rows)
            if self._reviews.get(ann.id, PENDING_STATE) != states.get(ann.id, PENDING_STATE)
        ]
        self._reviews = dict(states)
        for row in changed:  # whole rows: the filter reads every cell
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_REVIEW))

    def review_state(self, annotation_id: int) -> ReviewState:
        """An annotation's review state as last set (pending if unknown)."""
        return self._reviews.get(annotation_id, PENDING_STATE)

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
        fresh: dict[int, AnnotationInfo] = {}
        for ann in annotations:
            if self._document_id is None:
                self._document_id = ann.document_id
            if ann.document_id == self._document_id and self.row_of(ann.id) is None:
                fresh[ann.id] = ann
        new = sorted(fresh.values(), key=_reading_key)
        if len(new) > BULK_CHANGE_ROWS:
            self._reset_rows(sorted((*self._rows, *new), key=_reading_key))
            return
        for ann in new:
            key = _reading_key(ann)
            row = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, ann)
            self._keys.insert(row, key)
            self._row_by_id = None
            self.endInsertRows()

    def remove_annotations(self, annotations: Iterable[AnnotationInfo]) -> None:
        """Drop rows of annotations that were deleted."""
        rows = sorted(
            {row for row in (self.row_of(a.id) for a in annotations) if row is not None},
            reverse=True,
        )
        if len(rows) > BULK_CHANGE_ROWS:
            gone = {self._rows[row].id for row in rows}
            self._reset_rows([a for a in self._rows if a.id not in gone])
            return
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._keys[row]
            self._row_by_id = None
            self.endRemoveRows()

    def _reset_rows(self, rows: list[AnnotationInfo]) -> None:
        """Show these rows (already in reading order) with one model reset."""
        self.beginResetModel()
        self._rows = rows
        self._keys = [_reading_key(a) for a in rows]
        self._row_by_id = None
        self.endResetModel()

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
        if self._row_by_id is None:
            self._row_by_id = {ann.id: row for row, ann in enumerate(self._rows)}
        return self._row_by_id.get(annotation_id)

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
        """Label, text, annotator, note, review."""
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
        if role == FILTER_ROLE:
            cells = CELL_SEPARATOR.join(self._display(ann, c) for c in range(len(_HEADERS)))
            return f"{cells}{STATUS_SEPARATOR}{filter_status(self.review_state(ann.id))}"
        if role == SORT_ROLE:
            if column == COLUMN_TEXT:
                return index.row()  # reading order
            return self._display(ann, column).casefold()
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_LABEL:
            return self._icon(ann.label_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ann, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COLUMN_REVIEW:
            color = REVIEW_COLORS.get(self.review_state(ann.id).status)
            return QColor(color) if color else None
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
        if column == COLUMN_REVIEW:
            return REVIEW_MARKS.get(self.review_state(ann.id).status, "")
        return ""

    def _tooltip(self, ann: AnnotationInfo, column: int) -> str | None:
        if column == COLUMN_TEXT:
            return _rich_tooltip(self.span_text(ann))
        if column == COLUMN_NOTE:
            return _rich_tooltip(ann.note) if ann.note else "Double-click to add a note"
        if column == COLUMN_LABEL:
            return "Double-click to change the label"
        if column == COLUMN_REVIEW:
            return _review_tooltip(self.review_state(ann.id))
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
