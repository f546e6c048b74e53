"""Helpers shared by the dialog and view tests (their fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QDialog
from tests.helpers import imported

from annotator.domain.offsets import Utf16Map
from annotator.domain.records import LabelInfo
from annotator.services import Project
from annotator.services.documents import import_texts
from annotator.services.labels import list_labels
from annotator.ui.workspace.document_view import DocumentView

ARTICLE = "L’OTAN a déclaré que l’Otan restait unie. Otanie n’est pas l’OTAN.\n"


def by_name(project: Project) -> dict[str, LabelInfo]:
    return {label.name: label for label in list_labels(project)}


def names(project: Project) -> list[str]:
    return [label.name for label in list_labels(project)]


def import_article(project: Project, text: str = ARTICLE, name: str = "a.txt") -> int:
    outcome = import_texts(project, [imported(text, name, f"Title {name}", "2022-03")])
    return outcome[0].document.id


def when_modal(action: Callable[[QDialog], None]) -> None:
    """Run `action` on the modal dialog about to be shown by the next `ask`."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no modal dialog is showing"
        action(dialog)

    QTimer.singleShot(0, run)


def format_at(view: DocumentView, cp: int) -> QTextCharFormat | None:
    """The highlight format Qt applies to the character at code point `cp`."""
    u16 = Utf16Map(view.stored_text).to_utf16(cp)
    block = view.document().findBlock(u16)
    rel = u16 - block.position()
    for rng in block.layout().formats():
        if rng.start <= rel < rng.start + rng.length:
            return QTextCharFormat(rng.format)
    return None
