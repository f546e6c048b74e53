"""In the codebook dialog: the label a suggested quotation, and a suggested speaker, becomes."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.i18n import N_, _, pgettext
from annotator.services import Project
from annotator.services.labels import list_labels
from annotator.services.suggestions import KINDS, suggestion_labels
from annotator.ui.events import ProjectEvents
from annotator.ui.suggestions.suggestion_commands import SetSuggestionLabelCommand
from annotator.ui.undo_stack import push_command
from annotator.ui.widgets.label_panel import swatch_icon

#: What each kind's chooser is called, and what its step reads.
_CHOOSERS = {
    "claim": (N_("Quotations become:"), N_("The label a suggested quotation gets when it is accepted")),
    "source": (N_("Speakers become:"),
               N_("The label a suggested speaker or source gets when it is accepted")),
}


class SuggestionLabelsPanel(QGroupBox):
    """Two choosers: the span label accepted quotations get, and the one their speakers get."""

    def __init__(self, project: Project, events: ProjectEvents, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Suggested quotes and sources"), parent)
        self.setObjectName("suggestionLabels")
        self._project, self._events, self._stack = project, events, undo_stack
        self._loading = False
        self.combos: dict[str, QComboBox] = {}
        layout = QHBoxLayout(self)
        for kind in KINDS:
            title, description = _CHOOSERS[kind]
            combo = QComboBox(self)
            combo.setObjectName(f"suggestionLabel:{kind}")
            combo.setAccessibleName(_(title).rstrip(": \u00a0"))
            combo.setAccessibleDescription(_(description))
            combo.setToolTip(_(description))
            caption = QLabel(_(title), self)
            caption.setBuddy(combo)
            layout.addWidget(caption)
            layout.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _index, k=kind: self._commit(k))
            self.combos[kind] = combo
        events.labels_changed.connect(self.reload)
        self.reload()

    def disconnect_events(self) -> None:
        """Stop following the project (the dialog is closing)."""
        self._events.labels_changed.disconnect(self.reload)

    def reload(self) -> None:
        """Read the span labels and the chosen ones again."""
        try:
            labels = list_labels(self._project)
            chosen = suggestion_labels(self._project)
        except AnnotatorError as exc:
            self._events.report(exc)
            return
        self._loading = True
        try:
            for kind, combo in self.combos.items():
                combo.clear()
                combo.addItem(pgettext("suggestion label", "none (not accepted)"), None)
                for label in labels:
                    combo.addItem(swatch_icon(label.color), label.name, label.id)
                combo.setCurrentIndex(max(0, combo.findData(chosen.get(kind))))
        finally:
            self._loading = False

    def chosen(self) -> dict[str, int | None]:
        """The label id each kind is accepted as, as shown."""
        return {kind: combo.currentData() for kind, combo in self.combos.items()}

    def _commit(self, kind: str) -> None:
        if self._loading:
            return
        combo = self.combos[kind]
        label_id = combo.currentData()
        name = combo.currentText()
        text = (_("Accept suggested quotations as «{label}»") if kind == "claim"
                else _("Accept suggested speakers as «{label}»")).format(label=name)
        if not push_command(self._stack, SetSuggestionLabelCommand(
                self._project, self._events, kind, label_id, text)):
            self.reload()
