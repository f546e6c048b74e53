"""Choosing the span to link to from a list (the keyboard way of link mode)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.records import AnnotationInfo, LinkRuleInfo
from annotator.i18n import _
from annotator.ui.widgets.label_panel import swatch_icon


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """A span the selected one may be linked with, under `rule`, in the direction it gives."""

    annotation: AnnotationInfo
    rule: LinkRuleInfo
    selected_is_from: bool
    text: str  # what the list shows
    color: str


def span_distance(a: AnnotationInfo, b: AnnotationInfo) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


class LinkTargetDialog(QDialog):
    """Lists candidate spans, nearest first; Enter or a double-click links the chosen one."""

    def __init__(self, prompt: str, candidates: Sequence[LinkCandidate],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Link to…"))
        self._candidates = list(candidates)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("linkCandidates")
        self.list.setAccessibleName(_("Spans that can be linked"))
        self.prompt.setBuddy(self.list)
        for n, candidate in enumerate(self._candidates):
            item = QListWidgetItem(swatch_icon(candidate.color), candidate.text)
            item.setData(Qt.ItemDataRole.UserRole, n)
            self.list.addItem(item)
        if self._candidates:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Link"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> LinkCandidate | None:
        """The candidate picked, if any."""
        item = self.list.currentItem()
        return None if item is None else self._candidates[int(item.data(Qt.ItemDataRole.UserRole))]

    @classmethod
    def ask(cls, parent: QWidget | None, prompt: str,
            candidates: Sequence[LinkCandidate]) -> LinkCandidate | None:
        """The candidate chosen, or None when cancelled."""
        dialog = cls(prompt, candidates, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
