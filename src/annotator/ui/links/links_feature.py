"""Attribution links: link mode (L), links in the tag panel, tooltip and text.

With a span selected, `L` starts link mode: a click on a span of a label the codebook allows links
it (claim -> source, framing -> claim); `L` again, or Edit > Link to…, lists the candidates instead.
Esc cancels. Links are re-read after every saved change that may have changed them (a link step,
an undo putting back a linked span, a merge); a span added, relabelled or deleted is followed
without reading them again, so that labelling stays quick in a heavily linked article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QMenu

from annotator.domain.errors import AnnotatorError
from annotator.domain.links import (
    link_direction,
    one_line_quote,
    relation_words,
    rules_touching,
)
from annotator.domain.records import AnnotationInfo, LinkInfo, LinkRuleInfo
from annotator.i18n import N_, _, number
from annotator.services.links import list_link_rules, list_links
from annotator.ui.links.link_commands import AddLinkCommand, DeleteLinkCommand, outgoing_words
from annotator.ui.links.link_dialogs import LinkCandidate, LinkTargetDialog, Paragraphs, span_distance
from annotator.ui.links.link_list import LinkEntry
from annotator.ui.links.link_overlay import LinkOverlay
from annotator.ui.undo_stack import push_command
from annotator.ui.workspace.annotation_rows import END, LABEL_ID, START

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext
    from annotator.ui.review.review_commands import ReviewSignals
    from annotator.ui.workspace.document_view import DocumentView
    from annotator.ui.workspace.workspace import Workspace

#: How a link reads from its `to` end, for the relations of a new project (another relation reads
#: "<relation words> (from)"). The `from` end: `link_commands.outgoing_words`.
_INCOMING = {"attributed_to": N_("source of"), "frames": N_("framed by")}
#: What link mode asks to click, for the relations of a new project: (the `from` span is selected,
#: the `to` span is selected); any other relation reads its own words in the generic sentences.
_PROMPTS = {
    "attributed_to": (N_("Click the {to_label} this {from_label} is attributed to"),
                      N_("Click the {from_label} that is attributed to this {to_label}")),
    "frames": (N_("Click the {to_label} this {from_label} frames"),
               N_("Click the {from_label} that frames this {to_label}")),
}


def quote(text: str, limit: int = 60) -> str:
    """A span's text on one line, clipped, in guillemets as the language writes them."""
    return _("«{text}»").format(text=one_line_quote(text, limit)[1:-1])  # without domain's « »


def candidate_place(paragraphs: Paragraphs, ann: AnnotationInfo) -> str:
    """A span in its context with its position, e.g. `…the minister said «OTAN» would act ·
    paragraph 3, character 412`: what tells apart spans of the same text."""
    before, after = paragraphs.context(ann.start, ann.end)
    in_context = before + quote(paragraphs.text[ann.start : ann.end], 40) + after
    return _("{context} · paragraph {paragraph}, character {offset}").format(
        context=in_context, paragraph=number(paragraphs.number(ann.start)), offset=number(ann.start))


def incoming_words(relation: str) -> str:
    """How a link reads from its `to` end: "source of", "framed by", "cites (from)"."""
    known = _INCOMING.get(relation)
    if known is not None:
        return _(known)
    return _("{relation} (from)").format(relation=relation_words(relation))


def link_text(link: LinkInfo, annotation_id: int, quote_of: dict[int, str]) -> str | None:
    """How a link reads from one of its spans: "→ attributed to «…»" or "← source of «…»".

    `quote_of` gives the quoted text of the spans known here; None when the other end is unknown.
    """
    if link.from_annotation_id == annotation_id:
        other = quote_of.get(link.to_annotation_id)
        return None if other is None else f"→ {outgoing_words(link.relation)} {other}"
    if link.to_annotation_id == annotation_id:
        other = quote_of.get(link.from_annotation_id)
        return None if other is None else f"← {incoming_words(link.relation)} {other}"
    return None


