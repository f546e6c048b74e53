"""The Agreement window: the figures `annotator agreement` prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.agreement import PAIR_SEPARATOR, AgreementReport
from annotator.domain.errors import AnnotatorError
from annotator.io.agreement_report import report_csv
from annotator.io.atomic import replaced_when_done
from annotator.services.agreement import agreement_report, list_annotators
from annotator.services.labels import list_labels
from annotator.ui.widgets.file_dialogs import ask_save_path

if TYPE_CHECKING:
    from annotator.services import Project
    from annotator.ui.context import FeatureContext
    from annotator.ui.events import ProjectEvents
    from annotator.ui.workspace.workspace import Workspace

AnyIndex = QModelIndex | QPersistentModelIndex
ALL_LABELS = "All labels"
SCOPES = ("All documents", "Current document")
#: What each measure is, for the tooltip of the Measure column (A: the reference, B: the other).
MEASURE_HELP = {
    "precision_exact": "Share of B's spans that match a span of A exactly (same start, end, label)",
    "recall_exact": "Share of A's spans that B matched exactly (same start, end, label)",
    "f1_exact": "Harmonic mean of exact precision and recall",
    "precision_overlap": "Share of B's spans sharing at least one character with an A span "
                         "of the same label",
    "recall_overlap": "Share of A's spans sharing at least one character with a B span "
                      "of the same label",
    "f1_overlap": "Harmonic mean of overlap precision and recall",
    "cohen_kappa": "Cohen's kappa over tokens: agreement on each token's label, corrected for "
                   "chance (1 = perfect, 0 = chance level)",
    "krippendorff_alpha": "Krippendorff's alpha (nominal) over tokens, all annotators at once "
                          "(1 = perfect, 0 = chance level)",
}


class AgreementModel(QAbstractTableModel):
    """One row per figure: label, measure, annotators, value, units and a note."""

    COLUMNS = ("Label", "Measure", "Annotators", "Value", "Units", "Note")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None

    def set_report(self, report: AgreementReport | None) -> None:
        """Show these figures (None: an empty table)."""
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Number of figures."""
        return 0 if parent.isValid() or self.report is None else len(self.report.figures)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell: values with four decimals, "–" when undefined (the note says why)."""
        if not index.isValid() or self.report is None:
            return None
        fig = self.report.figures[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = "–" if fig.value is None else f"{fig.value:.4f}"
            return (fig.label, fig.measure, PAIR_SEPARATOR.join(fig.annotators), value,
                    str(fig.units), fig.note)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return MEASURE_HELP.get(fig.measure)
            return fig.note or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SaveAgreementDialog:
    """Asks where to save the figures as CSV (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen path, or None."""
        return ask_save_path(parent, "Save agreement figures", "agreement.csv",
                             "CSV files (*.csv);;All files (*)")


class AgreementWindow(QWidget):
    """A non-modal window: choose annotators, label and scope; read the figures."""

    def __init__(self, project: Project, events: ProjectEvents, workspace: Workspace,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("agreementWindow")
        self.setWindowTitle("Agreement — Annotator")
        self.resize(760, 600)
        self._project, self._workspace = project, workspace
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)

        self.annotator_list = QListWidget(objectName="agreementAnnotators")
        self.annotator_list.setMaximumHeight(110)
        self.annotator_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.annotator_list.setToolTip("Tick the annotators to compare; drag one to the top to "
                                       "make it the reference")
        self.label_box = QComboBox(objectName="agreementLabel")
        self.scope_box = QComboBox(objectName="agreementScope")
        self.scope_box.addItems(SCOPES)
        self.model = AgreementModel(self)
        self.table = QTableView(objectName="agreementTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(objectName="agreementSummary")
        self.summary.setWordWrap(True)
        self.copy_button = QPushButton("&Copy", objectName="agreementCopy")
        self.copy_button.setToolTip("Copy the figures as CSV")
        self.save_button = QPushButton("&Save CSV…", objectName="agreementSave")

        form = QFormLayout()
        form.addRow("Annotators (first checked = reference;\ndrag to reorder):",
                    self.annotator_list)
        form.addRow("Label:", self.label_box)
        form.addRow("Documents:", self.scope_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.annotator_list.itemChanged.connect(self.schedule_refresh)
        self.annotator_list.model().rowsMoved.connect(self.schedule_refresh)
        self.label_box.currentIndexChanged.connect(self.schedule_refresh)
        self.scope_box.currentIndexChanged.connect(self.schedule_refresh)
        self.copy_button.clicked.connect(self.copy_csv)
        self.save_button.clicked.connect(self.save_csv)
        for key in (QKeySequence.StandardKey.Close, QKeySequence(Qt.Key.Key_Escape)):
            QShortcut(key, self, activated=self.close)
        for signal in (events.annotations_added, events.annotations_removed,
                       events.annotations_updated, events.contents_changed,
                       events.documents_changed):
            signal.connect(self._on_project_changed)
        events.labels_changed.connect(self._on_project_changed)
        workspace.document_shown.connect(self._on_workspace_document_shown)
        self.reload_choices()

    # ----- choices ------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Re-read annotators and labels; keep what was chosen and the order (new annotators
        come checked, at the end)."""
        items = [self.annotator_list.item(i) for i in range(self.annotator_list.count())]
        unchecked = {item.text() for item in items if item.checkState() != Qt.CheckState.Checked}
        known = list_annotators(self._project)
        listed = [item.text() for item in items if item.text() in known]
        ordered = listed + [name for name in known if name not in listed]
        label = self.label_box.currentText()
        for widget in (self.annotator_list, self.label_box):
            widget.blockSignals(True)
        try:
            self.annotator_list.clear()
            for name in ordered:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                unticked = name in unchecked
                item.setCheckState(Qt.CheckState.Unchecked if unticked else Qt.CheckState.Checked)
                self.annotator_list.addItem(item)
            self.label_box.clear()
            self.label_box.addItems([ALL_LABELS, *(lab.name for lab in list_labels(self._project))])
            self.label_box.setCurrentIndex(max(0, self.label_box.findText(label)))
        finally:
            for widget in (self.annotator_list, self.label_box):
                widget.blockSignals(False)

    def chosen_annotators(self) -> list[str]:
        """Checked annotators, in list order."""
        items = (self.annotator_list.item(i) for i in range(self.annotator_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    # ----- figures ------------------------------------------------------------------------

    def schedule_refresh(self, *_args: object) -> None:
        """Recompute soon (once for a burst of changes), or when next shown."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Compute the figures for the current choices; a refusal is shown in the summary."""
        self._stale = False
        annotators = self.chosen_annotators()
        label = self.label_box.currentText()
        labels = [] if label in ("", ALL_LABELS) else [label]
        documents: list[str] = []
        if self.scope_box.currentIndex() == 1:
            current = self._workspace.document
            if current is None:
                self._show(None, "No document is open.")
                return
            documents = [current.uuid]
        if len(annotators) < 2:
            self._show(None, "Check at least two annotators.")
            return
        try:
            report = agreement_report(self._project, annotators, labels, documents)
        except AnnotatorError as exc:
            self._show(None, str(exc))
            return
        documents_text = f"{report.documents} document{'' if report.documents == 1 else 's'}"
        self._show(report, f"{documents_text}, {report.tokens} tokens; span figures of each "
                           f"annotator against {annotators[0]}.")

    def _show(self, report: AgreementReport | None, message: str) -> None:
        self.model.set_report(report)
        self.summary.setText(message)
        self.copy_button.setEnabled(report is not None)
        self.save_button.setEnabled(report is not None)

    def copy_csv(self) -> None:
        """Put the figures on the clipboard as CSV."""
        if self.model.report is not None:
            QGuiApplication.clipboard().setText(report_csv(self.model.report))
            self.summary.setText("Figures copied as CSV.")

    def save_csv(self) -> None:
        """Write the figures to a CSV file the user chooses."""
        if self.model.report is None:
            return
        path = SaveAgreementDialog.ask(self)
        if path is None:
            return
        try:  # complete or not at all, and never over the project
            with replaced_when_done(path, encoding="utf-8", project=self._project.path) as out:
                out.write(report_csv(self.model.report))
        except AnnotatorError as exc:
            self.summary.setText(f"Could not save: {exc}")
            return
        self.summary.setText(f"Saved {path}.")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Bring stale figures up to date when the window appears."""
        super().showEvent(event)
        if self._stale:
            self._timer.start()

    def _on_project_changed(self, *_args: object) -> None:
        self.reload_choices()
        self.schedule_refresh()

    def _on_workspace_document_shown(self, _document_id: int) -> None:
        if self.scope_box.currentIndex() == 1:
            self.schedule_refresh()


class AgreementFeature(QObject):
    """The Review menu entry and the window it opens (made on first use)."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self._context = context
        self.agreement_window: AgreementWindow | None = None
        self.action = QAction("&Agreement…", context.parent)
        self.action.setObjectName("agreementAction")
        self.action.setStatusTip("Span F1, Cohen's kappa and Krippendorff's alpha between annotators")
        self.action.triggered.connect(self.show_window)
        menu = context.menu("reviewMenu")
        menu.addSeparator()
        menu.addAction(self.action)

    def show_window(self) -> AgreementWindow:
        """Open (or raise) the Agreement window."""
        if self.agreement_window is None:
            context = self._context
            self.agreement_window = AgreementWindow(context.project, context.events,
                                                    context.workspace, context.parent)
        self.agreement_window.show()
        self.agreement_window.raise_()
        self.agreement_window.activateWindow()
        return self.agreement_window

