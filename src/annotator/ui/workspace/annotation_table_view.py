"""The table of a document's annotations: the view, with a label picker for the Label column."""

from __future__ import annotations

from operator import itemgetter

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from annotator.i18n import N_, _
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.widgets.theme import show_focus
from annotator.ui.workspace.annotation_rows import ANNOTATOR, ID, LABEL_ID, NOTE
from annotator.ui.workspace.annotation_table import (
    ANNOTATION_ID_ROLE,
    COLUMN_ANNOTATOR,
    COLUMN_LABEL,
    COLUMN_NOTE,
    COLUMN_REVIEW,
    COLUMN_TEXT,
    ELLIPSIS,
    FILTER_ROLE,
    REVIEW_MARKS,
    SORT_ROLE,
    STATUS_SEPARATOR,
    AnnotationTableModel,
    _Index,
)


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


NOTE_COLUMN_MAX = 110
"""The Note column fits its notes up to this width (pixels); longer notes are cut."""

TEXT_MIN_CHARS = 12
"""The Text column keeps room for about this many average characters (a scroll bar appears sooner)."""

CELL_PADDING = 12
"""Room around a cell's text and swatch (the style's margins and the focus frame)."""

FIT_DISTINCT_VALUES = 200
"""A column is fitted to at most this many of its distinct values (each measured on one row)."""

_FITTED_COLUMNS = ((COLUMN_LABEL, itemgetter(LABEL_ID)), (COLUMN_ANNOTATOR, itemgetter(ANNOTATOR)),
                   (COLUMN_NOTE, itemgetter(NOTE)))

