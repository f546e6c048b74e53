"""Choosing the span to link to from a list (the keyboard way of link mode)."""

from __future__ import annotations

import bisect
import re
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
    where: str = ""  # the span in its context and its position, telling identical texts apart


#: Words of context shown on each side of a candidate span.
CONTEXT_WORDS = 5
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")


class Paragraphs:
    """Where the paragraphs (lines holding text) of a document start, to place spans in them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        at = 0
        for line in text.split("\n"):
            if line.strip():
                self.starts.append(at)
                self.ends.append(at + len(line))
            at += len(line) + 1

    def number(self, offset: int) -> int:
        """The paragraph (from 1) holding `offset` (the one before, between paragraphs)."""
        return max(1, bisect.bisect_right(self.starts, offset))

    def context(self, start: int, end: int, words: int = CONTEXT_WORDS) -> tuple[str, str]:
        """(before, after): up to `words` words each side of [start, end) in its paragraph, as
        written (white space collapsed), with "…" where the paragraph goes on."""
        n = self.number(start) - 1
        para_start = self.starts[n] if self.starts else 0
        para_end = max(end, self.ends[n] if self.ends else len(self.text))
        left = self.text[para_start:start]
        right = self.text[end:para_end]
        left_words = list(_WORD.finditer(left))
        right_words = list(_WORD.finditer(right))
        before = left[left_words[-words].start():] if len(left_words) > words else left
        after = right[: right_words[words - 1].end()] if len(right_words) > words else right
        before = ("…" if len(left_words) > words else "") + _SPACES.sub(" ", before).lstrip()
        after = _SPACES.sub(" ", after).rstrip() + ("…" if len(right_words) > words else "")
        return before, after


def span_distance(a: AnnotationInfo, b: AnnotationInfo) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


class LinkTargetDialog(QDialog):
    """Lists candidate spans, nearest first; Enter or a double-click links the chosen one."""

    def __init__(self, prompt: str, candidates: Sequence[LinkCandidate],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Link to…"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Choose the span to link the selected annotation to."))
        self._candidates = list(candidates)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("linkCandidates")
        self.list.setAccessibleName(_("Spans that can be linked"))
        self.prompt.setBuddy(self.list)
        for n, candidate in enumerate(self._candidates):
            shown = f"{candidate.text}\n{candidate.where}" if candidate.where else candidate.text
            item = QListWidgetItem(swatch_icon(candidate.color), shown)
            item.setToolTip(shown)
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
        self.resize(640, 420)

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
