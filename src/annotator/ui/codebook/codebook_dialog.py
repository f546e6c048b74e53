"""The codebook editor: add, rename, re-key, recolour, define, reorder and delete labels.

Every change is saved at once through an undoable command; deleting a label is confirmed instead,
and clears the undo history.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import InvalidInput, describe
from annotator.domain.records import LabelInfo
from annotator.domain.validation import SHORTCUT_KEYS, clean_label_name, suggest_new_label
from annotator.domain.wording import ntext
from annotator.i18n import _, pgettext
from annotator.services import Project
from annotator.services.labels import label_usage, list_labels
from annotator.ui.codebook.codebook_model import LabelTableModel
from annotator.ui.codebook.label_commands import (
    AddLabelCommand,
    ReorderLabelsCommand,
    UpdateLabelCommand,
)
from annotator.ui.codebook.label_deletion import delete_label_interactively
from annotator.ui.events import ProjectEvents
from annotator.ui.links.link_rules_panel import LinkRulesPanel
from annotator.ui.suggestions.suggestion_labels import SuggestionLabelsPanel
from annotator.ui.undo_stack import push_command, undo_redo_actions
from annotator.ui.widgets.dialogs import ColorPicker
from annotator.ui.widgets.label_panel import swatch_icon
from annotator.ui.widgets.screen import keep_on_screen_when_shown

AnyIndex = QModelIndex | QPersistentModelIndex
_ERROR_STYLE = "color: #b3261e;"


class CodebookDialog(QDialog):
    """Edit the open project's codebook; each change is saved and can be undone."""

    def __init__(self, project: Project, events: ProjectEvents, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Codebook"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_(
            "Edit the labels of the project's codebook; each change is saved and can be undone."))
        self._project, self._events, self._stack = project, events, undo_stack
        self._loading = False
        self._form_label_id: int | None = None

        self.model = LabelTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("codebookTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(_("Add label"), self)
        self.delete_button = QPushButton(_("Delete label…"), self)
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("labelName")
        self.name_edit.setMaxLength(64)
        self.key_combo = QComboBox(self)
        self.key_combo.setObjectName("labelKey")
        self.key_combo.addItem(pgettext("label key", "none"), None)
        for key in SHORTCUT_KEYS:
            self.key_combo.addItem(key, key)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("labelKind")
        self.kind_combo.addItem(_("Spans of text"), "span")
        self.kind_combo.addItem(_("Whole document"), "document")
        self.kind_combo.setToolTip(_("A document label codes a whole article (genre, stance, topic); "
                                     "it can change only while nothing uses the label"))
        self.color_button = QPushButton(self)
        self.color_button.setObjectName("labelColour")
        self.definition_edit = QPlainTextEdit(self)
        self.definition_edit.setObjectName("labelDefinition")
        self.definition_edit.setPlaceholderText(_("What to select with this label, with an example"))
        self.definition_edit.installEventFilter(self)
        self.usage_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setObjectName("codebookMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        undo_action, redo_action = undo_redo_actions(undo_stack, self)
        self.undo_button, self.redo_button = QToolButton(self), QToolButton(self)
        self.undo_button.setDefaultAction(undo_action)
        self.redo_button.setDefaultAction(redo_action)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for button in (*buttons.buttons(), self.add_button, self.delete_button, self.up_button,
                       self.down_button, self.color_button):
            button.setAutoDefault(False)  # Enter in a field saves it, it does not press a button
        self._layout(buttons)

        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.add_button.clicked.connect(self.add_label)
        self.delete_button.clicked.connect(self.delete_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.name_edit.editingFinished.connect(self._commit_name)
        self.key_combo.currentIndexChanged.connect(self._commit_key)
        self.kind_combo.currentIndexChanged.connect(self._commit_kind)
        self.color_button.clicked.connect(self._pick_color)
        events.labels_changed.connect(self.reload)
        # Shown here, once, whatever the reason (the main window adds a box only for `failed`).
        events.refused.connect(self._show_error)
        events.failed.connect(self._show_error)
        self.reload()
        if self.model.rowCount():
            self.select_label(self.model.labels()[0].id)
        self.resize(760, 440)

    def _layout(self, buttons: QDialogButtonBox) -> None:
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            list_buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(list_buttons)
        form = QFormLayout()
        form.addRow(_("Name:"), self.name_edit)
        form.addRow(_("Key:"), self.key_combo)
        form.addRow(_("Codes:"), self.kind_combo)
        form.addRow(_("Colour:"), self.color_button)
        form.addRow(_("Definition:"), self.definition_edit)
        form.addRow("", self.usage_label)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(form, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.link_rules = LinkRulesPanel(self._project, self._events, self._stack, self)
        layout.addWidget(self.link_rules)
        self.suggestion_labels = SuggestionLabelsPanel(self._project, self._events, self._stack, self)
        layout.addWidget(self.suggestion_labels)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

    # -- reading ---------------------------------------------------------------------------------

    def labels(self) -> list[LabelInfo]:
        """The codebook as shown."""
        return self.model.labels()

    def selected_label(self) -> LabelInfo | None:
        """The label being edited, or None."""
        return self.model.label_at(self.table.currentIndex().row())

    def select_label(self, label_id: int) -> None:
        """Make a label current and show it in the form."""
        row = self.model.row_of(label_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 1))

    def reload(self) -> None:
        """Read the codebook again, keeping the same label selected when it still exists."""
        keep = self._form_label_id
        current = self.table.currentIndex().row()  # a reset of the model forgets it
        self._loading = True
        try:
            self.model.set_labels(list_labels(self._project, kind=None))
            row = self.model.row_of(keep) if keep is not None else -1
            if row < 0 and self.model.rowCount():
                row = min(max(current, 0), self.model.rowCount() - 1)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 1))
        finally:
            self._loading = False
        self._populate_form()

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        chosen = self.model.label_at(current.row())
        self._commit_pending()  # the form still shows the previous label; saving reloads
        if chosen is not None and self.selected_label() != chosen:
            self._loading = True
            try:
                self.select_label(chosen.id)
            finally:
                self._loading = False
        self._populate_form()

    def _populate_form(self) -> None:
        label = self.selected_label()
        self._form_label_id = label.id if label is not None else None
        self._loading = True
        try:
            for widget in (self.name_edit, self.key_combo, self.kind_combo, self.color_button,
                           self.definition_edit, self.delete_button):
                widget.setEnabled(label is not None)
            row = self.table.currentIndex().row()
            self.up_button.setEnabled(label is not None and row > 0)
            self.down_button.setEnabled(label is not None and row < self.model.rowCount() - 1)
            owners = {lab.shortcut: lab for lab in self.labels() if lab.shortcut}
            for i, key in enumerate(SHORTCUT_KEYS, start=1):
                owner = owners.get(key)
                taken = owner is not None and (label is None or owner.id != label.id)
                self.key_combo.setItemText(i, f"{key}  ({owner.name})" if owner and taken else key)
            if label is None:
                self.name_edit.clear()
                self.definition_edit.clear()
                self.color_button.setText("")
                self.color_button.setIcon(QIcon())
                self.usage_label.clear()
                return
            if self.name_edit.text() != label.name:
                self.name_edit.setText(label.name)
            self.key_combo.setCurrentIndex(max(self.key_combo.findData(label.shortcut), 0))
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(label.kind), 0))
            self.color_button.setText(label.color.lower())
            self.color_button.setIcon(swatch_icon(label.color))
            if self.definition_edit.toPlainText() != label.definition:
                self.definition_edit.setPlainText(label.definition)
            uses = label_usage(self._project, label.id)
            if label.kind == "span":
                used = ntext(uses, "Used by {count} annotation", "Used by {count} annotations")
            else:
                used = ntext(uses, "Used by {count} document code", "Used by {count} document codes")
            self.usage_label.setText(used)
        finally:
            self._loading = False

    # -- changing --------------------------------------------------------------------------------

    def _form_label(self) -> LabelInfo | None:
        if self._form_label_id is None:
            return None
        row = self.model.row_of(self._form_label_id)
        return self.model.label_at(row)

    def _push(self, command: AddLabelCommand | UpdateLabelCommand | ReorderLabelsCommand) -> bool:
        self._show_message("")
        return push_command(self._stack, command)

    def _commit_pending(self) -> None:
        """Save a name or definition still being typed."""
        self._commit_name()
        self._commit_definition()

    def _commit_name(self) -> None:
        label = self._form_label()
        if self._loading or label is None:
            return
        try:
            name = clean_label_name(self.name_edit.text())
        except InvalidInput as exc:
            self._show_error(describe(exc))
            return
        if name == label.name:
            return
        clash = next((lab for lab in self.labels()
                      if lab.id != label.id and lab.name.casefold() == name.casefold()), None)
        if clash is not None:
            self._show_error(_("A label named «{label}» already exists.").format(label=clash.name))
            return
        self._push(UpdateLabelCommand(self._project, self._events, label.id, name=name,
                                      text=_("Rename label «{label}» to «{name}»").format(
                                          label=label.name, name=name)))

    def _commit_definition(self) -> None:
        label = self._form_label()
        if self._loading or label is None:
            return
        definition = self.definition_edit.toPlainText().strip()
        if definition == label.definition:
            return
        self._push(UpdateLabelCommand(self._project, self._events, label.id,
                                      definition=definition,
                                      text=_("Edit the definition of «{label}»").format(label=label.name)))

    def _commit_key(self, _index: int = -1) -> None:
        label = self._form_label()
        if self._loading or label is None:
            return
        key = self.key_combo.currentData()
        if key == label.shortcut:
            return
        owner = next((lab for lab in self.labels() if key and lab.shortcut == key), None)
        if owner is not None:
            self._show_error(_("The key {key} is already the shortcut of «{label}».").format(
                key=key, label=owner.name))
            self._populate_form()
            return
        text = (_("Give «{label}» the key {key}").format(label=label.name, key=key) if key
                else _("Remove the key of «{label}»").format(label=label.name))
        if not self._push(UpdateLabelCommand(self._project, self._events, label.id,
                                             shortcut=key, text=text)):
            self._populate_form()

    def _commit_kind(self, _index: int = -1) -> None:
        label = self._form_label()
        if self._loading or label is None:
            return
        kind = self.kind_combo.currentData()
        if kind == label.kind:
            return
        text = (_("Make «{label}» a document label") if kind == "document"
                else _("Make «{label}» a span label")).format(label=label.name)
        if not self._push(UpdateLabelCommand(self._project, self._events, label.id, kind=kind,
                                             text=text)):
            self._populate_form()

    def _pick_color(self) -> None:
        label = self._form_label()
        if label is None:
            return
        color = ColorPicker.ask(self, label.color)
        if color is None or color.lower() == label.color.lower():
            return
        self._push(UpdateLabelCommand(self._project, self._events, label.id, color=color,
                                      text=_("Recolour «{label}»").format(label=label.name)))

    def add_label(self) -> None:
        """Add a label with a free name, colour and key, and select its name for typing."""
        self._commit_pending()
        labels = self.labels()
        name, color, key = suggest_new_label(
            [lab.name for lab in labels], [lab.color for lab in labels], [lab.shortcut for lab in labels]
        )
        command = AddLabelCommand(self._project, self._events, name, color, key)
        if self._push(command) and command.label is not None:
            self.select_label(command.label.id)
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def move_selected(self, delta: int) -> None:
        """Move the selected label up (-1) or down (+1) in the codebook."""
        self._commit_pending()
        label = self.selected_label()
        labels = self.labels()
        row = self.model.row_of(label.id) if label is not None else -1
        target = row + delta
        if label is None or not 0 <= target < len(labels):
            return
        before = [lab.id for lab in labels]
        after = list(before)
        after[row], after[target] = after[target], after[row]
        text = _("Move label «{label}» up") if delta < 0 else _("Move label «{label}» down")
        self._push(ReorderLabelsCommand(self._project, self._events, before, after,
                                        text=text.format(label=label.name)))

    def delete_selected(self) -> None:
        """Delete the selected label after asking what to do with its annotations."""
        self._commit_pending()
        label = self.selected_label()
        if label is None:
            return
        others = [lab for lab in self.labels() if lab.id != label.id and lab.kind == label.kind]
        done = delete_label_interactively(self, self._project, self._events, self._stack, label, others)
        if done is not None:
            self._form_label_id = None
            self._show_message(done)

    # -- feedback --------------------------------------------------------------------------------

    def _show_error(self, message: str) -> None:
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.setText(message)

    def _show_message(self, message: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Save the definition when the user leaves it."""
        if watched is self.definition_edit and event.type() == QEvent.Type.FocusOut:
            self._commit_definition()
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        """Save what is still being typed, then close."""
        self._commit_pending()
        super().done(result)

    def disconnect_events(self) -> None:
        """Stop following the project's events (the dialog is going away)."""
        self._events.labels_changed.disconnect(self.reload)
        self._events.refused.disconnect(self._show_error)
        self._events.failed.disconnect(self._show_error)
        self.link_rules.disconnect_events()
        self.suggestion_labels.disconnect_events()

    @classmethod
    def ask(cls, project: Project, events: ProjectEvents, undo_stack: QUndoStack,
            parent: QWidget | None) -> None:
        """Show the codebook editor modally; changes are saved as they are made."""
        dialog = cls(project, events, undo_stack, parent)
        keep_on_screen_when_shown(dialog)
        try:
            dialog.exec()
        finally:
            dialog.disconnect_events()
            dialog.deleteLater()
