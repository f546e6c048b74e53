"""Undoable changes made from the corpus windows: labelling search hits across documents."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.errors import InvalidInput
from annotator.domain.records import AnnotationInfo
from annotator.domain.retrieval import CorpusHit
from annotator.domain.wording import ntext
from annotator.i18n import N_, _
from annotator.services import Project
from annotator.services.retrieval import label_hits
from annotator.ui.events import ProjectEvents
from annotator.ui.workspace.annotation_commands import AddManyStep

NO_HITS_SELECTED = N_("select the hits to label first")
EVERY_HIT_LABELLED = N_("every selected hit already has this label from you")


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
        super().__init__(project, events, _("Label hits"))
        self._args = (label_id, annotator, list(hits))

    def _add_first(self) -> tuple[AnnotationInfo, ...]:
        label_id, annotator, hits = self._args
        if not hits:
            raise InvalidInput(_(NO_HITS_SELECTED))
        added = tuple(label_hits(self._project, label_id, annotator, hits))
        if not added:
            raise InvalidInput(_(EVERY_HIT_LABELLED))
        documents = len({a.document_id for a in added})
        where = ntext(documents, "{count} document", "{count} documents")
        self.setText(ntext(len(added), "Label {count} hit in {where} as «{label}»",
                           "Label {count} hits in {where} as «{label}»", where=where, label=added[0].label))
        return added
