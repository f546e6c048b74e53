"""Errors a user can cause; each carries a message meant to be shown as is."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error whose message is for the user (never shown as a traceback)."""


class InvalidInput(AnnotatorError):
    """A value the user gave is not acceptable (bad offsets, empty name, ...)."""


class NotFound(AnnotatorError):
    """A document, label or annotation that does not exist in the project."""


class DuplicateAnnotation(AnnotatorError):
    """The same annotator already gave the same label to the same span."""


class ChangedSince(AnnotatorError):
    """What an undo or redo step would change was changed since by others (a merge, another
    program): the step no longer applies. The message says what changed; the caller says what
    was not done."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written (corrupt, foreign, newer, locked...)."""


class ImportProblem(AnnotatorError):
    """One file could not be imported; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
