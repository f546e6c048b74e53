"""Small modal dialogs: the annotator's name, errors, confirmations, shortcuts, label deletion."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.domain.records import LabelInfo
from annotator.domain.wording import ntext
from annotator.i18n import N_, _, pgettext

DELETE_ANNOTATIONS = "delete"
MOVE_ANNOTATIONS = "move"

#: Window-wide shortcuts as (key sequence in portable form, what it does, marked for translation
#: where shown); label keys come first.
APP_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Del", N_("Delete the selected annotation")),
    ("Ctrl+Z", N_("Undo")),
    ("Ctrl+Shift+Z", N_("Redo")),
    ("Ctrl+F", N_("Find in the document")),
    ("Enter", N_("Find: next match")),
    ("Shift+Enter", N_("Find: previous match")),
    ("Esc", N_("Close the find bar")),
    ("L", N_("Link the selected span (twice: pick from a list)")),
    ("Esc", N_("Link mode: cancel")),
    ("Tab", N_("Suggestions: select the next one in the article")),
    ("Shift+Tab", N_("Suggestions: select the previous one")),
    ("Enter", N_("Suggestions: accept the current one")),
    ("Del", N_("Suggestions: dismiss the current one")),
    ("Ctrl+Tab", N_("Suggestions: leave the article as Tab would without them")),
    ("F8", N_("Compare annotators: next difference")),
    ("Shift+F8", N_("Compare annotators: previous difference")),
    ("A", N_("Review mode: accept, then next")),
    ("R", N_("Review mode: reject, then next")),
    ("C", N_("Review mode: comment…")),
    ("N", N_("Review mode: next annotation")),
    ("P", N_("Review mode: previous annotation")),
    ("Esc", N_("Review mode: close")),
    ("Ctrl+Enter", N_("Comment dialog: save")),
    ("Ctrl+O", N_("Open a project")),
    ("Ctrl+N", N_("New project")),
    ("Ctrl+I", N_("Import documents")),
    ("Ctrl+E", N_("Export annotations")),
    ("Ctrl++", N_("Larger text")),
    ("Ctrl+-", N_("Smaller text")),
    ("Ctrl+Q", N_("Quit")),
)


def _wrapped_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A warning box whose message can be selected and copied."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


class ConfirmDialog:
    """A yes/no question whose accept button names the action."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, message: str, accept_text: str) -> bool | None:
        """True when the user confirmed, None when cancelled."""
        box = QMessageBox(QMessageBox.Icon.Question, title, message,
                          QMessageBox.StandardButton.NoButton, parent)
        accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return True if box.clickedButton() is accept else None


