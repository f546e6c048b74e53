"""Undoable changes made from the corpus windows: labelling search hits across documents."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.errors import InvalidInput
from annotator.domain.records import AnnotationInfo
from annotator.domain.retrieval import CorpusHit
from annotator.services import Project
from annotator.services.retrieval import label_hits
from annotator.ui.events import ProjectEvents
from annotator.ui.workspace.annotation_commands import AddManyStep

NO_HITS_SELECTED = "select the hits to label first"
EVERY_HIT_LABELLED = "every selected hit already has this label from you"


class LabelHitsCommand(AddManyStep):
    """Label corpus search hits in many documents as one step; undo removes what it added."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        label_id: int,
        annotator: str,
        hits: Sequence[CorpusHit],
    ) -> None:
        super().__init__(project, events, "Label hits")
        self._args = (label_id, annotator, list(hits))

    def _add_first(self) -> tuple[AnnotationInfo, ...]:
        label_id, annotator, hits = self._args
        if not hits:
            raise InvalidInput(NO_HITS_SELECTED)
        added = tuple(label_hits(self._project, label_id, annotator, hits))
        if not added:
            raise InvalidInput(EVERY_HIT_LABELLED)
        documents = len({a.document_id for a in added})
        noun = "hit" if len(added) == 1 else "hits"
        where = "1 document" if documents == 1 else f"{documents} documents"
        self.setText(f"Label {len(added)} {noun} in {where} as «{added[0].label}»")
        return added
