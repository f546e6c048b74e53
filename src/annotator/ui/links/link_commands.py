"""Undoable link changes: adding a link between two spans, deleting one; the codebook's link rules.

Run them with `undo_commands.push_command`; the links panel re-reads the links after each saved change.
A link step keeps the link's UUID and those of its two spans, a rule step the rule's relation and
label names: undo and redo never act on a row that merely has the id the step once saw.
"""

from __future__ import annotations

from annotator.domain.links import outgoing_phrase
from annotator.domain.records import LinkInfo, LinkRuleInfo, LinkSnapshot
from annotator.i18n import N_, _
from annotator.services import Project
from annotator.services import links as service
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import ServiceCommand

#: How a link reads from its `from` end, for the relations of a new project, in the reader's
#: language (the `to` end: `links_feature._INCOMING`); any other relation reads its own words.
_OUTGOING = {"attributed_to": N_("attributed to"), "frames": N_("frames")}


def outgoing_words(relation: str) -> str:
    """How a link reads from its `from` end: "attributed to", "frames", "cites"."""
    known = _OUTGOING.get(relation)
    return _(known) if known is not None else outgoing_phrase(relation)


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
        super().__init__(project, events, _("Add link"))
        self._args = (from_annotation_id, to_annotation_id, annotator, relation)
        self._snapshot: LinkSnapshot | None = None

    @property
    def link(self) -> LinkInfo | None:
        """The link as last added or removed by this command."""
        return self._snapshot.link if self._snapshot is not None else None

    def _apply(self) -> None:
        if self._snapshot is None:
            from_id, to_id, annotator, relation = self._args
            self._snapshot = service.add_link_with_ends(
                self._project, from_id, to_id, annotator, relation
            )
            relation = outgoing_words(self._snapshot.link.relation)
            self.setText(_("Link ({relation})").format(relation=relation))
        else:  # the same link again (same UUID) between the same spans, found by UUID
            self._snapshot = service.restore_link_snapshot(self._project, self._snapshot)

    def _revert(self) -> None:
        assert self._snapshot is not None
        self._snapshot = service.delete_link_snapshot(self._project, self._snapshot)


class DeleteLinkCommand(ServiceCommand):
    """Delete a link; undo puts it back as it was."""

    def __init__(self, project: Project, events: ProjectEvents, link_id: int) -> None:
        super().__init__(project, events, _("Delete link"))
        self._link_id = link_id
        self._snapshot: LinkSnapshot | None = None

    @property
    def link(self) -> LinkInfo | None:
        """The link as it was when deleted."""
        return self._snapshot.link if self._snapshot is not None else None

    def _first(self) -> None:
        self._snapshot = service.delete_link_with_ends(self._project, self._link_id)
        relation = outgoing_words(self._snapshot.link.relation)
        self.setText(_("Delete link ({relation})").format(relation=relation))

    def _apply(self) -> None:
        assert self._snapshot is not None
        self._snapshot = service.delete_link_snapshot(self._project, self._snapshot)

    def _revert(self) -> None:
        assert self._snapshot is not None
        self._snapshot = service.restore_link_snapshot(self._project, self._snapshot)


class AddLinkRuleCommand(ServiceCommand):
    """Allow links of a relation between two labels (the codebook changes)."""

    def __init__(
        self, project: Project, events: ProjectEvents, relation: str, from_label_id: int,
        to_label_id: int,
    ) -> None:
        super().__init__(project, events, _("Add link rule"))
        self._args = (relation, from_label_id, to_label_id)
        self._rule: LinkRuleInfo | None = None

    def _apply(self) -> None:
        if self._rule is None:
            self._rule = service.add_link_rule(self._project, *self._args)
            self.setText(_("Allow «{from_label}» {relation} «{to_label}»").format(
                from_label=self._rule.from_label, relation=self._rule.relation, to_label=self._rule.to_label))
        else:
            self._rule = service.restore_link_rule(self._project, self._rule)

    def _revert(self) -> None:
        assert self._rule is not None
        self._rule = service.remove_link_rule_snapshot(self._project, self._rule)

    def _announce(self) -> None:
        self._events.link_rules_changed.emit()


class RemoveLinkRuleCommand(ServiceCommand):
    """Stop allowing new links of a rule (links already made stay)."""

    def __init__(self, project: Project, events: ProjectEvents, rule_id: int) -> None:
        super().__init__(project, events, _("Remove link rule"))
        self._rule_id = rule_id
        self._rule: LinkRuleInfo | None = None

    def _first(self) -> None:
        self._rule = service.remove_link_rule(self._project, self._rule_id)
        self.setText(_("Remove «{from_label}» {relation} «{to_label}»").format(
            from_label=self._rule.from_label, relation=self._rule.relation, to_label=self._rule.to_label))

    def _apply(self) -> None:
        assert self._rule is not None
        self._rule = service.remove_link_rule_snapshot(self._project, self._rule)

    def _revert(self) -> None:
        assert self._rule is not None
        self._rule = service.restore_link_rule(self._project, self._rule)

    def _announce(self) -> None:
        self._events.link_rules_changed.emit()
