"""The annotations of the open document as a table; edits are requests, never direct writes."""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterable, Mapping, Sequence

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
from annotator.domain.wording import ntext
from annotator.i18n import N_, _, pgettext
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.workspace.annotation_rows import (
    ANNOTATOR,
    END,
    ID,
    LABEL_ID,
    NO_STAMPS,
    NOTE,
    START,
    AnnotationRow,
    Stamps,
    as_info,
    as_row,
    reading_key,
)

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
_HEADERS = (N_("Label"), N_("Text"), N_("Annotator"), N_("Note"), N_("Review"))
#: How the Review column shows each status (pending is blank).
REVIEW_MARKS = {
    # Translators: an annotation's review status in the annotation table's Review column.
    "accepted": N_("\u2713 accepted"), "rejected": N_("\u2717 rejected"), "commented": N_("commented"),
}
REVIEW_COLORS = {"accepted": "#009e73", "rejected": "#d55e00"}

BULK_CHANGE_ROWS = 50
"""Adding or removing more rows than this resets the model once instead of row by row."""

TEXT_CELL_LIMIT = 200
TOOLTIP_LIMIT = 2000
LINE_BREAK_MARK = " \u23ce "
ELLIPSIS = "\u2026"

_Index = QModelIndex | QPersistentModelIndex

# Roles as plain ints: the table asks for about seven roles of every cell it paints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_EDIT = int(Qt.ItemDataRole.EditRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID, _SORT, _FILTER = int(ANNOTATION_ID_ROLE), int(SORT_ROLE), int(FILTER_ROLE)
_ANSWERED = frozenset((_DISPLAY, _EDIT, _DECORATION, _TOOLTIP, _FOREGROUND, _ID, _SORT, _FILTER))
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CELL_FLAGS = tuple(
    _SELECTABLE | Qt.ItemFlag.ItemIsEditable if column in (COLUMN_LABEL, COLUMN_NOTE) else _SELECTABLE
    for column in range(len(_HEADERS))
)


def one_line(text: str, limit: int = TEXT_CELL_LIMIT) -> str:
    """Text on one line (line breaks shown as ⏎), cut to `limit` characters with an ellipsis."""
    flat = text.replace("\n", LINE_BREAK_MARK).replace("\t", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + ELLIPSIS


def _rich_tooltip(text: str) -> str:
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1] + ELLIPSIS
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def _status_word(status: str) -> str:
    """A review status as a word of the language (an unknown one as stored)."""
    if status == "accepted":
        return pgettext("annotation verdict", "accepted")
    if status == "rejected":
        return pgettext("annotation verdict", "rejected")
    if status == "commented":
        return pgettext("annotation verdict", "commented")
    return status


def _review_tooltip(state: ReviewState) -> str | None:
    if not state.reviews:
        return _("Not reviewed yet")
    when = state.reviewed_at.replace("T", " ")[:16]
    head = _("{status} · last review by {reviewer}, {when} UTC").format(
        status=_status_word(state.status).capitalize(), reviewer=state.reviewer, when=when)
    if state.reviews > 1:
        head = ntext(state.reviews, "{head} ({count} review)", "{head} ({count} reviews)", head=head)
    return _rich_tooltip(f"{head}\n{state.comment}" if state.comment else head)


def _id_of(ann: AnnotationInfo | AnnotationRow) -> int:
    return ann[ID] if type(ann) is tuple else ann.id


