"""Undoable document codes: set a document label on the article shown, or take one off.

Each step keeps the code's snapshot (its UUID and update time, see `annotator.ui.undo_stack`):
undoing a set removes exactly that code, redoing puts the same code back (same UUID), and the
service refuses when the code was changed or removed since by others.
"""

from __future__ import annotations

from annotator.domain.records import DocumentCodeInfo
from annotator.i18n import _
from annotator.services import Project
from annotator.services import document_codes as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand


class SetDocumentCodeCommand(ServiceCommand):
    """Code the whole document with a document label, as one annotator."""

    def __init__(self, project: Project, events: ProjectEvents, document_id: int, label_id: int,
                 label_name: str, annotator: str) -> None:
        super().__init__(project, events, _("Set document code «{label}»").format(label=label_name))
        self._document_id = document_id
        self._label_id = label_id
        self._annotator = annotator
        self._code: DocumentCodeInfo | None = None

    @property
    def code(self) -> DocumentCodeInfo | None:
        """The code as last set or removed by this step."""
        return self._code

    def _apply(self) -> None:
        if self._code is None:
            self._code = service.set_document_code(
                self._project, self._document_id, self._label_id, self._annotator)
        else:  # the same code again (same UUID): later steps find it by UUID
            self._code = service.restore_document_code(self._project, self._code)

    def _revert(self) -> None:
        assert self._code is not None
        self._code = service.remove_document_code(self._project, self._code)

    def _announce(self) -> None:
        self._events.document_codes_changed.emit(self._document_id)


class RemoveDocumentCodeCommand(ServiceCommand):
    """Take a document code off (found by UUID, only if it is still as the window showed it)."""

    def __init__(self, project: Project, events: ProjectEvents, code: DocumentCodeInfo) -> None:
        super().__init__(project, events, _("Remove document code «{label}»").format(label=code.label))
        self._code = code

    @property
    def code(self) -> DocumentCodeInfo:
        """The code as last removed or put back by this step."""
        return self._code

    def _apply(self) -> None:
        self._code = service.remove_document_code(self._project, self._code)

    def _revert(self) -> None:
        self._code = service.restore_document_code(self._project, self._code)

    def _announce(self) -> None:
        self._events.document_codes_changed.emit(self._code.document_id)
