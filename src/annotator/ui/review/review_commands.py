"""Undoable review steps: a verdict (and the reviewer's copy made on accept) is one step.

Redo puts back the same review and the same copy (same UUIDs), on the reviewed annotation found
by its UUID, so that later steps that refer to the copy keep working; undo removes them. Neither
acts on a row that merely has an id the step once saw: a reviewed annotation that is gone or was
changed since refuses the redo. Review statuses are announced on `ReviewSignals`, the copy as an
annotation added or removed on the window's events.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.domain.review import ACCEPTED, REJECTED, ReviewOutcome
from annotator.i18n import N_, _
from annotator.services import Project
from annotator.services import reviews as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand

#: Undo step names before the step runs, then with the annotation's label and annotator (by verdict;
#: any other verdict is a comment).
_STEP = {ACCEPTED: N_("Accept annotation"), REJECTED: N_("Reject annotation")}
_COMMENT_STEP = N_("Comment on annotation")
_STEP_OF = {
    ACCEPTED: N_("Accept «{label}» by {annotator}"),
    REJECTED: N_("Reject «{label}» by {annotator}"),
}
_COMMENT_STEP_OF = N_("Comment on «{label}» by {annotator}")


class ReviewSignals(QObject):
    """Tells the table and the review bar that review statuses changed."""

    reviews_changed = Signal(object)  # tuple[int, ...]: ids of the reviewed annotations


class ReviewCommand(ServiceCommand):
    """Store one verdict on a colleague's annotation; undo removes it (and the copy it made)."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        signals: ReviewSignals,
        annotation_id: int,
        reviewer: str,
        verdict: str,
        comment: str = "",
        copy_to_own: bool = False,
    ) -> None:
        super().__init__(project, events, _(_STEP.get(verdict, _COMMENT_STEP)))
        self._signals = signals
        self._args = (annotation_id, reviewer, verdict, comment, copy_to_own)
        self._outcome: ReviewOutcome | None = None

    @property
    def outcome(self) -> ReviewOutcome | None:
        """The review as last stored (None before the first run)."""
        return self._outcome

    def _apply(self) -> None:
        if self._outcome is None:
            annotation_id, reviewer, verdict, comment, copy_to_own = self._args
            outcome = service.review_annotation(
                self._project, annotation_id, reviewer, verdict, comment, copy_to_own
            )
            wording = _STEP_OF.get(verdict, _COMMENT_STEP_OF)
            self.setText(_(wording).format(label=outcome.annotation.label,
                                           annotator=outcome.annotation.annotator))
        else:
            outcome = service.restore_review(self._project, self._outcome)
        self._outcome = outcome
        if outcome.copy_created and outcome.copy is not None:
            self._events.annotations_added.emit((outcome.copy,))
        self._signals.reviews_changed.emit((outcome.review.annotation_id,))

    def _revert(self) -> None:
        assert self._outcome is not None
        removed = service.undo_review(self._project, self._outcome)
        if removed is not None:
            self._events.annotations_removed.emit((removed,))
        self._signals.reviews_changed.emit((self._outcome.review.annotation_id,))