class AnnotatorNameDialog(QDialog):
    """Asks who is annotating; the name is stored with every annotation."""

    def __init__(self, suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Your name"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Enter the name stored with every annotation you make."))
        self.name_edit = QLineEdit(suggested.strip(), self)
        self.name_edit.setObjectName("annotatorName")
        self.name_edit.setPlaceholderText(_("e.g. Camille Martin"))
        self.name_edit.selectAll()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped_label(_(
            "Who is annotating? This name is stored with every annotation you make and appears "
            "in exports, so that each person's work can be told apart. Changing it later does "
            "not change annotations already made."), self))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(420)

    def name(self) -> str:
        """The name typed, trimmed."""
        return self.name_edit.text().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> str | None:
        """The trimmed, non-empty name, or None when cancelled."""
        dialog = cls(suggested, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name():
            return None
        return dialog.name()


def shortcut_rows(labels: Sequence[LabelInfo]) -> list[tuple[str, str]]:
    """(keys as shown on this platform, action) for the label keys (span labels label the
    selection, document labels set or remove a document code), then the window's shortcuts."""
    keyed = sorted((lab for lab in labels if lab.shortcut), key=lambda lab: lab.shortcut or "")
    rows = [(lab.shortcut or "", label_key_action(lab)) for lab in keyed]
    native = QKeySequence.SequenceFormat.NativeText
    for portable, action in APP_SHORTCUTS:
        shown = QKeySequence(portable).toString(native) or portable
        rows.append((shown, _(action)))
    return rows


def label_key_action(label: LabelInfo) -> str:
    """What a label's key does, for the shortcut sheet."""
    if label.kind == "document":
        return _("Set or remove the document code «{label}»").format(label=label.name)
    return _("Label the selection «{label}»").format(label=label.name)


class ShortcutsDialog(QDialog):
    """A read-only table of the keyboard shortcuts."""

    def __init__(self, labels: Sequence[LabelInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("The keyboard shortcuts of the window and of each label."))
        rows = shortcut_rows(labels)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([pgettext("shortcuts", "Keys"), pgettext("shortcuts", "Action")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, (keys, action) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setMinimumHeight(min(len(rows), 20) * row_height + header.sizeHint().height()
                                    + 2 * self.table.frameWidth())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    @classmethod
    def show_for(cls, parent: QWidget | None, labels: Sequence[LabelInfo]) -> None:
        """Show the shortcuts modally."""
        cls(labels, parent).exec()


def about_text() -> str:
    """What the About box says."""
    return f"Annotator {__version__}\n\n" + _(
        "Read news articles, highlight spans and label them (source, claim, framing).\n"
        "Everything is kept in one project file on this computer (SQLite); nothing is sent "
        "anywhere.\n\n"
        "Exports give one row per annotation, with character offsets into the stored text.\n\n"
        "Released under the MIT licence."
    )


class ColorPicker:
    """The colour chooser used for labels."""

    @classmethod
    def ask(cls, parent: QWidget | None, initial: str) -> str | None:
        """A `#rrggbb` colour, or None when cancelled."""
        color = QColorDialog.getColor(QColor(initial), parent, _("Label colour"))
        return color.name().lower() if color.isValid() else None


class DeleteLabelChoice(QDialog):
    """Asks what to do with the annotations (or document codes) of a label being deleted."""

    def __init__(
        self,
        label: LabelInfo,
        usage_count: int,
        other_labels: Sequence[LabelInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Delete label «{label}»").format(label=label.name))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_(
            "Choose whether to delete the label's annotations or move them to another label."))
        self.delete_radio = QRadioButton(_("Delete them"), self)
        self.move_radio = QRadioButton(_("Move them to"), self)
        self.target_combo = QComboBox(self)
        for other in other_labels:
            self.target_combo.addItem(other.name, other.id)
        if not other_labels:
            self.move_radio.setEnabled(False)
            self.target_combo.setEnabled(False)
        group = QButtonGroup(self)
        group.addButton(self.delete_radio)
        group.addButton(self.move_radio)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(
            _("Delete label"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_radio)
        move_row.addWidget(self.target_combo, 1)
        layout = QVBoxLayout(self)
        if label.kind == "document":
            used = ntext(usage_count, "{count} document code uses «{label}».",
                         "{count} document codes use «{label}».", label=label.name)
            warning = _("Deleting a label cannot be undone, and the undo history is cleared "
                        "(earlier steps may refer to this label). Document codes moved onto a label "
                        "the same annotator already set on the same document are removed.")
        else:
            used = ntext(usage_count, "{count} annotation uses «{label}».",
                         "{count} annotations use «{label}».", label=label.name)
            warning = _("Deleting a label cannot be undone, and the undo history is cleared "
                        "(earlier steps may refer to this label). Annotations moved onto a label "
                        "that already marks the same span for the same annotator are removed.")
        layout.addWidget(_wrapped_label(used, self))
        layout.addWidget(self.delete_radio)
        layout.addLayout(move_row)
        layout.addWidget(_wrapped_label(warning, self))
        layout.addWidget(self.buttons)
        group.buttonToggled.connect(self._update_ok)
        self.target_combo.activated.connect(lambda _index: self.move_radio.setChecked(True))
        self._update_ok()
        self.setMinimumWidth(440)

    def choice(self) -> tuple[str, int | None] | None:
        """("delete", None), ("move", target label id), or None while nothing is chosen."""
        if self.delete_radio.isChecked():
            return DELETE_ANNOTATIONS, None
        if self.move_radio.isChecked() and self.target_combo.currentIndex() >= 0:
            return MOVE_ANNOTATIONS, int(self.target_combo.currentData())
        return None

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.choice() is not None)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        label: LabelInfo,
        usage_count: int,
        other_labels: Sequence[LabelInfo],
    ) -> tuple[str, int | None] | None:
        """The chosen action and target label id, or None when cancelled."""
        dialog = cls(label, usage_count, other_labels, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
