"""Undoable suggestion steps: accept (one or all of a document), dismiss, choose their labels.

Each step calls a service in `redo()` and its exact inverse in `undo()`; the services find the
suggestions, annotations and links by UUID and refuse what changed since.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from annotator.domain.wording import ntext
from annotator.services import Project
from annotator.services import suggestions as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand


class SuggestionSignals(QObject):
    """What the suggestion steps changed, for the article and the list to follow."""

    #: The open suggestions of these documents changed (a tuple of document ids).
    suggestions_changed = Signal(object)


class AcceptSuggestionsCommand(ServiceCommand):
    """Make annotations (and the claim → source links) of open suggestions, as one step."""

    def __init__(self, project: Project, events: ProjectEvents, signals: SuggestionSignals,
                 document_id: int, suggestion_ids: Sequence[int], annotator: str) -> None:
        super().__init__(project, events, ntext(len(suggestion_ids), "Accept {count} suggestion",
                                                "Accept {count} suggestions"))
        self._signals = signals
        self._document_id = document_id
        self._ids = tuple(suggestion_ids)
        self._annotator = annotator
        self.accepted: service.SuggestionsAccepted | None = None

    def _first(self) -> None:
        self.accepted = service.accept_suggestions(self._project, self._ids, self._annotator)
        if self.accepted.annotations:
            self._events.annotations_added.emit(self.accepted.annotations)

    def _apply(self) -> None:
        assert self.accepted is not None
        self.accepted = service.redo_accept(self._project, self.accepted)
        if self.accepted.annotations:
            self._events.annotations_added.emit(self.accepted.annotations)

    def _revert(self) -> None:
        assert self.accepted is not None
        self.accepted = service.undo_accept(self._project, self.accepted)
        if self.accepted.annotations:
            self._events.annotations_removed.emit(self.accepted.annotations)

    def _announce(self) -> None:
        self._signals.suggestions_changed.emit((self._document_id,))


class DismissSuggestionsCommand(ServiceCommand):
    """Turn down open suggestions (proposing again does not offer them); undo opens them again."""

    def __init__(self, project: Project, events: ProjectEvents, signals: SuggestionSignals,
                 document_id: int, suggestion_ids: Sequence[int]) -> None:
        super().__init__(project, events, ntext(len(suggestion_ids), "Dismiss {count} suggestion",
                                                "Dismiss {count} suggestions"))
        self._signals = signals
        self._document_id = document_id
        self._ids = tuple(suggestion_ids)
        self.dismissed: service.SuggestionsDismissed | None = None

    def _first(self) -> None:
        self.dismissed = service.dismiss_suggestions(self._project, self._ids)

    def _apply(self) -> None:
        assert self.dismissed is not None
        self.dismissed = service.redo_dismiss(self._project, self.dismissed)

    def _revert(self) -> None:
        assert self.dismissed is not None
        self.dismissed = service.restore_suggestions(self._project, self.dismissed)

    def _announce(self) -> None:
        self._signals.suggestions_changed.emit((self._document_id,))


class SetSuggestionLabelCommand(ServiceCommand):
    """Choose the label suggestions of one kind (claim, source) are accepted as."""

    def __init__(self, project: Project, events: ProjectEvents, kind: str, label_id: int | None,
                 text: str) -> None:
        super().__init__(project, events, text)
        self._kind = kind
        self._label_id = label_id
        self._before: int | None = None

    def _apply(self) -> None:
        self._before = service.set_suggestion_label(self._project, self._kind, self._label_id)

    def _revert(self) -> None:
        service.set_suggestion_label(self._project, self._kind, self._before)

    def _announce(self) -> None:
        # Part of the codebook: its dialog and the window's suggestions read it again.
        self._events.labels_changed.emit()
