"""The export dialog: where to write, which format, and which labels, annotators and documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import InvalidInput
from annotator.domain.records import DocumentInfo, LabelInfo
from annotator.i18n import N_, _, pgettext
from annotator.io.atomic import refuse_project_files
from annotator.ui.widgets.file_dialogs import FileChooser

FORMATS = (
    ("csv", N_("CSV (one row per annotation)")),
    ("jsonl", N_("JSON Lines (one object per line)")),
    ("wide", N_("Wide CSV (one row per document, spans per label)")),
    ("conll", N_("CoNLL tokens (one line per token, B/I/O per label; one annotator)")),
)
#: The file suffix of each format.
SUFFIXES = {"csv": ".csv", "jsonl": ".jsonl", "wide": ".csv", "conll": ".tsv"}
#: Formats a spreadsheet may open (the BOM and formula guard apply).
SPREADSHEET_FORMATS = ("csv", "wide")
SPREADSHEET_HELP = N_(
    "For Excel or LibreOffice: adds a BOM and neutralises formulas; leave off for pandas/R"
)
_FILE_FILTERS = {"csv": N_("CSV files (*.csv)"), "jsonl": N_("JSON Lines files (*.jsonl)"),
                 "wide": N_("CSV files (*.csv)"), "conll": N_("Tab-separated files (*.tsv)")}

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export and where; an empty filter means everything."""

    path: Path
    format: str  # "csv" | "jsonl" | "wide" | "conll"
    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # document ids (UUIDs)
    spreadsheet: bool = False