#: The review filter's choices: (shown text, status wanted; "" for every annotation).
# Translators: which annotations the table shows by review status (annotations: feminine plural).
REVIEW_FILTERS = ((N_("All"), ""), (N_("Pending"), "pending"), (N_("Accepted"), "accepted"),
                  (N_("Rejected"), "rejected"))


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Filters rows by text in any column and by review status, both in one expression.

    The expression runs on the model's FILTER_ROLE ("cells<RS>status"), so an unfiltered table
    costs nothing per row.
    """

    def __init__(self, source: AnnotationTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._review = ""
        self.setSourceModel(source)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(COLUMN_LABEL)

    def review_filter(self) -> str:
        """The review status rows must have: "" (all), "pending", "accepted" or "rejected"."""
        return self._review

    def set_filters(self, text: str | None = None, review: str | None = None) -> None:
        """Change the text filter and/or the review filter (None keeps one as it is)."""
        self._text = self._text if text is None else text
        self._review = self._review if review is None else review
        cells = f"^(?=[^{STATUS_SEPARATOR}]*{QRegularExpression.escape(self._text)})"
        status = f"{STATUS_SEPARATOR}{self._review}$" if self._review else ""
        pattern = (cells + ".*" if self._text else "") + status
        options = (
            QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.DotMatchesEverythingOption
        )
        self.setFilterRegularExpression(QRegularExpression(pattern, options))


class ReviewFilterCombo(QComboBox):
    """All / Pending / Accepted / Rejected: which annotations the table shows by review status."""

    def __init__(self, view: AnnotationTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewFilter")
        self.setToolTip(_("Show annotations by review status (pending: not accepted or rejected yet)"))
        for text, wanted in REVIEW_FILTERS:
            self.addItem(_(text), wanted)
        self.currentIndexChanged.connect(lambda _row: view.set_review_filter(self.currentData()))


class AnnotationTableView(QTableView):
    """Sortable, filterable table of annotations; Delete asks to delete the selected ones."""

    delete_requested = Signal(object)  # tuple[int, ...] of annotation ids
    annotation_selected = Signal(int)  # annotation id of the new current row

    def __init__(self, model: AnnotationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationTable")
        self._source = model
        self._quiet = False
        self._measured: dict[int, dict[object, int]] = {}  # column -> width of each value shown
        self.proxy = AnnotationFilterProxy(model, self)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setItemDelegateForColumn(COLUMN_LABEL, LabelComboDelegate(model, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        show_focus(self)
        self.setTabKeyNavigation(False)  # Tab leaves the table (rows are chosen with the arrow keys)
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
        header.setResizeContentsPrecision(200)  # fit columns to the first rows, not all 10,000
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance(ELLIPSIS * 3) + CELL_PADDING)
        header.setStretchLastSection(False)  # the Text column takes the spare width instead
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMN_LABEL, 100)
        header.resizeSection(COLUMN_ANNOTATOR, 80)
        header.resizeSection(COLUMN_NOTE, NOTE_COLUMN_MAX)
        rejected = _(REVIEW_MARKS["rejected"])
        header.resizeSection(COLUMN_REVIEW, self.fontMetrics().horizontalAdvance(rejected) + 16)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # reading order first
        self.setSortingEnabled(True)
        self.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.proxy.rowsRemoved.connect(self._end_quiet)
        model.modelReset.connect(self._fit_columns)
        model.dataChanged.connect(self._on_data_changed)

    def setColumnHidden(self, column: int, hide: bool) -> None:
        """Hide or show a column, leaving the Text column room to be read."""
        super().setColumnHidden(column, hide)
        self._keep_text_readable()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrower table narrows the Note and Annotator columns before the Text column."""
        super().resizeEvent(event)
        self._keep_text_readable()

    def label_column_minimum(self) -> int:
        """The width of the codebook's longest label name with its swatch (label names only)."""
        metrics = self.fontMetrics()
        names = [label.name for label in self._source.labels()]
        longest = max(map(metrics.horizontalAdvance, names), default=0)
        swatch = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        return longest + swatch + CELL_PADDING

    def text_column_minimum(self) -> int:
        """The narrowest the Text column gets while other columns can give way."""
        return TEXT_MIN_CHARS * self.fontMetrics().averageCharWidth() + CELL_PADDING

    def _on_data_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex) -> None:
        if top_left.column() == COLUMN_LABEL:  # a codebook change may bring a longer name
            wanted = self.label_column_minimum()
            if self.columnWidth(COLUMN_LABEL) < wanted:
                self.setColumnWidth(COLUMN_LABEL, wanted)
                self._keep_text_readable()

    def _keep_text_readable(self) -> None:
        """Give the Text column its minimum: from the Note, then the Annotator column (down to
        their titles), then with a scroll bar; it stretches again when there is room."""
        header = self.horizontalHeader()
        others = {c: self.columnWidth(c) for c in range(self.model().columnCount())
                  if c != COLUMN_TEXT and not self.isColumnHidden(c)}
        wanted = self.text_column_minimum()
        missing = wanted - (self.viewport().width() - sum(others.values()))
        for column in (COLUMN_NOTE, COLUMN_ANNOTATOR):
            if missing <= 0 or column not in others:
                continue
            give = min(missing, max(0, others[column] - header.sectionSizeHint(column)))
            if give:
                self.setColumnWidth(column, others[column] - give)
                missing -= give
        if missing > 0:
            header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(COLUMN_TEXT, wanted)
        elif header.sectionResizeMode(COLUMN_TEXT) != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Stretch)

    def set_filter_text(self, text: str) -> None:
        """Show only rows with `text` in some column (case-insensitive)."""
        self._quiet = True
        try:
            self.proxy.set_filters(text=text)
        finally:
            self._quiet = False

    def set_review_filter(self, wanted: str) -> None:
        """Show only annotations whose review status passes `wanted` ("" shows all)."""
        self._quiet = True
        try:
            self.proxy.set_filters(review=wanted)
        finally:
            self._quiet = False

    def selected_annotation_ids(self) -> tuple[int, ...]:
        """Ids of the selected annotations, in reading order."""
        rows = sorted(
            self.proxy.mapToSource(index).row() for index in self.selectionModel().selectedRows()
        )
        found = (self._source.id_at(row) for row in rows)
        return tuple(annotation_id for annotation_id in found if annotation_id is not None)

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
        if not self._source.rowCount():
            return
        widths = {
            COLUMN_LABEL: max(self._content_width(COLUMN_LABEL), self.label_column_minimum()),
            COLUMN_ANNOTATOR: self._content_width(COLUMN_ANNOTATOR),
            # Notes are often empty: a narrow Note column leaves the width to the Text column.
            COLUMN_NOTE: self._content_width(COLUMN_NOTE, NOTE_COLUMN_MAX),
        }
        self._leave_room_for_text(widths)
        for column, width in widths.items():
            if self.columnWidth(column) != width:  # a width set anew repaints the table again
                self.setColumnWidth(column, width)
        self._keep_text_readable()

    def _content_width(self, column: int, limit: int | None = None) -> int:
        """What resizeColumnToContents gives, measuring each distinct value once (a document's
        thousands of rows hold a few labels and annotators, measured once per session), and no
        wider than `limit`."""
        header = self.horizontalHeader()
        width = 0 if header.isHidden() else header.sectionSizeHint(column)
        rows = self._source.rows()
        value_of = dict(_FITTED_COLUMNS)[column]
        shown = self.proxy.rowCount()
        if shown != len(rows):  # a filter hides rows: only the shown ones count
            rows = [rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in range(shown)]
        values = set(map(value_of, rows))
        texts: dict[object, object] = {value: value for value in values}
        if column == COLUMN_LABEL:  # a label is shown by its name, which may change
            names = {label.id: label.name for label in self._source.labels()}
            texts = {value: names.get(value, "") for value in values}
        measured = self._measured.setdefault(column, {})
        new = [value for value in values if texts[value] not in measured]
        if new:
            # The first row holding each value (later rows overwrite earlier ones: go backwards).
            first_rows = dict(zip(map(value_of, reversed(rows)), range(len(rows) - 1, -1, -1),
                                  strict=True))
            grid = 1 if self.showGrid() else 0
            for value in sorted(new, key=first_rows.__getitem__)[:FIT_DISTINCT_VALUES]:
                row = self._source.row_of(rows[first_rows[value]][ID])
                index = self.proxy.mapFromSource(self._source.index(row, column))
                measured[texts[value]] = self.sizeHintForIndex(index).width() + grid
        widths = [measured[texts[value]] for value in values if texts[value] in measured]
        width = max([width, *widths])
        return width if limit is None else min(width, limit)

    def _leave_room_for_text(self, widths: dict[int, int]) -> None:
        """Narrow the Note, then the Annotator column of `widths` (the others as they are) so that
        the Text column keeps a third of the width (the columns stay draggable)."""
        width = self.viewport().width()
        others = [c for c in range(self.model().columnCount())
                  if c != COLUMN_TEXT and not self.isColumnHidden(c)]
        used = sum(widths.get(c, self.columnWidth(c)) for c in others)
        missing = max(width // 3, self.text_column_minimum()) - (width - used)
        header = self.horizontalHeader()
        for column in (COLUMN_NOTE, COLUMN_ANNOTATOR):
            narrowest = header.sectionSizeHint(column)  # the title stays readable
            if missing <= 0 or self.isColumnHidden(column):
                continue
            give = min(missing, max(0, widths[column] - narrowest))
            widths[column] -= give
            missing -= give

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

