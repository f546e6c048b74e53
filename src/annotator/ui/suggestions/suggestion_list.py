"""The open suggestions of the document shown, listed under its annotations: label, text, source.

The model holds one tuple per suggestion (see `Row`); the text of each cell is sliced from the
stored text when the view asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.wording import ntext
from annotator.i18n import N_, _
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.widgets.theme import show_focus

#: (suggestion id, start, end, kind, label id or None, label name, source suggestion id or None)
Row = tuple[int, int, int, str, int | None, str, int | None]
ID, START, END, KIND, LABEL_ID, LABEL_NAME, SOURCE_ID = range(7)

COLUMN_LABEL, COLUMN_TEXT, COLUMN_SOURCE = range(3)
_HEADERS = (N_("Label"), N_("Text"), N_("Source"))
#: What a suggestion's kind reads when the codebook has no label for it.
KIND_WORDS = {"claim": N_("claim (no label)"), "source": N_("source (no label)")}
EXCERPT = 90
TOOLTIP_LIMIT = 1000
SUGGESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 6

_Index = QModelIndex | QPersistentModelIndex


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """Text on one line, clipped with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


class SuggestionTableModel(QAbstractTableModel):
    """Open suggestions in reading order; one tuple each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._text = ""
        self._colors: dict[int, str] = {}
        self._icons: dict[str, QIcon] = {}  # by colour: the view asks one for every row it measures
        self._spans: dict[int, tuple[int, int]] = {}  # suggestion id -> (start, end)
        self._label_rows: list[int] = []  # the first row of each label text met

    def set_rows(self, text: str, rows: Iterable[Row], colors: dict[int, str]) -> None:
        """Show these suggestions of `text`; `colors` by label id."""
        self.beginResetModel()
        self._text = text
        self._rows = sorted(rows, key=lambda r: (r[START], r[END], r[ID]))
        self._colors = dict(colors)
        self._icons = {}
        self._spans = {r[ID]: (r[START], r[END]) for r in self._rows}
        firsts: dict[tuple[int | None, str], int] = {}
        for number, r in enumerate(self._rows):
            firsts.setdefault((r[LABEL_ID], r[KIND]), number)
        self._label_rows = sorted(firsts.values())
        self.endResetModel()

    def label_rows(self) -> list[int]:
        """One row per different label cell (its first): the rows that decide the column's width."""
        return list(self._label_rows)

    def rows(self) -> list[Row]:
        """The suggestions listed, in reading order."""
        return list(self._rows)

    def row_of(self, suggestion_id: int) -> int:
        """The row of a suggestion, or -1."""
        return next((i for i, r in enumerate(self._rows) if r[ID] == suggestion_id), -1)

    def row_at(self, row: int) -> Row | None:
        """The suggestion in this row, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section]) if 0 <= section < len(_HEADERS) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def label_text(self, row: Row) -> str:
        """The label a suggestion would get, or what it is when the codebook has none for it."""
        if row[LABEL_ID] is None:
            words = KIND_WORDS.get(row[KIND])
            return _(words) if words else _("no label")
        return row[LABEL_NAME]

    def source_text(self, row: Row) -> str:
        """The text of a claim's proposed source, if that source is listed too."""
        span = self._spans.get(row[SOURCE_ID]) if row[SOURCE_ID] is not None else None
        return "" if span is None else self._text[span[0] : span[1]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == SUGGESTION_ID_ROLE:
            return row[ID]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_LABEL:
                return self.label_text(row)
            if column == COLUMN_TEXT:
                return excerpt(self._text[row[START] : row[END]])
            if column == COLUMN_SOURCE:
                return excerpt(self.source_text(row), 40)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COLUMN_SOURCE:
                return excerpt(self.source_text(row), TOOLTIP_LIMIT) or None
            return excerpt(self._text[row[START] : row[END]], TOOLTIP_LIMIT)
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_LABEL and row[LABEL_ID] is not None:
            color = self._colors.get(row[LABEL_ID], "#9e9e9e")
            icon = self._icons.get(color)
            if icon is None:
                icon = self._icons[color] = swatch_icon(color)
            return icon
        if role == Qt.ItemDataRole.ForegroundRole and column == COLUMN_LABEL and row[LABEL_ID] is None:
            return QColor("#757575")
        return None


class SuggestionTable(QTableView):
    """The list of suggestions: Enter accepts the current one, Delete dismisses it."""

    accept_requested = Signal()
    dismiss_requested = Signal()

    def __init__(self, model: SuggestionTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionTable")
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # Sized from one row per label (see fit_label_column), not by Qt measuring every row.
        header.setSectionResizeMode(COLUMN_LABEL, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COLUMN_SOURCE, 110)
        show_focus(self)
        self.installEventFilter(self)
        model.modelReset.connect(self.fit_label_column)
        self.fit_label_column()

    def fit_label_column(self) -> None:
        """Make the label column as wide as its widest cell or its header: the cells measured
        are one per label, since every row of a label reads the same."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegateForColumn(COLUMN_LABEL) or self.itemDelegate()
        grid = 1 if self.showGrid() else 0
        width = self.horizontalHeader().sectionSizeHint(COLUMN_LABEL)
        for row in self._model.label_rows():
            index = self._model.index(row, COLUMN_LABEL)
            width = max(width, delegate.sizeHint(option, index).width() + grid)
        self.horizontalHeader().resizeSection(COLUMN_LABEL, width)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """Fit the label column again when the font or the style changes."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_label_column()

    def current_suggestion(self) -> int | None:
        """The id of the suggestion in the current row, if a row is selected."""
        rows = self.selectionModel().selectedRows()
        return int(rows[0].data(SUGGESTION_ID_ROLE)) if rows else None

    def select_suggestion(self, suggestion_id: int | None) -> None:
        """Select and show a suggestion's row (None: clear the selection)."""
        row = self._model.row_of(suggestion_id) if suggestion_id is not None else -1
        if row < 0:
            self.clearSelection()
            return
        index = self._model.index(row, COLUMN_TEXT)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Enter and Delete act on the selected suggestion (before the window's Delete)."""
        kind = event.type()
        if watched is self and isinstance(event, QKeyEvent) and kind in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            acts = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            if plain and acts and self.current_suggestion() is not None:
                if kind == QEvent.Type.KeyPress:
                    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                        self.accept_requested.emit()
                    else:
                        self.dismiss_requested.emit()
                event.accept()
                return True
        return super().eventFilter(watched, event)


class SuggestionPanel(QWidget):
    """A count, the list, and Accept, Dismiss and Accept all buttons (hidden without suggestions)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionPanel")
        self.model = SuggestionTableModel(self)
        self.table = SuggestionTable(self.model, self)
        self.table.setAccessibleName(_("Suggestions in this document"))
        self.table.setAccessibleDescription(_(
            "Quotations and speakers proposed by rules, not annotations yet: Enter accepts the "
            "selected one, Delete dismisses it; in the article, Tab and Shift+Tab go from one to "
            "the next"))
        self.header = QLabel(self)
        self.header.setObjectName("suggestionCount")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.accept_button = QPushButton(_("Accept"), self)
        self.accept_button.setObjectName("acceptSuggestionButton")
        self.accept_button.setToolTip(_("Make the selected suggestion an annotation (Enter)"))
        self.dismiss_button = QPushButton(_("Dismiss"), self)
        self.dismiss_button.setObjectName("dismissSuggestionButton")
        self.dismiss_button.setToolTip(_("Drop the selected suggestion; it is not proposed again (Delete)"))
        self.accept_all_button = QPushButton(_("Accept all"), self)
        self.accept_all_button.setObjectName("acceptAllSuggestionsButton")
        self.accept_all_button.setToolTip(_("Accept every suggestion in this document, as one step"))
        for button in (self.accept_button, self.dismiss_button, self.accept_all_button):
            button.setAccessibleDescription(button.toolTip())
            button.setAutoDefault(False)
            show_focus(button)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(VISIBLE_ROWS * row_height + header_height + 2 * self.table.frameWidth())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._on_model_reset)
        self._on_model_reset()

    def set_rows(self, text: str, rows: Sequence[Row], colors: dict[int, str]) -> None:
        """List these suggestions (the panel hides itself when there are none)."""
        self.model.set_rows(text, rows, colors)

    def header_text(self) -> str:
        """The line above the list, e.g. "Suggestions (9)"."""
        return self.header.text()

    def _on_model_reset(self) -> None:
        count = self.model.rowCount()
        self.header.setText(ntext(count, "{count} suggestion to review", "{count} suggestions to review"))
        self.accept_all_button.setEnabled(count > 0)
        self.setVisible(count > 0)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.table.current_suggestion() is not None
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
