"""Undoable link changes: adding a link between two spans, deleting one.

Run them with `undo_commands.push_command`; the links panel re-reads the links after each saved change.
"""

from __future__ import annotations

from annotator.domain.links import outgoing_phrase
from annotator.domain.records import LinkInfo, LinkRuleInfo
from annotator.services import Project
from annotator.services import links as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_commands import ServiceCommand


class AddLinkCommand(ServiceCommand):
    """Link one span to another (relation from the codebook unless given)."""

    def __init__(
        self,
        project: Project,
        events: ProjectEvents,
        from_annotation_id: int,
        to_annotation_id: int,
        annotator: str,
        relation: str | None = None,
    ) -> None:
        super().__init__(project, events, "Add link")
        self._args = (from_annotation_id, to_annotation_id, annotator, relation)
        self._link: LinkInfo | None = None

    @property
    def link(self) -> LinkInfo | None:
        """The link as last added or removed by this command."""
        return self._link

    def _apply(self) -> None:
        if self._link is None:
            from_id, to_id, annotator, relation = self._args
            self._link = service.add_link(self._project, from_id, to_id, annotator, relation)
            self.setText(f"Link ({outgoing_phrase(self._link.relation)})")
        else:  # the same link again: same id and UUID
            self._link = service.restore_link(self._project, self._link)

    def _revert(self) -> None:
        assert self._link is not None
        self._link = service.delete_link(self._project, self._link.id)


class DeleteLinkCommand(ServiceCommand):
    """Delete a link; undo puts it back as it was."""

    def __init__(self, project: Project, events: ProjectEvents, link_id: int) -> None:
        super().__init__(project, events, "Delete link")
        self._link_id = link_id
        self._link: LinkInfo | None = None

    @property
    def link(self) -> LinkInfo | None:
        """The link as it was when deleted."""
        return self._link

    def _apply(self) -> None:
        self._link = service.delete_link(self._project, self._link_id)
        self.setText(f"Delete link ({outgoing_phrase(self._link.relation)})")

    def _revert(self) -> None:
        assert self._link is not None
        self._link = service.restore_link(self._project, self._link)


class AddLinkRuleCommand(ServiceCommand):
    """Allow links of a relation between two labels (the codebook changes)."""

    def __init__(
        self, project: Project, events: ProjectEvents, relation: str, from_label_id: int,
        to_label_id: int,
    ) -> None:
        super().__init__(project, events, "Add link rule")
        self._args = (relation, from_label_id, to_label_id)
        self._rule: LinkRuleInfo | None = None

    def _apply(self) -> None:
        if self._rule is None:
            self._rule = service.add_link_rule(self._project, *self._args)
            self.setText(f"Allow «{self._rule.from_label}» {self._rule.relation} «{self._rule.to_label}»")
        else:
            self._rule = service.restore_link_rule(self._project, self._rule)

    def _revert(self) -> None:
        assert self._rule is not None
        self._rule = service.remove_link_rule(self._project, self._rule.id)

    def _announce(self) -> None:
        self._events.link_rules_changed.emit()


class RemoveLinkRuleCommand(ServiceCommand):
    """Stop allowing new links of a rule (links already made stay)."""

    def __init__(self, project: Project, events: ProjectEvents, rule_id: int) -> None:
        super().__init__(project, events, "Remove link rule")
        self._rule_id = rule_id
        self._rule: LinkRuleInfo | None = None

    def _apply(self) -> None:
        self._rule = service.remove_link_rule(self._project, self._rule_id)
        self.setText(f"Remove «{self._rule.from_label}» {self._rule.relation} «{self._rule.to_label}»")

    def _revert(self) -> None:
        assert self._rule is not None
        self._rule = service.restore_link_rule(self._project, self._rule)

    def _announce(self) -> None:
        self._events.link_rules_changed.emit()
