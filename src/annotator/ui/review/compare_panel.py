"""Compare mode: two annotators' spans on the current document, difference by difference."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.compare import (
    BOUNDARY_DIFFERS,
    LABEL_DIFFERS,
    ONLY_A,
    ONLY_B,
    CompareSpan,
    Comparison,
    Difference,
    compare_spans,
)
from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.domain.wording import ntext
from annotator.i18n import _, pgettext
from annotator.ui.review.review_bar import quoted
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.workspace.annotation_table import ELLIPSIS, one_line

COLUMN_KIND = 0
COLUMN_A = 1
COLUMN_B = 2
COLUMN_TEXT = 3
SPAN_CELL_LIMIT = 48
EXCERPT_LIMIT = 160

_Index = QModelIndex | QPersistentModelIndex


def _compare_span(ann: AnnotationInfo) -> CompareSpan:
    return CompareSpan(ann.start, ann.end, ann.label, ann.id)


def middle_cut(text: str, limit: int) -> str:
    """Text on one line; a long one keeps its start and its end (where boundaries differ)."""
    flat = one_line(text, len(text) + 1)
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return f"{flat[:half]}{ELLIPSIS}{flat[len(flat) - (limit - 1 - half):]}"


def default_pair(annotations: Iterable[AnnotationInfo], current: str) -> tuple[str, str | None]:
    """You, and the other annotator with the most annotations here (None if nobody else)."""
    counts = Counter(a.annotator for a in annotations if a.annotator != current)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return current, (ranked[0][0] if ranked else None)


class DifferenceModel(QAbstractTableModel):
    """One row per difference: kind, A's span, B's span, the text they cover."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._comparison = Comparison((), 0)
        self._text = ""
        self._names = ("A", "B")
        self._icons: dict[str, QIcon] = {}
        self._colors: dict[str, str] = {}

    def set_labels(self, labels: Iterable[LabelInfo]) -> None:
        """Label colours for the swatches (by label name); rows shown take new colours at once
        (the colour-blind-safe palette turned on or off)."""
        colors = {lab.name: lab.color for lab in labels}
        if colors == self._colors:
            return
        self._colors = colors
        self._icons = {}
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DecorationRole])

    def set_comparison(self, comparison: Comparison, text: str, a_name: str, b_name: str) -> None:
        """Show the differences of `comparison`; `text` is the stored text they index into."""
        self.beginResetModel()
        self._comparison = comparison
        self._text = text
        self._names = (a_name, b_name)
        self.endResetModel()

    @property
    def comparison(self) -> Comparison:
        """What is listed."""
        return self._comparison

    def difference_at(self, row: int) -> Difference | None:
        """The difference on a row, or None."""
        diffs = self._comparison.differences
        return diffs[row] if 0 <= row < len(diffs) else None

    def kind_text(self, diff: Difference) -> str:
        """What the difference is, in words."""
        if diff.kind == ONLY_A:
            return _("Only {name}").format(name=self._names[0])
        if diff.kind == ONLY_B:
            return _("Only {name}").format(name=self._names[1])
        if diff.kind == LABEL_DIFFERS:
            return _("Different labels")
        if diff.kind == BOUNDARY_DIFFERS and not diff.same_label:
            return _("Different extent and label")
        return _("Different extent")

    def _span_text(self, span: CompareSpan | None, limit: int = SPAN_CELL_LIMIT) -> str:
        if span is None:
            return "—"
        return _("{label}: {text}").format(
            label=span.label, text=quoted(middle_cut(self._text[span.start : span.end], limit)))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of differences."""
        return 0 if parent.isValid() else len(self._comparison.differences)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Kind, A, B, text."""
        return 0 if parent.isValid() else 4

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, label swatches and whole spans in tooltips."""
        diff = self.difference_at(index.row()) if index.isValid() else None
        if diff is None:
            return None
        column = index.column()
        span = diff.a if column == COLUMN_A else diff.b if column == COLUMN_B else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_KIND:
                return self.kind_text(diff)
            if column == COLUMN_TEXT:
                return one_line(self._text[diff.start : diff.end], EXCERPT_LIMIT)
            return self._span_text(span)
        if role == Qt.ItemDataRole.DecorationRole and span is not None:
            color = self._colors.get(span.label)
            if color is None:
                return None
            if color not in self._icons:
                self._icons[color] = swatch_icon(color)
            return self._icons[color]
        if role == Qt.ItemDataRole.ToolTipRole and column in (COLUMN_A, COLUMN_B, COLUMN_TEXT):
            if column == COLUMN_TEXT:
                return one_line(self._text[diff.start : diff.end], 2000)
            return self._span_text(span, 2000)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles name the two annotators."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Difference"), _("A: {name}").format(name=self._names[0]),
                  _("B: {name}").format(name=self._names[1]), pgettext("column", "Text"))
        return titles[section] if 0 <= section < len(titles) else None


class ComparePanel(QWidget):
    """Pick annotators A and B; lists where they differ; next/previous go through the list."""

    difference_chosen = Signal(int, int)  # start, end (code points) of the difference to show
    message_posted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self._annotations: list[AnnotationInfo] = []
        self._text = ""
        self._current_annotator = ""
        self._picked: list[str | None] = [None, None]  # names the user chose for A and B
        self._filling = False
        # Where the selected difference was when it went away (resolved): F8 goes on from there.
        self._resume_at: tuple[int, int] | None = None

        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("compareA")
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("compareB")
        for side, combo in enumerate((self.a_combo, self.b_combo)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _row, s=side: self._on_combo_activated(s))
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.previous_button = QPushButton(_("◀ Previous"), self)
        self.previous_button.setObjectName("comparePrevious")
        self.previous_button.setToolTip(_("Previous difference (Shift+F8)"))
        self.previous_button.setAccessibleName(_("Previous difference"))
        self.previous_button.clicked.connect(self.previous_difference)
        self.next_button = QPushButton(_("Next ▶"), self)
        self.next_button.setObjectName("compareNext")
        self.next_button.setToolTip(_("Next difference (F8)"))
        self.next_button.setAccessibleName(_("Next difference"))
        self.next_button.clicked.connect(self.next_difference)

        self.model = DifferenceModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("compareTable")
        self.table.setAccessibleName(_("Differences between the two annotators"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMN_KIND, 150)
        header.resizeSection(COLUMN_A, 230)
        header.resizeSection(COLUMN_B, 230)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        top = QHBoxLayout()
        a_caption, b_caption = QLabel(_("Compare A"), self), QLabel(_("with B"), self)
        a_caption.setBuddy(self.a_combo)
        b_caption.setBuddy(self.b_combo)
        self.a_combo.setAccessibleName(_("Annotator A"))
        self.b_combo.setAccessibleName(_("Annotator B"))
        top.addWidget(a_caption)
        top.addWidget(self.a_combo)
        top.addWidget(b_caption)
        top.addWidget(self.b_combo)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    # ----- filling ----------------------------------------------------------------------------

    def set_labels(self, labels: Iterable[LabelInfo]) -> None:
        """Label colours for the swatches."""
        self.model.set_labels(labels)

    def set_document(self, text: str, annotations: Iterable[AnnotationInfo], current: str) -> None:
        """Compare on this document (`current` is the annotator at the keyboard); keeps A and B
        when they still make sense here."""
        another_text = text != self._text
        self._text = text
        self._annotations = list(annotations)
        self._current_annotator = current
        self._refresh()
        if another_text:
            self._resume_at = None  # another document: F8 starts at its first difference

    def set_pair(self, a_name: str, b_name: str) -> None:
        """Compare these two annotators."""
        self._picked = [a_name, b_name]
        self._refresh()

    @property
    def pair(self) -> tuple[str, str | None]:
        """The annotators compared (B is None when nobody else tagged the document)."""
        a = self.a_combo.currentText()
        return a, (self.b_combo.currentText() or None)

    @property
    def comparison(self) -> Comparison:
        """The differences listed and the matching count."""
        return self.model.comparison

    def _choose_pair(self) -> tuple[str, str | None, list[str]]:
        here = {a.annotator for a in self._annotations}
        names = sorted(here | {self._current_annotator}, key=str.casefold)
        default_a, default_b = default_pair(self._annotations, self._current_annotator)
        a = self._picked[0] if self._picked[0] in names else default_a
        b = self._picked[1] if self._picked[1] in here and self._picked[1] != a else None
        if b is None:
            b = default_b if default_b != a else default_pair(self._annotations, a)[1]
        return a, b, names

    def _refresh(self) -> None:
        a, b, names = self._choose_pair()
        self._filling = True
        try:
            for combo, chosen in ((self.a_combo, a), (self.b_combo, b)):
                combo.clear()
                combo.addItems(names)
                combo.setCurrentIndex(names.index(chosen) if chosen in names else -1)
        finally:
            self._filling = False
        previous = self.current_difference()
        a_spans = [_compare_span(x) for x in self._annotations if x.annotator == a]
        b_spans = [_compare_span(x) for x in self._annotations if b is not None and x.annotator == b]
        comparison = compare_spans(a_spans, b_spans)
        self.model.set_comparison(comparison, self._text, a, b or "—")
        self._update_summary(a, b)
        if previous is not None and previous in comparison.differences:
            self._select_row(comparison.differences.index(previous), announce=False)
        elif previous is not None:
            self._resume_at = (previous.start, previous.end)

    def _update_summary(self, a: str, b: str | None) -> None:
        result = self.model.comparison
        if b is None:
            self.summary.setText(_("Nobody else has tagged this document"))
        else:
            n = len(result.differences)
            only_a, only_b = result.count(ONLY_A), result.count(ONLY_B)
            labels, extents = result.count(LABEL_DIFFERS), result.count(BOUNDARY_DIFFERS)
            counts = [
                only_a and ntext(only_a, "{count} only {name}", "{count} only {name}", name=a),
                only_b and ntext(only_b, "{count} only {name}", "{count} only {name}", name=b),
                labels and ntext(labels, "{count} different labels", "{count} different labels"),
                extents and ntext(extents, "{count} different extent", "{count} different extent"),
            ]
            detail = ", ".join(part for part in counts if part)
            matching = ntext(result.matching, "{count} matching", "{count} matching")
            differences = ntext(n, "{count} difference", "{count} differences")
            line = f"{matching} · {differences}"
            self.summary.setText(f"{line} ({detail})" if detail else line)
        has_any = bool(result.differences)
        self.next_button.setEnabled(has_any)
        self.previous_button.setEnabled(has_any)

    # ----- moving through the differences -----------------------------------------------------

    def current_difference(self) -> Difference | None:
        """The difference selected in the list, if any."""
        return self.model.difference_at(self.table.currentIndex().row())

    def next_difference(self) -> bool:
        """Select the next difference (after the last one: the first) and show it in the article."""
        return self._step(+1)

    def previous_difference(self) -> bool:
        """Select the previous difference (before the first one: the last) and show it."""
        return self._step(-1)

    def _step(self, direction: int) -> bool:
        n = self.model.rowCount()
        if n == 0:
            self.message_posted.emit(_("No differences between the two annotators here"))
            return False
        row = self.table.currentIndex().row()
        if row < 0 and self._resume_at is not None:
            row = self._row_beside(self._resume_at, direction)
        elif row < 0:
            row = 0 if direction > 0 else n - 1
        else:
            row += direction
            if not 0 <= row < n:
                row %= n
                self.message_posted.emit(_("Back to the first difference") if direction > 0
                                         else _("Back to the last difference"))
        self._select_row(row)
        return True

    def _row_beside(self, where: tuple[int, int], direction: int) -> int:
        """The first difference after `where` in text order (direction +1), or the last one
        before it (-1); round the list when there is none."""
        rows = range(self.model.rowCount())
        spans = [(d.start, d.end) for d in self.model.comparison.differences]
        if direction > 0:
            return next((row for row in rows if spans[row] > where), 0)
        return next((row for row in reversed(rows) if spans[row] < where), len(spans) - 1)

    def _select_row(self, row: int, announce: bool = True) -> None:
        self._resume_at = None
        index = self.model.index(row, COLUMN_KIND)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self._filling = True  # announced below, also when the row was current already
        try:
            self.table.selectionModel().setCurrentIndex(index, flags)
        finally:
            self._filling = False
        self.table.scrollTo(index)
        if announce:
            self._announce(row)

    def _announce(self, row: int) -> None:
        diff = self.model.difference_at(row)
        if diff is not None:
            self.difference_chosen.emit(diff.start, diff.end)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._filling and current.isValid():
            self._announce(current.row())

    def _on_combo_activated(self, side: int) -> None:
        if self._filling:
            return
        self._picked = [self.a_combo.currentText() or None, self.b_combo.currentText() or None]
        if side == 0 and self._picked[0] == self._picked[1]:
            self._picked[1] = None  # B gets a fresh default
        self._refresh()
