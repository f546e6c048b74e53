"""The Agreement window's Documents tab: each counted document's overall figures, as
`annotator agreement --by document` lists them, in a sortable table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from annotator.domain.agreement import OVERALL, AgreementReport, Figure, note_wording
from annotator.domain.agreement_documents import DocumentAgreement
from annotator.i18n import N_, _, decimal, number

AnyIndex = QModelIndex | QPersistentModelIndex
#: The value a column sorts by: a casefolded title, a number, or None (undefined, sorted last).
SORT_ROLE = Qt.ItemDataRole.UserRole
#: The document's UUID, on every cell of its row.
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1
NO_TITLE = N_("(no title)")
ALPHA = "krippendorff_alpha"
PAIR_MEASURES = ("f1_exact", "f1_overlap", "cohen_kappa")


def _measures(report: AgreementReport) -> list[tuple[str, tuple[str, ...]]]:
    """The figure columns: F1 and kappa of each compared pair, then alpha (of everyone)."""
    pairs = [fig.annotators for fig in report.figures
             if fig.label == OVERALL and fig.measure == "cohen_kappa"]
    return [(measure, pair) for pair in pairs for measure in PAIR_MEASURES] + [
        (ALPHA, report.annotators)
    ]


class DocumentAgreementModel(QAbstractTableModel):
    """One row per counted document: title, tokens, overall F1 (exact, overlap) and kappa of each
    compared annotator against the reference, and alpha."""

    FIXED = (N_("Document"), N_("Tokens"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None
        self.documents: tuple[DocumentAgreement, ...] = ()
        self._measures: list[tuple[str, tuple[str, ...]]] = []
        self._figures: list[dict[tuple[str, tuple[str, ...]], Figure]] = []

    def set_documents(self, report: AgreementReport | None,
                      documents: Sequence[DocumentAgreement] = ()) -> None:
        """Show these documents' figures (None: an empty table)."""
        self.beginResetModel()
        self.report = report
        self.documents = tuple(documents) if report is not None else ()
        self._measures = _measures(report) if report is not None else []
        self._figures = [
            {(fig.measure, fig.annotators): fig for fig in doc.figures if fig.label == OVERALL}
            for doc in self.documents
        ]
        self.endResetModel()

    @property
    def alpha_column(self) -> int:
        """The column of Krippendorff's alpha (the last one)."""
        return len(self.FIXED) + max(len(self._measures), 1) - 1

    def document_at(self, row: int) -> DocumentAgreement | None:
        """The document of a row of this model, or None."""
        return self.documents[row] if 0 <= row < len(self.documents) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Number of documents."""
        return 0 if parent.isValid() else len(self.documents)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Title, tokens and one column per figure."""
        return 0 if parent.isValid() else len(self.FIXED) + max(len(self._measures), 1)

    def header(self, section: int) -> str:
        """The title of a column: the measure's name, with the compared annotator when there are
        more than two."""
        if section < len(self.FIXED):
            return _(self.FIXED[section])
        if not self._measures:
            return ALPHA
        measure, pair = self._measures[section - len(self.FIXED)]
        many = self.report is not None and len(self.report.annotators) > 2
        return f"{measure} ({pair[1]})" if many and measure != ALPHA else measure

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles; the tooltip says what a figure column holds."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 0:
                return _("The document's title; double-click or press Enter to open it")
            if section == 1:
                return _("Tokens of the document's stored text")
            if self._measures and section - len(self.FIXED) < len(self._measures):
                measure, pair = self._measures[section - len(self.FIXED)]
                if measure == ALPHA:
                    return _("Krippendorff's alpha of every compared annotator, this document alone")
                return _("{measure} of {annotator} against {reference}, this document alone").format(
                    measure=measure, annotator=pair[1], reference=pair[0])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell: values with four decimals, "–" when undefined (the tooltip says why)."""
        if not index.isValid() or not 0 <= index.row() < len(self.documents):
            return None
        document = self.documents[index.row()]
        column = index.column()
        if role == DOCUMENT_ROLE:
            return str(document.document)
        if column == 0:
            title = document.title or _(NO_TITLE)
            if role == Qt.ItemDataRole.DisplayRole:
                return title
            if role == SORT_ROLE:
                return title.casefold()
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{title}\n{document.document}"
            return None
        if column == 1:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return number(document.tokens) if role == Qt.ItemDataRole.DisplayRole else document.tokens
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        position = column - len(self.FIXED)
        if not 0 <= position < len(self._measures):
            return None
        fig = self._figures[index.row()].get(self._measures[position])
        if fig is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if fig.value is None else decimal(fig.value, 4)
        if role == SORT_ROLE:
            return fig.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return note_wording(fig.note) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentAgreementProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`, undefined figures last in either order, equal values in the
    documents' order; filters on the title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802 (Qt API)
        """Undefined after everything (before, in Qt's terms, when sorting down)."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:  # the sort is stable: equal rows stay in the documents' order
            if (a is None) == (b is None):
                return False
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return (a is None) if descending else (b is None)
        return bool(a < b)