class AnnotationTableModel(QAbstractTableModel):
    """One row per annotation of the open document, in reading order.

    Annotations come as records (AnnotationInfo) or as rows (see annotation_rows) and are kept
    as rows; a record is made for those asked for, with the UUIDs and times `stamps_of` gives.
    """

    label_change_requested = Signal(int, int)  # annotation id, label id
    note_change_requested = Signal(int, str)  # annotation id, new note
    review_states_changed = Signal(object)  # list[int]: annotations whose review state changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._document_id: int | None = None
        self._rows: list[AnnotationRow] = []  # in reading order: a row is found by bisection
        self._by_id: dict[int, AnnotationRow] = {}
        self._labels: dict[int, LabelInfo] = {}
        self._icons: dict[str, QIcon] = {}
        self._reviews: dict[int, ReviewState] = {}  # reviewed annotations only (others pending)
        #: Reads the stamps (UUID, creation and update time) of annotations of the document shown,
        #: by id (see list_annotation_stamps); the window sets it. Without it records have none.
        self.stamps_of: Callable[[int, Sequence[int]], Mapping[int, Stamps]] = lambda _doc, _ids: {}

    # --- filling -------------------------------------------------------------------------------

    def set_document(
        self,
        text: str,
        annotations: Iterable[AnnotationInfo | AnnotationRow],
        labels: Iterable[LabelInfo],
        document_id: int | None = None,
        in_reading_order: bool = False,
    ) -> None:
        """Show a document's annotations; `text` is its stored text (offsets index into it).

        Pass `document_id` so that changes to other documents are ignored; without it the
        document of the first annotation is used (rows need it). `in_reading_order`: they need
        no sorting.
        """
        annotations = list(annotations)
        if document_id is None and annotations and type(annotations[0]) is not tuple:
            document_id = annotations[0].document_id
        rows = [a if type(a) is tuple else as_row(a) for a in annotations]
        if not in_reading_order:
            rows.sort(key=reading_key)
        self.beginResetModel()
        self._text = text
        self._rows = rows
        self._by_id = {row[ID]: row for row in rows}
        self._document_id = document_id
        self._set_label_map(labels)
        self._reviews = {}
        self.endResetModel()

    def set_review_states(self, states: dict[int, ReviewState]) -> None:
        """Show these review states (by annotation id; missing ones are pending)."""
        reviewed = {i: state for i, state in states.items() if state != PENDING_STATE}
        old = self._reviews
        changed = [i for i in old.keys() | reviewed.keys() if old.get(i) != reviewed.get(i)]
        self._reviews = reviewed
        self._review_rows_changed(changed)

    def update_review_states(self, states: dict[int, ReviewState]) -> None:
        """Change the review states of these annotations only (the others stay as they are)."""
        changed = []
        for annotation_id, state in states.items():
            if self._reviews.get(annotation_id, PENDING_STATE) == state:
                continue
            changed.append(annotation_id)
            if state == PENDING_STATE:
                del self._reviews[annotation_id]
            else:
                self._reviews[annotation_id] = state
        self._review_rows_changed(changed)

    def _review_rows_changed(self, annotation_ids: Iterable[int]) -> None:
        annotation_ids = list(annotation_ids)
        if annotation_ids:
            self.review_states_changed.emit(annotation_ids)
        if len(annotation_ids) > BULK_CHANGE_ROWS:  # a document just shown: one signal, rows unsought
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_REVIEW))
            return
        # Whole rows: the filter reads every cell.
        for row in [r for r in map(self.row_of, annotation_ids) if r is not None]:
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_REVIEW))

    def review_state(self, annotation_id: int) -> ReviewState:
        """An annotation's review state as last set (pending if unknown)."""
        return self._reviews.get(annotation_id, PENDING_STATE)

    def has_reviews(self) -> bool:
        """True if some annotation of the document (shown or not) has a review."""
        return any(state.reviews for state in self._reviews.values())

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

    def add_annotations(self, annotations: Iterable[AnnotationInfo | AnnotationRow]) -> None:
        """Insert new annotations of this document at their reading-order place (records of
        other documents are left out; rows are taken to be of this one)."""
        fresh: dict[int, AnnotationRow] = {}
        for ann in annotations:
            if type(ann) is not tuple:
                if self._document_id is None:
                    self._document_id = ann.document_id
                if ann.document_id != self._document_id:
                    continue
                ann = as_row(ann)
            if ann[ID] not in self._by_id:
                fresh[ann[ID]] = ann
        new = sorted(fresh.values(), key=reading_key)
        if len(new) > BULK_CHANGE_ROWS:
            self._reset_rows(sorted((*self._rows, *new), key=reading_key))
            return
        for ann in new:
            row = bisect.bisect_left(self._rows, reading_key(ann), key=reading_key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, ann)
            self._by_id[ann[ID]] = ann
            self.endInsertRows()

    def remove_annotations(self, annotations: Iterable[AnnotationInfo | AnnotationRow]) -> None:
        """Drop rows of annotations that were deleted."""
        rows = sorted(
            {row for row in (self.row_of(_id_of(a)) for a in annotations) if row is not None},
            reverse=True,
        )
        if len(rows) > BULK_CHANGE_ROWS:
            gone = {self._rows[row][ID] for row in rows}
            self._reset_rows([a for a in self._rows if a[ID] not in gone])
            return
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._by_id[self._rows.pop(row)[ID]]
            self.endRemoveRows()

    def _reset_rows(self, rows: list[AnnotationRow]) -> None:
        """Show these rows (already in reading order) with one model reset."""
        self.beginResetModel()
        self._rows = rows
        self._by_id = {a[ID]: a for a in rows}
        self.endResetModel()

    def update_annotations(self, annotations: Iterable[AnnotationInfo | AnnotationRow]) -> None:
        """Refresh rows of annotations whose label or note changed."""
        last = len(_HEADERS) - 1
        for ann in map(as_row, annotations):
            old = self._by_id.get(ann[ID])
            if old is None:
                continue
            if reading_key(old) != reading_key(ann):  # moved: it takes its new place
                self.remove_annotations([old])
                self.add_annotations([ann])
                continue
            row = self.row_of(ann[ID])
            assert row is not None
            self._rows[row] = ann
            self._by_id[ann[ID]] = ann
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # --- lookups -------------------------------------------------------------------------------

    def document_id(self) -> int | None:
        """The document shown, if known."""
        return self._document_id

    def annotations(self) -> tuple[AnnotationInfo, ...]:
        """Every annotation shown, in reading order."""
        return self._records(self._rows)

    def rows(self) -> list[AnnotationRow]:
        """Every annotation shown as a row, in reading order (do not change the list)."""
        return self._rows

    def labels(self) -> list[LabelInfo]:
        """The labels known to the model, in display order."""
        return sorted(self._labels.values(), key=lambda lab: lab.position)

    def row_of(self, annotation_id: int) -> int | None:
        """The row of an annotation, or None if it is not shown."""
        ann = self._by_id.get(annotation_id)
        if ann is None:
            return None
        return bisect.bisect_left(self._rows, reading_key(ann), key=reading_key)

    def annotation_at(self, row: int) -> AnnotationInfo | None:
        """The annotation on a row, or None."""
        return self._records([self._rows[row]])[0] if 0 <= row < len(self._rows) else None

    def _records(self, rows: Sequence[AnnotationRow]) -> tuple[AnnotationInfo, ...]:
        document_id = self._document_id or 0
        stamps = self.stamps_of(document_id, [row[ID] for row in rows]) if rows else {}
        labels = self._labels
        return tuple(
            as_info(row, document_id, label.name if (label := labels.get(row[LABEL_ID])) is not None else "",
                    stamps.get(row[ID], NO_STAMPS))
            for row in rows
        )

    def id_at(self, row: int) -> int | None:
        """The id of the annotation on a row, or None."""
        return self._rows[row][ID] if 0 <= row < len(self._rows) else None

    def span_text(self, ann: AnnotationInfo | AnnotationRow) -> str:
        """The annotated text, sliced from the stored text."""
        ann = as_row(ann)
        return self._text[ann[START] : ann[END]]

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of annotations."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Label, text, annotator, note, review."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        """Cell text, swatch, tooltips, edit values and the annotation id."""
        role = int(role)
        if role not in _ANSWERED:  # fonts, alignments, backgrounds...: Qt's defaults
            return None
        row = index.row()
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        ann = self._rows[row]
        column = index.column()
        if role == _DISPLAY:
            return self._display(ann, column)
        if role == _ID:
            return ann[ID]
        if role == _DECORATION:
            return self._icon(ann[LABEL_ID]) if column == COLUMN_LABEL else None
        if role == _FOREGROUND:
            if column != COLUMN_REVIEW:
                return None
            color = REVIEW_COLORS.get(self.review_state(ann[ID]).status)
            return QColor(color) if color else None
        if role == _EDIT:
            if column == COLUMN_LABEL:
                return ann[LABEL_ID]
            if column == COLUMN_NOTE:
                return ann[NOTE]
            return self._display(ann, column)
        if role == _FILTER:
            cells = CELL_SEPARATOR.join(self._display(ann, c) for c in range(len(_HEADERS)))
            return f"{cells}{STATUS_SEPARATOR}{filter_status(self.review_state(ann[ID]))}"
        if role == _SORT:
            if column == COLUMN_TEXT:
                return row  # reading order
            return self._display(ann, column).casefold()
        return self._tooltip(ann, column)  # _TOOLTIP

    def _display(self, ann: AnnotationRow, column: int) -> str:
        if column == COLUMN_LABEL:
            label = self._labels.get(ann[LABEL_ID])
            return label.name if label is not None else ""
        if column == COLUMN_TEXT:
            return one_line(self._text[ann[START] : ann[END]])
        if column == COLUMN_ANNOTATOR:
            return ann[ANNOTATOR]
        if column == COLUMN_NOTE:
            return one_line(ann[NOTE])
        if column == COLUMN_REVIEW:
            mark = REVIEW_MARKS.get(self.review_state(ann[ID]).status)
            return _(mark) if mark else ""
        return ""

    def _tooltip(self, ann: AnnotationRow, column: int) -> str | None:
        if column == COLUMN_TEXT:
            return _rich_tooltip(self._text[ann[START] : ann[END]])
        if column == COLUMN_NOTE:
            return _rich_tooltip(ann[NOTE]) if ann[NOTE] else _("Double-click to add a note")
        if column == COLUMN_LABEL:  # the whole name, should the column cut it
            label = self._labels.get(ann[LABEL_ID])
            if label is None:
                return _("Double-click to change the label")
            return _rich_tooltip(_("{label}\nDouble-click to change the label").format(label=label.name))
        if column == COLUMN_ANNOTATOR:
            return ann[ANNOTATOR]
        if column == COLUMN_REVIEW:
            return _review_tooltip(self.review_state(ann[ID]))
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
        return _CELL_FLAGS[index.column()]

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
            return _(_HEADERS[section])
        return None
