"""Signals telling every panel what a service call changed in the open project."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.domain.errors import AnnotatorError, ProjectError, describe


class ProjectEvents(QObject):
    """One per open project; undo commands emit, panels listen. Payloads are frozen records."""

    annotations_added = Signal(object)  # tuple[AnnotationInfo, ...]
    annotations_removed = Signal(object)  # tuple[AnnotationInfo, ...] as they were
    annotations_updated = Signal(object)  # tuple[AnnotationInfo, ...] as they are now
    labels_changed = Signal()  # the codebook changed: reload labels and highlights
    link_rules_changed = Signal()  # the codebook's link rules changed (labels and spans did not)
    document_codes_changed = Signal(int)  # document id: codes set on the whole document changed
    documents_changed = Signal()  # documents were imported
    # Many things changed at once (a merge, a brat or REFI-QDA import): re-read codebook, documents
    # and the current document's annotations.
    contents_changed = Signal()
    saved = Signal()  # a change was committed to the project file
    # A change was refused (a duplicate, a bad value, something no longer there): nothing was
    # lost and the project file is as it was; the reason, to show in passing.
    refused = Signal(str)
    # The project file could not be written (in use, read-only, damaged): the reason.
    failed = Signal(str)

    def report(self, error: AnnotatorError) -> None:
        """Emit `failed` for a project file that could not be used, `refused` for anything else,
        with the reason in the user's language."""
        if isinstance(error, ProjectError):
            self.failed.emit(describe(error))
        else:
            self.refused.emit(describe(error))