def prompt_text(rule: LinkRuleInfo, from_selected: bool) -> str:
    """What to click next when the span at one end of `rule` is selected (link mode)."""
    known = _PROMPTS.get(rule.relation)
    if known is not None:
        wording = _(known[0] if from_selected else known[1])
    elif from_selected:
        wording = _("Click the {to_label} this {from_label} {relation}")
    else:
        wording = _("Click the {from_label} that {relation} this {to_label}")
    return wording.format(from_label=rule.from_label, to_label=rule.to_label,
                          relation=relation_words(rule.relation))


def cancellable(message: str) -> str:
    """A link-mode message, with how to leave link mode."""
    return _("{message} (Esc to cancel)").format(message=message)


class _Quotes(dict):
    """«Text» of each span a link line asks for (by annotation id), made when first asked for;
    None for a span not in the document shown."""

    def __init__(self, workspace: Workspace, view: DocumentView) -> None:
        super().__init__()
        self._workspace = workspace
        self._view = view

    def get(self, annotation_id: int, default: str | None = None) -> str | None:
        found = super().get(annotation_id)
        if found is None:
            row = self._workspace.annotation_row(annotation_id)
            if row is None:
                return default
            found = self[annotation_id] = quote(self._view.stored_text[row[START] : row[END]])
        return found


