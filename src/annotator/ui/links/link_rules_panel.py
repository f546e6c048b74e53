"""The codebook's link rules, in the codebook dialog: which label pairs a link may join."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.records import LinkRuleInfo
from annotator.i18n import _
from annotator.services import Project
from annotator.services.labels import list_labels
from annotator.services.links import list_link_rules
from annotator.ui.events import ProjectEvents
from annotator.ui.links.link_commands import AddLinkRuleCommand, RemoveLinkRuleCommand
from annotator.ui.undo_stack import push_command


def rule_text(rule: LinkRuleInfo) -> str:
    """A rule as the list shows it: "claim —attributed_to→ source"."""
    return f"{rule.from_label} —{rule.relation}→ {rule.to_label}"


class LinkRulesPanel(QGroupBox):
    """Lists the rules; a new one is a from label, a relation name and a to label."""

    def __init__(self, project: Project, events: ProjectEvents, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Links between labels"), parent)
        self.setObjectName("linkRules")
        self._project, self._events, self._stack = project, events, undo_stack
        self.rules = QListWidget(self)
        self.rules.setObjectName("linkRuleList")
        self.rules.setToolTip(_("A link may join a span of the first label to one of the second"))
        self.rules.setAccessibleName(_("Link rules"))
        self.rules.setMaximumHeight(self.rules.fontMetrics().height() * 4 + 12)
        self.from_combo = QComboBox(self)
        self.to_combo = QComboBox(self)
        self.relation_edit = QLineEdit(self)
        self.relation_edit.setPlaceholderText(_("relation, e.g. attributed_to"))
        self.relation_edit.setAccessibleName(_("Relation"))
        self.from_combo.setAccessibleName(_("From label"))
        self.to_combo.setAccessibleName(_("To label"))
        self.relation_edit.setMinimumWidth(190)
        self.add_button = QPushButton(_("Allow"), self)
        self.add_button.setToolTip(_("Allow links of this relation from the first label to the second"))
        self.remove_button = QPushButton(_("Remove rule"), self)
        self.remove_button.setToolTip(_("Stop allowing the chosen rule (links already made stay)"))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        form = QHBoxLayout()
        for widget in (self.from_combo, self.relation_edit, self.to_combo, self.add_button):
            form.addWidget(widget)
        form.addStretch(1)
        form.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addLayout(form)
        self.add_button.clicked.connect(self.add_rule)
        self.remove_button.clicked.connect(self.remove_selected)
        self.relation_edit.returnPressed.connect(self.add_rule)
        self.rules.currentRowChanged.connect(self._update_remove_button)
        events.labels_changed.connect(self.reload)
        events.link_rules_changed.connect(self.reload)
        self.reload()

    def disconnect_events(self) -> None:
        """Stop following the project (the dialog is closing)."""
        self._events.labels_changed.disconnect(self.reload)
        self._events.link_rules_changed.disconnect(self.reload)

    def reload(self) -> None:
        """Re-read the rules and the labels they may name."""
        try:
            rules, labels = list_link_rules(self._project), list_labels(self._project)
        except AnnotatorError as exc:
            self._events.report(exc)
            return
        self.rules.clear()
        for rule in rules:
            item = QListWidgetItem(rule_text(rule))
            item.setData(Qt.ItemDataRole.UserRole, rule.id)
            self.rules.addItem(item)
        for combo in (self.from_combo, self.to_combo):
            keep = combo.currentData()
            combo.clear()
            for label in labels:
                combo.addItem(label.name, label.id)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
        self._update_remove_button()

    def _update_remove_button(self, *_args: object) -> None:
        """Remove rule works on the chosen rule, so it waits for one to be chosen."""
        self.remove_button.setEnabled(self.rules.currentItem() is not None)

    def rule_lines(self) -> list[str]:
        """The rules as listed."""
        return [self.rules.item(row).text() for row in range(self.rules.count())]

    def add_rule(self) -> bool:
        """Allow links of the typed relation between the two chosen labels."""
        if self.from_combo.currentData() is None or self.to_combo.currentData() is None:
            return False
        command = AddLinkRuleCommand(
            self._project, self._events, self.relation_edit.text(), int(self.from_combo.currentData()),
            int(self.to_combo.currentData()),
        )
        if push_command(self._stack, command):
            self.relation_edit.clear()
            return True
        return False

    def remove_selected(self) -> bool:
        """Stop allowing the chosen rule (links already made stay)."""
        item = self.rules.currentItem()
        if item is None:
            return False
        command = RemoveLinkRuleCommand(self._project, self._events, int(item.data(Qt.ItemDataRole.UserRole)))
        return push_command(self._stack, command)
