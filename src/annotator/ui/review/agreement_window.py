"""The Agreement window: the figures `annotator agreement` prints, with their confidence intervals
(`--ci`), and each document's figures (`--by document`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.agreement import PAIR_SEPARATOR, AgreementReport, Figure, note_wording
from annotator.domain.agreement_documents import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    LEVEL,
    MAX_RESAMPLES,
    DocumentAgreement,
    interval_note,
)
from annotator.domain.errors import AnnotatorError, InvalidInput, describe
from annotator.i18n import N_, _, decimal, ngettext, number, percent
from annotator.i18n import interval as decimal_interval
from annotator.io.agreement_report import documents_csv, report_csv
from annotator.io.atomic import replaced_when_done
from annotator.services.agreement import (
    agreement_by_document,
    agreement_with_intervals,
    list_annotators,
)
from annotator.services.labels import list_labels
from annotator.ui.review.document_agreement_model import (
    DOCUMENT_ROLE,
    DocumentAgreementModel,
    DocumentAgreementProxy,
)
from annotator.ui.widgets.background import BackgroundWork, Task
from annotator.ui.widgets.file_dialogs import ask_save_path

if TYPE_CHECKING:
    from annotator.services import Project
    from annotator.ui.context import FeatureContext
    from annotator.ui.events import ProjectEvents
    from annotator.ui.workspace.workspace import Workspace

AnyIndex = QModelIndex | QPersistentModelIndex
ALL_LABELS = N_("All labels")
SCOPES = (N_("All documents"), N_("Current document"))  # translated where shown
#: Least width (pixels) of the By document tab's title column.
TITLE_WIDTH = 200
#: What each measure is, for the tooltip of the Measure column (A: the reference, B: the other).
MEASURE_HELP = {
    "precision_exact": N_("Share of B's spans that match a span of A exactly (same start, end, label)"),
    "recall_exact": N_("Share of A's spans that B matched exactly (same start, end, label)"),
    "f1_exact": N_("Harmonic mean of exact precision and recall"),
    "precision_overlap": N_("Share of B's spans sharing at least one character with an A span "
                            "of the same label"),
    "recall_overlap": N_("Share of A's spans sharing at least one character with a B span "
                         "of the same label"),
    "f1_overlap": N_("Harmonic mean of overlap precision and recall"),
    "cohen_kappa": N_("Cohen's kappa over tokens: agreement on each token's label, corrected for "
                      "chance (1 = perfect, 0 = chance level)"),
    "krippendorff_alpha": N_("Krippendorff's alpha (nominal) over tokens, all annotators at once "
                             "(1 = perfect, 0 = chance level)"),
}


def interval_text(fig: Figure) -> str:
    """A figure's interval as the command line's table shows it, "–" when it has none."""
    interval = fig.interval
    if interval is None or interval.low is None or interval.high is None:
        return "–"
    return decimal_interval(interval.low, interval.high, 4)


def interval_tooltip(fig: Figure, report: AgreementReport) -> str:
    """What a reader should know about a figure's interval: why there is none, how many resamples
    were left out, or how it was drawn."""
    boot = report.bootstrap
    if boot is None:
        return ""
    if fig.value is None:
        if not fig.note:
            return _("No interval")
        return _("No interval: the figure is undefined ({note})").format(note=note_wording(fig.note))
    note = interval_note(fig, boot)
    if note:
        return note[0].upper() + note[1:]
    return _("{level} percentile bootstrap interval over documents ({resamples} resamples, seed "
             "{seed})").format(level=percent(boot.level), resamples=number(boot.resamples), seed=boot.seed)


class AgreementModel(QAbstractTableModel):
    """One row per figure: label, measure, annotators, value, its interval (when asked for),
    units and a note."""

    #: Column titles, translated where shown ({level}: the intervals' level).
    COLUMNS = (N_("Label"), N_("Measure"), N_("Annotators"), N_("Value"), N_("{level} CI"), N_("Units"),
               N_("Note"))
    INTERVAL = 4

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
        """Column titles; the interval column's tooltip says how the intervals were drawn."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section]).format(level=percent(LEVEL))
        if role == Qt.ItemDataRole.ToolTipRole and section == self.INTERVAL:
            boot = self.report.bootstrap if self.report is not None else None
            if boot is not None:
                return _("{level} percentile bootstrap interval over documents: {resamples} resamples, "
                         "seed {seed}").format(level=percent(boot.level), resamples=number(boot.resamples),
                                               seed=boot.seed)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell: values with four decimals, "–" when undefined (the note says why)."""
        if not index.isValid() or self.report is None:
            return None
        fig = self.report.figures[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = "–" if fig.value is None else decimal(fig.value, 4)
            interval = interval_text(fig) if self.report.bootstrap is not None else ""
            return (fig.label, fig.measure, PAIR_SEPARATOR.join(fig.annotators), value,
                    interval, str(fig.units), note_wording(fig.note))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return _(MEASURE_HELP[fig.measure]) if fig.measure in MEASURE_HELP else None
            if column == self.INTERVAL:
                return interval_tooltip(fig, self.report) or None
            return note_wording(fig.note) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, self.INTERVAL, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass(frozen=True, slots=True)
class AgreementRequest:
    """What the window asks for: the services' arguments, and whether to add intervals."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    intervals: bool = False
    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """The figures (with intervals when asked for and possible), each document's figures, and why
    intervals asked for are missing ("" otherwise)."""

    report: AgreementReport
    documents: tuple[DocumentAgreement, ...]
    no_intervals: str = ""


