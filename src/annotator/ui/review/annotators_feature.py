"""View > Annotators (show or hide each annotator) and compare mode for two annotators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from annotator import settings as S
from annotator.domain.errors import AnnotatorError
from annotator.i18n import _
from annotator.services.project import project_summary

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext
    from annotator.ui.review.compare_panel import ComparePanel

NEXT_DIFFERENCE_KEY = "F8"
PREVIOUS_DIFFERENCE_KEY = "Shift+F8"
COMPARE_SHARE = 0.25
"""Height of the compare panel when first opened, as a share of the window."""
COMPARE_MAX_SHARE = 0.4


class AnnotatorsFeature(QObject):
    """Owns the Annotators submenu, the hidden-annotator setting and the compare dock."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.setObjectName("annotatorsFeature")
        self._context = context
        self._settings_key = S.hidden_annotators_key(context.project.target)

        view_menu = context.menu("viewMenu")
        view_menu.addSeparator()
        self.annotators_menu = QMenu(_("&Annotators"), view_menu)
        self.annotators_menu.setObjectName("annotatorsMenu")
        self.annotators_menu.aboutToShow.connect(self._fill_annotators_menu)
        view_menu.addMenu(self.annotators_menu)

        self._panel: ComparePanel | None = None  # made when the dock first shows (see panel)
        self.dock = QDockWidget(_("Compare annotators"), context.parent)
        self.dock.setObjectName("compareDock")
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        context.add_dock(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.compare_action = self.dock.toggleViewAction()
        self.compare_action.setText(_("&Compare annotators"))
        self.compare_action.setStatusTip(_("List where two annotators differ on this document"))
        self.next_action = self._key_action(_("&Next difference"), NEXT_DIFFERENCE_KEY, +1)
        self.previous_action = self._key_action(_("&Previous difference"), PREVIOUS_DIFFERENCE_KEY, -1)
        review_menu = context.menu("reviewMenu")
        review_menu.addSeparator()
        for action in (self.compare_action, self.next_action, self.previous_action):
            review_menu.addAction(action)

        workspace = context.workspace
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        workspace.document_shown.connect(self.refresh_comparison)
        workspace.layers_changed.connect(self.refresh_comparison)
        workspace.label_colours_changed.connect(self.refresh_comparison)  # the safe palette
        for signal in (
            context.events.annotations_added,
            context.events.annotations_removed,
            context.events.annotations_updated,
            context.events.labels_changed,
            context.events.contents_changed,
        ):
            signal.connect(self.refresh_comparison)
        workspace.set_hidden_annotators(self._remembered_hidden())

    def _key_action(self, text: str, key: str, direction: int) -> QAction:
        action = QAction(text, self._context.parent)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: self.step(direction))
        self._context.add_action(action)
        return action

    # ----- which annotators are shown ---------------------------------------------------------

    def annotator_names(self) -> list[str]:
        """Everyone with annotations in the project, the current annotator and the hidden ones."""
        workspace = self._context.workspace
        names = {workspace.annotator, *workspace.hidden_annotators}
        names.update(a.annotator for a in workspace.annotations)
        try:
            names.update(project_summary(self._context.project).per_annotator)
        except AnnotatorError as exc:
            self._context.events.report(exc)
        return sorted(names, key=str.casefold)

    def set_annotator_shown(self, name: str, shown: bool) -> None:
        """Show or hide one annotator's spans (remembered for this project)."""
        hidden = set(self._context.workspace.hidden_annotators)
        if shown:
            hidden.discard(name)
        else:
            hidden.add(name)
        self._apply_hidden(hidden)
        wording = _("Showing {name}'s annotations") if shown else _("Hiding {name}'s annotations")
        self._show_message(wording.format(name=name))

    def show_all(self) -> None:
        """Show every annotator's spans again."""
        self._apply_hidden(set())
        self._show_message(_("Showing every annotator's annotations"))

    def _apply_hidden(self, hidden: set[str]) -> None:
        self._context.workspace.set_hidden_annotators(hidden)
        self._context.settings.setValue(self._settings_key, sorted(hidden))

    def _remembered_hidden(self) -> list[str]:
        value = self._context.settings.value(self._settings_key, []) or []
        if isinstance(value, str):
            value = [value]
        return [str(name) for name in value if name]

    def _fill_annotators_menu(self) -> None:
        menu = self.annotators_menu
        menu.clear()
        workspace = self._context.workspace
        hidden = workspace.hidden_annotators
        for name in self.annotator_names():
            own = name == workspace.annotator
            action = menu.addAction(_("{name} (you)").format(name=name) if own else name)
            action.setCheckable(True)
            action.setChecked(own or name not in hidden)
            if own:
                action.setEnabled(False)  # your own layer is always shown
                action.setStatusTip(_("Your own annotations are always shown (filled)"))
            else:
                action.setStatusTip(
                    _("Show or hide {name}'s annotations (drawn underlined)").format(name=name))
                action.toggled.connect(lambda on, n=name: self.set_annotator_shown(n, on))
        menu.addSeparator()
        show_all = menu.addAction(_("Show &all"), self.show_all)
        show_all.setEnabled(bool(hidden - {workspace.annotator}))

    # ----- compare mode -----------------------------------------------------------------------

    @property
    def panel(self) -> ComparePanel:
        """The compare panel in the dock, made the first time it is needed: the window opens
        without building what it does not show."""
        if self._panel is None:
            from annotator.ui.review.compare_panel import ComparePanel

            self._panel = panel = ComparePanel()
            panel.difference_chosen.connect(self._on_panel_difference_chosen)
            panel.message_posted.connect(self._show_message)
            self.dock.setWidget(panel)
        return self._panel

    def refresh_comparison(self, *_args: object) -> None:
        """Compare again on the current document (only while the panel is open)."""
        if self.dock.isHidden():
            return
        workspace = self._context.workspace
        self.panel.set_labels(workspace.shown_labels)
        text = self._context.document_view.stored_text if workspace.document else ""
        self.panel.set_document(text, workspace.annotations, workspace.annotator)

    def step(self, direction: int) -> bool:
        """Go to the next (+1) or previous (-1) difference, opening the compare panel if needed."""
        if self.dock.isHidden():
            self.dock.show()
            self.refresh_comparison()
        if direction > 0:
            return self.panel.next_difference()
        return self.panel.previous_difference()

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.panel  # noqa: B018 (made now, before its height is set)
            window_height = self._context.parent.height()
            if self.dock.height() > window_height * COMPARE_MAX_SHARE:
                height = int(window_height * COMPARE_SHARE)
                self._context.resize_docks([self.dock], [height], Qt.Orientation.Vertical)
            self.refresh_comparison()

    def _on_panel_difference_chosen(self, start: int, end: int) -> None:
        view = self._context.document_view
        view.select_range(start, end)
        view.scroll_to_span(start, end)

    def _show_message(self, message: str) -> None:
        self._context.show_message(message, 5000)