class LinksFeature(QObject):
    """Link mode, and the links of the shown document in the tag panel, tooltips and text."""

    def __init__(self, context: FeatureContext, review_signals: ReviewSignals | None = None) -> None:
        super().__init__(context.parent)
        self._context = context
        self._workspace = context.workspace
        self._view = context.document_view
        self._table = context.tag_panel.table
        self._panel = context.tag_panel.links
        self.overlay = LinkOverlay(self._view)
        self._rules: list[LinkRuleInfo] = []
        self._links: list[LinkInfo] = []
        self._links_of: dict[int, list[LinkInfo]] = {}  # annotation id -> its links, oldest first
        self._quotes = _Quotes(self._workspace, self._view)  # annotation id -> «its text»
        self._origin: AnnotationInfo | None = None
        self._prompt = ""
        # What the step being saved did to the links: "kept" (nothing, or followed here),
        # "stale" (they must be read again), "" (unknown: read again).
        self._step = ""
        self._linked_gone: set[str] = set()  # UUIDs of linked spans deleted (an undo may restore them)

        self.link_action = self._add_action(_("&Link selected span"), self.link_key, "L")
        self.link_action.setStatusTip(
            _("Link the selected span: a claim to its source, a framing to its claim"))
        self.pick_action = self._add_action(_("Link &to…"), lambda: self.pick_target())
        self.pick_action.setStatusTip(_("Choose the span to link the selected one with from a list"))
        context.add_edit_actions([self.link_action, self.pick_action])
        # L gives way to combo boxes and cell editors like every one-key shortcut; Esc ends link
        # mode wherever the focus is, before any other Esc shortcut (the find bar's) sees it.
        context.shortcut_guard.escape_enders.append(self._cancel_on_escape)

        events = context.events
        events.annotations_added.connect(self._on_events_annotations_added)
        events.annotations_removed.connect(self._on_events_annotations_removed)
        events.annotations_updated.connect(self._on_events_annotations_updated)
        events.saved.connect(self._on_events_saved)
        events.refused.connect(self._on_events_refused)
        events.failed.connect(self._on_events_refused)
        if review_signals is not None:  # a verdict never changes a link
            review_signals.reviews_changed.connect(self._on_reviews_changed)
        events.labels_changed.connect(self.reload_rules)
        events.link_rules_changed.connect(self.reload_rules)
        events.contents_changed.connect(self.reload_rules)
        self._workspace.document_shown.connect(self._on_workspace_document_shown)
        layers_changed = getattr(self._workspace, "layers_changed", None)
        if layers_changed is not None:
            layers_changed.connect(self.refresh)
        self._workspace.label_colours_changed.connect(self._show_links)  # the safe palette
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._panel.delete_requested.connect(self.delete_link)
        self._panel.jump_requested.connect(self._on_panel_jump_requested)
        self._view.viewport().installEventFilter(self)
        self._workspace.context_menu_extras.append(self.add_menu_entries)
        self._workspace.tooltip_lines.append(self._tooltip_lines)
        self.reload_rules()

    def _add_action(self, text: str, slot: Callable[[], None], shortcut: str | None = None) -> QAction:
        action = QAction(text, self._context.parent)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self._context.add_action(action)
        return action

    # ----- reading ----------------------------------------------------------------------------

    @property
    def links(self) -> list[LinkInfo]:
        """The links of the document shown."""
        return list(self._links)

    @property
    def linking(self) -> bool:
        """True while link mode waits for a click."""
        return self._origin is not None

    def reload_rules(self) -> None:
        """Re-read the codebook's link rules, then the links."""
        try:
            self._rules = list_link_rules(self._context.project)
        except AnnotatorError as exc:
            self._context.events.report(exc)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the links of the shown document and show them everywhere."""
        doc = self._workspace.document
        try:
            self._links = list_links(self._context.project, doc.id) if doc is not None else []
        except AnnotatorError as exc:
            self._context.events.report(exc)
            self._links = []
        self._show_links()

    def _show_links(self) -> None:
        """Show the links known: dots and arcs now, their lines (tooltips, panel) when asked for.

        Only linked spans are looked at, never every span of the document.
        """
        row_of = self._workspace.annotation_row
        self._quotes = _Quotes(self._workspace, self._view)
        self._links_of = {}
        for link in self._links:
            for end in (link.from_annotation_id, link.to_annotation_id):
                self._links_of.setdefault(end, []).append(link)
        linked = {i: a for i in self._links_of if (a := row_of(i)) is not None}
        shown = {i: a for i, a in linked.items() if self._workspace.is_shown(i)}
        colors = {lab.id: lab.color for lab in self._workspace.shown_labels}
        self.overlay.set_links(
            self._links,
            {i: (a[START], a[END]) for i, a in shown.items()},
            {i: colors.get(a[LABEL_ID], "#9e9e9e") for i, a in shown.items()},
            self._selected_id(),
        )
        self._show_selected()

    # ----- following the saved steps ----------------------------------------------------------

    def _on_events_annotations_added(self, added: tuple[AnnotationInfo, ...]) -> None:
        # A new span has no link; one put back by an undo may have its links back.
        if any(a.uuid in self._linked_gone for a in added):
            self._step = "stale"
        elif not self._step:
            self._step = "kept"

    def _on_events_annotations_removed(self, removed: tuple[AnnotationInfo, ...]) -> None:
        # A deleted span takes its links with it; the other links stay as they are.
        gone = {a.id: a for a in removed}
        kept = [k for k in self._links
                if k.from_annotation_id not in gone and k.to_annotation_id not in gone]
        if len(kept) != len(self._links):
            ends = {i for k in self._links for i in (k.from_annotation_id, k.to_annotation_id)}
            self._linked_gone.update(a.uuid for i, a in gone.items() if i in ends)
            self._links = kept
            self._show_links()
        if not self._step:
            self._step = "kept"

    def _on_events_annotations_updated(self, updated: tuple[AnnotationInfo, ...]) -> None:
        # A relabel or a note keeps the links; a linked span's colour may change.
        linked = [a for a in updated if a.id in self._links_of]
        if any(self._workspace.is_shown(a.id) and self.overlay.span_of(a.id) != (a.start, a.end)
               for a in linked):
            self._show_links()
        elif linked:
            colors = {lab.id: lab.color for lab in self._workspace.shown_labels}
            self.overlay.recolor({a.id: colors.get(a.label_id, "#9e9e9e") for a in linked})
            self._show_selected()
        if not self._step:
            self._step = "kept"

    def _on_reviews_changed(self, _ids: object) -> None:
        if not self._step:
            self._step = "kept"

    def _on_events_saved(self) -> None:
        step, self._step = self._step, ""
        if step != "kept":
            self.refresh()

    def _on_events_refused(self, _message: str) -> None:
        self._step = ""

    def _tooltip_lines(self, ann: AnnotationInfo) -> list[str]:
        lines = (link_text(link, ann.id, self._quotes) for link in self._links_of.get(ann.id, ()))
        return [line for line in lines if line is not None]

    def _selected_id(self) -> int | None:
        ids = self._table.selected_annotation_ids()
        return ids[0] if len(ids) == 1 else None

    def selected_annotation(self) -> AnnotationInfo | None:
        """The one span selected in the table, if exactly one is."""
        selected = self._selected_id()
        return None if selected is None else self._workspace.annotation(selected)

    def _show_selected(self) -> None:
        # Rows, not records: following the selection reads nothing from the project file.
        selected = self._selected_id()
        row = None if selected is None else self._workspace.annotation_row(selected)
        self.overlay.set_selected(None if row is None else selected)
        if row is None:
            self._panel.set_links((), _("Select a span to see its links"))
            return
        labels = {lab.id: lab for lab in self._workspace.shown_labels}
        entries = []
        for link in self._links_of.get(selected, ()):
            line = link_text(link, selected, self._quotes)
            if line is None:
                continue
            other_id = (link.to_annotation_id if link.from_annotation_id == selected
                        else link.from_annotation_id)
            other = self._workspace.annotation_row(other_id)
            label = labels.get(other[LABEL_ID]) if other is not None else None
            entries.append(LinkEntry(line, link.id, other_id, label.color if label else "#9e9e9e"))
        hint = ""
        if not entries:
            label = labels.get(row[LABEL_ID])
            name = label.name if label is not None else ""
            hint = (_("No links yet: press L to link this {label}").format(label=name)
                    if rules_touching(self._rules, row[LABEL_ID])
                    else _("The codebook allows no links for «{label}» spans").format(label=name))
        self._panel.set_links(entries, hint)

    # ----- link mode ----------------------------------------------------------------------------

    def link_key(self) -> None:
        """`L`: start link mode; in link mode, choose the span from a list instead."""
        if self._origin is not None:
            self.pick_target()
        else:
            self.start()

    def start(self) -> bool:
        """Wait for a click on the span to link the selected one with; False if there is no way to."""
        origin = self.selected_annotation()
        if origin is None:
            self._post(_("Select one span (click its highlight), then press L to link it"))
            return False
        rules = rules_touching(self._rules, origin.label_id)
        if not rules:
            self._post(_("The codebook allows no links for «{label}» spans (Edit > Codebook…)").format(
                label=origin.label))
            return False
        self._origin = origin
        self._view.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self._say(cancellable(prompt_text(rules[0], rules[0].from_label_id == origin.label_id)))
        return True

    def cancel(self) -> None:
        """Leave link mode without linking."""
        if self._origin is not None:
            self._end()
            self._post(_("Linking cancelled"))

    def _cancel_on_escape(self) -> bool:
        if self._origin is None:
            return False
        self.cancel()
        return True

    def _end(self) -> None:
        self._origin = None
        self._view.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self._context.clear_message(self._prompt)
        self._prompt = ""

    def _say(self, message: str) -> None:
        """A message that stays while link mode lasts."""
        self._prompt = message
        self._context.show_message(message, 0)

    def _post(self, message: str) -> None:
        self._context.show_message(message, 6000)

    def candidates(self, origin: AnnotationInfo) -> list[LinkCandidate]:
        """Shown spans the codebook lets `origin` be linked with (not linked yet), nearest first."""
        existing = {(k.from_annotation_id, k.to_annotation_id, k.relation) for k in self._links}
        colors = {lab.id: lab.color for lab in self._workspace.shown_labels}
        text = self._view.stored_text
        paragraphs = Paragraphs(text)
        found = []
        for ann in self._context.tag_panel.model.annotations():
            direction = None if ann.id == origin.id else link_direction(
                self._rules, origin.label_id, ann.label_id
            )
            if direction is None:
                continue
            rule, outgoing = direction
            key = (origin.id, ann.id) if outgoing else (ann.id, origin.id)
            if (*key, rule.relation) in existing:
                continue
            phrase = outgoing_words(rule.relation) if outgoing else incoming_words(rule.relation)
            shown = _("{relation} {quote}  · {label}, {annotator}").format(
                relation=phrase, quote=quote(text[ann.start : ann.end]), label=ann.label,
                annotator=ann.annotator)
            found.append(LinkCandidate(ann, rule, outgoing, shown, colors.get(ann.label_id, "#9e9e9e"),
                                       candidate_place(paragraphs, ann)))
        return sorted(found, key=lambda c: (span_distance(origin, c.annotation), c.annotation.start))

    def add_menu_entries(self, menu: QMenu, ann: AnnotationInfo) -> None:
        """Add "Link to…" to a highlight's right-click menu (greyed when no rule allows one)."""
        action = menu.addAction(_("Link to…"), lambda: self.pick_target(ann))
        action.setObjectName("linkToMenuAction")
        if not rules_touching(self._rules, ann.label_id):
            action.setEnabled(False)
            action.setText(_("Link to… (no links for «{label}»)").format(label=ann.label))

    def pick_target(self, origin: AnnotationInfo | None = None) -> None:
        """Choose the span to link `origin` (default: the selected one) with from a list."""
        origin = origin or self._origin or self.selected_annotation()
        if origin is None:
            self._post(_("Select one span (click its highlight), then choose Link to…"))
            return
        options = self.candidates(origin)
        if self._origin is not None:
            self._end()
        if not options:
            self._post(_("No span in this document can be linked with this «{label}»").format(
                label=origin.label))
            return
        prompt = _("Link the {label} {quote} with:").format(
            label=origin.label, quote=quote(self._view.stored_text[origin.start : origin.end]))
        chosen = LinkTargetDialog.ask(self._context.parent, prompt, options)
        if chosen is not None:
            self._link(origin, chosen.annotation, chosen.rule, chosen.selected_is_from)

    def _link(
        self, origin: AnnotationInfo, other: AnnotationInfo, rule: LinkRuleInfo, origin_is_from: bool
    ) -> bool:
        from_ann, to_ann = (origin, other) if origin_is_from else (other, origin)
        command = AddLinkCommand(
            self._context.project, self._context.events, from_ann.id, to_ann.id,
            self._workspace.annotator, rule.relation,
        )
        if not push_command(self._context.undo_stack, command):
            return False
        text = self._view.stored_text
        self._post(_("Linked: {source} {relation} {target}").format(
            source=quote(text[from_ann.start : from_ann.end], 40), relation=outgoing_words(rule.relation),
            target=quote(text[to_ann.start : to_ann.end], 40)))
        return True

    def link_clicked_point(self, pos: QPointF) -> bool:
        """In link mode, link with the span clicked at viewport point `pos`; True if linked."""
        origin = self._origin
        if origin is None:
            return False
        spans = [s for s in reversed(self._view.spans_at_point(pos)) if s.annotation_id != origin.id]
        if not spans:
            self._say(cancellable(_("Click a highlighted span to link with")))
            return False
        for span in spans:  # topmost first
            other = self._workspace.annotation(span.annotation_id)
            direction = None if other is None else link_direction(
                self._rules, origin.label_id, other.label_id
            )
            if other is not None and direction is not None:
                self._end()
                return self._link(origin, other, *direction)
        clicked = self._workspace.annotation(spans[0].annotation_id)
        partners = sorted({
            r.to_label if r.from_label_id == origin.label_id else r.from_label
            for r in rules_touching(self._rules, origin.label_id)
        })
        allowed = ""
        for name in partners:
            named = _("«{text}»").format(text=name)
            allowed = _("{first} or {second}").format(first=allowed, second=named) if allowed else named
        what = (_("a «{label}»").format(label=clicked.label) if clicked is not None
                else _("that span"))
        self._say(cancellable(_("A «{label}» can be linked with {allowed}, not {what}").format(
            label=origin.label, allowed=allowed, what=what)))
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """In link mode, a click on the article picks the span to link with (no text selection)."""
        if self._origin is None or not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.link_clicked_point(event.position())
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return event.button() == Qt.MouseButton.LeftButton
        return kind == QEvent.Type.MouseMove and bool(event.buttons())

    # ----- changes ------------------------------------------------------------------------------

    def delete_link(self, link_id: int) -> bool:
        """Delete a link (undoable)."""
        command = DeleteLinkCommand(self._context.project, self._context.events, link_id)
        if push_command(self._context.undo_stack, command):
            self._post(_("Link deleted"))
            return True
        return False

    def _on_workspace_document_shown(self, _document_id: int) -> None:
        if self._origin is not None:
            self._end()
        self.refresh()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._show_selected()

    def _on_panel_jump_requested(self, annotation_id: int) -> None:
        if not self._table.select_annotation(annotation_id):
            self._post(_("The linked span is hidden (another annotator's layer)"))