def compute_agreement(project: Project, request: AgreementRequest) -> AgreementResult:
    """Everything the window shows, from the services alone (no widget is touched). Refusals of
    the choices (unknown names...) raise AnnotatorError; intervals that cannot be drawn (fewer
    than two documents) leave the figures without them and say why."""
    report, documents = agreement_by_document(project, request.annotators, request.labels,
                                              request.documents)
    if not request.intervals:
        return AgreementResult(report, documents)
    try:
        report = agreement_with_intervals(project, request.annotators, request.labels,
                                          request.documents, request.resamples, request.seed)
    except InvalidInput as exc:  # the choices passed above: only the bootstrap can be refused
        return AgreementResult(report, documents, describe(exc))
    return AgreementResult(report, documents)


class SaveAgreementDialog:
    """Asks where to save the figures as CSV (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen path, or None."""
        return ask_save_path(parent, _("Save agreement figures"), "agreement.csv",
                             _("CSV files (*.csv);;All files (*)"))


class SaveDocumentAgreementDialog:
    """Asks where to save each document's figures as CSV (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen path, or None."""
        return ask_save_path(parent, _("Save agreement by document"), "agreement-by-document.csv",
                             _("CSV files (*.csv);;All files (*)"))


def _figure_table(name: str, accessible: str) -> QTableView:
    table = QTableView(objectName=name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)
    return table