class CheckListModel(QAbstractListModel):
    """A list of (shown text, value) entries, each with a check box; all checked at first."""

    def __init__(self, entries: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._checked = [True] * len(self._entries)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        """Number of entries."""
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, value (UserRole) and check state of an entry."""
        if not index.isValid():
            return None
        text, value = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = self._checked[index.row()]
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Tick or untick an entry."""
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))  # type: ignore[call-overload]
        self._checked[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Entries can be ticked."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable

    def set_all(self, checked: bool) -> None:
        """Tick or untick every entry."""
        self._checked = [checked] * len(self._entries)
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])

    def set_checked(self, value: str, checked: bool) -> None:
        """Tick or untick the entry holding `value`."""
        for row, (_text, entry_value) in enumerate(self._entries):
            if entry_value == value:
                self.setData(self.index(row), Qt.CheckState.Checked if checked
                             else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    def checked_values(self) -> list[str]:
        """Values of the ticked entries, in list order."""
        return [value for (_text, value), on in zip(self._entries, self._checked, strict=True) if on]

    def filter_values(self) -> tuple[str, ...]:
        """The filter to apply: empty when every entry is ticked (no filter)."""
        if all(self._checked):
            return ()
        return tuple(self.checked_values())

    def has_entries(self) -> bool:
        """True unless the list is empty."""
        return bool(self._entries)


class _FilterBox(QGroupBox):
    """A titled check list with "All" and "None" buttons."""

    def __init__(self, title: str, entries: Sequence[tuple[str, str]], empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.model = CheckListModel(entries, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        if entries:
            layout.addWidget(self.view)
            row = QHBoxLayout()
            for text, checked in ((pgettext("check list", "All"), True),
                                  (pgettext("check list", "None"), False)):
                button = QPushButton(text, self)
                button.clicked.connect(lambda _on=False, c=checked: self.model.set_all(c))
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            self.view.hide()
            note = QLabel(empty_text, self)
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addStretch(1)


class ExportDialog(QDialog):
    """Choose a file, a format and filters, then accept to get an ExportRequest."""

    def __init__(
        self,
        labels: Sequence[LabelInfo],
        annotators: Sequence[str],
        documents: Sequence[DocumentInfo],
        default_path: Path,
        spreadsheet_default: bool = False,
        parent: QWidget | None = None,
        project_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export annotations"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Choose the file, the format and which annotations to export."))
        self._project_path = project_path  # never written over
        self.path_edit = QLineEdit(str(default_path), self)
        self.path_edit.setObjectName("exportPath")
        self.browse_button = QPushButton(_("Browse…"), self)
        self.browse_button.clicked.connect(self._browse)
        self.format_combo = QComboBox(self)
        for key, text in FORMATS:
            self.format_combo.addItem(_(text), key)
        self.format_combo.setCurrentIndex(1 if default_path.suffix.lower() == ".jsonl" else 0)
        self.spreadsheet_check = QCheckBox(_("For a spreadsheet"), self)
        self.spreadsheet_check.setChecked(spreadsheet_default)
        self.spreadsheet_help = QLabel(_(SPREADSHEET_HELP), self)
        self.spreadsheet_help.setWordWrap(True)
        style = self.spreadsheet_check.style()
        indent = (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
                  + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing))
        self.spreadsheet_help.setContentsMargins(indent, 0, 0, 0)  # under the check box's text
        self.spreadsheet_help.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.labels_box = _FilterBox(_("Labels"), [(lab.name, lab.name) for lab in labels],
                                     _("The codebook has no labels."), self)
        self.annotators_box = _FilterBox(_("Annotators"), [(name, name) for name in annotators],
                                         _("No annotations yet."), self)
        self.documents_box = _FilterBox(
            _("Documents"), [(_document_text(doc), doc.uuid) for doc in documents],
            _("No documents yet."), self)
        self.message = QLabel(self)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton(_("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(_("File:"), path_row)
        form.addRow(_("Format:"), self.format_combo)
        spreadsheet = QVBoxLayout()
        spreadsheet.setSpacing(0)
        spreadsheet.addWidget(self.spreadsheet_check)
        spreadsheet.addWidget(self.spreadsheet_help)
        form.addRow("", spreadsheet)
        filters = QGridLayout()
        filters.addWidget(self.labels_box, 0, 0)
        filters.addWidget(self.annotators_box, 0, 1)
        filters.addWidget(self.documents_box, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Export the annotations that match every ticked list:"), self))
        layout.addLayout(filters, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.path_edit.textChanged.connect(self._validate)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        for box in (self.labels_box, self.annotators_box, self.documents_box):
            box.model.dataChanged.connect(self._validate)
        self._format_changed()
        self.resize(640, 620)

    def format(self) -> str:
        """"csv", "jsonl", "wide" or "conll"."""
        return str(self.format_combo.currentData())

    def output_path(self) -> Path | None:
        """The file to write, or None when the field is empty."""
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def accept(self) -> None:
        """Close with the request, unless something is still missing."""
        if self._problem() is None:
            super().accept()

    def request(self) -> ExportRequest | None:
        """The export as set up now, or None while something is missing."""
        if self._problem() is not None:
            return None
        path = self.output_path()
        assert path is not None
        return ExportRequest(
            path=path,
            format=self.format(),
            annotators=self.annotators_box.model.filter_values(),
            labels=self.labels_box.model.filter_values(),
            documents=self.documents_box.model.filter_values(),
            spreadsheet=self.format() in SPREADSHEET_FORMATS and self.spreadsheet_check.isChecked(),
        )

    def _problem(self) -> str | None:
        path = self.output_path()
        if path is None:
            return _("Give the file to write.")
        if path.is_dir():
            return _("{path} is a folder; give a file name.").format(path=path)
        if not path.parent.is_dir():
            return _("The folder {folder} does not exist.").format(folder=path.parent)
        try:
            refuse_project_files(path, self._project_path)
        except InvalidInput:
            return _("{file} is the project itself (or one of its files); choose another name.").format(
                file=path.name)
        for box, refusal in ((self.labels_box, _("Tick at least one label.")),
                             (self.annotators_box, _("Tick at least one annotator.")),
                             (self.documents_box, _("Tick at least one document."))):
            if box.model.has_entries() and not box.model.checked_values():
                return refusal
        if self.format() == "conll" and len(self.annotators_box.model.checked_values()) > 1:
            return _("CoNLL holds one annotator's spans: tick one annotator.")
        return None

    def _validate(self, *_args: object) -> None:
        problem = self._problem()
        self.export_button.setEnabled(problem is None)
        path = self.output_path()
        if problem is None and path is not None and path.is_file():
            problem = _("{file} exists and will be replaced.").format(file=path.name)
        self.message.setText(problem or "")

    def _format_changed(self, *_args: object) -> None:
        fmt = self.format()
        self.spreadsheet_check.setEnabled(fmt in SPREADSHEET_FORMATS)
        self.spreadsheet_help.setVisible(fmt in SPREADSHEET_FORMATS)
        path = self.output_path()
        if path is not None and path.suffix.lower() in set(SUFFIXES.values()):
            new_path = path.with_suffix(SUFFIXES[fmt])
            if new_path != path:
                self.path_edit.setText(str(new_path))
        self._validate()

    def _browse(self) -> None:
        fmt = self.format()
        chosen, _filter = FileChooser.save_file(
            self, _("Export annotations"), self.path_edit.text(), _(_FILE_FILTERS[fmt]),
            _("Choose the folder and the name of the file the annotations are written to"))
        if chosen:
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(SUFFIXES[fmt])
            self.path_edit.setText(str(path))

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        labels: Sequence[LabelInfo],
        annotators: Sequence[str],
        documents: Sequence[DocumentInfo],
        default_path: Path,
        spreadsheet_default: bool,
        project_path: Path | None = None,
    ) -> ExportRequest | None:
        """The export the user set up, or None when cancelled (`project_path` cannot be chosen)."""
        dialog = cls(labels, annotators, documents, default_path, spreadsheet_default, parent,
                     project_path)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()


def _document_text(doc: DocumentInfo) -> str:
    """How a document is named in the list: date and title."""
    return f"{doc.date}  {doc.title}" if doc.date else doc.title or doc.source_name
