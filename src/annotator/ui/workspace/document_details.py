"""Editing a document's metadata (title, date, author, outlet, URL, language).

Edit ▸ Document details… (and the document list's context menu) opens a dialog on the document
shown; the change is one undoable step, and the document list and window title follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.document_edit import METADATA_FIELDS, DocumentEdit, clean_date, clean_title
from annotator.domain.errors import AnnotatorError, InvalidInput, describe
from annotator.domain.links import one_line_quote
from annotator.domain.records import DocumentInfo
from annotator.i18n import N_, _
from annotator.services import Project
from annotator.services.documents import (
    get_document,
    revert_document_edit,
    update_document_metadata,
)
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand, push_command

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

NO_DOCUMENT = N_("no document is open")

_LABELS = {
    "title": N_("&Title"),
    "date": N_("&Date"),
    "author": N_("&Author"),
    "outlet": N_("&Outlet"),
    "url": N_("&URL"),
    "language": N_("&Language"),
}
_PLACEHOLDERS = {
    "date": N_("YYYY-MM-DD"),
    "author": N_("e.g. Camille Martin"),
    "outlet": N_("e.g. Le Quotidien"),
    "url": "https://…",
    "language": N_("e.g. fr"),
}


def field_value(document: DocumentInfo, name: str) -> str:
    """A metadata field of a document as the dialog shows it ("" for no date)."""
    return getattr(document, name) or ""


class DocumentDetailsDialog(QDialog):
    """The metadata fields of one document; the file name and import time are shown read-only."""

    def __init__(self, document: DocumentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Document details"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Edit the title, author, date and other details of the document."))
        self.setObjectName("documentDetailsDialog")
        self._document = document
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in METADATA_FIELDS:
            edit = QLineEdit(field_value(document, name), self)
            edit.setObjectName(f"document_{name}")
            edit.setPlaceholderText(_(_PLACEHOLDERS[name]) if name in _PLACEHOLDERS else "")
            edit.setCursorPosition(0)
            self.edits[name] = edit
            form.addRow(_(_LABELS[name]), edit)
        source = QLabel(document.source_name, self)
        source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("File"), source)
        form.addRow(_("Imported"), QLabel(document.imported_at[:19].replace("T", " "), self))
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("documentDetailsError")
        self.error_label.setStyleSheet("color: #d55e00;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.edits["title"].textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(520)

    def changes(self) -> dict[str, str]:
        """The fields whose text differs from the document's, trimmed (name -> new value)."""
        changed = {}
        for name, edit in self.edits.items():
            value = edit.text().strip()
            if value != field_value(self._document, name).strip():
                changed[name] = value
        return changed

    def accept(self) -> None:
        """Close only when the title and date are acceptable; otherwise say why."""
        try:
            clean_title(self.edits["title"].text())
            clean_date(self.edits["date"].text())
        except InvalidInput as exc:
            self.error_label.setText(describe(exc))
            self.error_label.show()
            return
        super().accept()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.edits["title"].text().strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, document: DocumentInfo) -> dict[str, str] | None:
        """The changed fields (name -> new value), or None when cancelled."""
        dialog = cls(document, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes()


class EditDocumentDetailsCommand(ServiceCommand):
    """Change a document's metadata; undo puts the previous values back."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        document_id: int,
        changes: dict[str, str],
    ) -> None:
        super().__init__(project, events, _("Edit document details"))
        self._document_id = document_id
        self._changes = dict(changes)
        self._edit: DocumentEdit | None = None

    @property
    def edit(self) -> DocumentEdit | None:
        """The document before and after the last time the change was made."""
        return self._edit

    def _apply(self) -> None:
        self._edit = update_document_metadata(self._project, self._document_id, **self._changes)
        title = one_line_quote(self._edit.after.title, 40)[1:-1]  # the guillemets are the language's
        self.setText(_("Edit details of «{title}»").format(title=title))
        self._events.documents_changed.emit()

    def _revert(self) -> None:
        assert self._edit is not None
        revert_document_edit(self._project, self._edit)
        self._events.documents_changed.emit()


def edit_document_details(context: FeatureContext, document_id: int | None = None) -> bool:
    """Ask for new metadata of a document (the one shown by default) and make the change."""
    if document_id is None:
        shown = context.workspace.document
        document_id = shown.id if shown is not None else None
    if document_id is None:
        context.show_message(_(NO_DOCUMENT), 5000)
        return False
    try:
        document = get_document(context.project, document_id)
    except AnnotatorError as exc:
        context.events.report(exc)
        return False
    changes = DocumentDetailsDialog.ask(context.parent, document)
    if not changes:
        return False
    # The document list and the window title follow `documents_changed`; the text is unchanged.
    command = EditDocumentDetailsCommand(context.project, context.events, document_id, changes)
    if not push_command(context.undo_stack, command):
        return False
    shown = (_(_LABELS[name]).replace("&", "") for name in changes)
    names = ", ".join(t if t.isupper() else t.lower() for t in shown)
    context.show_message(_("Document details saved ({names}); Ctrl+Z undoes it").format(names=names), 6000)
    return True


def install(context: FeatureContext) -> None:
    """Add the feature's entry to the Edit menu and to the document list's context menu."""
    action = QAction(_("Document &details…"), context.parent)
    action.setObjectName("documentDetailsAction")
    action.setStatusTip(_("Edit the title, date, author, outlet, URL and language of this document"))
    action.triggered.connect(lambda _checked=False: edit_document_details(context))
    context.menu("editMenu").addAction(action)
    list_view = context.document_list.view
    list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    list_view.addAction(action)