class AgreementWindow(QWidget):
    """A non-modal window: choose annotators, label and scope; read the figures (with intervals if
    asked) and each document's figures. `open_document`, given a document's UUID, shows it in the
    main window (False if it is no longer there)."""

    FIGURES_TAB, DOCUMENTS_TAB = 0, 1

    def __init__(self, project: Project, events: ProjectEvents, workspace: Workspace,
                 parent: QWidget | None = None,
                 open_document: Callable[[str], bool] | None = None,
                 background: BackgroundWork | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("agreementWindow")
        self.setWindowTitle(_("Agreement — Annotator"))
        self.resize(760, 600)
        self._project, self._workspace = project, workspace
        self._open_document = open_document
        # The figures are computed off the window's thread (a read: the window stays usable).
        self._background = background if background is not None else BackgroundWork(self)
        self._task: Task | None = None
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)

        self.annotator_list = QListWidget(objectName="agreementAnnotators")
        self.annotator_list.setAccessibleName(_("Annotators compared"))
        self.annotator_list.setMaximumHeight(110)
        self.annotator_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.annotator_list.setToolTip(_("Tick the annotators to compare; drag one to the top to "
                                         "make it the reference"))
        self.label_box = QComboBox(objectName="agreementLabel")
        self.label_box.setAccessibleName(_("Label"))
        self.scope_box = QComboBox(objectName="agreementScope")
        self.scope_box.setAccessibleName(_("Documents"))
        self.scope_box.addItems([_(scope) for scope in SCOPES])

        # Figures tab: the report, with intervals on request.
        self.intervals_box = QCheckBox(_("&Intervals ({level})").format(level=percent(LEVEL)),
                                       objectName="agreementIntervals")
        self.intervals_box.setAccessibleName(_("Show {level} confidence intervals").format(
            level=percent(LEVEL)))
        self.intervals_box.setToolTip(
            _("A {level} percentile bootstrap interval over documents on every figure, as "
              "annotator agreement --ci gives it (needs two documents or more)").format(
                level=percent(LEVEL)))
        self.resamples_box = QSpinBox(objectName="agreementResamples")
        self.resamples_box.setRange(1, MAX_RESAMPLES)
        self.resamples_box.setValue(DEFAULT_RESAMPLES)
        self.resamples_box.setGroupSeparatorShown(True)
        self.resamples_box.setAccessibleName(_("Bootstrap resamples"))
        self.resamples_box.setToolTip(_("How many resamples of the documents are drawn "
                                        "(default {default})").format(
            default=number(DEFAULT_RESAMPLES, grouped=True)))
        self.seed_box = QSpinBox(objectName="agreementSeed")
        self.seed_box.setRange(0, 2**31 - 1)
        self.seed_box.setValue(DEFAULT_SEED)
        self.seed_box.setAccessibleName(_("Bootstrap seed"))
        self.seed_box.setToolTip(_("The same seed gives the same intervals "
                                   "(default {default})").format(default=DEFAULT_SEED))
        for box in (self.resamples_box, self.seed_box):
            box.setKeyboardTracking(False)  # recompute once the number is typed, not per digit
            box.setEnabled(False)
        resamples_label = QLabel(_("R&esamples:"))
        resamples_label.setBuddy(self.resamples_box)
        seed_label = QLabel(_("See&d:"))
        seed_label.setBuddy(self.seed_box)
        interval_row = QHBoxLayout()
        interval_row.addWidget(self.intervals_box)
        interval_row.addSpacing(12)
        interval_row.addWidget(resamples_label)
        interval_row.addWidget(self.resamples_box)
        interval_row.addWidget(seed_label)
        interval_row.addWidget(self.seed_box)
        interval_row.addStretch(1)

        self.model = AgreementModel(self)
        self.table = _figure_table("agreementTable", _("Agreement figures"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnHidden(AgreementModel.INTERVAL, True)
        figures_page = QWidget(objectName="agreementFiguresPage")
        figures_layout = QVBoxLayout(figures_page)
        figures_layout.addLayout(interval_row)
        figures_layout.addWidget(self.table, 1)

        # Documents tab: each document's overall figures, lowest alpha first.
        self.document_model = DocumentAgreementModel(self)
        self.document_proxy = DocumentAgreementProxy(self)
        self.document_proxy.setSourceModel(self.document_model)
        self.document_table = _figure_table("agreementDocuments", _("Agreement by document"))
        self.document_table.setModel(self.document_proxy)
        self.document_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_table.setTabKeyNavigation(False)
        self.document_table.setSortingEnabled(True)
        header = self.document_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # see _fit_titles
        header.sectionResized.connect(self._on_document_section_resized)
        self.document_table.sortByColumn(self.document_model.alpha_column, Qt.SortOrder.AscendingOrder)
        self.document_filter = QLineEdit(objectName="agreementDocumentFilter")
        self.document_filter.setPlaceholderText(_("Filter titles"))
        self.document_filter.setClearButtonEnabled(True)
        self.document_filter.setAccessibleName(_("Filter documents by title"))
        self.open_button = QPushButton(_("&Open document"), objectName="agreementOpenDocument")
        self.open_button.setAccessibleName(_("Open the selected document in the main window"))
        self.open_button.setToolTip(_("Show the selected document in the main window "
                                      "(or double-click it, or press Enter)"))
        self.open_button.setEnabled(False)
        self.open_button.setVisible(open_document is not None)
        documents_top = QHBoxLayout()
        documents_top.addWidget(self.document_filter, 1)
        documents_top.addWidget(self.open_button)
        documents_hint = QLabel(_("Each document on its own, lowest alpha first (click a column "
                                  "title to sort by it)."), objectName="agreementDocumentsHint")
        documents_hint.setWordWrap(True)
        documents_page = QWidget(objectName="agreementDocumentsPage")
        documents_layout = QVBoxLayout(documents_page)
        documents_layout.addLayout(documents_top)
        documents_layout.addWidget(self.document_table, 1)
        documents_layout.addWidget(documents_hint)

        self.tabs = QTabWidget(objectName="agreementTabs")
        self.tabs.setAccessibleName(_("Agreement views"))
        self.tabs.addTab(figures_page, _("&Figures"))
        self.tabs.addTab(documents_page, _("By docu&ment"))
        self.tabs.setTabToolTip(self.FIGURES_TAB, _("Every figure per label and overall"))
        self.tabs.setTabToolTip(self.DOCUMENTS_TAB, _("Each document's overall figures on its own, "
                                                      "as annotator agreement --by document"))

        self.summary = QLabel(objectName="agreementSummary")
        self.summary.setWordWrap(True)
        self.copy_button = QPushButton(_("&Copy"), objectName="agreementCopy")
        self.copy_button.setToolTip(_("Copy the figures as CSV"))
        self.save_button = QPushButton(_("&Save CSV…"), objectName="agreementSave")

        form = QFormLayout()
        form.addRow(_("Annotators (first checked = reference;\ndrag to reorder):"),
                    self.annotator_list)
        form.addRow(_("Label:"), self.label_box)
        form.addRow(_("Documents:"), self.scope_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.annotator_list.itemChanged.connect(self.schedule_refresh)
        self.annotator_list.model().rowsMoved.connect(self.schedule_refresh)
        self.label_box.currentIndexChanged.connect(self.schedule_refresh)
        self.scope_box.currentIndexChanged.connect(self.schedule_refresh)
        self.intervals_box.toggled.connect(self._on_intervals_toggled)
        self.resamples_box.valueChanged.connect(self.schedule_refresh)
        self.seed_box.valueChanged.connect(self.schedule_refresh)
        self.document_filter.textChanged.connect(self.document_proxy.setFilterFixedString)
        self.document_table.activated.connect(self.open_document_at)
        self.document_table.selectionModel().currentRowChanged.connect(self._update_open_button)
        self.document_proxy.modelReset.connect(self._update_open_button)
        self.document_proxy.modelReset.connect(self._fit_titles)
        self.document_proxy.layoutChanged.connect(self._update_open_button)
        self.open_button.clicked.connect(self.open_current_document)
        self.tabs.currentChanged.connect(self._update_buttons)
        self.tabs.currentChanged.connect(lambda _tab: QTimer.singleShot(0, self, self._fit_titles))
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
        self._update_buttons()

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
            self.label_box.addItems([_(ALL_LABELS), *(lab.name for lab in list_labels(self._project))])
            self.label_box.setCurrentIndex(max(0, self.label_box.findText(label)))
        finally:
            for widget in (self.annotator_list, self.label_box):
                widget.blockSignals(False)

    def chosen_annotators(self) -> list[str]:
        """Checked annotators, in list order."""
        items = (self.annotator_list.item(i) for i in range(self.annotator_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def request(self) -> AgreementRequest | str:
        """What the current choices ask for, or why they ask for nothing."""
        annotators = tuple(self.chosen_annotators())
        label = self.label_box.currentText()
        labels = () if label in ("", _(ALL_LABELS)) else (label,)
        documents: tuple[str, ...] = ()
        if self.scope_box.currentIndex() == 1:
            current = self._workspace.document
            if current is None:
                return _("No document is open.")
            documents = (current.uuid,)
        if len(annotators) < 2:
            return _("Check at least two annotators.")
        return AgreementRequest(annotators, labels, documents, self.intervals_box.isChecked(),
                                self.resamples_box.value(), self.seed_box.value())

    # ----- figures ------------------------------------------------------------------------

    def schedule_refresh(self, *_args: object) -> None:
        """Recompute soon (once for a burst of changes), or when next shown."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def compute(self, request: AgreementRequest) -> AgreementResult:
        """The one place the figures are computed (reads the project; touches no widget)."""
        return compute_agreement(self._project, request)

    def refresh(self) -> None:
        """Compute the figures for the current choices on the worker thread (a newer request
        drops the one still running); a refusal is shown in the summary."""
        self._stale = False
        if self._task is not None:
            self._task.cancel()  # a read: its result is dropped
            self._task = None
        request = self.request()
        if isinstance(request, str):
            self._show(None, request)
            return

        def done(result: AgreementResult) -> None:
            self._task = None
            self._show(result, self._message(request, result))

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                self._show(None, describe(error))
                return True
            return False

        def cancelled() -> None:
            self._task = None

        self._task = self._background.run(
            lambda _progress: self.compute(request), done, title=_("Computing agreement…"),
            cancellable=True, failed=failed, cancelled=cancelled)

    @staticmethod
    def _message(request: AgreementRequest, result: AgreementResult) -> str:
        report = result.report
        message = ngettext(
            "{count} document, {tokens} tokens; span figures of each annotator against {reference}.",
            "{count} documents, {tokens} tokens; span figures of each annotator against {reference}.",
            report.documents).format(count=number(report.documents), tokens=number(report.tokens),
                                     reference=request.annotators[0])
        if report.bootstrap is not None:
            message += " " + _("Intervals: percentile bootstrap over documents, {resamples} resamples, "
                               "seed {seed}.").format(
                resamples=number(report.bootstrap.resamples, grouped=True), seed=report.bootstrap.seed)
        elif result.no_intervals:
            message += " " + _("No intervals: {reason}.").format(reason=result.no_intervals)
        return message

    def _show(self, result: AgreementResult | None, message: str) -> None:
        report = None if result is None else result.report
        self.model.set_report(report)
        self.table.setColumnHidden(AgreementModel.INTERVAL,
                                   report is None or report.bootstrap is None)
        columns = self.document_model.columnCount()
        sort_column = self.document_proxy.sortColumn()
        self.document_model.set_documents(report, () if result is None else result.documents)
        if columns != self.document_model.columnCount() or sort_column < 0:
            # Other columns (other annotators): back to the lowest alpha first.
            self.document_table.sortByColumn(self.document_model.alpha_column,
                                             Qt.SortOrder.AscendingOrder)
        self.summary.setText(message)
        self._update_buttons()

    def _on_intervals_toggled(self, checked: bool) -> None:
        self.resamples_box.setEnabled(checked)
        self.seed_box.setEnabled(checked)
        self.schedule_refresh()

    # ----- documents ----------------------------------------------------------------------

    def _fit_titles(self) -> None:
        """The title column takes the room the figures leave, but no less than TITLE_WIDTH (more
        figures then scroll sideways)."""
        header = self.document_table.horizontalHeader()
        figures = sum(header.sectionSize(c) for c in range(1, header.count()))
        room = self.document_table.viewport().width() - figures
        header.resizeSection(0, max(TITLE_WIDTH, room))

    def _on_document_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section != 0:  # a figure column fitted to its contents
            self._fit_titles()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Give the document titles the width the window gains or loses."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_titles)

    def open_document_at(self, index: QModelIndex) -> None:
        """Show the document of a row of the documents table in the main window."""
        if not index.isValid() or self._open_document is None:
            return
        uuid = index.data(DOCUMENT_ROLE)
        if uuid and not self._open_document(uuid):
            self.summary.setText(_("That document is no longer in the project."))

    def open_current_document(self) -> None:
        """Show the selected document of the documents table in the main window."""
        self.open_document_at(self.document_table.currentIndex())

    def _update_open_button(self, *_args: object) -> None:
        self.open_button.setEnabled(self._open_document is not None
                                    and self.document_table.currentIndex().isValid())

    # ----- copy and save ------------------------------------------------------------------

    def _documents_shown(self) -> bool:
        return self.tabs.currentIndex() == self.DOCUMENTS_TAB

    def _update_buttons(self, *_args: object) -> None:
        report = self.model.report
        self.copy_button.setEnabled(report is not None)
        self.save_button.setEnabled(report is not None)
        if self._documents_shown():
            self.copy_button.setToolTip(_("Copy each document's figures as CSV"))
            self.save_button.setToolTip(_("Save each document's figures to a CSV file"))
        else:
            self.copy_button.setToolTip(_("Copy the figures as CSV"))
            self.save_button.setToolTip(_("Save the figures to a CSV file"))
        self._update_open_button()

    def current_csv(self) -> str | None:
        """The CSV of the tab shown: the figures (with the interval columns when they have
        intervals), or every document's figures; None when there are none."""
        report = self.model.report
        if report is None:
            return None
        if self._documents_shown():
            return documents_csv(report, self.document_model.documents)
        return report_csv(report)

    def copy_csv(self) -> None:
        """Put the figures of the tab shown on the clipboard as CSV."""
        text = self.current_csv()
        if text is not None:
            QGuiApplication.clipboard().setText(text)
            self.summary.setText(_("Each document's figures copied as CSV.") if self._documents_shown()
                                 else _("Figures copied as CSV."))

    def save_csv(self) -> None:
        """Write the figures of the tab shown to a CSV file the user chooses."""
        text = self.current_csv()
        if text is None:
            return
        dialog = SaveDocumentAgreementDialog if self._documents_shown() else SaveAgreementDialog
        path = dialog.ask(self)
        if path is None:
            return
        try:  # complete or not at all, and never over the project
            with replaced_when_done(path, encoding="utf-8", project=self._project.path) as out:
                out.write(text)
        except AnnotatorError as exc:
            self.summary.setText(_("Could not save: {reason}").format(reason=exc))
            return
        self.summary.setText(_("Saved {file}.").format(file=path))

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


def show_document(context: FeatureContext, uuid: str) -> bool:
    """Show a document (by UUID) in the main window and bring the window up; False when the
    project no longer lists it."""
    found = next((doc.id for doc in context.document_list.model.documents() if doc.uuid == uuid),
                 None)
    if found is None:
        return False
    try:
        context.document_list.select_document(found)
        current = context.workspace.document
        if current is None or current.id != found:
            context.workspace.show_document(found)
    except AnnotatorError as exc:
        context.events.report(exc)
        return True
    window = context.parent.window()
    window.raise_()
    window.activateWindow()
    return True

