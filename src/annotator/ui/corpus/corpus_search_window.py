"""The corpus search window: a string or regular expression across every document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import AnnotatorError, InvalidInput, describe
from annotator.domain.retrieval import DEFAULT_CONTEXT, CorpusHit, compile_pattern
from annotator.i18n import N_, _, ngettext, number
from annotator.services.retrieval import DEFAULT_HIT_LIMIT, search_corpus
from annotator.ui.corpus.corpus_actions import flat, open_span
from annotator.ui.corpus.corpus_commands import LabelHitsCommand
from annotator.ui.corpus.kwic_model import KwicTableModel
from annotator.ui.undo_stack import push_command, undo_redo_actions
from annotator.ui.widgets.background import Task
from annotator.ui.widgets.label_panel import swatch_icon

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

HEADERS = (N_("Document"), N_("Date"), N_("Left context"), N_("Match"), N_("Right context"))


class HitModel(KwicTableModel[CorpusHit]):
    """One row per hit, in document-list order."""

    headers = HEADERS
    left_column, span_column = 2, 3

    def set_hits(self, hits: Sequence[CorpusHit]) -> None:
        """Show these hits."""
        self.beginResetModel()
        self._rows = list(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> CorpusHit:
        """The hit of a row."""
        return self._rows[row]

    def cell_text(self, row: CorpusHit, column: int) -> str:
        """Title, date, then the contexts and the match each on one line."""
        return (row.document_title, row.document_date or "", flat(row.left), flat(row.text),
                flat(row.right))[column]


class CorpusSearchWindow(QWidget):
    """Pattern and options on top, hits below, and labelling the selected hits in one step."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent, Qt.WindowType.Window)
        self.setObjectName("corpusSearchWindow")
        self.setWindowTitle(_("Search the corpus"))
        self._context = context
        self.model = HitModel(self)
        self._task: Task | None = None

        self.pattern_edit = QLineEdit(self)
        self.pattern_edit.setPlaceholderText(_("Text or regular expression to find in every document"))
        self.pattern_edit.returnPressed.connect(self.run)
        self.regex_box = QCheckBox(_("Regular expression"), self)
        self.case_box = QCheckBox(_("Match case"), self)
        self.words_box = QCheckBox(_("Whole words"), self)
        self.context_spin = QSpinBox(self)
        self.context_spin.setRange(0, 1000)
        self.context_spin.setValue(DEFAULT_CONTEXT)
        self.context_spin.setPrefix(_("context "))
        self.search_button = QPushButton(_("Search"), self)
        self.search_button.clicked.connect(self.run)
        self.count_label = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for column, width in enumerate((220, 80, 320, 200, 320)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.label_combo = QComboBox(self)
        self.label_button = QPushButton(_("Label selected hits as"), self)
        self.label_button.clicked.connect(self.label_selected)
        self.select_all_button = QPushButton(_("Select all"), self)
        self.select_all_button.clicked.connect(self.table.selectAll)
        # Ctrl+Z / Ctrl+Shift+Z here too: the labelling is undone where it was made, on the
        # window's one history.
        self.undo_action, self.redo_action = undo_redo_actions(context.undo_stack, self)
        self.addActions([self.undo_action, self.redo_action])

        options = QHBoxLayout()
        options.addWidget(self.pattern_edit, 1)
        for widget in (self.regex_box, self.case_box, self.words_box, self.context_spin,
                       self.search_button):
            options.addWidget(widget)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.select_all_button)
        actions.addWidget(self.label_button)
        actions.addWidget(self.label_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.resize(1200, 640)
        self.reload_labels()
        context.events.labels_changed.connect(self.reload_labels)
        context.events.contents_changed.connect(self.reload_labels)

    def reload_labels(self) -> None:
        """The codebook's labels in the label chooser (keeping the chosen one)."""
        keep = self.label_combo.currentData()
        self.label_combo.clear()
        for label in self._context.workspace.labels:
            self.label_combo.addItem(swatch_icon(label.color), label.name, label.id)
        found = self.label_combo.findData(keep)
        if found >= 0:
            self.label_combo.setCurrentIndex(found)

    def run(self) -> bool:
        """Search with the typed pattern and options on the worker thread (the hits are shown
        when ready); a bad pattern is refused at once, beside the hits. False if refused."""
        pattern, regex = self.pattern_edit.text(), self.regex_box.isChecked()
        case, words = self.case_box.isChecked(), self.words_box.isChecked()
        context = self.context_spin.value()
        try:
            if not pattern:
                raise InvalidInput(code=ErrorCode.NOTHING_TO_SEARCH)
            if regex:
                compile_pattern(pattern, case)
        except AnnotatorError as exc:
            self._refused(exc)
            return False
        project = self._context.project
        if self._task is not None:
            self._task.cancel()

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                self._refused(error)
                return True
            return False

        def cancelled() -> None:
            self._task = None
            self.count_label.setText(_("Search cancelled"))

        self._task = self._context.background.run(
            lambda _progress: search_corpus(project, pattern, regex=regex, case_sensitive=case,
                                            whole_words=words, context=context),
            self._show_hits, title=_("Searching the corpus…"), cancellable=True, failed=failed,
            cancelled=cancelled,
        )
        return self._task is not None

    def _refused(self, error: AnnotatorError) -> None:
        self.model.set_hits([])
        self.count_label.setText(describe(error))

    def _show_hits(self, hits: list[CorpusHit]) -> None:
        self._task = None
        self.model.set_hits(hits)
        documents = len({h.document_id for h in hits})
        text = ngettext("{count} hits in {documents} documents", "{count} hits in {documents} documents",
                        len(hits)).format(count=number(len(hits), grouped=True),
                                          documents=number(documents, grouped=True))
        if len(hits) >= DEFAULT_HIT_LIMIT:
            text = _("{hits} (stopped at {limit}: narrow the search)").format(
                hits=text, limit=number(DEFAULT_HIT_LIMIT, grouped=True))
        self.count_label.setText(text)

    def selected_hits(self) -> list[CorpusHit]:
        """The hits whose rows are selected, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.hit_at(row) for row in rows]

    def label_selected(self) -> bool:
        """Label the selected hits with the chosen label, as one undoable step."""
        label_id = self.label_combo.currentData()
        if label_id is None:
            self.count_label.setText(_("The codebook has no label"))
            return False
        command = LabelHitsCommand(
            self._context.project, self._context.events, int(label_id),
            self._context.workspace.annotator, self.selected_hits(),
        )
        refusals: list[str] = []

        def note(message: str) -> None:
            refusals.append(message)

        events = self._context.events
        events.refused.connect(note)
        events.failed.connect(note)
        try:
            done = push_command(self._context.undo_stack, command)
        finally:
            events.refused.disconnect(note)
            events.failed.disconnect(note)
        if done:
            self.count_label.setText(_("{step} (Ctrl+Z undoes it, here or in the main window)").format(
                step=command.text()))
        elif refusals:
            self.count_label.setText(_("Nothing labelled: {reason}").format(reason=refusals[-1]))
        return done

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        open_span(self._context, hit.document_id, hit.start, hit.end)
